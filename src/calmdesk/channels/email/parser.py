"""E-mail: one RFC 822 message (as IMAP `RFC822` returns it) into one private mention.

The external id is the Message-ID (without angle brackets); `In-Reply-To`, else the last of
`References`, is what it answers; the first of `References` is the thread. The body is the
text/plain part (else the HTML part as text) with the quoted earlier mail cut off, because the
desk already holds those earlier messages.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime

from calmdesk.channels._common.payload import Node, PayloadError, guarded, html_to_text, make_mention
from calmdesk.domain.mentions import AuthorIn, MentionIn

PLATFORM = "email"
_MSGID = re.compile(r"<([^<>\s]+)>")
_QUOTE_HEADER = re.compile(
    r"^\s*(On\b.{0,300}\bwrote:|Le\b.{0,300}\ba écrit\s?:|Am\b.{0,300}\bschrieb\b.{0,200}:)\s*$"
)
_ORIGINAL = re.compile(r"^\s*-{2,}\s*(Original Message|Forwarded message)\s*-{2,}\s*$", re.IGNORECASE)
_OUTLOOK_FROM = re.compile(r"^\s*From:\s.+$")


def _ids(value: str | None) -> list[str]:
    return _MSGID.findall(value or "")


def strip_quoted(text: str) -> str:
    """Cut the quoted earlier mail: from an "On ... wrote:" line, an Outlook header, or `>` lines."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        two = line + " " + (lines[i + 1] if i + 1 < len(lines) else "")
        if _QUOTE_HEADER.match(line) or _ORIGINAL.match(line):
            break
        if _QUOTE_HEADER.match(two.strip()) and not line.strip().endswith("."):
            break  # "On Mon, ... <x@y>\nwrote:" wrapped over two lines
        if _OUTLOOK_FROM.match(line) and kept and not kept[-1].strip():
            break
        if line.startswith(">"):
            continue
        kept.append(line)
    body = "\n".join(kept)
    body = re.split(r"\n-- \n", body, maxsplit=1)[0]  # signature separator
    return body.strip()


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        raw = part.get_payload(decode=True)
        content = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    return strip_quoted(content)


@guarded(PLATFORM)
def parse(payload: bytes | str, *, brand_handle: str | None = None) -> list[MentionIn]:
    if isinstance(payload, str):
        payload = payload.encode("utf-8", "surrogateescape")
    if not isinstance(payload, bytes) or not payload.strip():
        raise PayloadError(PLATFORM, "", "empty message")
    try:
        msg = email.message_from_bytes(payload, policy=email.policy.default)
    except Exception as exc:  # noqa: BLE001 - the email package raises many kinds on hostile input
        raise PayloadError(PLATFORM, "", f"not an RFC 822 message: {exc}") from exc
    assert isinstance(msg, EmailMessage)
    try:
        sender_name, sender = parseaddr(str(msg.get("From", "")))
        message_ids = _ids(str(msg.get("Message-ID", "")))
        date_header = msg.get("Date")
        subject = str(msg.get("Subject", "") or "")
        in_reply = _ids(str(msg.get("In-Reply-To", "")))
        references = _ids(str(msg.get("References", "")))
        to_name, to_addr = parseaddr(str(msg.get("Delivered-To") or msg.get("To") or ""))
        body = _body(msg)
    except PayloadError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed headers surface here, not at parse time
        raise PayloadError(PLATFORM, "headers", f"unreadable message: {exc}") from exc
    if not sender or "@" not in sender:
        raise PayloadError(PLATFORM, "From", "missing or not an address")
    if not message_ids:
        if not msg.get("Message-ID"):
            # Some forms and relays send none; a digest of the raw bytes is stable across re-fetches.
            message_ids = [f"sha256-{hashlib.sha256(payload).hexdigest()[:32]}@calmdesk.invalid"]
        else:
            raise PayloadError(PLATFORM, "Message-ID", "not of the form <id@host>")
    created: datetime
    try:
        created = parsedate_to_datetime(str(date_header)) if date_header else datetime.now(UTC)
    except (TypeError, ValueError) as exc:
        raise PayloadError(PLATFORM, "Date", f"not an RFC 5322 date: {str(date_header)[:60]!r}") from exc
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    text = (
        body if not subject or body.startswith(subject) else f"{subject}\n\n{body}" if not in_reply else body
    )
    parent = in_reply[0] if in_reply else (references[-1] if references else None)
    thread = references[0] if references else parent
    return [
        make_mention(
            platform=PLATFORM,
            where=Node({"message_id": message_ids[0], "subject": subject}, "$", PLATFORM),
            external_id=message_ids[0],
            text=text,
            created_at=created,
            author=AuthorIn(handle=sender.lower(), display_name=sender_name or None),
            brand_handle=brand_handle or (to_addr.lower() if to_addr else None),
            in_reply_to=parent,
            thread_id=thread,
            visibility="private",
        )
    ]
