"""Issue 13, item 5: a rule level `review` sends a reply to approval, and a supervisor's approval
with a note satisfies it; `block` stays for what no one may post."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import do_upsert_brand
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.replies import (
    DraftError,
    do_approve_draft,
    do_create_draft,
    do_request_approval,
    do_send_draft,
)
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.domain.playbook import PlaybookError, parse_playbook
from calmdesk.domain.review import impossible_classes, review_reasons, unmet_review
from calmdesk.replies.checker import UnknownRuleError, check_reply, validate_levels
from calmdesk.storage.tables import Action, Case, OutboxItem

LINK_REPLY = "Hi Kim, I'm sorry about the update. The fix is here: https://pixelforge.example/fix - I'll check back tomorrow. -Sam"


def test_review_is_a_level_of_its_own() -> None:
    validate_levels({"R-MEDIA-REVIEW": "review"})
    with pytest.raises(UnknownRuleError, match="block, review, warn or off"):
        validate_levels({"R-MEDIA-REVIEW": "ask"})
    findings = [f.as_dict() for f in check_reply(LINK_REPLY, levels={"R-MEDIA-REVIEW": "review"})]
    assert {"rule": "R-MEDIA-REVIEW", "level": "review"}.items() <= next(
        f for f in findings if f["rule"] == "R-MEDIA-REVIEW"
    ).items()
    assert review_reasons(findings) == ["review:R-MEDIA-REVIEW"]
    assert unmet_review(findings, None) == ["R-MEDIA-REVIEW"]
    assert unmet_review(findings, "  ") == ["R-MEDIA-REVIEW"]
    assert unmet_review(findings, "the link is our own status page") == []


def test_validation_warns_about_a_playbook_that_makes_a_class_of_replies_impossible() -> None:
    warnings = impossible_classes({"R-MEDIA-REVIEW": "block", "R-BLAME": "block"})
    assert len(warnings) == 1 and "every reply with a link" in warnings[0] and '"review"' in warnings[0]
    assert impossible_classes({"R-MEDIA-REVIEW": "review"}) == []
    parse_playbook('brand = "p"\n[reply_rules]\nR-MEDIA-REVIEW = "review"\n')
    with pytest.raises(PlaybookError, match="reply_rules"):
        parse_playbook('brand = "p"\n[reply_rules]\nR-MEDIA-REVIEW = "maybe"\n')


def test_demo_pixelforge_asks_for_review_not_block() -> None:
    from pathlib import Path

    import calmdesk.demo

    text = (Path(calmdesk.demo.__file__).parent / "playbooks" / "pixelforge.toml").read_text()
    assert impossible_classes(parse_playbook(text).reply_rules) == []


def _case(factory: sessionmaker[Session], level: str) -> int:
    text = f'brand = "pf"\n[[channels]]\nplatform = "x"\nhandle = "pf_help"\n[reply_rules]\nR-MEDIA-REVIEW = "{level}"\n'
    with factory.begin() as s:
        do_upsert_brand(s, parse_playbook(text), text)
        do_ingest_mentions(s, [MentionIn(platform="x", external_id="9", text="@pf_help the 4.2 update bricked my pad",
                                         created_at=datetime.now(UTC), author=AuthorIn(handle="kim", followers=40),
                                         brand_handle="pf_help")])  # fmt: skip
        return s.scalars(select(Case.id)).one()


def test_a_review_finding_goes_to_approval_and_an_approval_with_a_note_lets_it_post(
    factory: sessionmaker[Session],
) -> None:
    cid = _case(factory, "review")
    with factory.begin() as s:
        draft = do_create_draft(s, cid, "ann", LINK_REPLY)
        assert draft.needs_approval and "review:R-MEDIA-REVIEW" in draft.approval_reasons
        did = draft.id
        with pytest.raises(DraftError, match="needs a second person's approval"):
            do_send_draft(s, did, "ann")
    with factory.begin() as s:
        do_request_approval(s, did, "ann")
    with factory.begin() as s, pytest.raises(DraftError, match="approve with a note"):
        do_approve_draft(s, did, "sue")
    with factory.begin() as s:
        do_approve_draft(s, did, "sue", note="the link is our own firmware page")
    with factory.begin() as s:
        item = do_send_draft(s, did, "ann")
        assert item.status == "queued"
    with factory() as s:
        approved = s.scalars(select(Action).where(Action.verb == "draft.approved")).one()
        assert approved.note == "the link is our own firmware page"
        assert approved.detail["satisfied"] == ["R-MEDIA-REVIEW"]
        assert s.scalars(select(OutboxItem)).one().payload["text"] == LINK_REPLY


def test_block_stays_for_what_no_one_may_post(factory: sessionmaker[Session]) -> None:
    cid = _case(factory, "block")
    with factory.begin() as s:
        did = do_create_draft(s, cid, "ann", LINK_REPLY).id
    with factory.begin() as s, pytest.raises(DraftError, match="block findings"):
        do_approve_draft(s, did, "sue", note="please")
