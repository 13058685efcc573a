"""`legitimacy._gibberish` (non-ASCII posts counted in bytes, word verdicts kept) answers as
`_gibberish` was first written, and the spelled-link hints read from the shared index answer
as the loops they replaced, on the labelled posts (texts only, never printed) and on
generated text (`_gibberish` also when the kept verdicts are cleared midway)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from calmdesk.triage import legitimacy as L
from calmdesk.triage.prefilter import fold

SIGNALS = Path(__file__).parents[2] / "bench" / "data" / "triage_signals.jsonl"
_MENTION = re.compile(r"(?<!\w)@\w+")
_PIECES = (
    " ", "  ", "\n", "@acme", "a@b", "https://t.co/xYz12", "www.deals.example", "shop.io/x", "é", "ñ", "İ", "\ud800",
    "K", "strngth", "rhythm", "qwerty", "asdfgh", "aaa", "zzz", "hello", "order", "never", "arrived", "bcdfg", "xyzzy",
    "the", "sky", "!!!", "123", "日本語", "привет", "çok", "über", ".", " dot ", "DOT", "w w w", "W W W", "punto",
    "Ponto", "punkt", "kropka", "ｄｏｔ", "ḋot",
)


def _hints_same(text: str) -> bool:
    folded = fold(text)
    return L._SPELL_ANY.in_folded(folded) == any(h in folded for h in L._SPELL_HINTS) and (
        L._SPELLED_DOT_ANY.in_folded(folded) == any(w in folded for w in L._SPELLED_DOT_WORDS)
    )


def _plain(text: str) -> bool:
    """`_gibberish` as first written."""
    lower = text.lower()
    letters = re.sub(r"[^a-z]+", "", lower)
    if len(letters) < 12:
        return False
    vowels = sum(c in "aeiouy" for c in letters)
    if vowels / len(letters) >= 0.3 and not L._CONSONANT_RUN.search(lower):
        return False
    words = [w for w in re.findall(r"[a-z]+", _MENTION.sub(" ", L._URL.sub(" ", lower))) if len(w) >= 4]
    if len(words) < 3:
        return False
    odd = 0
    for w in words:
        vowels = sum(c in "aeiouy" for c in w)
        bad = vowels == 0 or vowels / len(w) < 0.2 or re.search(r"[^aeiouy]{5,}", w) or re.search(r"(.)\1\1", w)
        if bad or L._KEYBOARD_MASH.search(w):
            odd += 1
    return odd / len(words) >= 0.6


def test_consonant_run_any_is_the_regex() -> None:
    for text in ("", "bcdfg", "bcdfé", "abcdfgh", "ab\u00e9cdfg", "naïve strngth", "aaa", "éaaa", "\ud800bcdfg"):
        assert L._consonant_run_any(text) == (L._CONSONANT_RUN.search(text) is not None)


def test_labelled_posts_same_answer() -> None:
    texts = [json.loads(line)["text"] for line in SIGNALS.read_text(encoding="utf-8").splitlines() if line]
    differ = sum(L._gibberish(t) != _plain(t) for t in texts)
    assert differ == 0, f"{differ} labelled posts differ"
    differ = sum(not _hints_same(t) for t in texts)
    assert differ == 0, f"{differ} labelled posts differ in their spelled-link hints"
    L._ODD.clear()
    differ = sum(L._gibberish(t) != _plain(t) for t in texts)
    assert differ == 0, f"{differ} labelled posts differ with the verdicts cleared"


@settings(max_examples=800, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=14), st.booleans())
def test_generated_posts_same_answer(pieces: list[str], clear: bool) -> None:
    text = "".join(pieces)
    if clear:
        L._ODD.clear()
    assert L._gibberish(text) == _plain(text)
    assert L._consonant_run_any(text.lower()) == (L._CONSONANT_RUN.search(text.lower()) is not None)
    assert _hints_same(text)


def test_hint_words_are_unchanged_by_folding() -> None:
    assert L._SPELL_ANY._exact and L._SPELLED_DOT_ANY._exact
    assert L._SPELL_ANY._bit and L._SPELLED_DOT_ANY._bit
