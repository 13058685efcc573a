"""Is this post a complaint? A linear model over word n-grams, hashed character n-grams and a lexicon.

Why this shape: the annotated complaints of Preotiuc-Pietro et al. (ACL 2019) are short,
noisy tweets, where character n-grams catch misspellings and brand handles and a handful
of lexicon counts (waiting, broken, refund, thanks, ...) carry what a few thousand examples
cannot. The model is trained with scikit-learn, but it is stored as plain arrays in an
`.npz` file and scored by the code below, so loading it never unpickles anything and the
desk does not need scikit-learn at run time. Training and scoring share one featurizer.

Character n-grams are hashed into buckets by vectorized numpy over the whole batch (one
array of code points, rolling hashes per n) instead of being cut into Python strings one
by one: that was most of the time `calmdesk triage` spent per post. Their tf is the raw
count and each post's block is scaled by the L2 norm of its occurrences, which numpy can
sum with `bincount` without sorting; training uses the same definition, so they agree.

Word tokens are tweet-aware: single-character words ("i", "u"), `@handle` and `#tag` as
written, and each punctuation mark or emoji as its own token, so "?", "!", the pieces of ":(" (and
bigrams such as "? ?" or "i have") reach the model. scikit-learn's default pattern (two or
more word characters) drops all of those; files trained with it (no `word_tokenizer` array)
are still read and scored with that pattern.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from calmdesk.triage.sentiment import Sentiment, sentiment

FORMAT_VERSION = 2
DEFAULT_MODEL_PATH = Path(__file__).parent / "models" / "complaint.npz"
DEFAULT_C = 0.3
HASH_BITS = 22
CHAR_RANGE = (2, 5)
#: The hand features are a few dozen columns beside two unit-length n-gram blocks; at twice
#: their natural 0..1 scale the SVM's regularization weighs them less (CV: 0.846 -> 0.848).
#: Training only: the stored weights absorb it.
HAND_SCALE = 2.0

#: Word tokenizers by the name stored in a model file (`word_tokenizer`).
TOKENIZERS: dict[str, re.Pattern[str]] = {
    "tweet": re.compile(r"(?u)[@#]?\w+|[^\w\s]"),
    "words2": re.compile(r"(?u)\b\w\w+\b"),  # scikit-learn's default; files without `word_tokenizer`
}
DEFAULT_TOKENIZER = "tweet"
#: Arrays that only an embedding model file has (`complaint_embed.py`); `load_model` refuses those.
EMBED_KEYS = frozenset({"embed_format_version", "embed_coef"})
_LEX_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# The next three find what `(?<!\w)@\w+`, `(?<!\w)#\w+` and `\b[A-Z]{3,}\b` find, but start with
# a literal or a character class, which `re` can skip ahead to; the look-behind then asks the same
# of the character before (a test holds them equal). That made them 2-7x faster on tweets.
_MENTION = re.compile(r"@(?<!\w@)\w+")
_HASHTAG = re.compile(r"#(?<!\w#)\w+")
_CAPS_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{2,}\b")
_ELONGATED = re.compile(r"([a-z])\1\1")
#: Any character three times in a row: what every `_ELONGATED` match holds, found about twice
#: as fast (`re` tries no class at each place), so most posts skip `_ELONGATED` itself.
_ANY_TRIPLE = re.compile(r"(.)\1\1", re.S)
_PUNCT_RUN = re.compile(r"[?!]{2,}")
_DIGIT = re.compile(r"\d")

#: Our own complaint-cue lexicon: group -> words and two-word phrases (lower case).
#: Each group gives one feature: its hit count, capped at 3, over 3.
LEXICON: dict[str, tuple[str, ...]] = {
    "waiting": (
        "still",
        "again",
        "yet",
        "waiting",
        "waited",
        "wait",
        "hour",
        "hours",
        "hrs",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "since",
        "late",
        "delayed",
        "delay",
        "delays",
        "already",
        "anymore",
        "twice",
        "no reply",
        "no response",
        "every time",
        "each time",
        "ago",
        "today",
        "yesterday",
        "tonight",
        "now",
        "always",
    ),
    "broken": (
        "refund",
        "refunded",
        "broken",
        "broke",
        "break",
        "fix",
        "fixed",
        "problem",
        "problems",
        "issue",
        "issues",
        "error",
        "errors",
        "missing",
        "lost",
        "charged",
        "overcharged",
        "wrong",
        "faulty",
        "damaged",
        "down",
        "outage",
        "stuck",
        "declined",
        "glitch",
        "bug",
        "slow",
        "dead",
        "disconnected",
        "unable",
        "impossible",
        "locked",
        "keeps",
        "not working",
        "doesn't work",
        "stopped working",
        "cancel",
        "cancelled",
        "canceled",
        "fail",
        "failed",
        "failing",
        "failure",
        "crash",
        "crashed",
        "crashes",
        "crashing",
    ),
    "judgement": (
        "never",
        "worst",
        "poor",
        "bad",
        "terrible",
        "horrible",
        "awful",
        "useless",
        "rude",
        "nobody",
        "no one",
        "ridiculous",
        "seriously",
        "joke",
        "fed up",
        "complain",
        "complaint",
        "complaints",
        "shocking",
        "appalling",
        "unacceptable",
        "disgrace",
        "disgraceful",
        "pathetic",
        "sucks",
        "suck",
        "hate",
        "disgusting",
        "shame",
        "annoyed",
        "annoying",
        "frustrated",
        "frustrating",
        "angry",
        "furious",
        "disappointed",
        "disappointing",
        "disappointment",
        "wtf",
        "smh",
        "ugh",
        "literally",
    ),
    "question_negation": (
        "why",
        "how come",
        "what's going on",
        "when will",
        "can't",
        "cant",
        "won't",
        "wont",
        "unable",
        "isn't",
        "aren't",
        "didn't",
        "didnt",
        "don't",
        "dont",
        "not",
        "no",
        "doesn't",
        "doesnt",
        "wasn't",
        "weren't",
        "haven't",
        "hasn't",
        "couldn't",
        "cannot",
        "nothing",
        "none",
    ),
    "praise": (
        "thanks",
        "thank",
        "thank you",
        "thx",
        "love",
        "loved",
        "loving",
        "great",
        "awesome",
        "amazing",
        "congrats",
        "congratulations",
        "excited",
        "cool",
        "nice",
        "happy",
        "follow",
        "win",
        "giveaway",
        "appreciate",
        "appreciated",
        "grateful",
        "helpful",
        "kudos",
        "excellent",
        "perfect",
        "fantastic",
        "brilliant",
        "wonderful",
        "enjoy",
        "enjoyed",
        "yay",
        "cheers",
        "best",
        "favorite",
        "favourite",
    ),
    "first_person": ("i", "i'm", "im", "i've", "ive", "i'd", "my", "me", "mine", "we", "our", "us"),
    "second_person": ("you", "your", "you're", "youre", "u", "ur", "yours", "y'all", "yall"),
    "asking_help": ("please", "pls", "plz", "help", "assist", "kindly", "advise", "sort"),
    "contact": (
        "dm",
        "dms",
        "dmed",
        "messaged",
        "message",
        "emailed",
        "email",
        "called",
        "call",
        "phone",
        "chat",
        "contacted",
        "contact",
        "reply",
        "replied",
        "respond",
        "response",
        "responded",
        "answer",
    ),
    "money": (
        "money",
        "pay",
        "paid",
        "payment",
        "bill",
        "billing",
        "fee",
        "fees",
        "price",
        "cost",
        "charge",
        "account",
        "order",
        "refund",
    ),
    "question_word": (
        "what",
        "when",
        "where",
        "who",
        "which",
        "how",
        "can",
        "could",
        "would",
        "will",
        "is",
        "are",
        "do",
        "does",
        "did",
    ),
    "informing": (
        "new",
        "launch",
        "contest",
        "check out",
        "watch",
        "read",
        "video",
        "podcast",
        "join",
        "retweet",
        "rt",
        "via",
        "live",
        "event",
        "announce",
        "announced",
        "announcing",
    ),
}
_LEX_NAMES = tuple(LEXICON)
_LEX_INDEX: dict[str, tuple[int, ...]] = {}
for _i, _name in enumerate(_LEX_NAMES):
    for _term in LEXICON[_name]:
        _LEX_INDEX[_term] = (*_LEX_INDEX.get(_term, ()), _i)

#: First words of the lexicon's two-word terms (tokens hold no space, so only these start one).
_LEX_FIRST_WORDS = frozenset(term.split(" ")[0] for term in _LEX_INDEX if " " in term)

HAND_FEATURES: tuple[str, ...] = (
    "vader_compound",
    "vader_negative",
    "vader_positive",
    "starts_with_mention",
    "mentions",
    "has_link",
    "questions",
    "ends_with_question",
    "exclamations",
    "punctuation_run",
    "hashtags",
    "caps_words",
    "elongated",
    "has_digit",
    "length",
    "past_tense",
    *(f"lex_{n}" for n in _LEX_NAMES),
)


def word_grams(lower: str, tokenizer: str = DEFAULT_TOKENIZER) -> list[str]:
    """Word unigrams and bigrams of a lower-cased text."""
    words = TOKENIZERS[tokenizer].findall(lower)
    return words + [a + " " + b for a, b in zip(words, words[1:], strict=False)]


def _cap3(n: int) -> float:
    return (n if n < 3 else 3) / 3.0


#: `_cap3` of 0, 1 and 2 (3 and more give 1.0).
_CAP3 = (0 / 3.0, 1 / 3.0, 2 / 3.0)


def hand_features(text: str, senti: Sentiment, lower: str | None = None) -> list[float]:
    """Sentiment, shape and lexicon cues; every value is about 0..1 so none dwarfs the n-grams."""
    lower = text.lower() if lower is None else lower
    tokens = _LEX_TOKEN.findall(lower.replace("\u2019", "'"))
    lex = [0] * len(_LEX_NAMES)
    get = _LEX_INDEX.get
    for term in tokens:
        groups = get(term)
        if groups:
            for g in groups:
                lex[g] += 1
    # Two-word terms: only a token that starts one can start a bigram worth looking up.
    firsts = _LEX_FIRST_WORDS
    for a, b in zip(tokens, tokens[1:], strict=False):
        if a in firsts:
            groups = get(a + " " + b)
            if groups:
                for g in groups:
                    lex[g] += 1
    past = sum(1 for t in tokens if len(t) > 3 and t.endswith("ed"))
    return [
        senti.compound,
        senti.negative,
        senti.positive,
        1.0 if text.startswith("@") else 0.0,
        _cap3(len(_MENTION.findall(text))) if "@" in text else 0.0,
        1.0 if "http" in lower else 0.0,
        _cap3(text.count("?")),
        1.0 if text.rstrip().endswith("?") else 0.0,
        _cap3(text.count("!")),
        1.0 if text.count("?") + text.count("!") > 1 and _PUNCT_RUN.search(text) else 0.0,
        _cap3(len(_HASHTAG.findall(text))) if "#" in text else 0.0,
        _cap3(len(_CAPS_WORD.findall(text))),
        1.0 if _ELONGATED.search(lower) else 0.0,
        1.0 if _DIGIT.search(text) else 0.0,
        min(len(tokens), 40) / 40.0,
        _cap3(past),
        *[_CAP3[n] if n < 3 else 1.0 for n in lex],
    ]


#: The lexicon's one-word terms as rows of a group-membership table (row 0: no term), so a
#: batch's tokens are counted per group by numpy (`hand_matrix`).
_LEX_ROW: dict[str, int] = {term: i for i, term in enumerate((t for t in _LEX_INDEX if " " not in t), 1)}
_LEX_GROUPS = np.zeros((len(_LEX_ROW) + 1, len(_LEX_NAMES)), dtype=np.float64)
for _term, _row in _LEX_ROW.items():
    _LEX_GROUPS[_row, list(_LEX_INDEX[_term])] = 1.0


def _cap3s(counts: Sequence[int] | np.ndarray) -> np.ndarray:
    """`_cap3` of many counts (the same floats: n / 3.0 below 3, else 1.0)."""
    return np.minimum(np.asarray(counts, dtype=np.int64), 3) / 3.0


def hand_matrix(
    texts: Sequence[str], sentiments: Sequence[Sentiment], lowers: Sequence[str] | None = None
) -> np.ndarray:
    """`hand_features` of a batch as one (len(texts), len(HAND_FEATURES)) array, the same floats.

    Why: scoring spent most of its Python time in the per-post token loops of
    `hand_features`. Here each text costs a few C-level calls per column, and the lexicon
    and past-tense counts come from the batch's distinct tokens, looked up once each and
    summed per post by numpy. `hand_features` stays the readable definition (a test holds
    the two equal).
    """
    n = len(texts)
    lowers = [t.lower() for t in texts] if lowers is None else lowers
    out = np.zeros((n, len(HAND_FEATURES)), dtype=np.float64)
    if not n:
        return out
    toks = [_LEX_TOKEN.findall(x.replace("\u2019", "'")) for x in lowers]
    lengths = np.fromiter(map(len, toks), dtype=np.int64, count=n)
    flat = list(chain.from_iterable(toks))
    distinct = list(dict.fromkeys(flat))
    index = dict(zip(distinct, range(len(distinct)), strict=True))
    ids = np.fromiter(map(index.__getitem__, flat), dtype=np.int64, count=len(flat))
    tok_doc = np.repeat(np.arange(n), lengths)
    # lexicon groups of one-word terms
    rows = np.fromiter(map(_LEX_ROW.get, distinct, repeat(0)), dtype=np.int64, count=len(distinct))[ids]
    hit = rows > 0
    groups = _LEX_GROUPS[rows[hit]]
    hit_doc = tok_doc[hit]
    lex = np.stack([np.bincount(hit_doc, weights=groups[:, g], minlength=n) for g in range(len(_LEX_NAMES))], 1)
    # two-word terms: only a token that starts one can start a bigram worth looking up
    starts = np.fromiter(map(_LEX_FIRST_WORDS.__contains__, distinct), dtype=bool, count=len(distinct))[ids]
    for i in np.flatnonzero(starts[:-1] & (tok_doc[:-1] == tok_doc[1:])).tolist():
        for g in _LEX_INDEX.get(flat[i] + " " + flat[i + 1], ()):
            lex[tok_doc[i], g] += 1
    past = np.array([len(t) > 3 and t.endswith("ed") for t in distinct], dtype=bool)[ids]
    out[:, 0] = [s.compound for s in sentiments]
    out[:, 1] = [s.negative for s in sentiments]
    out[:, 2] = [s.positive for s in sentiments]
    out[:, 3] = [t.startswith("@") for t in texts]
    out[:, 4] = _cap3s([len(_MENTION.findall(t)) if "@" in t else 0 for t in texts])
    out[:, 5] = ["http" in x for x in lowers]
    out[:, 6] = _cap3s([t.count("?") for t in texts])
    out[:, 7] = [t.rstrip().endswith("?") for t in texts]
    out[:, 8] = _cap3s([t.count("!") for t in texts])
    # a run needs two of "?!", which most posts lack: counting is cheaper than searching
    out[:, 9] = [(t.count("?") + t.count("!") > 1 and _PUNCT_RUN.search(t) is not None) for t in texts]
    out[:, 10] = _cap3s([len(_HASHTAG.findall(t)) if "#" in t else 0 for t in texts])
    out[:, 11] = _cap3s([len(_CAPS_WORD.findall(t)) for t in texts])
    out[:, 12] = [_ANY_TRIPLE.search(x) is not None and _ELONGATED.search(x) is not None for x in lowers]
    out[:, 13] = [_DIGIT.search(t) is not None for t in texts]
    out[:, 14] = np.minimum(lengths, 40) / 40.0
    out[:, 15] = _cap3s(np.bincount(tok_doc[past], minlength=n))
    out[:, 16:] = _cap3s(lex.astype(np.int64))
    return out


# --- character n-grams, hashed in numpy -------------------------------------------------

_WHITESPACE = np.array([9, 10, 11, 12, 13, 32, 0xA0], dtype=np.uint32)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_STEP = np.uint64(1_000_003)


def char_hashes(
    lowers: Sequence[str], bits: int, char_range: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """(document index, bucket) of every character n-gram of every text, whitespace runs collapsed.

    The whole batch is one array of code points separated by NUL (laid out in lanes, see
    `_full_hashes`), so each n is a handful of vectorized operations; windows that cross a
    separator are dropped. A bucket is the top `bits` bits of one 64-bit hash, so the complaint
    model (22 bits) and the second opinion (18 bits), which read the same lower-cased batch,
    share one hashing pass: the last batch's hashes are kept and only shifted for the second
    caller. The document array is shared and read-only; the buckets are a fresh array, the
    caller's to reuse.
    """
    if not lowers:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    global _LAST_HASHES
    key = tuple(lowers)
    last = _LAST_HASHES
    if last is not None and last[1] == char_range and last[0] == key:
        docs, full = last[2], last[3]
    else:
        docs, full = _full_hashes(key, char_range)
        _LAST_HASHES = (key, char_range, docs, full)
    return docs, np.right_shift(full, np.uint64(64 - bits)).view(np.int64)  # below 2**bits: same values


#: The last batch hashed by `char_hashes`: (texts, n-gram range, documents, 64-bit hashes).
_LAST_HASHES: tuple[tuple[str, ...], tuple[int, int], np.ndarray, np.ndarray] | None = None


#: Texts are laid side by side in this many lanes when hashed (see `_full_hashes`).
_LANES = 8


def _full_hashes(lowers: Sequence[str], char_range: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(document index, full 64-bit hash) of every character n-gram (see `char_hashes`).

    The texts are cut into `_LANES` runs of consecutive texts of about equal length, laid side
    by side as the columns of one array, so the n-grams come out position by position across
    the lanes: neighbours in the output belong to different texts. Each text still gets its
    n-grams in the same order as when hashed alone (n by n, left to right), so every per-text
    sum (`bincount`) adds the same numbers in the same order and gives the same bits; what
    changes is speed: `bincount` over runs of one text waits on each addition to the same
    total, over interleaved texts it does not (about 3x faster for the 8 sums scoring does).
    """
    joined = "\x00".join(t.replace("\x00", " ") for t in lowers)
    # code points stay 32-bit (half the memory); the hash below widens them to 64 bits
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    space = np.isin(cp, _WHITESPACE)
    keep = ~(space & np.concatenate(([False], space[:-1])))
    cp = np.where(space, np.uint32(32), cp)[keep]
    # Lanes start after a separator near each multiple of len(cp) / lanes (that separator is
    # dropped: the lane's end is padding, which is NUL too, so no window crosses it).
    seps = np.flatnonzero(cp == 0)
    cut = np.unique(np.searchsorted(seps, np.arange(1, _LANES) * len(cp) // _LANES))
    cut = cut[cut < len(seps)]
    starts = np.concatenate(([0], seps[cut] + 1))
    ends = np.concatenate((seps[cut], [len(cp)]))
    first_doc = np.concatenate(([0], cut + 1))
    lanes = np.zeros((int((ends - starts).max()), len(starts)), dtype=np.uint32)
    for k, (a, b) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        lanes[: b - a, k] = cp[a:b]
    # seps_before[i, k]: the document of position i of lane k (NULs before it, plus the lane's first)
    seps_before = np.zeros((len(lanes) + 1, len(starts)), dtype=np.int64)
    np.cumsum(lanes == 0, axis=0, out=seps_before[1:])
    seps_before += first_doc
    # ok[n][i, k]: the window of n at row i of lane k holds no NUL (it stays inside one text)
    lo, hi = char_range
    rows = len(lanes)
    ok = {n: seps_before[n : rows + 1] == seps_before[: max(rows - n + 1, 0)] for n in range(lo, hi + 1)}
    total = sum(int(np.count_nonzero(m)) for m in ok.values())
    # written in place, n after n: a batch's arrays are megabytes, and fresh ones cost page faults
    doc = np.empty(total, dtype=np.int64)
    full = np.empty(total, dtype=np.uint64)
    lanes += np.uint32(1)  # each step adds code point + 1 (NULs are counted above)
    h = lanes.astype(np.uint64)  # n = 1
    at = 0
    for n in range(1, hi + 1):
        # h[i, k] is the hash of lanes[i : i + n, k]; it loses its last row as n grows.
        if n > 1:
            h = h[: max(rows - n + 1, 0)]
            h *= _STEP
            h += lanes[n - 1 :]
        if n < lo:
            continue
        mask = ok[n].ravel()
        end = at + int(np.count_nonzero(mask))
        np.compress(mask, seps_before[: len(h)].ravel(), out=doc[at:end])
        part = np.compress(mask, h.ravel(), out=full[at:end])
        part ^= np.uint64(n)
        part *= _MIX
        at = end
    doc.flags.writeable = False
    return doc, full


@dataclass
class _Block:
    """The word tf-idf block: vocabulary, idf and the model's weights."""

    vocab: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray = field(default_factory=lambda: np.zeros(0))
    _grams: _GramIndex | None = field(default=None, repr=False)

    def gram_index(self) -> _GramIndex:
        """The vocabulary by word ids (built on first use; the vocabulary does not change after)."""
        if self._grams is None:
            self._grams = _GramIndex.of(self.vocab)
        return self._grams


@dataclass(frozen=True)
class _GramIndex:
    """The word vocabulary by word ids, so a post's bigrams are found without building strings.

    A bigram gram is two tokens joined by one space, and tokens hold no whitespace, so the
    vocabulary's bigram "a b" is met exactly when token a is followed by token b. Every word
    of the vocabulary (alone or in a bigram) gets an id; a bigram is the code
    `id(a) * width + id(b)`, found by a sorted search over the vocabulary's codes. Other keys
    with spaces can never be met and are left out.
    """

    size: int  # columns of the vocabulary
    words: dict[str, int]  # word -> id; unknown words get id len(words)
    unigram_col: np.ndarray  # id -> column, -1 where the word alone is not in the vocabulary
    bigram_codes: np.ndarray  # sorted
    bigram_cols: np.ndarray  # column of each code

    @property
    def width(self) -> int:
        return len(self.words) + 1

    @classmethod
    def of(cls, vocab: dict[str, int]) -> _GramIndex:
        words: dict[str, int] = {}
        unigrams: list[tuple[int, int]] = []
        bigrams: list[tuple[int, int, int]] = []
        for gram, col in vocab.items():
            parts = gram.split(" ")
            if len(parts) == 1:
                unigrams.append((words.setdefault(gram, len(words)), col))
            elif len(parts) == 2 and all(parts):
                a, b = (words.setdefault(p, len(words)) for p in parts)
                bigrams.append((a, b, col))
        unigram_col = np.full(len(words) + 1, -1, dtype=np.int64)
        for wid, col in unigrams:
            unigram_col[wid] = col
        width = len(words) + 1
        codes = np.array([a * width + b for a, b, _ in bigrams], dtype=np.int64)
        order = np.argsort(codes)
        cols = np.array([c for _, _, c in bigrams], dtype=np.int64)
        return cls(len(vocab), words, unigram_col, codes[order], cols[order])


@dataclass
class _HashedChars:
    """Hashed character n-grams: the buckets seen in training with their idf and weights."""

    bits: int
    char_range: tuple[int, int]
    buckets: np.ndarray  # int64, sorted
    idf: np.ndarray
    coef: np.ndarray = field(default_factory=lambda: np.zeros(0))
    _dense: tuple[np.ndarray, np.ndarray] | None = None

    def dense(self) -> tuple[np.ndarray, np.ndarray]:
        """Lookup tables: (row of every bucket, rows of idf*weight and idf^2 in float32 precision).

        Every bucket maps to a row of a small table (row 0: zeros, for buckets never kept):
        a 2-byte map over the 4M buckets and a table of the few tens of thousands of kept
        ones that stays in the CPU cache gather about twice as fast as two 4-byte tables
        over all buckets; the values (float32, as stored, widened) are the same.
        """
        if self._dense is None:
            kept = len(self.buckets)
            row = np.zeros(1 << self.bits, dtype=np.uint16 if kept < 1 << 16 else np.int64)
            row[self.buckets] = np.arange(1, kept + 1)
            values = np.zeros((2, kept + 1), dtype=np.float64)
            values[0, 1:] = (self.idf * self.coef).astype(np.float32)
            values[1, 1:] = (self.idf * self.idf).astype(np.float32)
            self._dense = (row, values)
        return self._dense


def _rows(docs: Sequence[list[str]], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sparse rows (indptr, column ids sorted within a row, raw counts) of known n-grams.

    Unknown n-grams are dropped. One dictionary lookup per n-gram over the whole batch, then
    the (row, column) pairs are counted by numpy, not by a Counter per post.
    """
    n = len(docs)
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=n)
    ids = np.fromiter(
        map(vocab.get, chain.from_iterable(docs), repeat(-1)), dtype=np.int64, count=int(lengths.sum())
    )
    keep = ids >= 0
    return _count_cells(n, np.repeat(np.arange(n, dtype=np.int64), lengths)[keep], ids[keep], len(vocab))


def _word_rows(lowers: Sequence[str], tokenizer: str, index: _GramIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`_rows([word_grams(x, tokenizer) for x in lowers], vocab)` without building the bigrams.

    Each token is looked up once (its word id); bigrams are pairs of neighbouring ids in one
    post, found in the vocabulary by numpy (see `_GramIndex`). The cells are counted as in
    `_rows`, so the rows are the same.
    """
    n = len(lowers)
    findall = TOKENIZERS[tokenizer].findall
    tokens = [findall(x) for x in lowers]
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=n)
    unknown = len(index.words)
    ids = np.fromiter(
        map(index.words.get, chain.from_iterable(tokens), repeat(unknown)), dtype=np.int64, count=int(lengths.sum())
    )
    doc = np.repeat(np.arange(n, dtype=np.int64), lengths)
    uni = index.unigram_col[ids]
    known = uni >= 0
    # neighbouring tokens of one post, both words of the vocabulary
    pair = (doc[1:] == doc[:-1]) & (ids[1:] != unknown) & (ids[:-1] != unknown)
    codes = ids[:-1][pair] * index.width + ids[1:][pair]
    at = np.searchsorted(index.bigram_codes, codes)
    at[at == len(index.bigram_codes)] = 0
    found = index.bigram_codes[at] == codes if len(index.bigram_codes) else np.zeros(len(codes), dtype=bool)
    rows = np.concatenate((doc[known], doc[:-1][pair][found]))
    cols = np.concatenate((uni[known], index.bigram_cols[at[found]]))
    return _count_cells(n, rows, cols, index.size)


def _count_cells(n: int, rows: np.ndarray, cols: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(indptr, columns sorted within a row, counts) of the (row, column) cells given, one per occurrence."""
    width = max(width, 1)
    keys = rows * width + cols
    if n * width < 1 << 31:  # a batch's usual size: 32-bit keys sort about twice as fast
        keys = keys.astype(np.int32)
    keys, counts = np.unique(keys, return_counts=True)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys // width, minlength=n), out=indptr[1:])
    return indptr, (keys % width).astype(np.int64), counts.astype(np.float64)


def _tfidf(indptr: np.ndarray, cols: np.ndarray, counts: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """Sublinear tf times idf, each row scaled to unit length (as scikit-learn's TfidfVectorizer)."""
    data = (1.0 + np.log(counts)) * idf[cols] if len(cols) else np.zeros(0)
    if len(cols):
        row_of = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
        norms = np.sqrt(np.bincount(row_of, weights=data * data, minlength=len(indptr) - 1))
        norms[norms == 0] = 1.0
        data = data / norms[row_of]
    return data


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -50.0, 50.0))))


