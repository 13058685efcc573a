"""Throughput of `calmdesk triage` over N mentions, whole process (start-up included).

Run: .venv/bin/python bench/triage_throughput.py [--n 50000] [--corpus templates|tweets|both]
                                                  [--complaint-model default|embed|finetune|both]
                                                  [--workers 1,2] [--old-path-n 1000]
Prints a baseline process (parse and write each JSON line) and then `calmdesk triage` with the
default complaint model and, when the [ml] extra is installed, with the embedding model, each with
one worker process and with N (`--workers`, default 1 and the CPU count), all on the same input in
the same run (`finetune`: the fine-tuned model, which runs the encoder on every post). Goals: default >= 6,000 mentions/s, embed >= 1,500 mentions/s.

Every line gives two rates: per second of wall time, and per CPU-second (user + system time of
the whole process tree, workers included, from `getrusage(RUSAGE_CHILDREN)`). On a machine that
others share, wall time depends on their load; the CPU-second figure is the honest one, and
wall time with N workers is at best N times it.

Corpora: `templates` (ten post templates with random numbers and cities; few distinct texts reach
the encoder, so its cache does most of the work) and `tweets` (the dev set's real tweets, each
mention made distinct by a random reference number, so the cache cannot help: the harder case).
For the embed model the line also says how many distinct texts the encoder saw (`--stats`).

Same-process baseline for the embed model: the old path that encoded every post
(`CALMDESK_COMPLAINT_CASCADE=off`), run on the first `--old-path-n` mentions of the same input
(at about 60 encodings per CPU-second on this machine's cores, 50,000 posts would take a quarter
of an hour), and the cascade on those same mentions, so the ratio compares like with like.

`--before SRC` (a `src` folder of another checkout, e.g. `git archive <commit> src` unpacked) also
runs that code's `calmdesk triage` on the same input, right before each run of this one, and says
whether every output line is identical: the before/after figure of a speed change.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARTS = [
    "@acme my parcel still hasn't arrived after {n} days, order {o}",
    "@acme love the new flavour, great job!",
    "@acme your app keeps crashing when I log in, fix it please",
    "@acme charged twice for the same order {o}?? I want a refund",
    "@acme the staff at the {city} store were so rude today",
    "Earn ${n}00 a day from home!!! click here http://spam.example/{o}",
    "@acme my card {card} was charged without my permission",
    "@acme the charger started smoking and burnt my hand",
    "@acme what time does the {city} shop open on sunday?",
    "@acme worst f***ing service ever, 3 hours on hold",
]
CITIES = ["Leeds", "Berlin", "Lyon", "Austin", "Porto"]
#: The floor any triage process pays: start Python, parse each JSON line, write one back.
BASELINE = """
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        rec = json.loads(line)
        out.write(json.dumps({"id": rec["id"], "is_complaint": False, "pii": [], "factors": []}) + "\\n")
