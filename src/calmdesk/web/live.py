"""The live case view: server-sent events with the case's changes and who else is on it.

`GET /api/cases/{id}/events` streams `case` events (state, owner, who did the last thing) when
the case changes, and `presence` events (who else is viewing or replying). The page updates
itself and says what changed, so a person never acts on a stale view. A stream ends after a few
minutes; the browser's EventSource reconnects by itself, so a long-open tab always re-checks
its login.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.queries.case_version import case_snapshot
from calmdesk.web.auth import CurrentUser, case_for, csrf_protect
from calmdesk.web.deps import DbId, SessionDep
from calmdesk.web.presence import Presence

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(csrf_protect)])

POLL_S = 0.5
STREAM_S = 300.0
HEARTBEAT_S = 15.0


class PresenceIn(BaseModel):
    activity: str = "viewing"


def presence_of(request: Request) -> Presence:
    presence: Presence | None = getattr(request.app.state, "presence", None)
    if presence is None:
        presence = request.app.state.presence = Presence()
    return presence


def _event(name: str, data: Any) -> str:
    return f"event: {name}\ndata: {json.dumps(data, default=str)}\n\n"


def _snapshot(factory: sessionmaker[Session], case_id: int) -> dict[str, Any] | None:
    with factory() as session:
        return case_snapshot(session, case_id)


@router.get("/cases/{case_id}/events", include_in_schema=False)
def case_events(request: Request, session: SessionDep, access: CurrentUser, case_id: DbId) -> StreamingResponse:
    """Server-sent events: `case` on every change (the first one at once), `presence` when people come and go."""
    case_for(session, access, case_id)  # 404 for a case this person may not see
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    presence = presence_of(request)
    me = access.username

    async def stream() -> AsyncIterator[str]:
        started = last_beat = time.monotonic()
        version: str | None = None
        people: list[tuple[str, str, str]] | None = None
        yield "retry: 1000\n\n"
        while time.monotonic() - started < STREAM_S:
            if await request.is_disconnected():
                break
            snap = await anyio.to_thread.run_sync(_snapshot, factory, case_id)
            if snap is None:
                yield _event("gone", {"case_id": case_id})
                break
            if snap["version"] != version:
                version = snap["version"]
                yield _event("case", snap)
            now_people = [(s.username, s.display_name, s.activity) for s in presence.others(case_id, me)]
            if now_people != people:
                people = now_people
                yield _event("presence", [{"username": u, "name": n, "activity": a} for u, n, a in now_people])
            if time.monotonic() - last_beat > HEARTBEAT_S:
                last_beat = time.monotonic()
                yield ": still here\n\n"
            await asyncio.sleep(POLL_S)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )


@router.post("/cases/{case_id}/presence", include_in_schema=False)
def mark_presence(
    request: Request, session: SessionDep, access: CurrentUser, case_id: DbId, body: PresenceIn
) -> dict[str, str]:
    """`{"activity": "viewing" | "replying"}`: repeated every few seconds while it is true."""
    case_for(session, access, case_id)
    try:
        presence_of(request).mark(case_id, access.username, access.display_name or access.username, body.activity)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return {"status": "ok"}
