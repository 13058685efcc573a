"""Just enough personal-data detection for R-PII-ECHO and R-ASK-PII-PUBLIC.

The triage area has its own, broader detector (`triage/pii.py`); this one is deliberately
separate and small because the question here is different: not "does this post expose
data?" but "does our public reply repeat something personal about this customer?". So it
also finds order numbers and street addresses (not secret, but personal in public), and it
compares the reply with the values seen in the complaint and the case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from calmdesk.domain.emails import EMAIL_PATTERN

PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s./-]?)?(?:\(\d{1,4}\)[\s./-]?)?\d{2,5}(?:[\s./-]?\d{2,5}){1,4}(?!\w)"
)
ORDER_RE = re.compile(
    r"(?:(?:order|bestellung|booking|buchung|invoice|rechnung|tracking|auftrag)"
    r"(?:\s*(?:no\.?|nr\.?|number|nummer|id|#))?\s*[:#]?\s*|#)"
    r"(?P<num>[A-Z]{0,4}-?\d[\d-]{3,}[A-Z0-9]*)",
    re.I,
)
CARD_RE = re.compile(
    r"(?:(?:card|karte|visa|mastercard|amex)\b[^.!?\n]{0,25}?(?:ending|endet|ends|last (?:four|4)(?: digits)?)"
    r"(?:\s+(?:in|with|on|auf|mit))?\s*[:#]?\s*(?P<last>\d{4}))"
    r"|(?P<pan>(?<!\d)(?:\d[ -]?){12,18}\d(?!\d))",
    re.I,
)
ADDRESS_RE = re.compile(
    r"\b\d{1,5}[a-z]?\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|"
    r"Boulevard|Blvd\.?|Way|Court|Ct\.?|Place|Pl\.?|Close|Terrace)\b"
    r"|\b[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|weg|gasse|allee|platz|ring)\s+\d{1,4}[a-z]?\b",
)


@dataclass(frozen=True)
class PersonalValue:
    kind: str  # email | phone | order | card | address
    value: str
    start: int
    end: int


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def find_personal(text: str) -> list[PersonalValue]:
    """Candidates in `text`, each with its span; overlapping phone/order/card matches are merged."""
    out: list[PersonalValue] = []
    for m in EMAIL_PATTERN.finditer(text):
        out.append(PersonalValue("email", m.group(0), m.start(), m.end()))
    for m in CARD_RE.finditer(text):
        if m.group("last"):
            out.append(PersonalValue("card", m.group("last"), m.start(), m.end()))
        else:
            out.append(PersonalValue("card", m.group("pan"), m.start("pan"), m.end("pan")))
    for m in ORDER_RE.finditer(text):
        out.append(PersonalValue("order", m.group("num"), m.start(), m.end()))
    for m in ADDRESS_RE.finditer(text):
        out.append(PersonalValue("address", m.group(0), m.start(), m.end()))
    taken = [(v.start, v.end) for v in out]
    for m in PHONE_RE.finditer(text):
        if len(_digits(m.group(0))) < 7:
            continue
        if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
            continue
        out.append(PersonalValue("phone", m.group(0), m.start(), m.end()))
    return sorted(out, key=lambda v: v.start)


def echoed_values(reply: str, complaint: str, known: Iterable[str] = ()) -> list[PersonalValue]:
    """Personal values in `reply` that belong to the customer.

    Order numbers, card digits and street addresses are personal whatever their source.
    E-mails and phone numbers count when they were in the complaint or are known values of
    the case: the brand's own hotline or support inbox is not the customer's data.
    """
    seen_digits = {_digits(v.value) for v in find_personal(complaint) if v.kind in ("phone", "card", "order")}
    seen_text = {v.value.lower() for v in find_personal(complaint) if v.kind == "email"}
    for k in known:
        k = k.strip()
        if not k:
            continue
        seen_text.add(k.lower())
        if len(_digits(k)) >= 4:
            seen_digits.add(_digits(k))
    out: list[PersonalValue] = []
    lowered = reply.lower()
    for v in find_personal(reply):
        if v.kind in ("order", "card", "address"):
            out.append(v)
        elif v.kind == "email":
            if v.value.lower() in seen_text:
                out.append(v)
        elif v.kind == "phone" and _digits(v.value) in seen_digits:
            out.append(v)
    # Known free-text values (a name of a street, a full address line) repeated verbatim.
    for k in known:
        k = k.strip()
        if len(k) >= 6 and not any(ch.isdigit() for ch in k) and "@" not in k:
            idx = lowered.find(k.lower())
            if idx >= 0:
                out.append(PersonalValue("known", k, idx, idx + len(k)))
    return sorted(out, key=lambda v: v.start)
