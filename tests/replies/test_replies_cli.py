"""`calmdesk lint-reply`: the JSON Lines contract, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "calmdesk.cli.main", "lint-reply", *args],
        input=stdin, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_lint_reply_stdin_stdout_with_bad_lines() -> None:
    lines = [
        {"id": "a", "reply": "You should have read the manual.", "platform": "x", "visibility": "public",
         "complaint": "It broke", "severity": "normal"},
        "this is not json",
        {"id": 7, "reply": "Hi Jo, I'm sorry! I'll check and DM you today. ^AK", "platform": "bluesky",
         "visibility": "public", "complaint": "late", "severity": "normal", "attachments": ["a.png"]},
        {"id": "c", "reply": "x", "visibility": "semi"},
    ]  # fmt: skip
    stdin = "\n".join(json.dumps(x) if isinstance(x, dict) else x for x in lines) + "\n"
    res = run([], stdin)
    assert res.returncode == 0
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 7]
    assert {"R-BLAME", "R-NO-APOLOGY"} <= {f["rule"] for f in out[0]["findings"]}
    assert [f["rule"] for f in out[1]["findings"]] == ["R-MEDIA-REVIEW"]
    f = out[0]["findings"][0]
    assert set(f) == {"rule", "level", "message", "start", "end"}
    assert "line 2" in res.stderr and "line 4" in res.stderr and "visibility" in res.stderr


def test_lint_reply_files_and_playbook_levels(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": 1, "reply": "We value your feedback. Sorry Jo, I'll DM you today. ^AK", "platform": "x",
                    "visibility": "public", "complaint": "late", "severity": "normal"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    pb = tmp_path / "pb.toml"
    pb.write_text('brand = "acme"\n[reply_rules]\n"R-CANNED" = "block"\n', encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    res = run(["--input", str(src), "--output", str(dst), "--playbook", str(pb)])
    assert res.returncode == 0, res.stderr
    out = json.loads(dst.read_text(encoding="utf-8"))
    assert [(f["rule"], f["level"]) for f in out["findings"]] == [("R-CANNED", "block")]
    missing = run(["--input", str(tmp_path / "nope.jsonl")])
    assert missing.returncode == 1 and "nope.jsonl" in missing.stderr


def test_lint_reply_kind_and_case_context() -> None:
    """`kind` and `case` change the verdict; bad values are reported with line and field."""
    check_back = "Hi Nadia, checking back: has the second visit stopped the leak? ^Omar"
    shout = "Sorry Kim, that's annoying. I've asked our NORTHWIND team to check it today. ^Ed"
    echo = "Sorry Ravi, order 55-21783 is late. I'm chasing it today. ^Ida"
    lines = [
        {"id": 1, "reply": check_back, "complaint": "still leaking"},
        {"id": 2, "reply": check_back, "complaint": "still leaking", "kind": "followup"},
        {"id": 3, "reply": shout, "complaint": "bill too high", "case": {"brand": "NORTHWIND Energy"}},
        {"id": 4, "reply": shout, "complaint": "bill too high"},
        {"id": 5, "reply": echo, "complaint": "never arrived", "case": {"order_ids": ["55-21783"]}},
        {"id": 6, "reply": echo, "kind": "reply"},
        {"id": 7, "reply": echo, "case": {"order_ids": "55-21783"}},
        {"id": 8, "reply": echo, "case": {"shoe_size": "9"}},
    ]
    res = run([], "\n".join(json.dumps(x) for x in lines) + "\n")
    got = {o["id"]: {f["rule"] for f in o["findings"]} for o in map(json.loads, res.stdout.splitlines())}
    assert "R-NO-NEXT-STEP" in got[1] and "R-NO-NEXT-STEP" not in got[2]
    assert "R-SHOUTING" not in got[3] and "R-SHOUTING" in got[4]
    assert "R-PII-ECHO" in got[5]
    assert set(got) == {1, 2, 3, 4, 5}
    assert "line 6" in res.stderr and "'kind'" in res.stderr
    assert "line 7" in res.stderr and "case.order_ids" in res.stderr
    assert "line 8" in res.stderr and "shoe_size" in res.stderr
