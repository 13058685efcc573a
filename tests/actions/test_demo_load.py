"""Loading the demo into a real store: three brands, every lifecycle state, linked customers,
desk users, live SLA clocks, and a second load that adds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.demo import DEMO_PASSWORD, SEEDS, DemoSummary, load_demo, store_kind
from calmdesk.actions.ingest_pipeline import with_ingest_pipeline
from calmdesk.actions.users import authenticate
from calmdesk.demo.model import BrandSeed
from calmdesk.domain.lifecycle import State
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import (
    Action,
    Author,
    Base,
    Brand,
    Case,
    Customer,
    Membership,
    Mention,
    Message,
    Order,
    User,
)

NOW = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)


def expected_cases(seed: BrandSeed) -> int:
    """Threads with a customer message in them, worked out from the seed alone."""
    by_id = {p.id: p for p in seed.posts}

    def root(pid: str) -> str:
        p = by_id[pid]
        if p.thread:
            return p.thread
        return root(p.reply_to) if p.reply_to else p.id

    return len({(p.platform, root(p.id)) for p in seed.posts if p.by != "@brand"})


def table_counts(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as s:
        return {
            t.name: int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in Base.metadata.sorted_tables
        }


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[sessionmaker[Session], DemoSummary]]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    factory = make_sessionmaker(engine)
    summary = load_demo(factory, NOW, run_hooks=False)
    yield factory, summary
    engine.dispose()


def case_of(s: Session, brand: str, platform: str, root: str) -> Case:
    return s.scalars(
        select(Case)
        .join(Brand, Brand.id == Case.brand_id)
        .where(Brand.key == brand, Case.platform == platform, Case.thread_key == root)
    ).one()


def test_three_brands_with_the_expected_cases(loaded: tuple[sessionmaker[Session], DemoSummary]) -> None:
    factory, summary = loaded
    assert summary.brands == ["northwind", "brightbank", "pixelforge"]
    assert summary.rejected == []
    total_posts = sum(len(s.posts) for s in SEEDS)
    assert summary.mentions_created == summary.mentions_total == total_posts
    with factory() as s:
        assert sorted(s.scalars(select(Brand.key))) == ["brightbank", "northwind", "pixelforge"]
        for seed in SEEDS:
            n = s.scalar(
                select(func.count(Case.id))
                .join(Brand, Brand.id == Case.brand_id)
                .where(Brand.key == seed.key)
            )
            assert n == expected_cases(seed) == summary.cases_per_brand[seed.key], seed.key
        assert s.scalar(select(func.count(Mention.id)).where(Mention.case_id.is_(None))) == 0


def test_every_lifecycle_state_is_present(loaded: tuple[sessionmaker[Session], DemoSummary]) -> None:
    factory, summary = loaded
    with factory() as s:
        states = set(s.scalars(select(Case.state).distinct()))
    assert states == {st.value for st in State}
    assert set(summary.states) == states


def test_scripted_threads_followed_the_handoff(loaded: tuple[sessionmaker[Session], DemoSummary]) -> None:
    factory, _ = loaded
    with factory() as s:
        # Went private, came back to public, closed with a thank-you (B-HANDOFF, B-FOLLOWUP).
        tom = case_of(s, "northwind", "x", "nw020")
        assert (tom.state, tom.went_private, tom.public_closeout_done, tom.thanked) == (
            "closed",
            True,
            True,
            True,
        )
        assert tom.owner == "agent" and tom.first_response_at is not None
        assert tom.closed_at == NOW - timedelta(minutes=24 * 60 - (9 * 60 + 21))
        kinds = [
            m.kind
            for m in s.scalars(select(Message).where(Message.case_id == tom.id).order_by(Message.created_at))
            if m.direction == "outbound"
        ]
        assert kinds == ["handoff", "reply", "closeout"]
        # Closed without the public step only with a recorded reason.
        sam = case_of(s, "brightbank", "x", "bb150")
        assert sam.state == "closed" and not sam.public_closeout_done
        assert sam.closed_without_closeout_reason == "customer asked for no public replies"
        # The DM joined the public thread's case instead of opening its own.
        private = s.scalars(select(Message).where(Message.case_id == tom.id, Message.visibility == "private"))
        assert len(list(private)) == 2
        spam = case_of(s, "pixelforge", "x", "pf040")
        assert (spam.state, spam.dismiss_reason) == ("dismissed", "spam")
        moves = s.scalars(
            select(Action).where(Action.case_id == tom.id, Action.verb == "case.moved").order_by(Action.at)
        ).all()
        assert [m.detail["to"] for m in moves] == [
            "acknowledged",
            "private",
            "resolved",
            "public_closeout",
            "closed",
        ]


def test_customers_orders_and_authors_are_linked(loaded: tuple[sessionmaker[Session], DemoSummary]) -> None:
    factory, summary = loaded
    with factory() as s:
        assert (
            s.scalar(select(func.count(Customer.id)))
            == summary.customers_created
            == sum(len(seed.customers) for seed in SEEDS)
        )
        assert s.scalar(select(func.count(Order.id))) == summary.orders_created
        lena = s.scalars(select(Author).where(Author.platform == "x", Author.handle == "lena_kocht")).one()
        customer = s.get_one(Customer, lena.customer_id)
        assert customer.external_ref == "NW-C-1001"
        assert case_of(s, "northwind", "x", "nw001").customer_id == customer.id
        order = s.scalars(select(Order).where(Order.order_number == "NW-482913")).one()
        assert order.customer_id == customer.id and order.currency == "EUR"
        assert s.scalars(select(Order.currency).where(Order.order_number == "PF-100234")).one() == "USD"
        brand_authors = set(s.scalars(select(Author.handle).where(Author.is_brand)))
        assert {"NorthwindFresh", "BrightBankHelp", "PixelForge"} <= brand_authors


def test_desk_users_and_their_brands(loaded: tuple[sessionmaker[Session], DemoSummary]) -> None:
    factory, summary = loaded
    assert summary.users_created == ["agent", "supervisor", "admin"]
    with factory() as s:
        roles = {
            (u, b, r)
            for u, b, r in s.execute(
                select(User.username, Brand.key, Membership.role)
                .join(Membership, Membership.user_id == User.id)
                .join(Brand, Brand.id == Membership.brand_id)
            )
        }
        assert {(b, r) for u, b, r in roles if u == "agent"} == {
            ("northwind", "agent"),
            ("pixelforge", "agent"),
        }
        assert {b for u, b, r in roles if u == "supervisor" and r == "supervisor"} == {
            "northwind",
            "brightbank",
            "pixelforge",
        }
        admin = s.scalars(select(User).where(User.username == "admin")).one()
        assert admin.is_admin
        assert authenticate(s, "agent", DEMO_PASSWORD) is not None
        assert authenticate(s, "agent", "wrong-password") is None


def test_sla_clocks_are_live(loaded: tuple[sessionmaker[Session], DemoSummary]) -> None:
    factory, _ = loaded
    with factory() as s:
        newest = s.scalar(select(func.max(Mention.created_at)))
        assert newest is not None and NOW - timedelta(minutes=30) <= newest <= NOW
        due = list(
            s.scalars(
                select(Case.first_response_due_at).where(
                    Case.state == "new", Case.first_response_due_at.is_not(None)
                )
            )
        )
        assert any(d > NOW for d in due), "some first responses are still due"
        assert any(d <= NOW for d in due), "some are already late"


def test_second_load_adds_nothing(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/twice.sqlite3")
    migrate(engine)
    factory = make_sessionmaker(engine)
    with factory() as s:
        assert store_kind(s) == "empty"
    first = load_demo(factory, NOW, run_hooks=False)
    before = table_counts(factory)
    second = load_demo(factory, NOW + timedelta(hours=5), run_hooks=False)
    assert table_counts(factory) == before
    assert not second.added_anything and second.moves == 0
    assert second.states == first.states
    with factory() as s:
        assert store_kind(s) == "demo"
    engine.dispose()


def test_loads_with_the_ingest_pipeline(factory: sessionmaker[Session]) -> None:
    """With the whole ingest pipeline (on SQLite and PostgreSQL), every scripted state is
    still reached; only "new" may be emptied by automatic triage."""
    with_ingest_pipeline(factory)
    summary = load_demo(factory, NOW)
    assert summary.rejected == []
    assert {st.value for st in State} - {"new"} <= set(summary.states)
    assert sum(summary.cases_per_brand.values()) == sum(expected_cases(seed) for seed in SEEDS)
    again = load_demo(factory, NOW)
    assert not again.added_anything
