"""Loading the demo desk: three brands, a day of mentions, customers, orders and desk users.

Everything goes through the same actions a real desk uses (brand upsert, ingest with its
triage hooks, lifecycle moves, user creation), so the demo shows the product as it is and
breaks when the product breaks. The mentions are turned into calmdesk's JSON Lines import
format first and read back by the importer's own line model, so the demo data is also a
worked example of that format (`calmdesk demo --export-jsonl`).

Loading is idempotent: a second load into the same store adds nothing. Mentions are
deduplicated by ingest; brands, customers, orders and users are looked up before they are
created; the scripted lifecycle moves only touch cases this load opened.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions import audit
from calmdesk.actions.brands import do_upsert_brand
from calmdesk.actions.cases import do_assign_case, do_move_case
from calmdesk.actions.ingest import IngestReport, do_ingest_mentions
from calmdesk.demo import data_brightbank, data_northwind, data_pixelforge
from calmdesk.demo.model import BRAND, BrandSeed, Post, Script, clock_minutes
from calmdesk.domain.lifecycle import TRANSITIONS, State
from calmdesk.domain.mentions import MentionIn
from calmdesk.domain.playbook import Playbook, parse_playbook
from calmdesk.importers.jsonl import MentionLine
from calmdesk.storage.tables import (
    Action,
    Author,
    Brand,
    Case,
    Channel,
    Customer,
    Mention,
    Message,
    Order,
    User,
)

SEEDS: tuple[BrandSeed, ...] = (data_northwind.SEED, data_brightbank.SEED, data_pixelforge.SEED)
PLAYBOOK_DIR = Path(__file__).parent.parent / "demo" / "playbooks"
DEMO_PASSWORD = "calmdesk-demo"
#: The audit verb that marks a store as a demo store (so `calmdesk demo` may load into it again).
DEMO_MARKER = "demo.loaded"
DEMO_ACTOR = "demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    brands: tuple[str, ...]
    display_name: str
    is_admin: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("agent", "agent", ("northwind", "pixelforge"), "Sam Agent"),
    DemoUser("supervisor", "supervisor", ("northwind", "brightbank", "pixelforge"), "Mia Supervisor"),
    DemoUser("admin", "admin", ("northwind", "brightbank", "pixelforge"), "Ada Admin", is_admin=True),
)


@dataclass
class DemoSummary:
    """What a load did and what the store now holds; the CLI prints it."""

    brands: list[str] = field(default_factory=list)
    mentions_created: int = 0
    mentions_total: int = 0
    cases_created: int = 0
    customers_created: int = 0
    orders_created: int = 0
    users_created: list[str] = field(default_factory=list)
    users_note: str | None = None
    #: Demo usernames that already existed; they keep whatever password they had.
    users_kept: list[str] = field(default_factory=list)
    moves: int = 0
    cases_per_brand: dict[str, int] = field(default_factory=dict)
    states: dict[str, int] = field(default_factory=dict)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    day_ends_at: datetime | None = None

    @property
    def added_anything(self) -> bool:
        return bool(
            self.mentions_created or self.customers_created or self.orders_created or self.users_created
        )


# --- the data as calmdesk's import format ---------------------------------------------------


def playbook_texts() -> dict[str, str]:
    """Each demo brand's playbook TOML, by brand key."""
    return {seed.key: (PLAYBOOK_DIR / f"{seed.key}.toml").read_text(encoding="utf-8") for seed in SEEDS}


def demo_playbooks() -> dict[str, tuple[Playbook, str]]:
    out = {}
    for key, text in playbook_texts().items():
        pb = parse_playbook(text, str(PLAYBOOK_DIR / f"{key}.toml"))
        if pb.brand != key:
            raise ValueError(f"{PLAYBOOK_DIR / f'{key}.toml'}: brand is {pb.brand!r}, expected {key!r}")
        out[key] = (pb, text)
    return out


def _channel_handles(pb: Playbook) -> dict[str, tuple[str, str | None]]:
    return {c.platform: (c.handle.lstrip("@"), c.name) for c in pb.channels}


def at_time(day_end: datetime, clock: str) -> datetime:
    """The instant of a demo-day clock time, for a day that ends at `day_end`."""
    return day_end - timedelta(minutes=24 * 60 - clock_minutes(clock))


