"""Complaint topic by keywords: the built-in set plus a brand's own (Playbook.topics).

Keywords rather than a model: brands need to add "loyalty card" or "app update" today,
and an agent must be able to see why a post landed in a topic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

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


class TopicClassifier:
    """Counts keyword hits per topic; a brand topic wins ties, the built-ins' order breaks the rest."""

    def __init__(self, extra: Mapping[str, Sequence[str]] | None = None) -> None:
        self.patterns: list[tuple[str, re.Pattern[str], bool]] = [
            (name, _compile(words), True) for name, words in (extra or {}).items() if words
        ]
        self.patterns += [(name, pat, False) for name, pat in _BUILTIN.items()]

    def topic(self, text: str) -> str:
        lower = text.lower()
        best, best_hits = "other", 0
        for name, pat, brand in self.patterns:
            hits = len(pat.findall(lower))
            if hits and (hits > best_hits or (brand and hits == best_hits)):
                best, best_hits = name, hits + (0.5 if brand else 0)  # type: ignore[assignment]
        return best


def topic(text: str, extra: Mapping[str, Sequence[str]] | None = None) -> str:
    return TopicClassifier(extra).topic(text)
