"""Big public texts through `triage`, `import` and a signed webhook: time and peak memory.

Issue 17, item 2: a 100 KB webhook took 25.7 s and a 10 MB JSON line stored nothing in 15
minutes. The target is growth no worse than linear and under 1 s per MB. Each case runs in
its own process (peak RSS is per process), after a 0.01 MB baseline of the same case, so
the figures are compared against the same machine's state:

    python bench/big_inputs.py            # 0.01, 1, 4.5 and 10 MB for each path

A webhook body over `MAX_BODY_BYTES` (5 MiB) is refused with 413 by design, so the largest
webhook that is processed is the 4.5 MB one; the 10 MB one shows how early the refusal comes.
Models are loaded by a small warm-up input first in each process, as in a running desk.
    python bench/big_inputs.py --mb 1     # one size

Texts are complaint-like words with an e-mail address, a long number and a word with no
spaces, so the patterns that were quadratic see what hurt them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret"


def big_text(mb: float) -> str:
    unit = "my order 123456789 is late and broken, mail me at jo@example.com not happy at all "
    word = "x" * 5000 + " "
    n = int(mb * 1024 * 1024)
    out = (unit * (n // len(unit) // 2 + 1))[: n // 2] + (word * (n // len(word) // 2 + 1))[: n - n // 2]
    return out[:n]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def case_triage(mb: float) -> dict[str, float]:
    from calmdesk.triage.pipeline import Triage, TriageInput

    engine = Triage()
    engine.run([TriageInput(text="warm up: my order is late")])
    text = big_text(mb)
    base = peak_mb()
    started = time.perf_counter()
    (result,) = engine.run([TriageInput(text=text)])
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb(), "peak_growth_mb": peak_mb() - base,
            "triaged_chars": float(result.triaged_chars or len(text))}


def case_import(mb: float) -> dict[str, float]:
    from typer.testing import CliRunner

    from calmdesk.actions.brands import ensure_brand
    from calmdesk.bootstrap import open_store
    from calmdesk.cli.main import app

    tmp = Path(tempfile.mkdtemp())
    url = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["CALMDESK_DATABASE_URL"] = url
    factory = open_store(url)
    with factory.begin() as s:
        ensure_brand(s, "acme")
    item = {"platform": "x", "created_at": "2026-11-24T09:00:00+00:00", "author": {"handle": "jo"}}
    lines = [json.dumps({**item, "id": f"n{i}", "text": "@acme my order is late"}) for i in range(5)]
    lines.insert(2, json.dumps({**item, "id": "big", "text": big_text(mb)}))
    path = tmp / "big.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warm = tmp / "warm.jsonl"  # loads the models once, as a running desk has them loaded
    warm.write_text(json.dumps({**item, "id": "w", "text": "@acme warm up"}) + "\n", encoding="utf-8")
    CliRunner().invoke(app, ["import", str(warm), "--brand", "acme"])
    base = peak_mb()
    started = time.perf_counter()
    res = CliRunner().invoke(app, ["import", str(path), "--brand", "acme"])
    elapsed = time.perf_counter() - started
    if res.exit_code != 0:
        raise SystemExit(f"import failed: {res.output[-2000:]}")
    return {"seconds": elapsed, "peak_mb": peak_mb(), "peak_growth_mb": peak_mb() - base}


def case_webhook(mb: float) -> dict[str, float]:
    from fastapi.testclient import TestClient
    from sqlalchemy import func, select

    from calmdesk.actions.brands import ensure_brand
    from calmdesk.bootstrap import open_store
    from calmdesk.channels.webhook import signature as webhooks
    from calmdesk.storage.tables import Mention
    from calmdesk.web.app import create_app
    from calmdesk.web.routes_webhooks import MAX_BODY_BYTES
    from calmdesk.web.settings import WebSettings

    os.environ["CALMDESK_WEBHOOK_SECRET"] = SECRET
    tmp = Path(tempfile.mkdtemp())
    factory = open_store(f"sqlite:///{tmp}/wh.sqlite3")  # with the ingest pipeline: triage runs
    with factory.begin() as s:
        ensure_brand(s, "acme")
    def signed(body: bytes) -> dict[str, str]:
        ts = int(time.time())
        return {webhooks.TIMESTAMP_HEADER: str(ts), "content-type": "application/json",
                webhooks.SIGNATURE_HEADER: webhooks.generic_signature(body, ts, SECRET)}

    warm = json.dumps({"id": "w", "text": "warm up", "created_at": "2024-05-01T10:00:00+00:00", "author": "jo"}).encode()
    body = json.dumps(
        {"items": [{"id": "big", "text": big_text(mb), "created_at": "2024-05-01T10:00:00+00:00", "author": "jo"},
                   {"id": "small", "text": "order late", "created_at": "2024-05-01T10:00:00+00:00", "author": "ann"}]}
    ).encode()
    app = create_app(factory, WebSettings(secret_key="bench-secret-0123456789abcdef"))
    with TestClient(app) as client:
        client.post("/webhooks/generic/acme", content=warm, headers=signed(warm))  # models loaded once
        base = peak_mb()
        started = time.perf_counter()
        # TestClient returns after the background processing (parse, store, triage) is done.
        res = client.post("/webhooks/generic/acme", content=body, headers=signed(body))
        elapsed = time.perf_counter() - started
    with factory() as s:
        stored = s.scalar(select(func.count()).select_from(Mention)) or 0
    expected = 413 if len(body) > MAX_BODY_BYTES else 202
    if res.status_code != expected:
        raise SystemExit(f"webhook answered {res.status_code}, expected {expected}: {res.text[:300]}")
    return {"seconds": elapsed, "peak_mb": peak_mb(), "peak_growth_mb": peak_mb() - base,
            "status": float(res.status_code), "stored": float(stored - 1)}


def case_two_webhooks(mb: float) -> dict[str, float]:
    """A big signed webhook and a small one sent right after it, over a real socket: how long
    the small one waits for its answer (issue 17: 24 s behind a 100 KB body before)."""
    import http.client
    import socket
    import threading

    import uvicorn

    from calmdesk.actions.brands import ensure_brand
    from calmdesk.bootstrap import open_store
    from calmdesk.channels.webhook import signature as webhooks
    from calmdesk.web.app import create_app
    from calmdesk.web.settings import WebSettings

    os.environ["CALMDESK_WEBHOOK_SECRET"] = SECRET
    tmp = Path(tempfile.mkdtemp())
    factory = open_store(f"sqlite:///{tmp}/wh.sqlite3")
    with factory.begin() as s:
        ensure_brand(s, "acme")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    app = create_app(factory, WebSettings(secret_key="bench-secret-0123456789abcdef"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)

    def post(body: bytes) -> tuple[int, float]:
        ts = int(time.time())
        headers = {webhooks.TIMESTAMP_HEADER: str(ts), "content-type": "application/json",
                   webhooks.SIGNATURE_HEADER: webhooks.generic_signature(body, ts, SECRET)}
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        conn.request("POST", "/webhooks/generic/acme", body=body, headers=headers)
        status = conn.getresponse().status
        conn.close()
        return status, time.perf_counter() - started

    def item(ident: str, text: str) -> dict[str, str]:
        return {"id": ident, "text": text, "created_at": "2024-05-01T10:00:00+00:00", "author": "jo"}

    post(json.dumps(item("warm", "warm up")).encode())  # models loaded, as in a running desk
    from sqlalchemy import select

    from calmdesk.storage.tables import WebhookReceipt

    while True:  # processing happens after the answer: wait for the warm-up to finish
        with factory() as s:
            if s.scalar(select(WebhookReceipt.processed_at)) is not None:
                break
        time.sleep(0.2)
    big = json.dumps(item("big", big_text(mb))).encode()
    small = json.dumps(item("small", "my order is late")).encode()
    results: dict[str, tuple[int, float]] = {}
    t = threading.Thread(target=lambda: results.__setitem__("big", post(big)))
    t.start()
    time.sleep(0.2)
    results["small"] = post(small)
    t.join()
    server.should_exit = True
    return {"seconds": results["small"][1], "big_answer_s": results["big"][1], "peak_mb": peak_mb(),
            "peak_growth_mb": 0.0, "status": float(results["small"][0])}


CASES = {"triage": case_triage, "import": case_import, "webhook": case_webhook, "two_webhooks": case_two_webhooks}


def run_case(case: str, mb: float) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, __file__, "--one", case, "--mb", str(mb)], env=env, capture_output=True,
                          text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"{case} {mb} MB failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--one", choices=sorted(CASES))
    ap.add_argument("--mb", type=float, action="append")
    ap.add_argument("--case", choices=sorted(CASES), action="append", help="only these paths")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(CASES[args.one](args.mb[0])))
        return
    sizes = args.mb or [0.01, 1.0, 4.5, 10.0]
    print(f"{'path':8} {'size':>8} {'seconds':>8} {'s/MB':>6} {'peak RSS':>9} {'growth':>8}  notes")
    for case in args.case or list(CASES):
        rows = {}
        for mb in sizes:
            r = rows[mb] = run_case(case, mb)
            notes = []
            if "big_answer_s" in r:
                notes.append(f"small webhook answered in {r['seconds']:.2f} s (HTTP {int(r['status'])}) "
                             f"beside a big one answered in {r['big_answer_s']:.2f} s")
            elif "status" in r:
                notes.append(f"HTTP {int(r['status'])}, {int(r['stored'])} stored")
            if "triaged_chars" in r:
                notes.append(f"read {int(r['triaged_chars']):,} chars")
            per_mb = r["seconds"] / mb if mb >= 1 else float("nan")
            print(f"{case:8} {mb:>6.2f}MB {r['seconds']:>8.2f} {per_mb:>6.2f} {r['peak_mb']:>7.0f}MB "
                  f"{r['peak_growth_mb']:>6.0f}MB  {', '.join(notes)}")
        if 1.0 in rows and 10.0 in rows:
            ratio = rows[10.0]["seconds"] / max(rows[1.0]["seconds"], 1e-9)
            print(f"{case:8} 10 MB / 1 MB time ratio: {ratio:.1f} (linear: 10 or less)")


if __name__ == "__main__":
    main()
