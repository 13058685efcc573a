"""E-mail replies reach the sender, in the same thread, through draft -> outbox -> SMTP.

The case is opened by polling the fake IMAP server (no recorded customer mail is stored in the
fixtures, so the mail is built here like the connector tests build theirs); what is asserted is
what the fake SMTP server received: envelope recipient, To, threading headers, text and the
Message-ID derived from the outbox idempotency key.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from typing import Any

from fakemail import BRAND, PASSWORD, FakeImap, FakeSmtp, server_settings
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.outbox import do_send_outbox
from calmdesk.actions.replies import do_create_draft, do_send_draft
from calmdesk.channels._common.connector import BaseConnector
from calmdesk.channels.email.connector import message_id_for
from calmdesk.queries.channels import build_connector, secret_name
from calmdesk.secrets import env_name
from calmdesk.storage.tables import Brand, Case, Channel, OutboxItem
from calmdesk.workers.polling import poll_due_channels

# The imap, smtp and store fixtures (shared with the other e-mail test file).
pytest_plugins = ("fakemail",)

DM = "Hi Jane, Sam from Acme here. Your parcel left our depot today; here is what happens next. -Sam"


def _customer_mail() -> bytes:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = "Jane Doe <Jane@Example.org>"
    msg["Reply-To"] = "Jane (lists) <jane-lists@example.org>"
    msg["To"] = f"Acme Support <{BRAND}>"
    msg["Subject"] = "Where is my order?"
    msg["Date"] = "Mon, 06 May 2024 10:00:00 +0200"
    msg["Message-ID"] = "<m1@example.org>"
    msg["References"] = "<m0@example.org>"
    msg.set_content("Order 1234 has not arrived after ten days.")
    return msg.as_bytes()


def _channel(store: sessionmaker[Session], monkeypatch: Any, imap: FakeImap, smtp: FakeSmtp) -> None:
    monkeypatch.setenv(env_name(secret_name("email", BRAND, "password")), PASSWORD)
    settings = server_settings(imap, smtp)
    with store.begin() as s:
        brand = Brand(key="acme", name="Acme")
        s.add(brand)
        s.flush()
        s.add(Channel(brand_id=brand.id, platform="email", handle=BRAND, settings=settings))


def _connector_for(session: Session, channel: Channel) -> BaseConnector:
    return build_connector(session, channel)


def _send(store: sessionmaker[Session], visibility: str) -> tuple[int, OutboxItem]:
    with store.begin() as s:
        case = s.scalars(select(Case)).one()
        draft = do_create_draft(
            s, case.id, "sam", DM, visibility, "handoff" if visibility == "private" else "ack"
        )
        do_send_draft(s, draft.id, "sam")
        draft_id = draft.id
    report = do_send_outbox(store, _connector_for)
    assert report.sent and not report.errors, report.errors
    with store() as s:
        return draft_id, s.scalars(select(OutboxItem).where(OutboxItem.draft_id == draft_id)).one()


def test_private_handoff_goes_to_the_sender_in_the_thread(
    imap: FakeImap, smtp: FakeSmtp, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    _channel(store, monkeypatch, imap, smtp)
    imap.deliver("INBOX", _customer_mail())
    [polled] = poll_due_channels(store, _connector_for)
    assert polled.created == 1
    draft_id, item = _send(store, "private")
    assert item.operation == "private_message" and item.payload["recipient"] == "jane@example.org"
    [got] = smtp.received
    assert got.rcpt_to == ["jane@example.org"]  # the sender, not the Reply-To list address
    sent = email.message_from_bytes(got.data, policy=email.policy.default)
    mid = message_id_for(f"draft-{draft_id}", "acme.example")
    assert (
        sent["Message-ID"] == f"<{mid}>" and item.result_external_id == mid and item.permalink == f"mid:{mid}"
    )
    assert sent["In-Reply-To"] == "<m1@example.org>"
    assert sent["References"] == "<m0@example.org> <m1@example.org>"
    assert sent["Subject"] == "Re: Where is my order?"
    assert sent.get_content().strip() == DM


def test_public_answer_goes_to_the_reply_to_in_the_thread(
    imap: FakeImap, smtp: FakeSmtp, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    _channel(store, monkeypatch, imap, smtp)
    imap.deliver("INBOX", _customer_mail())
    poll_due_channels(store, _connector_for)
    draft_id, item = _send(store, "public")
    assert item.operation == "reply" and item.target_external_id == "m1@example.org"
    [got] = smtp.received
    assert got.rcpt_to == ["jane-lists@example.org"]
    sent = email.message_from_bytes(got.data, policy=email.policy.default)
    assert sent["In-Reply-To"] == "<m1@example.org>"
    assert sent["Message-ID"] == f"<{message_id_for(f'draft-{draft_id}', 'acme.example')}>"
