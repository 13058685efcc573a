"""Cheap, exact pre-checks for the big keyword regexes of the signals.

Most posts match none of the escalation, spam or insult patterns, yet Python's `re` tries
every alternative at every word boundary. Every match of such a pattern contains, for the
alternative that matched, some fixed piece of text ("lawsuit", " hurt", "fire hazard").
`required_literals` reads those pieces out of the compiled pattern itself, so the lists
cannot drift from the patterns; when none of them occurs in the lower-cased post, the
pattern cannot match and is skipped. When a piece cannot be found for some alternative,
the answer is None and the pattern always runs.

The strings of all patterns share one Aho-Corasick automaton, so a post is scanned once
(in C) and the answer names every pattern that may match, not asked about every key of
every pattern in turn (hundreds of `in` tests per post were most of what the signals cost).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import heapq
import importlib
import json
import re
from pathlib import Path
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick  # type: ignore[import-untyped]

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
    """Literals of which every match of this sequence contains at least one (None: unknown)."""
    options = _sequence_options(items)
    return options[0] if options else None


def _sequence_options(items: Any) -> list[set[str]]:
    """Every set of literals this sequence requires, best first: a match holds one literal of
    EACH set (the sets come from different parts of the sequence, all of which must match).

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
    # The best option is the one whose shortest literal is longest (fewest false alarms).
    return sorted(options, key=lambda s: (min(map(len, s)), -len(s)), reverse=True)


@functools.lru_cache(maxsize=16)
def _parse(source: str, flags: int) -> Any:
    """`re`'s syntax tree of a pattern (read, never changed, here). A split pattern is read twice
    at start-up (its literals, then `top_alternatives`); the big ones are costly to parse."""
    return sre_parse.parse(source, flags)


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-cased literals, one of which every match of `pattern` contains; None when unknown."""
    return _literals_of(pattern.pattern, pattern.flags)


def _read_literals(source: str, flags: int) -> tuple[str, ...] | None:
    """`required_literals` of a pattern's source, read from `re`'s syntax tree (no table)."""
    return _read_gate(source, flags)[0]


def _usable(found: set[str]) -> tuple[str, ...] | None:
    # A one-letter literal would let nearly every post through; a single rare character
    # ("🔞") is as good a key as a word, and without it the whole pattern ran on every post.
    if not found or any(len(x) < 2 and x.isascii() for x in found):
        return None
    return tuple(sorted(found))


def _read_gate(source: str, flags: int) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """The pattern's best set of required literals and, where the pattern has another one, the
    next best: a match holds a literal of each (`\\bsent\\b.{0,60}\\bto the wrong` needs
    "sent" AND "to the wrong"), so a post must hold both for the pattern to run."""
    options = _sequence_options(_parse(source, flags))
    first = _usable(options[0]) if options else None
    if first is None:
        return None, None
    also = next((u for o in options[1:] if (u := _usable(o)) is not None and u != first), None)
    return first, also


#: What `_read_gate` and `top_alternatives` conclude from a pattern, stored by a hash of
#: the pattern's source and flags. Reading the signals' ~2,000 patterns with `re`'s parser
#: (pure Python) took about a second of every process's start-up; the table makes it a
#: dictionary look-up. A pattern not in the table (edited since `calmdesk train prefilter`
#: last wrote it) is read the slow way: answers never depend on the table, only start-up does.
#: Bump the version when what is read from a pattern changes; old entries then miss.
ANALYSIS_VERSION = 2
TABLE_PATH = Path(__file__).resolve().parent / "models" / "prefilter_table.json.gz"
_table: dict[str, dict[str, Any]] | None = None
#: The patterns asked about in this process, by key (what `write_table` reads again).
_seen: dict[str, dict[str, tuple[Any, ...]]] = {"literals": {}, "splits": {}}


def _key(source: str, flags: int) -> str:
    # as `re.compile` stores them: an int, with UNICODE added to a str pattern's flags
    number = int(flags) if int(flags) & re.ASCII else int(flags) | re.UNICODE
    raw = f"{ANALYSIS_VERSION}\0{number}\0{source}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(raw, digest_size=12).hexdigest()


def _stored(kind: str) -> dict[str, Any]:
    global _table
    if _table is None:
        try:
            loaded = json.loads(gzip.decompress(TABLE_PATH.read_bytes()).decode("utf-8"))
        except (OSError, ValueError, EOFError):
            loaded = {}
        if not isinstance(loaded, dict) or loaded.get("version") != ANALYSIS_VERSION:
            loaded = {}
        _table = {"literals": loaded.get("literals", {}), "splits": loaded.get("splits", {})}
    return _table[kind]


def _literals_of(source: str, flags: int) -> tuple[str, ...] | None:
    """`required_literals` of a pattern's source, without compiling it (from the table when
    the pattern is in it)."""
    return _gate_of(source, flags)[0]


def _gate_of(source: str, flags: int) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """`_read_gate` of a pattern's source, from the table when the pattern is in it."""
    key = _key(source, flags)
    stored = _stored("literals")
    if key in stored:
        first, also = stored[key]
        gate = (None if first is None else tuple(first), None if also is None else tuple(also))
    else:
        gate = _read_gate(source, flags)
    _seen["literals"][key] = (source, flags)
    return gate


