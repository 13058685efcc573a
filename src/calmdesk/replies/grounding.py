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
from calmdesk.triage.language import language as detect_language

#: Categories with their own wording, most urgent first (a post can be several; the first wins).
CATEGORIES: tuple[str, ...] = ("safety", "health", "data_breach", "pii_public", "legal", "press", "praise")
#: Triage's topics (triage/topic.py) that have their own hand-off wording: what to ask for in
#: private depends on what went wrong (a charge needs the payment reference, a late parcel the
#: order and address, an app crash the device and version).
TOPICS: tuple[str, ...] = ("delivery", "billing", "product_quality", "account_access", "technical", "staff_service")

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
#: A hazard from something plugged in or charged: "unplug it" fits only these.
_ELECTRICAL = re.compile(
    r"\b(?:charg\w*|plug\w*|socket|cable|batter\w*|power ?bank|adapter|electric\w*|wiring|lithium|"
    r"volt\w*|watt|\d+ ?w\b|usb|ladegerät|stecker|steckdose|akku|kabel)\b",
    re.I,
)
#: Food, drink and allergens: "don't eat any more of it" and "keep the packaging (batch number)".
_FOOD = re.compile(
    r"\b(?:eat\w*|ate|food|meal\w*|snack\w*|bars?|salad|bread|sourdough|salmon|fish|meat|chicken|milk|"
    r"yog(?:h)?urt|cheese|fruit|berr(?:y|ies)|strawberr\w*|vegetables?|soup|sauce|drink\w*|juice|bites?|"
    r"nuts?|peanuts?|allergen\w*|gluten|lactose|ingredients?|wrapper|best-before|expiry|mou?ld\w*|"
    r"essen|lebensmittel|erdbeer\w*|schimmel\w*|joghurt|milch|brot|nüsse|erdnüss\w*)\b",
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
    ["order", "account", "money", "time", "day", "week", "app", "website", "site", "team", "driver", "staff",
     "people", "service", "way", "bill", "one", "money's", "page", "first", "last", "i", "it", "this", "that"]
)  # fmt: skip
#: A word with three digits in a row is a reference (order, ticket, tracking, account), not how a
#: person names a thing; quoting it back in public would also echo personal data (R-PII-ECHO).
_REFERENCE = re.compile(r"\d{3}")
#: People are not the problem: "my son took two bites" must never become "stop using your son".
_PEOPLE = frozenset(
    ["son", "sons", "daughter", "daughters", "kid", "kids", "child", "children", "baby", "boy", "girl", "wife", "husband", "partner", "mum", "mom", "mother", "dad", "father", "parents", "grandma", "grandmother", "grandpa", "grandfather", "gran", "nan", "family", "friend", "friends", "neighbour", "neighbours", "neighbor", "neighbors", "flatmate", "flatmates", "colleague", "colleagues", "boss", "students", "student", "dog", "cat", "solicitor", "lawyer", "attorney", "doctor", "nurse", "landlord", "sohn", "tochter", "kind", "kinder", "mann", "frau", "partnerin", "mutter", "vater", "oma", "opa", "familie", "freund", "freundin", "nachbar"]
)
#: Words that end a noun phrase before the verb ("the tracking page just says"): not a thing.
_NOT_THING_WORDS = frozenset(
    ["just", "still", "also", "really", "only", "even", "already", "never", "always", "again", "now", "then", "today", "yesterday", "i", "we", "he", "she", "they", "you", "gone", "broken", "missing", "late", "here", "there"]
)
#: German: determiner (accusative reading) + optional adjective + capitalised noun, optionally
#: "und" a second one. Only determiners whose accusative is the nominative are taken ("die",
#: "das", "meine", and "meinen" already accusative), so "Ich sehe mir {problem} an" is correct
#: grammar whatever the noun's gender; "mein"/"der"/"dem" (ambiguous case or gender) are skipped.
_DE_DET = r"(?i:die|das|meine|meinen|unsere|unseren)"
_DE_NP = rf"{_DE_DET}\s+(?:[a-zäöüß]+e[nrs]?\s+)?[A-ZÄÖÜ][\wäöüß-]{{2,}}\b"
_DE_THING = re.compile(rf"(?<![\w-])({_DE_NP}(?:\s+und\s+{_DE_NP})?)")
_DE_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|an|auf|aus|bei|mit|nach|von|vor|zu|über|unter|für|durch|um|seit|wegen|trotz|ohne|gegen)\s+$", re.I
)
_DE_POSSESSIVE = {"meine": "deine", "meinen": "deinen", "unsere": "eure", "unseren": "euren"}
_DE_STOP_NOUNS = frozenset(
    ["bestellung", "bestellungen", "lieferung", "konto", "app", "geld", "zeit", "tag", "tage", "woche", "wochen", "mal", "sache", "ding", "firma", "kunden", "kundin", "kunde", "fahrer", "fahrerin", "team", "bitte"]
)
#: Quantities on an order line ("Oat milk 1 l x3", "Eggs x10") are not how a person names a thing.
_QUANTITY = re.compile(r"\s+(?:x\s?\d+|\d+(?:[.,]\d+)?\s?(?:l|ml|g|kg|cl|pcs|pack|st\.?)\b|\(\d+\))", re.I)


