"""`calmdesk ingest-payload`: the dry-run contract, errors, and a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from calmdesk.cli.main import app
from calmdesk.storage.db import make_engine
from calmdesk.storage.tables import Case, Mention

HERE = Path(__file__).parent


def fixture(rel: str) -> Path:
    """A recorded payload by "platform/file" (each platform keeps its fixtures in its own folder)."""
    platform, name = rel.split("/", 1)
    return HERE / platform / "fixtures" / name
KEYS = [
    "platform",
    "external_id",
    "author_handle",
    "author_followers",
    "text",
    "created_at",
    "in_reply_to",
    "visibility",
]


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("CALMDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("CALMDESK_DATA_DIR", str(tmp_path / "data"))
    return CliRunner()


@pytest.mark.parametrize(
    ("platform", "name", "count"),
    [
        ("x", "x/xdocs_v2_example_payload_tweet_reply.json", 1),
        ("facebook", "facebook/pyfacebook_graph_post_comments_page1.json", 10),
        ("mastodon", "mastodon/mastodonpy_streaming_user_sse.txt", 2),
        ("bluesky", "bluesky/marshalx_getRecord_post.json", 1),
        ("reddit", "reddit/praw_inbox_mentions_listing.json", 16),
    ],
)
def test_dry_run_prints_contract_lines(runner: CliRunner, platform: str, name: str, count: int) -> None:
    result = runner.invoke(app, ["ingest-payload", "--platform", platform, str(fixture(name)), "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == count
    for line in lines:
        assert list(line) == KEYS
        assert line["platform"] == platform
        assert line["visibility"] in ("public", "private")
        assert line["created_at"][-6] in "+-"  # an explicit offset


def test_dry_run_values(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["ingest-payload", "-p", "x", str(fixture("x/xdocs_aaa_direct_message_events.json")), "--dry-run"]
    )
    assert json.loads(result.stdout) == {
        "platform": "x",
        "external_id": "954491830116155396",
        "author_handle": "furiouscamper",
        "author_followers": 22,
        "text": "Hello World!",
        "created_at": "2018-01-19T23:12:40.557000+00:00",
        "in_reply_to": None,
        "visibility": "private",
    }


def test_dry_run_stores_nothing(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(
        app,
        ["ingest-payload", "-p", "reddit", str(fixture("reddit/praw_inbox_mentions_listing.json")), "--dry-run"],
    )
    assert not (tmp_path / "data" / "calmdesk.sqlite3").exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {"na', "looks truncated"),
        (b"[1, 2]", r"\$\[0\]: expected an object"),
        (
            b'{"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {"name": "t1_a"}}]}}',
            "created_utc: missing",
        ),
    ],
)
def test_unreadable_payload_exits_1_naming_the_problem(
    runner: CliRunner, tmp_path: Path, body: bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(body)
    result = runner.invoke(app, ["ingest-payload", "--platform", "reddit", str(bad), "--dry-run"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "bad.json" in result.stderr
    assert __import__("re").search(message, result.stderr), result.stderr


def test_unknown_platform_and_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest-payload", "-p", "myspace", str(tmp_path / "x.json"), "--dry-run"])
    assert result.exit_code == 1 and "unknown platform" in result.stderr
    result = runner.invoke(app, ["ingest-payload", "-p", "x", str(tmp_path / "nope.json")])
    assert result.exit_code == 1 and "cannot read" in result.stderr


def test_ingest_stores_once_and_reports_duplicates(runner: CliRunner, tmp_path: Path) -> None:
    args = [
        "ingest-payload",
        "-p",
        "reddit",
        str(fixture("reddit/praw_inbox_mentions_listing.json")),
        "--brand",
        "acme",
    ]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "created 16, duplicates 0" in first.stdout
    again = runner.invoke(app, args)
    assert "created 0, duplicates 16" in again.stdout
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'calmdesk.sqlite3'}")
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(Mention)) == 16
        assert c.scalar(select(func.count()).select_from(Case)) >= 1
    engine.dispose()


def test_ingest_without_brand_fails_when_nothing_can_be_placed(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["ingest-payload", "-p", "x", str(fixture("x/xdocs_v2_conversation_thread_search.json"))]
    )
    assert result.exit_code == 1
    assert "--brand" in result.stderr


def test_webhook_sign_matches_verifier(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from calmdesk.channels.webhook.signature import verify_generic

    body = tmp_path / "review.json"
    body.write_text('{"id": "r1", "text": "late", "created_at": "2024-05-01T10:00:00Z", "author": "jo"}')
    monkeypatch.setenv("CALMDESK_WEBHOOK_SECRET", "s3cret")
    result = runner.invoke(app, ["webhook-sign", str(body)])
    assert result.exit_code == 0, result.output
    headers = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    ts = int(headers["X-Calmdesk-Timestamp"])
    assert verify_generic(body.read_bytes(), headers, "s3cret", now=ts) == ts


def test_every_platform_is_documented() -> None:
    from calmdesk.channels import PLATFORMS

    doc = (Path(__file__).parents[2] / "docs" / "channels.md").read_text()
    for platform in PLATFORMS:
        assert f"{platform}" in doc.lower()
    for command in ("ingest-payload", "webhook-sign", "--dry-run", "--brand", "--account"):
        assert command in doc
