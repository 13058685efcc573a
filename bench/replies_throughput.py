"""Throughput of `calmdesk lint-reply`: drafts per second in one process, start-up included.

Issue 15 asks for >= 1,000 drafts/s over 10,000 drafts on this 2-core machine with the learned
model on. The drafts are the labelled ones in `bench/data/` with a greeting and a first name put
in front, sampled without repeats, so every one of the 10,000 texts is different (no draft is
scored twice by accident of the data).

It prints, all measured in this run on this machine:
- the real command (`calmdesk lint-reply` in a child process, start-up, model load and output
  included): wall time, CPU time, drafts/s;
- in this process, the same 10,000 drafts through `lint_lines` (batched: the learned model scores
  each chunk of 256 drafts together) and through `check_reply` one draft at a time (how the web
  desk checks one draft), with and without the learned model: the same-process baselines.

The box is shared, so wall time moves with the load; CPU time is the steadier figure.

Run: `PYTHONPATH=src .venv/bin/python bench/replies_throughput.py [--n 10000]`
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).parent / "data"
NAMES = ["Ada", "Ali", "Amir", "Ana", "Anya", "Ben", "Bea", "Cal", "Cat", "Cleo", "Dana", "Dev", "Eli", "Elin", "Erin", "Faye", "Fern", "Finn", "Gail", "Gwen", "Hana", "Hugo", "Ida", "Ines", "Ira", "Iris", "Ivy", "Jack", "Jade", "Jana", "Jay", "Joe", "Kai", "Kim", "Lea", "Len", "Lin", "Lola", "Lou", "Luke", "Mabel", "Maya", "Meg", "Mira", "Mo", "Nadia", "Ned", "Nia", "Noor", "Ola", "Ope", "Pia", "Pip", "Priya", "Raj", "Ravi", "Rhea", "Rob", "Rosa", "Ruth", "Sam", "Sol", "Tess", "Theo", "Tim", "Uma", "Vera", "Will", "Zoe"]
GREETINGS = ("Hi", "Hello", "Hey", "Dear")


def make_drafts(n: int, seed: int = 15) -> list[dict]:
    records = [
        json.loads(line)
        for path in sorted(DATA.glob("replies_drafts*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    records = list({r["reply"]: r for r in records}.values())  # a few drafts appear in two splits
    combos = [(r, g, name) for r in range(len(records)) for g in GREETINGS for name in NAMES]
    rng = random.Random(seed)
    picked = rng.sample(combos, n)
    out = []
    for i, (r, greeting, name) in enumerate(picked):
        rec = records[r]
        out.append(
            {
                "id": i,
                "reply": f"{greeting} {name}, {rec['reply']}",
                "platform": rec["platform"],
                "visibility": rec["visibility"],
                "complaint": rec["complaint"],
                "severity": rec["severity"],
            }
        )
    assert len({d["reply"] for d in out}) == n, "drafts must all differ"
    return out


def run_cli(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of `calmdesk lint-reply` over the file, in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    code = "from calmdesk.cli.main import app; app()"
    subprocess.run(
        [sys.executable, "-c", code, "lint-reply", "--input", str(path), "--output", os.devnull],
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def timed(label: str, n: int, fn: object) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    fn()  # type: ignore[operator]
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{label:<58} wall {wall:6.2f} s  cpu {cpu:6.2f} s  {n / wall:7.0f} drafts/s (cpu {n / cpu:7.0f})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    args = ap.parse_args()
    drafts = make_drafts(args.n)
    lines = [json.dumps(d, ensure_ascii=False) for d in drafts]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "drafts.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        wall, cpu = run_cli(path)
    print(f"{args.n} different drafts; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"{'calmdesk lint-reply (new process, start-up included)':<58} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
        f"{args.n / wall:7.0f} drafts/s (cpu {args.n / cpu:7.0f})"
    )

    from calmdesk.replies import learned
    from calmdesk.replies.checker import check_reply
    from calmdesk.replies.lint import lint_lines, parse_item

    timed("start-up in this process (model load)", 1, lambda: learned.default_model())
    items = [parse_item(line, n) for n, line in enumerate(lines, start=1)]
    timed("lint_lines, batched, learned model on", args.n, lambda: list(lint_lines(lines)))
    model = learned.default_model()
    assert model is not None
    model.prime([])  # nothing primed: each draft below is scored on its own

    timed(
        "baseline: check_reply one by one, learned model on",
        args.n,
        lambda: [check_reply(i.reply, i.context, learned=model) for i in items],
    )
    timed(
        "baseline: check_reply one by one, patterns only",
        args.n,
        lambda: [check_reply(i.reply, i.context, learned=False) for i in items],
    )


if __name__ == "__main__":
    main()
