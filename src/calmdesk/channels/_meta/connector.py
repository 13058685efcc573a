"""Facebook Pages and Instagram (Graph API): comments on the brand's posts, hide, reply, private reply.

Both poll the same way: list the newest posts (media), then their comments, keeping those newer
than the cursor (the newest comment time seen, as Unix seconds). The Page/IG token is sent as a
bearer header, never as `access_token` in a URL that might be logged.
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
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.domain.recipients import IGSID_PREFIX, PSID_PREFIX


class _GraphConnector(BaseConnector):
    default_base_url: ClassVar[str] = "https://graph.facebook.com/v19.0"
    credential_names: ClassVar[tuple[str, ...]] = ("token",)
    posts_edge: ClassVar[str] = "feed"
    comment_fields: ClassVar[str] = ""
    reply_edge: ClassVar[str] = "comments"
    reply_text_field: ClassVar[str] = "message"

    @property
    def account_id(self) -> str:
        return str(self.config.settings.get("account_id") or self.handle)

    def _pages(self, path: str, params: dict[str, Any], max_pages: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        after: str | None = None
        for _ in range(max_pages):
            doc = self.http.get(path, params={**params, "after": after} if after else params)
            data = (doc or {}).get("data") if isinstance(doc, dict) else None
            if not isinstance(data, list):
                raise BadResponse(f"{self.platform}: {path}: expected a `data` array")
            out += [d for d in data if isinstance(d, dict)]
            after = (
                (((doc.get("paging") or {}).get("cursors") or {}).get("after"))
                if doc.get("paging", {}).get("next")
                else None
            )
            if not after:
                break
        return out

    def fetch_since(self, cursor: str | None) -> FetchResult:
        since = int(cursor) if cursor and cursor.isdigit() else None
        max_posts = int(self.config.settings.get("max_posts", 25))
        posts = self._pages(f"/{self.account_id}/{self.posts_edge}", {"fields": "id", "limit": max_posts}, 1)
        items: list[MentionIn] = []
        newest = since or 0
        pages = 1
        for post in posts:
            params: dict[str, Any] = {"fields": self.comment_fields, "limit": 100}
            if since is not None:
                params["since"] = since
            comments = self._pages(
                f"/{post['id']}/comments", params, int(self.config.settings.get("max_pages", 5))
            )
            pages += 1
            for m in self.parse({"data": comments}) if comments else []:
                stamp = int(m.created_at.timestamp())
                if since is not None and stamp <= since:
                    continue  # `since` is inclusive on the Graph API
                newest = max(newest, stamp)
                items.append(m)
        return FetchResult(items, str(newest) if newest else cursor, pages)

    def hide(self, target_external_id: str, hidden: bool = True) -> None:
        self.http.request_json("POST", f"/{target_external_id}", data=self._hide_form(hidden))

    def _hide_form(self, hidden: bool) -> dict[str, str]:
        return {"is_hidden": "true" if hidden else "false"}

    def delete(self, target_external_id: str) -> None:
        self.http.request_json("DELETE", f"/{target_external_id}")

    def reply(self, target_external_id: str, text: str, idempotency_key: str) -> str:
        self.check_text(text)
        doc = self.http.post(f"/{target_external_id}/{self.reply_edge}", data={"message": text})
        if not isinstance(doc, dict) or not doc.get("id"):
            raise BadResponse(f"{self.platform}: the reply answer has no id")
        return PostedId(str(doc["id"]), self.comment_link(str(doc["id"])))

    def comment_link(self, comment_id: str) -> str | None:
        return None

    def send_private(
        self, recipient: str, text: str, idempotency_key: str, in_reply_to: str | None = None
    ) -> str:
        """A private reply to a comment (`recipient` is the comment id), or a Messenger/IG message
        to a person's page-scoped id written `psid:<id>` / `igsid:<id>`."""
        self.check_text(text)
        to: dict[str, str] = {"comment_id": recipient}
        for prefix in (PSID_PREFIX, IGSID_PREFIX):
            if recipient.startswith(prefix):
                to = {"id": recipient.removeprefix(prefix)}
        doc = self.http.post(
            f"/{self.account_id}/messages", json_body={"recipient": to, "message": {"text": text}}
        )
        if not isinstance(doc, dict) or not doc.get("message_id"):
            raise BadResponse(f"{self.platform}: the message answer has no message_id")
        return PostedId(str(doc["message_id"]), self.inbox_link)

    @property
    def inbox_link(self) -> str:
        """Private messages have no permalink; the page's inbox is where a person finds them."""
        return f"https://business.facebook.com/latest/inbox/all?asset_id={self.account_id}"

    def _is_ours(self, item: dict[str, Any]) -> bool:
        who = item.get("from") or {}
        return (
            str(who.get("id", "")) == self.account_id
            or str(item.get("username", "")).lower() == self.handle.lower()
        )

    def find_existing_reply(self, target_external_id: str, text: str) -> str | None:
        doc = self.http.get(
            f"/{target_external_id}/{self.reply_edge}",
            params={"fields": f"id,{self.reply_text_field},from,username", "limit": 100},
        )
        for item in (doc or {}).get("data") or []:
            if (
                isinstance(item, dict)
                and self._is_ours(item)
                and same_text(str(item.get(self.reply_text_field, "")), text)
            ):
                return str(item["id"])
        return None