def table_misses() -> int:
    """How many patterns read so far were not in the shipped table (each cost a parse)."""
    return sum(1 for kind, seen in _seen.items() for key in seen if key not in _stored(kind))


def write_table(path: Path = TABLE_PATH) -> int:
    """Write the table for every pattern the signal modules file at import, each read again
    the slow way (nothing of the old table is copied); returns the number of entries."""
    for module in _SIGNAL_MODULES:
        importlib.import_module(module)
    literals = {}
    for key, (source, flags) in sorted(_seen["literals"].items()):
        first, also = _read_gate(source, flags)
        literals[key] = [None if first is None else list(first), None if also is None else list(also)]
    splits = {key: _split_agrees(*args) for key, args in sorted(_seen["splits"].items())}
    payload = {"version": ANALYSIS_VERSION, "literals": literals, "splits": splits}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # mtime=0: the same patterns give the same bytes, so an unchanged table makes no diff
    path.write_bytes(gzip.compress(text.encode("utf-8") + b"\n", compresslevel=9, mtime=0))
    return len(literals) + len(splits)


#: The modules whose patterns are filed at import (what `write_table` reads).
_SIGNAL_MODULES = ("calmdesk.triage.pipeline",)


#: Everyday words of English posts. A key made only of these (or of their pieces) occurs in
#: many posts, so the pattern behind it would run on them for nothing; keys are picked from
#: elsewhere in the literal when the literal allows it. This only steers which exact keys are
#: chosen, never whether the check is exact.
_COMMON_TEXT = """
a about after again ago all also always am an and another any anyone are around as ask asked at away back bad
be because been before being best better big bit both but buy by call called can cant card care case
change check come could customer customers day days did didnt do does doesnt done dont down each even ever
every fix for from get gets getting give go going gone good got great had has have having he hear help her
here him his home hour hours how i if im in is issue isnt it its ive just keep know last let like little
long look lot love made make many may me more most much my need never new next no not now number of off
ok on once one only or order other our out over own paid pay people phone please power put re really
refund right said same say see service she should since so some someone something still such sure take
team tell than thank thanks that the their them then there these they thing things think this those
though three through time times to today told too tried try trying two up us use used using very wait
waiting want was way we week weeks well went were what when where which while who why will with without
wont work working would yes yet you your
"""
_COMMON_WORDS = frozenset(_COMMON_TEXT.split())
_COMMON_PREFIXES = frozenset(w[:i] for w in _COMMON_WORDS for i in range(1, len(w) + 1))
_COMMON_SUFFIXES = frozenset(w[i:] for w in _COMMON_WORDS for i in range(len(w)))
_COMMON_INFIXES = frozenset(
    w[i:j] for w in _COMMON_WORDS for i in range(len(w)) for j in range(i + 1, len(w) + 1)
)


