"""Complaint detection quality: 10-fold cross-validated macro-F1 on the dev set, with baselines.

Run: .venv/bin/python bench/triage_complaint_cv.py [--data CSV] [--folds 10] [--c 0.3]
The model is the one `calmdesk train complaint` builds (same featurizer, same trainer).
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from calmdesk.triage.complaint import DEFAULT_C, train_model

DATA = Path("/work/shared/datasets/complaints-dev.csv")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--c", type=float, default=DEFAULT_C)
    args = ap.parse_args()
    with args.data.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r["text"] for r in rows]
    y = np.array([int(r["is_complaint"]) for r in rows])
    cv = StratifiedKFold(args.folds, shuffle=True, random_state=0)
    majority = np.full_like(y, int(y.mean() >= 0.5))
    bow = np.zeros_like(y)
    ours = np.zeros_like(y)
    t0 = time.perf_counter()
    for tr, te in cv.split(texts, y):
        vec = CountVectorizer()
        clf = LogisticRegression(max_iter=2000)
        clf.fit(vec.fit_transform([texts[i] for i in tr]), y[tr])
        bow[te] = clf.predict(vec.transform([texts[i] for i in te]))
        model = train_model([texts[i] for i in tr], y[tr].tolist(), c=args.c)
        ours[te] = (model.scores([texts[i] for i in te]) >= 0.5).astype(int)
    elapsed = time.perf_counter() - t0
    print(f"data: {args.data} ({len(y)} posts, {int(y.sum())} complaints), {args.folds}-fold CV")
    print(f"{'model':<38} {'macro-F1':>9}")
    print(f"{'majority class':<38} {f1_score(y, majority, average='macro'):>9.4f}")
    print(f"{'bag of words + logistic regression':<38} {f1_score(y, bow, average='macro'):>9.4f}")
    print(f"{'calmdesk default (word+char+lexicon)':<38} {f1_score(y, ours, average='macro'):>9.4f}")
    p, r, f, _ = precision_recall_fscore_support(y, ours, average=None)
    print(
        f"  complaint: P={p[1]:.3f} R={r[1]:.3f} F1={f[1]:.3f}; not: P={p[0]:.3f} R={r[0]:.3f} F1={f[0]:.3f}"
    )
    print(f"  ({elapsed:.1f}s for all folds)")


if __name__ == "__main__":
    main()