class FacebookConnector(_GraphConnector):
    platform: ClassVar[str] = "facebook"
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"poll", "webhook", "reply", "private_message", "hide", "delete", "profile", "status"}
    )
    max_length: ClassVar[int | None] = 8000  # R-LENGTH
    comment_fields: ClassVar[str] = "id,message,created_time,from,parent{id}"

    def post_status(self, text: str, idempotency_key: str) -> str:
        """A Page post (`POST /{page-id}/feed`), published at once, as the Page."""
        self.check_text(text)
        doc = self.http.post(f"/{self.account_id}/feed", data={"message": text, "published": "true"})
        if not isinstance(doc, dict) or not doc.get("id"):
            raise BadResponse("facebook: the Page post answer has no id")
        return PostedId(str(doc["id"]), f"https://www.facebook.com/{doc['id']}")

    def find_existing_status(self, text: str) -> str | None:
        """The Page's own recent posts (its feed also holds visitors' posts: `from` tells them apart)."""
        doc = self.http.get(f"/{self.account_id}/feed", params={"fields": "id,message,from", "limit": 100})
        for post in (doc or {}).get("data") or []:
            if isinstance(post, dict) and self._is_ours(post) and same_text(str(post.get("message", "")), text):
                return PostedId(str(post["id"]), f"https://www.facebook.com/{post['id']}")
        return None

    def comment_link(self, comment_id: str) -> str | None:
        return f"https://www.facebook.com/{comment_id}"

    def profile(self, handle: str) -> AuthorIn:
        doc = self.http.get(f"/{handle}", params={"fields": "id,name"})
        if not isinstance(doc, dict) or not doc.get("id"):
            raise BadResponse(f"facebook: no profile for {handle}")
        return AuthorIn(handle=str(doc["id"]), display_name=doc.get("name"), external_id=str(doc["id"]))


class InstagramConnector(_GraphConnector):
    platform: ClassVar[str] = "instagram"
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"poll", "webhook", "reply", "private_message", "hide", "delete"}
    )
    max_length: ClassVar[int | None] = 2200  # R-LENGTH
    posts_edge: ClassVar[str] = "media"
    comment_fields: ClassVar[str] = "id,text,timestamp,username,from,parent_id"
    reply_edge: ClassVar[str] = "replies"
    reply_text_field: ClassVar[str] = "text"

    def _hide_form(self, hidden: bool) -> dict[str, str]:
        return {"hide": "true" if hidden else "false"}
