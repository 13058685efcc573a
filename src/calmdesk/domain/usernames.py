"""One spelling of a username for every door: login, the login rate limiter and user creation.

Why: the limiter once keyed on `username.lower()` while login stripped spaces, so "admin ",
" admin" and "admin\t" each got fresh guesses and still logged in as "admin". Every place that
compares usernames now goes through `normalize_username`, so two spellings that log in as the
same person also count against the same limit.
"""

from __future__ import annotations

import unicodedata

#: The users.username column is String(100).
MAX_USERNAME_LEN = 100


def normalize_username(raw: str) -> str:
    """NFKC (full-width and compatibility forms fold to plain ones), then casefold, then strip.

    Stripping comes last because NFKC can turn some characters into spaces (U+3000 becomes " "),
    and casefold goes after NFKC so that both orders of composed letters compare equal.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", raw).casefold()).strip()
