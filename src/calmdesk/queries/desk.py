"""What the pages and the API show, assembled from the stored rows.

Both the HTML pages and the JSON API read through these functions, so a page and its
API twin can never disagree about what a user may see (brand isolation lives here and
in `auth.case_for`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import Session

from calmdesk.actions.cases import status_of
from calmdesk.actions.users import Access
from calmdesk.domain.inbox_cursor import MAX_PAGE, InboxCursor
from calmdesk.domain.lifecycle import OPEN_STATES, DismissReason, State, allowed_moves, needs_public_closeout
from calmdesk.domain.localtime import local_time
from calmdesk.domain.states import CompensationStatus, DraftStatus
from calmdesk.queries.cases import InboxFilter, history, inbox_query, thread
from calmdesk.queries.inbox_posts import CaseQuotes, brand_zones, case_quotes
from calmdesk.queries.open_counts import DUE_SOON_CAP, due_soon_count, open_case_margins
from calmdesk.queries.search import search_case_ids
from calmdesk.queries.team import notes_of_case, tags_of_case, tags_of_cases
from calmdesk.storage.tables import (
    ApiToken,
    Author,
    Brand,
    Case,
    CaseNote,
    Channel,
    Compensation,
    Customer,
    Draft,
    Membership,
    Mention,
    Message,
    Order,
    User,
    utcnow,
)

PAGE_SIZE = 50


def _quote_text(quotes: CaseQuotes | None, which: str) -> str:
    quote = getattr(quotes, which) if quotes else None
    return quote.text[:280] if quote else ""


def _quote_at(quotes: CaseQuotes | None, tz: str | None) -> str | None:
    return local_time(quotes.latest.at, tz) if quotes and quotes.latest else None


@dataclass
class InboxQuery:
    """The inbox filters as the user set them (query string or API parameters)."""

    brand: str | None = None
    platform: str | None = None
    state: str | None = None
    owner: str | None = None
    topic: str | None = None
    escalated: bool = False
    due_soon: bool = False
    page: int = 1  # an OFFSET page: only for links written before the cursor (`after`)
    tag: str | None = None
    q: str | None = None  # search words: only the cases they find (`queries.search`)
    after: InboxCursor | None = None  # keyset: the rows after this one in the inbox order

    def as_params(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key in ("brand", "platform", "state", "owner", "topic", "tag", "q"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.escalated:
            out["escalated"] = "1"
        if self.due_soon:
            out["due_soon"] = "1"
        return out


def _filter(access: Access, q: InboxQuery) -> InboxFilter:
    owner = access.username if q.owner == "me" else q.owner
    return InboxFilter(
        brand=q.brand or None,
        brand_ids=access.brand_ids,
        state=q.state or None,
        platform=q.platform or None,
        owner=owner or None,
        topic=q.topic or None,
        escalated_only=q.escalated,
        tag=q.tag or None,
    )


def _inbox_select(
    access: Access, q: InboxQuery, now: datetime, due_soon_minutes: int, case_ids: list[int] | None = None
) -> Select[Case, str, str, int | None]:
    f = _filter(access, q)
    f.case_ids = case_ids
    stmt = inbox_query(f)
    if q.due_soon:
        stmt = stmt.where(
            Case.first_response_at.is_(None),
            Case.first_response_due_at.is_not(None),
            Case.first_response_due_at <= now + timedelta(minutes=due_soon_minutes),
        )
    return stmt


def _ids_only(stmt: Select[Case, str, str, int | None]) -> Select[int]:
    """The same filter and order, selecting only case ids. The author join adds no row and no
    column then, so SQLite and PostgreSQL both drop it; what is left is read from the index."""
    return stmt.with_only_columns(Case.id)


def _after_ranges(stmt: Select[int], cur: InboxCursor) -> list[Select[int]]:
    """The rows after the cursor in the inbox order, as disjoint ranges in that order.

    The order mixes directions (priority descending, the rest ascending), so no single row
    comparison expresses "after"; an OR of them would make both planners scan every case of
    the cursor's priority. Each range here is one seek into `ix_cases_open_queue`: the same
    priority and due time with a higher id, the same priority with a later due time, the same
    priority with no due time, then every lower priority.
    """
    due_null = Case.first_response_due_at.is_(None)
    same = stmt.where(Case.priority == cur.priority)
    if cur.due_at is None:
        return [same.where(due_null, Case.id > cur.case_id), stmt.where(Case.priority < cur.priority)]
    has_due = due_null == false()  # the index's second column, so the seek goes on to the due time
    return [
        same.where(has_due, Case.first_response_due_at == cur.due_at, Case.id > cur.case_id),
        same.where(has_due, Case.first_response_due_at > cur.due_at),
        same.where(due_null),
        stmt.where(Case.priority < cur.priority),
    ]


def _page_ids(session: Session, ids: Select[int], q: InboxQuery) -> list[int]:
    """Up to PAGE_SIZE + 1 ids of the page (one more tells whether another page follows)."""
    want = PAGE_SIZE + 1
    if q.after is None:
        return list(session.scalars(ids.limit(want).offset((max(1, q.page) - 1) * PAGE_SIZE)))
    out: list[int] = []
    for part in _after_ranges(ids, q.after):
        out.extend(session.scalars(part.limit(want - len(out))))
        if len(out) >= want:
            break
    return out


def inbox_rows(
    session: Session,
    access: Access,
    q: InboxQuery,
    *,
    due_soon_minutes: int = 60,
    now: datetime | None = None,
) -> dict[str, Any]:
    """One page of the priority inbox as plain data (the page template and `/api/inbox` share it).

    `next_after` is the keyset cursor of the next page (None on the last one); `q.after` reads
    the page after a cursor, `q.page` an OFFSET page (kept for old links only)."""
    now = now or utcnow()
    page = q.after.page if q.after is not None else max(1, q.page)
    # Deferred join: rank the ids first (the filter, the order and the ids are all in the
    # inbox index, so this never reads a case row), then load only the page's rows.
    found = search_case_ids(session, access.brand_ids, q.q) if q.q else None
    full = _inbox_select(access, q, now, due_soon_minutes, found)
    page_ids = _page_ids(session, _ids_only(full), q)
    rank = {cid: i for i, cid in enumerate(page_ids)}
    rows = sorted(
        session.execute(full.order_by(None).where(Case.id.in_(page_ids))).all(), key=lambda r: rank[r[0].id]
    )
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    case_ids = [r[0].id for r in rows]
    # The author's opening post and, apart, their latest words: never a bystander's reply.
    quotes = case_quotes(session, case_ids)
    zones = brand_zones(session, {r[0].brand_id for r in rows})
    tags = tags_of_cases(session, case_ids)
    items = []
    for case, brand_key, handle, followers in rows:
        due = case.first_response_due_at
        items.append(
            {
                "id": case.id,
                "brand": brand_key,
                "platform": case.platform,
                "state": case.state,
                "priority": case.priority,
                "topic": case.topic,
                "owner": case.owner,
                "author": handle,
                "followers": followers,
                "escalation": list(case.escalation or []),
                "snippet": _quote_text(quotes.get(case.id), "opening"),
                "latest": _quote_text(quotes.get(case.id), "latest"),
                "latest_at": _quote_at(quotes.get(case.id), zones.get(case.brand_id)),
                "first_response_due_at": due.isoformat() if due else None,
                "due_local": local_time(due, zones.get(case.brand_id)) if due else None,
                "first_response_at": case.first_response_at.isoformat() if case.first_response_at else None,
                "overdue": bool(due and case.first_response_at is None and due < now),
                "opened_at": case.opened_at.isoformat(),
                "tags": tags.get(case.id, []),
            }
        )
    next_after = None
    if has_more and rows:
        last = rows[-1][0]
        next_after = InboxCursor(
            page=min(page + 1, MAX_PAGE), priority=last.priority, due_at=last.first_response_due_at, case_id=last.id
        ).encode()
    return {"items": items, "page": page, "has_more": has_more, "next_after": next_after, "now": now.isoformat()}


def inbox_counts(
    session: Session, access: Access, *, due_soon_minutes: int = 60, now: datetime | None = None
) -> dict[str, Any]:
    """Open cases per filter value, for the numbers beside each filter.

    Read from the summary the triggers on `cases` keep (`queries.open_counts`), never by
    grouping the open cases: exact, and as cheap at 1 M open cases as at 100. "Due soon"
    is capped (`due_soon_capped` says the figure is "more than")."""
    now = now or utcnow()
    keys = brand_keys(session)
    visible = list(keys) if access.brand_ids is None else [b for b in access.brand_ids if b in keys]
    open_values = {s.value for s in OPEN_STATES}
    m = open_case_margins(session, access.brand_ids)
    state = {k: n for k, n in m.state.items() if k in open_values}
    out: dict[str, Any] = {
        "open": sum(state.values()),
        "state": state,
        "platform": m.platform,
        "topic": {k: n for k, n in m.topic.items() if k},
        "brand": {keys[b]: n for b, n in m.brand.items() if b in keys},
    }
    mine, unassigned = m.owner.get(access.username, 0), m.owner.get("", 0)
    soon = due_soon_count(session, visible, now + timedelta(minutes=due_soon_minutes))
    out.update(
        mine=mine,
        unassigned=unassigned,
        due_soon=min(soon, DUE_SOON_CAP),
        due_soon_capped=soon > DUE_SOON_CAP,
        escalated=out["state"].get(State.ESCALATED.value, 0),
    )
    return out


def visible_brands(session: Session, access: Access) -> list[Brand]:
    stmt = select(Brand).order_by(Brand.key)
    if access.brand_ids is not None:
        stmt = stmt.where(Brand.id.in_(access.brand_ids))
    return list(session.scalars(stmt))


@dataclass
class AuthorCard:
    """B-KNOW: who is speaking, how far they reach, and what we know of them already."""

    handle: str | None = None
    display_name: str | None = None
    platform: str | None = None
    followers: int | None = None
    verified: bool = False
    account_created_at: datetime | None = None
    customer: dict[str, Any] | None = None
    orders: list[dict[str, Any]] = field(default_factory=list)
    order_total: float = 0.0
    earlier_cases: list[dict[str, Any]] = field(default_factory=list)


def author_card(session: Session, case: Case) -> AuthorCard:
    card = AuthorCard(platform=case.platform)
    author = session.get(Author, case.author_id) if case.author_id else None
    customer_id = case.customer_id
    if author is not None:
        card.handle = author.handle
        card.display_name = author.display_name
        card.followers = author.followers
        card.verified = author.verified
        card.account_created_at = author.account_created_at
        customer_id = customer_id or author.customer_id
        earlier = session.scalars(
            select(Case)
            .where(Case.author_id == author.id, Case.id != case.id, Case.brand_id == case.brand_id)
            .order_by(Case.opened_at.desc())
            .limit(10)
        )
        card.earlier_cases = [
            {
                "id": c.id,
                "state": c.state,
                "topic": c.topic,
                "opened_at": c.opened_at,
                "thanked": c.thanked,
                "satisfaction": c.satisfaction,
                "dismiss_reason": c.dismiss_reason,
            }
            for c in earlier
        ]
    if customer_id is not None:
        customer = session.get(Customer, customer_id)
        if customer is not None and customer.brand_id == case.brand_id:
            card.customer = {
                "id": customer.id,
                "name": customer.name,
                "tier": customer.tier,
                "external_ref": customer.external_ref,
            }
            orders = list(
                session.scalars(
                    select(Order)
                    .where(Order.customer_id == customer.id)
                    .order_by(Order.ordered_at.desc())
                    .limit(20)
                )
            )
            card.orders = [
                {
                    "number": o.order_number,
                    "ordered_at": o.ordered_at,
                    "amount": o.amount,
                    "currency": o.currency,
                    "status": o.status,
                }
                for o in orders
            ]
            card.order_total = float(
                session.scalar(
                    select(func.coalesce(func.sum(Order.amount), 0.0)).where(Order.customer_id == customer.id)
                )
                or 0.0
            )
    return card


def explain_factor(factor: Any) -> dict[str, Any]:
    """A stored priority factor {name, value (0..1), weight} as the points it adds to the score.

    The score is the sum of value x weight (see `calmdesk.domain.priority`), so showing the
    product makes the factors add up to the priority people see.
    """
    if isinstance(factor, dict):
        name = str(factor.get("name") or "factor")
        value, weight = factor.get("value"), factor.get("weight")
        if isinstance(value, int | float) and isinstance(weight, int | float):
            points: Any = round(float(value) * float(weight), 1)
            why = f"{float(value):.2f} x weight {float(weight):g}"
        else:
            points, why = None, ""
        return {"name": name, "points": points, "why": why}
    return {"name": str(factor), "points": None, "why": ""}


def case_detail(session: Session, access: Access, case: Case) -> dict[str, Any]:
    brand = session.get(Brand, case.brand_id)
    status = status_of(case)
    msgs = thread(session, case.id)
    mention_ids = [m.mention_id for m, _ in msgs if m.mention_id]
    mentions = (
        {m.id: m for m in session.scalars(select(Mention).where(Mention.id.in_(mention_ids)))}
        if mention_ids
        else {}
    )
    entries = []
    for m, handle in msgs:
        mention = mentions.get(m.mention_id) if m.mention_id else None
        redacted = mention.redacted_text if mention is not None and mention.visibility == "public" else None
        entries.append(
            {
                "id": m.id,
                "mention_id": m.mention_id,
                "direction": m.direction,
                "visibility": m.visibility,
                "handle": handle,
                "text": m.text,
                "created_at": m.created_at,
                "sent_by": m.sent_by,
                "approved_by": m.approved_by,
                "kind": m.kind,
                "hidden": bool(mention and mention.hidden),
                "hidden_reason": mention.hidden_reason if mention else None,
                # Public posts with personal data are shown redacted; the original stays one click away.
                "redacted_text": redacted if redacted and redacted != m.text else None,
                "public_post": bool(mention and mention.visibility == "public"),
                "triage": mention.triage if mention else None,
            }
        )
    drafts = list(
        session.scalars(select(Draft).where(Draft.case_id == case.id).order_by(Draft.created_at, Draft.id))
    )
    comps = list(
        session.scalars(select(Compensation).where(Compensation.case_id == case.id).order_by(Compensation.id))
    )
    members = list(
        session.scalars(
            select(User.username)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.brand_id == case.brand_id)
            .order_by(User.username)
        )
    )
    channel = session.get(Channel, case.channel_id) if case.channel_id else None
    return {
        "case": case,
        "brand": brand,
        "channel": channel,
        "status": status,
        "allowed_moves": sorted(s.value for s in allowed_moves(status)),
        "needs_closeout": needs_public_closeout(status),
        "dismiss_reasons": [r.value for r in DismissReason],
        "thread": entries,
        "author": author_card(session, case),
        "factors": [explain_factor(f) for f in (case.priority_factors or [])],
        "drafts": drafts,
        "compensations": comps,
        "history": history(session, case.id),
        "members": members,
        "role": access.role_in(case.brand_id),
        **_notes_in_thread(entries, notes_of_case(session, case.id)),
        "tags": tags_of_case(session, case.id),
    }


def _notes_in_thread(entries: list[dict[str, Any]], notes: list[CaseNote]) -> dict[str, Any]:
    """Each internal note placed before the first message that is newer than it, so the thread
    reads in time order with the notes in it; `notes_after` are those newer than every message."""
    before: dict[int, list[CaseNote]] = {}
    after: list[CaseNote] = []
    for note in notes:
        nxt = next((e for e in entries if e["created_at"] > note.created_at), None)
        if nxt is None:
            after.append(note)
        else:
            before.setdefault(nxt["id"], []).append(note)
    return {"notes": notes, "notes_before": before, "notes_after": after}


# --- single rows the pages and the API look up by id ---------------------------------------------


def case_by_id(session: Session, case_id: int) -> Case | None:
    return session.get(Case, case_id)


def draft_by_id(session: Session, draft_id: int) -> Draft | None:
    return session.get(Draft, draft_id)


def drafts_of_case(session: Session, case_id: int) -> list[Draft]:
    return list(session.scalars(select(Draft).where(Draft.case_id == case_id).order_by(Draft.id)))


def compensation_by_id(session: Session, compensation_id: int) -> Compensation | None:
    return session.get(Compensation, compensation_id)


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def brand_keys(session: Session) -> dict[int, str]:
    """Brand id -> key, for every brand."""
    return {bid: key for bid, key in session.execute(select(Brand.id, Brand.key))}


def brand_of(session: Session, case: Case) -> Brand:
    return session.get_one(Brand, case.brand_id)


def author_of(session: Session, case: Case) -> Author | None:
    return session.get(Author, case.author_id) if case.author_id else None


def mention_of_case(session: Session, case: Case, mention_id: int) -> Mention | None:
    """One post of this case (None for a post of another case: ids reveal nothing)."""
    mention = session.get(Mention, mention_id)
    return mention if mention is not None and mention.case_id == case.id else None


# --- what the composer needs to draft the next reply ------------------------------------------------


def customer_first_name(session: Session, case: Case) -> str:
    """How a reply greets the customer: a first name reads like a person; a handle is the fallback."""
    author = author_of(session, case)
    if author is None:
        return "there"
    name = (author.display_name or "").strip()
    return name.split()[0] if name and len(name) <= 60 else (author.handle or "there")


def latest_order_number(session: Session, case: Case) -> str | None:
    """The newest order of the case's known customer (of this brand only)."""
    if case.customer_id is None:
        return None
    customer = session.get(Customer, case.customer_id)
    if customer is None or customer.brand_id != case.brand_id:
        return None
    return session.scalar(
        select(Order.order_number)
        .where(Order.customer_id == customer.id)
        .order_by(Order.ordered_at.desc())
        .limit(1)
    )


