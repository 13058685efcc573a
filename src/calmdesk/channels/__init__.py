"""Channels: reading what each platform sends (parsers), proving who sent it (webhooks).

`parse_payload(platform, body)` is the single entry point the CLI, the web endpoints and the
connectors use, so a payload is read the same way whichever door it came through.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from calmdesk.channels.parsers import bluesky, email, facebook, generic, instagram, mastodon, reddit, x
from calmdesk.channels.parsers._common import Payload, PayloadError
from calmdesk.domain.mentions import MentionIn

Parser = Callable[..., list[MentionIn]]

_MODULES: dict[str, ModuleType] = {
    "x": x,
    "facebook": facebook,
    "instagram": instagram,
    "mastodon": mastodon,
    "bluesky": bluesky,
    "reddit": reddit,
    "email": email,
    "webhook": generic,
}
#: Platform name -> parser. `twitter` is accepted as another name for `x`.
PARSERS: dict[str, Parser] = {name: module.parse for name, module in _MODULES.items()}
ALIASES = {"twitter": "x", "generic": "webhook", "fb": "facebook", "ig": "instagram", "bsky": "bluesky"}
PLATFORMS = tuple(_MODULES)


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


__all__ = ["PARSERS", "PLATFORMS", "PayloadError", "parse_payload"]
