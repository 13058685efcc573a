"""Bluesky (AT Protocol XRPC): notifications, replies with root/parent refs, createSession auth.

Private messages go through Bluesky chat (`chat.bsky.convo.*`, proxied to the chat service with
the `atproto-proxy` header). Chat needs an app password created with DM access, so the desk only
offers it where the channel's settings say `allow_dms = true` (`domain/recipients.py`).

Notifications come newest first and their `cursor` pages backwards, so the stored cursor is the
newest `indexedAt` seen: paging stops at the first item not newer than it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from calmdesk.channels._common.connector import (
    BadResponse,
    BaseConnector,
    FetchResult,
    PostedId,
    TextRejected,
    same_text,
)
from calmdesk.channels._common.ratelimit import AuthError
from calmdesk.domain.mentions import AuthorIn, MentionIn

MENTION_REASONS = frozenset({"mention", "reply", "quote"})
POST = "app.bsky.feed.post"
CHAT_PROXY = {"atproto-proxy": "did:web:api.bsky.chat#bsky_chat"}
CHAT_MAX_LENGTH = 1000


class BlueskyConnector(BaseConnector):
    platform: ClassVar[str] = "bluesky"
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"poll", "reply", "private_message", "delete", "profile", "status"}
    )
    max_length: ClassVar[int | None] = 300  # R-LENGTH
    default_base_url: ClassVar[str] = "https://bsky.social"
    credential_names: ClassVar[tuple[str, ...]] = ("app_password",)

    _session: dict[str, str] | None = None

    def auth_headers(self) -> Mapping[str, str]:
        return {"Authorization": f"Bearer {self._session['accessJwt']}"} if self._session else {}

    def _login(self) -> dict[str, str]:
        self._session = None
        doc = self.http.post(
            "/xrpc/com.atproto.server.createSession",
            json_body={"identifier": self.handle, "password": self.secret("app_password")},
            retry=True,
        )
        if not isinstance(doc, dict) or not doc.get("accessJwt") or not doc.get("did"):
            raise BadResponse("bluesky: createSession answered without accessJwt/did")
        self.http.secrets = [*self.http.secrets, str(doc["accessJwt"]), str(doc.get("refreshJwt", ""))]
        self._session = {"accessJwt": str(doc["accessJwt"]), "did": str(doc["did"])}
        return self._session

    @property
    def did(self) -> str:
        return (self._session or self._login())["did"]

    def _call(self, method: str, nsid: str, **kwargs: Any) -> Any:
        """Log in on first use; an expired access token gets one fresh session and one more try."""
        if self._session is None:
            self._login()
        try:
            return self.http.request_json(method, f"/xrpc/{nsid}", **kwargs)
        except AuthError:
            self._login()
            return self.http.request_json(method, f"/xrpc/{nsid}", **kwargs)

    def fetch_since(self, cursor: str | None) -> FetchResult:
        max_pages = int(self.config.settings.get("max_pages", 10))
        since = _parse_time(cursor) if cursor else None
        kept: list[dict[str, Any]] = []
        newest = since
        page_cursor: str | None = None
        pages = 0
        done = False
        while not done and pages < max_pages:
            params: dict[str, Any] = {"limit": 50}
            if page_cursor:
                params["cursor"] = page_cursor
            doc = self._call("GET", "app.bsky.notification.listNotifications", params=params)
            pages += 1
            notes = (doc or {}).get("notifications")
            if not isinstance(notes, list):
                raise BadResponse("bluesky: listNotifications: no notifications array")
            for n in notes:
                if not isinstance(n, dict):
                    continue
                at = _parse_time(str(n.get("indexedAt") or n.get("record", {}).get("createdAt") or ""))
                if since is not None and at <= since:
                    done = True
                    break
                newest = at if newest is None or at > newest else newest
                if n.get("reason") in MENTION_REASONS:
                    kept.append(n)
            page_cursor = (doc or {}).get("cursor")
            if not page_cursor or not notes:
                break
        items: list[MentionIn] = self.parse({"notifications": kept}) if kept else []
        return FetchResult(items, newest.isoformat() if newest else cursor, pages)

    def _post_ref(self, uri: str) -> dict[str, Any]:
        doc = self._call("GET", "app.bsky.feed.getPosts", params={"uris": uri})
        posts = (doc or {}).get("posts") or []
        if not posts or not isinstance(posts[0], dict) or not posts[0].get("cid"):
            raise BadResponse(f"bluesky: post {uri} not found")
        return posts[0]

    def reply(self, target_external_id: str, text: str, idempotency_key: str) -> str:
        self.check_text(text)
        parent = self._post_ref(target_external_id)
        parent_ref = {"uri": parent["uri"], "cid": parent["cid"]}
        root = ((parent.get("record") or {}).get("reply") or {}).get("root") or parent_ref
        record = {
            "$type": POST,
            "text": text,
            "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "reply": {"root": {"uri": root["uri"], "cid": root["cid"]}, "parent": parent_ref},
        }
        return self._create_post(record)

    def post_status(self, text: str, idempotency_key: str) -> str:
        """A post on our own feed: an `app.bsky.feed.post` record with no reply ref."""
        self.check_text(text)
        record = {"$type": POST, "text": text, "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z")}
        return self._create_post(record)

    def _create_post(self, record: dict[str, Any]) -> str:
        """Write one `app.bsky.feed.post` record (never retried blind: the outbox reconciles)."""
        doc = self._call(
            "POST",
            "com.atproto.repo.createRecord",
            json_body={"repo": self.did, "collection": POST, "record": record},
            retry=False,
        )
        if not isinstance(doc, dict) or not doc.get("uri"):
            raise BadResponse("bluesky: createRecord answered without a uri")
        return self._posted(str(doc["uri"]))

    def _posted(self, uri: str) -> PostedId:
        return PostedId(uri, f"https://bsky.app/profile/{self.did}/post/{uri.rsplit('/', 1)[-1]}")

    def find_existing_status(self, text: str) -> str | None:
        """Our own feed without replies (getAuthorFeed, filter posts_no_replies)."""
        doc = self._call(
            "GET", "app.bsky.feed.getAuthorFeed", params={"actor": self.did, "filter": "posts_no_replies", "limit": 50}
        )
        me = self.did
        for entry in (doc or {}).get("feed") or []:
            post = entry.get("post") if isinstance(entry, dict) else None
            if not isinstance(post, dict):
                continue
            record = post.get("record") or {}
            if (
                (post.get("author") or {}).get("did") == me
                and not record.get("reply")
                and same_text(str(record.get("text", "")), text)
            ):
                return self._posted(str(post["uri"]))
        return None

    def _convo(self, did: str) -> str:
        doc = self._call(
            "GET", "chat.bsky.convo.getConvoForMembers", params={"members": did}, headers=CHAT_PROXY
        )
        convo = (doc or {}).get("convo") if isinstance(doc, dict) else None
        if not isinstance(convo, dict) or not convo.get("id"):
            raise BadResponse("bluesky: getConvoForMembers answered without a convo id")
        return str(convo["id"])

    def send_private(
        self, recipient: str, text: str, idempotency_key: str, in_reply_to: str | None = None
    ) -> str:
        """A chat message to `recipient` (the author's DID) in our 1-1 conversation with them."""
        if not recipient.startswith("did:"):
            raise TextRejected(f"bluesky: a chat message needs the person's DID, not {recipient!r}")
        if not text.strip() or len(text) > CHAT_MAX_LENGTH:
            raise TextRejected(
                f"R-LENGTH: Bluesky chat takes 1 to {CHAT_MAX_LENGTH} characters, got {len(text)}"
            )
        convo = self._convo(recipient)
        doc = self._call(
            "POST",
            "chat.bsky.convo.sendMessage",
            json_body={"convoId": convo, "message": {"text": text}},
            headers=CHAT_PROXY,
            retry=False,
        )
        if not isinstance(doc, dict) or not doc.get("id"):
            raise BadResponse("bluesky: sendMessage answered without a message id")
        return PostedId(str(doc["id"]), f"https://bsky.app/messages/{convo}")

    def find_existing_private(self, recipient: str, text: str) -> str | None:
        convo = self._convo(recipient)
        doc = self._call(
            "GET", "chat.bsky.convo.getMessages", params={"convoId": convo, "limit": 100}, headers=CHAT_PROXY
        )
        me = self.did
        for message in (doc or {}).get("messages") or []:
            if (
                isinstance(message, dict)
                and (message.get("sender") or {}).get("did") == me
                and same_text(str(message.get("text", "")), text)
            ):
                return str(message["id"])
        return None

    def delete(self, target_external_id: str) -> None:
        rkey = target_external_id.rsplit("/", 1)[-1]
        self._call(
            "POST",
            "com.atproto.repo.deleteRecord",
            json_body={"repo": self.did, "collection": POST, "rkey": rkey},
        )

    def find_existing_reply(self, target_external_id: str, text: str) -> str | None:
        doc = self._call("GET", "app.bsky.feed.getPostThread", params={"uri": target_external_id, "depth": 1})
        thread = (doc or {}).get("thread") or {}
        me = self.did
        for reply in thread.get("replies") or []:
            post = reply.get("post") if isinstance(reply, dict) else None
            if not isinstance(post, dict):
                continue
            author = post.get("author") or {}
            record = post.get("record") or {}
            if author.get("did") == me and same_text(str(record.get("text", "")), text):
                return str(post["uri"])
        return None

    def profile(self, handle: str) -> AuthorIn:
        doc = self._call("GET", "app.bsky.actor.getProfile", params={"actor": handle.lstrip("@")})
        if not isinstance(doc, dict) or not doc.get("did"):
            raise BadResponse(f"bluesky: no profile for {handle}")
        return AuthorIn(
            handle=str(doc.get("handle") or handle),
            display_name=doc.get("displayName") or None,
            followers=doc.get("followersCount"),
            external_id=str(doc["did"]),
        )


def _parse_time(value: str) -> datetime:
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadResponse(f"bluesky: not a timestamp: {value[:40]!r}") from exc
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
