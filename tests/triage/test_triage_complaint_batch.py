"""The batch paths of the complaint model and the second opinion give the same numbers as the
per-post definitions they stand in for (the same bits, not only close)."""

import json
import re
from pathlib import Path

import numpy as np

from calmdesk.triage.complaint import (
    _CAPS_WORD,
    _HASHTAG,
    _MENTION,
    HAND_FEATURES,
    _GramIndex,
    _rows,
    _word_rows,
    char_hashes,
    default_model,
    hand_features,
    hand_matrix,
    word_grams,
)
from calmdesk.triage.second_opinion import SIGNALS, default_second_opinion
from calmdesk.triage.sentiment import sentiments

SIGNALS_FILE = Path(__file__).parents[2] / "bench" / "data" / "triage_signals.jsonl"

ODD = [
    "",
    "?",
    "a",
    "no reply no reply no",
    "I\u2019m fed up, how come NO ONE replied??? wasted waaaay 3 hours #fail #FAIL",
    "need fixed failed ed",
    "not working not",
    "thank you thank you",
    "@a@b foo@bar #x#y !? ?!",
    "tab\there\n\nnewline   spaces \x00 nul",
    "\u0130stanbul \u00df\u00df\u00df caf\u00e9 \U0001f621\U0001f621 :( :(",
]


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in SIGNALS_FILE.read_text(encoding="utf-8").splitlines() if line]
    return texts[:600] + ODD


def test_hand_matrix_is_hand_features_of_each_post() -> None:
    texts = _texts()
    for batch in (texts, ODD, ODD[4:5], []):
        senti = sentiments(batch)
        lowers = [t.lower() for t in batch]
        want = np.array([hand_features(t, s, x) for t, s, x in zip(batch, senti, lowers, strict=True)])
        got = hand_matrix(batch, senti, lowers)
        assert got.shape == (len(batch), len(HAND_FEATURES)) and np.array_equal(got, want.reshape(got.shape))


def test_word_rows_are_the_rows_of_the_word_grams() -> None:
    model = default_model()
    lowers = [t.lower() for t in _texts()]
    for batch in (lowers, ODD, [""], []):
        want = _rows([word_grams(x, model.tokenizer) for x in batch], model.words.vocab)
        got = _word_rows(batch, model.tokenizer, model.words.gram_index())
        assert all(np.array_equal(a, b) and a.dtype == b.dtype for a, b in zip(want, got, strict=True))
    # keys that can never be met (three words, a leading space) and bigrams of unknown words
    vocab = {"a": 0, "b b": 1, "a b": 2, "x y z": 3, " q": 4, "c": 5, "a c": 6, "q r": 7}
    docs = ["a b a c q r c", "b b b", "x y z q", "a", ""]
    for tokenizer in ("tweet", "words2"):
        want = _rows([word_grams(x, tokenizer) for x in docs], vocab)
        got = _word_rows(docs, tokenizer, _GramIndex.of(vocab))
        assert all(np.array_equal(a, b) for a, b in zip(want, got, strict=True))


def test_char_hashes_give_each_text_its_own_sequence_in_order() -> None:
    """Per-post sums add the same numbers in the same order whatever the batch (same bits)."""
    lowers = [t.lower() for t in _texts()]
    doc, bucket = char_hashes(lowers, 22, (2, 5))
    for i in range(0, len(lowers), 37):
        assert np.array_equal(bucket[doc == i], char_hashes([lowers[i]], 22, (2, 5))[1])
    doc, bucket = char_hashes(ODD, 20, (1, 3))
    for i, text in enumerate(ODD):
        assert np.array_equal(bucket[doc == i], char_hashes([text], 20, (1, 3))[1])


def test_batch_scores_and_flags_are_those_of_each_post_alone() -> None:
    texts = _texts()[::5]
    lowers = [t.lower() for t in texts]
    model = default_model()
    together = model.decision(texts, lowers=lowers)
    alone = np.array([model.decision([t])[0] for t in texts])
    assert np.allclose(together, alone, rtol=0, atol=1e-12)  # the hand-weight product is BLAS's
    second = default_second_opinion()
    if second is not None:
        flags = second.flags(lowers)
        probs = second.probabilities(lowers)
        assert flags == [frozenset(SIGNALS[j] for j in np.flatnonzero(p >= second.thresholds)) for p in probs]
        assert flags == [second.flags([x])[0] for x in lowers]


def test_faster_hand_patterns_find_what_the_plain_ones_find() -> None:
    plain = {
        _MENTION: re.compile(r"(?<!\w)@\w+"),
        _HASHTAG: re.compile(r"(?<!\w)#\w+"),
        _CAPS_WORD: re.compile(r"\b[A-Z]{3,}\b"),
    }
    edge = ["@a", "a@b @c", "@@d", "@", "#x#y", "_#z", "ABC", "xABC DEF", "\u00c0ABC ABC\u00c0", "_ABC", "ABCd", "AB", "ABC_ ABCD!"]
    texts = _texts() + edge + [t.upper() for t in _texts()[:300]]
    for fast, slow in plain.items():
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)], text
