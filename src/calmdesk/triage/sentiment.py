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


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> Sentiment:
    """Score one text; VADER limits itself to -1..1, we clamp anyway for safety."""
    d = _analyzer().polarity_scores(text)
    return Sentiment(compound=max(-1.0, min(1.0, float(d["compound"]))), negative=d["neg"], positive=d["pos"])


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
