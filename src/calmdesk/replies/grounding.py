"""What a draft should say about this case: the problem in the customer's words, what kind
of complaint it is, and a time we can actually keep.

Why: a first reply that says "I'll look into it within the hour" whatever the complaint, on a
Sunday night too, reads as automated (B-ACK) and breaks its own promise. The composer fills
its templates from these facts instead: the customer's own words for the problem ("your
e-bike battery"), the escalation category (a charger that overheated gets "please stop using
it" first, a health complaint gets "get medical advice first", a data breach gets "change
your password"), praise gets thanks rather than an apology, and any promised time falls
inside the brand's business hours. Pure functions: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from calmdesk.domain.playbook import BusinessHours
from calmdesk.domain.sla import is_open, next_opening
from calmdesk.replies.rules.substance import is_complaint

#: Categories with their own wording, most urgent first (a post can be several; the first wins).
CATEGORIES: tuple[str, ...] = ("safety", "health", "data_breach", "pii_public", "legal", "press", "praise")

_HEALTH = re.compile(
    r"\b(?:ill|sick|unwell|poison\w*|vomit\w*|rash(?:es)?|(?:allergic )?reaction|allerg\w*|infection|"
    r"asthma|symptom\w*|fever|swallow\w*|choke\w*|choking|dizzy|headache|diarrh\w*|krank|übel)\b",
    re.I,
)
_PRAISE = re.compile(
    r"\b(?:thanks?|thank you|lovely|amazing|brilliant|great|fantastic|love|loved|excellent|well done|kudos|"
    r"shout ?out|wonderful|superb|helpful|best|danke|toll|super)\b",
    re.I,
)
_NEGATIVE = re.compile(
    r"n't|n’t|\b(?:not|no|never|still|wrong|broken|late|missing|lost|refund|charged|cancel\w*|problem|issue|"
    r"error|fail\w*|stuck|worst|rude|cold|damaged|faulty|awful|terrible|disappoint\w*|angry|why|so-so|but|though|"
    r"however|meh|nicht|kein\w*|aber|doppelt|falsch|fehlt|kaputt|beschädigt|abgebucht|erstatt\w*|reklamation|problem)\b",
    re.I,
)
_HAZARD = re.compile(
    r"\b(?:hot|heat\w*|overheat\w*|smok\w*|fire|flames?|burn\w*|spark\w*|melt\w*|shock\w*|explod\w*|mou?ld\w*|"
    r"slimy|rotten|peanuts?|nuts?|allerg\w*|glass|sharp|injur\w*|cut|leak\w*|gas|fumes?|brakes?|heiß|rauch\w*|brand\w*)\b",
    re.I,
)
_GERMAN = re.compile(
    r"\b(?:ich|nicht|und|ist|mein\w*|bei|seit|keine?|das|die|der|wurde|bestellung|lieferung|bitte|danke)\b", re.I
)
#: "my e-bike battery died", "the walnut desk arrived": the thing the customer is talking about.
_THING = re.compile(
    r"\b(?:my|our|the|your|mein\w*|unser\w*)\s+((?:[a-zäöüß][\w'’-]*\s+){0,2}?[a-zäöüß][\w'’-]*)"
    r"(?=\s+(?:is|was|has|have|hasn't|hasn’t|haven't|isn't|wasn't|arrived|came|never|still|keeps|kept|stopped|"
    r"didn't|didn’t|won't|won’t|got|broke|leaked|leaks|died|smells?|smelled|overheated|caught|exploded|sparked|"
    r"showed|shows|charged|crashed|froze|says|said|went|took|from|ist|war|kam|wurde|funktioniert)\b)",
    re.I,
)
_STOP_THINGS = frozenset(
    ["order", "account", "money", "time", "day", "week", "app", "website", "site", "team", "driver", "staff", "people", "service", "way", "bill", "one"]
)


@dataclass(frozen=True)
class CaseFacts:
    """What the case knows, as the composer needs it."""

    complaint: str = ""
    customer_name: str | None = None
    topic: str | None = None
    escalation: tuple[str, ...] = ()
    #: Secrets (card number, password) were in a public post of the customer's, which the desk hid.
    pii_public: bool = False
    order: str | None = None
    product: str | None = None
    languages: tuple[str, ...] = ("en",)
    #: When the reply is written, and when the desk is staffed (None: always).
    now: datetime | None = None
    hours: BusinessHours | None = None
    #: The named senior owner of a legal or press case, and the brand's holding line.
    senior_owner: str | None = None
    holding_line: str | None = None


def category(facts: CaseFacts) -> str | None:
    """The first matching category of `CATEGORIES`, or None for an ordinary complaint."""
    reasons = set(facts.escalation)
    if "press" in reasons:  # a reporter asking gets the holding line, not safety instructions
        return "press"
    # "stop using it" only fits a hazard the customer describes, not every safety escalation
    if "safety" in reasons and _HAZARD.search(facts.complaint):
        return "safety"
    if _HEALTH.search(facts.complaint):
        return "health"
    if "data_breach" in reasons:
        return "data_breach"
    if facts.pii_public:
        return "pii_public"
    if "legal" in reasons:
        return "legal"
    if "press" in reasons:
        return "press"
    text = facts.complaint
    if _PRAISE.search(text) and not _NEGATIVE.search(text) and "?" not in text and not is_complaint(text):
        return "praise"
    return None


def language(facts: CaseFacts) -> str:
    """The customer's language when the brand writes it, else the brand's first language."""
    langs = facts.languages or ("en",)
    if "de" in langs and len(_GERMAN.findall(facts.complaint)) >= 2:
        return "de"
    if "en" in langs and facts.complaint and len(_GERMAN.findall(facts.complaint)) < 2:
        return "en"
    return langs[0]


def problem(facts: CaseFacts, lang: str = "en") -> str | None:
    """The customer's own words for what went wrong, addressed to them ("your e-bike battery"),
    else the product on the order, else None (templates then use wording without it). German
    nouns need their gender for "dein/deine", so German drafts use wording without it."""
    if lang != "en":
        return None
    for m in _THING.finditer(facts.complaint):
        words = m.group(1).strip()
        if words.split()[-1].lower() in _STOP_THINGS or len(words) < 3:
            continue
        return f"your {words}"
    return f"your {facts.product}" if facts.product else None


_WEEKDAY = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
}


def promise_time(facts: CaseFacts, lang: str = "en") -> str:
    """A time to promise an update that the desk is staffed to keep: "within the hour" when it
    is open for the next hour, else the next opening ("when we open at 09:00 on Monday")."""
    soon = {"en": "within the hour", "de": "innerhalb einer Stunde"}.get(lang, "within the hour")
    if facts.hours is None or facts.now is None or facts.hours.always_open:
        return soon
    now = facts.now
    if is_open(facts.hours, now) and is_open(facts.hours, now + timedelta(minutes=59)):
        return soon
    opens = next_opening(facts.hours, now + timedelta(minutes=1) if is_open(facts.hours, now) else now)
    local_now = now.astimezone(opens.tzinfo)
    clock = opens.strftime("%H:%M")
    if opens.date() == local_now.date():
        day = {"en": "today", "de": "heute"}[lang if lang in ("en", "de") else "en"]
    elif opens.date() == (local_now + timedelta(days=1)).date():
        day = {"en": "tomorrow", "de": "morgen"}[lang if lang in ("en", "de") else "en"]
    else:
        names = _WEEKDAY.get(lang, _WEEKDAY["en"])
        day = ("on " if lang == "en" else "am ") + names[opens.weekday()]
    if lang == "de":
        return f"{day} ab {clock} Uhr"
    return f"{day} when we open at {clock}"


def variables(facts: CaseFacts, lang: str) -> dict[str, str]:
    """Template variables from the facts; absent facts are absent keys (never empty strings)."""
    out: dict[str, str] = {"when": promise_time(facts, lang)}
    what = problem(facts, lang)
    if what:
        out["problem"] = what
    if facts.order:
        out["order"] = facts.order
    if facts.product:
        out["product"] = facts.product
    if facts.senior_owner:
        out["owner"] = facts.senior_owner
    if facts.holding_line:
        out["holding_line"] = facts.holding_line
    return out
