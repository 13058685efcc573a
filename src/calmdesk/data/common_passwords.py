"""The list of common and breached passwords that the password policy refuses.

`common-passwords.txt.gz` beside this module holds 19,640 passwords, one per line, lowercased;
its source and licence are in docs/decisions/0004-common-password-list.md. It is read once per
process from the installed package: no network at run time.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

LIST_PATH = Path(__file__).with_name("common-passwords.txt.gz")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list, stripped and casefolded (the policy casefolds the password too)."""
    with gzip.open(LIST_PATH, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip().casefold() for line in fh if line.strip())
