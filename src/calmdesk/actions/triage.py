"""Triage after ingest: score new inbound mentions, update their cases, apply the playbook.

Runs as a step of the ingest pipeline inside the ingest transaction (the order of the steps
is in `calmdesk.actions.ingest_pipeline`). Automatic moves go through the lifecycle (`domain.lifecycle.move`)
and each leaves an audit record, so a person can see and undo what the desk did:
- B-LEGIT / B-MODERATE (c): spam is dismissed with reason spam (reversible: dismissed -> triaged).
- B-MODERATE (b): a public post with personal data is flagged for hiding, a redacted copy
  is kept for display, and a private outreach task is created so the person is still helped.
- B-ESCALATE: safety, legal, data breach and press posts move the case to escalated and raise an alert.

Imports triage tens of thousands of posts in one transaction, so the hook reads plain rows
and writes with a few executemany statements (mentions, cases, audit records, tasks)
instead of loading and flushing one ORM object per post and per case; every decision is
still made by the same pure code (`Triage.run`, `lifecycle.move`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from calmdesk.actions.brands import brand_playbook, get_brand
from calmdesk.actions.customers import match_texts
from calmdesk.actions.triage_burst import burst_key, seeded_detector
from calmdesk.domain.lifecycle import TRANSITIONS, CaseStatus, DismissReason, LifecycleError, State, move
from calmdesk.domain.playbook import Playbook
from calmdesk.domain.public_text import triage_prefix
from calmdesk.storage.bulk import insert_rows, table_of, update_by_id
from calmdesk.storage.tables import Action, Author, Brand, Case, Customer, Mention, Order, Task, utcnow
from calmdesk.triage.complaint_embed import complaint_model
from calmdesk.triage.legitimacy import AccountInfo, BurstDetector
from calmdesk.triage.pipeline import Triage, TriageInput, TriageResult
from calmdesk.triage.second_opinion import default_second_opinion

ACTOR = "triage"


CHUNK = 500

#: Triage engines kept per thread (one per brand configuration, least recently used dropped).
ENGINES_KEPT = 8

_engines = threading.local()


def _engine(brand: Brand, playbook: Playbook, burst: BurstDetector) -> Triage:
    """The triage engine for this brand's playbook, kept across batches, with `burst` as its window.

    Why: an engine caches the text-only signals of the posts it scored (complaint model,
    sentiment, PII, escalation, language, topic: pure functions of the text and the playbook),
    so a repeat of a wording costs a look-up. A new engine per batch threw that away every
    5,000 rows of an import and every webhook batch, and built the topic patterns again.
    The key is everything the text signals depend on (the brand's playbook text and the
    complaint model and second opinion in use), so the results are the same as with a fresh engine; the burst
    window is stream state and is seeded from the store for each batch as before. Kept per
    thread: an engine is not meant to be shared by two threads at once.
    """
    kept: OrderedDict[tuple[Any, ...], Triage] | None = getattr(_engines, "kept", None)
    if kept is None:
        kept = _engines.kept = OrderedDict()
    model = complaint_model()
    # By identity (the models are not hashable); the kept engine holds both, so an id is not reused.
    key = (brand.key, brand.playbook_toml or "", id(model), id(default_second_opinion()))
    engine = kept.get(key)
    if engine is None:
        engine = kept[key] = Triage(playbook, model=model)
        while len(kept) > ENGINES_KEPT:
            kept.popitem(last=False)
    else:
        kept.move_to_end(key)
    engine.burst = burst
    return engine


def warm_up_triage() -> None:
    """Load the complaint model and build the signals' lookup tables now, not in the first job.

    Why: a worker started cold spent its first ingest batch (about a second of CPU) building
    them, so the first mentions after a start or a deploy waited that long longer to reach the
    inbox (seen as the p99 of `bench/webhook_load.py`). The tables are per process and shared
    by every engine, so warming one warms them all; it changes no answer.
    """
    Triage(model=complaint_model()).warm_up()


@dataclass
class _Post:
    """The columns of an inbound mention that triage reads (a plain row, not an ORM object)."""

    id: int
    brand_id: int
    case_id: int | None
    author_id: int | None
    external_id: str
    text: str
    created_at: Any
    platform: str
    visibility: str
    language: str | None


@dataclass
class _CaseRow:
    """The case columns triage reads and may change."""

    id: int
    brand_id: int
    state: str
    went_private: bool
    public_closeout_done: bool
    closed_without_closeout_reason: str | None
    dismiss_reason: str | None
    priority: int | None
    topic: str | None
    escalation: list[Any] | None
    tags: list[Any] | None
    is_complaint: bool | None
    customer_id: int | None
    sentiment_first: float | None


def _chunks(seq: Sequence[Any], n: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _known_customers(
    session: Session, brand_id: int, mentions: Sequence[_Post], authors: dict[int, Any]
) -> dict[int, tuple[int | None, float]]:
    """B-LEGIT: mention id -> (customer id, customer value 0..1) when the author is a known customer."""
    out: dict[int, tuple[int | None, float]] = {}
    # A brand with no customer or order records matches no text: skip reading every text for
    # e-mail addresses and order numbers (most brands, and every import before customers are).
    has_records = session.execute(
        select(Customer.id).where(Customer.brand_id == brand_id).limit(1)
    ).first() is not None or session.execute(
        select(Order.id).where(Order.brand_id == brand_id).limit(1)
    ).first() is not None
    matches = (
        match_texts(session, brand_id, [triage_prefix(m.text) for m in mentions])
        if has_records
        else [[] for _ in mentions]
    )
    for m, found in zip(mentions, matches, strict=True):
        author = authors.get(m.author_id or -1)
        cid: int | None = author.customer_id if author else None
        if cid is None and not found:
            continue
        out[m.id] = (cid or next((f.customer_id for f in found if f.customer_id is not None), None), 0.0)
    customer_ids = sorted({c for c, _ in out.values() if c is not None})
    if customer_ids:
        spend: dict[int, float] = {}
        for chunk in _chunks(customer_ids):
            for owner, total in session.execute(
                select(Order.customer_id, func.sum(Order.amount))
                .where(Order.customer_id.in_(list(chunk)))
                .group_by(Order.customer_id)
            ).all():
                if owner is not None:
                    spend[int(owner)] = float(total or 0.0)
        for mid, (owner_id, _) in list(out.items()):
            if owner_id is not None:
                # B-KNOW customer value: 1.0 at 1,000 spent (brand currency).
                out[mid] = (owner_id, min(1.0, spend.get(owner_id, 0.0) / 1000.0))
    return out


def triage_after_ingest(session: Session, report: Any) -> None:
    """Ingest step: triage the new inbound mentions of a batch (after customer linking)."""
    if not report.mention_ids:
        return
    by_brand: dict[int, list[_Post]] = defaultdict(list)
    mc = Mention.__table__.c
    for chunk in _chunks(list(report.mention_ids)):
        rows = session.execute(
            select(
                mc.id,
                mc.brand_id,
                mc.case_id,
                mc.author_id,
                mc.external_id,
                mc.text,
                mc.created_at,
                mc.platform,
                mc.visibility,
                mc.language,
            ).where(
                mc.id.in_(list(chunk)),
                mc.direction == "inbound",
                # Already triaged (the hook registered twice, or a re-run): never act twice on one post.
                mc.triage.is_(None),
                mc.brand_id.is_not(None),
            )
        )
        for mid, bid, case_id, author_id, ext, text, at, platform, visibility, lang in rows:
            by_brand[bid].append(
                _Post(mid, bid, case_id, author_id, ext, text, at, platform, visibility, lang)
            )
    for brand_id, group in by_brand.items():
        group.sort(key=lambda m: (m.created_at, m.id))
        do_triage_mentions(session, brand_id, group)
    session.flush()


def do_triage_mentions(session: Session, brand_id: int, mentions: list[_Post]) -> list[TriageResult]:
    brand = session.get_one(Brand, brand_id)
    playbook = brand_playbook(brand)
    author_ids = sorted({m.author_id for m in mentions if m.author_id is not None})
    # Plain rows, not ORM objects: only these columns are read (a batch names hundreds of authors).
    authors: dict[int, Any] = {}
    earlier: dict[int, int] = {}
    for chunk in _chunks(author_ids):
        authors.update(
            (a.id, a)
            for a in session.execute(
                select(
                    Author.id, Author.handle, Author.followers, Author.verified, Author.account_created_at,
                    Author.customer_id,
                ).where(Author.id.in_(list(chunk)))
            )
        )
        for aid, n in session.execute(
            select(Case.author_id, func.count(Case.id))
            .where(Case.author_id.in_(list(chunk)))
            .group_by(Case.author_id)
        ).all():
            if aid is not None:
                earlier[int(aid)] = int(n)
    known = _known_customers(session, brand_id, mentions, authors)
    inputs = []
    for m in mentions:
        a = authors.get(m.author_id or -1)
        cid_value = known.get(m.id)
        inputs.append(
            TriageInput(
                text=m.text,
                author=AccountInfo(
                    handle=a.handle if a else "",
                    followers=a.followers if a else None,
                    verified=bool(a.verified) if a else False,
                    created_at=a.account_created_at if a else None,
                ),
                created_at=m.created_at,
                platform=m.platform,
                visibility=m.visibility,
                known_customer=cid_value is not None,
                customer_value=cid_value[1] if cid_value else 0.0,
                earlier_cases=max(0, int(earlier.get(m.author_id or -1, 0)) - 1),
            )
        )
    keys = [burst_key(m.text) for m in mentions]
    engine = _engine(brand, playbook, seeded_detector(session, brand_id, mentions, keys))
    results = engine.run(inputs)
    writes = _Writes()
    per_case: dict[int, list[tuple[_Post, TriageResult, int | None]]] = defaultdict(list)
    for m, r, key in zip(mentions, results, keys, strict=True):
        row: dict[str, Any] = {
            "id": m.id,
            "burst_key": key,
            "triage": r.as_dict(),
            "language": m.language or (r.language if r.language != "und" else None),
            "redacted_text": r.redacted_text if r.pii else None,
        }
        writes.mentions[m.id] = row
        if m.case_id is not None:
            cid_value = known.get(m.id)
            per_case[m.case_id].append((m, r, cid_value[0] if cid_value else None))
    case_ids = sorted(per_case)
    cc = Case.__table__.c
    for chunk in _chunks(case_ids):
        for rec in session.execute(
            select(
                cc.id,
                cc.brand_id,
                cc.state,
                cc.went_private,
                cc.public_closeout_done,
                cc.closed_without_closeout_reason,
                cc.dismiss_reason,
                cc.priority,
                cc.topic,
                cc.escalation,
                cc.tags,
                cc.is_complaint,
                cc.customer_id,
                cc.sentiment_first,
            ).where(cc.id.in_(list(chunk)))
        ):
            case = _CaseRow(**rec._mapping)
            _update_case(case, per_case[case.id], playbook, writes)
    writes.apply(session)
    return results


@dataclass
class _Writes:
    """Everything triage will write for a batch, so it goes out as a few executemany statements."""

    mentions: dict[int, dict[str, Any]] = field(default_factory=dict)
    cases: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)

    def audit(self, *, verb: str, case_id: int, brand_id: int, note: str | None, **detail: Any) -> None:
        """The audit record `actions.audit.record` would add (B-OWNER), queued for one bulk insert."""
        self.actions.append(
            {
                "case_id": case_id,
                "brand_id": brand_id,
                "actor": ACTOR,
                "verb": verb,
                "note": note,
                "detail": detail,
                "at": utcnow(),
            }
        )

    def apply(self, session: Session) -> None:
        conn = session.connection()
        for rows, table in ((list(self.mentions.values()), Mention), (self.cases, Case)):
            # One set-based statement per set of columns (rows with the same keys go together):
            # on PostgreSQL an UPDATE over arrays, not one statement per row (storage.bulk).
            groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
            for row in rows:
                groups[tuple(sorted(k for k in row if k != "id"))].append(row)
            for cols, group in groups.items():
                group.sort(key=lambda r: r["id"])  # rows locked in id order: two writers wait, never deadlock
                for chunk in _chunks(group, 5000):
                    update_by_id(conn, table_of(table), cols, [[r["id"], *(r[c] for c in cols)] for r in chunk])
            _expire_loaded(session, table, [row["id"] for row in rows])
        if self.tasks:
            session.execute(insert(Task), self.tasks)
        if self.actions:
            # COPY on PostgreSQL: every audit row carries all its columns, ids come from the sequence.
            insert_rows(conn, table_of(Action), self.actions)


def _expire_loaded(session: Session, table: type[Mention] | type[Case], ids: list[int]) -> None:
    """Objects another step already loaded must not keep showing the values from before triage.

    The session holds a few objects (the brand, a case a step loaded) while a batch updates
    thousands of rows, so the loaded objects are checked against the ids, not every id
    against the identity map (a key built per id was a few per cent of an import).
    """
    loaded = [obj for obj in session.identity_map.values() if isinstance(obj, table)]
    if not loaded:
        return
    wanted = set(ids)
    for obj in loaded:
        if obj.id in wanted:
            session.expire(obj)


def _status(case: _CaseRow) -> CaseStatus:
    return CaseStatus(
        state=State(case.state),
        went_private=bool(case.went_private),
        public_closeout_done=bool(case.public_closeout_done),
        closed_without_closeout_reason=case.closed_without_closeout_reason,
        dismiss_reason=DismissReason(case.dismiss_reason) if case.dismiss_reason else None,
    )


def _update_case(
    case: _CaseRow,
    items: list[tuple[_Post, TriageResult, int | None]],
    playbook: Playbook,
    writes: _Writes,
) -> None:
    last_m, last, _ = items[-1]
    row: dict[str, Any] = {"id": case.id, "updated_at": utcnow()}
    if case.sentiment_first is None:
        row["sentiment_first"] = items[0][1].sentiment
    row["sentiment_last"] = last.sentiment
    top_priority = max(r.priority for _, r, _ in items)
    priority = top_priority if case.state == State.NEW.value else max(case.priority or 0, top_priority)
    row["priority"] = priority
    top = max(items, key=lambda x: x[1].priority)[1]
    row["priority_factors"] = [f.as_dict() for f in top.factors]
    if case.topic is None or case.topic == "other":
        row["topic"] = last.topic
    complaint = any(r.is_complaint for _, r, _ in items)
    row["is_complaint"] = bool(case.is_complaint) or complaint
    customer_id = case.customer_id
    for _, _, cid in items:
        if cid is not None and customer_id is None:
            customer_id = cid
    row["customer_id"] = customer_id
    escalation = list(case.escalation or [])
    new_reasons = [x for _, r, _ in items for x in r.escalation if x not in escalation]
    if new_reasons:
        row["escalation"] = list(dict.fromkeys([*escalation, *new_reasons]))
    tags = list(case.tags or [])

    # B-MODERATE (b): public personal data -> flag for hiding, keep a redacted copy, reach out privately.
    for m, r, _ in items:
        if r.pii and m.visibility == "public" and playbook.hide_public_pii:
            writes.mentions[m.id]["hidden_reason"] = "pii"
            if "hide_requested" not in tags:
                tags.append("hide_requested")
            types = sorted({p.type for p in r.pii})
            writes.tasks.append(
                {
                    "case_id": case.id,
                    "kind": "private_outreach",
                    "reason": f"B-MODERATE: public post {m.external_id} exposes {', '.join(types)}; "
                    "it is flagged for hiding, contact the person privately",
                    "due_at": m.created_at + timedelta(hours=1),
                }
            )
            writes.audit(
                verb="mention.hide_requested",
                case_id=case.id,
                brand_id=case.brand_id,
                note="B-MODERATE: personal data in a public post",
                mention_id=m.id,
                pii=types,
            )
        if r.offensive and "offensive" not in tags:
            tags.append("offensive")
    all_spam = all(r.spam for _, r, _ in items)
    if all_spam and "spam" not in tags:
        tags.append("spam")
    row["tags"] = tags

    target: State | None = None
    reason = None
    state = State(case.state)
    if new_reasons and State.ESCALATED in TRANSITIONS[state]:
        target = State.ESCALATED  # B-ESCALATE
    elif state is State.NEW and all_spam and playbook.auto_dismiss_spam:
        target, reason = State.DISMISSED, "spam"  # B-LEGIT
    elif state is State.NEW:
        target = State.TRIAGED
    moved_to: CaseStatus | None = None
    if target is not None:
        try:
            moved_to = move(_status(case), target, dismiss_reason=reason)
        except LifecycleError:
            moved_to = None
    if moved_to is not None:
        row.update(
            state=moved_to.state.value,
            went_private=moved_to.went_private,
            public_closeout_done=moved_to.public_closeout_done,
            closed_without_closeout_reason=moved_to.closed_without_closeout_reason,
            dismiss_reason=moved_to.dismiss_reason.value if moved_to.dismiss_reason else None,
        )
    writes.cases.append(row)
    if target is not None and moved_to is None:
        return  # as before: an illegal move leaves the case where it is and raises no alert
    if moved_to is not None:
        writes.audit(
            verb="case.moved",
            case_id=case.id,
            brand_id=case.brand_id,
            note=reason or (",".join(new_reasons) if target is State.ESCALATED else None),
            **{"from": case.state, "to": moved_to.state.value, "priority": priority},
        )
    if new_reasons:
        writes.audit(
            verb="alert.escalation",
            case_id=case.id,
            brand_id=case.brand_id,
            note="B-ESCALATE: " + ", ".join(new_reasons),
            reasons=new_reasons,
            notify=list(playbook.notify),
        )


def export_complaint_labels(session: Session, brand_key: str | None = None) -> list[tuple[str, bool]]:
    """People's complaint corrections as (first inbound text, label), for `calmdesk train complaint`."""
    q = select(Case.id, Case.complaint_label).where(Case.complaint_label.is_not(None))
    if brand_key:
        q = q.where(Case.brand_id == get_brand(session, brand_key).id)
    labels = dict(session.execute(q.order_by(Case.id)).all())
    if not labels:
        return []
    first: dict[int, str] = {}
    for case_id, text in session.execute(
        select(Mention.case_id, Mention.text)
        .where(Mention.case_id.in_(list(labels)), Mention.direction == "inbound")
        .order_by(Mention.case_id, Mention.created_at, Mention.id)
    ):
        if case_id is not None:
            first.setdefault(case_id, text)
    return [(first[cid], bool(label)) for cid, label in labels.items() if cid in first]
