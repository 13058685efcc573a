"""Holding statements for incidents, and their personal versions per case (issue 16, item 4).

Why a statement approved once: during an outage forty customers ask the same thing within the
hour. What the brand says about it must be the same everywhere and checked by someone with the
authority to say it (B-ESCALATE), but each customer must still get a reply written to them, in
their language, that fits their platform (B-ACK forbids a generic auto-reply). So a supervisor
approves the statement's words once per language; `personalise` then adds the customer's name
and the agent's signature and shortens it for the platform, and every result still goes
through the brand's reply checker as a normal draft.

The wording is the product's own (playbook: no copied sentences): it acknowledges the problem
without blaming anyone, says that many are affected (never "you are the only one"), promises
an update rather than a fix time (R-OVERPROMISE), and admits no fault (R-ADMIT-FAULT).
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from calmdesk.replies.platforms import counted_length, limits_for

#: Languages the built-in wording covers; a case in another language gets the brand's first.
LANGUAGES = ("en", "de")

_PROBLEM = {
    "en": {
        "technical": "our app and website",
        "account_access": "logging in to your account",
        "billing": "payments",
        "delivery": "deliveries",
        "product_quality": "one of our products",
        "staff_service": "reaching our team",
    },
    "de": {
        "technical": "unserer App und Website",
        "account_access": "der Anmeldung in Ihrem Konto",
        "billing": "Zahlungen",
        "delivery": "Lieferungen",
        "product_quality": "einem unserer Produkte",
        "staff_service": "der Erreichbarkeit unseres Teams",
    },
}
_STATEMENT = {
    "en": (
        "I'm sorry, we know many of you are having trouble with {problem} right now. "
        "Our team is working on it, and I'll update you here as soon as we know more."
    ),
    "de": (
        "Es tut mir leid: Wir wissen, dass gerade viele von Ihnen Probleme mit {problem} haben. "
        "Unser Team arbeitet daran, und ich melde mich hier, sobald wir mehr wissen."
    ),
}
_RESOLVED = {
    "en": (
        "The problem with {problem} is fixed now. I'm sorry for the trouble it caused you. "
        "If anything still doesn't work for you, reply here and I'll look into it."
    ),
    "de": (
        "Das Problem mit {problem} ist jetzt behoben. Es tut mir leid für die Umstände. "
        "Wenn bei Ihnen noch etwas nicht funktioniert, antworten Sie hier und ich kümmere mich darum."
    ),
}
_GREETING = {"en": "Hi {name}, ", "de": "Hallo {name}, "}
_STATUS = {
    "en": "Update: many of you are having trouble with {problem} right now. We're working on it and will post here again.",
    "de": "Update: Viele von Ihnen haben gerade Probleme mit {problem}. Wir arbeiten daran und melden uns hier wieder.",
}


def _problem(topic: str | None, language: str) -> str:
    lang = language if language in _PROBLEM else "en"
    return _PROBLEM[lang].get(topic or "", _PROBLEM[lang]["technical"])


def propose(topic: str | None, languages: Sequence[str]) -> dict[str, str]:
    """The proposed holding statement for an incident of `topic`, one per brand language we word.

    Always includes English so there is something to approve; a supervisor edits the words
    before approving when the incident needs more specific ones ("card payments", "the EU
    site").
    """
    langs = [lang for lang in dict.fromkeys([*languages, "en"]) if lang in LANGUAGES]
    return {lang: _STATEMENT[lang].format(problem=_problem(topic, lang)) for lang in langs}


def resolved_message(topic: str | None, language: str) -> str:
    """The follow-up every case of a resolved incident gets (B-FOLLOWUP), before personalising."""
    lang = language if language in _RESOLVED else "en"
    return _RESOLVED[lang].format(problem=_problem(topic, lang))


def status_update(topic: str | None, language: str) -> str:
    """The brand's public status post while an incident is open (where the playbook allows one)."""
    lang = language if language in _STATUS else "en"
    return _STATUS[lang].format(problem=_problem(topic, lang))


def pick_language(
    statements: Mapping[str, str], case_language: str | None, brand_languages: Sequence[str]
) -> str:
    """The case's language when the statement has it, else the brand's first that it has, else any."""
    for lang in (case_language, *brand_languages, "en"):
        if lang and lang in statements:
            return lang
    return next(iter(statements))


def _sentences(text: str) -> list[str]:
    out, cur = [], ""
    for ch in text:
        cur += ch
        if ch in ".!?" and cur.strip():
            out.append(cur.strip())
            cur = ""
    if cur.strip():
        out.append(cur.strip())
    return out


def personalise(
    statement: str, *, customer_name: str | None, agent_name: str, platform: str, language: str = "en"
) -> str:
    """The approved statement written to one customer and fitted to the platform's length.

    Greeting with the customer's first name and the agent's signature (R-IMPERSONAL); when the
    result is too long for the platform, sentences go from the end of the statement (its first
    sentence carries the apology and the acknowledgement), and the greeting only when even the
    first sentence does not fit with it: a reply by name is what makes it personal (B-ACK).
    Raises ValueError when even the first sentence and the signature do not fit.
    """
    limit = limits_for(platform).max_chars
    signature = f" - {agent_name.strip()}" if agent_name.strip() else ""
    first = (customer_name or "").strip().split()[0] if (customer_name or "").strip() else ""
    greeting = (
        _GREETING.get(language, _GREETING["en"]).format(name=first) if first and len(first) <= 40 else ""
    )
    sentences = _sentences(statement.strip())
    for head in dict.fromkeys((greeting, "")):
        kept = list(sentences)
        while kept:
            body = " ".join(kept)
            if head and language == "en" and not body.startswith("I"):
                body = body[:1].lower() + body[1:]
            text = head + body + signature
            if counted_length(text, platform) <= limit:
                return text
            kept = kept[:-1]
    raise ValueError(f"the holding statement does not fit {platform} ({limit} characters) even shortened")
