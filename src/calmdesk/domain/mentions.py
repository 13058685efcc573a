"""The shape every connector and importer hands to the desk: one platform item, normalized.

Connectors parse platform payloads into `MentionIn`; the ingest action stores them. Keeping
this a plain dataclass means parsers stay pure and testable on recorded payloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from calmdesk.domain.public_text import storable_json, storable_or_none

Visibility = Literal["public", "private"]

#: Longest identifier the store keeps (external ids, reply targets, thread ids, handles): the
#: column width on PostgreSQL, which refuses longer values where SQLite would take them.
MAX_ID_CHARS = 200
#: Display names and language tags are hints: cut to the column rather than refused.
MAX_NAME_CHARS = 200
MAX_LANGUAGE_CHARS = 10
#: A platform name (the generic webhook's `source` allowed 40 characters; the column keeps 20).
MAX_PLATFORM_CHARS = 20
#: The followers column is a 32-bit integer on PostgreSQL.
MAX_FOLLOWERS = 2**31 - 1


def _check_id(value: Any, what: str, limit: int = MAX_ID_CHARS) -> None:
    if isinstance(value, str) and len(value) > limit:
        raise ValueError(f"{what} is {len(value)} characters long (at most {limit})")
Direction = Literal["inbound", "outbound"]


@dataclass
class AuthorIn:
    handle: str
    display_name: str | None = None
    followers: int | None = None
    verified: bool = False
    created_at: datetime | None = None
    external_id: str | None = None

    def __post_init__(self) -> None:
        # Public text: NUL and lone surrogates cannot be stored (issue 17, item 5).
        self.handle = storable_or_none(self.handle)
        self.display_name = storable_or_none(self.display_name)
        self.external_id = storable_or_none(self.external_id)
        _check_id(self.handle, "author handle")
        _check_id(self.external_id, "author id", 100)
        if isinstance(self.display_name, str):
            self.display_name = self.display_name[:MAX_NAME_CHARS]
        if isinstance(self.followers, int) and not 0 <= self.followers <= MAX_FOLLOWERS:
            self.followers = None  # a count no account has: unknown rather than a database error


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
        # Every parser and importer builds one of these, so this is the one place where text
        # PostgreSQL cannot store is cleaned (issue 17, item 5). The webhook receipt keeps the
        # original body untouched.
        self.text = storable_or_none(self.text)
        self.external_id = storable_or_none(self.external_id)
        self.in_reply_to = storable_or_none(self.in_reply_to)
        self.thread_id = storable_or_none(self.thread_id)
        self.brand_handle = storable_or_none(self.brand_handle)
        self.language = storable_or_none(self.language)
        if self.raw is not None:
            self.raw = storable_json(self.raw)
        if not self.external_id:
            raise ValueError("mention has no external id")
        _check_id(self.external_id, "mention id")
        _check_id(self.platform, "platform", MAX_PLATFORM_CHARS)
        _check_id(self.in_reply_to, f"mention {self.external_id[:40]}: in_reply_to")
        _check_id(self.thread_id, f"mention {self.external_id[:40]}: thread_id")
        _check_id(self.brand_handle, f"mention {self.external_id[:40]}: brand handle")
        if isinstance(self.language, str) and len(self.language) > MAX_LANGUAGE_CHARS:
            self.language = None
        if self.created_at.tzinfo is None:
            raise ValueError(f"mention {self.external_id}: created_at has no time zone")
        if self.visibility not in ("public", "private"):
            raise ValueError(f"mention {self.external_id}: visibility must be public or private")
