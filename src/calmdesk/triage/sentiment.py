"""Sentiment in -1..1 for social text, with VADER (lexicon and rules made for tweets).

VADER is used rather than a trained model because it handles emoji, capitals, "!!!" and
negation the way people write on social platforms, and costs tens of microseconds a post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Sentiment:
    compound: float  # -1 (very negative) .. 1 (very positive)
    negative: float  # share of negative words, 0..1
    positive: float  # share of positive words, 0..1


#: Our corrections to VADER's lexicon for what customers write to a brand (same -4..4 scale).
#: VADER was made for general tweets: there "hand" (+2.2, "give a hand"), "help" (+1.7),
#: "please" (+1.3) and "joke" (+1.2) lean positive, so "it burned my hand" or "please help"
#: scored as praise, and the words of complaints ("burnt", "crashing", "outage",
#: "overcharged") were missing. The complaint model's hand features use this same lexicon
#: (10-fold CV macro-F1 0.852 -> 0.853 when it was introduced).
COMPLAINT_LEXICON: dict[str, float] = {
    "hand": 0.0,
    "hands": 0.0,
    "help": 0.3,
    "please": 0.2,
    "joke": -1.0,
    "burned": -2.0,
    "burnt": -2.0,
    "burn": -1.5,
    "burns": -1.5,
    "smoking": -0.8,
    "late": -1.0,
    "crashing": -1.5,
    "crashed": -1.5,
    "crashes": -1.5,
    "glitch": -1.3,
    "glitchy": -1.5,
    "leaking": -1.5,
    "overcharged": -2.0,
    "outage": -1.8,
    "mouldy": -2.0,
    "moldy": -2.0,
    "stale": -1.3,
    "hospital": -1.0,
    "lawyer": -0.8,
    "sue": -1.3,
    "nightmare": -2.2,
    "shambles": -2.0,
    "shambolic": -2.2,
    "gutted": -2.0,
    "rubbish": -1.8,
    "unreliable": -1.8,
    "unusable": -2.0,
    "scammed": -2.5,
    "refund": -0.3,
}


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update(COMPLAINT_LEXICON)
    return analyzer


#: Words VADER scores in one call. Its `polarity_scores` is quadratic in the word count (each
#: word's negation and idiom checks lower-case the whole word list again): 4,000 repeated words
#: took 29 s (issue 17, item 2). A post of up to this many words is scored whole, exactly as
#: before; a longer one is scored in windows of this size, combined by word count, so the cost
#: grows linearly. VADER's rules look at most three words back, so windows lose almost nothing.
WINDOW_WORDS = 200


@lru_cache(maxsize=1)
def _emoji_chars() -> frozenset[str]:
    """The characters VADER's emoji step replaces: it looks each character of the text up alone,
    so only one-character keys can ever match (none of them is ASCII)."""
    return frozenset(k for k in _analyzer().emojis if len(k) == 1)


def _polarity(text: str) -> dict[str, float]:
    """VADER's `polarity_scores`, exact, minus two costs most posts do not need.

    Its first step rebuilds the text character by character to replace emoji by their
    descriptions (about a quarter of its time on tweets); a text with no emoji character comes
    out of that step as `text.strip()`, so that step is skipped for it. And a text none of whose
    words is in the lexicon gets 0 from every word whatever the surrounding rules say (negation,
    boosters, "but", capitals and punctuation only scale a word's own valence), so it is answered
    without scoring; a quarter of real tweets are such texts. In the other texts, a word outside
    the lexicon gets the 0 that `sentiment_valence` would give it without the call (three in
    four words). Everything else goes through VADER's own methods in VADER's order. `tests/triage/test_triage_sentiment_fast.py` holds
    this equal to `polarity_scores` on the real tweets and on generated text.
    """
    analyzer = _analyzer()
    if not text.isascii() and not _emoji_chars().isdisjoint(text):
        return analyzer.polarity_scores(text)  # type: ignore[no-any-return]
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText

    text = text.strip()
    senti = SentiText(text)
    words = senti.words_and_emoticons
    lexicon = analyzer.lexicon
    if not any(w.lower() in lexicon for w in words):
        return {"neg": 0.0, "neu": 1.0 if words else 0.0, "pos": 0.0, "compound": 0.0}
    sentiments: list[float] = []
    last = len(words) - 1
    for i, item in enumerate(words):
        lower = item.lower()
        if (
            lower in BOOSTER_DICT
            or (i < last and lower == "kind" and words[i + 1].lower() == "of")
            or lower not in lexicon  # `sentiment_valence` appends 0 for it, touching nothing else
        ):
            sentiments.append(0)
            continue
        sentiments = analyzer.sentiment_valence(0, senti, item, i, sentiments)
    sentiments = analyzer._but_check(words, sentiments)
    return analyzer.score_valence(sentiments, text)  # type: ignore[no-any-return]


def _score(text: str) -> Sentiment:
    d = _polarity(text)
    return Sentiment(compound=max(-1.0, min(1.0, float(d["compound"]))), negative=d["neg"], positive=d["pos"])


def sentiment(text: str) -> Sentiment:
    """Score one text; VADER limits itself to -1..1, we clamp anyway for safety."""
    words = text.split()
    if len(words) <= WINDOW_WORDS:
        return _score(text)
    parts = [words[i : i + WINDOW_WORDS] for i in range(0, len(words), WINDOW_WORDS)]
    scored = [(_score(" ".join(p)), len(p)) for p in parts]
    total = float(len(words))
    return Sentiment(
        compound=max(-1.0, min(1.0, sum(s.compound * n for s, n in scored) / total)),
        negative=sum(s.negative * n for s, n in scored) / total,
        positive=sum(s.positive * n for s, n in scored) / total,
    )


#: Runs of five or more digits (order, tracking, card numbers). No VADER lexicon entry has
#: such a run (the longest are "1337" and "1432"), and VADER only looks tokens up and counts
#: them, so a post scores exactly the same with every such run written as zeros of the same
#: length. Posts that differ only there (templates, order numbers) share one cache entry.
_LONG_NUMBER = re.compile(r"\d{5,}")
_CACHE_SIZE = 20_000
_cache: dict[str, Sentiment] = {}


def _zeros(m: re.Match[str]) -> str:
    return "0" * (m.end() - m.start())


def _key(text: str) -> str:
    return _LONG_NUMBER.sub(_zeros, text)


def sentiments(texts: list[str]) -> list[Sentiment]:
    """Score a batch; repeats (retweets, bursts, templated posts) are scored once."""
    out = []
    for t in texts:
        k = _key(t)
        s = _cache.get(k)
        if s is None:
            if len(_cache) >= _CACHE_SIZE:
                _cache.clear()
            s = _cache[k] = sentiment(t)
        out.append(s)
    return out
