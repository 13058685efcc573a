"""The sentence around a match: the let-offs of the word-list signals (a laugh, a question, a
figure of speech) only count inside the sentence that holds the word, so a joke in one
sentence does not cancel harm or exposure told in another."""

from __future__ import annotations

import re

#: A laugh or a "just kidding" in the sentence of a harm or exposure wording: the writer is not
#: telling of a real injury or leak ("I almost died lol", "hackers stole my soul 😂"). Crying
#: faces and skulls count as laughs here: in posts they are mostly laughter.
LAUGH = re.compile(
    r"\b(?:lol|lmf?ao|rofl|(?:ha){2,}h?|(?:ja){2,}|(?:je){2,}|(?:kk){2,}k*|rs(?:rs)+|mdr|ptdr|xd+|jk|j/k|"
    r"just (?:kidding|joking)|kidding|jajaja\w*|wkwk\w*|haha\w*|hehe\w*)\b|😂|🤣|😆|😅|😹|😜|😝|😭|💀|ㅋㅋ|草|哈哈|555",
    re.I,
)

#: A sentence ends at . ! ? (also the full-width forms) or a line break; "..." runs on, and
#: "…" ends a sentence only at the end of a line.
SENTENCE_END = re.compile(r"[!?。！？]+|(?<!\.)\.(?![.\w])|\n|…(?=\s*\n)")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding text[start:end], its closing mark included."""
    left = 0
    for m in SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    close = SENTENCE_END.search(text, end)
    return left, (close.end() if close else len(text))


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], its closing mark included."""
    left, right = sentence_bounds(text, start, end)
    return text[left:right]