class ComplaintScorer(Protocol):
    """What the triage pipeline needs of a complaint model (this one, or `complaint_embed`'s)."""

    @property
    def kind(self) -> str:
        """Which model this is ("default" or "embed"), for people and logs."""
        ...

    def scores(
        self,
        texts: Sequence[str],
        sentiments: Sequence[Sentiment] | None = None,
        lowers: Sequence[str] | None = None,
    ) -> np.ndarray: ...


@dataclass
class ComplaintModel:
    """A linear model over [word tf-idf | hashed char tf-idf | hand features], Platt-scaled."""

    words: _Block
    chars: _HashedChars
    hand_coef: np.ndarray
    intercept: float
    platt: tuple[float, float] = (1.0, 0.0)
    meta: dict[str, str] = field(default_factory=dict)
    tokenizer: str = DEFAULT_TOKENIZER

    @property
    def kind(self) -> str:
        return "default"

    def decision(
        self,
        texts: Sequence[str],
        sentiments: Sequence[Sentiment] | None = None,
        lowers: Sequence[str] | None = None,
    ) -> np.ndarray:
        n = len(texts)
        senti = list(sentiments) if sentiments is not None else [sentiment(t) for t in texts]
        lowers = [t.lower() for t in texts] if lowers is None else lowers
        out = np.full(n, self.intercept, dtype=np.float64)
        if not n:
            return out
        indptr, cols, counts = _word_rows(lowers, self.tokenizer, self.words.gram_index())
        if len(cols):
            data = _tfidf(indptr, cols, counts, self.words.idf)
            row_of = np.repeat(np.arange(n), np.diff(indptr))
            out += np.bincount(row_of, weights=data * self.words.coef[cols], minlength=n)
        doc, bucket = char_hashes(lowers, self.chars.bits, self.chars.char_range)
        row, values = self.chars.dense()
        # A batch's arrays are megabytes, and fresh ones cost page faults: the rows are written
        # over the buckets (as intp, so the `take`s below convert nothing), and one buffer
        # holds both weights.
        rows = bucket
        rows[...] = row.take(bucket)
        weights = values[0].take(rows)
        num = np.bincount(doc, weights=weights, minlength=n)
        np.take(values[1], rows, out=weights, mode="clip")  # rows are in range: "clip" only avoids a copy
        den = np.sqrt(np.bincount(doc, weights=weights, minlength=n))
        out += np.divide(num, den, out=np.zeros(n), where=den > 0)
        out += hand_matrix(texts, senti, lowers) @ self.hand_coef
        return out

    def scores(
        self,
        texts: Sequence[str],
        sentiments: Sequence[Sentiment] | None = None,
        lowers: Sequence[str] | None = None,
    ) -> np.ndarray:
        """Probability that each text is a complaint, 0..1 (Platt scaling of the margin)."""
        a, b = self.platt
        return _sigmoid(a * self.decision(texts, sentiments, lowers) + b)

    def arrays(self) -> dict[str, np.ndarray]:
        """The model as named plain arrays (what `save` writes and `load_model` reads)."""
        wv = sorted(self.words.vocab, key=self.words.vocab.__getitem__)
        meta_keys = sorted(self.meta)
        return {
            "format_version": np.array([FORMAT_VERSION]),
            "word_tokenizer": np.array([self.tokenizer], dtype=str),
            "word_vocab": np.array(wv, dtype=str),
            "word_idf": self.words.idf.astype(np.float32),
            "word_coef": self.words.coef.astype(np.float32),
            "char_hash": np.array([self.chars.bits, *self.chars.char_range], dtype=np.int64),
            "char_buckets": self.chars.buckets.astype(np.int32),
            "char_idf": self.chars.idf.astype(np.float32),
            "char_coef": self.chars.coef.astype(np.float32),
            "hand_names": np.array(HAND_FEATURES, dtype=str),
            "hand_coef": self.hand_coef.astype(np.float64),
            "intercept": np.array([self.intercept]),
            "platt": np.array(self.platt, dtype=np.float64),
            "meta_keys": np.array(meta_keys, dtype=str),
            "meta_values": np.array([self.meta[k] for k in meta_keys], dtype=str),
        }

    def save(self, path: Path) -> None:
        save_arrays(path, self.arrays())


