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
from dataclasses import dataclass
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


@dataclass
class ReplyRuleModel:
    rules: tuple[str, ...]
    coef: np.ndarray  # (rules, features)
    intercept: np.ndarray  # (rules,)
    vectorizers: Any

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """P(rule applies) for each text and rule: shape (texts, rules)."""
        z = _matrix(self.vectorizers, texts) @ self.coef.T + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def best_sentences(self, text: str, threshold: float = THRESHOLD) -> dict[str, Hit]:
        """For each rule the model is confident about, its most likely sentence (one pass)."""
        spans = sentences(text)
        if not spans:
            return {}
        probs = self.probabilities([text[a:b] for a, b in spans])
        out = {}
        for j, rule in enumerate(self.rules):
            best = int(np.argmax(probs[:, j]))
            if probs[best, j] >= threshold:
                a, b = spans[best]
                out[rule] = Hit(a, b, f"learned {probs[best, j]:.2f}")
        return out


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
    return ReplyRuleModel(tuple(rules), np.vstack(coefs), np.array(intercepts), vectorizers)


def save(model: ReplyRuleModel, path: Path) -> None:
    word, char = model.vectorizers
    path.parent.mkdir(parents=True, exist_ok=True)
    word_vocab = sorted(word.vocabulary_, key=word.vocabulary_.get)
    char_vocab = sorted(char.vocabulary_, key=char.vocabulary_.get)
    with path.open("wb") as fh:
        np.savez_compressed(
            fh,
            format_version=np.array(FORMAT_VERSION),
            rules=np.array(model.rules),
            coef=model.coef.astype(np.float32),
            intercept=model.intercept.astype(np.float64),
            word_vocab=np.array(word_vocab),
            word_idf=word.idf_.astype(np.float64),
            char_vocab=np.array(char_vocab),
            char_idf=char.idf_.astype(np.float64),
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
    word, char = _vectorizers([str(w) for w in arrays["word_vocab"]], [str(c) for c in arrays["char_vocab"]])
    word.idf_ = arrays["word_idf"]
    char.idf_ = arrays["char_idf"]
    return ReplyRuleModel(
        tuple(str(r) for r in arrays["rules"]),
        arrays["coef"].astype(np.float64),
        arrays["intercept"],
        (word, char),
    )


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
