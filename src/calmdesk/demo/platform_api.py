"""A local stand-in for the platform APIs the connectors call: real HTTP on 127.0.0.1, in a thread.

Two users: the connectors tests (`tests/channels/fakeplatform.py` re-exports this module) and the
demo's sandbox platform (`calmdesk.demo.sandbox`), which serves the same API shapes so the demo
desk really posts its replies. Why in `src/`: the demo ships with the package and tests may
import from `src`, never the other way round.

It enforces what the real services enforce and what our code must cope with: a bearer token
(401 otherwise), pagination (small pages), rate limits (429 with reset headers once a budget is
spent) and injected faults (5xx, slow answers, truncated and malformed JSON). Posted replies are
stored server-side so a test can count them; `hold_posts` blocks the answer to a post until the
test releases it, which is how the outbox crash test kills the sender between "posted" and
"recorded".

Every request is also kept whole in `received` (method, path, query, headers, parsed body), so a
delivery test asserts exactly what the platform got: endpoint, recipient field, text and any
idempotency key. `post_delay` makes every post take that long (the slow-platform fault tests).

Reusable by other areas' tests: `with FakePlatform() as fake: fake.url ...`. Subclasses change
who is speaking (`account_handle`) and which token opens it (`token`, `bsky_password`).
"""

from __future__ import annotations

import html
import itertools
import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

TOKEN = "fake-token-abcdef123456"
BSKY_PASSWORD = "fake-app-password-9876"
BRAND_X_ID = "9000"
BRAND_DID = "did:plc:brand"
PAGE_ID = "1500"
IG_ID = "1700"

Result = tuple[int, Any, dict[str, str]]


@dataclass
class Fault:
    """Answer the next request whose path contains `path` with a fault instead of the real thing."""

    path: str
    kind: str  # "500" | "429" | "slow" | "truncated" | "malformed" | "401"
    times: int = 1
    reset_in: int = 30


