"""The one e-mail address pattern, shared by customer linking, triage, PII detection and the reply checker.

Why one: four slightly different copies found different addresses in the same text, and
one of them took quadratic time on a long word without an `@` (public text can be a
100 KB post). This pattern is linear: a match can only start where a run of address
characters starts (the look-behind), and the domain is one flat character class followed
by the top-level domain, so no quantifier sits inside another and a failed match gives
back each character at most once.
"""

from __future__ import annotations

import re

EMAIL_PATTERN = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,}")


def may_hold_email(text: str) -> bool:
    """Whether `EMAIL_PATTERN` could match: some "@" follows a character of an address (`[\\w.+-]`).

    Posts that tag accounts hold an "@" after a space or at the start, never an address: this
    look at each "@" spares them the pattern's scan of the whole post (triage asks every post).
    `str.isalnum` and "_" are what `re` counts as `\\w` in a str pattern.
    """
    i = text.find("@", 1)
    while i != -1:
        c = text[i - 1]
        if c.isalnum() or c in "_.+-":
            return True
        i = text.find("@", i + 1)
    return False


def find_emails(text: str) -> list[str]:
    """The addresses in a text, as written, in order."""
    return EMAIL_PATTERN.findall(text)


def is_email(value: str) -> bool:
    """Whether the whole value is one address (import validation)."""
    return EMAIL_PATTERN.fullmatch(value) is not None
