"""A connector for a stored channel: its row, its brand's keywords (B-MONITOR) and its credentials.

`build_connector(session, channel)` is how the desk gets one: it reads the channel row and its
credentials (environment or the encrypted `secrets` table) and honours `settings.base_url`.
The connector classes themselves live with their platforms (`calmdesk.channels`), which know
nothing of the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from calmdesk.actions.brands import brand_playbook
from calmdesk.channels import REGISTRY
from calmdesk.channels._common.connector import BaseConnector, ChannelConfig, Unsupported
from calmdesk.secrets import SecretValue, require_secret
from calmdesk.storage.tables import Brand, Channel


def secret_name(platform: str, handle: str, name: str) -> str:
    return f"{platform}:{handle.lstrip('@')}:{name}"


def channel_config(session: Session, channel: Channel) -> ChannelConfig:
    """The channel with its brand's keyword tracking (B-MONITOR) from the playbook."""
    brand = session.get(Brand, channel.brand_id)
    playbook = brand_playbook(brand) if brand is not None else None
    return ChannelConfig(
        platform=channel.platform,
        handle=channel.handle,
        channel_id=channel.id,
        settings=dict(channel.settings or {}),
        keywords=list(playbook.keywords) if playbook else [],
        keyword_exclusions=list(playbook.keyword_exclusions) if playbook else [],
    )


def build_connector(
    session: Session,
    channel: Channel,
    *,
    base_url: str | None = None,
    http_options: Mapping[str, Any] | None = None,
) -> BaseConnector:
    cls = REGISTRY.get(channel.platform)
    if cls is None:
        raise Unsupported(
            f"no connector for platform {channel.platform!r} (known: {', '.join(sorted(REGISTRY))})"
        )
    creds: dict[str, SecretValue] = {
        n: require_secret(session, secret_name(channel.platform, channel.handle, n))
        for n in cls.credential_names
    }
    return cls(channel_config(session, channel), creds, base_url=base_url, http_options=http_options)