def demo_author_id(platform: str, handle: str) -> str | None:
    """A stable made-up platform id for a demo person, shaped like the real ones (an X user id,
    a Meta PSID, a Bluesky DID), so a private hand-off on a demo case has its recipient."""
    digits = str(int(hashlib.sha256(f"{platform}:{handle}".encode()).hexdigest()[:12], 16))
    if platform in ("x", "facebook", "instagram"):
        return digits
    if platform == "bluesky":
        return f"did:plc:demo{digits}"
    return None


def post_line(seed: BrandSeed, pb: Playbook, post: Post, day_end: datetime) -> dict[str, Any]:
    """One post as a line of calmdesk's JSON Lines import format."""
    channels = _channel_handles(pb)
    brand_handle = channels.get(post.platform, (None, None))[0]
    if post.by == BRAND:
        if brand_handle is None:
            raise ValueError(
                f"{seed.key} {post.id}: the brand has no {post.platform} account in its playbook"
            )
        author: dict[str, Any] = {
            "handle": brand_handle,
            "name": channels[post.platform][1],
            "verified": True,
        }
    else:
        p = seed.people[post.by]
        author = {
            "handle": p.handle,
            "id": demo_author_id(post.platform, p.handle),
            "name": p.name,
            "followers": p.followers,
            "verified": p.verified,
            "created_at": (day_end - timedelta(days=p.age_days)).isoformat(),
        }
    outbound = post.by == BRAND
    return {
        "platform": post.platform,
        "id": post.id,
        "text": post.text,
        "created_at": at_time(day_end, post.at).isoformat(),
        "author": author,
        "in_reply_to": post.reply_to,
        "thread_id": post.thread,
        "visibility": "private" if post.private else "public",
        "direction": "outbound" if outbound else "inbound",
        "to": brand_handle if (post.tagged or outbound or post.private) else None,
        "language": post.lang,
    }


def demo_lines(
    day_end: datetime, playbooks: dict[str, tuple[Playbook, str]] | None = None
) -> list[dict[str, Any]]:
    pbs = playbooks or demo_playbooks()
    lines = []
    for seed in SEEDS:
        pb = pbs[seed.key][0]
        lines += [post_line(seed, pb, post, day_end) for post in seed.posts]
    return sorted(lines, key=lambda line: str(line["created_at"]))


def demo_jsonl(now: datetime | None = None) -> str:
    """All demo mentions in calmdesk's import format, for a day ending at `now`."""
    day_end = now or datetime.now(UTC)
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in demo_lines(day_end))


def seed_mentions(seed: BrandSeed, pb: Playbook, day_end: datetime) -> list[MentionIn]:
    """The posts of one brand, read through the importer's own line model."""
    out = []
    for post in seed.posts:
        line = post_line(seed, pb, post, day_end)
        out.append(MentionLine.model_validate(line).to_mention(line))
    return out


# --- loading -----------------------------------------------------------------------------


def store_kind(session: Session) -> Literal["empty", "demo", "other"]:
    """Whether a store is empty, holds the demo, or holds someone's real desk (which the demo must not touch)."""
    if session.scalar(select(Action.id).where(Action.verb == DEMO_MARKER).limit(1)) is not None:
        return "demo"
    has_brand = session.scalar(select(Brand.id).limit(1)) is not None
    has_mention = session.scalar(select(Mention.id).limit(1)) is not None
    return "other" if (has_brand or has_mention) else "empty"


def _path(current: State, target: State) -> list[State]:
    """The shortest chain of legal moves, so a script still applies after triage moved a case first."""
    if current is target:
        return []
    seen = {current}
    queue: deque[tuple[State, list[State]]] = deque([(current, [])])
    while queue:
        state, path = queue.popleft()
        for nxt in sorted(TRANSITIONS[state], key=lambda s: s.value):
            if nxt in seen:
                continue
            if nxt is target:
                return [*path, nxt]
            if nxt in (State.DISMISSED, State.CLOSED):
                continue
            seen.add(nxt)
            queue.append((nxt, [*path, nxt]))
    raise ValueError(f"no chain of moves from {current.value} to {target.value}")


