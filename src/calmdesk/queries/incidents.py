"""Reading incidents: what the detector needs each minute, and what the desk pages show.

The detector's reads are bounded whatever the store's size: a brand's complaints of the last
`window + reference` (at most `DetectorSettings.max_window + max_reference` of them, newest
first), the arrival times of the same hours in the four weeks before (the hour-of-week
baseline), and the first members of each open incident. All are range reads on
`ix_cases_brand_opened` (migration 0004).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from calmdesk.domain.incidents import DetectorSettings, HourOfWeekProfile, OpenIncident, Post
from calmdesk.domain.lifecycle import OPEN_STATES
from calmdesk.storage.tables import Author, Brand, Case, Customer, Draft, Incident, Mention

#: Weeks of history behind the hour-of-week baseline.
BASELINE_WEEKS = 4
#: Members of an open incident whose texts describe it to the detector: its first ones (the
#: surge as it was found, so later strays cannot drag it towards something else) and its latest
#: ones (the wordings people found since).
FOUNDING_MEMBERS = 50
LATEST_MEMBERS = 150


def _is_complaint() -> ColumnElement[bool]:
    """A case counts when a person marked it a complaint, or triage did and nobody said otherwise."""
    return or_(
        Case.complaint_label.is_(True), (Case.complaint_label.is_(None) & Case.is_complaint.is_not(False))
    )


def _first_texts(session: Session, case_ids: list[int]) -> dict[int, str]:
    """The first inbound post of each case (what the customer said the problem was)."""
    texts: dict[int, str] = {}
    for start in range(0, len(case_ids), 900):
        chunk = case_ids[start : start + 900]
        rows = session.execute(
            select(Mention.case_id, Mention.text)
            .where(Mention.case_id.in_(chunk), Mention.direction == "inbound")
            .order_by(Mention.case_id, Mention.created_at, Mention.id)
        )
        for cid, text in rows:
            if cid is not None and cid not in texts:
                texts[cid] = text or ""
    return texts


@dataclass(frozen=True)
class DetectorInput:
    """Everything one check of one brand reads, in the detector's own types."""

    posts: list[Post]
    incident_of: dict[int, int]  # case id -> open incident id, for the window's cases
    profile: HourOfWeekProfile
    open_incidents: list[OpenIncident]


def detector_input(session: Session, brand_id: int, now: datetime, cfg: DetectorSettings) -> DetectorInput:
    since = now - cfg.window - cfg.reference
    rows = list(
        session.execute(
            select(Case.id, Case.opened_at, Case.topic, Case.incident_id)
            .where(Case.brand_id == brand_id, Case.opened_at > since, Case.opened_at <= now, _is_complaint())
            .where(Case.state != "dismissed")
            .order_by(Case.opened_at.desc())
            .limit(cfg.max_window + cfg.max_reference)
        )
    )
    texts = _first_texts(session, [r[0] for r in rows])
    posts = [Post(r[0], r[1], texts.get(r[0], ""), r[2]) for r in reversed(rows) if texts.get(r[0])]
    times: list[datetime] = []
    for k in range(1, BASELINE_WEEKS + 1):
        back = timedelta(weeks=k)
        times += session.scalars(
            select(Case.opened_at).where(
                Case.brand_id == brand_id,
                Case.opened_at > since - back,
                Case.opened_at <= now - back,
                _is_complaint(),
            )
        )
    open_rows = list(
        session.scalars(select(Incident).where(Incident.brand_id == brand_id, Incident.state == "open"))
    )
    incidents: list[OpenIncident] = []
    for inc in open_rows:
        linked = select(Case.id).where(Case.incident_id == inc.id)
        first = list(session.scalars(linked.order_by(Case.opened_at, Case.id).limit(FOUNDING_MEMBERS)))
        latest = session.scalars(linked.order_by(Case.opened_at.desc(), Case.id.desc()).limit(LATEST_MEMBERS))
        first += [c for c in reversed(list(latest)) if c not in set(first)]
        founding = _first_texts(session, first)
        members = {r[0] for r in rows if r[3] == inc.id}
        incidents.append(
            OpenIncident(
                inc.id,
                tuple(founding[c] for c in first if c in founding),
                tuple(str(t) for t in inc.terms or []),
                frozenset(members),
                inc.started_at,
            )
        )
    return DetectorInput(
        posts=posts,
        incident_of={r[0]: r[3] for r in rows if r[3] is not None},
        profile=HourOfWeekProfile.from_times(times, BASELINE_WEEKS),
        open_incidents=incidents,
    )


# --- pages ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentRow:
    id: int
    brand_key: str
    brand_name: str
    state: str
    title: str
    topic: str | None
    terms: list[str]
    started_at: datetime
    opened_at: datetime
    cases: int
    open_cases: int
    holding_approved: bool
    resolved_at: datetime | None


