"""Storing platform items: idempotent (platform + external id once), replies join their thread's case.

Ingest works on batches so that importing or polling thousands of items costs a handful
of queries, not thousands. The single-item path is the same code with a batch of one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, JSON, String, any_, bindparam, func, insert, literal, select
from sqlalchemy.orm import Session

from calmdesk.actions.brands import brand_playbook
from calmdesk.actions.ingest_pipeline import IngestStep, steps_of
from calmdesk.domain.mentions import MentionIn
from calmdesk.domain.sla import add_business_minutes
from calmdesk.storage.bulk import allocate_ids, table_of, update_by_id
from calmdesk.storage.derived import bulk_inserts
from calmdesk.storage.partitions import insert_mentions
from calmdesk.storage.tables import (
    Action,
    Author,
    Brand,
    Case,
    Channel,
    Mention,
    Message,
    UtcDateTime,
    utcnow,
)
from calmdesk.storage.upsert import insert_new

#: Values per lookup statement. Each lookup binds its values as one array parameter (see `_in`),
#: so this only bounds the size of one statement, not the number of SQL parameters.
CHUNK = 20_000

class IngestError(ValueError):
    pass


@dataclass
class IngestReport:
    created: int = 0
    duplicates: int = 0
    cases_created: int = 0
    mention_ids: list[int] = field(default_factory=list)
    case_ids_created: list[int] = field(default_factory=list)
    case_ids_touched: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (external id, reason)

    def merge(self, other: IngestReport) -> None:
        self.created += other.created
        self.duplicates += other.duplicates
        self.cases_created += other.cases_created
        self.mention_ids += other.mention_ids
        self.case_ids_created += other.case_ids_created
        self.case_ids_touched |= other.case_ids_touched
        self.warnings += other.warnings
        self.rejected += other.rejected


def _chunks(seq: Sequence[Any], n: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _in(session: Session, column: Any, values: Sequence[Any]) -> Any:
    """`column IN values`, with the values bound as one parameter however many there are.

    Why: a batch looks up thousands of ids. As separate parameters they cost SQLAlchemy a
    rendering of the statement per lookup (a tenth of a large import) and SQLite caps their
    number, which forced small chunks. On PostgreSQL the values go in as one array
    (`= ANY`); on SQLite as one JSON array read by `json_each`, which still searches the
    column's index once per value.
    """
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    each = func.json_each(bindparam(None, json.dumps(list(values)), type_=String)).table_valued("value")
    return column.in_(select(each.c.value))


def _lookup(session: Session, stmt: Any) -> list[Any]:
    """The rows of one batch lookup, on PostgreSQL planned for the values it is given.

    Why: a lookup runs many times per connection, and psycopg prepares a statement on its
    fifth run; PostgreSQL may then settle on a generic plan made while the tables were still
    small (a fresh desk: no statistics yet), i.e. a sequential scan comparing every row with
    every value, and a large import slowed to a crawl (270 rows/s at 100,000 rows). The
    setting is switched back right after: the foreign-key checks of the bulk inserts are
    cached plans too, and planning each of those afresh made the inserts twice as slow.
    """
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return list(session.execute(stmt))
    conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")
    try:
        return list(session.execute(stmt))
    finally:
        conn.exec_driver_sql("SET LOCAL plan_cache_mode = auto")


def do_ingest_mentions(
    session: Session,
    items: Sequence[MentionIn],
    *,
    brand_key: str | None = None,
    auto_create_brands: bool = False,
    actor: str = "ingest",
    run_hooks: bool = True,
    steps: Sequence[IngestStep] | None = None,
    bulk_derived: bool = False,
) -> IngestReport:
    """Store new items and open or update cases. Returns what happened; never stores an item twice.

    Then, in the same transaction, the ingest pipeline runs over the batch: `steps`, or by
    default the steps the session's store was opened with (`actions.ingest_pipeline`);
    `run_hooks=False` stores only. `bulk_derived=True` (imports) keeps the derived data of the
    rows it inserts set-based instead of through the per-row insert triggers (SQLite; see
    `storage.derived`); the pipeline's steps run after that, with every trigger in place.
    """
    report = IngestReport()
    if not items:
        return report

    conn = session.connection()
    # 1. Drop duplicates within the batch and those already stored.
    unique: dict[tuple[str, str], MentionIn] = {}
    for it in items:
        key = (it.platform, it.external_id)
        if key in unique:
            report.duplicates += 1
        else:
            unique[key] = it
    stored: dict[tuple[str, str], tuple[str, int | None, int | None]] = {}
    by_platform: dict[str, list[str]] = {}
    for platform, ext in unique:
        by_platform.setdefault(platform, []).append(ext)
    wanted_parents: dict[str, set[str]] = {}
    for it in unique.values():
        if it.in_reply_to and (it.platform, it.in_reply_to) not in unique:
            wanted_parents.setdefault(it.platform, set()).add(it.in_reply_to)
    for platform, exts in by_platform.items():
        lookup = list(set(exts) | wanted_parents.get(platform, set()))
        for chunk in _chunks(lookup):
            rows = _lookup(
                session,
                select(Mention.external_id, Mention.thread_key, Mention.case_id, Mention.brand_id).where(
                    Mention.platform == platform, _in(session, Mention.external_id, chunk)
                ),
            )
            for ext, thread_key, case_id, brand_id in rows:
                stored[(platform, ext)] = (thread_key, case_id, brand_id)
    new_items = [it for k, it in unique.items() if k not in stored]
    report.duplicates += len(unique) - len(new_items)
    if not new_items:
        return report

    # 2. Thread keys: the conversation id, else the root reached through known parents.
    # A loop rather than a recursive inner function: such a function refers to itself, and the
    # cycle kept every batch's items alive until the garbage collector came by.
    thread_of: dict[tuple[str, str], str] = {}
    for it in new_items:
        chain: list[tuple[str, str]] = []
        tk: str
        node, depth = it, 0
        while True:
            key = (node.platform, node.external_id)
            if key in thread_of:
                tk = thread_of[key]
                break
            chain.append(key)
            if node.thread_id:
                tk = node.thread_id
                break
            if not node.in_reply_to or depth > 200:
                tk = node.external_id
                break
            pkey = (node.platform, node.in_reply_to)
            if pkey in unique and pkey not in stored:
                node, depth = unique[pkey], depth + 1
                continue
            if pkey in stored:
                tk = stored[pkey][0]
                break
            tk = pkey[1]  # the parent's id
            report.warnings.append(
                f"{node.platform} {node.external_id}: reply to unknown item {node.in_reply_to}; "
                "it opens the thread until the parent arrives"
            )
            break
        for key in chain:
            thread_of[key] = tk

    # 3. Brands: explicit, else the channel addressed, else the thread's brand.
    channels: dict[tuple[str, str], tuple[int, int]] = {
        (p, h.lower()): (cid, bid) for cid, bid, p, h in session.execute(
            select(Channel.id, Channel.brand_id, Channel.platform, Channel.handle)
        )
    }
    fixed_brand: Brand | None = None
    if brand_key:
        from calmdesk.actions.brands import get_brand

        fixed_brand = get_brand(session, brand_key)

    # Channels found by handle as written: a batch names the same few accounts thousands of times.
    by_handle: dict[tuple[str, str], tuple[int, int]] = {}

    def channel_for(platform: str, handle: str | None, create: bool = False) -> tuple[int, int] | None:
        if not handle:
            return None
        found = by_handle.get((platform, handle))
        if found is not None:
            return found
        found = channels.get((platform, handle.lstrip("@").lower()))
        if found is not None:
            by_handle[(platform, handle)] = found
        if found is None and create and auto_create_brands:
            from calmdesk.actions.brands import ensure_brand

            b = ensure_brand(session, handle.lstrip("@"))
            ch = Channel(brand_id=b.id, platform=platform, handle=handle.lstrip("@"))
            session.add(ch)
            session.flush()
            found = (ch.id, b.id)
            channels[(platform, handle.lstrip("@").lower())] = found
            by_handle[(platform, handle)] = found
        return found

    thread_brand: dict[tuple[str, str], tuple[int, int | None]] = {}
    for (platform, _ext), (tk, _case, bid) in stored.items():
        if bid is not None:
            thread_brand.setdefault((platform, tk), (bid, None))
    # (platform, thread key) and (brand id, channel id) of each new item, by position.
    new_thread = [(it.platform, thread_of[(it.platform, it.external_id)]) for it in new_items]
    item_brand: list[tuple[int, int | None] | None] = [None] * len(new_items)
    # Outbound items and items addressed to a known channel decide their thread's brand first.
    for i in sorted(range(len(new_items)), key=lambda i: new_items[i].direction != "outbound"):
        it, pt = new_items[i], new_thread[i]
        found: tuple[int, int | None] | None = None
        if fixed_brand is not None:
            ch = channel_for(it.platform, it.brand_handle) if it.brand_handle else None
            found = (fixed_brand.id, ch[0] if ch and ch[1] == fixed_brand.id else None)
        else:
            outbound = it.direction == "outbound"
            ch = channel_for(it.platform, it.author.handle if outbound else it.brand_handle, create=True)
            found = (ch[1], ch[0]) if ch is not None else thread_brand.get(pt)
        if found is None:
            continue
        item_brand[i] = found
        thread_brand.setdefault(pt, found)
    accepted: list[MentionIn] = []
    brands: list[tuple[int, int | None]] = []  # aligned with `accepted`
    case_keys: list[tuple[int, str, str]] = []  # (brand, platform, thread), aligned with `accepted`
    for it, pt, found in zip(new_items, new_thread, item_brand, strict=True):
        if found is None:
            found = thread_brand.get(pt)
        if found is None:
            report.rejected.append(
                (it.external_id, "cannot tell which brand it is for (no known account addressed; use --brand)")
            )
            continue
        accepted.append(it)
        brands.append(found)
        case_keys.append((found[0], pt[0], pt[1]))
    if not accepted:
        return report

    # 4.-7. The writes. With `bulk_derived` on SQLite (an import) the insert triggers are paused
    # for this batch's rows and their search index, open-case deltas and report figures are
    # written set-based when the block ends, in this transaction (`storage.derived`).
    with bulk_inserts(conn, bulk_derived) as bulk:
        # 4. Authors: one row per platform + handle; profile fields refreshed when given.
        author_ids: dict[tuple[str, str], int] = {}
        wanted_authors: dict[tuple[str, str], MentionIn] = {}
        for it in accepted:
            wanted_authors[(it.platform, it.author.handle)] = it
        for platform in {p for p, _ in wanted_authors}:
            handles = [h for p, h in wanted_authors if p == platform]
            for chunk in _chunks(handles):
                for aid, h in _lookup(
                    session,
                    select(Author.id, Author.handle).where(Author.platform == platform, _in(session, Author.handle, chunk)),
                ):
                    author_ids[(platform, h)] = aid
        existing_authors = set(author_ids)
        missing = sorted((k, it) for k, it in wanted_authors.items() if k not in author_ids)
        if missing:
            new_ids = allocate_ids(conn, table_of(Author), len(missing))
            bulk.inserted("authors", new_ids)
            authors = [it.author for _k, it in missing]
            won = insert_new(
                conn,
                table_of(Author),
                ("id", "platform", "handle", "display_name", "followers", "verified", "account_created_at",
                 "external_id", "is_brand", "customer_id"),
                (
                    new_ids,
                    [k[0] for k, _it in missing],
                    [k[1] for k, _it in missing],
                    [a.display_name for a in authors],
                    [a.followers for a in authors],
                    [a.verified for a in authors],
                    [a.created_at for a in authors],
                    [a.external_id for a in authors],
                    [it.direction == "outbound" for _k, it in missing],
                    [None] * len(missing),
                ),
                ("platform", "handle"),
            )
            for aid, (k, _it) in zip(new_ids, missing, strict=True):
                author_ids[k] = aid
            # Authors another writer stored since the lookup: use theirs (and refresh them below).
            lost = [k for aid, (k, _it) in zip(new_ids, missing, strict=True) if aid not in won]
            for platform in {p for p, _ in lost}:
                handles = [h for p, h in lost if p == platform]
                for aid, h in _lookup(
                    session,
                    select(Author.id, Author.handle).where(Author.platform == platform, _in(session, Author.handle, handles)),
                ):
                    author_ids[(platform, h)] = aid
            existing_authors.update(lost)
        refresh = sorted(
            (author_ids[k], it.author.followers)
            for k, it in wanted_authors.items()
            if it.author.followers is not None and k in existing_authors
        )
        update_by_id(conn, table_of(Author), ("followers",), refresh)

        # 5. Cases: one per brand + platform + thread with a customer message in it.
        case_ids: dict[tuple[int, str, str], int] = {}
        for (platform, _ext), (tk, cid, bid) in stored.items():
            if cid is not None and bid is not None:
                case_ids[(bid, platform, tk)] = cid
        lookup_cases = [k for k in set(case_keys) if k not in case_ids]
        for platform in {p for _, p, _ in lookup_cases}:
            tks = [tk for _, p, tk in lookup_cases if p == platform]
            for chunk in _chunks(tks):
                for cid, bid, tk in _lookup(
                    session,
                    select(Case.id, Case.brand_id, Case.thread_key).where(
                        Case.platform == platform, _in(session, Case.thread_key, chunk)
                    ),
                ):
                    case_ids[(bid, platform, tk)] = cid

        playbooks: dict[int, Any] = {}

        def playbook_of(bid: int) -> Any:
            if bid not in playbooks:
                playbooks[bid] = brand_playbook(session.get_one(Brand, bid))
            return playbooks[bid]

        # The case opens with its thread's earliest customer message; due times follow from it.
        opening: dict[tuple[int, str, str], tuple[MentionIn, int | None]] = {}
        for it, ck, (_bid, chid) in sorted(zip(accepted, case_keys, brands, strict=True), key=lambda t: t[0].created_at):
            if it.direction == "inbound" and ck not in case_ids and ck not in opening:
                opening[ck] = (it, chid)
        new_keys = list(opening)
        new_case_ids = allocate_ids(conn, table_of(Case), len(new_keys))
        bulk.inserted("cases", new_case_ids)
        case_ids.update(zip(new_keys, new_case_ids, strict=True))
        now = utcnow()

        # 6. Which case each item joins, and what that tells its case (one pass over the items).
        item_case: list[int | None] = []
        item_author: list[int] = []
        item_thread: list[str] = []
        first_out: dict[int, datetime] = {}
        last_in: dict[int, datetime] = {}
        for it, ck in zip(accepted, case_keys, strict=True):
            cid = case_ids.get(ck)
            item_case.append(cid)
            item_author.append(author_ids[(it.platform, it.author.handle)])
            item_thread.append(ck[2])
            if cid is None:
                continue
            # Brand replies already on the platform count as the first response (imports, polled
            # history); a later customer message moves last_inbound_at.
            if it.direction == "outbound":
                cur = first_out.get(cid)
                if cur is None or it.created_at < cur:
                    first_out[cid] = it.created_at
            else:
                cur = last_in.get(cid)
                if cur is None or it.created_at > cur:
                    last_in[cid] = it.created_at

        if new_keys:
            # New cases are written complete: their first response and latest customer message in
            # this batch go into the insert, so only cases stored earlier need an update below.
            won = _insert_cases(conn, [(cid, k, *opening[k]) for cid, k in zip(new_case_ids, new_keys, strict=True)],
                                playbook_of, author_ids, first_out, last_in, now)
            if len(won) < len(new_case_ids):
                # Another writer opened some of these threads since the lookup: join its cases.
                new_case_ids = _join_cases_of_others(
                    session, new_keys, new_case_ids, won, item_case, first_out, last_in
                )
            report.case_ids_created.extend(new_case_ids)
            report.cases_created = len(new_case_ids)
            # Their audit records, written by the database from the cases just stored.
            cases = table_of(Case).c
            session.execute(
                insert(table_of(Action)).from_select(
                    ["case_id", "brand_id", "actor", "verb", "detail", "at"],
                    select(
                        cases.id, cases.brand_id, literal(actor, String), literal("case.opened", String),
                        literal({}, JSON), literal(now, UtcDateTime()),
                    ).where(_in(session, cases.id, new_case_ids)).order_by(cases.id),
                )
            )

        n = len(accepted)
        mention_ids = allocate_ids(conn, table_of(Mention), n)
        bulk.inserted("mentions", mention_ids)
        # Exactly once per (platform, external id) on both engines; on a partitioned PostgreSQL
        # store through `mention_keys` (see `storage.partitions`).
        stored_ids = insert_mentions(
            conn,
            table_of(Mention),
            ("id", "platform", "external_id", "reply_to_external_id", "thread_key", "brand_id", "channel_id",
             "author_id", "case_id", "direction", "visibility", "text", "redacted_text", "language", "created_at",
             "received_at", "raw", "triage", "hidden", "hidden_reason"),
            (mention_ids, [it.platform for it in accepted], [it.external_id for it in accepted],
             [it.in_reply_to for it in accepted], item_thread, [b[0] for b in brands], [b[1] for b in brands],
             item_author, item_case, [it.direction for it in accepted], [it.visibility for it in accepted],
             [it.text for it in accepted], [None] * n, [it.language for it in accepted],
             [it.created_at for it in accepted], [now] * n, [it.raw for it in accepted], [None] * n, [False] * n,
             [None] * n),
        )
        if len(stored_ids) < n:
            # Items another writer stored since the lookup are its, not ours: counted as duplicates.
            report.duplicates += n - len(stored_ids)
            kept = [i for i, mid in enumerate(mention_ids) if mid in stored_ids]
            mention_ids = [mention_ids[i] for i in kept]
            item_case = [item_case[i] for i in kept]
        report.created = len(mention_ids)
        report.mention_ids = mention_ids

        in_case = [mid for mid, cid in zip(mention_ids, item_case, strict=True) if cid is not None]
        if in_case:
            report.case_ids_touched.update(cid for cid in item_case if cid is not None)
            # The thread messages are copies of the mentions that joined a case: the database
            # writes them from the rows just stored instead of receiving every text a second time.
            # Their ids come from the table itself (SQLite's rowid, PostgreSQL's serial).
            m = table_of(Mention).c
            session.execute(
                insert(table_of(Message)).from_select(
                    ["case_id", "mention_id", "direction", "visibility", "author_id", "channel_id", "text", "created_at"],
                    select(m.case_id, m.id, m.direction, m.visibility, m.author_id, m.channel_id, m.text, m.created_at)
                    .where(_in(session, m.id, in_case))
                    .order_by(m.id),
                )
            )

        # Cases stored before this batch: one read and one bulk write per batch.
        created = set(new_case_ids)
        touched = sorted(cid for cid in set(first_out) | set(last_in) if cid not in created)
        changes: dict[tuple[str, ...], list[list[Any]]] = {}
        for chunk in _chunks(touched):
            for cid, fr, li in _lookup(
                session, select(Case.id, Case.first_response_at, Case.last_inbound_at).where(_in(session, Case.id, chunk))
            ):
                cols: list[str] = []
                values: list[Any] = [cid]
                out_at = first_out.get(cid)
                if out_at is not None and (fr is None or out_at < fr):
                    cols.append("first_response_at")
                    values.append(out_at)
                in_at = last_in.get(cid)
                if in_at is not None and (li is None or in_at > li):
                    cols.append("last_inbound_at")
                    values.append(in_at)
                if cols:
                    changes.setdefault((*cols, "updated_at"), []).append([*values, now])
        for cols_set, updates in changes.items():
            update_by_id(conn, table_of(Case), cols_set, updates)
    session.flush()
    if run_hooks:
        for step in steps_of(session) if steps is None else steps:
            step(session, report)
    return report


#: The columns a new case is written with. The others start empty: a column left out of a bulk
#: insert is NULL (the schema has no server-side defaults), which is what a new case has there.
_NEW_CASE_COLUMNS = (
    "id", "brand_id", "channel_id", "platform", "thread_key", "author_id", "state", "opened_at", "last_inbound_at",
    "first_response_at", "first_response_due_at", "resolution_due_at", "priority_factors", "escalation", "tags",
    "went_private", "public_closeout_done", "priority", "updated_at",
)


def _insert_cases(
    conn: Any,
    new: Sequence[tuple[int, tuple[int, str, str], MentionIn, int | None]],
    playbook_of: Callable[[int], Any],
    author_ids: dict[tuple[str, str], int],
    first_out: dict[int, datetime],
    last_in: dict[int, datetime],
    now: datetime,
) -> set[int]:
    """Write the batch's new cases: (case id, (brand, platform, thread), opening item, channel) each.

    Every column without a NULL start is set, because bulk inserts bypass the ORM's
    defaults. Due times count business hours from the opening message (B-SLA). Returns the
    ids that went in: a thread another writer opened meanwhile keeps that writer's case.
    """
    targets: dict[tuple[int, str], tuple[Any, int, int]] = {}
    none_yet: list[Any] = []  # one object for every empty list column: converted once, never changed
    rows: list[tuple[Any, ...]] = []
    for cid, (bid, platform, tk), it, chid in new:
        target = targets.get((bid, platform))
        if target is None:
            pb = playbook_of(bid)
            target = targets[(bid, platform)] = (pb.hours, pb.sla.first_response(platform), pb.sla.resolution(platform))
        hours, first_minutes, resolution_minutes = target
        at = it.created_at
        latest = last_in.get(cid)
        rows.append((
            cid, bid, chid, platform, tk, author_ids[(platform, it.author.handle)], "new", at,
            latest if latest is not None and latest > at else at, first_out.get(cid),
            add_business_minutes(hours, at, first_minutes), add_business_minutes(hours, at, resolution_minutes),
            none_yet, none_yet, none_yet, it.visibility == "private", False, 0, now,
        ))
    rows.sort(key=lambda r: (r[1], r[3], r[4]))
    return insert_new(
        conn, table_of(Case), _NEW_CASE_COLUMNS, [list(col) for col in zip(*rows, strict=True)],
        ("brand_id", "platform", "thread_key"),
    )


def _join_cases_of_others(
    session: Session,
    keys: list[tuple[int, str, str]],
    ids: list[int],
    won: set[int],
    item_case: list[int | None],
    first_out: dict[int, datetime],
    last_in: dict[int, datetime],
) -> list[int]:
    """Point the batch at the cases another writer opened for some of its threads; returns the
    ids of the cases this batch did open. The others' times are folded into `first_out` and
    `last_in`, so the update of earlier cases below applies them to the winner's case."""
    lost = {k: cid for k, cid in zip(keys, ids, strict=True) if cid not in won}
    theirs: dict[int, int] = {}
    for platform in {p for _, p, _ in lost}:
        tks = [tk for _, p, tk in lost if p == platform]
        for cid, bid, tk in _lookup(
            session,
            select(Case.id, Case.brand_id, Case.thread_key).where(
                Case.platform == platform, _in(session, Case.thread_key, tks)
            ),
        ):
            ours = lost.get((bid, platform, tk))
            if ours is not None:
                theirs[ours] = cid
    for i, cid in enumerate(item_case):
        if cid in theirs:
            item_case[i] = theirs[cid]
    for times, pick in ((first_out, min), (last_in, max)):
        for ours, cid in theirs.items():
            at = times.pop(ours, None)
            if at is not None:
                times[cid] = pick(at, times[cid]) if cid in times else at
    return [cid for cid in ids if cid in won]
