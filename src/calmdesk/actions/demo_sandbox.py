"""Connecting the demo desk to its sandbox platform, and letting a demo customer answer.

Why through the ordinary doors: the sandbox's token goes into the encrypted `secrets` table
under each channel's credential names, and the sandbox's address into each channel's
`base_url` and `post_url_template`, exactly where a real platform's credentials and a
self-hosted instance's address go. The outbox sender and the poller then need no demo switch:
they build the same connector they would for a real account (`queries.channels.build_connector`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.channels import do_configure_channel
from calmdesk.actions.demo import SEEDS
from calmdesk.actions.secrets import do_set_secret
from calmdesk.channels import REGISTRY
from calmdesk.demo.sandbox import MAIL, PLATFORMS, channel_base_url, inbox_url, post_page_template, x_user_id
from calmdesk.queries.channels import build_connector, secret_name
from calmdesk.storage.tables import Brand, Channel

#: How often a sandbox channel is polled (the embedded worker's poll tick is 30 s as well).
POLL_INTERVAL_S = 30


@dataclass(frozen=True)
class SandboxChannel:
    channel_id: int
    brand: str
    platform: str
    handle: str


def do_connect_sandbox(
    session: Session, url: str, token: str, mail_ports: Mapping[str, tuple[int, int]] | None = None
) -> list[SandboxChannel]:
    """Point every demo channel the sandbox speaks for at it; returns the channels connected.

    Run at each demo start: the sandbox's port and token are new each time, and this writes
    both over the previous run's. An e-mail channel is connected when `mail_ports` holds its
    address (the sandbox's IMAP and SMTP ports for it). Channels the sandbox has no API for
    (review sites) are left as they are: not connected, which `calmdesk channels status` says.
    """
    keys = [seed.key for seed in SEEDS]
    rows = session.execute(
        select(Channel, Brand.key)
        .join(Brand, Brand.id == Channel.brand_id)
        .where(Brand.key.in_(keys), Channel.platform.in_((*PLATFORMS, MAIL)))
        .order_by(Channel.id)
    ).all()
    out = []
    for channel, brand_key in rows:
        cls = REGISTRY.get(channel.platform)
        if cls is None:
            continue
        handle = channel.handle.lstrip("@")
        if channel.platform == MAIL:
            ports = (mail_ports or {}).get(handle.lower())
            if ports is None:
                continue
            settings_mail: dict[str, object] = {
                "imap_host": "127.0.0.1",
                "imap_port": ports[0],
                "imap_security": "none",
                "smtp_host": "127.0.0.1",
                "smtp_port": ports[1],
                "smtp_security": "none",
                "post_url_template": post_page_template(url, MAIL),
                "message_url_template": inbox_url(url, MAIL, "{recipient}").replace(
                    "%7Brecipient%7D", "{recipient}"
                ),
                "poll_interval_s": POLL_INTERVAL_S,
                "sandbox": url,
            }
            do_configure_channel(session, channel.id, **settings_mail)
            channel.next_poll_at = None
            do_set_secret(session, secret_name(MAIL, handle, "password"), token)
            out.append(SandboxChannel(channel.id, brand_key, channel.platform, handle))
            continue
        settings: dict[str, object] = {
            "base_url": channel_base_url(url, channel.platform, handle),
            "post_url_template": post_page_template(url, channel.platform),
            "message_url_template": inbox_url(url, channel.platform, "{recipient}").replace(
                "%7Brecipient%7D", "{recipient}"
            ),
            "poll_interval_s": POLL_INTERVAL_S,
            "sandbox": url,
        }
        if channel.platform == "x":
            settings["user_id"] = x_user_id(handle)
        if channel.platform == "bluesky":
            settings["allow_dms"] = True  # the sandbox's chat service takes messages
        if channel.platform in ("facebook", "instagram"):
            settings["account_id"] = handle
        do_configure_channel(session, channel.id, **settings)
        # connected now: the next poll is due at once, whatever an earlier run's back-off said
        channel.next_poll_at = None
        for name in cls.credential_names:
            do_set_secret(session, secret_name(channel.platform, handle, name), token)
        out.append(SandboxChannel(channel.id, brand_key, channel.platform, handle))
    session.flush()
    return out


def poll_sandbox_channel(factory: sessionmaker[Session], platform: str, handle: str) -> int:
    """Poll one channel now (a demo customer just answered on it); returns how many items came in.

    The same poll the worker runs on its tick: the connector fetches, ingest stores and triages.
    """
    from calmdesk.workers.polling import poll_channel

    with factory() as session:
        channel_id = session.scalar(
            select(Channel.id).where(Channel.platform == platform, Channel.handle == handle.lstrip("@"))
        )
    if channel_id is None:
        return 0
    outcome = poll_channel(factory, channel_id, build_connector, datetime.now(UTC))
    if outcome.error:
        raise RuntimeError(f"{platform} @{handle}: {outcome.error}")
    return outcome.created