def _rows(session: Session, where: list[ColumnElement[bool]], limit: int = 200) -> list[IncidentRow]:
    q = select(Incident, Brand.key, Brand.name).join(Brand, Brand.id == Incident.brand_id)
    for w in where:
        q = q.where(w)
    found = list(session.execute(q.order_by(Incident.opened_at.desc(), Incident.id.desc()).limit(limit)))
    ids = [r[0].id for r in found]
    total: Counter[int] = Counter()
    still_open: Counter[int] = Counter()
    if ids:
        for iid, state, n in session.execute(
            select(Case.incident_id, Case.state, func.count())
            .where(Case.incident_id.in_(ids))
            .group_by(Case.incident_id, Case.state)
        ):
            if iid is None:
                continue
            total[iid] += n
            if state in OPEN_STATES:
                still_open[iid] += n
    return [
        IncidentRow(
            inc.id,
            key,
            name,
            inc.state,
            inc.title,
            inc.topic,
            [str(t) for t in inc.terms or []],
            inc.started_at,
            inc.opened_at,
            total[inc.id],
            still_open[inc.id],
            inc.holding_approved_at is not None,
            inc.resolved_at,
        )  # fmt: skip
        for inc, key, name in found
    ]


def list_incidents(
    session: Session, brand_ids: list[int] | None, state: str | None = None
) -> list[IncidentRow]:
    """Incidents the viewer may see (None = every brand), newest first."""
    where: list[ColumnElement[bool]] = []
    if brand_ids is not None:
        where.append(Incident.brand_id.in_(brand_ids or [-1]))
    if state:
        where.append(Incident.state == state)
    return _rows(session, where)


@dataclass(frozen=True)
class IncidentCase:
    id: int
    state: str
    platform: str
    author: str | None
    author_name: str | None
    customer: str | None
    opened_at: datetime
    text: str
    drafts: int


@dataclass(frozen=True)
class IncidentDetail:
    row: IncidentRow
    brand_id: int
    holding: dict[str, str]
    holding_approved_by: str | None
    holding_approved_at: datetime | None
    count_at_open: int
    expected_at_open: float
    threshold_at_open: int
    resolved_by: str | None
    resolution_note: str | None
    cases: list[IncidentCase]
    #: New cases per 10 minutes from the start (label, count), for the volume chart.
    volume: list[tuple[str, int]]


class IncidentNotFound(LookupError):
    pass


def incident_brand(session: Session, incident_id: int) -> int:
    brand_id = session.scalar(select(Incident.brand_id).where(Incident.id == incident_id))
    if brand_id is None:
        raise IncidentNotFound(f"no incident #{incident_id}")
    return brand_id


def incident_detail(session: Session, incident_id: int, case_limit: int = 500) -> IncidentDetail:
    inc = session.get(Incident, incident_id)
    if inc is None:
        raise IncidentNotFound(f"no incident #{incident_id}")
    row = _rows(session, [Incident.id == incident_id])[0]
    found = list(
        session.execute(
            select(Case, Author.handle, Author.display_name, Customer.name)
            .outerjoin(Author, Author.id == Case.author_id)
            .outerjoin(Customer, Customer.id == Case.customer_id)
            .where(Case.incident_id == incident_id)
            .order_by(Case.opened_at, Case.id)
            .limit(case_limit)
        )
    )
    ids = [c.id for c, _, _, _ in found]
    texts = _first_texts(session, ids)
    drafts: Counter[int] = Counter()
    if ids:
        for cid, n in session.execute(
            select(Draft.case_id, func.count()).where(Draft.case_id.in_(ids)).group_by(Draft.case_id)
        ):
            drafts[cid] = n
    cases = [
        IncidentCase(
            c.id, c.state, c.platform, handle, shown, name, c.opened_at, texts.get(c.id, ""), drafts[c.id]
        )
        for c, handle, shown, name in found
    ]
    bins: Counter[int] = Counter()
    for c in cases:
        bins[max(0, int((c.opened_at - inc.started_at).total_seconds() // 600))] += 1
    last = max(bins) if bins else 0
    volume = [
        ((inc.started_at + timedelta(minutes=10 * b)).strftime("%H:%M"), bins[b]) for b in range(last + 1)
    ]
    return IncidentDetail(
        row=row,
        brand_id=inc.brand_id,
        holding={str(k): str(v) for k, v in (inc.holding or {}).items()},
        holding_approved_by=inc.holding_approved_by,
        holding_approved_at=inc.holding_approved_at,
        count_at_open=inc.count_at_open,
        expected_at_open=inc.expected_at_open,
        threshold_at_open=inc.threshold_at_open,
        resolved_by=inc.resolved_by,
        resolution_note=inc.resolution_note,
        cases=cases,
        volume=volume,
    )


@dataclass(frozen=True)
class IncidentGroup:
    """An open incident as the inbox shows it: one row standing for its open cases."""

    id: int
    title: str
    open_cases: int


def inbox_groups(session: Session, brand_ids: list[int] | None) -> list[IncidentGroup]:
    """Open incidents with their open cases' count, for the inbox banner."""
    return [
        IncidentGroup(r.id, r.title, r.open_cases)
        for r in list_incidents(session, brand_ids, state="open")
        if r.open_cases
    ]
