"""The demo's sandbox platform: one local HTTP server that plays X, Facebook, Instagram, Mastodon,
Bluesky and Reddit for every demo brand, so the demo desk really posts.

Why a real server: issue 13 found the demo's replies shown as "sent" while every outbox row
stayed pending, because the demo's channels never connected. With the sandbox, the demo runs
the product's own path end to end: the outbox sender calls the connector, the connector calls
this server with the platform's API shape (`calmdesk.demo.platform_api`, the same code the
connectors tests use), the post gets a platform id and a page of its own here, and a private
hand-off lands in the recipient's inbox here. A customer's answer goes the other way: it is
added here and reaches the desk through the connector's poll, the real ingest path.

Each channel talks to `{url}/{platform}/{handle}/...`: the prefix says which brand account is
calling (the author of what it posts), and the rest is the platform's own path. Every API call
needs the sandbox token, which the demo stores in the encrypted store like a real credential.

The human pages (`/sandbox`, a post's page, a recipient's inbox) need no login: like the public
platforms they stand in for, they show what was published. The server listens on loopback only.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlparse

from calmdesk.demo.mail_api import FakeImap, FakeSmtp
from calmdesk.demo.platform_api import FakePlatform, Item, Result

#: The platforms the sandbox speaks for (e-mail and review sites have no API here).
PLATFORMS = ("x", "facebook", "instagram", "mastodon", "bluesky", "reddit")
#: E-mail has its own IMAP and SMTP servers per brand address (`Sandbox.add_mail_account`).
MAIL = "email"

#: Called with (platform, brand handle) after a customer's post was added, so the demo can poll
#: that channel at once instead of at its next turn.
CustomerHook = Callable[[str, str], None]


def channel_base_url(url: str, platform: str, handle: str) -> str:
    """Where one brand account's connector talks to the sandbox."""
    return f"{url.rstrip('/')}/{platform}/{quote(handle.lstrip('@'), safe='')}"


def post_page_template(url: str, platform: str) -> str:
    """The channel's `post_url_template`: a posted reply's link is its page here."""
    return f"{url.rstrip('/')}/sandbox/post/{platform}/{{id}}"


def inbox_url(url: str, platform: str, recipient: str) -> str:
    return f"{url.rstrip('/')}/sandbox/inbox/{platform}/{quote(recipient, safe='')}"


def recipient_of(platform: str, message: dict[str, Any]) -> str:
    """Who a private message went to, from the platform's own request shape."""
    if platform == "x":
        return str(message.get("to", ""))
    if platform in ("facebook", "instagram"):
        to = message.get("recipient") or {}
        return str(to.get("id") or to.get("comment_id") or "") if isinstance(to, dict) else str(to)
    if platform == "reddit":
        return str(message.get("dest", ""))
    if platform == "bluesky":
        return str(message.get("convo", "")).removeprefix("convo-")
    return ""


@dataclass
class MailAccount:
    """One brand mailbox: an IMAP server holding its INBOX and Sent, an SMTP server taking its mail."""

    address: str
    imap: FakeImap
    smtp: FakeSmtp


@dataclass(frozen=True)
class SeedMail:
    """A customer's mail the demo day already holds, put in the brand's INBOX so a reply can quote it."""

    message_id: str
    sender: str
    subject: str
    text: str
    at: datetime
    in_reply_to: str | None = None


