"""The shape every connector and importer hands to the desk: one platform item, normalized.

Connectors parse platform payloads into `MentionIn`; the ingest action stores them. Keeping
this a plain dataclass means parsers stay pure and testable on recorded payloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Visibility = Literal["public", "private"]
Direction = Literal["inbound", "outbound"]


@dataclass
class AuthorIn:
    handle: str
    display_name: str | None = None
    followers: int | None = None
    verified: bool = False
    created_at: datetime | None = None
    external_id: str | None = None


@dataclass
class MentionIn:
    platform: str
    external_id: str
    text: str
    created_at: datetime
    author: AuthorIn
    in_reply_to: str | None = None
    #: A platform conversation id (X conversation_id, Reddit link id); the root's external id.
    thread_id: str | None = None
    visibility: Visibility = "public"
    direction: Direction = "inbound"
    #: The brand account this item was addressed to or fetched by (without @).
    brand_handle: str | None = None
    language: str | None = None
    raw: dict[str, Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.external_id:
            raise ValueError("mention has no external id")
        if self.created_at.tzinfo is None:
            raise ValueError(f"mention {self.external_id}: created_at has no time zone")
        if self.visibility not in ("public", "private"):
            raise ValueError(f"mention {self.external_id}: visibility must be public or private")
