"""The desk's live channel: one server-sent-events stream per open page, for inbox and case view.

`GET /api/events` streams, for the brands the reader may see:
- `changes`: new rows of the change feed (audit actions and thread messages) made by others,
  as `{kind, id, case_id, brand_id, actor, verb}`, so the inbox refreshes the rows and counts;
- `presence`: who is on which case and doing what, whenever that changes;
- `notify`: something happened that may concern the reader (the page re-reads its count).
With `?case=N` (or at `/api/cases/{N}/events`, the same feed filtered) it also sends `case`:
the case's fingerprint (`queries.case_version`) at once and whenever a change touches it.

Everything is read from the store (`queries.live_feed`), never from this process's memory, so
people served by different web processes (`calmdesk serve --workers N` on PostgreSQL) see each
other within a read interval. A stream ends after a few minutes; EventSource reconnects by
itself, so a long-open tab re-checks its login.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.presence import leave_case, mark_presence
from calmdesk.actions.users import Access
from calmdesk.domain.live import (
    Change,
    FeedCursor,
    Present,
    by_others,
    change_payload,
    may_notify,
    others_present,
    presence_payload,
)
from calmdesk.queries.case_version import case_snapshot
from calmdesk.queries.live_feed import LIMIT, actions_after, feed_heads, live_presence, messages_after
from calmdesk.web.auth import CurrentUser, case_for, csrf_protect
from calmdesk.web.deps import DbId, SessionDep

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(csrf_protect)])

#: How often a stream reads the store: a change by someone else shows within about this long.
POLL_S = 0.7
STREAM_S = 300.0
HEARTBEAT_S = 15.0
#: A case view re-reads its fingerprint this often even without a feed row (belt and braces).
CASE_RECHECK_S = 10.0


class PresenceIn(BaseModel):
    activity: str = "viewing"


def _event(name: str, data: Any) -> str:
    return f"event: {name}\ndata: {json.dumps(data, default=str)}\n\n"


class _Reader:
    """One stream's position in the feed; every read runs in a worker thread with its own session."""

    def __init__(self, factory: sessionmaker[Session], access: Access, case_id: int | None) -> None:
        self.factory = factory
        self.brand_ids = access.brand_ids
        self.case_id = case_id
        self.actions: FeedCursor | None = None
        self.messages: FeedCursor | None = None

    def read(self) -> tuple[list[Change], list[Present], dict[str, Any] | None, bool]:
        """New changes, current presence, and the case's fingerprint (when watching one)."""
        with self.factory() as session:
            a_head, m_head = feed_heads(session)  # read first: rows read next are at least this new
            if self.actions is None or self.messages is None:
                self.actions, self.messages = FeedCursor(a_head), FeedCursor(m_head)
            acts = actions_after(session, self.actions.after(), self.brand_ids, LIMIT)
            msgs = messages_after(session, self.messages.after(), self.brand_ids, LIMIT)
            fresh_a = set(self.actions.take(c.id for c in acts))
            fresh_m = set(self.messages.take(c.id for c in msgs))
            if len(acts) < LIMIT:
                self.actions.reached(a_head)
            if len(msgs) < LIMIT:
                self.messages.reached(m_head)
            changes = [c for c in acts if c.id in fresh_a] + [c for c in msgs if c.id in fresh_m]
            people = live_presence(session, self.brand_ids)
            snap = case_snapshot(session, self.case_id) if self.case_id is not None else None
            gone = self.case_id is not None and snap is None
            return changes, people, snap, gone


def _stream(request: Request, access: Access, case_id: int | None) -> StreamingResponse:
    reader = _Reader(request.app.state.sessionmaker, access, case_id)
    me = access.username

    async def stream() -> AsyncIterator[str]:
        started = last_beat = time.monotonic()
        version: str | None = None
        people: list[dict[str, object]] | None = None
        yield "retry: 1000\n\n"
        while time.monotonic() - started < STREAM_S:
            if await request.is_disconnected():
                break
            changes, present, snap, gone = await anyio.to_thread.run_sync(reader.read)
            if gone:
                yield _event("gone", {"case_id": case_id})
                break
            if snap is not None and snap["version"] != version:
                version = snap["version"]
                yield _event("case", snap)
            theirs = by_others(changes, me)
            if theirs:
                yield _event("changes", change_payload(theirs))
            if may_notify(changes, me):
                yield _event("notify", {})
            now_people = presence_payload(others_present(present, me))
            if now_people != people:
                people = now_people
                yield _event("presence", now_people)
            if time.monotonic() - last_beat > HEARTBEAT_S:
                last_beat = time.monotonic()
                yield ": still here\n\n"
            await asyncio.sleep(POLL_S)

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.get("/events", include_in_schema=False)
def desk_events(
    request: Request, session: SessionDep, access: CurrentUser, case: int | None = Query(default=None, ge=1)
) -> StreamingResponse:
    """The one live channel of a page: changes, presence and notifications on the reader's brands."""
    if case is not None:
        case_for(session, access, case)  # 404 for a case this person may not see
    return _stream(request, access, case)


@router.get("/cases/{case_id}/events", include_in_schema=False)
def case_events(
    request: Request, session: SessionDep, access: CurrentUser, case_id: DbId
) -> StreamingResponse:
    """The same feed with the case's fingerprint: `/api/events?case=N` under the case's address."""
    case_for(session, access, case_id)
    return _stream(request, access, case_id)


@router.post("/cases/{case_id}/presence", include_in_schema=False)
def mark(session: SessionDep, access: CurrentUser, case_id: DbId, body: PresenceIn) -> dict[str, str]:
    """`{"activity": "viewing" | "replying"}`: repeated every few seconds while it is true."""
    case_for(session, access, case_id)
    try:
        mark_presence(session, case_id=case_id, username=access.username,
                      display_name=access.display_name or access.username, activity=body.activity)  # fmt: skip
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return {"status": "ok"}


@router.delete("/cases/{case_id}/presence", include_in_schema=False)
def leave(session: SessionDep, access: CurrentUser, case_id: DbId) -> dict[str, str]:
    """The page is closing: the others stop seeing this person now."""
    case_for(session, access, case_id)
    leave_case(session, case_id=case_id, username=access.username)
    return {"status": "ok"}
