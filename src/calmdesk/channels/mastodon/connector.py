"""Mastodon: mention notifications (since_id + Link pagination), replies, direct messages.

Mastodon honours an `Idempotency-Key` header on posting statuses, so a retried post with the
outbox key is answered with the status already created instead of a second one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from calmdesk.channels._common.connector import (
    BadResponse,
    BaseConnector,
    FetchResult,
    PostedId,
    same_text,
)
from calmdesk.channels._common.cursor import newer_id
from calmdesk.channels._common.payload import html_to_text
from calmdesk.domain.mentions import AuthorIn, MentionIn


class MastodonConnector(BaseConnector):
    platform: ClassVar[str] = "mastodon"
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"poll", "reply", "private_message", "delete", "profile", "status"}
    )
    max_length: ClassVar[int | None] = 500  # R-LENGTH (the instance default)
    default_base_url: ClassVar[str] = "https://mastodon.social"
    credential_names: ClassVar[tuple[str, ...]] = ("token",)

    @property
    def acct(self) -> str:
        """Our account as the instance shows it: local accounts have no `@host`."""
        return self.handle.split("@", 1)[0]

    def fetch_since(self, cursor: str | None) -> FetchResult:
        """Pages run newest to oldest; `since_id` stays on every page so paging stops at the cursor."""
        max_pages = int(self.config.settings.get("max_pages", 10))
        params: dict[str, Any] = {"types[]": "mention", "limit": 40}
        if cursor:
            params["since_id"] = cursor
        url: str | None = "/api/v1/notifications"
        items: list[MentionIn] = []
        newest = cursor
        pages = 0
        while url and pages < max_pages:
            doc, response = self.http.fetch_json("GET", url, params=params if pages == 0 else None)
            pages += 1
            if not isinstance(doc, list):
                raise BadResponse("mastodon: notifications: expected a JSON array")
            if not doc:
                break
            for n in doc:
                if isinstance(n, dict) and n.get("id") is not None:
                    newest = newer_id(newest, str(n["id"]))
            items += self.parse(doc)
            nxt = response.links.get("next", {}).get("url")
            url = self._same_host(nxt)
        return FetchResult(items, newest, pages)

    def _same_host(self, url: str | None) -> str | None:
        """Follow Link pagination only on our instance (never send the token elsewhere)."""
        if not url:
            return None
        base = str(self.http.base_url).rstrip("/")
        return url[len(base) :] if url.startswith(base + "/") else None

    def _post_status(self, body: dict[str, Any], idempotency_key: str) -> str:
        doc = self.http.post("/api/v1/statuses", json_body=body, headers={"Idempotency-Key": idempotency_key})
        if not isinstance(doc, dict) or not doc.get("id"):
            raise BadResponse("mastodon: the answer has no status id")
        return PostedId(str(doc["id"]), str(doc.get("url") or "") or None)

    def reply(self, target_external_id: str, text: str, idempotency_key: str) -> str:
        self.check_text(text)
        return self._post_status(
            {"status": text, "in_reply_to_id": target_external_id, "visibility": "public"}, idempotency_key
        )

    def post_status(self, text: str, idempotency_key: str) -> str:
        """A public status on our own timeline; the Idempotency-Key makes a retry answer the first."""
        self.check_text(text)
        return self._post_status({"status": text, "visibility": "public"}, idempotency_key)

    def find_existing_status(self, text: str) -> str | None:
        """Our own recent statuses without replies (the account id comes from a lookup of our acct)."""
        me = self.profile(self.acct).external_id
        doc = self.http.get(f"/api/v1/accounts/{me}/statuses", params={"exclude_replies": "true", "limit": 40})
        for status in doc if isinstance(doc, list) else []:
            if (
                isinstance(status, dict)
                and not status.get("in_reply_to_id")
                and same_text(html_to_text(str(status.get("content", ""))), text)
            ):
                return PostedId(str(status["id"]), str(status.get("url") or "") or None)
        return None

    def _direct_text(self, recipient: str, text: str) -> str:
        handle = "@" + recipient.lstrip("@")
        return text if handle.lower() in text.lower() else f"{handle} {text}"

    def send_private(
        self, recipient: str, text: str, idempotency_key: str, in_reply_to: str | None = None
    ) -> str:
        """A `direct` status addressed to `recipient` (acct); Mastodon's private message."""
        body = self._direct_text(recipient, text)
        self.check_text(body)
        return self._post_status({"status": body, "visibility": "direct"}, idempotency_key)

    def delete(self, target_external_id: str) -> None:
        self.http.request_json("DELETE", f"/api/v1/statuses/{target_external_id}")

    def find_existing_reply(self, target_external_id: str, text: str) -> str | None:
        doc = self.http.get(f"/api/v1/statuses/{target_external_id}/context")
        for status in (doc or {}).get("descendants") or []:
            if not isinstance(status, dict):
                continue
            account = status.get("account") or {}
            if (
                str(status.get("in_reply_to_id")) == target_external_id
                and str(account.get("acct", "")).lower() == self.acct.lower()
                and same_text(html_to_text(str(status.get("content", ""))), text)
            ):
                return str(status["id"])
        return None

    def profile(self, handle: str) -> AuthorIn:
        doc = self.http.get("/api/v1/accounts/lookup", params={"acct": handle.lstrip("@")})
        if not isinstance(doc, dict) or not doc.get("id"):
            raise BadResponse(f"mastodon: no account data for {handle}")
        return AuthorIn(
            handle=str(doc.get("acct") or handle),
            display_name=doc.get("display_name") or None,
            followers=doc.get("followers_count"),
            external_id=str(doc["id"]),
        )
