"""A learned second opinion for the reply rules that are about wording, not about form.

Why: the patterns in `rules/` find the phrasings we have seen, but each new set of drafts
written by hand brought wordings they missed ("our fares are set by the meter", "this just
doesn't happen"); on drafts never used for tuning they found a little over half of the
defensive, blaming, canned or over-promising sentences. A linear model over word and
character n-grams, trained on every labelled draft we have, generalises from those wordings
to their neighbours. It only ever *adds* a finding the patterns did not make, only for the
rules in `LEARNED_RULES`, and only when it is confident (`THRESHOLD`), so the precise
patterns stay in charge and the model fills gaps.

Each draft is split into sentences; a rule fires on the sentence the model scores highest,
which is also the finding's span. The model file (`models/reply_rules.npz`) holds the
vocabularies, idf weights and per-rule coefficients as plain arrays (loaded with
`allow_pickle=False`); `calmdesk train replies` rebuilds it from JSON Lines of labelled drafts
(`bench/data/replies_drafts*.jsonl`). Reading those files is the command's job; this module
only reads its own model file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from calmdesk.replies.model import Hit, ReplyContext

FORMAT_VERSION = 1
DEFAULT_MODEL_PATH = Path(__file__).parent / "models" / "reply_rules.npz"
#: Rules about what a sentence says. Absence rules (no apology, no next step), form rules
#: (length, media, shouting) and data rules (PII) stay with the exact checks.
LEARNED_RULES: tuple[str, ...] = (
    "R-DEFENSIVE",
    "R-BLAME",
    "R-ONLY-ONE",
    "R-CANNED",
    "R-PHONE-BOUNCE",
    "R-OVERPROMISE",
    "R-ADMIT-FAULT",
)
#: Probability a sentence needs before the model adds a finding. Chosen as a middle value
#: before looking at the held-out split (0.5 added false alarms, 0.85 added little).
THRESHOLD = 0.7
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
C = 10.0

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


class ReplyModelError(ValueError):
    """The model file is missing, damaged or of another format."""


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a draft (what a finding points at)."""
    out = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start >= 3:
            out.append((start, end))
    return out


def _vectorizers(word_vocab: Sequence[str] | None = None, char_vocab: Sequence[str] | None = None) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(
        ngram_range=WORD_NGRAMS, sublinear_tf=True, vocabulary=list(word_vocab) if word_vocab else None
    )
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=CHAR_NGRAMS,
        min_df=1 if char_vocab else 2,
        sublinear_tf=True,
        vocabulary=list(char_vocab) if char_vocab else None,
    )
    return word, char


def _matrix(vectorizers: Any, texts: Sequence[str], fit: bool = False) -> Any:
    """Word and character n-gram features side by side, as training and scoring both use them."""
    from scipy.sparse import hstack

    word, char = vectorizers
    if fit:
        return hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
    return hstack([word.transform(texts), char.transform(texts)]).tocsr()


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
_SPACES = re.compile(r"\s\s+")


