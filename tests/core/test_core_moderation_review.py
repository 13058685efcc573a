"""Safe moderation (issue 13, item 4; B-MODERATE): a hide that triage does not back waits for a
supervisor; unhide exists; the private outreach task is listed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import do_upsert_brand
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.moderation_review import (
    do_decide_hide,
    do_finish_task,
    do_request_hide,
    do_unhide_mention,
    open_tasks,
    pending_requests,
)
from calmdesk.actions.users import do_create_user
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.domain.moderation import ModerationError, ModerationReason
from calmdesk.domain.moderation_support import triage_supports
from calmdesk.domain.playbook import parse_playbook
from calmdesk.storage.tables import Mention, OutboxItem

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
CALM = {"offensive": False, "pii": [], "spam": False, "legitimacy": 0.9}


def test_triage_must_back_the_reason() -> None:
    assert not triage_supports(ModerationReason.OFFENSIVE, CALM)
    assert triage_supports(ModerationReason.OFFENSIVE, {**CALM, "offensive": True})
    assert triage_supports(ModerationReason.PRIVATE_DATA, {**CALM, "pii": [{"type": "card"}]})
    assert not triage_supports(ModerationReason.PRIVATE_DATA, CALM)
    assert triage_supports(ModerationReason.NOT_LEGITIMATE, {**CALM, "spam": True})
    assert triage_supports(ModerationReason.NOT_LEGITIMATE, {**CALM, "legitimacy": 0.1})
    assert not triage_supports(ModerationReason.NOT_LEGITIMATE, CALM)
    assert not triage_supports(ModerationReason.OFFENSIVE, None)


def _seed(factory: sessionmaker[Session]) -> int:
    with factory.begin() as s:
        text = 'brand = "acme"\n[[channels]]\nplatform = "x"\nhandle = "acme_help"\n'
        do_upsert_brand(s, parse_playbook(text), text)
        do_create_user(s, "ann", "a long enough password", "agent", ["acme"])
        do_create_user(s, "sue", "a long enough password", "supervisor", ["acme"])
        do_create_user(s, "sid", "a long enough password", "supervisor", ["acme"])
        do_ingest_mentions(s, [MentionIn(platform="x", external_id="7", created_at=NOW, brand_handle="acme_help",
                                         text="@acme_help firmware 4.2 drains the battery in two hours, steps attached",
                                         author=AuthorIn(handle="kim"))])  # fmt: skip
        mention = s.scalars(select(Mention)).one()
        mention.triage = CALM  # triage scored it a calm bug report
        return mention.id


def test_an_unbacked_hide_waits_for_a_supervisor_then_unhide(factory: sessionmaker[Session]) -> None:
    mid = _seed(factory)
    with factory.begin() as s:
        with pytest.raises(ModerationError, match="needs a reason"):
            do_request_hide(s, mid, "", actor="ann", at=NOW)
        out = do_request_hide(s, mid, "offensive", actor="ann", at=NOW, note="rude")
        assert not out.hidden and out.request_id and "triage did not score this post offensive" in out.message
        assert not s.get_one(Mention, mid).hidden
        case_id = s.get_one(Mention, mid).case_id
        assert case_id is not None
        assert [r.id for r in pending_requests(s, case_id)] == [out.request_id]
    with factory.begin() as s, pytest.raises(ModerationError, match="only a supervisor"):
        do_decide_hide(s, out.request_id, confirm=True, actor="ann", at=NOW)
    with factory.begin() as s:
        done = do_decide_hide(s, out.request_id, confirm=True, actor="sue", at=NOW, note="insults staff")
        assert done.hidden and done.outreach_task_id is not None
    with factory() as s:
        assert s.get_one(Mention, mid).hidden
        assert pending_requests(s, case_id) == []
        rows = open_tasks(s, None)
        assert [r["task"].id for r in rows] == [done.outreach_task_id] and rows[0]["outreach"]
    with factory.begin() as s:
        item = do_unhide_mention(s, mid, actor="sue", at=NOW)
        assert (item.operation, item.status) == ("unhide", "queued")
    with factory.begin() as s:
        assert not s.get_one(Mention, mid).hidden
        do_finish_task(s, done.outreach_task_id, actor="ann", at=NOW)
        assert open_tasks(s, None) == []
        with pytest.raises(ModerationError, match="not hidden"):
            do_unhide_mention(s, mid, actor="sue", at=NOW)


def test_a_supervisor_hides_at_once_and_a_request_can_be_declined(factory: sessionmaker[Session]) -> None:
    mid = _seed(factory)
    with factory.begin() as s:
        req = do_request_hide(s, mid, "not_legitimate", actor="ann", at=NOW)
        assert req.request_id and not req.hidden
        again = do_request_hide(s, mid, "not_legitimate", actor="ann", at=NOW)
        assert again.request_id is None and "already waits" in again.message
        declined = do_decide_hide(s, req.request_id, confirm=False, actor="sid", at=NOW)
        assert not declined.hidden and not s.get_one(Mention, mid).hidden
        assert s.scalars(select(OutboxItem)).first() is None
        with pytest.raises(ModerationError, match="no pending hide request"):
            do_decide_hide(s, req.request_id, confirm=True, actor="sue", at=NOW)
        # A supervisor's own hide is the confirmation: it happens at once.
        direct = do_request_hide(s, mid, "not_legitimate", actor="sue", at=NOW, note="a bot account")
        assert direct.hidden and s.get_one(Mention, mid).hidden
