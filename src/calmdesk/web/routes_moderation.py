"""Safe moderation on the desk (B-MODERATE): confirm or decline a hide, unhide, and the task list.

Hiding itself stays on the case page's form (`routes_pages.hide`), which now asks a supervisor
when triage does not back the reason; the decisions and the tasks it leads to live here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from calmdesk.actions.moderation_review import (
    do_decide_hide,
    do_finish_task,
    do_unhide_mention,
    open_tasks,
)
from calmdesk.domain.moderation import ModerationError
from calmdesk.queries.items import action_by_id, mention_by_id, task_by_id
from calmdesk.web.auth import CurrentUser, case_for, csrf_protect
from calmdesk.web.deps import DB_ID_MAX, DbId, SessionDep
from calmdesk.web.render import flash, render

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.post("/cases/{case_id}/unhide")
def unhide(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    case_id: DbId,
    mention_id: Annotated[int, Form(ge=1, le=DB_ID_MAX)],
    note: Annotated[str, Form()] = "",
) -> Response:
    case = case_for(session, access, case_id)
    mention = mention_by_id(session, mention_id)
    if mention is None or mention.case_id != case.id:
        raise HTTPException(status_code=404, detail=f"no post #{mention_id} in case #{case.id}")
    try:
        do_unhide_mention(session, mention.id, actor=access.username, at=datetime.now(UTC), note=note or None)
    except ModerationError as exc:
        flash(request, "error", str(exc))
        return _back(f"/cases/{case.id}")
    flash(request, "ok", f"Post #{mention.id} is shown again; the platform call is queued")
    return _back(f"/cases/{case.id}")


@router.post("/moderation/requests/{request_id}/decide")
def decide(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    request_id: DbId,
    decision: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    req = action_by_id(session, request_id)
    if req is None or req.case_id is None:
        raise HTTPException(status_code=404, detail=f"no hide request #{request_id}")
    case = case_for(session, access, req.case_id)
    try:
        outcome = do_decide_hide(
            session, req.id, confirm=decision == "confirm", actor=access.username, at=datetime.now(UTC), note=note or None
        )
    except ModerationError as exc:
        flash(request, "error", str(exc))
        return _back(f"/cases/{case.id}")
    flash(request, "ok", "Post hidden (B-MODERATE)" if outcome.hidden else outcome.message)
    return _back(f"/cases/{case.id}")


@router.get("/tasks", response_class=HTMLResponse)
def tasks(request: Request, session: SessionDep, access: CurrentUser) -> Response:
    """Open tasks of the brands this person works on: private outreach after a hide, follow-ups."""
    return render(request, "tasks.html", access, rows=open_tasks(session, access.brand_ids))


@router.post("/tasks/{task_id}/done")
def task_done(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    task_id: DbId,
    note: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/tasks",
) -> Response:
    task = task_by_id(session, task_id)
    if task is None or task.case_id is None:
        raise HTTPException(status_code=404, detail=f"no task #{task_id}")
    case_for(session, access, task.case_id)
    try:
        do_finish_task(session, task.id, actor=access.username, at=datetime.now(UTC), note=note or None)
    except ModerationError as exc:
        flash(request, "error", str(exc))
    else:
        flash(request, "ok", f"Task #{task.id} done")
    target = next if next.startswith("/") and not next.startswith("//") else "/tasks"
    return _back(target)