def _everyday(key: str) -> bool:
    """True when the key could be cut from a run of everyday words (" have ", "ld hav")."""
    pieces = key.split(" ")
    last = len(pieces) - 1
    for i, piece in enumerate(pieces):
        if not piece:
            continue
        if 0 < i < last:
            ok = piece in _COMMON_WORDS
        elif i > 0:
            ok = piece in _COMMON_PREFIXES
        elif i < last:
            ok = piece in _COMMON_SUFFIXES
        else:
            ok = piece in _COMMON_INFIXES
        if not ok:
            return False
    return True


def cover_keys(literals: tuple[str, ...], width: int = 4) -> tuple[str, ...]:
    """A few short substrings such that every literal contains one (greedy set cover).

    Any substring of a required literal is itself required, so testing a few dozen short
    keys with `in` keeps the check exact and far cheaper than hundreds of phrases. Keys
    that everyday text is full of are used only for literals that offer nothing else.
    """
    candidates: dict[str, set[int]] = {}
    for i, lit in enumerate(literals):
        k = min(width, len(lit))
        for j in range(len(lit) - k + 1):
            candidates.setdefault(lit[j : j + k], set()).add(i)
    uncovered = set(range(len(literals)))
    keys: list[str] = []
    rare = {key: ids for key, ids in candidates.items() if not _everyday(key)}
    for pool in (rare, candidates):
        # Lazy greedy: a candidate's coverage only shrinks, so a stale count is an upper bound
        # and is recomputed only when it reaches the top of the heap (patterns load at start-up).
        heap = [(-len(ids & uncovered), key) for key, ids in pool.items() if ids & uncovered]
        heapq.heapify(heap)
        while uncovered and heap:
            _, key = heapq.heappop(heap)
            gain = len(pool[key] & uncovered)
            if gain == 0:
                continue
            if heap and gain < -heap[0][0]:
                heapq.heappush(heap, (-gain, key))
                continue
            keys.append(key)
            uncovered -= pool[key]
    return tuple(keys)


class _KeyIndex:
    """The pre-checks of many `Prefiltered` patterns, answered by one Aho-Corasick pass.

    A pattern may match only when one of its required literals occurs in the folded post
    and, where it has a second set of them (`_read_gate`), one of those too. All patterns'
    strings live in one automaton (`pyahocorasick`), so a post is scanned once in C and the
    answer says which patterns may match; the answer is kept, because each post is asked
    about by a dozen patterns in a row, in two or three spellings (folded, handles blanked,
    digits read as letters).
    """

    def __init__(self) -> None:
        #: Each string, with the bit masks of the patterns it is a first / a second literal of.
        self._owners: dict[str, tuple[int, int]] = {}
        #: The patterns that have a second set of literals.
        self._needs_second = 0
        self._count = 0
        self._automaton: Any = None
        #: Answers by post, kept for the last few thousand posts.
        self._answers: dict[str, int] = {}

    def add(self, literals: tuple[str, ...], second: tuple[str, ...] | None = None) -> int:
        """File a pattern's required literals (and its second set); its id is its bit in the answers."""
        ident = self._count
        self._count += 1
        bit = 1 << ident
        owners = self._owners
        for lit in literals:
            first_bits, second_bits = owners.get(lit, (0, 0))
            owners[lit] = (first_bits | bit, second_bits)
        if second:
            self._needs_second |= bit
            for lit in second:
                first_bits, second_bits = owners.get(lit, (0, 0))
                owners[lit] = (first_bits, second_bits | bit)
        self._automaton = None  # rebuilt on the next question, with this pattern's strings
        self._answers = {}  # answers computed before this pattern lack it
        return ident

    def present(self, folded: str) -> int:
        """Bit mask of the patterns whose required strings occur in `folded`."""
        answers = self._answers
        found = answers.get(folded)
        if found is not None:
            return found
        automaton = self._automaton
        if automaton is None:
            automaton = self._build()
        found = 0
        if automaton is not False:
            seconds = 0
            for _, (first_bits, second_bits) in automaton.iter(folded):
                found |= first_bits
                seconds |= second_bits
            # a pattern with a second set needs one of those strings too
            found &= ~(self._needs_second & ~seconds)
        if len(answers) >= _ANSWERS_KEPT:
            answers.clear()
        answers[folded] = found
        return found

    def _build(self) -> Any:
        """The automaton over every filed string (False when none is filed)."""
        if not self._owners:
            self._automaton = False
            return False
        automaton = ahocorasick.Automaton()
        for s, masks in self._owners.items():
            automaton.add_word(s, masks)
        automaton.make_automaton()
        self._automaton = automaton
        return automaton


