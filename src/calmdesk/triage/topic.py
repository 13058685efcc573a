"""Complaint topic by keywords: the built-in set plus a brand's own (Playbook.topics).

Keywords rather than a model: brands need to add "loyalty card" or "app update" today,
and an agent must be able to see why a post landed in a topic. A brand topic may also be
given by example posts, for topics that share no single keyword: a post joins it when it
carries at least half of one example's content words (light stemming, stop words dropped),
which is still explainable ("4 of 6 words of example 2").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import ahocorasick  # type: ignore[import-untyped]

from calmdesk.domain.playbook import TopicSpec

BUILTIN_TOPICS: dict[str, tuple[str, ...]] = {
    "delivery": (
        "deliver",
        "delivery",
        "delivered",
        "parcel",
        "package",
        "courier",
        "shipping",
        "shipped",
        "shipment",
        "tracking",
        "dispatch",
        "dispatched",
        "arrive",
        "arrived",
        "arrival",
        "driver",
        "postman",
        "collection",
        "lost in transit",
        "out for delivery",
        "doorstep",
        "flight",
        "delayed",
        "delay",
        "train",
        "bus",
        "luggage",
        "bag",
    ),
    "billing": (
        "bill",
        "billing",
        "billed",
        "charge",
        "charged",
        "charges",
        "refund",
        "refunded",
        "payment",
        "paid",
        "pay",
        "invoice",
        "price",
        "overcharged",
        "subscription",
        "fee",
        "fees",
        "money",
        "debit",
        "direct debit",
        "credit",
        "voucher",
        "discount",
        "promo code",
        "cost",
    ),
    "product_quality": (
        "broken",
        "broke",
        "faulty",
        "defective",
        "damaged",
        "quality",
        "stopped working",
        "fell apart",
        "ripped",
        "torn",
        "leaking",
        "leak",
        "cracked",
        "stale",
        "mouldy",
        "moldy",
        "expired",
        "smell",
        "taste",
        "cheap",
        "product",
        "battery",
        "screen",
        "size",
        "fit",
        "charger",
        "overheating",
        "overheated",
        "melted",
        "smoking",
        "sparking",
        "caught fire",
        "exploded",
        "wrong item",
        "missing parts",
    ),
    "staff_service": (
        "staff",
        "rude",
        "manager",
        "employee",
        "cashier",
        "waiter",
        "agent",
        "customer service",
        "service",
        "support",
        "helpline",
        "call centre",
        "call center",
        "on hold",
        "no reply",
        "no response",
        "ignored",
        "attitude",
        "store",
        "shop",
        "branch",
        "queue",
    ),
    "account_access": (
        "account",
        "login",
        "log in",
        "logged out",
        "sign in",
        "signin",
        "password",
        "locked out",
        "locked",
        "verification",
        "verify",
        "2fa",
        "otp",
        "reset",
        "suspended",
        "banned",
        "username",
        "profile",
    ),
    "technical": (
        "app",
        "website",
        "site",
        "crash",
        "crashes",
        "crashing",
        "bug",
        "error",
        "glitch",
        "down",
        "outage",
        "not loading",
        "won't load",
        "update",
        "wifi",
        "internet",
        "connection",
        "signal",
        "server",
        "software",
        "checkout",
        "page",
        "offline",
        "broadband",
    ),
}
TOPIC_ORDER = (*BUILTIN_TOPICS, "other")


def _compile(words: Sequence[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


_BUILTIN = {name: _compile(words) for name, words in BUILTIN_TOPICS.items()}


_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    """a an the and or but if of to in on at for from with by about as into over after before
    is are was were be been being am do does did done have has had having i me my mine we us our
    you your yours he she it its they them their this that these those there here what which who
    whom when where why how all any some no not nor so too very just can will would should could
    may might must shall again still also than then once only own same such up down out off
    im ive dont cant wont didnt doesnt isnt arent wasnt please hi hello hey thanks thank""".split()  # noqa: SIM905
)
#: A post joins an example topic when it holds this share of one example's content words.
EXAMPLE_OVERLAP = 0.5


def _stem(word: str) -> str:
    """Crude suffix stripping, enough that 'vanished' meets 'vanish' and 'points' meets 'point'."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    return frozenset(_stem(t) for t in _TOKEN.findall(text.lower()) if t not in _STOP and len(t) > 1)


def _split(definition: Sequence[str] | TopicSpec) -> tuple[list[str], list[str]]:
    """A playbook topic as (keywords, examples); a plain list means keywords only."""
    if isinstance(definition, TopicSpec):
        return definition.keywords, definition.examples
    return list(definition), []


class TopicClassifier:
    """Counts keyword hits per topic; a brand topic wins ties, the built-ins' order breaks the rest.

    An example match counts as many hits as the example words found, so a close example beats
    a stray built-in keyword.
    """

    def __init__(self, extra: Mapping[str, Sequence[str] | TopicSpec] | None = None) -> None:
        self.patterns: list[tuple[str, re.Pattern[str], bool]] = []
        self.examples: list[tuple[str, list[frozenset[str]]]] = []
        extra_keywords: dict[str, list[str]] = {}
        for name, definition in (extra or {}).items():
            keywords, examples = _split(definition)
            if keywords:
                self.patterns.append((name, _compile(keywords), True))
                extra_keywords[name] = list(keywords)
            sets = [w for w in (content_words(e) for e in examples) if len(w) >= 2]
            if sets:
                self.examples.append((name, sets))
        self.patterns += [(name, pat, False) for name, pat in _BUILTIN.items()]
        # A pattern finds something only where one of its keywords occurs in the lower-cased
        # post, so one Aho-Corasick pass says which of them are worth running (same counts).
        self._automaton: Any = ahocorasick.Automaton()
        owners: dict[str, int] = {}
        #: Patterns with an empty keyword match anywhere: they always run.
        self._always = 0
        for i, (name, _, brand) in enumerate(self.patterns):
            for word in (w.lower() for w in (extra_keywords[name] if brand else BUILTIN_TOPICS[name])):
                if word:
                    owners[word] = owners.get(word, 0) | (1 << i)
                else:
                    self._always |= 1 << i
        for word, bits in owners.items():
            self._automaton.add_word(word, bits)
        self._automaton.make_automaton()

    def _example_hits(self, words: frozenset[str], examples: list[frozenset[str]]) -> int:
        best = 0
        for ex in examples:
            found = len(ex & words)
            if found >= 2 and found >= EXAMPLE_OVERLAP * len(ex):
                best = max(best, found)
        return best

    def topic(self, text: str) -> str:
        lower = text.lower()
        scores: dict[str, float] = {}
        if self.examples:
            words = content_words(lower)
            for name, sets in self.examples:
                matched = self._example_hits(words, sets)
                if matched:
                    scores[name] = matched + 0.5
        best, best_hits = "other", 0.0
        mask = self._always
        for _, bits in self._automaton.iter(lower):
            mask |= bits
        patterns = self.patterns
        while mask:
            low = mask & -mask
            mask ^= low
            name, pat, brand = patterns[low.bit_length() - 1]
            found = len(pat.findall(lower))
            if found:
                scores[name] = max(scores.get(name, 0.0), found + (0.5 if brand else 0.0))
        for name, score in scores.items():
            if score > best_hits:
                best, best_hits = name, score
        return best


def topic(text: str, extra: Mapping[str, Sequence[str] | TopicSpec] | None = None) -> str:
    return TopicClassifier(extra).topic(text)