@dataclass
class Received:
    """One request as the platform saw it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Item:
    platform: str
    id: str
    author: str
    text: str
    created_at: datetime
    in_reply_to: str | None = None
    root: str | None = None
    visibility: str = "public"
    ours: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class FakePlatform:
    def __init__(self, *, page_size: int = 2) -> None:
        self.page_size = page_size
        self.lock = threading.RLock()
        self.items: list[Item] = []
        self.requests: list[tuple[str, str]] = []
        self.received: list[Received] = []
        #: Seconds every post (reply, DM, message) takes before it is answered; or a (low, high)
        #: range drawn per post.
        self.post_delay: float | tuple[float, float] = 0.0
        self.faults: list[Fault] = []
        self.idempotency: dict[str, str] = {}
        self.hidden: dict[str, bool] = {}
        self.deleted: set[str] = set()
        #: Bluesky DIDs whose chat settings refuse messages.
        self.dms_disabled: set[str] = set()
        self.messages: list[dict[str, Any]] = []
        #: Requests allowed before every answer is 429 (None: unlimited).
        self.budget: int | None = None
        self.reset_at = int(time.time()) + 60
        self.hold_posts = False
        self.post_stored = threading.Event()
        self.release = threading.Event()
        self.slow_seconds = 2.0
        self._ids = itertools.count(100_000)
        self._server: ThreadingHTTPServer | None = None
        #: The bearer token every API call must carry, and the Bluesky app password.
        self.token = TOKEN
        self.bsky_password = BSKY_PASSWORD
        self.host = "127.0.0.1"
        self.port = 0

    # --- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> FakePlatform:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as two writes

            def log_message(self, *args: Any) -> None:
                pass

            def _go(self) -> None:
                fake._handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = _go

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.url

    def stop(self) -> None:
        self.release.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # --- seeding --------------------------------------------------------------------------------

    def next_id(self) -> str:
        return str(next(self._ids))

    def add(
        self,
        platform: str,
        text: str,
        *,
        author: str = "jane",
        in_reply_to: str | None = None,
        item_id: str | None = None,
        minutes_ago: float = 10,
        **extra: Any,
    ) -> Item:
        with self.lock:
            ext = item_id or self.next_id()
            if platform == "bluesky" and not ext.startswith("at://"):
                ext = f"at://did:plc:{author}/app.bsky.feed.post/{ext}"
            if platform == "reddit" and not ext.startswith("t"):
                ext = f"t1_{ext}"
            item = Item(
                platform,
                ext,
                author,
                text,
                datetime.now(UTC) - timedelta(minutes=minutes_ago),
                in_reply_to=in_reply_to,
                extra=extra,
            )
            self.items.append(item)
            return item

    def ours(self, platform: str) -> list[Item]:
        with self.lock:
            return [i for i in self.items if i.platform == platform and i.ours and i.id not in self.deleted]

    # --- request handling ---------------------------------------------------------------------------

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parsed = urlparse(h.path)
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        body: dict[str, Any] = {}
        if raw:
            if (h.headers.get("Content-Type") or "").startswith("application/json"):
                body = json.loads(raw)
            else:
                body = {k: v[-1] for k, v in parse_qs(raw.decode()).items()}
        with self.lock:
            self.requests.append((h.command, parsed.path))
            self.received.append(
                Received(h.command, parsed.path, query, {k.lower(): v for k, v in h.headers.items()}, body)
            )
            fault = next((f for f in self.faults if f.path in parsed.path and f.times > 0), None)
            if fault:
                fault.times -= 1
            budget_spent = self.budget is not None and self.budget <= 0
            if self.budget is not None:
                self.budget -= 1
        if fault and fault.kind == "slow":
            time.sleep(self.slow_seconds)
        if fault and fault.kind in ("500", "429", "401"):
            headers = {}
            if fault.kind == "429":
                headers = {
                    "x-rate-limit-reset": str(int(time.time()) + fault.reset_in),
                    "x-rate-limit-remaining": "0",
                }
            self._send(h, int(fault.kind), {"error": "injected"}, headers)
            return
        if budget_spent:
            self._send(
                h,
                429,
                {"error": "Too Many Requests"},
                {
                    "x-rate-limit-reset": str(self.reset_at),
                    "retry-after": str(max(1, self.reset_at - int(time.time()))),
                },
            )
            return
        open_paths = ("/xrpc/com.atproto.server.createSession",)
        if (
            parsed.path not in open_paths
            and h.headers.get("Authorization") != f"Bearer {self._token_for(parsed.path)}"
        ):
            self._send(h, 401, {"error": "invalid or missing token"}, {})
            return
        try:
            status, payload, headers = self._route(h.command, parsed.path, query, body, h)
        except KeyError as exc:
            status, payload, headers = 404, {"error": f"not found: {exc}"}, {}
        if fault and fault.kind == "truncated":
            text = json.dumps(payload)
            self._send_raw(h, status, text[: max(1, len(text) // 2)].encode(), headers)
            return
        if fault and fault.kind == "malformed":
            self._send_raw(h, status, b"<html>502 Bad Gateway</html>", headers)
            return
        self._send(h, status, payload, headers)

    def _token_for(self, path: str) -> str:
        return self.bsky_jwt if path.startswith("/xrpc/") else self.token

    def account_handle(self) -> str:
        """The brand account that is calling (the author of what it posts)."""
        return "acme"

    bsky_jwt = "fake-access-jwt-1111"

    def _send(self, h: BaseHTTPRequestHandler, status: int, payload: Any, headers: dict[str, str]) -> None:
        self._send_raw(h, status, json.dumps(payload).encode(), headers)

    def _send_raw(self, h: BaseHTTPRequestHandler, status: int, data: bytes, headers: dict[str, str]) -> None:
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _post_wait(self) -> None:
        delay = self.post_delay
        if isinstance(delay, tuple):
            delay = random.uniform(*delay)  # noqa: S311 - a test's timing, not a secret
        if delay:
            time.sleep(delay)

    def sent(self, method: str, path_part: str) -> list[Received]:
        """The requests with this method whose path contains `path_part`."""
        with self.lock:
            return [r for r in self.received if r.method == method and path_part in r.path]

    def _store_post(self, item: Item) -> None:
        """Store, then (in crash tests) hold the answer until the test says go."""
        self._post_wait()
        with self.lock:
            self.items.append(item)
        if self.hold_posts:
            self.post_stored.set()
            self.release.wait(timeout=30)

    ROUTES: list[tuple[str, str, str]] = [
        ("GET", r"/2/users/by/username/(?P<name>[^/]+)", "x_user"),
        ("GET", r"/2/users/(?P<uid>[\w-]+)/mentions", "x_mentions"),
        ("GET", r"/2/users/(?P<uid>[\w-]+)/tweets", "x_user_tweets"),
        ("GET", r"/2/tweets/search/recent", "x_search"),
        ("POST", r"/2/tweets", "x_post"),
        ("PUT", r"/2/tweets/(?P<tid>[\w-]+)/hidden", "x_hide"),
        ("DELETE", r"/2/tweets/(?P<tid>[\w-]+)", "x_delete"),
        ("POST", r"/2/dm_conversations/with/(?P<uid>[\w-]+)/messages", "x_dm"),
        ("GET", r"/2/dm_conversations/with/(?P<uid>[\w-]+)/dm_events", "x_dm_events"),
        ("GET", r"/api/v1/notifications", "m_notifications"),
        ("POST", r"/api/v1/statuses", "m_post"),
        ("GET", r"/api/v1/statuses/(?P<sid>[\w-]+)/context", "m_context"),
        ("DELETE", r"/api/v1/statuses/(?P<sid>[\w-]+)", "m_delete"),
        ("GET", r"/api/v1/accounts/lookup", "m_lookup"),
        ("GET", r"/api/v1/accounts/(?P<aid>[\w-]+)/statuses", "m_account_statuses"),
        ("POST", r"/xrpc/com.atproto.server.createSession", "b_session"),
        ("GET", r"/xrpc/app.bsky.notification.listNotifications", "b_notifications"),
        ("GET", r"/xrpc/app.bsky.feed.getPosts", "b_get_posts"),
        ("POST", r"/xrpc/com.atproto.repo.createRecord", "b_create"),
        ("GET", r"/xrpc/app.bsky.feed.getPostThread", "b_thread"),
        ("GET", r"/xrpc/app.bsky.feed.getAuthorFeed", "b_author_feed"),
        ("GET", r"/message/mentions", "r_mentions"),
        ("GET", r"/r/(?P<sub>\w+)/search", "r_search"),
        ("POST", r"/api/comment", "r_comment"),
        ("POST", r"/api/submit", "r_submit"),
        ("GET", r"/user/(?P<name>\w+)/submitted", "r_submitted"),
        ("GET", r"/user/(?P<name>\w+)/comments", "r_user_comments"),
        ("POST", r"/api/compose", "r_compose"),
        ("GET", r"/message/sent", "r_sent"),
        ("GET", r"/xrpc/chat.bsky.convo.getConvoForMembers", "b_convo"),
        ("POST", r"/xrpc/chat.bsky.convo.sendMessage", "b_send_message"),
        ("GET", r"/xrpc/chat.bsky.convo.getMessages", "b_messages"),
        ("GET", r"/(?P<acct>[\w.-]+)/(?P<edge>feed|media)", "g_posts"),
        ("GET", r"/(?P<oid>[\w.-]+)/(?P<edge>comments|replies)", "g_comments"),
        ("POST", r"/(?P<oid>[\w.-]+)/(?P<edge>comments|replies)", "g_reply"),
        ("POST", r"/(?P<acct>[\w.-]+)/feed", "g_page_post"),
        ("POST", r"/(?P<acct>[\w.-]+)/messages", "g_message"),
        ("POST", r"/(?P<oid>[\w.-]+)", "g_hide"),
        ("DELETE", r"/(?P<oid>[\w.-]+)", "g_delete"),
    ]

    def _route(
        self, method: str, path: str, q: dict[str, str], body: dict[str, Any], h: BaseHTTPRequestHandler
    ) -> Result:
        for m, pattern, name in self.ROUTES:
            match = re.fullmatch(pattern, path)
            if m == method and match:
                return getattr(self, name)(q, body, h, **match.groupdict())  # type: ignore[no-any-return]
        return 404, {"error": f"no route {method} {path}"}, {}

    # --- helpers ------------------------------------------------------------------------------------

    def _of(self, platform: str, *, ours: bool | None = None) -> list[Item]:
        with self.lock:
            return [
                i
                for i in self.items
                if i.platform == platform and i.id not in self.deleted and (ours is None or i.ours == ours)
            ]

    @staticmethod
    def _num(ext: str) -> int:
        return int(re.sub(r"\D", "", ext) or 0)

    # --- X ----------------------------------------------------------------------------------------

    def _tweet(self, i: Item) -> dict[str, Any]:
        t = {
            "id": i.id,
            "text": i.text,
            "created_at": i.created_at.isoformat().replace("+00:00", "Z"),
            "author_id": i.extra.get("author_id")
            or (BRAND_X_ID if i.ours else f"7{self._num(i.author) or abs(hash(i.author)) % 1000}"),
            "conversation_id": i.root or i.in_reply_to or i.id,
        }
        if i.in_reply_to:
            t["referenced_tweets"] = [{"type": "replied_to", "id": i.in_reply_to}]
        return t

    def _x_page(self, tweets: list[Item], q: dict[str, str]) -> Result:
        tweets = sorted(tweets, key=lambda i: self._num(i.id), reverse=True)
        if "since_id" in q:
            tweets = [t for t in tweets if self._num(t.id) > int(q["since_id"])]
        start = int(q.get("pagination_token", "0"))
        page = tweets[start : start + self.page_size]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta["newest_id"], meta["oldest_id"] = page[0].id, page[-1].id
        if start + self.page_size < len(tweets):
            meta["next_token"] = str(start + self.page_size)
        doc: dict[str, Any] = {"meta": meta}
        if page:
            doc["data"] = [self._tweet(t) for t in page]
            doc["includes"] = {
                "users": [
                    {
                        "id": self._tweet(t)["author_id"],
                        "username": t.author,
                        "name": t.author.title(),
                        "public_metrics": {"followers_count": t.extra.get("followers", 42)},
                    }
                    for t in page
                ]
            }
        return 200, doc, {"x-rate-limit-remaining": "100", "x-rate-limit-reset": str(self.reset_at)}

    def x_user(self, q: dict[str, str], body: dict[str, Any], h: Any, name: str) -> Result:
        uid = BRAND_X_ID if name == "acme" else "7001"
        return (
            200,
            {
                "data": {
                    "id": uid,
                    "username": name,
                    "name": name.title(),
                    "public_metrics": {"followers_count": 1234},
                }
            },
            {},
        )

    def x_mentions(self, q: dict[str, str], body: dict[str, Any], h: Any, uid: str) -> Result:
        return self._x_page([i for i in self._of("x", ours=False) if "@acme" in i.text.lower()], q)

    def x_search(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        query = q.get("query", "")
        reply_to = re.search(r"in_reply_to_tweet_id:(\d+)", query)
        if reply_to:
            found = [i for i in self._of("x", ours=True) if i.in_reply_to == reply_to.group(1)]
            return self._x_page(found, {})
        words = re.findall(r'(?<!-)"([^"]+)"', query)
        excluded = re.findall(r'-"([^"]+)"', query)
        found = [
            i
            for i in self._of("x", ours=False)
            if any(w.lower() in i.text.lower() for w in words)
            and not any(e.lower() in i.text.lower() for e in excluded)
        ]
        return self._x_page(found, q)

    def x_post(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        text = body.get("text", "")
        if len(text) > 280:
            return 400, {"detail": "text too long"}, {}
        item = Item(
            "x",
            self.next_id(),
            self.account_handle(),
            text,
            datetime.now(UTC),
            in_reply_to=(body.get("reply") or {}).get("in_reply_to_tweet_id"),
            ours=True,
        )
        self._store_post(item)
        return 201, {"data": {"id": item.id, "text": text}}, {}

    def x_user_tweets(self, q: dict[str, str], body: dict[str, Any], h: Any, uid: str) -> Result:
        """The account's own timeline; `exclude=replies` leaves out what answers someone."""
        mine = [i for i in self._of("x", ours=True) if uid == BRAND_X_ID]
        if "replies" in q.get("exclude", ""):
            mine = [i for i in mine if i.in_reply_to is None]
        return self._x_page(mine, {})

    def x_hide(self, q: dict[str, str], body: dict[str, Any], h: Any, tid: str) -> Result:
        self.hidden[tid] = bool(body.get("hidden"))
        return 200, {"data": {"hidden": self.hidden[tid]}}, {}

    def x_delete(self, q: dict[str, str], body: dict[str, Any], h: Any, tid: str) -> Result:
        self.deleted.add(tid)
        return 200, {"data": {"deleted": True}}, {}

    def _store_message(self, message: dict[str, Any]) -> None:
        self._post_wait()
        with self.lock:
            self.messages.append(message)

    def x_dm(self, q: dict[str, str], body: dict[str, Any], h: Any, uid: str) -> Result:
        event = {"id": self.next_id(), "sender_id": BRAND_X_ID, "to": uid, "text": body.get("text", "")}
        self._store_message(event)
        return 201, {"data": {"dm_event_id": event["id"], "dm_conversation_id": f"{BRAND_X_ID}-{uid}"}}, {}

    def x_dm_events(self, q: dict[str, str], body: dict[str, Any], h: Any, uid: str) -> Result:
        return (
            200,
            {"data": [{**m, "event_type": "MessageCreate"} for m in self.messages if m.get("to") == uid]},
            {},
        )

    # --- Mastodon -----------------------------------------------------------------------------------

    def _status(self, i: Item) -> dict[str, Any]:
        return {
            "id": i.id,
            "created_at": i.created_at.isoformat().replace("+00:00", "Z"),
            "in_reply_to_id": i.in_reply_to,
            "visibility": i.visibility,
            "content": f"<p>{html.escape(i.text)}</p>",
            "url": f"{self.url}/@{i.author}/{i.id}",
            "account": {
                "id": str(abs(hash(i.author)) % 10_000),
                "username": i.author,
                "acct": i.author,
                "display_name": i.author.title(),
                "followers_count": i.extra.get("followers", 7),
            },
        }

    def m_notifications(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        items = sorted(self._of("mastodon", ours=False), key=lambda i: self._num(i.id), reverse=True)
        if "since_id" in q:
            items = [i for i in items if self._num(i.id) > int(q["since_id"])]
        if "max_id" in q:
            items = [i for i in items if self._num(i.id) < int(q["max_id"])]
        page = items[: self.page_size]
        headers = {}
        if len(items) > self.page_size:
            nxt = {
                "types[]": "mention",
                "max_id": page[-1].id,
                **({"since_id": q["since_id"]} if "since_id" in q else {}),
            }
            headers["Link"] = f'<{self.url}/api/v1/notifications?{urlencode(nxt)}>; rel="next"'
        doc = [
            {
                "id": i.id,
                "type": "mention",
                "created_at": self._status(i)["created_at"],
                "account": self._status(i)["account"],
                "status": self._status(i),
            }
            for i in page
        ]
        return 200, doc, headers

    def m_post(self, q: dict[str, str], body: dict[str, Any], h: BaseHTTPRequestHandler) -> Result:
        key = h.headers.get("Idempotency-Key")
        with self.lock:
            if key and key in self.idempotency:
                existing = next(i for i in self.items if i.id == self.idempotency[key])
                return 200, self._status(existing), {}
        text = body.get("status", "")
        if len(text) > 500:
            return 422, {"error": "Validation failed: Text character limit of 500 exceeded"}, {}
        item = Item(
            "mastodon",
            self.next_id(),
            self.account_handle(),
            text,
            datetime.now(UTC),
            in_reply_to=body.get("in_reply_to_id"),
            visibility=body.get("visibility", "public"),
            ours=True,
        )
        with self.lock:
            if key:
                self.idempotency[key] = item.id
        self._store_post(item)
        return 200, self._status(item), {}

    def m_context(self, q: dict[str, str], body: dict[str, Any], h: Any, sid: str) -> Result:
        return (
            200,
            {
                "ancestors": [],
                "descendants": [self._status(i) for i in self._of("mastodon") if i.in_reply_to == sid],
            },
            {},
        )

    def m_delete(self, q: dict[str, str], body: dict[str, Any], h: Any, sid: str) -> Result:
        self.deleted.add(sid)
        return 200, {"id": sid}, {}

    def m_account_statuses(self, q: dict[str, str], body: dict[str, Any], h: Any, aid: str) -> Result:
        """Any account id answers with the brand's own statuses (the lookup gives every acct one id)."""
        mine = sorted(self._of("mastodon", ours=True), key=lambda i: self._num(i.id), reverse=True)
        if q.get("exclude_replies") == "true":
            mine = [i for i in mine if i.in_reply_to is None]
        return 200, [self._status(i) for i in mine if i.visibility != "direct"], {}

    def m_lookup(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        return 200, {"id": "55", "acct": q["acct"], "display_name": "Someone", "followers_count": 88}, {}

    # --- Bluesky ------------------------------------------------------------------------------------

    def b_session(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        if body.get("password") != self.bsky_password:
            return 401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}, {}
        return (
            200,
            {
                "accessJwt": self.bsky_jwt,
                "refreshJwt": "fake-refresh-jwt-2222",
                "did": BRAND_DID,
                "handle": body.get("identifier"),
            },
            {},
        )

    def _bpost(self, i: Item) -> dict[str, Any]:
        did = BRAND_DID if i.ours else f"did:plc:{i.author}"
        record: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": i.text,
            "createdAt": i.created_at.isoformat().replace("+00:00", "Z"),
        }
        if i.in_reply_to:
            root = i.root or i.in_reply_to
            record["reply"] = {
                "root": {"uri": root, "cid": "cid-" + root[-6:]},
                "parent": {"uri": i.in_reply_to, "cid": "cid-" + i.in_reply_to[-6:]},
            }
        return {
            "uri": i.id,
            "cid": "cid-" + i.id[-6:],
            "author": {"did": did, "handle": f"{i.author}.bsky.social"},
            "record": record,
            "indexedAt": record["createdAt"],
        }

    def b_notifications(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        items = sorted(self._of("bluesky", ours=False), key=lambda i: i.created_at, reverse=True)
        start = int(q.get("cursor", "0"))
        page = items[start : start + self.page_size]
        notes = [
            {**self._bpost(i), "reason": i.extra.get("reason", "mention"), "isRead": False} for i in page
        ]
        doc: dict[str, Any] = {"notifications": notes}
        if start + self.page_size < len(items):
            doc["cursor"] = str(start + self.page_size)
        return 200, doc, {}

    def b_get_posts(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        return 200, {"posts": [self._bpost(i) for i in self._of("bluesky") if i.id == q.get("uris")]}, {}

    def b_create(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        record = body["record"]
        if len(record.get("text", "")) > 300:
            return 400, {"error": "InvalidRequest", "message": "text too long"}, {}
        uri = f"at://{BRAND_DID}/app.bsky.feed.post/{self.next_id()}"
        reply = record.get("reply") or {}
        item = Item(
            "bluesky",
            uri,
            self.account_handle(),
            record.get("text", ""),
            datetime.now(UTC),
            in_reply_to=(reply.get("parent") or {}).get("uri"),
            root=(reply.get("root") or {}).get("uri"),
            ours=True,
        )
        self._store_post(item)
        return 200, {"uri": uri, "cid": "cid-" + uri[-6:]}, {}

    def b_thread(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        target = next(i for i in self._of("bluesky") if i.id == q["uri"])
        replies = [{"post": self._bpost(i)} for i in self._of("bluesky") if i.in_reply_to == target.id]
        return 200, {"thread": {"post": self._bpost(target), "replies": replies}}, {}

    def b_author_feed(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        if q.get("actor") != BRAND_DID:
            return 200, {"feed": []}, {}
        mine = sorted(self._of("bluesky", ours=True), key=lambda i: i.created_at, reverse=True)
        if q.get("filter") == "posts_no_replies":
            mine = [i for i in mine if i.in_reply_to is None]
        return 200, {"feed": [{"post": self._bpost(i)} for i in mine]}, {}

    # Bluesky chat is a separate service reached through the PDS with an `atproto-proxy` header.
    CHAT_PROXY = "did:web:api.bsky.chat#bsky_chat"

    def _chat_refused(self, h: Any) -> Result | None:
        if h.headers.get("atproto-proxy") != self.CHAT_PROXY:
            return 400, {"error": "InvalidRequest", "message": "chat calls need the atproto-proxy header"}, {}
        return None

    def b_convo(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        refused = self._chat_refused(h)
        if refused:
            return refused
        did = q["members"]
        if did in self.dms_disabled:
            return (
                400,
                {"error": "MessagesDisabled", "message": "recipient has disabled incoming messages"},
                {},
            )
        return 200, {"convo": {"id": f"convo-{did}", "members": [{"did": BRAND_DID}, {"did": did}]}}, {}

    def b_send_message(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        refused = self._chat_refused(h)
        if refused:
            return refused
        msg = {
            "id": "msg" + self.next_id(),
            "rev": "1",
            "convo": body["convoId"],
            "text": body["message"]["text"],
            "sender": {"did": BRAND_DID},
            "sentAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        }
        self._store_message(msg)
        return 200, msg, {}

    def b_messages(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        refused = self._chat_refused(h)
        if refused:
            return refused
        with self.lock:
            return 200, {"messages": [m for m in self.messages if m.get("convo") == q["convoId"]]}, {}

    # --- Reddit ---------------------------------------------------------------------------------------

    def r_compose(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        msg = {
            "name": "t4_" + self.next_id(),
            "dest": body["to"],
            "subject": body["subject"],
            "body": body["text"],
        }
        self._store_message(msg)
        return 200, {"json": {"errors": [], "data": {}}}, {}

    def r_sent(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        with self.lock:
            children = [
                {"kind": "t4", "data": m} for m in self.messages if str(m.get("name", "")).startswith("t4_")
            ]
        return 200, {"kind": "Listing", "data": {"children": children[::-1], "after": None}}, {}

    def _thing(self, i: Item) -> dict[str, Any]:
        kind, _, short = i.id.partition("_")
        data = {
            "name": i.id,
            "id": short,
            "author": i.author,
            "body": i.text,
            "created_utc": i.created_at.timestamp(),
            "parent_id": i.in_reply_to or i.extra.get("link", "t3_post1"),
            "link_id": i.extra.get("link", "t3_post1"),
            "subreddit": i.extra.get("sub", "acme"),
        }
        if kind == "t3":
            data = {
                "name": i.id,
                "id": short,
                "author": i.author,
                "title": i.text,
                "selftext": "",
                "created_utc": i.created_at.timestamp(),
                "subreddit": i.extra.get("sub", "acme"),
            }
        return {"kind": kind, "data": data}

    def _listing(self, items: list[Item], q: dict[str, str]) -> Result:
        items = sorted(items, key=lambda i: i.created_at, reverse=True)
        start = 0
        if "after" in q:
            start = next(n for n, i in enumerate(items) if i.id == q["after"]) + 1
        page = items[start : start + self.page_size]
        after = page[-1].id if page and start + self.page_size < len(items) else None
        return (
            200,
            {
                "kind": "Listing",
                "data": {"children": [self._thing(i) for i in page], "after": after, "before": None},
            },
            {"x-ratelimit-remaining": "99", "x-ratelimit-reset": "300"},
        )

    def r_mentions(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        return self._listing([i for i in self._of("reddit", ours=False) if i.id.startswith("t1_")], q)

    def r_search(self, q: dict[str, str], body: dict[str, Any], h: Any, sub: str) -> Result:
        words = [w.lower() for w in re.findall(r'"([^"]+)"', q.get("q", ""))]
        found = [
            i
            for i in self._of("reddit", ours=False)
            if i.id.startswith("t3_")
            and i.extra.get("sub") == sub
            and any(w in i.text.lower() for w in words)
        ]
        return self._listing(found, q)

    def r_comment(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        item = Item(
            "reddit",
            f"t1_{self.next_id()}",
            self.account_handle(),
            body["text"],
            datetime.now(UTC),
            in_reply_to=body["thing_id"],
            ours=True,
        )
        self._store_post(item)
        return 200, {"json": {"errors": [], "data": {"things": [self._thing(item)]}}}, {}

    def r_submit(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        """A self-post (kind=self) in a subreddit; the answer carries the new post's name and url."""
        if body.get("kind") != "self" or not body.get("title") or not body.get("sr"):
            return 200, {"json": {"errors": [["BAD_REQUEST", "kind, title and sr are required", "kind"]]}}, {}
        short = self.next_id()
        item = Item(
            "reddit",
            f"t3_{short}",
            self.account_handle(),
            body.get("text", ""),
            datetime.now(UTC),
            ours=True,
            extra={"sub": body["sr"], "title": body["title"]},
        )
        self._store_post(item)
        url = f"https://www.reddit.com/r/{body['sr']}/comments/{short}/"
        return 200, {"json": {"errors": [], "data": {"url": url, "id": short, "name": item.id}}}, {}

    def r_submitted(self, q: dict[str, str], body: dict[str, Any], h: Any, name: str) -> Result:
        posts = [
            i for i in self._of("reddit", ours=True) if i.id.startswith("t3_") and i.author == name
        ]
        children = [
            {
                "kind": "t3",
                "data": {
                    "name": i.id,
                    "id": i.id[3:],
                    "author": i.author,
                    "title": i.extra.get("title", ""),
                    "selftext": i.text,
                    "subreddit": i.extra.get("sub", ""),
                    "permalink": f"/r/{i.extra.get('sub', '')}/comments/{i.id[3:]}/",
                },
            }
            for i in posts[::-1]
        ]
        return 200, {"kind": "Listing", "data": {"children": children, "after": None}}, {}

    def r_user_comments(self, q: dict[str, str], body: dict[str, Any], h: Any, name: str) -> Result:
        return self._listing([i for i in self._of("reddit") if i.author == name], {})

    # --- Graph (Facebook, Instagram) ------------------------------------------------------------------

    def _gcomment(self, i: Item) -> dict[str, Any]:
        stamp = i.created_at.strftime("%Y-%m-%dT%H:%M:%S+0000")
        if i.platform == "instagram":
            d: dict[str, Any] = {
                "id": i.id,
                "text": i.text,
                "timestamp": stamp,
                "username": i.author,
                "from": {"id": IG_ID if i.ours else "88" + str(self._num(i.id)), "username": i.author},
            }
        else:
            d = {
                "id": i.id,
                "message": i.text,
                "created_time": stamp,
                "from": {"id": PAGE_ID if i.ours else "77" + str(self._num(i.id)), "name": i.author.title()},
            }
        if i.in_reply_to and i.extra.get("post") != i.in_reply_to:
            d["parent"] = {"id": i.in_reply_to}
        return d

    def g_posts(self, q: dict[str, str], body: dict[str, Any], h: Any, acct: str, edge: str) -> Result:
        platform = "facebook" if edge == "feed" else "instagram"
        posts = sorted({i.extra["post"] for i in self._of(platform) if "post" in i.extra})
        data: list[dict[str, Any]] = [{"id": p} for p in posts]
        # the Page's own posts (status updates) are on its feed too, newest first
        own = sorted(
            (i for i in self._of(platform, ours=True) if i.extra.get("page_post")),
            key=lambda i: i.created_at,
            reverse=True,
        )
        data = [{"id": i.id, "message": i.text, "from": {"id": PAGE_ID, "name": "Acme"}} for i in own] + data
        return 200, {"data": data}, {}

    def g_comments(self, q: dict[str, str], body: dict[str, Any], h: Any, oid: str, edge: str) -> Result:
        with self.lock:
            found = [
                i
                for i in self.items
                if i.id not in self.deleted and (i.extra.get("post") == oid or i.in_reply_to == oid)
            ]
        if "since" in q:
            found = [i for i in found if i.created_at.timestamp() >= int(q["since"])]
        found.sort(key=lambda i: i.created_at)
        start = int(q.get("after", "0"))
        page = found[start : start + self.page_size]
        doc: dict[str, Any] = {"data": [self._gcomment(i) for i in page]}
        if start + self.page_size < len(found):
            doc["paging"] = {
                "cursors": {"after": str(start + self.page_size)},
                "next": f"{self.url}/{oid}/{edge}?after=x",
            }
        return 200, doc, {}

    def g_reply(self, q: dict[str, str], body: dict[str, Any], h: Any, oid: str, edge: str) -> Result:
        platform = "instagram" if edge == "replies" else "facebook"
        item = Item(
            platform,
            f"{oid.split('_')[0]}_{self.next_id()}",
            self.account_handle(),
            body["message"],
            datetime.now(UTC),
            in_reply_to=oid,
            ours=True,
        )
        self._store_post(item)
        return 200, {"id": item.id}, {}

    def g_page_post(self, q: dict[str, str], body: dict[str, Any], h: Any, acct: str) -> Result:
        """A post on the Page's own feed, as the Page."""
        item = Item(
            "facebook",
            f"{acct}_{self.next_id()}",
            self.account_handle(),
            body.get("message", ""),
            datetime.now(UTC),
            ours=True,
            extra={"page_post": True},
        )
        self._store_post(item)
        return 200, {"id": item.id}, {}

    def g_message(self, q: dict[str, str], body: dict[str, Any], h: Any, acct: str) -> Result:
        msg = {
            "message_id": "m_" + self.next_id(),
            "recipient": body["recipient"],
            "text": body["message"]["text"],
        }
        self._store_message(msg)
        return 200, {"recipient_id": "5", "message_id": msg["message_id"]}, {}

    def g_delete(self, q: dict[str, str], body: dict[str, Any], h: Any, oid: str) -> Result:
        self.deleted.add(oid)
        return 200, {"success": True}, {}

    def g_hide(self, q: dict[str, str], body: dict[str, Any], h: Any, oid: str) -> Result:
        flag = body.get("is_hidden", body.get("hide"))
        self.hidden[oid] = flag == "true"
        return 200, {"success": True}, {}
