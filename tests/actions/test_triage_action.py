from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from calmdesk.actions.brands import ensure_brand
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.ingest_pipeline import triage, with_ingest_pipeline
from calmdesk.actions.triage import export_complaint_labels
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import Action, Case, Customer, Mention, Order, Task

T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


@pytest.fixture()
def session(tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{tmp_path}/t.sqlite3")
    migrate(engine)
    try:
        with with_ingest_pipeline(make_sessionmaker(engine), [triage])() as s:
            ensure_brand(s, "acme")
            yield s
    finally:
        engine.dispose()


def mention(ext: str, text: str, handle: str = "ann", minutes: int = 0, **author: object) -> MentionIn:
    return MentionIn(
        platform="x",
        external_id=ext,
        text=text,
        created_at=T0 + timedelta(minutes=minutes),
        author=AuthorIn(handle=handle, **author),  # type: ignore[arg-type]
    )


def case_of(s: Session, ext: str) -> Case:
    m = s.scalars(select(Mention).where(Mention.external_id == ext)).one()
    assert m.case_id is not None
    return s.get_one(Case, m.case_id)


def test_ingest_triages_and_applies_the_playbook(session: Session) -> None:
    s = session
    do_ingest_mentions(
        s,
        [
            mention("1", "@acme my parcel is three weeks late, still nothing, worst service"),
            mention("2", "Earn $500 a day from home!!! DM me http://spam.example", handle="spammer"),
            mention("3", "@acme the kettle caught fire and burnt my hand", handle="carl", followers=90000),
            mention("4", "@acme refund to my card 4539 1488 0343 6467 please, charged twice", handle="dora"),
        ],
        brand_key="acme",
    )
    s.flush()
    late = case_of(s, "1")
    assert late.state == "triaged" and late.is_complaint and late.topic == "delivery"
    assert late.priority > 0 and {f["name"] for f in late.priority_factors} >= {
        "complaint",
        "reach",
        "spam_penalty",
    }
    assert late.sentiment_first is not None
    spam = case_of(s, "2")
    assert spam.state == "dismissed" and spam.dismiss_reason == "spam"
    fire = case_of(s, "3")
    assert fire.state == "escalated" and fire.escalation == ["safety"]
    assert fire.priority > late.priority
    assert s.scalars(select(Action).where(Action.case_id == fire.id, Action.verb == "alert.escalation")).one()
    pii = case_of(s, "4")
    m4 = s.scalars(select(Mention).where(Mention.external_id == "4")).one()
    assert m4.redacted_text == "@acme refund to my card [credit_card] please, charged twice"
    assert m4.triage is not None and m4.triage["pii"][0]["type"] == "credit_card"
    assert "hide_requested" in pii.tags
    task = s.scalars(select(Task).where(Task.case_id == pii.id, Task.kind == "private_outreach")).one()
    assert task.kind == "private_outreach" and "credit_card" in (task.reason or "")


def test_known_customer_by_order_number_raises_legitimacy(session: Session) -> None:
    s = session
    brand = ensure_brand(s, "acme")
    cust = Customer(brand_id=brand.id, name="Eve", email="eve@example.com")
    s.add(cust)
    s.flush()
    s.add(Order(brand_id=brand.id, customer_id=cust.id, order_number="AC-778812", amount=500.0))
    s.flush()
    # A brand-new account with a link would be spam, but the order number is a real customer's (B-LEGIT).
    do_ingest_mentions(
        s,
        [
            mention(
                "k1",
                "@acme order AC-778812 arrived broken, photos http://img.example/1",
                handle="eve_new",
                created_at=T0 - timedelta(hours=1),
            ),
        ],
        brand_key="acme",
    )
    c = case_of(s, "k1")
    m = s.scalars(select(Mention).where(Mention.external_id == "k1")).one()
    assert m.triage is not None and m.triage["known_customer"] and not m.triage["spam"]
    assert c.customer_id == cust.id and c.state == "triaged"
    assert {f["name"]: f["value"] for f in c.priority_factors}["customer_value"] == 0.5


def test_burst_across_ingest_batches_is_dismissed(session: Session) -> None:
    s = session
    text = "@acme your cereal {} gave my whole family terrible stomach pains, never buying again"
    do_ingest_mentions(s, [mention("b0", text.format(0), handle="u0")], brand_key="acme")
    do_ingest_mentions(s, [mention("b1", text.format(1), handle="u1", minutes=2)], brand_key="acme")
    do_ingest_mentions(s, [mention("b2", text.format(2), handle="u2", minutes=4)], brand_key="acme")
    m = s.scalars(select(Mention).where(Mention.external_id == "b2")).one()
    assert m.triage is not None and "coordinated_burst" in m.triage["legitimacy_reasons"]
    assert case_of(s, "b2").state == "dismissed"
    assert case_of(s, "b0").state != "dismissed"


def test_labels_export(session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = session
    do_ingest_mentions(s, [mention("l1", "@acme what time do you open on sunday?")], brand_key="acme")
    c = case_of(s, "l1")
    c.complaint_label = False
    s.commit()
    assert export_complaint_labels(s, "acme") == [("@acme what time do you open on sunday?", False)]
    from calmdesk.cli.main import app

    url = str(s.get_bind().url)
    monkeypatch.setenv("CALMDESK_DATABASE_URL", url)
    out = tmp_path / "labels.csv"
    res = CliRunner().invoke(app, ["labels", "export", "--brand", "acme", "--output", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").splitlines() == [
        "text,is_complaint",
        "@acme what time do you open on sunday?,0",
    ]


def test_reply_escalates_a_case_already_loaded_in_the_session(session: Session) -> None:
    s = session
    do_ingest_mentions(s, [mention("t1", "@acme my order is late again")], brand_key="acme")
    case = case_of(s, "t1")  # now in the session's identity map
    assert case.state == "triaged"
    reply = MentionIn(
        platform="x",
        external_id="t2",
        text="@acme I am taking you to small claims court over this",
        created_at=T0 + timedelta(minutes=5),
        author=AuthorIn(handle="ann"),
        in_reply_to="t1",
    )
    do_ingest_mentions(s, [reply], brand_key="acme")
    assert case.state == "escalated" and case.escalation == ["legal"]  # not the stale loaded values
    verbs = [a.verb for a in s.scalars(select(Action).where(Action.case_id == case.id).order_by(Action.id))]
    assert verbs.count("case.moved") == 2 and "alert.escalation" in verbs
    moved = s.scalars(select(Action).where(Action.case_id == case.id, Action.verb == "case.moved")).all()
    assert [(a.detail["from"], a.detail["to"]) for a in moved] == [
        ("new", "triaged"),
        ("triaged", "escalated"),
    ]


def _stored_triage(s: Session) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    mentions = [
        (m.external_id, m.triage, m.burst_key, m.language, m.redacted_text, m.hidden_reason)
        for m in s.scalars(select(Mention).order_by(Mention.external_id))
    ]
    cases = [
        (c.thread_key, c.state, c.priority, c.priority_factors, c.topic, c.tags, c.escalation, c.is_complaint,
         c.dismiss_reason, c.sentiment_first, c.sentiment_last)
        for c in s.scalars(select(Case).order_by(Case.thread_key))
    ]
    actions = [(a.case_id, a.verb, a.note) for a in s.scalars(select(Action).order_by(Action.id))]
    return mentions, cases, actions


def _triage_batches(tmp_path: Path, name: str) -> tuple[list[tuple[object, ...]], ...]:
    """Three batches that repeat wordings (and one burst across them) into a fresh store."""
    engine = make_engine(f"sqlite:///{tmp_path}/{name}.sqlite3")
    migrate(engine)
    texts = [
        "@acme my parcel is three weeks late, still nothing, worst service",
        "@acme your cereal gave my whole family terrible stomach pains, never buying again",
        "@acme refund to my card 4539 1488 0343 6467 please, charged twice",
        "@acme the kettle caught fire and burnt my hand",
        "Earn $500 a day from home!!! DM me http://spam.example",
    ]
    try:
        with with_ingest_pipeline(make_sessionmaker(engine), [triage])() as s:
            ensure_brand(s, "acme")
            n = 0
            for batch in range(3):
                items = []
                for i, text in enumerate(texts):
                    items.append(mention(f"{batch}-{i}", text, handle=f"u{(n + i) % 7}", minutes=n + i))
                n += len(texts)
                do_ingest_mentions(s, items, brand_key="acme")
                s.commit()
            return _stored_triage(s)
    finally:
        engine.dispose()


def test_an_engine_kept_across_batches_stores_what_fresh_engines_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import calmdesk.actions.triage as triage_action

    kept = _triage_batches(tmp_path, "kept")
    monkeypatch.setattr(triage_action, "ENGINES_KEPT", 0)  # every batch gets a fresh engine, as before
    fresh = _triage_batches(tmp_path, "fresh")
    assert kept == fresh
    mentions, cases, actions = kept
    assert len(mentions) == 15 and all(m[1] is not None for m in mentions)
    assert any("coordinated_burst" in (m[1] or {}).get("legitimacy_reasons", []) for m in mentions)
    assert {c[1] for c in cases} >= {"triaged", "escalated", "dismissed"}
