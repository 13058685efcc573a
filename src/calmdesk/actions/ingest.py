"""Storing platform items: idempotent (platform + external id once), replies join their thread's case.

Ingest works on batches so that importing or polling thousands of items costs a handful
of queries, not thousands. The single-item path is the same code with a batch of one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import any_, bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from calmdesk.actions.brands import brand_playbook
from calmdesk.domain.mentions import MentionIn
from calmdesk.domain.sla import add_business_minutes
from calmdesk.storage.bulk import allocate_ids, insert_rows, table_of
from calmdesk.storage.tables import Action, Author, Brand, Case, Channel, Mention, Message, utcnow

CHUNK = 500

#: Every nullable case column set explicitly, because bulk inserts bypass ORM defaults.
_CASE_DEFAULTS: dict[str, Any] = {
    "owner": None, "closed_without_closeout_reason": None, "dismiss_reason": None, "topic": None,
    "is_complaint": None, "complaint_label": None, "sentiment_first": None, "sentiment_last": None,
    "first_response_at": None, "resolved_at": None, "closed_at": None, "sla_warned_at": None,
    "sla_breached_at": None, "thanked": None, "satisfaction": None, "customer_id": None,
}


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
    """`column IN values`; on PostgreSQL one array parameter (`= ANY`), which plans and parses far
    faster than hundreds of separate parameters."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)


#: Hook run after a batch is stored, inside the same transaction (triage plugs in here).
PostIngestHook = Callable[[Session, IngestReport], None]
POST_INGEST_HOOKS: list[PostIngestHook] = []


