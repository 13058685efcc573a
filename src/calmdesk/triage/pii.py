"""Personal data in a post, with character spans and a redacted copy (B-MODERATE).

Regexes find candidates; validators decide. A card number must pass the Luhn check and
look like a card (issuer prefix, no "order"/"tracking" label in front), an IBAN must pass
mod-97, so order numbers and references are not taken for private data. Presidio was not
usable here (see docs/decisions/0002-pii-without-presidio.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

PiiType = Literal["credit_card", "email", "phone", "password", "iban", "national_id"]


@dataclass(frozen=True)
class PiiSpan:
    type: PiiType
    start: int
    end: int


_ANY_DIGIT = re.compile(r"\d")
_CARD = re.compile(r"(?<![\w-])(?:\d[ -]?){12,18}\d(?![\w-])")
_CARD_PREFIX = re.compile(r"^(4|5[1-5]|2[2-7]|3[47]|3[0689]|6011|65|64[4-9]|62|35)")
_NOT_CARD_LABEL = re.compile(
    r"(order|tracking|ref(erence)?|invoice|ticket|booking|case|parcel|shipment|confirmation|account no|"
    r"imei|serial|#)\W{0,4}(no\.?|number|nr|id)?\W{0,3}$",
    re.I,
)
_CARD_LABEL = re.compile(r"(card|visa|mastercard|amex|cc|credit|debit)\b[^.!?]{0,20}$", re.I)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(?<![\w+])(?:"
    r"\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){1,4}"  # +44 7700 900123
    r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}"  # (555) 123-4567
    r"|\d{3}[.-]\d{3}[.-]\d{4}"  # 555-123-4567
    r"|0\d{2,4}[\s.-]?\d{3,4}[\s.-]?\d{3,4}"  # 07700 900123, 020 7946 0958
    r")(?![\w-])"
)
_PHONE_LABEL = re.compile(
    r"(call|ring|phone|tel|mobile|cell|number|text|whatsapp|reach me|contact me)\b[^.!?\d]{0,20}$", re.I
)
_PHONE_BARE = re.compile(r"(?<![\w#+-])\d{9,12}(?![\w-])")
_PASSWORD = re.compile(
    r"\b(?:password|passwd|pwd|passcode|pass code|(?<!boarding )(?<!bus )pass(?=\s*[:=])|pin(?: code| number)?|login)\s*(?:(?:is|was|to)\b|=|:|-)?\s*"
    r"(?:now\s+)?[\"'“]?(?P<secret>[^\s\"'”,;]{3,64})",
    re.I,
)
_PASSWORD_SEPARATOR = re.compile(r"\b(?:is|was|to)\b|[=:-]")
_PASSWORD_LABEL = re.compile(r"password|passwd|pwd|passcode|pass|pin|login")
_PASSWORD_STOP = {
    "reset",
    "the",
    "and",
    "not",
    "for",
    "you",
    "your",
    "my",
    "was",
    "has",
    "been",
    "is",
    "isn't",
    "doesn't",
    "won't",
    "again",
    "page",
    "link",
    "field",
    "changed",
    "change",
    "works",
    "working",
    "expired",
    "wrong",
    "incorrect",
    "correct",
    "forgot",
    "forgotten",
    "but",
    "still",
    "every",
    "keeps",
    "email",
    "anymore",
    "now",
    "that",
    "this",
    "without",
    "with",
    "screen",
    "request",
    "details",
    "code",
    "number",
    "into",
    "to",
    "in",
    "on",
    "at",
    "it",
    "or",
    "so",
    "just",
    "even",
    "after",
    "before",
    "because",
    "when",
    "twice",
    "manager",
}
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?\b")
_IBAN_LENGTHS = {
    "AD": 24,
    "AT": 20,
    "BE": 16,
    "BG": 22,
    "CH": 21,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "EE": 20,
    "ES": 24,
    "FI": 18,
    "FR": 27,
    "GB": 22,
    "GR": 27,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IS": 26,
    "IT": 27,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "MC": 27,
    "MT": 31,
    "NL": 18,
    "NO": 15,
    "PL": 28,
    "PT": 25,
    "RO": 24,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "TR": 26,
}
_SSN = re.compile(r"(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])")
_SSN_LABELLED = re.compile(
    r"\b(?:ssn|social security(?: number| no\.?)?|national id(?:entity)?(?: number| no\.?)?|"
    r"national insurance(?: number| no\.?)?|ni number|tax id|passport(?: number| no\.?)?|id number)"
    r"\s*(?:is|:|=|-)?\s*(?P<id>[A-Za-z0-9][A-Za-z0-9 -]{5,14}[A-Za-z0-9])",
    re.I,
)
_UK_NINO = re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(candidate: str) -> bool:
    s = candidate.replace(" ", "").upper()
    if _IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    moved = s[4:] + s[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in moved))
    except ValueError:
        return False
    return number % 97 == 1


def _ssn_ok(area: str, group: str, serial: str) -> bool:
    return area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"


def find_pii(text: str) -> list[PiiSpan]:
    """All personal data found, sorted by position, without overlaps (the first, longest wins)."""
    found: list[PiiSpan] = []
    if "@" in text:
        found += [PiiSpan("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    for m in _IBAN.finditer(text):
        if iban_ok(m.group()):
            found.append(PiiSpan("iban", m.start(), m.end()))
    has_digits = _ANY_DIGIT.search(text) is not None
    if has_digits:
        for m in _CARD.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if not (13 <= len(digits) <= 19 and luhn_ok(digits) and _CARD_PREFIX.match(digits)):
                continue
            before = text[max(0, m.start() - 30) : m.start()]
            if _NOT_CARD_LABEL.search(before) and not _CARD_LABEL.search(before):
                continue
            found.append(PiiSpan("credit_card", m.start(), m.end()))
        for m in _SSN.finditer(text):
            if _ssn_ok(*m.groups()):
                found.append(PiiSpan("national_id", m.start(), m.end()))
        for m in _PHONE.finditer(text):
            n_digits = sum(c.isdigit() for c in m.group())
            if 7 <= n_digits <= 15:
                found.append(PiiSpan("phone", m.start(), m.end()))
        for m in _PHONE_BARE.finditer(text):
            if _PHONE_LABEL.search(text[max(0, m.start() - 30) : m.start()]):
                found.append(PiiSpan("phone", m.start(), m.end()))
    lower = text.lower()
    if any(
        k in lower
        for k in ("ssn", "social security", "national", "passport", "tax id", "id number", "ni number")
    ):
        for m in _SSN_LABELLED.finditer(text):
            value = m.group("id")
            if sum(c.isdigit() for c in value) >= 4:
                found.append(PiiSpan("national_id", m.start("id"), m.end("id")))
    for m in _UK_NINO.finditer(text):
        found.append(PiiSpan("national_id", m.start(), m.end()))
    if any(k in lower for k in ("pass", "pwd", "pin", "login")):
        pos = 0
        while (pm := _PASSWORD.search(text, pos)) is not None:
            # A skipped match resumes at its would-be secret, so "my login password is X" still
            # finds "password is X" after "login" was passed over.
            pos = pm.start("secret")
            secret = pm.group("secret")
            word = secret.lower().rstrip(".!?")
            if word in _PASSWORD_STOP or (word.isalpha() and len(word) <= 3):
                continue
            label = pm.group().lower()
            if label.startswith("pin") and not any(c.isdigit() for c in secret):
                continue
            if label.startswith("login") and not re.search(r"(is|:|=)", label):
                continue
            if _PASSWORD_LABEL.fullmatch(word):
                continue
            # Without "is", ":" or "=" between them, only a secret-looking word counts
            # ("password Blue!Sky77"), never an ordinary one ("password please").
            if word.isalpha() and not _PASSWORD_SEPARATOR.search(label[: pm.start("secret") - pm.start()]):
                continue
            pos = pm.end()
            found.append(
                PiiSpan("password", pm.start("secret"), pm.start("secret") + len(secret.rstrip(".!?")))
            )
    return _without_overlaps(found)


_PRIORITY = {"credit_card": 0, "iban": 1, "national_id": 2, "email": 3, "password": 4, "phone": 5}


def _without_overlaps(spans: list[PiiSpan]) -> list[PiiSpan]:
    spans.sort(key=lambda s: (s.start, _PRIORITY[s.type], -(s.end - s.start)))
    out: list[PiiSpan] = []
    for s in spans:
        if out and s.start < out[-1].end:
            prev = out[-1]
            if _PRIORITY[s.type] < _PRIORITY[prev.type]:
                out[-1] = s
            continue
        out.append(s)
    return out


def redact(text: str, spans: list[PiiSpan]) -> str:
    """The text as it may be shown: each span replaced by its type in brackets."""
    parts = []
    pos = 0
    for s in sorted(spans, key=lambda s: s.start):
        parts.append(text[pos : s.start])
        parts.append(f"[{s.type}]")
        pos = s.end
    parts.append(text[pos:])
    return "".join(parts)
