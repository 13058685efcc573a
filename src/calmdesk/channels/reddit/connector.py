"""Reddit (OAuth API): inbox mentions, keyword search in chosen subreddits, comments, messages.

Listings run newest first; the cursor per stream is the newest fullname seen and paging stops
when it comes round again. Reddit has no "hide" for a brand (only moderators remove), so the
capability is absent and the desk never offers it.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from calmdesk.channels._common.connector import (
    BadResponse,
    BaseConnector,
    FetchResult,
    PostedId,
    Unsupported,
    matches_keywords,
    same_text,
)
from calmdesk.channels._common.cursor import dump_cursor, load_cursor
from calmdesk.channels._common.ratelimit import ConnectorError
from calmdesk.domain.mentions import AuthorIn
from calmdesk.domain.status_updates import brand_subreddit


class RedditConnector(BaseConnector):
    platform: ClassVar[str] = "reddit"
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"poll", "reply", "private_message", "delete", "profile", "keywords", "status"}
    )
    max_length: ClassVar[int | None] = 10_000  # R-LENGTH
    default_base_url: ClassVar[str] = "https://oauth.reddit.com"
    credential_names: ClassVar[tuple[str, ...]] = ("token",)

    def _listing(
        self, path: str, stop_at: str | None, params: dict[str, Any]
    ) -> tuple[list[dict[str, Any]], str | None, int]:
        max_pages = int(self.config.settings.get("max_pages", 5))
        things: list[dict[str, Any]] = []
        newest: str | None = None
        after: str | None = None
        pages = 0
        while pages < max_pages:
            query = {"limit": 100, "raw_json": 1, **params}
            if after:
                query["after"] = after
            doc = self.http.get(path, params=query)
            pages += 1
            data = doc.get("data") if isinstance(doc, dict) else None
            if not isinstance(data, dict) or not isinstance(data.get("children"), list):
                raise BadResponse(f"reddit: {path}: not a Listing")
            reached = False
            for child in data["children"]:
                name = str(((child or {}).get("data") or {}).get("name") or "")
                if stop_at and name == stop_at:
                    reached = True
                    break
                newest = newest or name or None
                things.append(child)
            after = data.get("after")
            if reached or not after:
                break
            if stop_at is None:
                break  # first run: the newest page is enough; older items are history
        return things, newest, pages

    def fetch_since(self, cursor: str | None) -> FetchResult:
        state = load_cursor(cursor)
        things, newest, pages = self._listing("/message/mentions", state.get("mentions"), {})
        if newest:
            state["mentions"] = newest
        items = self.parse({"kind": "Listing", "data": {"children": things}}) if things else []
        subs = [str(s).removeprefix("r/") for s in self.config.settings.get("subreddits", [])]
        if self.config.keywords and subs:
            query = " OR ".join(f'"{k}"' for k in self.config.keywords)
            for sub in subs:
                key = f"r/{sub}"
                found, newest_sub, more = self._listing(
                    f"/r/{sub}/search", state.get(key), {"q": query, "restrict_sr": 1, "sort": "new"}
                )
                pages += more
                if newest_sub:
                    state[key] = newest_sub
                for mention in self.parse({"kind": "Listing", "data": {"children": found}}) if found else []:
                    if matches_keywords(mention.text, self.config.keywords, self.config.keyword_exclusions):
                        items.append(mention)
        return FetchResult(items, dump_cursor(state), pages)

    def _form(self, path: str, data: dict[str, Any]) -> dict[str, Any]:
        doc = self.http.post(path, data={**data, "api_type": "json"})
        body = (doc or {}).get("json") if isinstance(doc, dict) else None
        if not isinstance(body, dict):
            raise BadResponse(f"reddit: {path}: unexpected answer")
        errors = body.get("errors") or []
        if errors:
            raise ConnectorError(f"reddit: {path}: {errors[0]}")
        return body.get("data") or {}

    def reply(self, target_external_id: str, text: str, idempotency_key: str) -> str:
        self.check_text(text)
        data = self._form("/api/comment", {"thing_id": target_external_id, "text": text})
        things = data.get("things") or []
        thing = (things[0] if things else {}).get("data") or {}
        name = thing.get("name")
        if not name:
            raise BadResponse("reddit: /api/comment answered without the new comment's name")
        permalink = str(thing.get("permalink") or "")
        return PostedId(str(name), f"https://www.reddit.com{permalink}" if permalink else None)

    def _own_subreddit(self) -> str:
        sub = brand_subreddit(self.config.settings)
        if sub is None:
            raise Unsupported("reddit: the brand has no subreddit of its own (brand_subreddit) to post in")
        return sub

    @staticmethod
    def status_title(text: str) -> str:
        """A self-post needs a title: the text's first sentence, within Reddit's 300 characters."""
        first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
        return first if len(first) <= 300 else first[:297].rstrip() + "..."

    def post_status(self, text: str, idempotency_key: str) -> str:
        """A self-post in the brand's own subreddit (`POST /api/submit`, kind=self)."""
        self.check_text(text)
        sub = self._own_subreddit()
        data = self._form(
            "/api/submit",
            {"sr": sub, "kind": "self", "title": self.status_title(text), "text": text, "resubmit": "true"},
        )
        name = data.get("name")
        if not name:
            raise BadResponse("reddit: /api/submit answered without the new post's name")
        return PostedId(str(name), str(data.get("url") or "") or None)

    def find_existing_status(self, text: str) -> str | None:
        sub = self._own_subreddit().lower()
        doc = self.http.get(f"/user/{self.handle}/submitted", params={"limit": 100, "raw_json": 1})
        for child in ((doc or {}).get("data") or {}).get("children") or []:
            d = (child or {}).get("data") or {}
            if str(d.get("subreddit", "")).lower() == sub and same_text(str(d.get("selftext", "")), text):
                link = f"https://www.reddit.com{d['permalink']}" if d.get("permalink") else None
                return PostedId(str(d.get("name")), link)
        return None

    def send_private(
        self, recipient: str, text: str, idempotency_key: str, in_reply_to: str | None = None
    ) -> str:
        """Reddit's compose answers without an id; the sent folder is read back for one."""
        self.check_text(text)
        subject = str(self.config.settings.get("message_subject", "About your post"))
        self._form("/api/compose", {"to": recipient.removeprefix("u/"), "subject": subject, "text": text})
        found = self.find_existing_private(recipient, text) or ""
        return PostedId(found, self.message_link(found)) if found else ""

    @staticmethod
    def message_link(fullname: str) -> str:
        return f"https://www.reddit.com/message/messages/{fullname.removeprefix('t4_')}"

    def delete(self, target_external_id: str) -> None:
        self.http.post("/api/del", data={"id": target_external_id})

    def find_existing_reply(self, target_external_id: str, text: str) -> str | None:
        doc = self.http.get(f"/user/{self.handle}/comments", params={"limit": 100, "raw_json": 1})
        for child in ((doc or {}).get("data") or {}).get("children") or []:
            d = (child or {}).get("data") or {}
            if d.get("parent_id") == target_external_id and same_text(str(d.get("body", "")), text):
                return str(d.get("name"))
        return None

    def find_existing_private(self, recipient: str, text: str) -> str | None:
        doc = self.http.get("/message/sent", params={"limit": 100, "raw_json": 1})
        who = recipient.removeprefix("u/").lower()
        for child in ((doc or {}).get("data") or {}).get("children") or []:
            d = (child or {}).get("data") or {}
            if str(d.get("dest", "")).lower() == who and same_text(str(d.get("body", "")), text):
                return str(d.get("name"))
        return None

    def profile(self, handle: str) -> AuthorIn:
        doc = self.http.get(f"/user/{handle.removeprefix('u/')}/about")
        d = (doc or {}).get("data") if isinstance(doc, dict) else None
        if not isinstance(d, dict) or not d.get("name"):
            raise BadResponse(f"reddit: no profile for {handle}")
        from datetime import UTC, datetime

        created = d.get("created_utc")
        return AuthorIn(
            handle=str(d["name"]),
            followers=d.get("total_karma"),
            verified=bool(d.get("verified")),
            created_at=datetime.fromtimestamp(float(created), tz=UTC) if created else None,
            external_id=f"t2_{d['id']}" if d.get("id") else None,
        )
