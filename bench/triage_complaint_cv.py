"""Complaint detection quality: 10-fold cross-validated macro-F1 on the dev set, with baselines.

Run: .venv/bin/python bench/triage_complaint_cv.py [--data CSV] [--folds 10] [--c 0.3] [--no-embed]
     [--finetune [--only-finetune]]
The models are the ones `calmdesk train complaint [--model embed]` builds (same featurizer,
same trainer), fitted on each fold's training part only. The Platt fit is skipped: its slope
does not move the decision at 0.5. With the [ml] extra installed the embedding model is
scored on the same folds; the frozen encoder has nothing to fit, so every post is encoded
once up front.

The cascade (what `calmdesk triage` runs with the extra): the default model, Platt-calibrated
on each fold's training part as the shipped file is, answers outside a probability band and
the embedding model inside it. Printed for the shipped band (`CASCADE_BAND`) and a few others,
with the share of posts each sends to the encoder; the shipped band was chosen on these folds
(random_state 0) and checked on `--seed 1` and `--seed 2`.

`--finetune` (needs the extra) adds the fine-tuned model (`complaint_finetune.py`, what
`calmdesk train complaint --model finetune` builds) on the same folds: the frozen lower layers
run once over all posts, then per fold the top layer(s) and head are trained on the fold's
training part only, and so is the default model it is fused with. It prints the fine-tuned
encoder alone and the fusion (the shipped model), with CPU-seconds. `--only-finetune` skips the
embedding model and the cascade.
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
from calmdesk.triage.complaint_embed import (
    CASCADE_BAND,
    encoder,
    extra_installed,
    missing_modules,
    train_embed_model,
)

DATA = Path("/work/shared/datasets/complaints-dev.csv")
#: Bands printed beside the shipped one (probability of the default model).
BANDS = ((0.45, 0.55), (0.4, 0.6), (0.3, 0.7), (0.2, 0.8), (0.1, 0.9))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--c", type=float, default=DEFAULT_C)
    ap.add_argument("--no-embed", action="store_true", help="skip the embedding model even if installed")
    ap.add_argument("--seed", type=int, default=0, help="random_state of the folds")
    ap.add_argument("--finetune", action="store_true", help="also score the fine-tuned model (slow: minutes)")
    ap.add_argument("--only-finetune", action="store_true", help="with --finetune: skip the embedding model")
    args = ap.parse_args()
    with args.data.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r["text"] for r in rows]
    y = np.array([int(r["is_complaint"]) for r in rows])
    cv = StratifiedKFold(args.folds, shuffle=True, random_state=args.seed)
    majority = np.full_like(y, int(y.mean() >= 0.5))
    bow = np.zeros_like(y)
    ours = np.zeros_like(y)
    embed = np.zeros_like(y)
    p_default = np.zeros(len(y))
    p_embed = np.zeros(len(y))
    emb = None
    if args.finetune:
        _finetune(texts, y, cv, args.c)
        if args.only_finetune:
            return
    if not args.no_embed and extra_installed():
        t0 = time.perf_counter()
        enc = encoder()
        emb = enc.encode(texts)
        encode_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    embed_s = 0.0
    for tr, te in cv.split(texts, y):
        vec = CountVectorizer()
        clf = LogisticRegression(max_iter=2000)
        clf.fit(vec.fit_transform([texts[i] for i in tr]), y[tr])
        bow[te] = clf.predict(vec.transform([texts[i] for i in te]))
        model = train_model([texts[i] for i in tr], y[tr].tolist(), c=args.c, calibrate=False)
        ours[te] = (model.scores([texts[i] for i in te]) >= 0.5).astype(int)
        if emb is not None:
            t1 = time.perf_counter()
            em = train_embed_model(
                [texts[i] for i in tr], y[tr].tolist(), c=args.c, calibrate=False, embeddings=emb[tr]
            )
            p_embed[te] = em.scores([texts[i] for i in te], embeddings=emb[te])
            embed[te] = (p_embed[te] >= 0.5).astype(int)
            calibrated = train_model([texts[i] for i in tr], y[tr].tolist(), c=args.c)
            p_default[te] = calibrated.scores([texts[i] for i in te])
            embed_s += time.perf_counter() - t1
    elapsed = time.perf_counter() - t0 - embed_s
    print(f"data: {args.data} ({len(y)} posts, {int(y.sum())} complaints), {args.folds}-fold CV")
    print(f"{'model':<44} {'macro-F1':>9}")
    print(f"{'majority class':<44} {f1_score(y, majority, average='macro'):>9.4f}")
    print(f"{'bag of words + logistic regression':<44} {f1_score(y, bow, average='macro'):>9.4f}")
    print(f"{'calmdesk default (word+char+lexicon)':<44} {f1_score(y, ours, average='macro'):>9.4f}")
    _per_class(y, ours)
    print(f"  ({elapsed:.1f}s for all folds, with the baselines)")
    if emb is None:
        why = "--no-embed" if args.no_embed else f"[ml] extra not installed: {', '.join(missing_modules())}"
        print(f"{'calmdesk embed (default + MiniLM layers)':<44} {'skipped':>9}  ({why})")
        return
    print(f"{'calmdesk embed (default + MiniLM layers)':<44} {f1_score(y, embed, average='macro'):>9.4f}")
    _per_class(y, embed)
    print(f"  ({encode_s:.1f}s to encode {len(texts)} posts with {enc.name}, {embed_s:.1f}s for all folds)")
    for band in sorted({CASCADE_BAND, *BANDS}):
        lo, hi = band
        unsure = (p_default >= lo) & (p_default <= hi)
        pred = (np.where(unsure, p_embed, p_default) >= 0.5).astype(int)
        label = f"cascade, encoder for {lo:.2f}-{hi:.2f}" + (" (shipped)" if band == CASCADE_BAND else "")
        print(f"{label:<44} {f1_score(y, pred, average='macro'):>9.4f}  ({unsure.mean():.1%} of posts encoded)")


def _finetune(texts: list[str], y: np.ndarray, cv: StratifiedKFold, c: float) -> None:
    """Out-of-fold scores of the fine-tuned model and of its fine-tuned half alone."""
    if not extra_installed():
        print(f"{'calmdesk finetune':<44} {'skipped':>9}  ([ml] extra not installed: {', '.join(missing_modules())})")
        return
    from calmdesk.triage import complaint_finetune as ft

    t0 = time.process_time()
    lower = ft.lower_states(texts)
    lower_s = time.process_time() - t0
    logit = np.zeros(len(y))
    fused = np.zeros(len(y))
    fold_s: list[float] = []
    for fold, (tr, te) in enumerate(cv.split(texts, y)):
        t1 = time.process_time()
        base, top, ft_scale, default_scale = ft.fit_fold(texts, y.tolist(), lower, tr, c=c, seed=fold, calibrate=False)
        logit[te] = ft.top_logits(top, lower, te)
        fused[te] = ft.fuse(logit[te], base.decision([texts[i] for i in te]), ft_scale, default_scale)
        fold_s.append(time.process_time() - t1)
        done = np.concatenate([t for _, t in list(cv.split(texts, y))[: fold + 1]])
        print(
            f"  fold {fold}: finetune {f1_score(y[done], logit[done] > 0, average='macro'):.4f}, "
            f"fused {f1_score(y[done], fused[done] > 0, average='macro'):.4f} so far ({fold_s[-1]:.0f} CPU-s)",
            flush=True,
        )
    label = f"calmdesk finetune, top {ft.TOP_LAYERS} layer(s) alone"
    print(f"{label:<44} {f1_score(y, logit > 0, average='macro'):>9.4f}")
    _per_class(y, (logit > 0).astype(int))
    label = f"calmdesk finetune + default (w {ft.FUSE_WEIGHT})"
    print(f"{label:<44} {f1_score(y, fused > 0, average='macro'):>9.4f}")
    _per_class(y, (fused > 0).astype(int))
    print(
        f"  ({lower_s:.0f} CPU-s for the frozen layers over {len(texts)} posts, once; "
        f"{sum(fold_s):.0f} CPU-s for {len(fold_s)} folds, {np.mean(fold_s):.0f} per fold)"
    )


def _per_class(y: np.ndarray, pred: np.ndarray) -> None:
    p, r, f, _ = precision_recall_fscore_support(y, pred, average=None)
    print(
        f"  complaint: P={p[1]:.3f} R={r[1]:.3f} F1={f[1]:.3f}; not: P={p[0]:.3f} R={r[0]:.3f} F1={f[0]:.3f}"
    )


if __name__ == "__main__":
    main()