def do_ingest_mentions(
    session: Session,
    items: Sequence[MentionIn],
    *,
    brand_key: str | None = None,
    auto_create_brands: bool = False,
    actor: str = "ingest",
    run_hooks: bool = True,
) -> IngestReport:
    """Store new items and open or update cases. Returns what happened; never stores an item twice."""
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
            rows = session.execute(
                select(Mention.external_id, Mention.thread_key, Mention.case_id, Mention.brand_id).where(
                    Mention.platform == platform, _in(session, Mention.external_id, chunk)
                )
            )
            for ext, thread_key, case_id, brand_id in rows:
                stored[(platform, ext)] = (thread_key, case_id, brand_id)
    new_items = [it for k, it in unique.items() if k not in stored]
    report.duplicates += len(unique) - len(new_items)
    if not new_items:
        return report

    # 2. Thread keys: the conversation id, else the root reached through known parents.
    thread_of: dict[tuple[str, str], str] = {}

    def resolve_thread(it: MentionIn, depth: int = 0) -> str:
        key = (it.platform, it.external_id)
        if key in thread_of:
            return thread_of[key]
        if it.thread_id:
            tk = it.thread_id
        elif not it.in_reply_to or depth > 200:
            tk = it.external_id
        else:
            pkey = (it.platform, it.in_reply_to)
            if pkey in unique and pkey not in stored:
                tk = resolve_thread(unique[pkey], depth + 1)
            elif pkey in stored:
                tk = stored[pkey][0]
            else:
                tk = it.in_reply_to
                report.warnings.append(
                    f"{it.platform} {it.external_id}: reply to unknown item {it.in_reply_to}; "
                    "it opens the thread until the parent arrives"
                )
        thread_of[key] = tk
        return tk

    for it in new_items:
        resolve_thread(it)

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

    def channel_for(platform: str, handle: str | None, create: bool = False) -> tuple[int, int] | None:
        if not handle:
            return None
        found = channels.get((platform, handle.lstrip("@").lower()))
        if found is None and create and auto_create_brands:
            from calmdesk.actions.brands import ensure_brand

            b = ensure_brand(session, handle.lstrip("@"))
            ch = Channel(brand_id=b.id, platform=platform, handle=handle.lstrip("@"))
            session.add(ch)
            session.flush()
            found = (ch.id, b.id)
            channels[(platform, handle.lstrip("@").lower())] = found
        return found

    thread_brand: dict[tuple[str, str], tuple[int, int | None]] = {}
    for (platform, _ext), (tk, _case, bid) in stored.items():
        if bid is not None:
            thread_brand.setdefault((platform, tk), (bid, None))
    item_brand: dict[tuple[str, str], tuple[int, int | None]] = {}
    # Outbound items and items addressed to a known channel decide their thread's brand first.
    for it in sorted(new_items, key=lambda m: m.direction != "outbound"):
        key = (it.platform, it.external_id)
        tk = thread_of[key]
        found: tuple[int, int | None] | None = None
        if fixed_brand is not None:
            ch = channel_for(it.platform, it.brand_handle) if it.brand_handle else None
            found = (fixed_brand.id, ch[0] if ch and ch[1] == fixed_brand.id else None)
        else:
            outbound = it.direction == "outbound"
            ch = channel_for(it.platform, it.author.handle if outbound else it.brand_handle, create=True)
            if ch is not None:
                found = (ch[1], ch[0])
            elif (it.platform, tk) in thread_brand:
                found = thread_brand[(it.platform, tk)]
        if found is None:
            continue
        item_brand[key] = found
        thread_brand.setdefault((it.platform, tk), found)
    for it in new_items:
        key = (it.platform, it.external_id)
        if key not in item_brand and (it.platform, thread_of[key]) in thread_brand:
            item_brand[key] = thread_brand[(it.platform, thread_of[key])]
    accepted = []
    for it in new_items:
        key = (it.platform, it.external_id)
        if key in item_brand:
            accepted.append(it)
        else:
            report.rejected.append(
                (it.external_id, "cannot tell which brand it is for (no known account addressed; use --brand)")
            )
    if not accepted:
        return report

    # 4. Authors: one row per platform + handle; profile fields refreshed when given.
    author_ids: dict[tuple[str, str], int] = {}
    wanted_authors: dict[tuple[str, str], MentionIn] = {}
    for it in accepted:
        wanted_authors[(it.platform, it.author.handle)] = it
    for platform in {p for p, _ in wanted_authors}:
        handles = [h for p, h in wanted_authors if p == platform]
        for chunk in _chunks(handles):
            for aid, h in session.execute(
                select(Author.id, Author.handle).where(Author.platform == platform, _in(session, Author.handle, chunk))
            ):
                author_ids[(platform, h)] = aid
    existing_authors = set(author_ids)
    missing = [
        {
            "platform": p,
            "handle": h,
            "display_name": it.author.display_name,
            "followers": it.author.followers,
            "verified": it.author.verified,
            "account_created_at": it.author.created_at,
            "external_id": it.author.external_id,
            "is_brand": it.direction == "outbound",
        }
        for (p, h), it in wanted_authors.items()
        if (p, h) not in author_ids
    ]
    if missing:
        at = table_of(Author).c
        for arow in conn.execute(insert(table_of(Author)).returning(at.id, at.platform, at.handle), missing):
            author_ids[(arow.platform, arow.handle)] = arow.id
    refresh = [
        {"id": author_ids[k], "followers": it.author.followers}
        for k, it in wanted_authors.items()
        if it.author.followers is not None and k in existing_authors
    ]
    if refresh and len(refresh) <= 1000:
        session.execute(update(Author), refresh)

    # 5. Cases: one per brand + platform + thread with a customer message in it.
    case_ids: dict[tuple[int, str, str], int] = {}
    for (platform, _ext), (tk, cid, bid) in stored.items():
        if cid is not None and bid is not None:
            case_ids[(bid, platform, tk)] = cid
    thread_keys_needed = {(item_brand[(it.platform, it.external_id)][0], it.platform, thread_of[(it.platform, it.external_id)]) for it in accepted}
    lookup_cases = [k for k in thread_keys_needed if k not in case_ids]
    for platform in {p for _, p, _ in lookup_cases}:
        tks = [tk for _, p, tk in lookup_cases if p == platform]
        for chunk in _chunks(tks):
            for cid, bid, tk in session.execute(
                select(Case.id, Case.brand_id, Case.thread_key).where(Case.platform == platform, _in(session, Case.thread_key, chunk))
            ):
                case_ids[(bid, platform, tk)] = cid

    playbooks: dict[int, Any] = {}

    def playbook_of(bid: int) -> Any:
        if bid not in playbooks:
            playbooks[bid] = brand_playbook(session.get_one(Brand, bid))
        return playbooks[bid]

    new_cases: dict[tuple[int, str, str], dict[str, Any]] = {}
    for it in sorted(accepted, key=lambda m: m.created_at):
        if it.direction != "inbound":
            continue
        bid, chid = item_brand[(it.platform, it.external_id)]
        ck = (bid, it.platform, thread_of[(it.platform, it.external_id)])
        if ck in case_ids or ck in new_cases:
            continue
        pb = playbook_of(bid)
        new_cases[ck] = {
            "brand_id": bid,
            "channel_id": chid,
            "platform": it.platform,
            "thread_key": ck[2],
            "author_id": author_ids[(it.platform, it.author.handle)],
            "state": "new",
            "opened_at": it.created_at,
            "last_inbound_at": it.created_at,
            "first_response_due_at": add_business_minutes(pb.hours, it.created_at, pb.sla.first_response(it.platform)),
            "resolution_due_at": add_business_minutes(pb.hours, it.created_at, pb.sla.resolution(it.platform)),
            "priority_factors": [],
            "escalation": [],
            "tags": [],
            "went_private": it.visibility == "private",
            "public_closeout_done": False,
            "priority": 0,
            "updated_at": utcnow(),
        }
    if new_cases:
        keys = list(new_cases)
        ids = allocate_ids(conn, table_of(Case), len(keys))
        now = utcnow()
        case_rows = []
        for cid, k in zip(ids, keys, strict=True):
            case_rows.append({**_CASE_DEFAULTS, **new_cases[k], "id": cid, "updated_at": now})
            case_ids[k] = cid
        insert_rows(conn, table_of(Case), case_rows)
        report.case_ids_created.extend(ids)
        report.cases_created = len(ids)
        action_ids = allocate_ids(conn, table_of(Action), len(ids))
        insert_rows(
            conn,
            table_of(Action),
            [{"id": aid, "case_id": cid, "brand_id": new_cases[k]["brand_id"], "actor": actor, "verb": "case.opened",
              "detail": {}, "note": None, "at": now}
             for aid, cid, k in zip(action_ids, ids, keys, strict=True)],
        )

    # 6. Mentions and their thread messages.
    mention_rows: list[dict[str, Any]] = []
    for it in accepted:
        key = (it.platform, it.external_id)
        bid, chid = item_brand[key]
        ck = (bid, it.platform, thread_of[key])
        mention_rows.append(
            {
                "platform": it.platform,
                "external_id": it.external_id,
                "reply_to_external_id": it.in_reply_to,
                "thread_key": ck[2],
                "brand_id": bid,
                "channel_id": chid,
                "author_id": author_ids[(it.platform, it.author.handle)],
                "case_id": case_ids.get(ck),
                "direction": it.direction,
                "visibility": it.visibility,
                "text": it.text,
                "language": it.language,
                "created_at": it.created_at,
                "received_at": utcnow(),
                "raw": it.raw,
                "hidden": False,
            }
        )
    mention_ids = allocate_ids(conn, table_of(Mention), len(mention_rows))
    for mid, mrow in zip(mention_ids, mention_rows, strict=True):
        mrow["id"] = mid
        mrow["redacted_text"] = None
        mrow["triage"] = None
        mrow["hidden_reason"] = None
    insert_rows(conn, table_of(Mention), mention_rows)
    report.created = len(mention_rows)
    report.mention_ids = mention_ids
    message_rows: list[dict[str, Any]] = []
    first_out: dict[int, datetime] = {}
    last_in: dict[int, datetime] = {}
    for m in mention_rows:
        if m["case_id"] is None:
            continue
        report.case_ids_touched.add(m["case_id"])
        message_rows.append(
            {
                "case_id": m["case_id"],
                "mention_id": m["id"],
                "direction": m["direction"],
                "visibility": m["visibility"],
                "author_id": m["author_id"],
                "channel_id": m["channel_id"],
                "text": m["text"],
                "created_at": m["created_at"],
                "sent_by": None,
                "approved_by": None,
                "kind": None,
            }
        )
        cid = m["case_id"]
        if m["direction"] == "outbound":
            cur = first_out.get(cid)
            if cur is None or m["created_at"] < cur:
                first_out[cid] = m["created_at"]
        else:
            cur = last_in.get(cid)
            if cur is None or m["created_at"] > cur:
                last_in[cid] = m["created_at"]
    if message_rows:
        for msg_id, msg in zip(allocate_ids(conn, table_of(Message), len(message_rows)), message_rows, strict=True):
            msg["id"] = msg_id
        insert_rows(conn, table_of(Message), message_rows)
    # Brand replies already on the platform count as the first response (imports, polled history);
    # a later customer message moves last_inbound_at. One read and one bulk write per batch.
    touched = sorted(set(first_out) | set(last_in))
    changes: list[dict[str, Any]] = []
    for chunk in _chunks(touched):
        for cid, fr, li in session.execute(
            select(Case.id, Case.first_response_at, Case.last_inbound_at).where(Case.id.in_(chunk))
        ):
            row: dict[str, Any] = {}
            out_at = first_out.get(cid)
            if out_at is not None and (fr is None or out_at < fr):
                row["first_response_at"] = out_at
            in_at = last_in.get(cid)
            if in_at is not None and (li is None or in_at > li):
                row["last_inbound_at"] = in_at
            if row:
                changes.append({"id": cid, **row})
    for keyset in {tuple(sorted(c)) for c in changes}:
        group = [c for c in changes if tuple(sorted(c)) == keyset]
        session.execute(update(Case), group)
    session.flush()
    if run_hooks:
        for hook in POST_INGEST_HOOKS:
            hook(session, report)
    return report


def ingest_one(session: Session, item: MentionIn, **kwargs: Any) -> IngestReport:
    return do_ingest_mentions(session, [item], **kwargs)