def _load_customers(
    session: Session, seed: BrandSeed, brand: Brand, now: datetime, summary: DemoSummary
) -> None:
    for c in seed.customers:
        row = session.scalar(
            select(Customer).where(Customer.brand_id == brand.id, Customer.external_ref == c.ref)
        )
        if row is None:
            row = Customer(
                brand_id=brand.id,
                external_ref=c.ref,
                name=c.name,
                email=c.email,
                phone=c.phone,
                tier=c.tier,
                handles=dict(c.handles),
            )
            session.add(row)
            session.flush()
            summary.customers_created += 1
        for o in c.orders:
            exists = session.scalar(
                select(Order.id).where(Order.brand_id == brand.id, Order.order_number == o.number)
            )
            if exists is None:
                session.add(
                    Order(
                        brand_id=brand.id,
                        customer_id=row.id,
                        order_number=o.number,
                        ordered_at=now - timedelta(days=o.days_ago),
                        items=list(o.items),
                        amount=o.amount,
                        currency=seed.currency,
                        status=o.status,
                    )
                )
                summary.orders_created += 1
    session.flush()


def _link_authors(session: Session, seed: BrandSeed, brand: Brand) -> None:
    """B-LEGIT, B-KNOW: the demo's known customers are linked to their social accounts and cases."""
    for c in seed.customers:
        customer_id = session.scalar(
            select(Customer.id).where(Customer.brand_id == brand.id, Customer.external_ref == c.ref)
        )
        for platform, handle in c.handles.items():
            author = session.scalar(
                select(Author).where(Author.platform == platform, Author.handle == handle)
            )
            if author is None:
                continue
            if author.customer_id is None:
                author.customer_id = customer_id
            session.execute(
                update(Case)
                .where(Case.brand_id == brand.id, Case.author_id == author.id, Case.customer_id.is_(None))
                .values(customer_id=customer_id)
                .execution_options(synchronize_session=False)
            )
    session.flush()


def _attach_channels(session: Session, brand: Brand) -> None:
    """Posts the demo's keyword tracking found (not addressed to the brand) belong to the brand's
    account on that platform, as they would had its poller found them: replies go out from it."""
    for channel in session.scalars(select(Channel).where(Channel.brand_id == brand.id)):
        session.execute(
            update(Case)
            .where(Case.brand_id == brand.id, Case.platform == channel.platform, Case.channel_id.is_(None))
            .values(channel_id=channel.id)
            .execution_options(synchronize_session=False)
        )
    session.flush()


def _mark_outbound(session: Session, seed: BrandSeed, new_mentions: set[int]) -> None:
    """Brand posts in the demo were written by desk users; record who, and what kind of reply it was."""
    for post in seed.posts:
        if post.by != BRAND or not (post.kind or post.sent_by):
            continue
        mention_id = session.scalar(
            select(Mention.id).where(Mention.platform == post.platform, Mention.external_id == post.id)
        )
        if mention_id is None or mention_id not in new_mentions:
            continue
        session.execute(
            update(Message)
            .where(Message.mention_id == mention_id)
            .values(kind=post.kind, sent_by=post.sent_by)
            .execution_options(synchronize_session=False)
        )


def _run_script(
    session: Session, script: Script, brand: Brand, new_cases: set[int], day_end: datetime
) -> int:
    case = session.scalar(
        select(Case).where(
            Case.brand_id == brand.id, Case.platform == script.platform, Case.thread_key == script.root
        )
    )
    if case is None:
        raise ValueError(f"demo script for {brand.key} {script.platform} {script.root}: no such case")
    if case.id not in new_cases:
        return 0
    actor = script.owner or "supervisor"
    if script.owner:
        do_assign_case(session, case.id, script.owner, actor=actor, note="demo")
    moves = 0
    for step in script.steps:
        target = State(step.state)
        for hop in _path(State(case.state), target):
            last = hop is target
            do_move_case(
                session,
                case.id,
                hop,
                actor=actor,
                at=at_time(day_end, step.at),
                note=step.note if last else None,
                dismiss_reason=step.dismiss_reason if last else None,
                skip_closeout_reason=step.skip_closeout_reason if last else None,
            )
            moves += 1
    if script.thanked is not None:
        case.thanked = script.thanked
    session.flush()
    return moves


def _create_users(session: Session, summary: DemoSummary) -> None:
    try:
        from calmdesk.actions.users import do_create_user
    except ImportError:
        summary.users_note = "desk users were not created: this build has no calmdesk.actions.users"
        return
    for u in DEMO_USERS:
        if session.scalar(select(User.id).where(User.username == u.username)) is not None:
            summary.users_kept.append(u.username)
            continue
        do_create_user(
            session,
            u.username,
            DEMO_PASSWORD,
            u.role,
            list(u.brands),
            display_name=u.display_name,
            is_admin=u.is_admin,
            actor=DEMO_ACTOR,
        )
        summary.users_created.append(u.username)