def recent_outbound_texts(session: Session, brand_id: int, limit: int = 20) -> list[str]:
    """The brand's latest replies, oldest first (the composer avoids repeating itself)."""
    return list(
        session.scalars(
            select(Message.text)
            .join(Case, Case.id == Message.case_id)
            .where(Case.brand_id == brand_id, Message.direction == "outbound")
            .order_by(Message.created_at.desc())
            .limit(limit)
        )
    )[::-1]


# --- the approvals queue, the SLA board, channels, brands and people ---------------------------------


def _visible(stmt: Any, access: Access, brand_column: Any) -> Any:
    return stmt if access.brand_ids is None else stmt.where(brand_column.in_(access.brand_ids))


def pending_drafts(session: Session, access: Access, limit: int = 200) -> list[tuple[Draft, Case, str]]:
    """B-REVIEW: drafts waiting for a second person, highest priority first: (draft, case, brand key)."""
    stmt = (
        select(Draft, Case, Brand.key)
        .join(Case, Case.id == Draft.case_id)
        .join(Brand, Brand.id == Case.brand_id)
        .where(Draft.status == DraftStatus.PENDING)
        .order_by(Case.priority.desc(), Draft.created_at)
    )
    return [(d, c, k) for d, c, k in session.execute(_visible(stmt, access, Case.brand_id).limit(limit))]


