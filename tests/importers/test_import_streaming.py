"""`calmdesk import` of a file larger than one chunk: staged on disk, same stored result (issue 18).

The chunk is set small (`CALMDESK_IMPORT_CHUNK`) so a 2,000-row file spills to the staging
file; the same file imported the in-memory way must give exactly the same store and report.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import aliased
from typer.testing import CliRunner

from calmdesk.actions.brands import ensure_brand
from calmdesk.bootstrap import open_store
from calmdesk.cli.main import app
from calmdesk.importers.common import ImportResult
from calmdesk.importers.jsonl import parse_jsonl, sorted_jsonl
from calmdesk.importers.staging import CHUNK_ENV
from calmdesk.importers.twcs import parse_twcs, sorted_twcs
from calmdesk.storage.db import make_engine, make_sessionmaker
from calmdesk.storage.tables import Action, Author, Brand, Case, Channel, Mention, Message

runner = CliRunner()
HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
BRANDS = ("AcmeCare", "NorthwindHelp", "PixelSupport")


def tw(at: datetime) -> str:
    return at.strftime("%a %b %d %H:%M:%S +0000 %Y")


def twcs_file(path: Path, n_threads: int = 900, seed: int = 3) -> None:
    """Customer tweets and brand answers; answers are written *before* the tweet they answer
    half the time (so time order differs from file order across chunks), some ids repeat far
    apart, a few rows are broken."""
    rnd = random.Random(seed)
    rows: list[str] = []
    for i in range(n_threads):
        root, brand, user = 10_000 + 2 * i, rnd.choice(BRANDS), f"cust{rnd.randint(1, 300)}"
        at = T0 + timedelta(seconds=37 * i)
        post = f'{root},{user},True,{tw(at)},"@{brand} order {i} is late, again",{root + 1},\n'
        answer = f"{root + 1},{brand},False,{tw(at + timedelta(minutes=5))},@{user} sorry! DM us,,{root}\n"
        pair = [post, answer] if rnd.random() < 0.5 else [answer, post]
        rows += pair if rnd.random() < 0.8 else pair[:1]
        if i % 97 == 0:  # the same id again, later in the file (another chunk)
            rows.append(f"{root},{user},True,{tw(at)},@{brand} said twice,,\n")
        if i % 211 == 0:
            rows.append(f"x{i},{user},True,{tw(at)},@{brand} bad id,,\n")
    path.write_text(HEADER + "".join(rows))


def jsonl_file(path: Path, n: int = 2000) -> None:
    lines = []
    for i in range(n):
        at = T0 + timedelta(seconds=(n - i) * 11)  # written newest first
        item: dict[str, Any] = {"platform": "x", "id": str(i), "text": f"@acme item {i}",
                                "created_at": at.isoformat(), "author": {"handle": f"u{i % 50}"}, "to": "acme"}
        if i % 3 == 0 and i + 1 < n:
            item["in_reply_to"] = str(i + 1)  # the parent is older and further down the file
        lines.append(json.dumps(item))
        if i % 250 == 7:
            lines.append(json.dumps({**item, "text": "same id again"}))
    lines.insert(1500, '{"platform": "x", "id": "broken"')
    path.write_text("\n".join(lines) + "\n")


def snapshot(url: str) -> dict[str, Any]:
    """The store by natural keys (no surrogate ids), to compare two imports."""
    f = make_sessionmaker(make_engine(url))
    parent = aliased(Mention)
    with f() as s:
        mentions = sorted(
            (m.platform, m.external_id, m.reply_to_external_id, m.thread_key, b.key, a.handle, m.direction, m.text,
             m.created_at, json.dumps(m.raw, sort_keys=True), c.thread_key if c else None)
            for m, b, a, c in s.execute(
                select(Mention, Brand, Author, Case).join(Brand, Brand.id == Mention.brand_id)
                .join(Author, Author.id == Mention.author_id).outerjoin(Case, Case.id == Mention.case_id)
            )
        )
        cases = sorted(
            (b.key, c.platform, c.thread_key, c.state, c.opened_at, c.last_inbound_at, c.first_response_at,
             c.first_response_due_at, c.resolution_due_at, a.handle)
            for c, b, a in s.execute(
                select(Case, Brand, Author).join(Brand, Brand.id == Case.brand_id).join(Author, Author.id == Case.author_id)
            )
        )
        messages = sorted(
            (m.external_id, msg.direction, msg.text, msg.created_at)
            for msg, m in s.execute(select(Message, Mention).join(Mention, Mention.id == Message.mention_id))
        )
        authors = sorted((a.platform, a.handle, a.is_brand) for a in s.scalars(select(Author)))
        opened = sorted(c.thread_key for c, _ in s.execute(
            select(Case, Action).join(Action, Action.case_id == Case.id).where(Action.verb == "case.opened")))
        # A reply is stored after the item it answers: its row id is higher.
        late_parents = s.execute(
            select(Mention.external_id).join(parent, (parent.platform == Mention.platform)
                                             & (parent.external_id == Mention.reply_to_external_id))
            .where(parent.id > Mention.id)
        ).scalars().all()
    return {"mentions": mentions, "cases": cases, "messages": messages, "authors": authors, "opened": opened,
            "late_parents": late_parents}


def import_into(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, file: Path, chunk: str | None,
                *extra: str) -> tuple[str, int, list[str]]:
    url = f"sqlite:///{tmp_path}/{name}.sqlite3"
    monkeypatch.setenv("CALMDESK_DATABASE_URL", url)
    factory = open_store(url)
    with factory.begin() as s:  # JSON Lines items name an account the desk must know
        s.add(Channel(brand_id=ensure_brand(s, "acme").id, platform="x", handle="acme"))
    factory.kw["bind"].dispose()
    if chunk is None:
        monkeypatch.delenv(CHUNK_ENV, raising=False)
    else:
        monkeypatch.setenv(CHUNK_ENV, chunk)
    result = runner.invoke(app, ["import", str(file), *extra])
    lines = [ln for ln in result.output.splitlines() if "rows/s" not in ln]
    return url, result.exit_code, lines


@pytest.mark.parametrize("fmt", ["twcs", "jsonl"])
def test_a_spilled_import_stores_exactly_what_the_in_memory_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    file = tmp_path / ("big.csv" if fmt == "twcs" else "big.jsonl")
    (twcs_file if fmt == "twcs" else jsonl_file)(file)
    extra = ("--store-only",)
    mem_url, mem_code, mem_out = import_into(tmp_path, monkeypatch, "memory", file, None, *extra)
    disk_url, disk_code, disk_out = import_into(tmp_path, monkeypatch, "staged", file, "300", *extra)
    assert mem_code == disk_code == 1  # the broken rows are refused both ways
    assert disk_out == mem_out  # the same problems, lines and summary
    mem, disk = snapshot(mem_url), snapshot(disk_url)
    assert len(disk["mentions"]) > 1500 and len(disk["cases"]) > 300
    assert disk == mem
    assert disk["late_parents"] == []
    # Every answer that has its post in the file joined the post's case.
    by_id = {m[1]: m for m in disk["mentions"]}
    replies = [m for m in disk["mentions"] if m[2] in by_id]
    assert len(replies) > 500
    assert all(m[10] is not None and m[10] == by_id[m[2]][10] for m in replies)


def test_repeated_ids_across_chunks_name_their_first_line(tmp_path: Path) -> None:
    file = tmp_path / "dups.jsonl"
    jsonl_file(file)
    whole, staged = ImportResult(path=str(file)), ImportResult(path=str(file))
    expected = parse_jsonl(file, whole)
    with sorted_jsonl(file, staged, chunk=100) as rows:
        assert rows.staged and rows.total == len(expected)
        got = [r for batch in rows.batches(size=77) for r in batch]
    assert [(r.line, r.mention) for r in got] == [(r.line, r.mention) for r in expected]
    dups = sorted(str(p) for p in staged.problems if "duplicate" in p.reason)
    assert dups == sorted(str(p) for p in whole.problems if "duplicate" in p.reason)
    assert len(dups) == 8
    # Line 9 repeats the item of line 8, line 1512 (after the broken line) the one of line 1511 ...
    lines = file.read_text().splitlines()
    for p in staged.problems:
        if "duplicate" in p.reason:
            first = int(p.reason.rsplit("line ", 1)[1].rstrip(")"))
            assert json.loads(lines[first - 1])["id"] == json.loads(lines[p.line - 1])["id"]
            assert first < p.line


def test_twcs_rows_in_time_order_with_brands_learnt_from_the_whole_file(tmp_path: Path) -> None:
    file = tmp_path / "big.csv"
    twcs_file(file)
    # A brand known only from the last row of the file: customers earlier @-mention it.
    with file.open("a") as fh:
        fh.write(f"99999999,LateBrand,False,{tw(T0)},hello all,,\n")
    early = f'50000000,early,True,{tw(T0 - timedelta(days=1))},"@LateBrand where is it",,\n'
    text = file.read_text()
    file.write_text(text.replace(HEADER, HEADER + early, 1))
    whole, staged = ImportResult(path=str(file)), ImportResult(path=str(file))
    expected = parse_twcs(file, whole)
    with sorted_twcs(file, staged, chunk=250) as rows:
        assert rows.staged
        got = [r for batch in rows.batches() for r in batch]
    assert [(r.line, r.mention) for r in got] == [(r.line, r.mention) for r in expected]
    assert sorted(map(str, staged.problems)) == sorted(map(str, whole.problems))
    assert staged.rows == whole.rows
    assert got[0].mention.external_id == "50000000" and got[0].mention.brand_handle == "LateBrand"
    times = [r.mention.created_at for r in got]
    assert times == sorted(times)