def load_demo(
    factory: sessionmaker[Session], now: datetime | None = None, *, run_hooks: bool = True
) -> DemoSummary:
    """Load the demo into the store behind `factory`, in one transaction, and say what is there.

    `now` is when the demo day ends (default: the current time), so first-response clocks
    are running when the desk opens. `run_hooks=False` skips the post-ingest hooks (triage),
    for tests that need the scripted states alone.
    """
    day_end = (now or datetime.now(UTC)).astimezone(UTC)
    summary = DemoSummary(day_ends_at=day_end)
    playbooks = demo_playbooks()
    with factory.begin() as session:
        brands: dict[str, Brand] = {}
        for seed in SEEDS:
            pb, text = playbooks[seed.key]
            brand = session.scalar(select(Brand).where(Brand.key == seed.key))
            if brand is None or brand.playbook_toml != text:
                brand = do_upsert_brand(session, pb, text, actor=DEMO_ACTOR)
            brands[seed.key] = brand
            summary.brands.append(seed.key)
            # Customers first, so triage running inside ingest can already link authors to them.
            _load_customers(session, seed, brand, day_end, summary)
        _create_users(session, summary)

        for seed in SEEDS:
            brand = brands[seed.key]
            pb = playbooks[seed.key][0]
            report: IngestReport = do_ingest_mentions(
                session,
                seed_mentions(seed, pb, day_end),
                brand_key=seed.key,
                actor=DEMO_ACTOR,
                run_hooks=run_hooks,
            )
            summary.mentions_created += report.created
            summary.cases_created += report.cases_created
            summary.rejected += report.rejected
            _link_authors(session, seed, brand)
            _attach_channels(session, brand)
            _mark_outbound(session, seed, set(report.mention_ids))
            new_cases = set(report.case_ids_created)
            for script in seed.scripts:
                summary.moves += _run_script(session, script, brand, new_cases, day_end)

        if summary.added_anything:
            audit.record(
                session,
                actor=DEMO_ACTOR,
                verb=DEMO_MARKER,
                mentions=summary.mentions_created,
                cases=summary.cases_created,
                customers=summary.customers_created,
            )
        _fill_counts(session, summary)
    return summary


def _fill_counts(session: Session, summary: DemoSummary) -> None:
    rows = session.execute(
        select(Brand.key, Case.state, func.count(Case.id))
        .join(Case, Case.brand_id == Brand.id)
        .where(Brand.key.in_(summary.brands))
        .group_by(Brand.key, Case.state)
    ).all()
    per_brand: Counter[str] = Counter()
    states: Counter[str] = Counter()
    for key, state, n in rows:
        per_brand[key] += n
        states[state] += n
    summary.cases_per_brand = {key: per_brand.get(key, 0) for key in summary.brands}
    summary.states = dict(sorted(states.items()))
    summary.mentions_total = int(
        session.scalar(
            select(func.count(Mention.id))
            .join(Brand, Brand.id == Mention.brand_id)
            .where(Brand.key.in_(summary.brands))
        )
        or 0
    )


def reset_demo(factory: sessionmaker[Session]) -> int:
    """Empty a demo store so the next `load_demo` starts the day again, ending now.

    Why empty rather than shift the times: a demo day also holds what people did in it (replies
    sent, cases moved, outbox rows, notifications), which no shift makes consistent again; loading
    afresh gives the same desk each time, with first-response clocks fresh relative to now. It is
    idempotent (a reset store resets to the same thing) and refuses any store that holds a real
    desk (`store_kind` is "other"), so it can never empty one. The schema stays; the rows go,
    children before parents, in one transaction. Returns how many rows were removed.
    """
    from sqlalchemy import delete

    from calmdesk.storage.tables import Base

    removed = 0
    with factory.begin() as session:
        if store_kind(session) == "other":
            raise ValueError("this store holds a desk that is not the demo; a reset empties only a demo store")
        for table in reversed(Base.metadata.sorted_tables):
            result = session.execute(delete(table))
            removed += int(getattr(result, "rowcount", 0) or 0)
    return removed
