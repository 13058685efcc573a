"""E-mail: IMAP in, SMTP out; threads by Message-ID / In-Reply-To / References.

E-mail has no public side, so the connector polls, replies by mail and sends new mail (a
"private message"); there is nothing to hide or delete. The channel handle is the desk's
address (`support@acme.example`); its one credential, `email:<address>:password`, logs in to
both IMAP and SMTP.

Polling reads the folder with EXAMINE and `BODY.PEEK[]`, so the mailbox looks untouched to the
people who also read it in their mail client. The cursor is the folder's UIDVALIDITY and the
last UID read; when the server renumbers the folder (a new UIDVALIDITY) the connector reads
again from the start of the first-poll window and the idempotent ingest drops what it has.

Sending is at most once, the outbox's rule. Each mail gets a Message-ID derived from the outbox
idempotency key and an `X-Calmdesk-Reply` header derived from (target, text), and a copy is
filed in the Sent folder BEFORE the SMTP hand-over (unless the server files sent mail itself,
`sent_copy: server`). Reconciliation after a crash looks for that copy, so a crash anywhere
after the copy exists can never send twice. When the SMTP server clearly refuses the mail, the
copy is removed again so a later retry sends it; when the connection drops after the body was
handed over (the mail may be on its way), the copy stays and the retry records it as sent.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import imaplib
import ipaddress
import logging
import re
import smtplib
import ssl
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, getaddresses, parseaddr
from typing import Any, ClassVar

from calmdesk.channels._common.connector import (
    BadResponse,
    BaseConnector,
    ChannelConfig,
    FetchResult,
    PostedId,
    TextRejected,
    normalize_text,
)
from calmdesk.channels._common.cursor import dump_cursor, load_cursor
from calmdesk.channels._common.payload import PayloadError
from calmdesk.channels._common.ratelimit import (
    AuthError,
    ConnectorError,
    HttpClient,
    NotFoundError,
    TransientError,
)
from calmdesk.domain.mentions import MentionIn
from calmdesk.secrets import SecretValue, redact

log = logging.getLogger(__name__)

SECURITY_MODES = ("ssl", "starttls", "none")
#: The header that lets reconciliation recognise our copy of a mail in the Sent folder.
REPLY_HEADER = "X-Calmdesk-Reply"
_MSGID = re.compile(r"<([^<>\s]+)>")
_RE_PREFIX = re.compile(r"^\s*(re|aw|sv|antw)\s*:", re.IGNORECASE)
_FETCH_UID = re.compile(rb"\bUID (\d+)")
_FETCH_BATCH = 20
_MAX_REFERENCES = 20
_IMAP_ATOM_SAFE = re.compile(r"^[A-Za-z0-9._@+-]+$")


@dataclass
class EmailFetchResult(FetchResult):
    #: One line per message that could not be read (folder, UID, reason); the rest are ingested.
    errors: list[str] = field(default_factory=list)


def message_id_for(idempotency_key: str, domain: str) -> str:
    """The Message-ID of the mail an outbox item sends: the same key always gives the same id."""
    return f"calmdesk-{hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]}@{domain}"


def reply_digest(kind: str, target: str, text: str) -> str:
    """What identifies "this text sent to this target", however the text was re-wrapped."""
    raw = f"{kind}\n{target.strip().lower()}\n{normalize_text(text)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def reply_subject(subject: str) -> str:
    subject = " ".join(subject.split())
    if not subject:
        return "Re: your message"
    return subject if _RE_PREFIX.match(subject) else f"Re: {subject}"


def _ids(value: object) -> list[str]:
    return _MSGID.findall(str(value or ""))


def imap_quote(value: str) -> str:
    """An IMAP quoted string; CR, LF and non-ASCII cannot be quoted and are refused."""
    if any(ch in value for ch in "\r\n\0") or not value.isascii():
        raise ConnectorError(f"email: {value[:60]!r} cannot be sent to IMAP as a quoted string")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _mailbox(name: str) -> str:
    return name if _IMAP_ATOM_SAFE.match(name) else imap_quote(name)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _NotSent(Exception):
    """The SMTP server certainly did not take the mail; carries the error to raise."""

    def __init__(self, error: ConnectorError) -> None:
        super().__init__(str(error))
        self.error = error


class EmailConnector(BaseConnector):
    platform: ClassVar[str] = "email"
    capabilities: ClassVar[frozenset[str]] = frozenset({"poll", "reply", "private_message"})
    max_length: ClassVar[int | None] = 20_000  # R-LENGTH: a reply, not a document
    credential_names: ClassVar[tuple[str, ...]] = ("password",)
    parser_platform: ClassVar[str | None] = "email"

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
        s = config.settings
        self.address = config.handle.strip().lower()
        if "@" not in self.address:
            raise ConnectorError(f"email channel {config.handle!r}: the handle must be the desk's address")
        self.domain = str(s.get("message_id_domain") or self.address.rsplit("@", 1)[1])
        self.imap_host = str(s.get("imap_host") or "")
        self.smtp_host = str(s.get("smtp_host") or self.imap_host)
        if not self.imap_host:
            raise ConnectorError(f"email channel {config.handle!r}: settings.imap_host is missing")
        self.imap_security = self._security("imap_security", "ssl")
        self.smtp_security = self._security("smtp_security", "starttls")
        self.imap_port = int(s.get("imap_port") or (993 if self.imap_security == "ssl" else 143))
        self.smtp_port = int(
            s.get("smtp_port") or {"ssl": 465, "starttls": 587, "none": 25}[self.smtp_security]
        )
        self.username = str(s.get("username") or self.address)
        self.smtp_username = str(s.get("smtp_username") or self.username)
        self.folder = str(s.get("folder") or "INBOX")
        self.sent_folder = str(s.get("sent_folder") or "Sent")
        self.sent_copy = str(s.get("sent_copy") or "append")
        if self.sent_copy not in ("append", "server"):
            raise ConnectorError(
                f"email channel {config.handle!r}: settings.sent_copy must be 'append' or 'server'"
            )
        self.from_name = str(s.get("from_name") or "") or None
        self.timeout = float(s.get("timeout_s") or (http_options or {}).get("timeout") or 30.0)
        self.max_messages = int(s.get("max_messages") or 100)
        self.first_poll_days = int(s.get("first_poll_days") or 14)
        self.private_subject = str(s.get("subject") or f"Your message to {self.from_name or self.address}")
        self.ca_file = str(s.get("ca_file") or "") or None
        # The scheduler reads `http.limited_until` and closes `http`; mail has no HTTP budget.
        self.http = HttpClient(base_url=base_url or f"imap://{self.imap_host}:{self.imap_port}")

    def _security(self, key: str, default: str) -> str:
        value = str(self.config.settings.get(key) or default).lower()
        if value not in SECURITY_MODES:
            raise ConnectorError(
                f"email channel {self.config.handle!r}: settings.{key} must be one of {', '.join(SECURITY_MODES)}"
            )
        return value

    def __repr__(self) -> str:
        return f"EmailConnector(address={self.address!r}, imap={self.imap_host}:{self.imap_port})"

    @property
    def handle(self) -> str:
        return self.address

    # --- errors -----------------------------------------------------------------------------

    def _clean(self, text: str) -> str:
        """Server answers can echo what we sent; the password never leaves in an error."""
        return redact(text, [self.secret("password")])

    def _refuse_cleartext(self, host: str, security: str, what: str) -> None:
        if security == "none" and not _is_loopback(host):
            raise ConnectorError(
                f"email: refusing to send the {what} password unencrypted to {host}; "
                f"set settings.{what.lower()}_security to ssl or starttls"
            )

    def _ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)

    # --- IMAP -------------------------------------------------------------------------------

    @contextmanager
    def _imap(self) -> Iterator[imaplib.IMAP4]:
        """A logged-in session, logged out afterwards; socket and protocol errors are mapped."""
        self._refuse_cleartext(self.imap_host, self.imap_security, "IMAP")
        where = f"{self.imap_host}:{self.imap_port}"
        conn: imaplib.IMAP4 | None = None
        try:
            if self.imap_security == "ssl":
                conn = imaplib.IMAP4_SSL(
                    self.imap_host, self.imap_port, ssl_context=self._ssl_context(), timeout=self.timeout
                )
            else:
                conn = imaplib.IMAP4(self.imap_host, self.imap_port, timeout=self.timeout)
                if self.imap_security == "starttls":
                    conn.starttls(ssl_context=self._ssl_context())
            try:
                conn.login(self.username, self.secret("password"))
            except imaplib.IMAP4.abort:
                raise
            except imaplib.IMAP4.error as exc:
                raise AuthError(
                    self._clean(f"email: IMAP login as {self.username!r} on {where} refused: {exc}")
                ) from None
            yield conn
        except ConnectorError:
            raise
        except imaplib.IMAP4.abort as exc:
            raise TransientError(self._clean(f"email: IMAP connection to {where} broke: {exc}")) from None
        except imaplib.IMAP4.error as exc:
            raise ConnectorError(self._clean(f"email: IMAP server {where}: {exc}")) from None
        except (OSError, EOFError) as exc:
            raise TransientError(
                self._clean(f"email: cannot reach IMAP {where}: {type(exc).__name__}: {exc}")
            ) from None
        finally:
            if conn is not None:
                with suppress(Exception):
                    conn.logout()

    def _ok(self, what: str, answer: tuple[str, list[Any]]) -> list[Any]:
        typ, data = answer
        if typ != "OK":
            detail = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
            raise ConnectorError(self._clean(f"email: IMAP {what}: {typ} {detail}".strip()))
        return data

    def _select(self, conn: imaplib.IMAP4, folder: str, *, readonly: bool = True) -> str:
        """Open a folder; returns its UIDVALIDITY."""
        typ, data = conn.select(_mailbox(folder), readonly=readonly)
        if typ != "OK":
            detail = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
            raise ConnectorError(
                self._clean(f"email: folder {folder!r} cannot be opened on {self.imap_host}: {detail}")
            )
        _, values = conn.response("UIDVALIDITY")
        value = values[0] if values else None
        if not isinstance(value, bytes) or not value.strip().isdigit():
            raise BadResponse(f"email: folder {folder!r} has no UIDVALIDITY")
        return value.decode().strip()

    def _search(self, conn: imaplib.IMAP4, *criteria: str) -> list[int]:
        data = self._ok("UID SEARCH", conn.uid("SEARCH", *criteria))
        found: list[int] = []
        for chunk in data:
            if isinstance(chunk, bytes):
                found += [int(n) for n in chunk.split() if n.isdigit()]
        return sorted(set(found))

    def _fetch(self, conn: imaplib.IMAP4, uids: Sequence[int], item: str) -> dict[int, bytes]:
        out: dict[int, bytes] = {}
        for start in range(0, len(uids), _FETCH_BATCH):
            batch = uids[start : start + _FETCH_BATCH]
            data = self._ok("UID FETCH", conn.uid("FETCH", ",".join(map(str, batch)), f"(UID {item})"))
            for part in data:
                if isinstance(part, tuple) and len(part) == 2 and isinstance(part[1], bytes):
                    m = _FETCH_UID.search(part[0])
                    if m:
                        out[int(m.group(1))] = part[1]
        return out

    def _headers_of(self, raw: bytes) -> EmailMessage:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        return msg

    # --- polling ----------------------------------------------------------------------------

    def fetch_since(self, cursor: str | None) -> EmailFetchResult:
        """New mail by UID, oldest first, at most `max_messages` a poll (the next poll goes on)."""
        from calmdesk.channels import parse_payload  # the registry imports this module

        state = load_cursor(cursor)
        items: list[MentionIn] = []
        errors: list[str] = []
        with self._imap() as conn:
            validity = self._select(conn, self.folder, readonly=True)
            last = int(state.get("uid", "0") or 0)
            if state.get("uidvalidity") != validity or state.get("folder", self.folder) != self.folder:
                last = 0
            if last:
                uids = self._search(conn, "UID", f"{last + 1}:*")
            else:
                since = datetime.now(UTC) - timedelta(days=self.first_poll_days)
                uids = self._search(conn, "SINCE", since.strftime("%d-%b-%Y"))
            # `N:*` always matches the newest message, even when its UID is below N.
            uids = [u for u in uids if u > last][: self.max_messages]
            bodies = self._fetch(conn, uids, "BODY.PEEK[]")
        for uid in uids:
            raw = bodies.get(uid)
            if raw is None:
                errors.append(f"{self.folder} UID {uid}: the server sent no body")
                continue
            try:
                parsed = parse_payload("email", raw, brand_handle=self.address)
            except PayloadError as exc:
                errors.append(self._clean(f"{self.folder} UID {uid}: {exc}"))
                continue
            for mention in parsed:
                if mention.author.handle == self.address:
                    mention.direction = "outbound"  # our own mail (a copy, a Bcc) is the desk's side
            items += parsed
        for line in errors:
            log.warning("email %s: unreadable message skipped: %s", self.address, line)
        newest = max(uids) if uids else last
        next_cursor = dump_cursor({"folder": self.folder, "uidvalidity": validity, "uid": str(newest)})
        return EmailFetchResult(items, next_cursor, pages=1, errors=errors)

    # --- sending ----------------------------------------------------------------------------

    def reply(self, target_external_id: str, text: str, idempotency_key: str) -> str:
        """Answer the customer's mail `target_external_id` (its Message-ID) in the same thread,
        to its Reply-To (or From)."""
        return self._answer(None, target_external_id, text, idempotency_key)

    def send_private(
        self, recipient: str, text: str, idempotency_key: str, in_reply_to: str | None = None
    ) -> str:
        """A mail to `recipient` (an address); threaded under `in_reply_to` (the customer's
        Message-ID) with In-Reply-To/References when given, else a new conversation."""
        name, addr = parseaddr(recipient)
        if "@" not in addr:
            raise TextRejected(f"email: {recipient!r} is not an e-mail address")
        if in_reply_to:
            return self._answer((name, addr), in_reply_to, text, idempotency_key)
        self.check_text(text)
        mid = message_id_for(idempotency_key, self.domain)
        with self._imap() as conn:
            if self._sent_ids(conn, "HEADER", "Message-ID", imap_quote(f"<{mid}>")):
                return PostedId(mid, f"mid:{mid}")
            msg = self._compose(
                to=[(name, addr)],
                subject=self.private_subject,
                text=text,
                message_id=mid,
                digest=reply_digest("private", addr, text),
            )
            self._deliver(conn, msg, mid, [addr])
        return PostedId(mid, f"mid:{mid}")

    def _answer(
        self, to: tuple[str, str] | None, target_external_id: str, text: str, idempotency_key: str
    ) -> str:
        """A mail in the thread of `target_external_id`; `to` None answers its Reply-To/From."""
        self.check_text(text)
        mid = message_id_for(idempotency_key, self.domain)
        with self._imap() as conn:
            if self._sent_ids(conn, "HEADER", "Message-ID", imap_quote(f"<{mid}>")):
                return PostedId(mid, f"mid:{mid}")  # this outbox item's mail is already in Sent
            self._select(conn, self.folder, readonly=True)
            found = self._search(conn, "HEADER", "Message-ID", imap_quote(f"<{target_external_id}>"))
            headers = self._fetch(conn, found[-1:], "BODY.PEEK[HEADER]")
            if not headers:
                raise NotFoundError(f"email: message <{target_external_id}> is not in folder {self.folder!r}")
            original = self._headers_of(next(iter(headers.values())))
            if to is None:
                reply_to = getaddresses([str(original.get("Reply-To") or original.get("From") or "")])
                recipients = [(n, a) for n, a in reply_to if "@" in a]
            else:
                recipients = [to]
            if not recipients:
                raise BadResponse(f"email: message <{target_external_id}> has no sender address to answer")
            refs = _ids(original.get("References")) + [target_external_id]
            if len(refs) > _MAX_REFERENCES:
                refs = refs[:1] + refs[-(_MAX_REFERENCES - 1) :]
            msg = self._compose(
                to=recipients,
                subject=reply_subject(str(original.get("Subject") or "")),
                text=text,
                message_id=mid,
                digest=(
                    reply_digest("reply", target_external_id, text)
                    if to is None
                    else reply_digest("private", to[1], text)
                ),
                in_reply_to=target_external_id,
                references=refs,
            )
            self._deliver(conn, msg, mid, [a for _, a in recipients])
        return PostedId(mid, f"mid:{mid}")

    def _compose(
        self,
        *,
        to: Sequence[tuple[str, str]],
        subject: str,
        text: str,
        message_id: str,
        digest: str,
        in_reply_to: str | None = None,
        references: Sequence[str] = (),
    ) -> EmailMessage:
        msg = EmailMessage(policy=email.policy.SMTP)
        try:
            msg["From"] = formataddr((self.from_name or "", self.address))
            msg["To"] = ", ".join(formataddr(pair) for pair in to)
            msg["Subject"] = subject
            msg["Date"] = format_datetime(datetime.now(UTC))
            msg["Message-ID"] = f"<{message_id}>"
            if in_reply_to:
                msg["In-Reply-To"] = f"<{in_reply_to}>"
                msg["References"] = " ".join(f"<{r}>" for r in references)
            msg[REPLY_HEADER] = digest
        except ValueError as exc:  # CR/LF smuggled into an address or subject
            raise BadResponse(f"email: cannot build the mail headers: {exc}") from None
        msg.set_content(text)
        return msg

    def _deliver(self, conn: imaplib.IMAP4, msg: EmailMessage, mid: str, recipients: list[str]) -> None:
        """Copy to Sent, then SMTP; the copy is removed only when SMTP surely did not take it."""
        data = msg.as_bytes()
        if self.sent_copy == "append":
            self._ok(
                f"APPEND to {self.sent_folder!r}",
                conn.append(
                    _mailbox(self.sent_folder), r"(\Seen)", imaplib.Time2Internaldate(time.time()), data
                ),
            )
        try:
            self._smtp_send(recipients, data)
        except _NotSent as refused:
            if self.sent_copy == "append":
                try:
                    self._remove_sent(conn, mid)
                except ConnectorError as exc:
                    # A copy left in Sent would make the retry believe the mail went out.
                    raise ConnectorError(
                        f"{refused.error}; and its copy in {self.sent_folder!r} could not be removed "
                        f"({exc}), so it is not retried: resend it by hand"
                    ) from None
            raise refused.error from None

    def _remove_sent(self, conn: imaplib.IMAP4, mid: str) -> None:
        self._select(conn, self.sent_folder, readonly=False)
        uids = self._search(conn, "HEADER", "Message-ID", imap_quote(f"<{mid}>"))
        if not uids:
            return
        uid_set = ",".join(map(str, uids))
        self._ok("UID STORE", conn.uid("STORE", uid_set, "+FLAGS.SILENT", r"(\Deleted)"))
        if "UIDPLUS" in conn.capabilities:
            self._ok("UID EXPUNGE", conn.uid("EXPUNGE", uid_set))

    def _smtp_send(self, recipients: list[str], data: bytes) -> None:
        """Raises `_NotSent` when the mail surely stayed here, `TransientError` when it may have left."""
        self._refuse_cleartext(self.smtp_host, self.smtp_security, "SMTP")
        where = f"{self.smtp_host}:{self.smtp_port}"
        smtp: smtplib.SMTP | None = None
        handed_over = False
        try:
            if self.smtp_security == "ssl":
                smtp = smtplib.SMTP_SSL(
                    self.smtp_host, self.smtp_port, timeout=self.timeout, context=self._ssl_context()
                )
            else:
                smtp = smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=self.timeout)
                if self.smtp_security == "starttls":
                    smtp.starttls(context=self._ssl_context())
            smtp.ehlo_or_helo_if_needed()
            if self.config.settings.get("smtp_auth", True):
                smtp.login(self.smtp_username, self.secret("password"))
            code, answer = smtp.mail(self.address)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, answer, self.address)
            for rcpt in recipients:
                code, answer = smtp.rcpt(rcpt)
                if code not in (250, 251):
                    raise smtplib.SMTPRecipientsRefused({rcpt: (code, answer)})
            try:
                code, answer = smtp.data(data)
            except smtplib.SMTPDataError:
                raise  # DATA itself refused: nothing was handed over
            except (smtplib.SMTPServerDisconnected, OSError):
                handed_over = True
                raise
            if code != 250:
                raise smtplib.SMTPDataError(code, answer)
        except smtplib.SMTPAuthenticationError as exc:
            raise _NotSent(
                AuthError(
                    self._clean(f"email: SMTP login as {self.smtp_username!r} on {where} refused: {exc}")
                )
            ) from None
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [c for c, _ in exc.recipients.values()]
            detail = "; ".join(
                f"{r}: {c} {m.decode('utf-8', 'replace')}" for r, (c, m) in exc.recipients.items()
            )
            raise _NotSent(
                self._smtp_error(min(codes), f"email: SMTP {where} refused the recipient ({detail})")
            ) from None
        except smtplib.SMTPResponseException as exc:
            said = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else ""
            raise _NotSent(
                self._smtp_error(exc.smtp_code, f"email: SMTP {where} refused: {exc.smtp_code} {said}")
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            message = self._clean(f"email: SMTP {where}: {type(exc).__name__}: {exc}")
            if handed_over:
                raise TransientError(
                    f"{message}; the mail may have been delivered, so it is not sent again"
                ) from None
            raise _NotSent(TransientError(message)) from None
        finally:
            if smtp is not None:
                with suppress(Exception):
                    smtp.quit()
                with suppress(Exception):
                    smtp.close()

    def _smtp_error(self, code: int, message: str) -> ConnectorError:
        message = self._clean(message)
        return (
            TransientError(message, status=code)
            if 400 <= code < 500
            else ConnectorError(message, status=code)
        )

    # --- reconciliation ---------------------------------------------------------------------

    def _sent_ids(self, conn: imaplib.IMAP4, *criteria: str, digest: str | None = None) -> list[str]:
        """Message-IDs of the live copies in Sent matching `criteria` (and the digest, if given)."""
        self._select(conn, self.sent_folder, readonly=True)
        uids = self._search(conn, "UNDELETED", *criteria)
        found: list[str] = []
        for raw in self._fetch(conn, uids, "BODY.PEEK[HEADER]").values():
            headers = self._headers_of(raw)
            if digest is not None and str(headers.get(REPLY_HEADER) or "").strip() != digest:
                continue
            found += _ids(headers.get("Message-ID"))[:1]
        return found

    def find_existing_reply(self, target_external_id: str, text: str) -> str | None:
        digest = reply_digest("reply", target_external_id, text)
        with self._imap() as conn:
            found = self._sent_ids(
                conn, "HEADER", "In-Reply-To", imap_quote(f"<{target_external_id}>"), digest=digest
            )
        return found[-1] if found else None

    def find_existing_private(self, recipient: str, text: str) -> str | None:
        addr = parseaddr(recipient)[1]
        digest = reply_digest("private", addr, text)
        with self._imap() as conn:
            found = self._sent_ids(conn, "HEADER", "To", imap_quote(addr), digest=digest)
        return found[-1] if found else None