class FeatureScorer:
    """The model's tf-idf features and linear scores, computed without scikit-learn.

    Why: scikit-learn's vectorizers validate their input and build sparse matrices on every
    call, which cost more than the scoring itself on one short draft (issue 15: `lint-reply`
    must check 1,000 drafts a second). This computes exactly the same features (word 1-2-grams
    with scikit-learn's token pattern, `char_wb` 2-5-grams, sublinear tf, idf, each block
    l2-normalised) from the saved vocabularies, caching each word's character n-grams, and
    importing neither scikit-learn nor scipy.
    """

    def __init__(
        self,
        word_vocab: Sequence[str],
        word_idf: np.ndarray,
        char_vocab: Sequence[str],
        char_idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
    ) -> None:
        self.word_vocab = list(word_vocab)
        self.char_vocab = list(char_vocab)
        self.word_index = {w: i for i, w in enumerate(self.word_vocab)}
        self.char_index = {c: i for i, c in enumerate(self.char_vocab)}
        self.word_idf = np.asarray(word_idf, dtype=np.float64)
        self.char_idf = np.asarray(char_idf, dtype=np.float64)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        n_word = len(self.word_vocab)
        # features x rules, split into the two blocks, so a sentence gathers only its rows
        self.word_coef = np.ascontiguousarray(self.coef[:, :n_word].T)
        self.char_coef = np.ascontiguousarray(self.coef[:, n_word:].T)
        self._word_cache: dict[str, tuple[int, ...]] = {}

    def _char_grams(self, word: str) -> tuple[int, ...]:
        """In-vocabulary `char_wb` n-grams of one word, one index per occurrence (cached per word)."""
        hit = self._word_cache.get(word)
        if hit is not None:
            return hit
        w = " " + word + " "
        out: list[int] = []
        lo, hi = CHAR_NGRAMS
        index = self.char_index
        for n in range(lo, hi + 1):
            offset = 0
            grams = [w[offset : offset + n]]
            while offset + n < len(w):
                offset += 1
                grams.append(w[offset : offset + n])
            out.extend(j for j in map(index.get, grams) if j is not None)
            if offset == 0:  # a word shorter than n is counted once, as scikit-learn does
                break
        if len(self._word_cache) > 200_000:
            self._word_cache.clear()
        self._word_cache[word] = tuple(out)
        return self._word_cache[word]

    @staticmethod
    def _block(found: list[int], owner: list[int], n: int, idf: np.ndarray, coef: np.ndarray) -> np.ndarray:
        """Sublinear tf x idf, l2-normalised per sentence, times the block's weights: (n, rules)."""
        out = np.zeros((n, coef.shape[1]))
        if not found:
            return out
        width = len(idf)
        keys, counts = np.unique(
            np.array(owner, dtype=np.int64) * width + np.array(found, dtype=np.int64), return_counts=True
        )
        sent, idx = np.divmod(keys, width)
        val = (np.log(counts) + 1.0) * idf[idx]
        norms = np.sqrt(np.bincount(sent, weights=val * val, minlength=n))
        val = val / norms[sent]
        starts = np.flatnonzero(np.r_[True, sent[1:] != sent[:-1]])
        out[sent[starts]] = np.add.reduceat(coef[idx] * val[:, None], starts, axis=0)
        return out

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """The linear score of each rule for each sentence, all sentences in one pass: (texts, rules)."""
        words: list[int] = []
        word_owner: list[int] = []
        chars: list[int] = []
        char_owner: list[int] = []
        index = self.word_index
        for k, text in enumerate(texts):
            low = text.lower()
            tokens = _TOKEN.findall(low)
            grams = [j for j in map(index.get, tokens) if j is not None]
            grams.extend(
                j for j in map(index.get, map(" ".join, zip(tokens, tokens[1:], strict=False))) if j is not None
            )
            words.extend(grams)
            word_owner.extend([k] * len(grams))
            before = len(chars)
            for word in _SPACES.sub(" ", low).split():
                chars.extend(self._char_grams(word))
            char_owner.extend([k] * (len(chars) - before))
        n = len(texts)
        return (
            self._block(words, word_owner, n, self.word_idf, self.word_coef)
            + self._block(chars, char_owner, n, self.char_idf, self.char_coef)
            + self.intercept
        )

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        z = self.scores(texts) if texts else np.zeros((0, len(self.intercept)))
        return np.asarray(1.0 / (1.0 + np.exp(-z)))


@dataclass
class ReplyRuleModel:
    rules: tuple[str, ...]
    scorer: FeatureScorer
    _primed: dict[str, dict[str, Hit]] = field(default_factory=dict, repr=False)

    @property
    def coef(self) -> np.ndarray:
        return self.scorer.coef

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """P(rule applies) for each text and rule: shape (texts, rules)."""
        return self.scorer.probabilities(texts)

    def best_sentences(self, text: str, threshold: float = THRESHOLD) -> dict[str, Hit]:
        """For each rule the model is confident about, its most likely sentence (one pass)."""
        primed = self._primed.get(text) if threshold == THRESHOLD else None
        if primed is not None:
            return primed
        return self.best_sentences_many([text], threshold)[0]

    def best_sentences_many(self, texts: Sequence[str], threshold: float = THRESHOLD) -> list[dict[str, Hit]]:
        """`best_sentences` for many drafts, their sentences scored together in one pass."""
        spans = [sentences(t) for t in texts]
        flat = [t[a:b] for t, sp in zip(texts, spans, strict=True) for a, b in sp]
        probs = self.probabilities(flat)
        out: list[dict[str, Hit]] = []
        row = 0
        for sp in spans:
            found: dict[str, Hit] = {}
            if sp:
                block = probs[row : row + len(sp)]
                best = np.argmax(block, axis=0)
                for j, rule in enumerate(self.rules):
                    p = float(block[best[j], j])
                    if p >= threshold:
                        a, b = sp[int(best[j])]
                        found[rule] = Hit(a, b, f"learned {p:.2f}")
            out.append(found)
            row += len(sp)
        return out

    def prime(self, texts: Sequence[str]) -> None:
        """Score a batch of drafts ahead, so `best_sentences` on each of them is a look-up.

        A batch caller (`lint-reply`) primes each chunk of drafts before checking them one by
        one; only the latest chunk is kept.
        """
        unique = list(dict.fromkeys(texts))
        self._primed = dict(zip(unique, self.best_sentences_many(unique), strict=True))


