"""Language of a post from function words: cheap, dependency-free, good enough to route posts.

Social posts are short; a stop-word vote is as reliable as character models on them for
the few languages a desk serves, and it costs microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "is",
            "are",
            "was",
            "were",
            "you",
            "your",
            "my",
            "our",
            "to",
            "of",
            "in",
            "on",
            "for",
            "with",
            "not",
            "this",
            "that",
            "it",
            "have",
            "has",
            "but",
            "what",
            "why",
            "when",
            "how",
            "still",
            "no",
            "can",
            "can't",
            "don't",
            "i'm",
            "it's",
            "been",
            "just",
            "from",
            "they",
            # short words that outvote a lone "a" (also Portuguese, Spanish, Italian) in English promo text
            "at",
            "off",
            "new",
            "an",
            "we",
            "will",
            "be",
            "if",
            "or",
            "all",
            "get",
            "need",
            "free",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "ich",
            "du",
            "sie",
            "wir",
            "mein",
            "meine",
            "ein",
            "eine",
            "mit",
            "für",
            "auf",
            "noch",
            "kein",
            "keine",
            "bei",
            "seit",
            "warum",
            "wie",
            "schon",
            "aber",
            "habe",
            "hat",
            "ihr",
            "euch",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "est",
            "je",
            "vous",
            "mon",
            "ma",
            "mes",
            "pas",
            "une",
            "un",
            "des",
            "avec",
            "pour",
            "sur",
            "toujours",
            "pourquoi",
            "depuis",
            "mais",
            "rien",
            "aucun",
            "ce",
            "cette",
            "qui",
            "que",
            "suis",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "es",
            "no",
            "yo",
            "mi",
            "mis",
            "una",
            "un",
            "con",
            "para",
            "por",
            "pero",
            "todavía",
            "porque",
            "desde",
            "nada",
            "que",
            "qué",
            "esto",
            "esta",
            "estoy",
            "sus",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "lo",
            "la",
            "gli",
            "le",
            "e",
            "è",
            "non",
            "io",
            "mio",
            "mia",
            "una",
            "un",
            "con",
            "per",
            "ma",
            "ancora",
            "perché",
            "da",
            "niente",
            "che",
            "sono",
            "questo",
            "questa",
            "del",
            "della",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "is",
            "niet",
            "ik",
            "jij",
            "mijn",
            "met",
            "voor",
            "op",
            "nog",
            "geen",
            "maar",
            "waarom",
            "al",
            "dat",
            "dit",
            "zijn",
            "heb",
            "hebben",
            "van",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "os",
            "as",
            "e",
            "é",
            "não",
            "eu",
            "meu",
            "minha",
            "uma",
            "um",
            "com",
            "para",
            "por",
            "mas",
            "ainda",
            "porque",
            "desde",
            "nada",
            "que",
            "isso",
            "esta",
            "estou",
        ]
    ),
}
_TOKEN = re.compile(r"[a-zà-ÿ']+")
_CODES = tuple(_STOPWORDS)
#: word -> indexes of the languages that list it, so a post is one pass of dict lookups.
_INDEX: dict[str, tuple[int, ...]] = {}
for _i, _code in enumerate(_CODES):
    for _w in _STOPWORDS[_code]:
        _INDEX[_w] = (*_INDEX.get(_w, ()), _i)

#: Scripts that name a language well enough for routing when no function word is known.
_SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "el"),
    (0x0400, 0x04FF, "ru"),
    (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "ar"),
    (0x0900, 0x097F, "hi"),
    (0x0E00, 0x0E7F, "th"),
    (0x3040, 0x30FF, "ja"),  # hiragana and katakana: Japanese even when kanji are mixed in
    (0xAC00, 0xD7AF, "ko"),
    (0x4E00, 0x9FFF, "zh"),
)
_UKRAINIAN = frozenset("іїєґ")
#: Letters that (among the languages above) point at one language.
_LETTER_HINTS: tuple[tuple[str, str], ...] = (
    ("ß", "de"),
    ("ñ", "es"),
    ("¿", "es"),
    ("¡", "es"),
    ("ã", "pt"),
    ("õ", "pt"),
    ("œ", "fr"),
    ("ç", "fr"),
    ("ê", "fr"),
    ("è", "fr"),
    ("ä", "de"),
    ("ö", "de"),
    ("ü", "de"),
    ("ò", "it"),
    ("ì", "it"),
)


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, or "und" when undetermined
    confidence: float


def _by_characters(lower: str) -> str | None:
    """Script or telltale letters, for posts with no known function word ("@acme ¿dónde?", "Спасибо")."""
    if lower.isascii():
        return None
    for lo, hi, code in _SCRIPTS:
        if any(lo <= ord(c) <= hi for c in lower):
            if code == "ru" and any(c in _UKRAINIAN for c in lower):
                return "uk"
            return code
    for letter, code in _LETTER_HINTS:
        if letter in lower:
            return code
    return None


def language(text: str, default: str | None = None) -> Language:
    """Function-word vote; else script and telltale letters; else `default` for text with letters.

    `default` is the brand's first language: a short post with no common word ("@acme fml",
    "@acme refund??") is far more often in the brand's language than in any other.
    """
    lower = text.lower()
    tokens = _TOKEN.findall(lower)
    counts = [0] * len(_CODES)
    get = _INDEX.get
    for t in tokens:
        for i in get(t, ()):
            counts[i] += 1
    hits = max(counts) if tokens else 0
    if hits == 0:
        hinted = _by_characters(lower)
        if hinted is not None:
            return Language(hinted, 0.3)
        if default and any(c.isalpha() for c in lower):
            return Language(default, 0.1)
        return Language("und", 0.0)
    best = counts.index(hits)
    runner_up = max(v for i, v in enumerate(counts) if i != best)
    confidence = min(1.0, hits / max(3, len(tokens) * 0.3)) * (hits - runner_up + 1) / (hits + 1)
    return Language(_CODES[best], round(confidence, 3))


def language_code(text: str, default: str | None = None) -> str:
    """`language(text, default).code`, for triage, which reads only the code: the vote is
    counted over the tokens that are function words (most tokens are not), and no confidence
    is computed. The winner is the same: the first language in `_CODES` order with the most votes."""
    lower = text.lower()
    get = _INDEX.get
    votes = [i for t in _TOKEN.findall(lower) for i in get(t, ())]
    if not votes:
        hinted = _by_characters(lower)
        if hinted is not None:
            return hinted
        if default and any(c.isalpha() for c in lower):
            return default
        return "und"
    counts = [0] * len(_CODES)
    for i in votes:
        counts[i] += 1
    return _CODES[counts.index(max(counts))]
