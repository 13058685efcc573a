"""Issue 17, items 2, 5, 6, 7 and 11: each bad input the outside probe found, as a test.

Each test failed before its fix. Stores run on SQLite and on PostgreSQL (`store_url`), since
NUL and over-long values only fail on PostgreSQL.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chunked_http import post_chunked
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from calmdesk.actions.brands import ensure_brand
from calmdesk.bootstrap import open_store
from calmdesk.channels.webhook import signature as generic_sig
from calmdesk.cli.main import app
from calmdesk.domain.public_text import REPLACEMENT, TRIAGE_MAX_CHARS
from calmdesk.storage.tables import Customer, Mention, WebhookReceipt
from calmdesk.triage import sentiment as sentiment_mod
from calmdesk.web import routes_webhooks
from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings
from calmdesk.workers import jobs
from live_server import LiveServer

SECRET = "hostile-webhook-secret"
HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
DATE = "Wed Oct 11 06:55:44 +0000 2017"
runner = CliRunner()


def twcs_row(i: int, text: str) -> str:
    return f'{i},cust{i},True,{DATE},"{text}",,\n'


def with_brand(url: str, key: str = "acme") -> None:
    factory = open_store(url)
    with factory.begin() as s:
        ensure_brand(s, key)
    factory.kw["bind"].dispose()


def mentions(url: str) -> list[Mention]:
    factory = open_store(url)
    try:
        with factory() as s:
            return list(s.scalars(select(Mention).order_by(Mention.external_id)))
    finally:
        factory.kw["bind"].dispose()


# --- item 2: public text cannot stall triage ------------------------------------------------


def test_vader_only_ever_sees_a_bounded_number_of_words(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every text VADER scores goes through `_polarity` (VADER's `polarity_scores`, exact, with
    # its shortcuts), so that is where the bound is watched.
    seen: list[int] = []
    original = sentiment_mod._polarity

    def spy(text: str) -> dict[str, float]:
        seen.append(len(text.split()))
        return original(text)

    monkeypatch.setattr(sentiment_mod, "_polarity", spy)
    long_post = "this is awful and I am not happy at all " * 600  # 6,000 words
    s = sentiment_mod.sentiment(long_post)
    assert seen and max(seen) <= sentiment_mod.WINDOW_WORDS
    assert -1.0 <= s.compound < 0  # still reads as negative
    short = "not happy, the order is late!"
    seen.clear()
    assert sentiment_mod.sentiment(short) == sentiment_mod._score(short)  # short posts: unchanged
    assert seen == [len(short.split())] * 2


def test_triage_reads_a_bounded_prefix_and_says_so(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    huge = "my order is late and broken " * 20_000  # 560 KB
    src.write_text(
        json.dumps({"id": "big", "text": huge}) + "\n" + json.dumps({"id": "small", "text": "order late"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["triage", "--input", str(src), "--output", str(out)])
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["big"]["triaged_chars"] == TRIAGE_MAX_CHARS
    assert "triaged_chars" not in rows["small"]
    assert rows["big"]["is_complaint"] is True


@pytest.mark.parametrize("word", ["a" * 200_000, "a." * 100_000, "x@" + "a." * 100_000, "x@" + "a-" * 100_000 + "!"])
def test_the_email_pattern_is_linear_on_one_long_word(word: str) -> None:
    from calmdesk.domain.emails import find_emails

    # Quadratic before: 4 s at 40k characters, so about 100 s here. Linear: milliseconds. The
    # budget is wide for a loaded machine and still far below the quadratic time.
    started = time.process_time()
    find_emails(word)
    assert time.process_time() - started < 5.0


# --- items 5 and 11: NUL on PostgreSQL, exit codes, BOM ------------------------------------------


def test_import_with_nul_stores_every_row_and_exits_zero(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALMDESK_DATABASE_URL", store_url)
    rows = [twcs_row(i, f"@acme order {i} is late") for i in range(1, 10)]
    rows.insert(4, twcs_row(100, "@acme bad \x00 byte in the middle"))
    p = tmp_path / "nul.csv"
    p.write_text(HEADER + "".join(rows), encoding="utf-8")
    with_brand(store_url)
    res = runner.invoke(app, ["import", str(p), "--store-only", "--brand", "acme"])
    assert res.exit_code == 0, res.output
    stored = {m.external_id: m.text for m in mentions(store_url)}
    assert len(stored) == 10
    assert stored["100"] == f"@acme bad {REPLACEMENT} byte in the middle"


def test_import_exits_non_zero_when_every_row_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALMDESK_DATABASE_URL", f"sqlite:///{tmp_path}/d.sqlite3")
    p = tmp_path / "bad.csv"
    p.write_text(HEADER + "x,a,True,yesterday,hi,,\ny,b,maybe,never,hi,,\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(p)])
    assert res.exit_code == 1, res.output
    assert "0 imported" in res.output and "2 problems" in res.output


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_byte_order_mark_does_not_lose_line_1(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path}/d.sqlite3"
    monkeypatch.setenv("CALMDESK_DATABASE_URL", url)
    if fmt == "csv":
        body = HEADER + twcs_row(1, "@acme one") + twcs_row(2, "@acme two")
    else:
        item = {"platform": "x", "text": "@acme hi", "created_at": "2026-11-24T09:00:00+00:00",
                "author": {"handle": "jo"}}
        body = "".join(json.dumps({**item, "id": str(i)}) + "\n" for i in (1, 2))
    p = tmp_path / f"bom.{fmt}"
    p.write_bytes(b"\xef\xbb\xbf" + body.encode())
    with_brand(url)
    res = runner.invoke(app, ["import", str(p), "--store-only", "--brand", "acme"])
    assert res.exit_code == 0, res.output
    assert sorted(m.external_id for m in mentions(url)) == ["1", "2"]


# --- item 7: an unterminated quote costs its own line only -----------------------------------


def test_unterminated_quote_in_twcs_skips_its_line_and_keeps_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/d.sqlite3"
    monkeypatch.setenv("CALMDESK_DATABASE_URL", url)
    p = tmp_path / "quote.csv"
    p.write_text(
        HEADER
        + twcs_row(1, "@acme first")
        + f'2,cust2,True,{DATE},"@acme a stray quote never closed,,\n'
        + twcs_row(3, "@acme third")
        + twcs_row(4, '@acme fourth, with ""quotes"" inside')
        + twcs_row(5, "@acme fifth\nover two lines"),
        encoding="utf-8",
    )
    with_brand(url)
    res = runner.invoke(app, ["import", str(p), "--store-only", "--brand", "acme"])
    assert res.exit_code == 1, res.output
    assert "line 3: unterminated quote" in res.output
    texts = {m.external_id: m.text for m in mentions(url)}
    assert sorted(texts) == ["1", "3", "4", "5"]
    assert texts["4"] == '@acme fourth, with "quotes" inside'
    assert texts["5"] == "@acme fifth\nover two lines"


def test_unterminated_quote_in_customers_import_loses_and_merges_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/d.sqlite3"
    monkeypatch.setenv("CALMDESK_DATABASE_URL", url)
    factory = open_store(url)
    with factory.begin() as s:
        ensure_brand(s, "acme")
    p = tmp_path / "customers.csv"
    p.write_text(
        "customer_ref,name,email\n"
        "c1,Anna,anna@example.com\n"
        'c2,"Bob Broken,bob@example.com\n'
        "c3,Cleo,cleo@example.com\n"
        'c4,"Dan, Jr.",dan@example.com\n',
        encoding="utf-8",
    )
    res = runner.invoke(app, ["customers", "import", str(p), "--brand", "acme"])
    assert res.exit_code == 1, res.output
    assert "3: unterminated quote" in res.output
    with factory() as s:
        names = {r[0]: r[1] for r in s.execute(select(Customer.external_ref, Customer.name))}
    factory.kw["bind"].dispose()
    assert names == {"c1": "Anna", "c3": "Cleo", "c4": "Dan, Jr."}


# --- item 11: playbooks -----------------------------------------------------------------------


def _brands_add(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes) -> Any:
    monkeypatch.setenv("CALMDESK_DATABASE_URL", f"sqlite:///{tmp_path}/d.sqlite3")
    p = tmp_path / "pb.toml"
    p.write_bytes(content)
    return runner.invoke(app, ["brands", "add", str(p)])


def test_a_playbook_that_is_not_utf8_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    res = _brands_add(tmp_path, monkeypatch, 'brand = "acme"\ndisplay_name = "Caf\xe9"\n'.encode("latin-1"))
    assert res.exit_code == 1
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert "line 2: not UTF-8" in res.output


def test_a_brand_key_that_is_not_a_slug_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    res = _brands_add(tmp_path, monkeypatch, b'brand = "Bad Brand/../x"\n')
    assert res.exit_code == 1
    assert "key 'brand'" in res.output and "letters, digits" in res.output


def test_every_playbook_error_is_listed_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = (
        b'brand = "acme"\nbogus = 1\n[reply_rules]\nBLAME = "block"\nFOO = "warn"\n'
        b"[sla.first_response_minutes]\nmyspace = 5\nfriendster = 3\n"
    )
    res = _brands_add(tmp_path, monkeypatch, content)
    assert res.exit_code == 1
    for needle in ("'bogus'", "'BLAME'", "'FOO'", "'myspace'", "'friendster'"):
        assert needle in res.output, (needle, res.output)


# --- items 5 and 6: webhooks ----------------------------------------------------------------


@pytest.fixture
def wh_factory(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    monkeypatch.setenv("CALMDESK_WEBHOOK_SECRET", SECRET)
    factory = open_store(store_url)
    if store_url.startswith("postgresql"):
        from calmdesk.workers.queue import ensure_queue_schema

        ensure_queue_schema(factory.kw["bind"])
    with factory.begin() as s:
        ensure_brand(s, "acme")
    yield factory
    factory.kw["bind"].dispose()


def signed_post(client: TestClient, body: bytes, brand: str = "acme") -> Any:
    ts = int(time.time())
    headers = {
        generic_sig.TIMESTAMP_HEADER: str(ts),
        generic_sig.SIGNATURE_HEADER: generic_sig.generic_signature(body, ts, SECRET),
        "content-type": "application/json",
    }
    return client.post(f"/webhooks/generic/{brand}", content=body, headers=headers)


def test_webhook_item_with_nul_is_stored_with_its_neighbour(wh_factory: sessionmaker[Session]) -> None:
    body = json.dumps(
        {
            "items": [
                {"id": "nul-1", "text": "broken \u0000 order", "created_at": "2024-05-01T10:00:00+00:00",
                 "author": {"handle": "ann\u0000a"}},
                {"id": "ok-2", "text": "late order", "created_at": "2024-05-01T10:00:00+00:00",
                 "author": {"handle": "bob"}},
            ]
        }
    ).encode()
    app_ = create_app(wh_factory, WebSettings(secret_key="test-secret-0123456789abcdef"))
    with TestClient(app_) as client:
        res = signed_post(client, body)
    assert res.status_code == 202, res.text
    receipt_id = res.json()["receipt"]
    outcome = jobs.process_receipt(wh_factory, receipt_id)  # what the worker runs (already done embedded)
    assert outcome.status in ("processed", "already"), outcome
    with wh_factory() as s:
        receipt = s.get_one(WebhookReceipt, receipt_id)
        texts = {r[0]: r[1] for r in s.execute(select(Mention.external_id, Mention.text))}
    assert receipt.processed_at is not None and receipt.error is None
    assert "\\u0000" in receipt.body  # the original is kept as received
    assert texts == {"nul-1": f"broken {REPLACEMENT} order", "ok-2": "late order"}


def test_webhook_body_the_store_cannot_hold_is_rejected_with_its_reason(wh_factory: sessionmaker[Session]) -> None:
    # `source` names the platform; 30 characters passed the parser and failed on PostgreSQL's
    # 20-character column, so the job failed forever while the receipt showed "waiting".
    body = json.dumps(
        {"id": "s-1", "text": "late order", "created_at": "2024-05-01T10:00:00+00:00", "author": "bob",
         "source": "a-very-long-review-site-name-x"}
    ).encode()
    app_ = create_app(wh_factory, WebSettings(secret_key="test-secret-0123456789abcdef"))
    with TestClient(app_) as client:
        res = signed_post(client, body)
    assert res.status_code == 202, res.text
    outcome = jobs.process_receipt(wh_factory, res.json()["receipt"])
    assert outcome.status in ("rejected", "already")
    with wh_factory() as s:
        receipt = s.get_one(WebhookReceipt, res.json()["receipt"])
    assert receipt.processed_at is not None
    assert receipt.error is not None and "platform is 30 characters long" in receipt.error


def test_chunked_webhook_body_is_refused_before_it_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALMDESK_WEBHOOK_SECRET", SECRET)
    monkeypatch.setattr(routes_webhooks, "MAX_BODY_BYTES", 256 * 1024)
    factory = open_store(f"sqlite:///{tmp_path}/d.sqlite3")
    with factory.begin() as s:
        ensure_brand(s, "acme")
    app_ = create_app(factory, WebSettings(secret_key="test-secret-0123456789abcdef"))
    total = 64 * 1024 * 1024  # a bad-signature chunked body, read whole before the fix
    with LiveServer(app_) as server:
        status, sent = post_chunked(server.port, "/webhooks/generic/acme", b"x" * 65536, total // 65536)
    assert status == 413
    # Socket buffers take a few MiB; reading the body whole takes all 64.
    assert sent < 16 * 1024 * 1024, f"the server took {sent / 2**20:.0f} MiB before refusing"
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(WebhookReceipt)) == 0
    factory.kw["bind"].dispose()
