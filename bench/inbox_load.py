"""Load bench: `wrk` against the JSON inbox (`GET /api/inbox`) with an API token, on loopback.

    .venv/bin/python bench/inbox_load.py                              # SQLite, 100,000 mentions
    .venv/bin/python bench/inbox_load.py --seconds 15 --connections 8 --url postgresql://postgres@127.0.0.1:5432/calmdesk_inbox_load

Needs `wrk` (Debian: `apt-get install -y wrk`); without it the bench says so and exits 0.
The store is generated with `bench/inbox_latency.py`'s fast inserts (mostly closed cases, as in
a desk that has run for years), a user gets an API token, the web app runs under uvicorn in a
separate process, and wrk hammers the first inbox page for `--seconds`. Prints requests/s, the
latency percentiles wrk reports (p50/p90/p99) and any non-2xx answers. A PostgreSQL database
named in --url is dropped and created again (it must be a bench database).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import ModuleType

import httpx

from bench_processes import start_web

ROOT = Path(__file__).resolve().parents[1]


def inbox_latency() -> ModuleType:
    """The generator of bench/inbox_latency.py (one source of bench data, loaded by path)."""
    spec = importlib.util.spec_from_file_location(
        "calmdesk_bench_inbox_latency", ROOT / "bench/inbox_latency.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def api_token(url: str) -> str:
    from calmdesk.actions.users import do_create_api_token, get_user
    from calmdesk.storage.db import make_engine, make_sessionmaker, session_scope

    engine = make_engine(url)
    try:
        with session_scope(make_sessionmaker(engine)) as s:
            return do_create_api_token(s, get_user(s, "bench"), "inbox-load", actor="bench")
    finally:
        engine.dispose()


def to_ms(value: str) -> float:
    """wrk's latency cells: `812.00us`, `4.21ms`, `1.02s`."""
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not m:
        return float("nan")
    n, unit = float(m.group(1)), m.group(2)
    return n * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="database URL (default: a SQLite file in a temp dir)")
    ap.add_argument("--mentions", type=int, default=100_000)
    ap.add_argument("--cases", type=int, default=20_000)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--path", default="/api/inbox")
    args = ap.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed (Debian/Ubuntu: apt-get install -y wrk); skipping the inbox load bench")
        return

    gen = inbox_latency()
    tmp = None
    url = args.url
    if url is None:
        tmp = tempfile.mkdtemp(prefix="calmdesk-inbox-load-")
        url = f"sqlite:///{Path(tmp) / 'load.sqlite3'}"
    url = gen.normalize_url(url)
    print(f"store: {url.split('@')[-1]}", flush=True)
    if url.startswith("postgresql"):
        gen.fresh_postgres(url)
    gen.generate(url, args.mentions, args.cases, 0.1, 5, seed=7)
    token = api_token(url)

    proc, base = start_web(url, seconds=60, access_log=False)
    headers = {"Authorization": f"Bearer {token}"}
    try:
        check = httpx.get(base + args.path, headers=headers)
        if check.status_code != 200:
            raise SystemExit(f"{args.path} answered {check.status_code}: {check.text[:300]}")
        rows = len(check.json().get("items", check.json().get("cases", [])) or [])
        cmd = [
            wrk,
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-H",
            f"Authorization: Bearer {token}",
            base + args.path,
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.seconds + 60).stdout
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
        pcts = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
        non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
        total = re.search(r"(\d+) requests in", out)
        errors = re.search(r"Socket errors:.*", out)
        print(out.rstrip())
        print(
            f"{args.path} ({rows} rows a page; {args.cases:,} cases, {args.mentions:,} mentions, "
            f"{'PostgreSQL' if url.startswith('postgresql') else 'SQLite'}), {args.connections} connections "
            f"for {args.seconds}s: {rps.group(1) if rps else '?'} requests/s "
            f"({total.group(1) if total else '?'} requests), p50 {to_ms(pcts.get('50', '')):.1f} ms, "
            f"p90 {to_ms(pcts.get('90', '')):.1f} ms, p99 {to_ms(pcts.get('99', '')):.1f} ms; "
            f"non-2xx {non2xx.group(1) if non2xx else 0}{'; ' + errors.group(0) if errors else ''}"
        )
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
