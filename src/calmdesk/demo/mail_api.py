"""Local fake mail servers: real sockets on 127.0.0.1, in threads.

Two users: the e-mail connector tests (`tests/channels/email/fakemail.py` re-exports this module)
and the demo's sandbox platform (`calmdesk.demo.sandbox`), which runs one pair per demo e-mail
channel so the demo desk really sends its mail.

`FakeImap` speaks enough IMAP4rev1 for a real client (`imaplib`): CAPABILITY, LOGIN (checked),
SELECT/EXAMINE (UIDVALIDITY, EXISTS), UID SEARCH (ALL, UID sets, HEADER, SINCE, UNDELETED,
DELETED), UID FETCH (BODY.PEEK[], BODY[], RFC822, BODY.PEEK[HEADER], as literals), APPEND,
UID STORE, UID EXPUNGE, EXPUNGE, NOOP, LOGOUT. Fetching BODY[] without PEEK from a folder opened
read-write sets \\Seen, as real servers do, so a test can tell whether the poller left mail unread.

`FakeSmtp` speaks EHLO/HELO, AUTH PLAIN (checked), MAIL, RCPT, DATA, RSET, NOOP, QUIT. It can
refuse recipients or answer DATA with a chosen code, hold its answer after storing a message
(`hold`: the crash test kills the sender there), and file what it receives into a fake IMAP
folder the way Gmail files sent mail (`file_into`).

Every socket has a timeout and every thread is a daemon, so a confused client cannot hang a test.
"""

from __future__ import annotations

import base64
import re
import socketserver
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.parser import BytesHeaderParser
from types import TracebackType
from typing import Any

SOCKET_TIMEOUT = 10.0
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass
class StoredMessage:
    uid: int
    data: bytes
    flags: set[str] = field(default_factory=set)
    internal_date: datetime = field(default_factory=lambda: datetime.now(UTC))

    def header(self, name: str) -> list[str]:
        headers = BytesHeaderParser().parsebytes(self.data)
        return [str(v) for v in headers.get_all(name) or []]


