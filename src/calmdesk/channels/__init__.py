"""Channels: one folder per platform, and the one registry that names them.

Each platform lives in `channels/<platform>/`: its parser (raw payload -> `MentionIn`),
its connector (the platform's HTTP API behind `BaseConnector`, with the capabilities it
declares) and, where the platform signs its webhooks, the signature check. Shared pieces
sit in `channels/_common/` (payload helpers, the connector base, HTTP and rate limits,
cursors, signatures) and `channels/_meta/` (the Graph API that Facebook and Instagram share).

`PLATFORMS` below is the single table of what calmdesk can talk to: the parser and the
connector of each platform. `parse_payload(platform, body)` is the single entry point the CLI,
the web endpoints, the workers and the connectors use, so a payload is read the same way
whichever door it came through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from calmdesk.channels._common.connector import ALL_CAPABILITIES, BaseConnector
from calmdesk.channels._common.payload import Payload, PayloadError
from calmdesk.channels._meta.connector import FacebookConnector, InstagramConnector
from calmdesk.channels.bluesky import parser as bluesky
from calmdesk.channels.bluesky.connector import BlueskyConnector
from calmdesk.channels.email import parser as email
from calmdesk.channels.email.connector import EmailConnector
from calmdesk.channels.facebook import parser as facebook
from calmdesk.channels.instagram import parser as instagram
from calmdesk.channels.mastodon import parser as mastodon
from calmdesk.channels.mastodon.connector import MastodonConnector
from calmdesk.channels.reddit import parser as reddit
from calmdesk.channels.reddit.connector import RedditConnector
from calmdesk.channels.webhook import parser as webhook
from calmdesk.channels.x import parser as x
from calmdesk.channels.x.connector import XConnector
from calmdesk.domain.mentions import MentionIn

Parser = Callable[..., list[MentionIn]]


@dataclass(frozen=True)
class Platform:
    """One platform calmdesk reads (its parser) and, where it has an API, talks to (its connector)."""

    name: str
    parse: Parser
    #: None: inbound only (the generic signed webhook has no API to call).
    connector: type[BaseConnector] | None = None
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.connector is not None:
            unknown = self.connector.capabilities - ALL_CAPABILITIES
            if unknown:
                raise ValueError(f"{self.connector.__name__}: unknown capabilities {sorted(unknown)}")
            if self.connector.platform != self.name:
                raise ValueError(f"{self.connector.__name__} is for {self.connector.platform!r}, not {self.name!r}")


#: The registry: every platform, its parser and its connector.
PLATFORM_TABLE: dict[str, Platform] = {
    p.name: p
    for p in (
        Platform("x", x.parse, XConnector, aliases=("twitter",)),
        Platform("facebook", facebook.parse, FacebookConnector, aliases=("fb",)),
        Platform("instagram", instagram.parse, InstagramConnector, aliases=("ig",)),
        Platform("mastodon", mastodon.parse, MastodonConnector),
        Platform("bluesky", bluesky.parse, BlueskyConnector, aliases=("bsky",)),
        Platform("reddit", reddit.parse, RedditConnector),
        Platform("email", email.parse, EmailConnector),
        Platform("webhook", webhook.parse, aliases=("generic",)),
    )
}
#: Platform name -> parser. `twitter` is accepted as another name for `x`.
PARSERS: dict[str, Parser] = {name: p.parse for name, p in PLATFORM_TABLE.items()}
#: Platform name -> connector class, for the platforms with an API.
REGISTRY: dict[str, type[BaseConnector]] = {
    name: p.connector for name, p in PLATFORM_TABLE.items() if p.connector is not None
}
ALIASES = {alias: p.name for p in PLATFORM_TABLE.values() for alias in p.aliases}
PLATFORMS = tuple(PLATFORM_TABLE)


def parse_payload(platform: str, payload: Payload, *, brand_handle: str | None = None) -> list[MentionIn]:
    """Parse one body for `platform`. Raises `PayloadError` for anything it cannot read."""
    name = ALIASES.get(platform, platform)
    parser = PARSERS.get(name)
    if parser is None:
        raise PayloadError(platform, "", f"unknown platform (known: {', '.join(PLATFORMS)})")
    try:
        return parser(payload, brand_handle=brand_handle)
    except PayloadError:
        raise
    except RecursionError as exc:
        raise PayloadError(name, "", "nested too deeply") from exc
    except ValueError as exc:  # MentionIn's own checks (empty id, naive date)
        raise PayloadError(name, "", str(exc)) from exc


__all__ = ["PARSERS", "PLATFORMS", "PLATFORM_TABLE", "REGISTRY", "Platform", "PayloadError", "parse_payload"]