def pending_compensations(
    session: Session, access: Access, limit: int = 200
) -> list[tuple[Compensation, Case, str]]:
    """B-COMPENSATE: grants above the limit waiting for a supervisor: (compensation, case, brand key)."""
    stmt = (
        select(Compensation, Case, Brand.key)
        .join(Case, Case.id == Compensation.case_id)
        .join(Brand, Brand.id == Case.brand_id)
        .where(Compensation.status == CompensationStatus.PENDING_APPROVAL)
        .order_by(Case.priority.desc(), Compensation.created_at)
    )
    return [(x, c, k) for x, c, k in session.execute(_visible(stmt, access, Case.brand_id).limit(limit))]


def first_responses_due(session: Session, access: Access, limit: int = 200) -> list[tuple[Case, str]]:
    """B-SLA: open cases still waiting for a first response, the most urgent first: (case, brand key)."""
    stmt = (
        select(Case, Brand.key)
        .join(Brand, Brand.id == Case.brand_id)
        .where(
            Case.state.in_(sorted(s.value for s in OPEN_STATES)),
            Case.first_response_at.is_(None),
            Case.first_response_due_at.is_not(None),
        )
        .order_by(Case.first_response_due_at)
        .limit(limit)
    )
    return [(c, k) for c, k in session.execute(_visible(stmt, access, Case.brand_id))]


def visible_channels(session: Session, access: Access) -> list[tuple[Channel, str]]:
    """The channels of the brands this user may see: (channel, brand key)."""
    stmt = select(Channel, Brand.key).join(Brand, Brand.id == Channel.brand_id).order_by(Brand.key, Channel.platform)
    return [(ch, k) for ch, k in session.execute(_visible(stmt, access, Channel.brand_id))]


def brand_by_key(session: Session, key: str) -> Brand | None:
    return session.scalar(select(Brand).where(Brand.key == key))


def user_by_name(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def people_of_brands(session: Session, brand_ids: list[int]) -> list[tuple[User, str, str]]:
    """(user, role, brand key) for everyone with a role on these brands, by name."""
    return [
        (u, r, k)
        for u, r, k in session.execute(
            select(User, Membership.role, Brand.key)
            .join(Membership, Membership.user_id == User.id)
            .join(Brand, Brand.id == Membership.brand_id)
            .where(Brand.id.in_(brand_ids))
            .order_by(User.username, Brand.key)
        )
    ]


def live_tokens(session: Session, user_id: int) -> list[ApiToken]:
    """A user's API tokens that still work."""
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None)).order_by(ApiToken.id)
        )
    )