def _mail_bytes(
    *, message_id: str, sender: str, to: str, subject: str, text: str, at: datetime, refs: list[str]
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = f"<{message_id}>"
    if refs:
        msg["In-Reply-To"] = f"<{refs[-1]}>"
        msg["References"] = " ".join(f"<{r}>" for r in refs)
    msg.set_content(text)
    return bytes(msg)


class Sandbox(FakePlatform):
    """The fake platform with brand accounts, pages for people, and customers who answer."""

    def __init__(
        self,
        token: str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        on_customer_post: CustomerHook | None = None,
    ) -> None:
        super().__init__(page_size=50)
        self.token = token
        self.bsky_password = token
        self.host = host
        self.port = port
        self.on_customer_post = on_customer_post
        self._local = threading.local()
        self.mail: dict[str, MailAccount] = {}

    def stop(self) -> None:
        for account in self.mail.values():
            account.imap.stop()
            account.smtp.stop()
        super().stop()

    # --- e-mail -------------------------------------------------------------------------------

    def add_mail_account(self, address: str, seed: Sequence[SeedMail] = ()) -> MailAccount:
        """Start IMAP and SMTP for one brand address (login: the address and the sandbox token).

        The day's mails are put in INBOX dated a month back, so the first poll (which looks two
        weeks back) does not fetch them again, while a reply can still find and quote them.
        """
        address = address.lower()
        imap = FakeImap(address, self.token)
        smtp = FakeSmtp(address, self.token)
        imap.start()
        smtp.start()
        account = MailAccount(address, imap, smtp)
        old = datetime.now(UTC) - timedelta(days=30)
        for m in seed:
            refs = [m.in_reply_to] if m.in_reply_to else []
            data = _mail_bytes(
                message_id=m.message_id, sender=m.sender, to=address, subject=m.subject, text=m.text,
                at=m.at, refs=refs,
            )  # fmt: skip
            imap.deliver("INBOX", data, internal_date=old)
        self.mail[address] = account
        return account

    def mails_sent(self) -> list[dict[str, Any]]:
        """Every mail the brands sent through the sandbox's SMTP servers, newest first."""
        out = []
        for account in self.mail.values():
            with account.smtp.lock:
                received = list(account.smtp.received)
            for r in received:
                msg = BytesParser(policy=default_policy).parsebytes(r.data)
                body = msg.get_body(preferencelist=("plain",))
                out.append(
                    {
                        "platform": MAIL,
                        "account": account.address,
                        "id": str(msg.get("Message-ID", "")).strip().strip("<>"),
                        "to": [t.lower() for t in r.rcpt_to],
                        "subject": str(msg.get("Subject", "")),
                        "text": body.get_content().strip() if body is not None else "",
                        "in_reply_to": str(msg.get("In-Reply-To", "")).strip().strip("<>") or None,
                        "at": str(msg.get("Date", "")),
                    }
                )
        return out[::-1]

    # --- which account is calling ------------------------------------------------------------

    def account(self) -> tuple[str, str]:
        return getattr(self._local, "account", ("", "brand"))  # type: ignore[no-any-return]

    def account_handle(self) -> str:
        return self.account()[1]

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parsed = urlparse(h.path)
        if parsed.path in ("/", "/sandbox") or parsed.path.startswith("/sandbox/"):
            self._page(h, parsed.path, parsed.query)
            return
        parts = parsed.path.split("/", 3)  # "", platform, handle, rest
        if len(parts) < 3 or parts[1] not in PLATFORMS or not parts[2]:
            self._send(
                h, 404, {"error": f"no sandbox account in {parsed.path!r}; use /PLATFORM/HANDLE/..."}, {}
            )
            return
        self._local.account = (parts[1], unquote(parts[2]))
        h.path = "/" + (parts[3] if len(parts) > 3 else "") + (f"?{parsed.query}" if parsed.query else "")
        super()._handle(h)

    # --- what is stored carries its account --------------------------------------------------

    def _store_post(self, item: Item) -> None:
        item.extra.setdefault("account", self.account_handle())
        super()._store_post(item)

    def _store_message(self, message: dict[str, Any]) -> None:
        platform, handle = self.account()
        message.update(
            platform=platform,
            account=handle,
            sandbox_to=recipient_of(platform, message),
            at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        super()._store_message(message)

    def _of(self, platform: str, *, ours: bool | None = None) -> list[Item]:
        """Listings show the calling account's items only (each brand polls its own mentions)."""
        items = super()._of(platform, ours=ours)
        calling = self.account()
        if calling[0] != platform:
            return items
        return [i for i in items if i.extra.get("account") in (None, calling[1])]

    def x_mentions(self, q: dict[str, str], body: dict[str, Any], h: Any, uid: str) -> Result:
        return self._x_page(self._of("x", ours=False), q)

    def x_user(self, q: dict[str, str], body: dict[str, Any], h: Any, name: str) -> Result:
        return (
            200,
            {
                "data": {
                    "id": x_user_id(name),
                    "username": name,
                    "name": name,
                    "public_metrics": {"followers_count": 1000},
                }
            },
            {},
        )

    def b_get_posts(self, q: dict[str, str], body: dict[str, Any], h: Any) -> Result:
        """A post the sandbox never saw (the demo's day happened before it started) is answered
        as it would be by Bluesky, so a reply can name its parent."""
        uri = q.get("uris", "")
        found = [self._bpost(i) for i in self._of("bluesky") if i.id == uri]
        if not found and uri:
            author = uri.split("/")[2] if uri.startswith("at://") else "someone"
            found = [self._bpost(Item("bluesky", uri, author, "", datetime.now(UTC)))]
        return 200, {"posts": found}, {}

    # --- customers ----------------------------------------------------------------------------

    def customer_post(
        self,
        platform: str,
        account: str,
        *,
        author: str,
        text: str,
        in_reply_to: str | None,
        root: str | None,
        author_id: str | None = None,
        followers: int | None = None,
    ) -> Item:
        """A customer answers in a brand's thread; the desk fetches it through the connector's poll."""
        if platform not in (*PLATFORMS, MAIL):
            raise ValueError(f"the sandbox has no {platform!r} (it has {', '.join((*PLATFORMS, MAIL))})")
        if not text.strip():
            raise ValueError("a customer's post needs text")
        if platform == MAIL:
            return self._customer_mail(account, author, text, in_reply_to, root)
        with self.lock:
            n = self.next_id()
        ext = {"bluesky": f"at://did:plc:{author}/app.bsky.feed.post/{n}", "reddit": f"t1_{n}"}.get(
            platform, n
        )
        extra: dict[str, Any] = {"account": account.lstrip("@")}
        if author_id:
            extra["author_id"] = author_id
        if followers is not None:
            extra["followers"] = followers  # the same person, the same reach as the desk knows
        if platform == "reddit" and root:
            extra["link"] = root
        if platform in ("facebook", "instagram") and root:
            # an answer under the comment that opened the case, on the post that comment is on
            extra["post"] = f"post-{root}"
        item = Item(
            platform, ext, author, text, datetime.now(UTC), in_reply_to=in_reply_to, root=root, extra=extra
        )
        with self.lock:
            self.items.append(item)
        if self.on_customer_post is not None:
            self.on_customer_post(platform, account.lstrip("@"))
        return item

    def _customer_mail(
        self, account: str, sender: str, text: str, in_reply_to: str | None, root: str | None
    ) -> Item:
        """The customer answers by mail: it lands in the brand's INBOX, where the poller finds it."""
        box = self.mail.get(account.lower())
        if box is None:
            raise ValueError(f"the sandbox has no mailbox {account!r}")
        with self.lock:
            n = self.next_id()
        domain = sender.rsplit("@", 1)[-1] if "@" in sender else "customer.example"
        mid = f"sandbox-{n}@{domain}"
        refs = list(dict.fromkeys(r for r in (root, in_reply_to) if r))
        data = _mail_bytes(
            message_id=mid, sender=sender, to=box.address, subject="Re: your message", text=text,
            at=datetime.now(UTC), refs=refs,
        )  # fmt: skip
        box.imap.deliver("INBOX", data)
        item = Item(MAIL, mid, sender, text, datetime.now(UTC), in_reply_to=in_reply_to, root=root)
        item.extra["account"] = box.address
        with self.lock:
            self.items.append(item)
        if self.on_customer_post is not None:
            self.on_customer_post(MAIL, box.address)
        return item

    # --- what happened, for people and tests -----------------------------------------------------

    def posts(self, platform: str | None = None) -> list[Item]:
        """What the brands published here, newest first."""
        with self.lock:
            found = [i for i in self.items if i.ours and (platform is None or i.platform == platform)]
        return sorted(found, key=lambda i: i.created_at, reverse=True)

    def customer_posts(self) -> list[Item]:
        with self.lock:
            return sorted((i for i in self.items if not i.ours), key=lambda i: i.created_at, reverse=True)

    def inbox(self, platform: str, recipient: str) -> list[dict[str, Any]]:
        """The private messages one person received here, oldest first."""
        if platform == MAIL:
            return [m for m in reversed(self.mails_sent()) if recipient.lower() in m["to"]]
        with self.lock:
            return [
                m for m in self.messages if m.get("platform") == platform and m.get("sandbox_to") == recipient
            ]

    def state(self) -> dict[str, Any]:
        """Everything the sandbox holds, as JSON (GET /sandbox/state.json)."""
        return {
            "posts": [self._item_json(i) for i in self.posts()],
            "customer_posts": [self._item_json(i) for i in self.customer_posts()],
            "messages": [dict(m) for m in self.messages],
            "mails": self.mails_sent(),
        }

    def _item_json(self, i: Item) -> dict[str, Any]:
        return {
            "platform": i.platform,
            "id": i.id,
            "account": i.extra.get("account"),
            "author": i.author,
            "text": i.text,
            "in_reply_to": i.in_reply_to,
            "created_at": i.created_at.isoformat(timespec="seconds"),
            "url": post_page_template(self.url, i.platform).format(id=quote(i.id, safe="")),
        }

    # --- pages ----------------------------------------------------------------------------------

    def _page(self, h: BaseHTTPRequestHandler, path: str, query: str) -> None:
        parts = [unquote(p) for p in path.split("/")[2:]]  # after "/sandbox"
        if h.command == "POST" and parts == ["customer-reply"]:
            self._customer_form(h)
            return
        if h.command != "GET":
            self._send(h, 405, {"error": "method not allowed"}, {})
            return
        if parts == ["state.json"]:
            with self.lock:
                self._send(h, 200, self.state(), {})
            return
        if len(parts) == 3 and parts[0] == "post" and parts[1] == MAIL:
            mail = next((m for m in self.mails_sent() if m["id"] == parts[2]), None)
            if mail is None:
                self._html(h, 404, "Not found", "<p>No such mail in the sandbox.</p>")
                return
            self._html(h, 200, f"Mail {mail['subject']}", self._mail_html(mail))
            return
        if len(parts) == 3 and parts[0] == "post":
            item = next((i for i in self.posts(parts[1]) + self.customer_posts() if i.id == parts[2]), None)
            if item is None:
                self._html(h, 404, "Not found", "<p>No such post in the sandbox.</p>")
                return
            self._html(h, 200, f"{item.platform} post {item.id}", self._post_html(item))
            return
        if len(parts) == 3 and parts[0] == "inbox":
            self._html(h, 200, f"Inbox of {parts[2]} on {parts[1]}", self._inbox_html(parts[1], parts[2]))
            return
        if parts in ([], [""]):
            self._html(h, 200, "Sandbox platform", self._index_html(parse_qs(query).get("sent", [""])[0]))
            return
        self._html(h, 404, "Not found", "<p>No such sandbox page.</p>")

    def _customer_form(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        form = {k: v[-1] for k, v in parse_qs(h.rfile.read(length).decode()).items()}
        try:
            self.customer_post(
                form.get("platform", ""),
                form.get("account", ""),
                author=form.get("author", "") or "customer",
                text=form.get("text", ""),
                in_reply_to=form.get("in_reply_to") or None,
                root=form.get("root") or None,
                author_id=form.get("author_id") or None,
                followers=int(form["followers"]) if form.get("followers", "").isdigit() else None,
            )
        except ValueError as exc:
            self._html(h, 400, "Refused", f"<p>{html.escape(str(exc))}</p>")
            return
        h.send_response(303)
        h.send_header("Location", "/sandbox?" + urlencode({"sent": "1"}))
        h.send_header("Content-Length", "0")
        h.end_headers()

    def _html(self, h: BaseHTTPRequestHandler, status: int, title: str, body: str) -> None:
        doc = (
            "<!doctype html><html lang=en><head><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)} · calmdesk sandbox</title><style>{CSS}</style></head><body>"
            "<header><a href='/sandbox'>calmdesk sandbox platform</a>"
            "<span>a local stand-in for X, Facebook, Instagram, Mastodon, Bluesky and Reddit</span></header>"
            f"<main><h1>{html.escape(title)}</h1>{body}</main></body></html>"
        ).encode()
        try:
            h.send_response(status)
            h.send_header("Content-Type", "text/html; charset=utf-8")
            h.send_header("Content-Length", str(len(doc)))
            h.end_headers()
            h.wfile.write(doc)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _link(self, i: Item) -> str:
        return f"/sandbox/post/{i.platform}/{quote(i.id, safe='')}"

    def _post_html(self, item: Item) -> str:
        e = html.escape
        who = f"@{item.author}" + (" (the brand)" if item.ours else "")
        out = [
            f"<article class=post data-post-id='{e(item.id)}'><p class=who>{e(who)} · {e(item.platform)} · "
            f"<time>{e(item.created_at.isoformat(timespec='seconds'))}</time></p>"
            f"<p class=text>{e(item.text)}</p>"
        ]
        if item.in_reply_to:
            out.append(f"<p class=meta>in reply to <code>{e(item.in_reply_to)}</code></p>")
        out.append(f"<p class=meta>platform id <code>{e(item.id)}</code></p></article>")
        with self.lock:
            answers = [
                i
                for i in self.items
                if i.in_reply_to == item.id
                or (i.root == item.root and i.root and not i.ours and i is not item)
            ]
        if answers:
            out.append("<h2>Replies</h2><ul class=replies>")
            out += [f"<li><a href='{e(self._link(i))}'>@{e(i.author)}</a>: {e(i.text)}</li>" for i in answers]
            out.append("</ul>")
        if item.ours:
            out.append(self._reply_form(item))
        return "".join(out)

    def _reply_form(self, item: Item) -> str:
        """Answer as the customer: what a real person would do on the platform."""
        e = html.escape
        fields = {
            "platform": item.platform,
            "account": str(item.extra.get("account", "")),
            "in_reply_to": item.id,
            "root": item.root or item.in_reply_to or "",
        }
        hidden = "".join(f"<input type=hidden name={k} value='{e(v)}'>" for k, v in fields.items())
        return (
            "<form method=post action='/sandbox/customer-reply' class=reply><h2>Answer as the customer</h2>"
            f"{hidden}<label>Customer handle <input name=author required></label>"
            "<label>Text <textarea name=text required rows=2>Thank you, that sorted it!</textarea></label>"
            "<button>Post as the customer</button></form>"
        )

    def _mail_html(self, mail: dict[str, Any]) -> str:
        e = html.escape
        return (
            f"<article class=post data-post-id='{e(mail['id'])}'><p class=who>from {e(mail['account'])} to "
            f"{e(', '.join(mail['to']))} · <time>{e(mail['at'])}</time></p>"
            f"<p class=meta>Subject: {e(mail['subject'])}</p><p class=text style='white-space:pre-wrap'>"
            f"{e(mail['text'])}</p><p class=meta>Message-ID <code>{e(mail['id'])}</code></p></article>"
        )

    def _inbox_html(self, platform: str, recipient: str) -> str:
        e = html.escape
        got = self.inbox(platform, recipient)
        if not got:
            return "<p class=empty>No private messages yet.</p>"
        rows = "".join(
            f"<li class=message><span class=from>from @{e(str(m.get('account', '')))}</span> "
            f"<time>{e(str(m.get('at', '')))}</time><p>{e(str(m.get('text') or m.get('body') or ''))}</p></li>"
            for m in got
        )
        return f"<ul class=inbox>{rows}</ul>"

    def _index_html(self, sent: str) -> str:
        e = html.escape
        out = []
        if sent:
            out.append(
                "<p class=notice role=status>The customer's post is published; the desk fetches it now.</p>"
            )
        with self.lock:
            posts = self.posts()
            messages = list(self.messages)
            customers = self.customer_posts()
        for mail in self.mails_sent():
            messages += [{"platform": MAIL, "sandbox_to": to} for to in mail["to"]]
        out.append("<h2>Published by the brands</h2>")
        if not posts:
            out.append("<p class=empty>Nothing yet: send a public reply from the desk.</p>")
        else:
            out.append("<ul class=posts>")
            for i in posts:
                out.append(
                    f"<li><a href='{e(self._link(i))}'>{e(i.platform)} · @{e(str(i.extra.get('account', '')))}</a> "
                    f"<time>{e(i.created_at.isoformat(timespec='seconds'))}</time><p>{e(i.text)}</p></li>"
                )
            out.append("</ul>")
        out.append("<h2>Private messages, by recipient</h2>")
        if not messages:
            out.append("<p class=empty>None yet: send a private hand-off from the desk.</p>")
        else:
            seen: dict[tuple[str, str], int] = {}
            for m in messages:
                key = (str(m.get("platform")), str(m.get("sandbox_to")))
                seen[key] = seen.get(key, 0) + 1
            out.append("<ul class=recipients>")
            for (platform, to), n in seen.items():
                href = f"/sandbox/inbox/{quote(platform)}/{quote(to, safe='')}"
                out.append(f"<li><a href='{e(href)}'>{e(platform)} · {e(to)}</a> ({n})</li>")
            out.append("</ul>")
        if customers:
            out.append("<h2>Customers' posts</h2><ul class=customers>")
            out += [f"<li>{e(i.platform)} · @{e(i.author)}: {e(i.text)}</li>" for i in customers]
            out.append("</ul>")
        return "".join(out)


def x_user_id(handle: str) -> str:
    """A stable numeric X id for a brand handle (X ids are digits)."""
    return str(int.from_bytes(handle.lower().encode()[:7].ljust(7, b"\0"), "big") % 10**12)


CSS = """
body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#27324a;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;flex-wrap:wrap;align-items:baseline}
header a{color:#fff;font-weight:600;text-decoration:none}header span{opacity:.8;font-size:.9rem}
main{max-width:46rem;margin:1rem auto;padding:0 1rem}
ul{list-style:none;padding:0}li{background:#fff;border:1px solid #d8dce3;border-radius:6px;padding:.5rem .75rem;margin:.4rem 0}
li p{margin:.25rem 0 0}time,.meta,.who{color:#5a6375;font-size:.85rem}
.post{background:#fff;border:1px solid #d8dce3;border-radius:8px;padding:1rem}.post .text{font-size:1.15rem}
.notice{background:#e6f4ea;border:1px solid #9cd3ad;padding:.5rem .75rem;border-radius:6px}
.empty{color:#5a6375}form.reply{display:grid;gap:.5rem;margin-top:1rem}
label{display:grid;gap:.2rem}textarea,input{font:inherit;padding:.4rem}
button{font:inherit;padding:.45rem .9rem;background:#27324a;color:#fff;border:0;border-radius:6px;justify-self:start}
"""
