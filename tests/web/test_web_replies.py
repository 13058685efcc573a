"""The reply studio, moderation and compensation through the web layer (pages and API)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from web_helpers import Seed, login

from calmdesk.storage.tables import Action, Case, Compensation, Draft, Mention, OutboxItem, Task

LINK_REPLY = (
    "Hi Frank, I'm sorry the code didn't work. A working one is explained at "
    "https://acme.example/help/codes - I'll look back here within the hour in case it still fails. - Alice"
)


def test_checker_endpoint_gives_spans_levels_and_platform_length(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "alice")
    h = {"X-CSRF-Token": token}
    text = "You should have read the manual"
    res = app_client.post(f"/api/cases/{seed.acme_case}/check", json={"text": text}, headers=h).json()
    blame = [f for f in res["findings"] if f["rule"] == "R-BLAME"]
    assert blame and blame[0]["level"] == "block"
    assert text[blame[0]["start"] : blame[0]["end"]].lower().startswith("you should have")
    assert res["max_length"] == 280 and res["platform"] == "x"
    assert res["thread_position"] == "reply to @carol"
    # A link counts 23 characters on X whatever its length.
    url = "https://acme.example/" + "x" * 60
    res = app_client.post(
        f"/api/cases/{seed.acme_case}/check", json={"text": f"I'm on it: {url}"}, headers=h
    ).json()
    assert res["length"] == len("I'm on it: ") + 23 and res["urls"] == [url]
    assert any(f["rule"] == "R-MEDIA-REVIEW" for f in res["findings"])
    private = app_client.post(
        f"/api/cases/{seed.acme_case}/check", json={"text": "hi", "visibility": "private"}, headers=h
    ).json()
    assert private["thread_position"] == "private message to @carol"


def test_checker_endpoint_reads_the_kind_and_the_case(app_client: TestClient, seed: Seed) -> None:
    """Issue 15: a check-back owes no new next step once the form says its kind."""
    token = login(app_client, "alice")
    h = {"X-CSRF-Token": token}
    url = f"/api/cases/{seed.acme_case}/check"
    back = "Hi Carol, just checking back: did the replacement arrive safely? ^Al"
    rules = lambda body: {f["rule"] for f in app_client.post(url, json=body, headers=h).json()["findings"]}  # noqa: E731
    assert "R-NO-NEXT-STEP" in rules({"text": back})
    assert "R-NO-NEXT-STEP" not in rules({"text": back, "kind": "followup"})
    assert "R-NO-NEXT-STEP" in rules({"text": back, "kind": "ack"})


def test_api_reply_needs_approval_by_another_supervisor(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "alice")
    h = {"X-CSRF-Token": token}
    base = f"/api/cases/{seed.acme_code_case}/drafts"
    res = app_client.post(base, json={"text": LINK_REPLY, "kind": "reply"}, headers=h)
    assert res.status_code == 201, res.text
    draft = res.json()
    assert draft["needs_approval"] and draft["approval_reasons"] == ["links_or_attachments"]
    assert draft["preview"]["urls"] == ["https://acme.example/help/codes"]
    assert draft["preview"]["thread_position"] == "reply to @frank"
    did = draft["id"]
    res = app_client.post(f"{base}/{did}/send", headers=h)
    assert res.status_code == 409 and "approval" in res.json()["detail"]
    assert app_client.post(f"{base}/{did}/request-approval", headers=h).json()["status"] == "pending"
    # An agent cannot approve, not even their own draft.
    assert app_client.post(f"{base}/{did}/approve", headers=h).status_code == 403

    sup = TestClient(app_client.app)
    sup_token = login(sup, "sam")
    res = sup.post(f"{base}/{did}/approve", headers={"X-CSRF-Token": sup_token})
    assert res.status_code == 200 and res.json()["status"] == "approved"
    assert res.json()["approved_by"] == "sam"

    # Editing after approval drops the approval: what is sent is what was approved.
    edited = app_client.put(f"{base}/{did}", json={"text": LINK_REPLY + " "}, headers=h).json()
    assert edited["status"] == "draft" and edited["approved_by"] is None
    assert app_client.post(f"{base}/{did}/send", headers=h).status_code == 409
    app_client.post(f"{base}/{did}/request-approval", headers=h)
    assert sup.post(f"{base}/{did}/approve", headers={"X-CSRF-Token": sup_token}).status_code == 200

    res = app_client.post(f"{base}/{did}/send", headers=h)
    assert res.status_code == 200, res.text
    out = res.json()
    assert out["outbox"]["platform"] == "x" and out["outbox"]["operation"] == "reply"
    assert out["outbox"]["idempotency_key"] == f"draft-{did}" and out["draft"]["status"] == "queued"
    with seed.factory() as s:
        item = s.scalar(select(OutboxItem).where(OutboxItem.draft_id == did))
        assert (
            item is not None
            and item.case_id == seed.acme_code_case
            and item.payload["text"].startswith("Hi Frank")
        )


def test_supervisor_cannot_approve_own_draft(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "sam")
    h = {"X-CSRF-Token": token}
    base = f"/api/cases/{seed.acme_code_case}/drafts"
    did = app_client.post(base, json={"text": LINK_REPLY}, headers=h).json()["id"]
    app_client.post(f"{base}/{did}/request-approval", headers=h)
    res = app_client.post(f"{base}/{did}/approve", headers=h)
    assert res.status_code == 403 and "own" in res.json()["detail"]
    # The page route refuses the same way.
    res = app_client.post(f"/drafts/{did}/approve", data={"csrf_token": token})
    assert res.status_code == 403
    with seed.factory() as s:
        assert s.get_one(Draft, did).status == "pending"


def test_drafts_of_another_brand_answer_404(app_client: TestClient, seed: Seed) -> None:
    bob = TestClient(app_client.app)
    bob_token = login(bob, "bob")
    res = bob.post(
        f"/api/cases/{seed.globex_case}/drafts",
        json={
            "text": "Hi Dave, I'm sorry about the bill. I'm checking it now and will reply within the hour. - Bob"
        },
        headers={"X-CSRF-Token": bob_token},
    )
    assert res.status_code == 201
    globex_draft = res.json()["id"]

    token = login(app_client, "alice")
    h = {"X-CSRF-Token": token}
    own = app_client.post(
        f"/api/cases/{seed.acme_quiet_case}/drafts", json={"text": "hello"}, headers=h
    ).json()
    for case_id in (seed.globex_case, seed.acme_quiet_case):
        # Guessing the draft id through a case of the agent's own brand, or through the other brand's case.
        assert app_client.get(f"/api/cases/{case_id}/drafts/{globex_draft}").status_code == 404
        for verb in ("send", "approve", "reject", "request-approval"):
            res = app_client.post(f"/api/cases/{case_id}/drafts/{globex_draft}/{verb}", json={}, headers=h)
            assert res.status_code == 404, (case_id, verb, res.text)
        res = app_client.put(f"/api/cases/{case_id}/drafts/{globex_draft}", json={"text": "x"}, headers=h)
        assert res.status_code == 404
    assert app_client.get(f"/api/cases/{seed.globex_case}/drafts").status_code == 404
    assert (
        app_client.post(f"/api/cases/{seed.globex_case}/drafts", json={"text": "x"}, headers=h).status_code
        == 404
    )
    # A draft of one case is not reachable through another case of the same brand either.
    assert app_client.get(f"/api/cases/{seed.acme_case}/drafts/{own['id']}").status_code == 404
    for verb in ("send", "approve", "reject", "request-approval"):
        assert (
            app_client.post(f"/drafts/{globex_draft}/{verb}", data={"csrf_token": token}).status_code == 404
        )
    with seed.factory() as s:
        d = s.get_one(Draft, globex_draft)
        assert d.status == "draft" and d.text.startswith("Hi Dave")
        assert s.scalar(select(OutboxItem).where(OutboxItem.draft_id == globex_draft)) is None


def test_reply_box_sends_ack_and_moves_case(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "alice")
    page = app_client.get(f"/cases/{seed.acme_quiet_case}").text
    assert 'id="reply-text"' in page and "Suggested ack" in page
    text = "Hi Erin, I'm sorry the parcel is late. I'm checking with the carrier now and will update you within the hour. - Alice"
    res = app_client.post(
        f"/cases/{seed.acme_quiet_case}/drafts",
        data={"text": text, "visibility": "public", "kind": "ack", "intent": "send", "csrf_token": token},
    )
    assert res.status_code == 200 and "case moved to acknowledged" in res.text
    with seed.factory() as s:
        case = s.get_one(Case, seed.acme_quiet_case)
        # the first response counts from the platform's confirmation (actions/outbox), not from Send
        assert case.state == "acknowledged" and case.first_response_at is None
        item = s.scalar(select(OutboxItem).where(OutboxItem.case_id == case.id))
        assert item is not None and item.operation == "reply" and item.platform == "x"
        assert item.status == "queued" and item.target_external_id == "a3"
    # Next the composer suggests the private hand-off.
    assert 'value="handoff" selected' in app_client.get(f"/cases/{seed.acme_quiet_case}").text
    # Blocked text is saved but never sent.
    res = app_client.post(
        f"/cases/{seed.acme_quiet_case}/drafts",
        data={"text": "You should have read the manual", "intent": "send", "csrf_token": token},
    )
    assert "block findings" in res.text
    with seed.factory() as s:
        assert len(list(s.scalars(select(OutboxItem).where(OutboxItem.case_id == seed.acme_quiet_case)))) == 1


def test_resolving_schedules_followup(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "alice")
    h = {"X-CSRF-Token": token}
    for target in ("acknowledged", "resolved"):
        res = app_client.post(f"/api/cases/{seed.acme_quiet_case}/move", json={"target": target}, headers=h)
        assert res.status_code == 200
    with seed.factory() as s:
        kinds = {t.kind for t in s.scalars(select(Task).where(Task.case_id == seed.acme_quiet_case))}
        assert {"public_checkback", "satisfaction_check"} <= kinds


def test_hide_only_with_b_moderate_reason(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "alice")
    url = f"/cases/{seed.acme_case}/hide"
    res = app_client.post(
        url, data={"mention_id": seed.acme_mention, "reason": "criticism", "csrf_token": token}
    )
    assert "B-MODERATE" in res.text and "valid criticism stays visible" in res.text
    with seed.factory() as s:
        assert not s.get_one(Mention, seed.acme_mention).hidden
    # A post of another case is not reachable through this one.
    with seed.factory() as s:
        other = s.scalar(select(Mention.id).where(Mention.case_id == seed.acme_xss_case))
    res = app_client.post(url, data={"mention_id": other, "reason": "offensive", "csrf_token": token})
    assert "no post" in res.text
    res = app_client.post(
        url,
        data={"mention_id": seed.acme_mention, "reason": "offensive", "note": "slur", "csrf_token": token},
    )
    assert "Post hidden" in res.text
    with seed.factory() as s:
        m = s.get_one(Mention, seed.acme_mention)
        assert m.hidden and m.hidden_reason == "offensive"
        assert s.scalar(
            select(OutboxItem).where(OutboxItem.operation == "hide", OutboxItem.target_external_id == "a1")
        )
        assert s.scalar(select(Task).where(Task.case_id == seed.acme_case, Task.kind == "private_outreach"))


def test_compensation_above_limit_goes_to_approvals(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "alice")
    form = {"kind": "voucher", "value": "10", "currency": "EUR", "note": "sorry", "csrf_token": token}
    res = app_client.post(f"/cases/{seed.acme_case}/compensate", data=form)
    assert "voucher 10.00 EUR granted" in res.text
    res = app_client.post(
        f"/cases/{seed.acme_case}/compensate", data={**form, "kind": "refund", "value": "90"}
    )
    assert "waits for a supervisor" in res.text
    res = app_client.post(f"/cases/{seed.acme_case}/compensate", data={**form, "kind": "bribe"})
    assert "unknown compensation kind" in res.text
    with seed.factory() as s:
        pending = s.scalar(select(Compensation).where(Compensation.status == "pending_approval"))
        assert pending is not None and pending.granted_by == "alice"
    # The agent cannot decide; the supervisor sees it next to the reply approvals and approves it.
    res = app_client.post(
        f"/compensations/{pending.id}/decide", data={"decision": "approve", "csrf_token": token}
    )
    assert res.status_code == 403
    sup = TestClient(app_client.app)
    sup_token = login(sup, "sam")
    page = sup.get("/approvals").text
    assert f'data-comp-id="{pending.id}"' in page and "refund 90.00 EUR" in page
    res = sup.post(
        f"/compensations/{pending.id}/decide",
        data={"decision": "approve", "next": "/approvals", "csrf_token": sup_token},
    )
    assert "approved" in res.text
    with seed.factory() as s:
        row = s.get_one(Compensation, pending.id)
        assert row.status == "granted" and row.approved_by == "sam"
        assert s.scalar(select(Action).where(Action.verb == "compensation.approved", Action.actor == "sam"))
    # Bob of another brand gets 404, not a hint that it exists.
    bob = TestClient(app_client.app)
    bob_token = login(bob, "bob")
    res = bob.post(
        f"/compensations/{pending.id}/decide", data={"decision": "reject", "csrf_token": bob_token}
    )
    assert res.status_code == 404


def test_draft_with_ai_without_a_model_gives_the_template_draft(
    app_client: TestClient, seed: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15: the button's endpoint proposes a checked draft; off by default, so the template
    composer serves and says so; nothing is saved."""
    monkeypatch.delenv("CALMDESK_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("CALMDESK_LLM_MODEL", raising=False)
    token = login(app_client, "alice")
    h = {"X-CSRF-Token": token}
    before = app_client.get(f"/api/cases/{seed.acme_case}/drafts", headers=h)
    res = app_client.post(f"/api/cases/{seed.acme_case}/draft-ai", json={"kind": "ack"}, headers=h)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["source"] == "template" and body["kind"] == "ack" and body["text"]
    assert any("No model is configured" in n for n in body["notes"])
    assert not [f for f in body["findings"] if f["level"] == "block"]
    assert app_client.get(f"/api/cases/{seed.acme_case}/drafts", headers=h).json() == before.json()
    bad = app_client.post(f"/api/cases/{seed.acme_case}/draft-ai", json={"kind": "sonnet"}, headers=h)
    assert bad.status_code == 422
