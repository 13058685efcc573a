"""`offensive._masked_match`'s look-up for tokens masked only by a final "!" gives what the loop
over the listed words gives (the plain code, copied here as it was before the look-up); the
listed-words gate of `offensive` gives what listing every post's words gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmdesk.triage import offensive as O
from calmdesk.triage.prefilter import fold

SIGNALS = Path(__file__).parents[2] / "bench" / "data" / "triage_signals.jsonl"


def _plain(token: str) -> bool:
    if O._MASK_CHARS.isdisjoint(token):
        return False
    masks = sum(c in O._MASK_CHARS for c in token)
    if masks == 0 or masks == len(token) or not token[0].isalpha() and token[0] != "$":
        return False
    if token[0] == "$" and masks == 1:
        return False
    low = token.lower()
    for word in O._PROFANE_BY_LEN.get(len(low), ()):
        if all(a == b or a in O._MASK_CHARS for a, b in zip(low, word, strict=True)) and low[0] in (word[0], "$"):
            return True
    if re.fullmatch(r"f\*{2,}(k|king|kin|ked|ing|in)?|s\*{2,}t?|c\*{2,}t?", low):
        return True
    return O._masked_foreign(low)


def test_labelled_tokens() -> None:
    texts = [json.loads(line)["text"] for line in SIGNALS.read_text(encoding="utf-8").splitlines() if line]
    tokens = [m.group(1) for t in texts for m in O._MASKED.finditer(t)]
    assert tokens
    for token in tokens:
        assert O._masked_match(token) == _plain(token)


def test_listed_words_cut_and_shouted() -> None:
    words = [w for ws in O._PROFANE_BY_LEN.values() for w in ws]
    for w in words:
        for i in range(1, len(w) + 1):
            for cut in (w[:i] + "!" * (len(w) - i), w[:i].upper() + "!" * (len(w) - i), w[:i] + "!" * (len(w) - i + 1)):
                assert O._masked_match(cut) == _plain(cut), cut


@settings(max_examples=1500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("abcdefhiklnoprstuwyAFSİКкуaéü$*@#%"), min_size=1, max_size=10),
    st.integers(0, 4),
)
def test_generated_tokens(letters: str, bangs: int) -> None:
    token = letters + "!" * bangs
    assert O._masked_match(token) == _plain(token)


class _Always:
    """Stands for `_LISTED_ANY` with its gate off: every post's words are listed."""

    def in_post(self, lower: str, folded: str) -> bool:
        return True


def _offensive_plain(text: str, monkeypatch: pytest.MonkeyPatch) -> O.Offensive:
    with monkeypatch.context() as m:
        m.setattr(O, "_LISTED_ANY", _Always())
        return O.offensive(text, fold(text))


def test_listed_gate_labelled_posts(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [json.loads(line)["text"] for line in SIGNALS.read_text(encoding="utf-8").splitlines() if line]
    for text in texts:
        assert O.offensive(text, fold(text)) == _offensive_plain(text, monkeypatch)


_LISTED = sorted(O._WORD_SET | O._WORLD_SET)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_LISTED), st.sampled_from((" ", "-", "'", "x", "İ", "ſ", "K", "!", "@you"))), max_size=8))
def test_listed_gate_generated(pieces: list[str]) -> None:
    text = "".join(pieces)
    with pytest.MonkeyPatch.context() as mp:
        assert O.offensive(text) == _offensive_plain(text, mp)


def _masked_plain(text: str) -> list[tuple[int, int]]:
    return [m.span(1) for m in O._MASKED.finditer(text) if O._masked_match(m.group(1))]


def test_masked_runs_labelled_posts() -> None:
    texts = [json.loads(line)["text"] for line in SIGNALS.read_text(encoding="utf-8").splitlines() if line]
    for text in texts:
        assert O._masked_spans(text) == _masked_plain(text)


def test_word_character_is_alphanumeric_or_underscore() -> None:
    """`_masked_spans` walks back over `\\w` with `str.isalnum`: the two agree on every character."""
    import sys

    word = re.compile(r"\w")
    assert all(bool(word.match(c)) == (c.isalnum() or c == "_") for c in map(chr, range(sys.maxunicode + 1)))


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(("f*ck", "sh!t", "a$$", "$hit", "p*ta", "c@zzo", "сук@", "great!", "fuc!", "b!tch", "f**k", "s**t")),
            st.text(alphabet=st.sampled_from("ab fk*#@$%!_9.é\u0301Кк-\n"), max_size=8),
        ),
        max_size=10,
    )
)
def test_masked_runs_generated(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert O._masked_spans(text) == _masked_plain(text)
