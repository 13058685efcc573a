"""Draft -> approval -> outbox on a real SQLite store (B-REVIEW, B-SAME-PLACE, B-HANDOFF)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import ensure_brand
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.replies import (
    DraftError,
    do_approve_draft,
    do_create_draft,
    do_send_draft,
    do_update_draft,
    draft_preview,
)
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.storage.tables import Action, Case, Message, OutboxItem

OK = "Hi Sam, I'm sorry about the wait. I'll check with the courier and update you by 3pm. ^AK"


def _case(session: Session, followers: int = 50, platform: str = "bluesky") -> Case:
    t = datetime(2024, 5, 6, 10, 0, tzinfo=UTC)
    items = [
        MentionIn(platform, "p1", "@acme order 4821937 never arrived", t, AuthorIn("sam", followers=followers), brand_handle="acme"),
        MentionIn(platform, "p2", "@acme still nothing", t.replace(hour=11), AuthorIn("sam", followers=followers), in_reply_to="p1", brand_handle="acme"),
    ]  # fmt: skip
    ensure_brand(session, "acme")
    do_ingest_mentions(session, items, brand_key="acme", run_hooks=False)
    case = session.scalars(select(Case)).one()
    return case


def test_simple_reply_goes_to_the_outbox_on_the_same_platform(sqlite_factory: sessionmaker[Session]) -> None:
    with sqlite_factory() as s:
        case = _case(s)
        d = do_create_draft(s, case.id, "anna", OK, "public", "ack", [])
        assert d.findings == [] and not d.needs_approval
        item = do_send_draft(s, d.id, "anna")
        assert (item.platform, item.operation, item.target_external_id) == ("bluesky", "reply", "p2")
        assert item.idempotency_key == f"draft-{d.id}" and item.payload["text"] == OK
        msg = s.scalars(select(Message).where(Message.direction == "outbound")).one()
        assert (msg.sent_by, msg.kind, msg.text) == ("anna", "ack", OK)
        assert "draft.sent" in set(s.scalars(select(Action.verb)))
        with pytest.raises(DraftError, match="already sent"):
            do_send_draft(s, d.id, "anna")


def test_block_findings_use_the_case_context(sqlite_factory: sessionmaker[Session]) -> None:
    with sqlite_factory() as s:
        case = _case(s, platform="mastodon")  # Bluesky takes no private message without chat
        d = do_create_draft(s, case.id, "anna", OK.replace("the wait", "order 4821937"), "public")
        assert "R-PII-ECHO" in {f["rule"] for f in d.findings}
        with pytest.raises(DraftError, match="R-PII-ECHO"):
            do_send_draft(s, d.id, "anna")
        private = do_create_draft(
            s, case.id, "anna", OK.replace("the wait", "order 4821937"), "private", "handoff"
        )
        item = do_send_draft(s, private.id, "anna")
        assert item.operation == "private_message" and item.payload["recipient"] == "sam"
        assert s.get(Case, case.id).went_private  # type: ignore[union-attr]


def test_four_eyes_for_links_and_high_reach(sqlite_factory: sessionmaker[Session]) -> None:
    with sqlite_factory() as s:
        case = _case(s, followers=50_000)
        text = OK + " Tracking: www.example.com/t/1"
        d = do_create_draft(s, case.id, "anna", text, "public")
        assert d.needs_approval and set(d.approval_reasons) == {"links_or_attachments", "high_reach_author"}
        with pytest.raises(DraftError, match="approval"):
            do_send_draft(s, d.id, "anna")
        with pytest.raises(DraftError, match="cannot approve their own"):
            do_approve_draft(s, d.id, "anna")
        do_approve_draft(s, d.id, "ben")
        d.text = text + " Extra words."  # changed behind the approval's back
        with pytest.raises(DraftError, match="changed after it was approved"):
            do_send_draft(s, d.id, "anna")
        do_update_draft(s, d.id, "anna", text)
        assert d.status == "draft" and d.approved_by is None
        do_approve_draft(s, d.id, "ben")
        p = draft_preview(s, d.id)
        assert p.text.endswith("https://www.example.com/t/1") and p.urls == ("https://www.example.com/t/1",)
        assert p.thread_position == "reply to @sam" and p.fits
        item = do_send_draft(s, d.id, "anna")
        msg = s.scalars(select(Message).where(Message.direction == "outbound")).one()
        assert msg.approved_by == "ben" and item.platform == "bluesky"
        assert s.scalars(select(OutboxItem)).one().draft_id == d.id