def train(records: Iterable[dict[str, Any]]) -> ReplyRuleModel:
    """Fit one logistic regression per learned rule on sentences of labelled drafts.

    A draft's label says a rule applies somewhere in it; sentences of drafts without the rule
    are negatives for it. Training on whole drafts as positives (their sentences are unknown)
    and scoring sentences works because the other sentences of a positive draft are ordinary
    ones the negatives already teach.
    """
    from sklearn.linear_model import LogisticRegression

    recs = [r for r in records if r.get("reply")]
    texts = [r["reply"] for r in recs]
    vectorizers = _vectorizers()
    x = _matrix(vectorizers, texts, fit=True)
    coefs, intercepts, rules = [], [], []
    for rule in LEARNED_RULES:
        y = np.array([rule in r.get("expected_rules", ()) for r in recs])
        if y.sum() < 3 or y.all():
            continue
        m = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(x, y)
        coefs.append(m.coef_[0])
        intercepts.append(m.intercept_[0])
        rules.append(rule)
    word, char = vectorizers
    scorer = FeatureScorer(
        sorted(word.vocabulary_, key=word.vocabulary_.get),
        word.idf_,
        sorted(char.vocabulary_, key=char.vocabulary_.get),
        char.idf_,
        np.vstack(coefs),
        np.array(intercepts),
    )
    return ReplyRuleModel(tuple(rules), scorer)


def save(model: ReplyRuleModel, path: Path) -> None:
    sc = model.scorer
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(
            fh,
            format_version=np.array(FORMAT_VERSION),
            rules=np.array(model.rules),
            coef=sc.coef.astype(np.float32),
            intercept=sc.intercept.astype(np.float64),
            word_vocab=np.array(sc.word_vocab),
            word_idf=sc.word_idf.astype(np.float64),
            char_vocab=np.array(sc.char_vocab),
            char_idf=sc.char_idf.astype(np.float64),
        )


def load(path: Path = DEFAULT_MODEL_PATH) -> ReplyRuleModel:
    try:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format_version"]) != FORMAT_VERSION:
                raise ReplyModelError(f"{path}: format {int(z['format_version'])}, expected {FORMAT_VERSION}")
            arrays = {k: z[k] for k in z.files}
    except (OSError, KeyError, ValueError) as exc:
        if isinstance(exc, ReplyModelError):
            raise
        raise ReplyModelError(f"{path}: cannot read the reply model ({exc}); run `calmdesk train replies`") from exc
    scorer = FeatureScorer(
        [str(w) for w in arrays["word_vocab"]],
        arrays["word_idf"],
        [str(c) for c in arrays["char_vocab"]],
        arrays["char_idf"],
        arrays["coef"].astype(np.float64),
        arrays["intercept"],
    )
    return ReplyRuleModel(tuple(str(r) for r in arrays["rules"]), scorer)


@lru_cache(maxsize=1)
def default_model() -> ReplyRuleModel | None:
    """The shipped model, or None when the file is absent (the patterns then work alone)."""
    if not DEFAULT_MODEL_PATH.exists():
        return None
    return load(DEFAULT_MODEL_PATH)


def learned_hits(text: str, ctx: ReplyContext, model: ReplyRuleModel) -> dict[str, Hit]:
    """What the learned model would add per rule, within the same context gates as the patterns."""
    found = model.best_sentences(text)
    if not ctx.public:
        found.pop("R-ADMIT-FAULT", None)  # admitting fault in a private message is not the rule
    return found