"""


TWEETS = Path("/work/shared/datasets/complaints-dev.csv")


def generate(path: Path, n: int, corpus: str = "templates", seed: int = 1) -> None:
    rnd = random.Random(seed)
    tweets: list[str] = []
    if corpus == "tweets":
        with TWEETS.open(encoding="utf-8", newline="") as fh:
            tweets = [r["text"] for r in csv.DictReader(fh)]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if tweets:
                text = f"{rnd.choice(tweets)} (ref {rnd.randint(100000, 999999)})"
            else:
                text = rnd.choice(PARTS).format(
                    n=rnd.randint(2, 30),
                    o=rnd.randint(100000, 999999),
                    city=rnd.choice(CITIES),
                    card="4111 1111 1111 1111",
                )
            rec = {
                "id": i,
                "text": text,
                "platform": "x",
                "created_at": f"2024-05-01T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}Z",
                "author": {
                    "handle": f"user{rnd.randint(1, 20000)}",
                    "followers": rnd.randint(0, 100000),
                    "verified": False,
                },
            }
            fh.write(json.dumps(rec) + "\n")


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_triage(
    exe: Path, src: Path, out: Path, kind: str, workers: int, env: dict[str, str] | None = None
) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds, lines written, and the --stats line of one whole `calmdesk triage`."""
    cpu0, t0 = _cpu(), time.perf_counter()
    done = subprocess.run(
        [str(exe), "triage", "--input", str(src), "--output", str(out), "--complaint-model", kind, "--stats",
         "--workers", str(workers)],
        check=True,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    elapsed, cpu = time.perf_counter() - t0, _cpu() - cpu0
    stats = next((ln for ln in done.stderr.splitlines() if ln.startswith('{"stats"')), "")
    return elapsed, cpu, sum(1 for _ in out.open(encoding="utf-8")), stats


def _line(label: str, elapsed: float, cpu: float, lines: int, floor_cpu: float, stats: str) -> str:
    return (
        f"  {label}: {lines} mentions in {elapsed:.2f}s wall, {cpu:.2f} CPU-s = {lines / elapsed:,.0f} mentions/s wall, "
        f"{lines / cpu:,.0f} per CPU-second ({cpu / floor_cpu:.1f}x the baseline's CPU) {stats}"
    )


def old_path(exe: Path, src: Path, out: Path, n: int) -> None:
    """The embed model's same-process baseline: every post encoded, against the cascade, on the first n."""
    head = src.with_name("head.jsonl")
    with src.open(encoding="utf-8") as fin, head.open("w", encoding="utf-8") as fout:
        for line, _ in zip(fin, range(n), strict=False):
            fout.write(line)
    rates = []
    for label, env in (("every post encoded (old path)", {"CALMDESK_COMPLAINT_CASCADE": "off"}), ("cascade", {})):
        elapsed, cpu, lines, stats = run_triage(exe, head, out, "embed", 1, env)
        rates.append(lines / cpu)
        print(
            f"  embed, first {n}, 1 worker, {label}: {elapsed:.2f}s wall, {cpu:.2f} CPU-s = "
            f"{lines / elapsed:,.0f} mentions/s wall, {lines / cpu:,.0f} per CPU-second {stats}"
        )
    print(f"  embed cascade / old path, per CPU-second on the same {n} mentions: {rates[1] / rates[0]:.1f}x")


def bench(
    corpus: str, n: int, kinds: list[str], workers: list[int], old_n: int = 0, before: Path | None = None
) -> None:
    """One corpus: the baseline process, then each model with each worker count."""
    from calmdesk.triage.complaint_embed import extra_installed, missing_modules

    exe = Path(sys.executable).parent / "calmdesk"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        out = Path(tmp) / "out.jsonl"
        generate(src, n, corpus)
        cpu0, t0 = _cpu(), time.perf_counter()
        subprocess.run([sys.executable, "-c", BASELINE, str(src), str(out)], check=True)
        floor, floor_cpu = time.perf_counter() - t0, _cpu() - cpu0
        print(f"{n} mentions, corpus {corpus}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        print(
            f"  baseline (a Python process that only parses each line and writes a JSON line back): "
            f"{n / floor:,.0f} mentions/s wall, {n / floor_cpu:,.0f} per CPU-second"
        )
        for kind in kinds:
            if kind in ("embed", "finetune") and not extra_installed():
                print(f"  {kind} model: skipped ([ml] extra not installed: {', '.join(missing_modules())})")
                continue
            for w in workers:
                if before is not None:
                    old_out = Path(tmp) / "before.jsonl"
                    b = run_triage(exe, src, old_out, kind, w, {"PYTHONPATH": str(before)})
                    print(_line(f"before ({before}), {kind}, {w} worker(s)", b[0], b[1], b[2], floor_cpu, ""))
                elapsed, cpu, lines, stats = run_triage(exe, src, out, kind, w)
                if before is not None:
                    same = old_out.read_bytes() == out.read_bytes()
                    print(f"  after/before: {b[1] / cpu:.2f}x less CPU; every output line identical: {same}")
                print(_line(f"{kind} complaint model, {w} worker(s)", elapsed, cpu, lines, floor_cpu, stats))
            if kind == "embed" and old_n:
                old_path(exe, src, out, min(old_n, n))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--corpus", default="both", choices=["templates", "tweets", "both"])
    ap.add_argument("--complaint-model", default="both", choices=["default", "embed", "finetune", "both"])
    ap.add_argument("--workers", default=f"1,{os.cpu_count() or 1}", help="comma-separated worker counts")
    ap.add_argument(
        "--old-path-n", type=int, default=1000, help="mentions for the embed model's every-post baseline (0: skip)"
    )
    ap.add_argument("--before", type=Path, default=None, help="a src folder of older code to run first, same input")
    args = ap.parse_args()
    kinds = ["default", "embed"] if args.complaint_model == "both" else [args.complaint_model]
    workers = sorted({int(w) for w in args.workers.split(",")})
    corpora = ["tweets", "templates"] if args.corpus == "both" else [args.corpus]
    for corpus in corpora:
        bench(corpus, args.n, kinds, workers, args.old_path_n, args.before)


if __name__ == "__main__":
    main()
