"""The sentence around a match: the let-offs of the word-list signals (a laugh, a question, a
figure of speech) only count inside the sentence that holds the word, so a joke in one
sentence does not cancel harm or exposure told in another."""

from __future__ import annotations

import re

#: A sentence ends at . ! ? (also the full-width forms) or a line break; "..." runs on.
SENTENCE_END = re.compile(r"[!?。！？]+|(?<!\.)\.(?![.\w])|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], its closing mark included."""
    left = 0
    for m in SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    close = SENTENCE_END.search(text, end)
    return text[left : close.end() if close else len(text)]