#: Posts whose answers `_KeyIndex` keeps (two spellings of each post of a 2,000-post batch).
_ANSWERS_KEPT = 8192


_INDEX = _KeyIndex()


class AnyOf:
    """`any(word in text for word in words)` in one Aho-Corasick pass (the gates that ask a
    post for a couple of dozen words paid a Python loop per post).

    `shared=True` also files the words in the shared pre-check index, so that `in_post` is
    answered from the one pass every post pays anyway (a gate's own pass cost 2-5 us a post).
    """

    def __init__(self, words: tuple[str, ...], shared: bool = False) -> None:
        self.words = words
        self._empty = "" in words  # "" is in every text
        self._automaton: Any = ahocorasick.Automaton()
        for w in words:
            if w:
                self._automaton.add_word(w, 1)
        if len(self._automaton):
            self._automaton.make_automaton()
        self._bit = 0
        #: Whether the index's answer is exact for ASCII posts (no word is changed by `_FOLD`).
        self._exact = all(w.translate(_FOLD) == w for w in words)
        if shared and not self._empty and words:
            # A word in the lower-cased post is, with `_FOLD` applied, in the folded post.
            self._bit = 1 << _INDEX.add(tuple(sorted({w.translate(_FOLD) for w in words})))

    def found_in(self, text: str) -> bool:
        if self._empty:
            return True
        if not len(self._automaton):
            return False
        return next(self._automaton.iter(text), None) is not None

    def in_folded(self, folded: str) -> bool:
        """`any(word in folded for word in self.words)` for a folded text (`fold(...)`): the
        shared index's answer, exact when no word is changed by `_FOLD` (`found_in` otherwise)."""
        if not (self._bit and self._exact):
            return self.found_in(folded)
        found = _INDEX._answers.get(folded)
        if found is None:
            found = _INDEX.present(folded)
        return bool(found & self._bit)

    def in_post(self, lower: str, folded: str) -> bool:
        """`found_in(lower)`, where `lower` is `text.lower()` and `folded` is `fold(text)`: from the
        shared index's answer (a superset), confirmed here only where the two spellings differ."""
        if not self._bit:
            return self.found_in(lower)
        # the index's kept answer, read here: a call to `present` per gate was a good part of
        # what the ~50 gates a post passes cost
        found = _INDEX._answers.get(folded)
        if found is None:
            found = _INDEX.present(folded)
        if not found & self._bit:
            return False
        return (self._exact and lower == folded) or self.found_in(lower)


