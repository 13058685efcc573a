"""Where triage's time goes: start-up and microseconds per post of each signal, on real tweets.

Run: .venv/bin/python bench/triage_stages.py [--repeat 3] [--before SRC]

Each measurement runs in a fresh child process (so start-up is what a user's process pays):
CPU-seconds to import the triage pipeline, build a `Triage` and warm it up (what a worker
does before its first batch), then, for each stage
(sentiment, complaint model, second opinion, PII, escalation, offensive, language, topic,
legitimacy), CPU microseconds per post over the development set's 2,412 real tweets, each made
distinct by a reference number (the pre-checks keep answers by text). The best of `--repeat`
children is printed (before and now alternate): on a shared machine the other jobs only
ever add time.

`--before SRC` (a `src` folder of another checkout, e.g. `git archive <commit> src | tar -x -C
/tmp/before`) runs the same children on that code first and prints after/before ratios, and
whether every stage gave the same answers on every post (a speed change should not change one).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

TWEETS = Path(os.environ.get("CALMDESK_TWEETS", "/work/shared/datasets/complaints-dev.csv"))

CHILD = r"""
import json, sys, time
t0 = time.process_time()
from calmdesk.triage.pipeline import Triage
from calmdesk.triage.prefilter import fold
from calmdesk.triage import pipeline as P
triage = Triage()
triage.warm_up()
startup = time.process_time() - t0
texts = json.load(open(sys.argv[1], encoding="utf-8"))
folded = [fold(t) for t in texts]
lowers = [t.lower() for t in texts]
out = {"startup_s": startup, "stages": {}, "answers": {}}

def stage(name, fn):
    t = time.process_time()
    answers = fn()
    out["stages"][name] = (time.process_time() - t) / len(texts) * 1e6
    out["answers"][name] = repr(answers)

import hashlib
stage("sentiment", lambda: [round(s.compound, 6) for s in P.sentiments(texts)])
senti = P.sentiments(texts)
stage("complaint model", lambda: [round(float(x), 6) for x in triage.model.scores(texts, senti, lowers)])
if triage.second is not None:
    stage("second opinion", lambda: [sorted(x) for x in triage.second.flags(lowers)])
stage("pii", lambda: [tuple(P.find_pii(t)) for t in texts])
stage("escalation", lambda: [P.escalation(t, f).reasons for t, f in zip(texts, folded)])
stage("offensive", lambda: [P.offensive(t, f).offensive for t, f in zip(texts, folded)])
stage("language", lambda: [P.language(t, None).code for t in texts])
stage("topic", lambda: [triage.topics.topic(t) for t in texts])
acct = P.AccountInfo()
stage("legitimacy", lambda: [(l.spam, l.reasons) for l in (P.legitimacy(t, acct, None, folded=f) for t, f in zip(texts, folded))])
out["answers"] = {k: hashlib.sha256(v.encode()).hexdigest() for k, v in out["answers"].items()}
print(json.dumps(out))
"""


def posts(path: Path, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    with TWEETS.open(encoding="utf-8", newline="") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)]
    data = [f"{t} (ref {rnd.randint(100000, 999999)})" for t in texts]
    path.write_text(json.dumps(data), encoding="utf-8")
    return data


def child(src: Path | None, data: Path) -> dict:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run([sys.executable, "-c", CHILD, str(data)], check=True, capture_output=True, text=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def best(runs: list[dict]) -> dict:
    first = runs[0]
    return {
        "startup_s": min(r["startup_s"] for r in runs),
        "stages": {k: min(r["stages"][k] for r in runs) for k in first["stages"]},
        "answers": first["answers"],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--before", type=Path, default=None, help="a src folder of older code, measured first")
    args = ap.parse_args()
    data = Path(os.environ.get("TMPDIR", "/tmp")) / f"triage_stages_{os.getpid()}.json"
    n = len(posts(data))
    try:
        print(f"{n} real tweets made distinct, best of {args.repeat} child processes, CPU time, "
              f"load average {os.getloadavg()[0]:.1f}")
        # before and now alternate, so a change in the machine's load falls on both
        runs_before: list[dict] = []
        runs_now: list[dict] = []
        for _ in range(args.repeat):
            if args.before:
                runs_before.append(child(args.before, data))
            runs_now.append(child(None, data))
        before = best(runs_before) if runs_before else None
        now = best(runs_now)
    finally:
        data.unlink(missing_ok=True)
    head = f"{'stage':<16} {'now':>10}"
    if before:
        head += f" {'before':>10} {'now/before':>10} same answers"
    print(head)

    def row(name: str, a: float, b: float | None, unit: str, same: str = "") -> None:
        line = f"{name:<16} {a:>8.1f}{unit}"
        if b is not None:
            line += f" {b:>8.1f}{unit} {a / b:>10.2f} {same}"
        print(line)

    row("start-up", now["startup_s"], before["startup_s"] if before else None, " s")
    total_now = total_before = 0.0
    for k, v in now["stages"].items():
        b = before["stages"].get(k) if before else None
        total_now += v
        total_before += b or 0.0
        same = "" if before is None else ("yes" if before["answers"].get(k) == now["answers"][k] else "NO")
        row(k, v, b, "us", same)
    row("all stages", total_now, total_before if before else None, "us")
    digest = hashlib.sha256(json.dumps(now["answers"], sort_keys=True).encode()).hexdigest()[:12]
    print(f"answers digest {digest}")


if __name__ == "__main__":
    main()
