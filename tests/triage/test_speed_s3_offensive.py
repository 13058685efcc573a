"""`offensive._WORDS` written as a trie of the listed words gives the spans of the flat
alternation it replaced, on the labelled posts (texts only, never printed) and on generated
text; and the reason it can (every match is a whole run of word characters) holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from calmdesk.triage import offensive as O

SIGNALS = Path(__file__).parents[2] / "bench" / "data" / "triage_signals.jsonl"

#: `_WORDS` as it was: the words longest first, one flat alternation.
_WORDS_PLAIN = re.compile(
    r"(?<![\w])("
    + "|".join(sorted(O._WORD_LIST, key=len, reverse=True))
    + r"|(?-i:dick|DICK)(?!['’]s)"
    + r")(?![\w])",
    re.I,
)
_PIECES = (
    " ", "'s", "’s", "_", "-", "9", "\n", "é", "İ", "ſ", "\u212a", "\u0345", "ass", "ASS", "asshole", "asses", "arse",
    "dick", "Dick", "DICK", "dicks", "fuck", "FUCK", "fucking", "shit", "bastard", "bastards", "idiot", "idiots",
    "merde", "puta", "cabrón", "scheiße", "arrombados", "aldrabões",
)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span(1) for m in pattern.finditer(text)]


def test_words_are_plain_word_runs() -> None:
    assert all(re.fullmatch(r"\w+", w) for w in O._WORD_LIST)
    chars = sorted(set("".join(O._WORD_LIST)) | set("dickDICK"))
    cls = re.compile("[" + re.escape("".join(chars)) + "]", re.I)
    # a character that matches a listed letter under re.I is a word character itself
    assert not [cp for cp in range(0x110000) if cls.match(chr(cp)) and not re.match(r"\w", chr(cp))]


def test_labelled_posts_same_spans() -> None:
    texts = [json.loads(line)["text"] for line in SIGNALS.read_text(encoding="utf-8").splitlines() if line]
    differ = sum(_spans(O._WORDS, t) != _spans(_WORDS_PLAIN, t) for t in texts)
    assert differ == 0, f"{differ} labelled posts differ"


@settings(max_examples=800, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(O._WORD_LIST), st.text(max_size=3)), max_size=10))
def test_generated_posts_same_spans(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _spans(O._WORDS, text) == _spans(_WORDS_PLAIN, text)
