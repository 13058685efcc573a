"""Shared word classes and the tiny compiler that expands them inside rule patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from calmdesk.replies.model import Hit

WORD_CLASSES: dict[str, str] = {
    "WE": r"(?:we|i|our team|the team|my team|us|wir|ich)",
    "WEARE": r"(?:we(?:'re|’re| are)|i(?:'m|’m| am)|we were|i was)",
    "YOU": r"(?:you|u|sie|du)",
    "YOUR": r"(?:your|ur|ihre?|deine?)",
    "YOUARE": r"(?:you(?:'re|’re| are)|ur|you were)",
    "BE": r"(?:is|was|are|were|'s|’s|'re|’re|be|been)",
    "ADV": r"(?:(?:simply|just|really|clearly|plainly|obviously|actually|certainly|honestly|frankly|totally|completely)\s+)?",
    "ALREADY": r"(?:(?:already|previously|before|earlier|repeatedly|several times|multiple times|many times)\s+)?",
    "SAY": r"(?:said|say|explained|explain|mentioned|mention|stated|state|told|tell|pointed out|informed|advised|noted|clarified|wrote)",
    "MODAL": r"(?:will|'ll|’ll|shall)",
    "ART": r"(?:(?:the|a|an|our|this|that|your)\s+)?",
}

_TOKEN = re.compile(r"<([A-Z]+)>")


def expand(pattern: str) -> str:
    return _TOKEN.sub(lambda m: WORD_CLASSES[m.group(1)], pattern)


def family(patterns: Iterable[str], flags: int = re.I) -> list[re.Pattern[str]]:
    """Compile a family; patterns get word boundaries unless they start/end with a non-word char."""
    out = []
    for p in patterns:
        body = expand(p)
        out.append(re.compile(r"(?<![\w’'])(?:" + body + r")(?![\w])", flags))
    return out


def find(fam: Sequence[re.Pattern[str]], text: str, detail: str = "") -> list[Hit]:
    hits: list[Hit] = []
    for pat in fam:
        for m in pat.finditer(text):
            if m.end() > m.start():
                hits.append(Hit(m.start(), m.end(), detail or m.group(0)))
    return merge(hits)


def merge(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits become one (the widest span), so one phrase gives one finding."""
    hits = sorted(hits, key=lambda h: (h.start, -h.end))
    out: list[Hit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            last = out[-1]
            if h.end > last.end:
                out[-1] = Hit(last.start, h.end, last.detail)
            continue
        out.append(h)
    return out


def any_match(fam: Sequence[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in fam)


SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]*")
