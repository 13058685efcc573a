"""The password policy: long enough, not a known-common password, not the username.

Pure rules: the list of common passwords is handed in (`calmdesk.data.common_passwords` loads
the one shipped with the package), so this module does no I/O. Why these rules: length is what
makes a guess expensive, and a breached or common password is guessed first whatever its
length (NIST SP 800-63B, section 5.1.1.2). Composition rules (one digit, one symbol) are left
out on purpose; they push people to `Password1!`.
"""

from __future__ import annotations

from collections.abc import Container

from calmdesk.domain.usernames import normalize_username

MIN_PASSWORD_LEN = 12
#: "aaaaaaaaaaaa", "121212121212" and twelve spaces are long but guessed at once.
MIN_DISTINCT_CHARS = 5
#: A username shorter than this ("al") is not looked for inside the password.
MIN_USERNAME_IN_PASSWORD = 3
#: argon2 hashes anything, but a megabyte "password" is a denial-of-service, not a secret.
MAX_PASSWORD_LEN = 1024


def password_problems(password: str, username: str, common: Container[str]) -> list[str]:
    """Everything wrong with `password` for `username`, in words a person can act on; [] when fine."""
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LEN:
        problems.append(f"it must have at least {MIN_PASSWORD_LEN} characters (it has {len(password)})")
    if len(password) > MAX_PASSWORD_LEN:
        problems.append(f"it must have at most {MAX_PASSWORD_LEN} characters")
    if len(set(password)) < MIN_DISTINCT_CHARS:
        problems.append(f"it must use at least {MIN_DISTINCT_CHARS} different characters")
    folded = normalize_username(password)
    if folded in common:
        problems.append("it is on the list of common or breached passwords")
    user = normalize_username(username)
    if user and folded == user:
        problems.append("it must not be the username")
    elif len(user) >= MIN_USERNAME_IN_PASSWORD and user in folded:
        problems.append("it must not contain the username")
    return problems