def save_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write named plain arrays (no object arrays, so no pickle) to a compressed `.npz`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]


class ModelFileError(ValueError):
    """A model file that cannot be used; the message names the file and the problem."""


_NEEDED = frozenset(
    {
        "format_version",
        "word_vocab",
        "word_idf",
        "word_coef",
        "char_hash",
        "char_buckets",
        "char_idf",
        "char_coef",
        "hand_names",
        "hand_coef",
        "intercept",
        "platt",
    }
)


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    """All arrays of an `.npz` model file, read with `allow_pickle=False`."""
    try:
        with np.load(path, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{path}: not a complaint model file: {exc}") from exc


def load_model(path: Path | str) -> ComplaintModel:
    """Load a model file without pickle (`allow_pickle=False`), checking its layout."""
    path = Path(path)
    arrays = load_arrays(path)
    if EMBED_KEYS & set(arrays):
        raise ModelFileError(
            f"{path}: an embedding model file (complaint_embed.npz); it needs the [ml] extra and "
            "calmdesk.triage.complaint_embed.load_embed_model"
        )
    return model_from_arrays(path, arrays)


def model_from_arrays(path: Path, arrays: dict[str, Any]) -> ComplaintModel:
    """Check and build the model from a file's arrays; `path` only names the file in errors."""
    if "format_version" in arrays and int(arrays["format_version"][0]) != FORMAT_VERSION:
        raise ModelFileError(
            f"{path}: format version {int(arrays['format_version'][0])}, expected {FORMAT_VERSION}; "
            "retrain with `calmdesk train complaint`"
        )
    missing = _NEEDED - set(arrays)
    if missing:
        raise ModelFileError(f"{path}: missing arrays {', '.join(sorted(missing))}")
    if tuple(str(n) for n in arrays["hand_names"]) != HAND_FEATURES:
        raise ModelFileError(
            f"{path}: built for other hand features; retrain with `calmdesk train complaint`"
        )
    vocab = {str(g): i for i, g in enumerate(arrays["word_vocab"].tolist())}
    words = _Block(
        vocab=vocab, idf=arrays["word_idf"].astype(np.float64), coef=arrays["word_coef"].astype(np.float64)
    )
    if not (len(vocab) == len(words.idf) == len(words.coef)):
        raise ModelFileError(f"{path}: word vocabulary, idf and weights differ in length")
    bits, lo, hi = (int(v) for v in arrays["char_hash"].tolist())
    if not (8 <= bits <= 26 and 1 <= lo <= hi <= 8):
        raise ModelFileError(f"{path}: char_hash {bits, lo, hi} out of range")
    buckets = arrays["char_buckets"].astype(np.int64)
    chars = _HashedChars(
        bits=bits,
        char_range=(lo, hi),
        buckets=buckets,
        idf=arrays["char_idf"].astype(np.float64),
        coef=arrays["char_coef"].astype(np.float64),
    )
    if not (len(buckets) == len(chars.idf) == len(chars.coef)):
        raise ModelFileError(f"{path}: char buckets, idf and weights differ in length")
    if len(buckets) and (buckets.min() < 0 or buckets.max() >= 1 << bits):
        raise ModelFileError(f"{path}: char bucket out of range for {bits} bits")
    hand_coef = arrays["hand_coef"].astype(np.float64)
    if len(hand_coef) != len(HAND_FEATURES):
        raise ModelFileError(f"{path}: {len(hand_coef)} hand weights, expected {len(HAND_FEATURES)}")
    meta = {}
    if "meta_keys" in arrays:
        meta = {
            str(k): str(v)
            for k, v in zip(arrays["meta_keys"].tolist(), arrays["meta_values"].tolist(), strict=True)
        }
    tokenizer = str(arrays["word_tokenizer"][0]) if "word_tokenizer" in arrays else "words2"
    if tokenizer not in TOKENIZERS:
        raise ModelFileError(
            f"{path}: unknown word tokenizer {tokenizer!r}; retrain with `calmdesk train complaint`"
        )
    platt = arrays["platt"].astype(np.float64).tolist()
    return ComplaintModel(
        words=words,
        chars=chars,
        hand_coef=hand_coef,
        intercept=float(arrays["intercept"][0]),
        platt=(float(platt[0]), float(platt[1])),
        meta=meta,
        tokenizer=tokenizer,
    )


@lru_cache(maxsize=1)
def default_model() -> ComplaintModel:
    """The shipped model; `CALMDESK_COMPLAINT_MODEL` may point at a brand's retrained file."""
    import os

    return load_model(os.environ.get("CALMDESK_COMPLAINT_MODEL") or DEFAULT_MODEL_PATH)


# --- training (scikit-learn and scipy are needed here only) ---------------------------------


def _fit_words(docs: Sequence[list[str]], min_df: int) -> _Block:
    df: Counter[str] = Counter()
    for grams in docs:
        df.update(set(grams))
    kept = sorted(g for g, c in df.items() if c >= min_df)
    n = len(docs)
    idf = np.array([math.log((1 + n) / (1 + df[g])) + 1.0 for g in kept], dtype=np.float64)
    return _Block(vocab={g: i for i, g in enumerate(kept)}, idf=idf)


def _fit_chars(doc: np.ndarray, bucket: np.ndarray, n: int, min_df: int) -> _HashedChars:
    pairs = np.unique(doc * (1 << HASH_BITS) + bucket)
    df = np.bincount(pairs % (1 << HASH_BITS), minlength=1 << HASH_BITS)
    kept = np.flatnonzero(df >= min_df)
    idf = np.log((1 + n) / (1 + df[kept])) + 1.0
    return _HashedChars(bits=HASH_BITS, char_range=CHAR_RANGE, buckets=kept.astype(np.int64), idf=idf)


def _platt(decisions: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope-only Platt scaling: probabilities follow the margins, and 0.5 stays at margin 0.

    The class-balanced SVM's boundary is the decision we want (it is what the CV figure
    measures); a fitted intercept would move the 0.5 line toward the majority class.
    """
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e6, fit_intercept=False, max_iter=1000).fit(decisions.reshape(-1, 1), y)
    return float(lr.coef_[0][0]), 0.0


def train_model(
    texts: Sequence[str],
    labels: Sequence[bool | int],
    *,
    c: float = DEFAULT_C,
    min_df: int = 2,
    source: str = "",
    calibrate: bool = True,
) -> ComplaintModel:
    """Fit a linear SVM (class-balanced), then Platt-scale its margin on cross-validated margins.

    `calibrate=False` skips the cross-validated Platt fit (a fixed slope instead): the
    decisions at 0.5 are the same, so the CV benchmark uses it to save time.
    """
    return train_linear(texts, labels, c=c, min_df=min_df, source=source, calibrate=calibrate)[0]


def train_linear(
    texts: Sequence[str],
    labels: Sequence[bool | int],
    *,
    c: float = DEFAULT_C,
    min_df: int = 2,
    source: str = "",
    calibrate: bool = True,
    extra: np.ndarray | None = None,
    extra_scale: float = 1.0,
) -> tuple[ComplaintModel, np.ndarray]:
    """`train_model`, optionally with dense extra columns (one row per text) in the same SVM.

    Returns the model and the extra columns' weights (for the unscaled columns; empty when
    there are none). The model's intercept and Platt slope are those of the joint fit.
    """
    from scipy.sparse import csr_matrix, hstack
    from sklearn.model_selection import StratifiedKFold
    from sklearn.svm import LinearSVC

    y = np.asarray([int(bool(v)) for v in labels])
    if len(texts) != len(y):
        raise ValueError("texts and labels differ in length")
    if extra is not None and extra.shape[0] != len(texts):
        raise ValueError("texts and extra columns differ in length")
    if len(set(y.tolist())) < 2:
        raise ValueError("training needs both complaints and non-complaints")
    n = len(texts)
    min_df = min_df if n >= 20 else 1
    lowers = [t.lower() for t in texts]
    senti = [sentiment(t) for t in texts]
    docs = [word_grams(x, DEFAULT_TOKENIZER) for x in lowers]
    words = _fit_words(docs, min_df)
    indptr, cols, counts = _rows(docs, words.vocab)
    xw = csr_matrix((_tfidf(indptr, cols, counts, words.idf), cols, indptr), shape=(n, len(words.vocab)))
    doc, bucket = char_hashes(lowers, HASH_BITS, CHAR_RANGE)
    chars = _fit_chars(doc, bucket, n, min_df)
    column = np.full(1 << HASH_BITS, -1, dtype=np.int64)
    column[chars.buckets] = np.arange(len(chars.buckets))
    col = column[bucket]
    ok = col >= 0
    doc, col = doc[ok], col[ok]
    idf = chars.idf[col]
    norms = np.sqrt(np.bincount(doc, weights=idf * idf, minlength=n))
    norms[norms == 0] = 1.0
    xc = csr_matrix((idf / norms[doc], (doc, col)), shape=(n, len(chars.buckets)))  # duplicates add up
    hand = np.array([hand_features(t, s, x) for t, s, x in zip(texts, senti, lowers, strict=True)])
    blocks = [xw, xc, csr_matrix(hand * HAND_SCALE)]
    if extra is not None:
        blocks.append(csr_matrix(np.asarray(extra, dtype=np.float64) * extra_scale))
    x = hstack(blocks).tocsr()

    def fit(rows: np.ndarray) -> LinearSVC:
        return LinearSVC(C=c, class_weight="balanced", max_iter=20000).fit(x[rows], y[rows])

    folds = min(5, int(np.bincount(y).min()))
    if calibrate and folds >= 2:
        margins = np.zeros(n)
        for tr, te in StratifiedKFold(folds, shuffle=True, random_state=0).split(np.zeros(n), y):
            margins[te] = fit(tr).decision_function(x[te])
        platt = _platt(margins, y)
    else:
        platt = (2.0, 0.0)
    clf = fit(np.arange(n))
    w = clf.coef_[0]
    nw, nc, nh = len(words.vocab), len(chars.buckets), len(HAND_FEATURES)
    words.coef = w[:nw].copy()
    chars.coef = w[nw : nw + nc].copy()
    model = ComplaintModel(
        words=words,
        chars=chars,
        hand_coef=w[nw + nc : nw + nc + nh] * HAND_SCALE,  # scoring uses the unscaled features
        intercept=float(clf.intercept_[0]),
        platt=platt,
        meta={
            "examples": str(n),
            "complaints": str(int(y.sum())),
            "C": str(c),
            "source": source,
            "tokenizer": DEFAULT_TOKENIZER,
        },
        tokenizer=DEFAULT_TOKENIZER,
    )
    return model, w[nw + nc + nh :] * extra_scale
