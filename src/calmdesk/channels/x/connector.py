"""X API v2: mentions timeline and recent search (polling), replies, DMs, hiding replies.

Cursors are tweet ids (`since_id`), one per stream: the mentions timeline and, when the brand
has keywords, recent search (B-MONITOR: names written without an @).
"""

from __future__ import annotations

from typing import Any, ClassVar

from calmdesk.channels._common.connector import (
    BadResponse,
    BaseConnector,
    FetchResult,
    PostedId,
    TextRejected,
    matches_keywords,
    same_text,
)
from calmdesk.channels._common.cursor import dump_cursor, load_cursor, newer_id
from calmdesk.domain.mentions import AuthorIn, MentionIn

TWEET_FIELDS = "created_at,conversation_id,author_id,referenced_tweets,lang,in_reply_to_user_id"
USER_FIELDS = "username,name,public_metrics,verified,created_at"
DM_MAX_LENGTH = 10_000


class XConnector(BaseConnector):
    platform: ClassVar[str] = "x"
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"poll", "webhook", "reply", "private_message", "hide", "delete", "profile", "keywords", "status"}
    )
    max_length: ClassVar[int | None] = 280  # R-LENGTH
    default_base_url: ClassVar[str] = "https://api.x.com"
    credential_names: ClassVar[tuple[str, ...]] = ("token",)

    _user_id: str | None = None

    def user_id(self) -> str:
        if self._user_id is None:
            self._user_id = (
                str(self.config.settings.get("user_id") or "") or self.profile(self.handle).external_id
            )
            if not self._user_id:
                raise BadResponse(f"x: no user id for @{self.handle}")
        return self._user_id

    def _pages(
        self, path: str, since_id: str | None, params: dict[str, Any]
    ) -> tuple[list[MentionIn], str | None, int]:
        max_pages = int(self.config.settings.get("max_pages", 10))
        base = {
            "max_results": 100,
            "tweet.fields": TWEET_FIELDS,
            "expansions": "author_id",
            "user.fields": USER_FIELDS,
            **params,
        }
        if since_id:
            base["since_id"] = since_id
        items: list[MentionIn] = []
        newest: str | None = since_id
        token: str | None = None
        pages = 0
        while pages < max_pages:
            query = dict(base, pagination_token=token) if token else base
            doc = self.http.get(path, params=query)
            pages += 1
            if not isinstance(doc, dict):
                raise BadResponse(f"x: {path}: expected a JSON object")
            items += self.parse(doc)
            meta = doc.get("meta") or {}
            newest = newer_id(newest, meta.get("newest_id"))
            for it in items:
                newest = newer_id(newest, it.external_id)
            token = meta.get("next_token")
            if not token:
                break
        return items, newest, pages

    def keyword_query(self) -> str:
        words = " OR ".join(f'"{k}"' for k in self.config.keywords if k.strip())
        excl = " ".join(f'-"{e}"' for e in self.config.keyword_exclusions if e.strip())
        return f"({words}) -from:{self.handle} -is:retweet {excl}".strip()

    def fetch_since(self, cursor: str | None) -> FetchResult:
        state = load_cursor(cursor)
        items, newest, pages = self._pages(f"/2/users/{self.user_id()}/mentions", state.get("mentions"), {})
        if newest:
            state["mentions"] = newest
        if self.config.keywords:
            found, newest_search, more = self._pages(
                "/2/tweets/search/recent", state.get("search"), {"query": self.keyword_query()}
            )
            pages += more
            # The query already excludes; checking again keeps a loose server-side match out.
            items += [
                m
                for m in found
                if matches_keywords(m.text, self.config.keywords, self.config.keyword_exclusions)
            ]
            if newest_search:
                state["search"] = newest_search
        return FetchResult(items, dump_cursor(state), pages)

    def reply(self, target_external_id: str, text: str, idempotency_key: str) -> str:
        self.check_text(text)
        doc = self.http.post(
            "/2/tweets", json_body={"text": text, "reply": {"in_reply_to_tweet_id": target_external_id}}
        )
        tweet_id = self._id(doc, "id")
        return PostedId(tweet_id, f"https://x.com/{self.handle}/status/{tweet_id}")

    def post_status(self, text: str, idempotency_key: str) -> str:
        """A new tweet on the brand's timeline: the same endpoint as a reply, without `reply`."""
        self.check_text(text)
        tweet_id = self._id(self.http.post("/2/tweets", json_body={"text": text}), "id")
        return PostedId(tweet_id, f"https://x.com/{self.handle}/status/{tweet_id}")

    def find_existing_status(self, text: str) -> str | None:
        """Our recent tweets that answer nobody (the user timeline without replies)."""
        doc = self.http.get(
            f"/2/users/{self.user_id()}/tweets",
            params={"max_results": 100, "exclude": "replies,retweets", "tweet.fields": "created_at"},
        )
        for tweet in (doc or {}).get("data") or []:
            if isinstance(tweet, dict) and same_text(str(tweet.get("text", "")), text):
                tweet_id = str(tweet["id"])
                return PostedId(tweet_id, f"https://x.com/{self.handle}/status/{tweet_id}")
        return None

    def send_private(
        self, recipient: str, text: str, idempotency_key: str, in_reply_to: str | None = None
    ) -> str:
        """`recipient` is the person's numeric X user id (DMs are addressed by id, not handle)."""
        if not recipient.isdigit():
            raise TextRejected(f"x: a direct message needs the person's numeric user id, not {recipient!r}")
        if not text.strip() or len(text) > DM_MAX_LENGTH:
            raise TextRejected(
                f"R-LENGTH: X direct messages take 1 to {DM_MAX_LENGTH} characters, got {len(text)}"
            )
        doc = self.http.post(f"/2/dm_conversations/with/{recipient}/messages", json_body={"text": text})
        event_id = self._id(doc, "dm_event_id")
        conversation = ((doc or {}).get("data") or {}).get("dm_conversation_id")
        return PostedId(event_id, f"https://x.com/messages/{conversation}" if conversation else None)

    def hide(self, target_external_id: str, hidden: bool = True) -> None:
        """X hides replies to our own posts (it cannot hide anything else)."""
        self.http.request_json("PUT", f"/2/tweets/{target_external_id}/hidden", json_body={"hidden": hidden})

    def delete(self, target_external_id: str) -> None:
        self.http.request_json("DELETE", f"/2/tweets/{target_external_id}")

    def find_existing_reply(self, target_external_id: str, text: str) -> str | None:
        doc = self.http.get(
            "/2/tweets/search/recent",
            params={
                "query": f"in_reply_to_tweet_id:{target_external_id} from:{self.handle}",
                "max_results": 100,
            },
        )
        for tweet in (doc or {}).get("data") or []:
            if isinstance(tweet, dict) and same_text(str(tweet.get("text", "")), text):
                return str(tweet["id"])
        return None

    def find_existing_private(self, recipient: str, text: str) -> str | None:
        doc = self.http.get(f"/2/dm_conversations/with/{recipient}/dm_events", params={"max_results": 100})
        me = self.user_id()
        for event in (doc or {}).get("data") or []:
            if (
                isinstance(event, dict)
                and str(event.get("sender_id")) == me
                and same_text(str(event.get("text", "")), text)
            ):
                return str(event["id"])
        return None

    def profile(self, handle: str) -> AuthorIn:
        doc = self.http.get(f"/2/users/by/username/{handle.lstrip('@')}", params={"user.fields": USER_FIELDS})
        user = (doc or {}).get("data")
        if not isinstance(user, dict) or not user.get("id"):
            raise BadResponse(f"x: no user data for @{handle}")
        metrics = user.get("public_metrics") or {}
        return AuthorIn(
            handle=str(user.get("username") or handle),
            display_name=user.get("name"),
            followers=metrics.get("followers_count"),
            verified=bool(user.get("verified")),
            external_id=str(user["id"]),
        )

    @staticmethod
    def _id(doc: Any, key: str) -> str:
        data = doc.get("data") if isinstance(doc, dict) else None
        if not isinstance(data, dict) or not data.get(key):
            raise BadResponse(f"x: the answer has no data.{key}")
        return str(data[key])
