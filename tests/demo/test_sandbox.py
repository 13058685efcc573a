"""The demo's sandbox platform over real HTTP: the demo desk's channels are connected to it
through the encrypted store, the real outbox sender posts a public reply and a private hand-off
there, the sandbox's pages show them (escaped), and a customer's answer comes back through
the connector's poll into the case. `calmdesk demo --reset` starts the day again."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from calmdesk.actions.demo import load_demo, reset_demo, store_kind
from calmdesk.actions.demo_sandbox import do_connect_sandbox, poll_sandbox_channel
from calmdesk.actions.outbox import do_send_outbox
from calmdesk.actions.replies import do_create_draft
from calmdesk.actions.reply_flow import do_send_draft_and_advance
from calmdesk.cli.main import app
from calmdesk.demo.sandbox import Sandbox
from calmdesk.queries.delivery import deliveries_for_case
from calmdesk.queries.demo_sandbox import NoSandbox, customer_reply_target, email_seed
from calmdesk.secrets import generate_key
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import Author, Brand, Case, Channel, Mention, Message, OutboxItem, Secret

TOKEN = "sandbox-token-for-tests-0123"
NOW = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def loaded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sandbox") / "demo.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    load_demo(make_sessionmaker(engine), NOW)
    engine.dispose()
    return path


@pytest.fixture
def store(loaded_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    monkeypatch.setenv("CALMDESK_ENCRYPTION_KEY", generate_key())
    path = tmp_path / "demo.sqlite3"
    shutil.copy(loaded_file, path)
    engine = make_engine(f"sqlite:///{path}")
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def sandbox(store: sessionmaker[Session]) -> Iterator[Sandbox]:
    polled = threading.Event()

    def fetch(platform: str, handle: str) -> None:
        poll_sandbox_channel(store, platform, handle)
        polled.set()

    server = Sandbox(TOKEN, on_customer_post=fetch)
    server.start()
    server.polled = polled  # type: ignore[attr-defined]
    with store.begin() as s:
        do_connect_sandbox(s, server.url, server.token)
    yield server
    server.stop()


def case_by_root(s: Session, brand: str, platform: str, root: str) -> Case:
    return s.scalars(
        select(Case)
        .join(Brand, Brand.id == Case.brand_id)
        .where(Brand.key == brand, Case.platform == platform, Case.thread_key == root)
    ).one()


def send(store: sessionmaker[Session], case_id: int, text: str, visibility: str, kind: str) -> None:
    with store.begin() as s:
        draft = do_create_draft(s, case_id, "agent", text, visibility=visibility, kind=kind)
        do_send_draft_and_advance(s, draft.id, "agent")
    report = do_send_outbox(store)
    assert len(report.sent) == 1, report


def test_channels_are_connected_through_the_encrypted_store(store: sessionmaker[Session], sandbox: Sandbox) -> None:
    with store() as s:
        x = s.scalars(select(Channel).where(Channel.platform == "x", Channel.handle == "NorthwindFresh")).one()
        assert x.settings["base_url"] == f"{sandbox.url}/x/NorthwindFresh"
        assert x.settings["post_url_template"] == f"{sandbox.url}/sandbox/post/x/{{id}}"
        stored = s.scalars(select(Secret).where(Secret.name == "x:NorthwindFresh:token")).one()
        assert TOKEN not in stored.ciphertext  # encrypted, like a real credential
        # e-mail has no sandbox API: left unconnected, not pointed at something that is not there
        email = s.scalars(select(Channel).where(Channel.platform == "email")).first()
        assert email is not None and "sandbox" not in (email.settings or {})
    # the API needs the token
    refused = httpx.post(f"{sandbox.url}/x/NorthwindFresh/2/tweets", json={"text": "hi"})
    assert refused.status_code == 401
    assert sandbox.posts() == []


def test_a_reply_is_posted_with_a_sandbox_link_and_a_handoff_reaches_its_recipient(
    store: sessionmaker[Session], sandbox: Sandbox
) -> None:
    with store() as s:
        case = case_by_root(s, "northwind", "x", "nw180")
        author = s.get(Author, case.author_id)
        assert author is not None and author.external_id
        case_id, recipient = case.id, author.external_id
    ack = "Hi Joe, sorry the family bag was that small. I've asked the team to check the packing. – Sam"
    send(store, case_id, ack, "public", "ack")

    got = sandbox.sent("POST", "/2/tweets")
    assert len(got) == 1
    assert got[0].body == {"text": ack, "reply": {"in_reply_to_tweet_id": "nw180"}}
    assert got[0].headers["authorization"] == f"Bearer {TOKEN}"
    posted = sandbox.posts("x")
    assert [p.extra["account"] for p in posted] == ["NorthwindFresh"]

    with store() as s:
        deliveries = list(deliveries_for_case(s, case_id).values())
    assert [d.state for d in deliveries] == ["posted"]
    link = deliveries[0].link
    assert link == f"{sandbox.url}/sandbox/post/x/{posted[0].id}"
    page = httpx.get(link)
    assert page.status_code == 200
    assert "family bag was that small" in page.text and "Answer as the customer" in page.text

    handoff = "Hi Joe, could you send me your order number here? I'll refund the rocket. – Sam"
    send(store, case_id, handoff, "private", "handoff")
    dm = sandbox.sent("POST", f"/2/dm_conversations/with/{recipient}/messages")
    assert len(dm) == 1 and dm[0].body == {"text": handoff}
    assert [m["text"] for m in sandbox.inbox("x", recipient)] == [handoff]
    with store() as s:
        items = {i.operation: i for i in s.scalars(select(OutboxItem).where(OutboxItem.case_id == case_id))}
        shown = {d.state: d.link for d in deliveries_for_case(s, case_id).values() if d.link and "inbox" in d.link}
    # the stored links are the sandbox's pages, not x.com's: what a person opens is what was sent
    assert items["reply"].permalink == link
    assert items["private_message"].permalink == f"{sandbox.url}/sandbox/inbox/x/{recipient}"
    assert shown == {"posted": f"{sandbox.url}/sandbox/inbox/x/{recipient}"}
    inbox_page = httpx.get(f"{sandbox.url}/sandbox/inbox/x/{recipient}")
    assert "refund the rocket" in inbox_page.text
    index = httpx.get(f"{sandbox.url}/sandbox").text
    assert f"/sandbox/inbox/x/{recipient}" in index


def test_a_customer_answer_comes_back_through_the_poll(store: sessionmaker[Session], sandbox: Sandbox) -> None:
    with store() as s:
        case_id = case_by_root(s, "northwind", "x", "nw180").id
    send(store, case_id, "Hi Joe, sorry about the tiny bag; a refund is on its way. – Sam", "public", "ack")
    with store() as s:
        target = customer_reply_target(s, case_id)
    assert target.sandbox_url == sandbox.url and target.author == "rocketmanjoe"
    assert target.in_reply_to == sandbox.posts("x")[0].id  # it answers our reply
    answer = httpx.post(
        f"{sandbox.url}/sandbox/customer-reply",
        data={
            "platform": target.platform,
            "account": target.account,
            "author": target.author,
            "author_id": target.author_id or "",
            "in_reply_to": target.in_reply_to,
            "root": target.root,
            "text": "thanks <b>Sam</b>, that sorted it!",
        },
    )
    assert answer.status_code == 303
    assert sandbox.polled.wait(10)  # type: ignore[attr-defined]
    with store() as s:
        texts = list(
            s.scalars(select(Message.text).where(Message.case_id == case_id, Message.direction == "inbound"))
        )
        assert texts[-1] == "thanks <b>Sam</b>, that sorted it!"
        stored = s.scalars(select(Mention).where(Mention.text == texts[-1])).one()
        assert stored.case_id == case_id
    # the sandbox page escapes what customers write
    page = httpx.get(f"{sandbox.url}/sandbox").text
    assert "thanks &lt;b&gt;Sam&lt;/b&gt;" in page and "<b>Sam</b>" not in page


@pytest.mark.parametrize(
    ("brand", "platform", "root"),
    [("brightbank", "mastodon", "bb041"), ("brightbank", "bluesky", "bb050"), ("brightbank", "reddit", "bb190"),
     ("northwind", "facebook", "nw310")],
)
def test_other_platforms_post_and_answer_too(
    store: sessionmaker[Session], sandbox: Sandbox, brand: str, platform: str, root: str
) -> None:
    with store() as s:
        case_id = case_by_root(s, brand, platform, root).id
    send(store, case_id, "Hi, sorry about this. We are looking into it now. - Sam", "public", "ack")
    assert len(sandbox.posts(platform)) == 1
    with store() as s:
        target = customer_reply_target(s, case_id)
    sandbox.customer_post(
        platform, target.account, author=target.author, text="Thanks, that helps!",
        in_reply_to=target.in_reply_to, root=target.root, author_id=target.author_id,
    )
    assert sandbox.polled.wait(10)  # type: ignore[attr-defined]
    with store() as s:
        inbound = s.scalars(
            select(Message.text).where(Message.case_id == case_id, Message.direction == "inbound")
        ).all()
    assert inbound[-1] == "Thanks, that helps!"


def test_customer_reply_target_refuses_a_case_off_the_sandbox(store: sessionmaker[Session]) -> None:
    with store() as s:
        case_id = case_by_root(s, "northwind", "x", "nw180").id
        with pytest.raises(NoSandbox, match="not on a sandbox channel"):
            customer_reply_target(s, case_id)


def test_reset_starts_the_day_again_relative_to_now(store: sessionmaker[Session]) -> None:
    with store.begin() as s:
        case = case_by_root(s, "northwind", "x", "nw180")
        case.state = "dismissed"
    later = NOW + timedelta(days=3)
    removed = reset_demo(store)
    assert removed > 0
    first = load_demo(store, later)
    with store() as s:
        assert case_by_root(s, "northwind", "x", "nw180").state == "new"
        newest = s.scalar(select(func.max(Mention.created_at)))
        oldest = s.scalar(select(func.min(Mention.created_at)))
        assert store_kind(s) == "demo"
    assert newest is not None and oldest is not None
    assert later - timedelta(days=1) <= oldest.replace(tzinfo=UTC) and newest.replace(tzinfo=UTC) <= later
    # idempotent: a second reset gives the same desk
    reset_demo(store)
    second = load_demo(store, later)
    assert (second.mentions_created, second.cases_created, second.states) == (
        first.mentions_created,
        first.cases_created,
        first.states,
    )


def test_reset_refuses_a_real_desk(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/real.sqlite3")
    migrate(engine)
    factory = make_sessionmaker(engine)
    with factory.begin() as s:
        s.add(Brand(key="acme", name="Acme"))
    with pytest.raises(ValueError, match="not the demo"):
        reset_demo(factory)
    with factory() as s:
        assert s.scalar(select(func.count(Brand.id))) == 1
    engine.dispose()


def test_cli_reset_and_customer_reply_without_a_running_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CALMDESK_DATABASE_URL", raising=False)
    monkeypatch.delenv("CALMDESK_ENCRYPTION_KEY", raising=False)
    data = tmp_path / "desk"
    monkeypatch.setenv("CALMDESK_DATA_DIR", str(data))
    runner = CliRunner()
    first = runner.invoke(app, ["demo", "--data-dir", str(data), "--no-serve"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["demo", "--data-dir", str(data), "--no-serve", "--reset"])
    assert again.exit_code == 0, again.output
    assert "reset: emptied the demo store" in again.output
    assert "added " in again.output  # loaded afresh, not "already loaded"
    off = runner.invoke(app, ["demo", "customer-reply", "1", "thanks!"])
    assert off.exit_code == 1
    assert "not on a sandbox channel" in off.output


def test_email_goes_through_the_sandboxs_smtp_and_the_answer_through_imap(
    store: sessionmaker[Session], sandbox: Sandbox
) -> None:
    with store() as s:
        seeds = email_seed(s, ["brightbank"])
    assert "help@brightbank.example" in seeds
    box = sandbox.add_mail_account("help@brightbank.example", seeds["help@brightbank.example"])
    with store.begin() as s:
        connected = do_connect_sandbox(s, sandbox.url, sandbox.token, {box.address: (box.imap.port, box.smtp.port)})
    assert [c.platform for c in connected].count("email") == 1
    with store() as s:
        case = case_by_root(s, "brightbank", "email", "bb380")
        case_id, customer = case.id, s.get_one(Author, case.author_id).handle
    text = "Dear Ms Baker, I'm sorry for the trouble with your card. I'm looking into it today. Claire"
    send(store, case_id, text, "public", "ack")
    mails = sandbox.mails_sent()
    assert [(m["to"], m["in_reply_to"], m["text"]) for m in mails] == [([customer], "bb380", text)]
    with store() as s:
        item = s.scalars(select(OutboxItem).where(OutboxItem.case_id == case_id)).one()
    assert item.permalink == f"{sandbox.url}/sandbox/post/email/{quote(mails[0]['id'], safe='')}"
    assert "sorry for the trouble with your card" in httpx.get(item.permalink).text
    with store() as s:
        target = customer_reply_target(s, case_id)
    assert target.in_reply_to == mails[0]["id"]  # she answers our mail
    sandbox.customer_post(
        "email", target.account, author=target.author, text="Thank you, that is kind.",
        in_reply_to=target.in_reply_to, root=target.root,
    )  # fmt: skip
    assert sandbox.polled.wait(10)  # type: ignore[attr-defined]
    with store() as s:
        inbound = s.scalars(
            select(Message.text).where(Message.case_id == case_id, Message.direction == "inbound")
        ).all()
    assert inbound[-1] == "Thank you, that is kind."
