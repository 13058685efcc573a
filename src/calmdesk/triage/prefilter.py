"""Cheap, exact pre-checks for the big keyword regexes of the signals.

Most posts match none of the escalation, spam or insult patterns, yet Python's `re` tries
every alternative at every word boundary. Every match of such a pattern contains, for the
alternative that matched, some fixed piece of text ("lawsuit", " hurt", "fire hazard").
`required_literals` reads those pieces out of the compiled pattern itself, so the lists
cannot drift from the patterns; when none of them occurs in the lower-cased post, the
pattern cannot match and is skipped. When a piece cannot be found for some alternative,
the answer is None and the pattern always runs.
"""

from __future__ import annotations

import heapq
import re
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_LITERAL = sre_parse.LITERAL
_SUBPATTERN = sre_parse.SUBPATTERN
_BRANCH = sre_parse.BRANCH
_MAX_REPEAT = sre_parse.MAX_REPEAT
_MIN_REPEAT = sre_parse.MIN_REPEAT
_ZERO_WIDTH = {sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT}

#: Characters that `re.IGNORECASE` matches to an ASCII letter but `str.lower` does not map to it.
_FOLD = str.maketrans({"\u017f": "s", "\u212a": "k", "\u0131": "i", "\u0130": "i"})


def fold(text: str) -> str:
    """Lower-case text the way the literals are compared (ASCII fast path)."""
    lower = text.lower()
    return lower if lower.isascii() else lower.translate(_FOLD)


_MAX_SET = 256


def _exact(items: Any) -> set[str] | None:
    """The finite set of strings this sequence can match (lower-cased), or None when unbounded."""
    out = {""}
    for op, av in items:
        if op is sre_parse.AT:
            continue
        if op is _LITERAL:
            alts: set[str] | None = {chr(av).lower()}
        elif op is _SUBPATTERN:
            alts = _exact(av[-1])
        elif op is _BRANCH:
            parts = [_exact(b) for b in av[1]]
            alts = None if any(x is None for x in parts) else set().union(*parts)  # type: ignore[arg-type]
        elif op is _MAX_REPEAT and av[0] == 0 and av[1] == 1:
            inner = _exact(av[2])
            alts = None if inner is None else inner | {""}
        elif op is sre_parse.IN and all(o is _LITERAL for o, _ in av):
            alts = {chr(v).lower() for _, v in av}
        else:
            return None
        if alts is None or len(out) * len(alts) > _MAX_SET:
            return None
        out = {a + b for a in out for b in alts}
    return out


def _sequence(items: Any) -> set[str] | None:
    """Literals of which every match of this sequence contains at least one (None: unknown).

    Consecutive parts that match only finitely many strings are multiplied out, so
    `(?:for|with) the` gives {"for the", "with the"}, not the weak {"for", "with"}.
    """
    options: list[set[str]] = []
    run: set[str] = {""}

    def close_run() -> None:
        nonlocal run
        if run != {""}:
            options.append(run)
        run = {""}

    for item in items:
        op, av = item
        if op is sre_parse.AT:
            continue  # zero-width: what is around it stays contiguous
        exact = _exact([item])
        if exact is not None and len(run) * len(exact) <= _MAX_SET:
            run = {a + b for a in run for b in exact}
            continue
        close_run()
        if exact is not None:
            run = exact
            continue
        sub: set[str] | None = None
        if op is _SUBPATTERN:
            sub = _sequence(av[-1])
        elif op is _BRANCH:
            alts = [_sequence(branch) for branch in av[1]]
            sub = None if any(a is None for a in alts) else set().union(*alts)  # type: ignore[arg-type]
        elif op in (_MAX_REPEAT, _MIN_REPEAT) and av[0] >= 1:
            sub = _sequence(av[2])
        if sub:
            options.append(sub)
    close_run()
    options = [o for o in options if "" not in o]
    if not options:
        return None
    # The best option is the one whose shortest literal is longest (fewest false alarms).
    return max(options, key=lambda s: (min(map(len, s)), -len(s)))


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-cased literals, one of which every match of `pattern` contains; None when unknown."""
    found = _sequence(sre_parse.parse(pattern.pattern, pattern.flags))
    if not found or min(map(len, found)) < 2:
        return None
    return tuple(sorted(found))


def cover_keys(literals: tuple[str, ...], width: int = 4) -> tuple[str, ...]:
    """A few short substrings such that every literal contains one (greedy set cover).

    Any substring of a required literal is itself required, so testing a few dozen short
    keys with `in` keeps the check exact and far cheaper than hundreds of phrases.
    """
    candidates: dict[str, set[int]] = {}
    for i, lit in enumerate(literals):
        k = min(width, len(lit))
        for j in range(len(lit) - k + 1):
            candidates.setdefault(lit[j : j + k], set()).add(i)
    # Lazy greedy: a candidate's coverage only shrinks, so a stale count is an upper bound
    # and is recomputed only when it reaches the top of the heap (patterns load at start-up).
    uncovered = set(range(len(literals)))
    heap = [(-len(ids), key) for key, ids in candidates.items()]
    heapq.heapify(heap)
    keys: list[str] = []
    while uncovered and heap:
        _, key = heapq.heappop(heap)
        gain = len(candidates[key] & uncovered)
        if heap and gain < -heap[0][0]:
            heapq.heappush(heap, (-gain, key))
            continue
        keys.append(key)
        uncovered -= candidates[key]
    return tuple(keys)


class Prefiltered:
    """A pattern with its pre-check: `search(text, folded)` is `pattern.search(text)`, faster."""

    def __init__(self, pattern: re.Pattern[str], width: int = 4) -> None:
        self.pattern = pattern
        self.literals = required_literals(pattern)
        self.keys = cover_keys(self.literals, width) if self.literals else None

    def may_match(self, folded: str) -> bool:
        if self.keys is None:
            return True
        for key in self.keys:  # noqa: SIM110 - a plain loop is faster than any() over a generator
            if key in folded:
                return True
        return False

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        if not self.may_match(fold(text) if folded is None else folded):
            return None
        return self.pattern.search(text)

    def finditer(self, text: str, folded: str | None = None) -> list[re.Match[str]]:
        if not self.may_match(fold(text) if folded is None else folded):
            return []
        return list(self.pattern.finditer(text))