@dataclass
class Folder:
    uidvalidity: int
    next_uid: int = 1
    messages: list[StoredMessage] = field(default_factory=list)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (the crash test kills one) is normal here, not a traceback."""


class _Base:
    """Start/stop plumbing shared by both fakes."""

    handler: type[socketserver.StreamRequestHandler]

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._server = _Server(("127.0.0.1", 0), self.handler)
        self._server.owner = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Any:
        self.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()


# --- IMAP -------------------------------------------------------------------------------------

_TOKEN = re.compile(
    rb'\s*(?:"((?:[^"\\]|\\.)*)"|(\()|(\))|\{(\d+)\}|([^\s()"]+(?:\[[^\]]*\](?:<[\d.]+>)?)?))'
)


def _tokens(line: bytes, literals: list[bytes]) -> list[Any]:
    """Atoms, quoted strings, literals (already read) and parenthesised lists, nested."""
    stack: list[list[Any]] = [[]]
    pos = 0
    lit = iter(literals)
    while pos < len(line):
        m = _TOKEN.match(line, pos)
        if not m or m.end() == pos:
            if line[pos:].strip() == b"":
                break
            raise ValueError(f"cannot read {line[pos:]!r}")
        pos = m.end()
        quoted, opening, closing, literal, atom = m.groups()
        if quoted is not None:
            stack[-1].append(re.sub(rb"\\(.)", rb"\1", quoted).decode())
        elif opening:
            stack.append([])
        elif closing:
            inner = stack.pop()
            stack[-1].append(inner)
        elif literal is not None:
            stack[-1].append(next(lit))
        elif atom is not None:
            stack[-1].append(atom.decode())
    if len(stack) != 1:
        raise ValueError("unbalanced parentheses")
    return stack[0]


def _uid_set(spec: str, folder: Folder) -> set[int]:
    top = max((m.uid for m in folder.messages), default=0)
    out: set[int] = set()
    for part in spec.split(","):
        if ":" in part:
            a, b = part.split(":", 1)
            lo = top if a == "*" else int(a)
            hi = top if b == "*" else int(b)
            lo, hi = min(lo, hi), max(lo, hi)
            out |= {m.uid for m in folder.messages if lo <= m.uid <= hi}
        else:
            n = top if part == "*" else int(part)
            out |= {m.uid for m in folder.messages if m.uid == n}
    return out


def _imap_date(value: str) -> date:
    day, mon, year = value.split("-")
    return date(int(year), _MONTHS.index(mon.title()) + 1, int(day))


class FakeImap(_Base):
    def __init__(self, user: str, password: str, folders: tuple[str, ...] = ("INBOX", "Sent")) -> None:
        self.user, self.password = user, password
        self.folders: dict[str, Folder] = {
            name: Folder(uidvalidity=1000 + i) for i, name in enumerate(folders)
        }
        self.commands: list[str] = []
        self.failed_logins = 0
        self.handler = _ImapHandler
        super().__init__()

    def deliver(self, folder: str, data: bytes, *, internal_date: datetime | None = None) -> int:
        with self.lock:
            f = self.folders[folder]
            uid = f.next_uid
            f.next_uid += 1
            f.messages.append(StoredMessage(uid, data, internal_date=internal_date or datetime.now(UTC)))
            return uid

    def renumber(self, folder: str) -> None:
        """What a server does after a rebuild: new UIDVALIDITY, new UIDs for the same mail."""
        with self.lock:
            f = self.folders[folder]
            f.uidvalidity += 1
            f.next_uid = 500
            for m in f.messages:
                m.uid = f.next_uid
                f.next_uid += 1

    def live(self, folder: str) -> list[StoredMessage]:
        with self.lock:
            return [m for m in self.folders[folder].messages if "\\Deleted" not in m.flags]


class _ImapHandler(socketserver.StreamRequestHandler):
    timeout = SOCKET_TIMEOUT

    @property
    def fake(self) -> FakeImap:
        owner = self.server.owner  # type: ignore[attr-defined]
        assert isinstance(owner, FakeImap)
        return owner

    def send(self, line: str | bytes) -> None:
        self.wfile.write((line.encode() if isinstance(line, str) else line) + b"\r\n")

    def read_command(self) -> tuple[bytes, list[bytes]] | None:
        """One command line with its literals (answering `+` before each literal)."""
        parts: list[bytes] = []
        literals: list[bytes] = []
        while True:
            raw = self.rfile.readline(65536)
            if not raw:
                return None
            line = raw.rstrip(b"\r\n")
            m = re.search(rb"\{(\d+)\}$", line)
            parts.append(line)
            if not m:
                return b"".join(parts), literals
            self.send("+ go ahead")
            literals.append(self.rfile.read(int(m.group(1))))

    def handle(self) -> None:
        self.authed = False
        self.selected: str | None = None
        self.readonly = True
        self.send("* OK [CAPABILITY IMAP4rev1 UIDPLUS] fake IMAP ready")
        while True:
            got = self.read_command()
            if got is None:
                return
            line, literals = got
            try:
                words = _tokens(line, literals)
                tag, command, args = str(words[0]), str(words[1]).upper(), words[2:]
            except (ValueError, IndexError, StopIteration):
                self.send("* BAD cannot parse")
                continue
            with self.fake.lock:
                self.fake.commands.append(command if command != "UID" else f"UID {str(args[0]).upper()}")
            try:
                if not self.dispatch(tag, command, args):
                    return
            except (ValueError, IndexError, KeyError) as exc:
                self.send(f"{tag} BAD {type(exc).__name__}: {exc}")

    def dispatch(self, tag: str, command: str, args: list[Any]) -> bool:
        fake = self.fake
        if command == "CAPABILITY":
            self.send("* CAPABILITY IMAP4rev1 UIDPLUS")
        elif command == "NOOP":
            pass
        elif command == "LOGOUT":
            self.send("* BYE see you")
            self.send(f"{tag} OK LOGOUT completed")
            return False
        elif command == "LOGIN":
            if str(args[0]) == fake.user and str(args[1]) == fake.password:
                self.authed = True
            else:
                with fake.lock:
                    fake.failed_logins += 1
                self.send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials")
                return True
        elif not self.authed:
            self.send(f"{tag} NO log in first")
            return True
        elif command in ("SELECT", "EXAMINE"):
            name = str(args[0])
            with fake.lock:
                folder = fake.folders.get(name)
                if folder is None:
                    self.selected = None
                    self.send(f"{tag} NO [NONEXISTENT] no folder {name}")
                    return True
                self.selected, self.readonly = name, command == "EXAMINE"
                self.send(r"* FLAGS (\Seen \Deleted \Draft \Answered \Flagged)")
                self.send(f"* {len(folder.messages)} EXISTS")
                self.send("* 0 RECENT")
                self.send(f"* OK [UIDVALIDITY {folder.uidvalidity}] UIDs valid")
                self.send(f"* OK [UIDNEXT {folder.next_uid}] predicted next UID")
            mode = "READ-ONLY" if self.readonly else "READ-WRITE"
            self.send(f"{tag} OK [{mode}] {command} completed")
            return True
        elif command == "APPEND":
            name, message = str(args[0]), args[-1]
            flags = next((a for a in args[1:-1] if isinstance(a, list)), [])
            with fake.lock:
                folder = fake.folders.get(name)
                if folder is None:
                    self.send(f"{tag} NO [TRYCREATE] no folder {name}")
                    return True
                uid = fake.deliver(name, message)
                folder.messages[-1].flags |= set(flags)
            self.send(f"{tag} OK [APPENDUID {folder.uidvalidity} {uid}] APPEND completed")
            return True
        elif command == "EXPUNGE":
            self.expunge(None)
        elif command == "UID":
            sub = str(args[0]).upper()
            if self.selected is None:
                self.send(f"{tag} NO no folder selected")
                return True
            if sub == "SEARCH":
                self.search(args[1:])
            elif sub == "FETCH":
                self.fetch(str(args[1]), args[2])
            elif sub == "STORE":
                if self.readonly:
                    self.send(f"{tag} NO folder is read-only")
                    return True
                self.store(str(args[1]), str(args[2]).upper(), args[3])
            elif sub == "EXPUNGE":
                self.expunge(str(args[1]))
            else:
                self.send(f"{tag} BAD unknown UID command {sub}")
                return True
        else:
            self.send(f"{tag} BAD unknown command {command}")
            return True
        self.send(f"{tag} OK {command} completed")
        return True

    def folder(self) -> Folder:
        assert self.selected is not None
        return self.fake.folders[self.selected]

    def search(self, keys: list[Any]) -> None:
        with self.fake.lock:
            folder = self.folder()
            hits = list(folder.messages)
            i = 0
            while i < len(keys):
                key = str(keys[i]).upper()
                if key == "ALL":
                    i += 1
                elif key == "UID":
                    wanted = _uid_set(str(keys[i + 1]), folder)
                    hits = [m for m in hits if m.uid in wanted]
                    i += 2
                elif key == "HEADER":
                    name, needle = str(keys[i + 1]), str(keys[i + 2]).lower()
                    hits = [m for m in hits if any(needle in v.lower() for v in m.header(name))]
                    i += 3
                elif key == "SINCE":
                    day = _imap_date(str(keys[i + 1]))
                    hits = [m for m in hits if m.internal_date.date() >= day]
                    i += 2
                elif key in ("UNDELETED", "DELETED"):
                    hits = [m for m in hits if ("\\Deleted" in m.flags) == (key == "DELETED")]
                    i += 1
                else:
                    raise ValueError(f"search key {key} not supported")
            self.send("* SEARCH" + "".join(f" {m.uid}" for m in hits))

    def fetch(self, spec: str, items: Any) -> None:
        names = [str(x).upper() for x in (items if isinstance(items, list) else [items])]
        with self.fake.lock:
            folder = self.folder()
            wanted = _uid_set(spec, folder)
            for seq, m in enumerate(folder.messages, start=1):
                if m.uid not in wanted:
                    continue
                head = f"* {seq} FETCH (UID {m.uid}"
                body: bytes | None = None
                label = ""
                for name in names:
                    if name == "BODY.PEEK[HEADER]":
                        end = m.data.find(b"\r\n\r\n")
                        body, label = (m.data if end < 0 else m.data[: end + 4]), "BODY[HEADER]"
                    elif name in ("BODY.PEEK[]", "BODY[]", "RFC822"):
                        body, label = m.data, "RFC822" if name == "RFC822" else "BODY[]"
                        if not name.startswith("BODY.PEEK") and not self.readonly:
                            m.flags.add("\\Seen")
                    elif name == "FLAGS":
                        head += " FLAGS (" + " ".join(sorted(m.flags)) + ")"
                    elif name != "UID":
                        raise ValueError(f"fetch item {name} not supported")
                if body is None:
                    self.send(head + ")")
                else:
                    self.wfile.write(f"{head} {label} {{{len(body)}}}\r\n".encode() + body + b")\r\n")

    def store(self, spec: str, how: str, flags: Any) -> None:
        values = {str(f) for f in (flags if isinstance(flags, list) else [flags])}
        with self.fake.lock:
            for m in self.folder().messages:
                if m.uid in _uid_set(spec, self.folder()):
                    if how.startswith("+"):
                        m.flags |= values
                    elif how.startswith("-"):
                        m.flags -= values
                    else:
                        m.flags = set(values)

    def expunge(self, spec: str | None) -> None:
        with self.fake.lock:
            folder = self.folder()
            keep = _uid_set(spec, folder) if spec else {m.uid for m in folder.messages}
            folder.messages = [m for m in folder.messages if not ("\\Deleted" in m.flags and m.uid in keep)]


# --- SMTP -------------------------------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_to: list[str]
    data: bytes


class FakeSmtp(_Base):
    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self.received: list[Received] = []
        self.refuse_rcpt: int | None = None  # e.g. 550: answer RCPT with this code
        self.data_code = 250  # the answer to the end of DATA (451: try later, 554: refused)
        self.hold = False  # store, then wait for `release` before answering DATA
        self.stored = threading.Event()
        self.release = threading.Event()
        self.file_into: tuple[FakeImap, str] | None = None
        self.handler = _SmtpHandler
        super().__init__()


class _SmtpHandler(socketserver.StreamRequestHandler):
    timeout = SOCKET_TIMEOUT

    @property
    def fake(self) -> FakeSmtp:
        owner = self.server.owner  # type: ignore[attr-defined]
        assert isinstance(owner, FakeSmtp)
        return owner

    def send(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def readline(self) -> str | None:
        raw = self.rfile.readline(65536)
        return raw.rstrip(b"\r\n").decode("utf-8", "replace") if raw else None

    def handle(self) -> None:
        fake = self.fake
        authed = False
        mail_from: str | None = None
        rcpts: list[str] = []
        self.send("220 fake ESMTP ready")
        while True:
            line = self.readline()
            if line is None:
                return
            verb, _, rest = line.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.send("250-fake.localhost")
                self.send("250-AUTH PLAIN")
                self.send("250 8BITMIME")
            elif verb == "HELO":
                self.send("250 fake.localhost")
            elif verb == "AUTH":
                mech, _, initial = rest.partition(" ")
                if mech.upper() != "PLAIN":
                    self.send("504 5.5.4 only PLAIN")
                    continue
                if not initial:
                    self.send("334 ")
                    initial = self.readline() or ""
                try:
                    _, user, password = base64.b64decode(initial).decode().split("\0")
                except ValueError:
                    self.send("501 5.5.2 cannot decode")
                    continue
                authed = user == fake.user and password == fake.password
                self.send("235 2.7.0 accepted" if authed else "535 5.7.8 authentication credentials invalid")
            elif verb == "MAIL":
                if not authed:
                    self.send("530 5.7.0 authentication required")
                    continue
                mail_from, rcpts = rest.split(":", 1)[1].strip().strip("<>"), []
                self.send("250 2.1.0 ok")
            elif verb == "RCPT":
                if mail_from is None:
                    self.send("503 5.5.1 MAIL first")
                elif fake.refuse_rcpt:
                    self.send(f"{fake.refuse_rcpt} 5.1.1 no such mailbox")
                else:
                    rcpts.append(rest.split(":", 1)[1].strip().strip("<>"))
                    self.send("250 2.1.5 ok")
            elif verb == "DATA":
                if not rcpts or mail_from is None:
                    self.send("503 5.5.1 RCPT first")
                    continue
                self.send("354 end with <CRLF>.<CRLF>")
                lines: list[bytes] = []
                while True:
                    raw = self.rfile.readline(1 << 20)
                    if not raw:
                        return
                    if raw == b".\r\n":
                        break
                    lines.append(raw[1:] if raw.startswith(b"..") else raw)
                if fake.data_code == 250:
                    message = Received(mail_from, rcpts, b"".join(lines))
                    with fake.lock:
                        fake.received.append(message)
                    if fake.file_into is not None:
                        imap, folder = fake.file_into
                        imap.deliver(folder, message.data)
                    fake.stored.set()
                    if fake.hold:
                        fake.release.wait(timeout=30)
                self.send(f"{fake.data_code} {'2.0.0 queued' if fake.data_code == 250 else 'not now'}")
                mail_from, rcpts = None, []
            elif verb == "RSET":
                mail_from, rcpts = None, []
                self.send("250 2.0.0 ok")
            elif verb == "NOOP":
                self.send("250 2.0.0 ok")
            elif verb == "QUIT":
                self.send("221 2.0.0 bye")
                return
            else:
                self.send("502 5.5.2 not implemented")