class Prefiltered:
    """A pattern with its pre-check: `search(text, folded)` is `pattern.search(text)`, faster.

    `pattern` may also be given as its source (with `flags`): it is then compiled the first
    time it has to run, since most alternatives of the split patterns never do and compiling
    them all was a good part of start-up. `keys` are the strings checked (the required
    literals, None when the pattern always runs); `width` is kept for callers and unused
    now that the literals themselves are looked for in one automaton pass, not cut into keys.
    """

    def __init__(
        self, pattern: re.Pattern[str] | str, width: int = 4, index: _KeyIndex | None = None, flags: int = 0
    ) -> None:
        if isinstance(pattern, str):
            self._pattern: re.Pattern[str] | None = None
            self._source = (pattern, flags)
        else:
            self._pattern = pattern
            self._source = (pattern.pattern, pattern.flags)
        self._index = _INDEX if index is None else index
        self.literals, self.second = _gate_of(*self._source)
        self.keys = self.literals
        self._id = self._index.add(self.literals or (), self.second)
        self._bit = 1 << self._id

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled pattern (compiled on first use when given as source)."""
        if self._pattern is None:
            self._pattern = re.compile(*self._source)
        return self._pattern

    def may_match(self, folded: str) -> bool:
        if self.keys is None:
            return True
        index = self._index
        found = index._answers.get(folded)
        if found is None:
            found = index.present(folded)
        return bool(found & self._bit)

    # `search` and `finditer` read the index's kept answer themselves (not through `may_match`
    # and `present`): two Python calls fewer for each of the ~40 gates a post is asked about.
    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        if self.keys is not None:
            if folded is None:
                folded = fold(text)
            index = self._index
            found = index._answers.get(folded)
            if found is None:
                found = index.present(folded)
            if not found & self._bit:
                return None
        pattern = self._pattern
        return (self.pattern if pattern is None else pattern).search(text)

    def finditer(self, text: str, folded: str | None = None) -> list[re.Match[str]]:
        if self.keys is not None:
            if folded is None:
                folded = fold(text)
            index = self._index
            found = index._answers.get(folded)
            if found is None:
                found = index.present(folded)
            if not found & self._bit:
                return []
        pattern = self._pattern
        return list((self.pattern if pattern is None else pattern).finditer(text))


def top_alternatives(pattern: re.Pattern[str] | str, flags: int = 0) -> tuple[str, str, list[str]] | None:
    """`(prefix, suffix, alternatives)` of a pattern written `\\b(A|B|...)` or `\\b(?:A|B|...)`.

    None when the pattern has another shape, or refers back to its groups (splitting would
    renumber them). The split is read from the source text, then checked against what
    `re` itself parses, so a bracket or escape that the reader got wrong only costs the split.
    `pattern` may be the source (with `flags`): the word lists are split at start-up, and
    compiling them only to read their text back was a good part of it.
    """
    if isinstance(pattern, re.Pattern):
        src, flags = pattern.pattern, pattern.flags
    else:
        src = pattern
    if re.search(r"\\[1-9]|\(\?P=", src):
        return None
    prefix = next((p for p in ("\\b(?:", "\\b(") if src.startswith(p)), None)
    if prefix is None or not src.endswith(")"):
        return None
    parts: list[str] = []
    depth, start, i, in_class = 0, len(prefix), len(prefix), False
    body_end = len(src) - 1
    while i < body_end:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            # a "]" first in a class (after an optional "^") is a literal, not its end
            if src[i + 1 : i + 2] == "^":
                i += 1
            if src[i + 1 : i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None  # the outer group closes before the end: another shape
        elif c == "|" and depth == 0:
            parts.append(src[start:i])
            start = i + 1
        i += 1
    if depth != 0 or in_class:
        return None
    parts.append(src[start:body_end])
    key = _key(src, flags)
    stored = _stored("splits")
    agreed = stored[key] if key in stored else _split_agrees(src, flags, len(parts))
    _seen["splits"][key] = (src, flags, len(parts))
    return ("\\b(?:", ")", parts) if agreed else None


def _split_agrees(src: str, flags: int, n_parts: int) -> bool:
    """Whether `re` itself reads the pattern as `\\b` and a group of `n_parts` alternatives."""
    items = list(_parse(src, flags))
    if len(items) != 2 or items[0][0] is not sre_parse.AT:
        return False
    # `(?:A|B)` is parsed as the branch itself, `(A|B)` as a group holding it
    inner = list(items[1][1][-1]) if items[1][0] is _SUBPATTERN else [items[1]]
    n_alts = len(inner[0][1][1]) if len(inner) == 1 and inner[0][0] is _BRANCH else None
    return n_alts == n_parts and n_parts >= 2


class FirstOfAlternatives:
    """`pattern.search` of a pattern made of many alternatives, each run only when its own
    literals occur in the post.

    `parts` are complete patterns (an alternative with its own boundaries), in the order
    the big pattern lists them; `search` gives the match the big pattern's `search` finds:
    the leftmost start any part matches at and, there, the first part in order. The word
    lists of `harm_world` and `exposure_world` are thousands of alternatives, which Python's
    `re` tries one by one at every position of every post their keys let through; here a
    post pays one automaton pass and the few parts whose words it holds.

    The parts' literals are filed in the shared index, next to each other: the pass every
    post pays anyway answers for them too (an index of their own cost a second pass, about
    12 us a post over all the families).
    """

    def __init__(self, parts: list[str], flags: int = 0) -> None:
        self.parts = tuple(Prefiltered(p, 4, _INDEX, flags) for p in parts)
        ids = [part._id for part in self.parts]
        if ids and ids != list(range(ids[0], ids[0] + len(ids))):
            raise RuntimeError("the parts' ids in the shared index are not consecutive")
        #: Where the parts' bits start in the shared answers, and how many there are.
        self._offset = ids[0] if ids else 0
        self._width = (1 << len(ids)) - 1
        self._always = sum(1 << i for i, part in enumerate(self.parts) if part.keys is None)

    def _mask(self, folded: str) -> int:
        """The parts whose literals occur in `folded` (bit i: part i), and those that always run."""
        found = _INDEX._answers.get(folded)
        if found is None:
            found = _INDEX.present(folded)
        return ((found >> self._offset) & self._width) | self._always

    def search(self, text: str, folded: str, pos: int = 0) -> re.Match[str] | None:
        """`pattern.search(text, pos)` (the parts' look-behinds still see the text before `pos`)."""
        found = _INDEX._answers.get(folded)
        if found is None:
            found = _INDEX.present(folded)
        mask = ((found >> self._offset) & self._width) | self._always
        return self._first(text, mask, pos) if mask else None

    def finditer(self, text: str, folded: str) -> list[re.Match[str]] | None:
        """The spans `pattern.finditer(text)` gives, as the parts' own matches (same start, end
        and text; group numbers are the part's). None when a part matched the empty string: the
        rules for the next match after an empty one are `re`'s, so the caller runs the pattern."""
        mask = self._mask(folded)
        found: list[re.Match[str]] = []
        pos = 0
        while mask and (m := self._first(text, mask, pos)) is not None:
            if m.end() == m.start():
                return None
            found.append(m)
            pos = m.end()
        return found

    def _first(self, text: str, mask: int, pos: int) -> re.Match[str] | None:
        best: re.Match[str] | None = None
        parts = self.parts
        # parts in order: a later part replaces the best only when it starts further left
        while mask:
            low = mask & -mask
            mask ^= low
            part = parts[low.bit_length() - 1]
            pattern = part._pattern
            m = (part.pattern if pattern is None else pattern).search(text, pos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best


class AlternativesPrefiltered(Prefiltered):
    """A `\\b(A|B|...)` pattern whose alternatives each get their own pre-check.

    One big pattern's keys let a post through when any alternative's key occurs, and then
    every alternative is tried at every word of it. Here only the alternatives whose keys
    occur run, each on its own (`FirstOfAlternatives`). `search` gives what `pattern.search`
    gives; `finditer` runs the whole pattern when any alternative may match (successive
    matches depend on each other; it is not on the hot path).
    """

    def __init__(self, pattern: re.Pattern[str] | str, width: int = 4, flags: int = 0) -> None:
        super().__init__(pattern, width, flags=flags)
        split = top_alternatives(*self._source)
        # The alternatives' keys have an index of their own, asked only about the posts the
        # whole pattern's keys let through (filed with the others, every post paid).
        self._first = (
            None if split is None else FirstOfAlternatives([split[0] + p + split[1] for p in split[2]], self._source[1])
        )

    @property
    def alternatives(self) -> tuple[Prefiltered, ...]:
        return () if self._first is None else self._first.parts

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        if folded is None:
            folded = fold(text)
        if self.keys is not None:
            # the index's kept answer, read inline (see `Prefiltered.search`)
            index = self._index
            found = index._answers.get(folded)
            if found is None:
                found = index.present(folded)
            if not found & self._bit:
                return None
        if self._first is None:
            return self.pattern.search(text)
        best = self._first.search(text, folded)
        if best is None:
            return None
        # The span is the alternative's; the match object the caller gets is the whole
        # pattern's at that place (same span, same groups as `pattern.search`).
        return self.pattern.match(text, best.start())


def split_alternatives(words: str, flags: int = 0) -> list[str]:
    """The top-level alternatives of `A|B|...` (as `top_alternatives` reads them); [words] when
    it cannot split them."""
    split = top_alternatives(r"\b(?:" + words + ")", flags)
    return [words] if split is None else split[2]


class WordFamily:
    """`(?<!\\w)(?:WORDS)(?!\\w)|(?:GLUED)`: a long word list and its forms written without
    spaces (Japanese, Chinese, Korean, Thai), whose `finditer` pays for the whole alternation
    only when one of its alternatives matches somewhere (`FirstOfAlternatives` says so first).

    Measured on the 2,412 real tweets: the harm list's whole pattern ran on the 16 % of posts
    its keys let through at about 650 us each; most of them hold a key and no match.
    """

    def __init__(self, words: str, glued: str, flags: int = 0) -> None:
        # compiled the first time one of its alternatives matches (most processes never need it)
        self.whole = Prefiltered(r"(?<!\w)(?:" + words + r")(?!\w)|(?:" + glued + r")", flags=flags)
        parts = [r"(?<!\w)(?:" + p + r")(?!\w)" for p in split_alternatives(words, flags)]
        parts += [r"(?:" + p + r")" for p in split_alternatives(glued, flags)]
        self.first = FirstOfAlternatives(parts, flags)

    @property
    def pattern(self) -> re.Pattern[str]:
        return self.whole.pattern

    def finditer(self, text: str, folded: str | None = None) -> list[re.Match[str]]:
        """The matches of `pattern.finditer(text)` (`folded` is `fold(text)`): their start, end
        and text; found part by part, so the whole alternation runs only in `re`'s odd cases."""
        folded = fold(text) if folded is None else folded
        if not self.whole.may_match(folded):
            return []
        found = self.first.finditer(text, folded)
        return list(self.whole.pattern.finditer(text)) if found is None else found


def index_bits(gates: tuple[Prefiltered | FirstOfAlternatives | WordFamily, ...]) -> int:
    """The bits these gates (and their alternatives' gates) have in the shared index's answers."""
    bits = 0
    for gate in gates:
        if isinstance(gate, WordFamily):
            bits |= index_bits((gate.whole, gate.first))
        elif isinstance(gate, FirstOfAlternatives):
            bits |= index_bits(gate.parts)
        else:
            bits |= gate._bit
            if isinstance(gate, AlternativesPrefiltered) and gate._first is not None:
                bits |= index_bits(gate._first.parts)
    return bits


def literals_of(bits: int) -> tuple[str, ...]:
    """The strings filed in the shared index for the patterns of `bits` (first or second set)."""
    return tuple(s for s, (first, second) in _INDEX._owners.items() if (first | second) & bits)


def index_answer(folded: str) -> int:
    """The shared index's answer for a post (`fold(text)`): the bits of the patterns that may match.

    A caller that asks a post about many gates takes it once and tests `gate_bit`s itself, where
    a `search` per gate cost a Python call even when its gate failed."""
    found = _INDEX._answers.get(folded)
    return _INDEX.present(folded) if found is None else found


def gate_bit(pattern: Prefiltered | WordFamily | AnyOf) -> int:
    """The bit that must be in `index_answer` for `pattern` (its `search`, `finditer`, `in_post`)
    to find anything; 0 when it has no pre-check in the shared index and always runs."""
    if isinstance(pattern, AnyOf):
        return pattern._bit
    gate = pattern.whole if isinstance(pattern, WordFamily) else pattern
    if gate.keys is None or gate._index is not _INDEX:
        return 0
    return gate._bit

