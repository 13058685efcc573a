"""Shared word classes and the tiny compiler that expands them inside rule patterns."""

from __future__ import annotations

import re
import re._constants as _c  # the regex syntax tree, for the gates (see `Family`)
import re._parser as _parser
from collections.abc import Iterable, Sequence
from typing import Any

import ahocorasick  # type: ignore[import-untyped]

from calmdesk.replies.model import Hit

WORD_CLASSES: dict[str, str] = {
    "WE": r"(?:we|i|our team|the team|my team|us|wir|ich)",
    "WEARE": r"(?:we(?:'re|’re| are)|i(?:'m|’m| am)|we were|i was)",
    "YOU": r"(?:you|u|sie|du)",
    "YOUR": r"(?:your|ur|ihre?|deine?)",
    "YOUARE": r"(?:you(?:'re|’re| are)|ur|you were)",
    "BE": r"(?:is|was|are|were|'s|’s|'re|’re|be|been)",
    "ADV": r"(?:(?:simply|just|really|clearly|plainly|obviously|actually|certainly|honestly|frankly|totally|completely)\s+)?",
    "ALREADY": r"(?:(?:already|previously|before|earlier|repeatedly|several times|multiple times|many times)\s+)?",
    "SAY": r"(?:said|say|explained|explain|mentioned|mention|stated|state|told|tell|pointed out|informed|advised|noted|clarified|wrote)",
    "MODAL": r"(?:will|'ll|’ll|shall)",
    "ART": r"(?:(?:the|a|an|our|this|that|your)\s+)?",
}

_TOKEN = re.compile(r"<([A-Z]+)>")


def expand(pattern: str) -> str:
    return _TOKEN.sub(lambda m: WORD_CLASSES[m.group(1)], pattern)


class Family(list[re.Pattern[str]]):
    """A rule's patterns, each with a gate: literal strings one of which any match must contain.

    Why: a draft is checked against several hundred patterns, and scanning each one over the
    text was most of the checker's cost. One Aho-Corasick pass over the lower-cased text finds
    which gate strings occur, and only the patterns whose gate is met run the regex engine;
    the gates come from the patterns' own syntax trees (`required_literals`), so they can never
    skip a pattern that would have matched.
    """

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        super().__init__(patterns)
        self.gates: list[frozenset[str] | None] = [required_literals(p) for p in self]
        self._always = sum(1 << i for i, g in enumerate(self.gates) if g is None)
        owners: dict[str, int] = {}
        for i, gate in enumerate(self.gates):
            for lit in gate or ():
                owners[lit] = owners.get(lit, 0) | (1 << i)
        self._automaton: Any = None
        if owners:
            automaton = ahocorasick.Automaton()
            for lit, mask in owners.items():
                automaton.add_word(lit, mask)
            automaton.make_automaton()
            self._automaton = automaton

    def candidates(self, text: str, low: str | None = None) -> list[re.Pattern[str]]:
        """The patterns that can match `text`, in order (all the others provably cannot)."""
        if self._automaton is None:
            return list(self)
        mask = self._always
        for _, bits in self._automaton.iter(text.lower() if low is None else low):
            mask |= bits
        out = []
        while mask:
            bit = mask & -mask
            out.append(self[bit.bit_length() - 1])
            mask ^= bit
        return out


def family(patterns: Iterable[str], flags: int = re.I) -> Family:
    """Compile a family; patterns get word boundaries unless they start/end with a non-word char."""
    out = []
    for p in patterns:
        body = expand(p)
        out.append(re.compile(r"(?<![\w’'])(?:" + body + r")(?![\w])", flags))
    return Family(out)


def find(fam: Sequence[re.Pattern[str]], text: str, detail: str = "") -> list[Hit]:
    hits: list[Hit] = []
    pats = fam.candidates(text) if isinstance(fam, Family) else fam
    for pat in pats:
        for m in pat.finditer(text):
            if m.end() > m.start():
                hits.append(Hit(m.start(), m.end(), detail or m.group(0)))
    return merge(hits)


def merge(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits become one (the widest span), so one phrase gives one finding."""
    hits = sorted(hits, key=lambda h: (h.start, -h.end))
    out: list[Hit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            last = out[-1]
            if h.end > last.end:
                out[-1] = Hit(last.start, h.end, last.detail)
            continue
        out.append(h)
    return out


def any_match(fam: Sequence[re.Pattern[str]], text: str) -> bool:
    pats = fam.candidates(text) if isinstance(fam, Family) else fam
    return any(p.search(text) for p in pats)


_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}


_MAX_STRINGS = 128


def _need(items: Any) -> tuple[frozenset[str] | None, bool]:
    """(strings, exact) for a (sub)pattern: every match contains one of the strings; when
    `exact`, every match *is* one of them, so neighbours can be joined into longer strings."""
    options: list[frozenset[str]] = []
    chain: frozenset[str] | None = frozenset([""])
    exact_all = True

    def close() -> None:
        nonlocal chain
        if chain is not None and any(chain):
            options.append(frozenset(x for x in chain if x) if "" not in chain else frozenset())
        chain = frozenset([""])

    for op, av in items:
        sub: frozenset[str] | None = None
        exact = False
        if op is _c.LITERAL:
            sub, exact = frozenset([chr(av).lower()]), True
        elif op is _c.BRANCH:
            parts = [_need(b) for b in av[1]]
            if all(x[0] is not None for x in parts):
                sub = frozenset().union(*[x[0] for x in parts if x[0] is not None])
                exact = all(x[1] for x in parts)
        elif op is _c.SUBPATTERN:
            sub, exact = _need(av[-1])
        elif op in _REPEATS:
            inner, inner_exact = _need(av[2])
            if av[0] == 0 and av[1] == 1 and inner is not None and inner_exact:
                sub, exact = inner | {""}, True
            elif av[0] >= 1:
                sub = inner
        elif op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # zero-width: no text of its own
        if sub is not None and exact:
            assert chain is not None
            if len(chain) * len(sub) <= _MAX_STRINGS:
                chain = frozenset(a + b for a in chain for b in sub)
                continue
            exact_all = False  # the joined strings no longer cover the whole sequence
            close()
            chain = sub
            continue
        exact_all = False
        close()
        if sub and "" not in sub:
            options.append(sub)
    if exact_all and chain is not None:
        return chain, True
    close()
    options = [o for o in options if o]
    if not options:
        return None, False
    return max(options, key=lambda s: (min(len(x) for x in s), -len(s))), False


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """A gate for `pattern` (see `Family`), or None when none can be derived safely."""
    if not pattern.flags & re.I:
        return None
    try:
        need, _ = _need(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - an unknown construct only means no gate
        return None
    if not need or min(len(x) for x in need) < 2:
        return None
    return need


SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]*")