def _product_words(product: str) -> str:
    """An order line as a person would say it: no quantities, and a common noun in lower case
    ("Oat milk 1 l x3" -> "oat milk") while a model name keeps its capitals ("Forge Watch 2")."""
    words = _QUANTITY.sub("", product).strip(" ,.-")
    rest = words.split()[1:]
    if words[:1].isupper() and all(w[:1].islower() for w in rest) and not words.split()[0].isupper():
        words = words[:1].lower() + words[1:]
    return words


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
    #: The latest order's status as the shop system has it ("placed", "in_transit", ...).
    order_status: str | None = None
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
    """The customer's language when the brand writes it, else the brand's first language.

    Triage's function-word vote decides ("Nehmt ihr auch Bestellungen für Kitas an?" is German
    though it has none of the few words the old check knew); the handles in front do not vote."""
    langs = facts.languages or ("en",)
    text = re.sub(r"(?:^|\s)[@#][\w.]+", " ", facts.complaint)
    if not text.strip():
        return langs[0]
    found = detect_language(text, default=langs[0]).code
    if found in langs:
        return found
    if "de" in langs and len(_GERMAN.findall(text)) >= 2:
        return "de"
    return langs[0]


def flags(facts: CaseFacts) -> frozenset[str]:
    """Facts a template slot may depend on (`needs` in the template file): `unwell` (someone is
    hurt or ill: medical advice comes first), `electrical` (unplug it), `food` (don't eat it,
    keep the packaging and batch number), `order` (the case has an order on file)."""
    out: set[str] = set()
    text = facts.complaint
    if _HEALTH.search(text) or re.search(r"\b(?:swell\w*|doctor|a&e|arzt|notaufnahme)\b", text, re.I):
        out.add("unwell")
    if _ELECTRICAL.search(text):
        out.add("electrical")
    if _FOOD.search(text) or (facts.product and _FOOD.search(facts.product)):
        out.add("food")
    if facts.order:
        out.add("order")
    return frozenset(out)


def problem(facts: CaseFacts, lang: str = "en") -> str | None:
    """The customer's own words for what went wrong, addressed to them ("your e-bike battery",
    "die Erdbeeren", "deine Favoritenliste"), else the product on the order, else None
    (templates then use wording without it).

    German phrases are given in the accusative, which German templates must use ("Ich sehe mir
    {problem} an"): only phrases whose determiner reads the same in the nominative and the
    accusative are taken, so no noun's gender has to be guessed."""
    if lang == "de":
        return _problem_de(facts)
    if lang != "en":
        return None
    for m in _THING.finditer(facts.complaint):
        words = m.group(1).strip()
        tokens = [w.lower().strip("'’") for w in words.split()]
        if (
            tokens[-1] in _STOP_THINGS
            or len(words) < 3
            or any(_REFERENCE.search(t) for t in tokens)
            or any(t in _PEOPLE for t in tokens)
            or any(t in _NOT_THING_WORDS for t in tokens)
        ):
            continue
        return f"your {words}"
    return f"your {_product_words(facts.product)}" if facts.product else None


def _problem_de(facts: CaseFacts) -> str | None:
    for m in _DE_THING.finditer(facts.complaint):
        if _DE_PREPOSITION_BEFORE.search(facts.complaint[: m.start()]):
            continue  # "in meine Tasche": the case after a preposition is not ours to reuse
        words = m.group(1).split()
        nouns = [w for w in words if w[:1].isupper() and w.lower() not in _DE_POSSESSIVE and w.lower() not in ("die", "das")]
        if not nouns or any(n.lower().strip("-") in _DE_STOP_NOUNS or n.lower() in _PEOPLE for n in nouns):
            continue
        out = [_DE_POSSESSIVE.get(w.lower(), w.lower() if i == 0 or w.lower() in ("die", "das", "und") else w)
               for i, w in enumerate(words)]  # fmt: skip
        return " ".join(out)
    return None


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


#: Order statuses as a customer reads them; a status not listed is not said (a shop system's
#: own code such as "wms_hold_3" means nothing to a customer).
ORDER_STATUS_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "placed": "placed and not yet on its way", "processing": "being packed", "packed": "packed",
        "shipped": "on its way", "in_transit": "on its way", "out_for_delivery": "out for delivery",
        "delivered": "delivered", "cancelled": "cancelled", "returned": "returned", "refunded": "refunded",
    },
    "de": {
        "placed": "aufgegeben und noch nicht unterwegs", "processing": "in Bearbeitung", "packed": "gepackt",
        "shipped": "unterwegs", "in_transit": "unterwegs", "out_for_delivery": "in der Zustellung",
        "delivered": "zugestellt", "cancelled": "storniert", "returned": "zurückgeschickt", "refunded": "erstattet",
    },
}  # fmt: skip


def topic(facts: CaseFacts) -> str | None:
    """The case's triage topic when it has its own wording (`TOPICS`), else None."""
    return facts.topic if facts.topic in TOPICS else None


def variables(facts: CaseFacts, lang: str) -> dict[str, str]:
    """Template variables from the facts; absent facts are absent keys (never empty strings)."""
    out: dict[str, str] = {"when": promise_time(facts, lang)}
    what = problem(facts, lang)
    if what:
        out["problem"] = what
    if facts.order:
        out["order"] = facts.order
    status = ORDER_STATUS_WORDS.get(lang, {}).get((facts.order_status or "").strip().lower())
    if status:
        out["order_status"] = status
    if facts.product:
        out["product"] = facts.product
    if facts.senior_owner:
        out["owner"] = facts.senior_owner
    if facts.holding_line:
        out["holding_line"] = facts.holding_line
    return out
