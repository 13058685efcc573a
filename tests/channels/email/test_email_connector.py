"""The e-mail connector against local fake IMAP and SMTP servers (real sockets, real imaplib/smtplib)."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from fakemail import BRAND, PASSWORD, FakeImap, FakeSmtp, server_settings
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.outbox import LEASE, do_send_outbox
from calmdesk.channels._common.connector import BaseConnector, ChannelConfig
from calmdesk.channels._common.ratelimit import AuthError, ConnectorError
from calmdesk.channels.email.connector import EmailConnector, message_id_for
from calmdesk.queries.channels import build_connector, secret_name
from calmdesk.secrets import SecretValue, env_name
from calmdesk.storage.tables import Brand, Channel, Mention, OutboxItem
from calmdesk.workers.polling import poll_due_channels
from live_server import kill_sender_mid_send

# The imap, smtp and store fixtures (shared with the other e-mail test file).
pytest_plugins = ("fakemail",)

TEXT = "Sorry for the wait, Jane. Your parcel left our depot today. -Sam"


def mail(
    mid: str,
    *,
    sender: str = "Jane Doe <jane@example.org>",
    subject: str = "Where is my order?",
    body: str = "Order 1234 has not arrived after ten days.",
    in_reply_to: str | None = None,
    references: list[str] | None = None,
) -> bytes:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = sender
    msg["To"] = f"Acme Support <{BRAND}>"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 06 May 2024 10:00:00 +0200"
    msg["Message-ID"] = f"<{mid}>"
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        msg["References"] = " ".join(f"<{r}>" for r in references)
    msg.set_content(body)
    return msg.as_bytes()


def settings(imap: FakeImap, smtp: FakeSmtp, **extra: Any) -> dict[str, Any]:
    return server_settings(imap, smtp, from_name="Acme Support", **extra)


def make(imap: FakeImap, smtp: FakeSmtp, *, password: str = PASSWORD, **extra: Any) -> EmailConnector:
    config = ChannelConfig(platform="email", handle=BRAND, settings=settings(imap, smtp, **extra))
    return EmailConnector(config, {"password": SecretValue(password)})


def add_channel(store: sessionmaker[Session], monkeypatch: Any, **channel_settings: Any) -> int:
    monkeypatch.setenv(env_name(secret_name("email", BRAND, "password")), PASSWORD)
    with store.begin() as s:
        brand = Brand(key="acme", name="Acme")
        s.add(brand)
        s.flush()
        channel = Channel(brand_id=brand.id, platform="email", handle=BRAND, settings=channel_settings)
        s.add(channel)
        s.flush()
        return channel.id


def enqueue(
    store: sessionmaker[Session],
    channel_id: int,
    target: str | None,
    *,
    key: str = "reply-1",
    operation: str = "reply",
    **payload: Any,
) -> int:
    with store.begin() as s:
        item = OutboxItem(
            idempotency_key=key,
            channel_id=channel_id,
            platform="email",
            operation=operation,
            target_external_id=target,
            payload={"text": TEXT, **payload},
        )
        s.add(item)
        s.flush()
        return item.id


def item(store: sessionmaker[Session], item_id: int) -> OutboxItem:
    with store() as s:
        row = s.get(OutboxItem, item_id)
        assert row is not None
        return row


def connector_for(session: Session, channel: Channel) -> BaseConnector:
    return build_connector(session, channel)


def received(smtp: FakeSmtp, n: int = -1) -> EmailMessage:
    msg = email.message_from_bytes(smtp.received[n].data, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


# --- polling ------------------------------------------------------------------------------------


def test_poll_parses_threads_and_leaves_mail_unread(
    imap: FakeImap, smtp: FakeSmtp, store: sessionmaker[Session]
) -> None:
    imap.deliver("INBOX", mail("m1@example.org"))
    imap.deliver(
        "INBOX",
        mail(
            "m2@example.org",
            subject="Re: Where is my order?",
            body="Any news?\n\nOn Mon, Jane wrote:\n> Order 1234 has not arrived",
            in_reply_to="m1@example.org",
            references=["m1@example.org"],
        ),
    )
    imap.deliver(
        "INBOX", mail("m3@example.org", sender="bob@example.net", subject="Refund", body="Refund me")
    )
    old = datetime.now(UTC) - timedelta(days=60)
    imap.deliver("INBOX", mail("ancient@example.org"), internal_date=old)  # before the first-poll window

    result = make(imap, smtp).fetch_since(None)
    assert result.errors == []
    assert [m.external_id for m in result.items] == ["m1@example.org", "m2@example.org", "m3@example.org"]
    reply = result.items[1]
    assert reply.text == "Any news?" and reply.in_reply_to == "m1@example.org"
    assert all(m.visibility == "private" and m.brand_handle == BRAND for m in result.items)
    assert result.items[0].author.handle == "jane@example.org"
    # EXAMINE + BODY.PEEK[]: nothing was marked read
    assert "EXAMINE" in imap.commands and "SELECT" not in imap.commands
    assert all("\\Seen" not in m.flags for m in imap.folders["INBOX"].messages)

    with store.begin() as s:
        s.add(Brand(key="acme", name="Acme"))
    with store.begin() as s:
        report = do_ingest_mentions(s, result.items, brand_key="acme")
    assert report.created == 3 and report.cases_created == 2
    with store() as s:
        cases = {ext: case for ext, case in s.execute(select(Mention.external_id, Mention.case_id))}
    assert cases["m1@example.org"] == cases["m2@example.org"] != cases["m3@example.org"]


def test_cursor_resumes_and_uidvalidity_change_starts_over(
    imap: FakeImap, smtp: FakeSmtp, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    cid = add_channel(store, monkeypatch, **settings(imap, smtp))
    t0 = datetime.now(UTC)
    imap.deliver("INBOX", mail("m1@example.org"))
    [first] = poll_due_channels(store, connector_for, t0)
    assert (first.error, first.fetched, first.created) == (None, 1, 1)
    [again] = poll_due_channels(store, connector_for, t0 + timedelta(minutes=5))
    assert (again.error, again.fetched) == (None, 0)

    imap.deliver("INBOX", mail("m2@example.org", body="Second one"))
    [second] = poll_due_channels(store, connector_for, t0 + timedelta(minutes=10))
    assert (second.fetched, second.created) == (1, 1)
    with store() as s:
        channel = s.get(Channel, cid)
        assert channel is not None and '"uid":"2"' in (channel.cursor or "")

    imap.renumber("INBOX")  # same mail, new UIDs: read again, ingest drops the copies
    [renumbered] = poll_due_channels(store, connector_for, t0 + timedelta(minutes=15))
    assert (renumbered.error, renumbered.fetched, renumbered.created, renumbered.duplicates) == (
        None,
        2,
        0,
        2,
    )
    imap.deliver("INBOX", mail("m3@example.org", body="Third"))
    [after] = poll_due_channels(store, connector_for, t0 + timedelta(minutes=20))
    assert (after.fetched, after.created) == (1, 1)


def test_malformed_message_is_reported_and_the_rest_ingested(imap: FakeImap, smtp: FakeSmtp) -> None:
    imap.deliver("INBOX", mail("m1@example.org"))
    bad = imap.deliver("INBOX", b"\x00\xff\xfe not a mail at all\r\nSubject: ?\r\n\r\n\xff\xff")
    imap.deliver("INBOX", mail("m3@example.org", body="Still here"))
    conn = make(imap, smtp)
    result = conn.fetch_since(None)
    assert [m.external_id for m in result.items] == ["m1@example.org", "m3@example.org"]
    assert len(result.errors) == 1 and f"INBOX UID {bad}" in result.errors[0] and "From" in result.errors[0]
    assert conn.fetch_since(result.next_cursor).items == []  # the cursor moved past it


def test_bad_login_is_clear_and_never_shows_the_password(
    imap: FakeImap, smtp: FakeSmtp, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    wrong = "wrong-secret-4242"
    with pytest.raises(AuthError) as caught:
        make(imap, smtp, password=wrong).fetch_since(None)
    message = str(caught.value)
    assert "IMAP login as 'support@acme.example'" in message and "Invalid credentials" in message
    assert wrong not in message and wrong not in repr(caught.value) and imap.failed_logins == 1

    cid = add_channel(store, monkeypatch, **settings(imap, smtp))
    monkeypatch.setenv(env_name(secret_name("email", BRAND, "password")), wrong)
    [outcome] = poll_due_channels(store, connector_for)
    assert outcome.error and "AuthError" in outcome.error and wrong not in outcome.error
    with store() as s:
        channel = s.get(Channel, cid)
        assert channel is not None and wrong not in (channel.last_error or "")


def test_password_is_never_sent_in_clear_to_a_remote_host(imap: FakeImap, smtp: FakeSmtp) -> None:
    conn = make(imap, smtp, imap_host="mail.acme.example")
    with pytest.raises(ConnectorError, match="refusing to send the IMAP password unencrypted"):
        conn.fetch_since(None)
    with pytest.raises(ConnectorError, match="sent_copy must be"):
        make(imap, smtp, sent_copy="maybe")


# --- sending ------------------------------------------------------------------------------------


def test_reply_has_threading_headers_and_the_answer_joins_the_case(
    imap: FakeImap, smtp: FakeSmtp, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    cid = add_channel(store, monkeypatch, **settings(imap, smtp))
    imap.deliver("INBOX", mail("m1@example.org"))
    imap.deliver(
        "INBOX",
        mail(
            "m2@example.org", subject="Re: Where is my order?", body="Hello?", references=["m1@example.org"]
        ),
    )
    [polled] = poll_due_channels(store, connector_for)
    assert polled.created == 2
    item_id = enqueue(store, cid, "m2@example.org")
    report = do_send_outbox(store, connector_for)
    assert report.sent == [item_id], report.errors

    mid = message_id_for("reply-1", "acme.example")
    assert item(store, item_id).result_external_id == mid
    assert len(smtp.received) == 1 and smtp.received[0].rcpt_to == ["jane@example.org"]
    sent = received(smtp)
    assert sent["From"] == f"Acme Support <{BRAND}>" and sent["To"] == "Jane Doe <jane@example.org>"
    assert sent["Subject"] == "Re: Where is my order?"  # no "Re: Re:"
    assert sent["Message-ID"] == f"<{mid}>" and sent["In-Reply-To"] == "<m2@example.org>"
    assert sent["References"] == "<m1@example.org> <m2@example.org>"
    assert sent.get_content().strip() == TEXT
    [copy] = imap.live("Sent")
    assert copy.data == smtp.received[0].data and "\\Seen" in copy.flags

    imap.deliver(
        "INBOX",
        mail(
            "m4@example.org",
            subject="Re: Where is my order?",
            body="Thanks, it came!",
            in_reply_to=mid,
            references=["m1@example.org", "m2@example.org", mid],
        ),
    )
    [answer] = poll_due_channels(store, connector_for, datetime.now(UTC) + timedelta(hours=1))
    assert (answer.error, answer.created) == (None, 1)
    with store() as s:
        cases = {ext: case for ext, case in s.execute(select(Mention.external_id, Mention.case_id))}
    assert cases["m4@example.org"] == cases["m1@example.org"] == cases["m2@example.org"]


def test_private_message_is_a_new_mail_and_is_found_again(imap: FakeImap, smtp: FakeSmtp) -> None:
    conn = make(imap, smtp, subject="About your order")
    mid = conn.send_private("Bob <bob@example.net>", TEXT, "pm-1")
    sent = received(smtp)
    assert sent["To"] == "Bob <bob@example.net>" and sent["Subject"] == "About your order"
    assert sent["In-Reply-To"] is None and sent["Message-ID"] == f"<{mid}>"
    assert conn.find_existing_private("bob@example.net", " " + TEXT.upper()) == mid  # re-wrapped text
    assert conn.find_existing_private("bob@example.net", "another text") is None
    assert conn.send_private("bob@example.net", TEXT, "pm-1") == mid and len(smtp.received) == 1


def test_sent_but_not_recorded_is_reconciled_not_resent(
    imap: FakeImap, smtp: FakeSmtp, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    cid = add_channel(store, monkeypatch, **settings(imap, smtp))
    imap.deliver("INBOX", mail("m1@example.org"))
    item_id = enqueue(store, cid, "m1@example.org")
    mid = make(imap, smtp).reply("m1@example.org", TEXT, "reply-1")  # a sender sent it, then died
    now = datetime.now(UTC)
    with store.begin() as s:
        row = s.get(OutboxItem, item_id)
        assert row is not None
        row.status, row.attempts, row.next_attempt_at = "sending", 1, now
    report = do_send_outbox(store, connector_for, now + timedelta(seconds=1))
    assert report.reconciled == [item_id] and len(smtp.received) == 1
    assert item(store, item_id).result_external_id == mid


def test_sender_killed_inside_smtp_sends_once(
    imap: FakeImap, smtp: FakeSmtp, store: sessionmaker[Session], monkeypatch: Any, tmp_path: Path
) -> None:
    cid = add_channel(store, monkeypatch, **settings(imap, smtp))
    imap.deliver("INBOX", mail("m1@example.org"))
    item_id = enqueue(store, cid, "m1@example.org")
    smtp.hold = True  # the server has the mail and has not answered yet
    kill_sender_mid_send(
        f"sqlite:///{tmp_path}/t.sqlite3", smtp.stored, smtp.release.set, what="the sender never reached SMTP DATA"
    )
    smtp.hold = False
    assert len(smtp.received) == 1 and item(store, item_id).status == "sending"

    report = do_send_outbox(store, connector_for, datetime.now(UTC) + LEASE + timedelta(seconds=1))
    assert report.reconciled == [item_id], report.errors
    assert len(smtp.received) == 1
    assert item(store, item_id).result_external_id == message_id_for("reply-1", "acme.example")


def test_refused_mail_is_not_left_in_sent_and_a_temporary_refusal_is_retried(
    imap: FakeImap, smtp: FakeSmtp, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    cid = add_channel(store, monkeypatch, **settings(imap, smtp))
    imap.deliver("INBOX", mail("m1@example.org"))
    smtp.refuse_rcpt = 550
    refused = enqueue(store, cid, "m1@example.org", key="reply-refused")
    report = do_send_outbox(store, connector_for)
    assert report.failed == [refused] and "550" in (item(store, refused).last_error or "")
    assert imap.live("Sent") == [] and smtp.received == []

    smtp.refuse_rcpt, smtp.data_code = None, 451
    later = enqueue(store, cid, "m1@example.org", key="reply-later")
    now = datetime.now(UTC)
    assert do_send_outbox(store, connector_for, now).retried == [later]
    row = item(store, later)
    assert row.status == "sending" and row.next_attempt_at is not None and "451" in (row.last_error or "")
    assert imap.live("Sent") == []  # the retry must not mistake a refused mail for a sent one

    smtp.data_code = 250
    report = do_send_outbox(store, connector_for, row.next_attempt_at + timedelta(seconds=1))
    assert report.sent == [later] and len(smtp.received) == 1 and len(imap.live("Sent")) == 1


def test_server_filed_sent_copy_is_used_for_reconciliation(imap: FakeImap, smtp: FakeSmtp) -> None:
    smtp.file_into = (imap, "Sent")
    conn = make(imap, smtp, sent_copy="server")
    imap.deliver("INBOX", mail("m1@example.org"))
    mid = conn.reply("m1@example.org", TEXT, "reply-1")
    assert len(imap.live("Sent")) == 1  # filed by the server, not appended by us
    assert "APPEND" not in imap.commands
    assert conn.find_existing_reply("m1@example.org", TEXT) == mid
    assert conn.find_existing_reply("m1@example.org", "a different answer") is None
    assert conn.find_existing_reply("other@example.org", TEXT) is None
