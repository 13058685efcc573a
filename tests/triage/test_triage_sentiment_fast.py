"""`sentiment._polarity` answers exactly what VADER's own `polarity_scores` answers.

It skips VADER's emoji step for texts without an emoji character and answers texts with no
lexicon word without scoring; both shortcuts must be invisible in the result.
"""

import csv
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from calmdesk.triage.sentiment import _analyzer, _polarity

SIGNALS = Path(__file__).parents[2] / "bench" / "data" / "triage_signals.jsonl"
TWEETS = Path("/work/shared/datasets/complaints-dev.csv")


def _corpus() -> list[str]:
    texts = [json.loads(line)["text"] for line in SIGNALS.read_text(encoding="utf-8").splitlines() if line]
    if TWEETS.exists():
        with TWEETS.open(encoding="utf-8", newline="") as f:
            texts += [row["text"] for row in csv.DictReader(f)]
    return texts + [t.upper() for t in texts[:2000]] + ["", " ", "\n", "no", "NO good", "kind of bad", "😀", " 😀 ok "]


def test_same_answers_as_vader_on_real_and_labelled_posts() -> None:
    analyzer = _analyzer()
    texts = _corpus()
    assert len(texts) > 8_000
    shortcut = 0
    for text in texts:
        assert _polarity(text) == analyzer.polarity_scores(text), text
        shortcut += not any(w.strip("!?.,").lower() in analyzer.lexicon for w in text.split())
    assert shortcut > 500  # the no-lexicon-word answer is really exercised


# Words chosen to hit every rule around a lexicon word: boosters, negations, "no", "but",
# "kind of", "least", idioms, capitals, emoticons, punctuation and emoji.
_WORDS = [
    "good", "GOOD", "bad", "Bad", "love", "hate", "no", "not", "never", "isn't", "very", "extremely",
    "kind", "of", "sort", "but", "BUT", "least", "at", "cut", "me", "some", "slack", "the", "bomb",
    "yeah", "right", "kiss", "death", "hand", "please", "help", "refund", "outage", ":)", ":(",
    "<3", "!!", "?", "???", "!", "order", "12345", "@acme", "#fail", "😀", "😡", "✔", "café", "ok",
    "or", "nor", "without", "doubt", "lol", "sux", "burnt", "",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=14), st.sampled_from([" ", "  ", "\n", " ! ", ", "]))
def test_same_answers_as_vader_on_generated_text(words: list[str], sep: str) -> None:
    text = sep.join(words)
    assert _polarity(text) == _analyzer().polarity_scores(text)
