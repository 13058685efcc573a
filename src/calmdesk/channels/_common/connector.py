"""The connector interface: what the desk asks of a platform, and what each platform can do.

Why capabilities: platforms differ (Reddit cannot hide a comment, e-mail has no public side,
Bluesky has no API for private messages). Each connector declares what it can do, and the
desk adapts (offers "hide" only where it exists) instead of failing at the moment of use.

Connectors are built from a channel (platform, handle, settings), its credentials and a base
URL that tests point at a local fake server; all HTTP goes through `HttpClient`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

from calmdesk.channels._common.payload import PayloadError
from calmdesk.channels._common.ratelimit import ConnectorError, HttpClient
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.secrets import SecretValue

Capability = Literal[
    "poll", "webhook", "reply", "private_message", "hide", "delete", "profile", "keywords", "status"
]
#: `status`: a brand-level post that answers nobody (an incident's status update).
ALL_CAPABILITIES: frozenset[str] = frozenset(
    {"poll", "webhook", "reply", "private_message", "hide", "delete", "profile", "keywords", "status"}
)
#: Outbox operation -> the capability it needs.
OPERATION_CAPABILITY = {
    "reply": "reply",
    "private_message": "private_message",
    "hide": "hide",
    "unhide": "hide",
    "delete": "delete",
    "status_post": "status",
}


class PostedId(str):
    """A platform's id for what we posted, carrying its link where the platform has one.

    A `str` so every caller that only wants the id keeps working; the outbox stores `.link` too
    (issue 12: posted means the platform's id AND a link a person can open).
    """

    link: str | None

    def __new__(cls, value: str, link: str | None = None) -> PostedId:
        obj = super().__new__(cls, value)
        obj.link = link
        return obj


def link_of(result: str | None) -> str | None:
    return getattr(result, "link", None)


class Unsupported(ConnectorError):
    """The platform cannot do this (the desk should not have offered it)."""


class TextRejected(ConnectorError):
    """The text breaks a platform limit (R-LENGTH); it is never sent cut short."""


class BadResponse(ConnectorError):
    """The platform answered 2xx with a body we cannot use."""


@dataclass
class FetchResult:
    items: list[MentionIn]
    #: The cursor to store once `items` are safely ingested; None keeps the old one.
    next_cursor: str | None
    pages: int = 0


@dataclass
class ChannelConfig:
    """What a connector needs to know about the channel; built from a `Channel` row."""

    platform: str
    handle: str
    channel_id: int | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    keywords: Sequence[str] = ()
    keyword_exclusions: Sequence[str] = ()


@runtime_checkable
class Connector(Protocol):
    platform: ClassVar[str]
    capabilities: ClassVar[frozenset[str]]
    max_length: ClassVar[int | None]

    def fetch_since(self, cursor: str | None) -> FetchResult: ...
    def reply(self, target_external_id: str, text: str, idempotency_key: str) -> str: ...
    def send_private(
        self, recipient: str, text: str, idempotency_key: str, in_reply_to: str | None = None
    ) -> str: ...
    def hide(self, target_external_id: str, hidden: bool = True) -> None: ...
    def delete(self, target_external_id: str) -> None: ...
    def find_existing_reply(self, target_external_id: str, text: str) -> str | None: ...
    def find_existing_private(self, recipient: str, text: str) -> str | None: ...
    def post_status(self, text: str, idempotency_key: str) -> str: ...
    def find_existing_status(self, text: str) -> str | None: ...
    def profile(self, handle: str) -> AuthorIn: ...
    def close(self) -> None: ...


def normalize_text(text: str) -> str:
    """What two copies of our reply have in common after a platform re-renders it."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def same_text(a: str, b: str) -> bool:
    return normalize_text(a) == normalize_text(b)


def matches_keywords(text: str, keywords: Sequence[str], exclusions: Sequence[str]) -> bool:
    """B-MONITOR keyword tracking: a brand or product name as a whole word, unless an exclusion
    phrase is present (so "Acme" the brand is kept and "acme of perfection" is not)."""
    folded = normalize_text(text)
    for phrase in exclusions:
        if phrase and normalize_text(phrase) in folded:
            return False
    for kw in keywords:
        k = normalize_text(kw)
        if k and re.search(rf"(?<!\w){re.escape(k)}(?!\w)", folded):
            return True
    return False


class BaseConnector:
    """Shared plumbing; platform classes override what their platform can do."""

    platform: ClassVar[str] = ""
    capabilities: ClassVar[frozenset[str]] = frozenset()
    max_length: ClassVar[int | None] = None
    default_base_url: ClassVar[str] = ""
    #: Secret names this connector needs, stored as `<platform>:<handle>:<name>`.
    credential_names: ClassVar[tuple[str, ...]] = ()
    parser_platform: ClassVar[str | None] = None

    def __init__(
        self,
        config: ChannelConfig,
        credentials: Mapping[str, SecretValue],
        *,
        base_url: str | None = None,
        http_options: Mapping[str, Any] | None = None,
    ) -> None:
        self._require_credentials(config, credentials)
        self.config = config
        self.credentials = dict(credentials)
        url = base_url or str(config.settings.get("base_url") or "") or self.default_base_url
        if not url:
            raise ConnectorError(f"{self.platform} channel {config.handle!r}: no base_url in its settings")
        self.http = HttpClient(
            base_url=url,
            auth=self.auth_headers,
            secrets=[v.reveal() for v in credentials.values()],
            **dict(http_options or {}),
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(handle={self.config.handle!r}, base_url={self.http.base_url!r})"

    @property
    def handle(self) -> str:
        return self.config.handle.lstrip("@")

    def secret(self, name: str) -> str:
        return self.credentials[name].reveal()

    def auth_headers(self) -> Mapping[str, str]:
        token = self.credentials.get("token")
        return {"Authorization": f"Bearer {token.reveal()}"} if token else {}

    def close(self) -> None:
        self.http.close()

    def check(self) -> str:
        """Ask the platform, with our credentials, for our own account; a sentence on success.

        Why the account lookup: it is the cheapest authenticated read every platform has, it
        changes nothing, and it proves both the credential and the handle. A platform without
        profile lookups reads its mentions instead (nothing is stored, the cursor does not
        move). Raises `ConnectorError` (AuthError for a refused credential) otherwise.
        """
        try:
            me = self.profile(self.handle)
        except Unsupported:
            result = self.fetch_since(None)
            return f"{self.platform}: signed in; {len(result.items)} recent item(s) readable"
        followers = f", {me.followers:,} followers" if me.followers is not None else ""
        return f"{self.platform}: signed in; the platform knows @{me.handle}{followers}"

    def _require_credentials(self, config: ChannelConfig, credentials: Mapping[str, SecretValue]) -> None:
        """Refuse to build a connector without the secrets it needs, naming the missing ones."""
        missing = [n for n in self.credential_names if n not in credentials]
        if missing:
            raise ConnectorError(
                f"{self.platform} channel {config.handle!r}: missing credential(s) {', '.join(missing)}"
            )

    # --- parsing ----------------------------------------------------------------------------

    def parse(self, doc: Any) -> list[MentionIn]:
        """Payloads go through the parsers, so polled and webhook items are read the same way."""
        from calmdesk.channels import parse_payload

        try:
            return parse_payload(self.parser_platform or self.platform, doc, brand_handle=self.handle)
        except PayloadError as exc:
            raise BadResponse(f"{self.platform}: {exc}") from exc

    # --- limits -------------------------------------------------------------------------------

    def check_text(self, text: str) -> None:
        """R-LENGTH: refuse (never truncate) a text longer than the platform allows."""
        if not text.strip():
            raise TextRejected(f"{self.platform}: empty text")
        if self.max_length is not None and len(text) > self.max_length:
            raise TextRejected(
                f"R-LENGTH: {self.platform} allows {self.max_length} characters, the text has {len(text)}"
            )

    # --- defaults: not supported ----------------------------------------------------------------

    def _unsupported(self, what: str) -> Unsupported:
        return Unsupported(f"{self.platform} cannot {what}")

    def fetch_since(self, cursor: str | None) -> FetchResult:
        raise self._unsupported("be polled")

    def reply(self, target_external_id: str, text: str, idempotency_key: str) -> str:
        raise self._unsupported("post public replies")

    def send_private(
        self, recipient: str, text: str, idempotency_key: str, in_reply_to: str | None = None
    ) -> str:
        """`recipient` is what `domain.recipients.address_for` worked out for this platform;
        `in_reply_to` is the customer's post, for platforms that thread private answers (e-mail)."""
        raise self._unsupported("send private messages")

    def hide(self, target_external_id: str, hidden: bool = True) -> None:
        raise self._unsupported("hide posts")

    def delete(self, target_external_id: str) -> None:
        raise self._unsupported("delete posts")

    def find_existing_reply(self, target_external_id: str, text: str) -> str | None:
        return None

    def find_existing_private(self, recipient: str, text: str) -> str | None:
        return None

    def post_status(self, text: str, idempotency_key: str) -> str:
        """A brand-level public post that answers nobody (domain/status_updates.py says where)."""
        raise self._unsupported("post on the brand's own feed")

    def find_existing_status(self, text: str) -> str | None:
        """Our own brand-level post with this text, if an earlier attempt already made it."""
        return None

    def profile(self, handle: str) -> AuthorIn:
        raise self._unsupported("look up profiles")
