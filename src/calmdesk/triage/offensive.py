"""Offensive language: profanity and insults, including masked spellings like `f***` or `sh*t`.

B-MODERATE lets the desk hide a post that is offensive to other users; the signal only
marks it. Masked words are matched by treating the masking symbols as wildcards against
the profanity list, so `f**k`, `f@ck` and `$h!t` are caught without listing every form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calmdesk.triage.prefilter import Prefiltered, fold

PROFANITY = (
    "fuck",
    "fucks",
    "fucked",
    "fucking",
    "fuckin",
    "fucker",
    "fuckers",
    "motherfucker",
    "shit",
    "shitty",
    "shite",
    "bullshit",
    "bitch",
    "bitches",
    "bastard",
    "bastards",
    "asshole",
    "assholes",
    "arsehole",
    "arseholes",
    "cunt",
    "cunts",
    "dickhead",
    "dickheads",
    "prick",
    "pricks",
    "wanker",
    "wankers",
    "twat",
    "twats",
    "bollocks",
    "piss",
    "pissed",
    "damn",
    "goddamn",
    "crap",
    "crappy",
    "douche",
    "douchebag",
    "slut",
    "whore",
    "dick",
)
_ABBREVIATIONS = ("wtf", "stfu", "gtfo", "ffs", "fml", "fck", "fcking", "fkn", "fking", "mf", "mofo", "af")
INSULTS = (
    "idiot",
    "idiots",
    "moron",
    "morons",
    "imbecile",
    "imbeciles",
    "retard",
    "retards",
    "retarded",
    "scum",
    "scumbag",
    "scumbags",
    "clown",
    "clowns",
    "loser",
    "losers",
    "dumbass",
    "dipshit",
    "jackass",
    "pig",
    "pigs",
    "parasite",
    "parasites",
    "cretin",
    "cretins",
    "halfwit",
    "numpty",
    "thieves",
    "crooks",
)
_THREATS = re.compile(
    r"\b(kill yourself|kys|go die|die in a fire|hope you (?:all )?die|burn in hell|shut (?:the hell |the fuck )?up)\b",
    re.I,
)
_AIMED_INSULT = re.compile(
    r"\b(?:you(?:'re| are| r)?|u(?:'re| r)?|your staff (?:are|is)|they(?:'re| are)|bunch of|pack of|what an?|such an?)\s+"
    r"(?:\w+\s+)?(?:stupid|dumb|useless|incompetent|pathetic|brainless|clueless)\s+"
    r"(?:idiots?|people|morons?|fools?|company|staff|clowns?|bunch|lot|cow|muppets?|twats?|bastards?)\b",
    re.I,
)
_WORDS = re.compile(
    r"(?<![\w])("
    + "|".join(sorted(PROFANITY + _ABBREVIATIONS + INSULTS, key=len, reverse=True))
    + r")(?![\w])",
    re.I,
)
#: Fast path: a listed word can only match as a whole run of word characters (lower-cased).
_WORD_SET = frozenset(w.lower() for w in PROFANITY + _ABBREVIATIONS + INSULTS)
_RUN = re.compile(r"\w+")
#: A masked token has a masking symbol right after a letter or "$" somewhere inside it.
_MASK_ADJACENT = re.compile(r"[a-zA-Z$][*#@$%!]")
#: Compounds the word list cannot enumerate ("shitshow", "clusterfuck", "fuckwits").
_COMPOUND = re.compile(r"(?<![\w])(\w*fuck\w*|shit\w+|\w+shit\w*|\w*asshole\w*)(?![\w])", re.I)
_COMPOUND_OK = frozenset({"shiitake", "shitake", "shiitakes", "shitakes"})
_THREATS_CHECKED = Prefiltered(_THREATS, 6)
_AIMED_CHECKED = Prefiltered(_AIMED_INSULT, 6)
_MASKED = re.compile(r"(?<![\w@#$])([a-zA-Z$][a-zA-Z*#@$%!]{1,12})(?![\w*#@$%!])")
_MASK_CHARS = set("*#@$%!")
_PROFANE_BY_LEN: dict[int, list[str]] = {}
for _w in PROFANITY:
    _PROFANE_BY_LEN.setdefault(len(_w), []).append(_w)


@dataclass(frozen=True)
class Offensive:
    offensive: bool
    terms: tuple[tuple[int, int], ...] = ()  # character spans of what was found


def _masked_match(token: str) -> bool:
    masks = sum(c in _MASK_CHARS for c in token)
    if masks == 0 or masks == len(token) or not token[0].isalpha() and token[0] != "$":
        return False
    if token[0] == "$" and masks == 1:
        return False
    low = token.lower()
    for word in _PROFANE_BY_LEN.get(len(low), ()):
        if all(a == b or a in _MASK_CHARS for a, b in zip(low, word, strict=True)) and low[0] in (
            word[0],
            "$",
        ):
            return True
    # "f***" or "f**king": first letter kept, the rest masked, any length of stars.
    return bool(re.fullmatch(r"f\*{2,}(k|king|kin|ked|ing|in)?|s\*{2,}t?|c\*{2,}t?", low))


def offensive(text: str, folded: str | None = None) -> Offensive:
    """`folded` is `prefilter.fold(text)` when the caller already has it.

    Each regex runs only when a cheap, exact check says it can match, because most posts
    are clean and this runs on every post.
    """
    folded = fold(text) if folded is None else folded
    spans: list[tuple[int, int]] = []
    if not _WORD_SET.isdisjoint(_RUN.findall(folded)):
        spans += [m.span(1) for m in _WORDS.finditer(text)]
    if _MASK_ADJACENT.search(text):
        spans += [m.span(1) for m in _MASKED.finditer(text) if _masked_match(m.group(1))]
    if "fuck" in folded or "shit" in folded or "asshole" in folded:
        spans += [m.span(1) for m in _COMPOUND.finditer(text) if m.group(1).lower() not in _COMPOUND_OK]
    spans += [m.span() for m in _THREATS_CHECKED.finditer(text, folded)]
    spans += [m.span() for m in _AIMED_CHECKED.finditer(text, folded)]
    spans = sorted(set(spans))
    return Offensive(offensive=bool(spans), terms=tuple(spans))
