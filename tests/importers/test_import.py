"""`calmdesk import`: broken files are reported line by line, good rows are kept, reruns add nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from calmdesk.cli.main import app
from calmdesk.storage.db import make_engine, make_sessionmaker
from calmdesk.storage.tables import Case, Mention

FIXTURES = Path(__file__).parents[1] / "fixtures"
HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/desk.sqlite3"
    monkeypatch.setenv("CALMDESK_DATABASE_URL", url)
    return url


def counts(url: str) -> tuple[int, int]:
    f = make_sessionmaker(make_engine(url))
    with f() as s:
        return (int(s.scalar(select(func.count()).select_from(Mention)) or 0),
                int(s.scalar(select(func.count()).select_from(Case)) or 0))


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_real_twcs_sample_imports_and_is_idempotent(store: str) -> None:
    code, out = run("import", str(FIXTURES / "twcs" / "twcs_sample.csv"), "--format", "twcs")
    assert code == 0, out
    mentions, cases = counts(store)
    assert mentions == 93 and cases > 10
    code, out = run("import", str(FIXTURES / "twcs" / "twcs_sample.csv"), "--format", "twcs")
    assert code == 0 and "0 imported, 93 already stored" in out
    assert counts(store) == (mentions, cases)


def test_broken_rows_reported_good_rows_kept(store: str, tmp_path: Path) -> None:
    p = tmp_path / "broken.csv"
    p.write_bytes(
        (HEADER
         + "1,alice,True,Wed Oct 11 06:55:44 +0000 2017,@acme my order is late,2,\n"
         + "2,acme,False,Wed Oct 11 07:00:00 +0000 2017,@alice sorry! ^AB,,1\n"
         + "3,bob,True,yesterday,@acme bad date,,\n"
         + "1,alice,True,Wed Oct 11 06:55:44 +0000 2017,duplicate id,,\n"
         + "4,carol,maybe,Wed Oct 11 08:00:00 +0000 2017,@acme what,,\n"
         + "5,dan,True,Wed Oct 11 08:00:00 +0000 2017,\"@acme a reply to nowhere\",,999\n"
         + "6,erin,True,Wed Oct 11 09:00:00 +0000 2017,\"only two fields\"\n").encode()
        + b"7,frank,True,Wed Oct 11 09:00:00 +0000 2017,@acme bad \xff\xfe bytes,,\n"
    )
    code, out = run("import", str(p))
    assert code == 1, out  # some rows failed: the exit code says so (issue 17, item 11)
    assert "line 4: field 'created_at'" in out
    assert "line 5: duplicate tweet_id 1 (first on line 2)" in out
    assert "line 6: field 'inbound'" in out
    assert "line 8: expected 7 fields, found 5" in out
    assert "line 9: field 'text': not valid UTF-8" in out
    assert "1 replies to items not in the store" in out
    mentions, cases = counts(store)
    assert mentions == 3  # rows 1, 2 and the reply to an unknown tweet
    assert cases == 2


def test_missing_columns_is_a_file_error(store: str, tmp_path: Path) -> None:
    p = tmp_path / "cols.csv"
    p.write_text("tweet_id,text\n1,hello\n")
    code, out = run("import", str(p), "--format", "twcs")
    assert code == 1
    assert "missing column(s) author_id, inbound, created_at, in_response_to_tweet_id" in out


def test_jsonl_import_with_bad_lines(store: str, tmp_path: Path) -> None:
    run("brands", "add", str(Path(__file__).parents[2] / "examples" / "playbook.example.toml"))
    good = {"platform": "x", "id": "10", "text": "@acme tent pole snapped", "created_at": "2026-11-24T09:00:00+00:00",
            "author": {"handle": "jo", "followers": 50}, "to": "acme"}
    reply = {**good, "id": "11", "text": "@acme hello?", "in_reply_to": "10", "created_at": "2026-11-24T10:00:00+00:00"}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({**good, "id": "12", "created_at": "2026-11-24T09:00:00"}),
        json.dumps({**good, "id": "13", "platform": "myspace"}),
        json.dumps({k: v for k, v in good.items() if k != "author"} | {"id": "14"}),
        json.dumps(reply),
        json.dumps(good),
    ]
    p = tmp_path / "m.jsonl"
    p.write_text("\n".join(lines) + "\n")
    code, out = run("import", str(p))
    assert code == 1, out
    assert "line 2: not valid JSON" in out
    assert "line 3: field 'created_at': needs a time zone" in out
    assert "line 4: field 'platform': unknown platform 'myspace'" in out
    assert "line 5: field 'author'" in out
    assert "line 7: duplicate id 10 (first on line 1)" in out
    assert counts(store) == (2, 1)


def test_cases_cli_roundtrip(store: str) -> None:
    run("import", str(FIXTURES / "twcs" / "twcs_sample.csv"))
    code, out = run("cases", "list", "--json", "--limit", "100")
    assert code == 0
    first = next(c for c in map(json.loads, out.splitlines()) if c["state"] in ("new", "triaged"))
    cid = str(first["id"])
    code, out = run("cases", "move", cid, "resolved")
    assert code == 1 and f"allowed from {first['state']}" in out
    assert run("cases", "assign", cid, "alice")[0] == 0
    assert run("cases", "move", cid, "acknowledged", "--note", "on it")[0] == 0
    code, out = run("cases", "show", cid)
    assert code == 0 and "case.assigned" in out and "acknowledged" in out
    code, out = run("cases", "show", "999999")
    assert code == 1 and "no case #999999" in out
