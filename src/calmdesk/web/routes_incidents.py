"""Incident pages (B-ESCALATE, B-MONITOR): the list, one incident with its cases and volume,
the holding statement a supervisor approves once, and Resolve.

Parsing and rendering only: reads come from `queries/incidents.py`, every change from
`actions/incidents.py`, which also checks that the person is a supervisor of the brand (the
page answers 403 first, so a forged form gets the same refusal as a hidden button).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from calmdesk.actions.incidents import (
    IncidentError,
    do_approve_holding_statement,
    do_edit_holding_statement,
    do_resolve_incident,
)
from calmdesk.actions.status_updates import MAX_TEXT, do_post_status_update
from calmdesk.queries.incidents import IncidentNotFound, incident_brand, incident_detail, list_incidents
from calmdesk.queries.status_updates import StatusCheck, check_status_preview, status_panel
from calmdesk.web.auth import CurrentUser, csrf_protect, require_role
from calmdesk.web.deps import DbId, SessionDep
from calmdesk.web.render import flash, render

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)

#: The longest holding statement the form takes per language (the action refuses longer too).
MAX_STATEMENT = 1000


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _visible_brand(session: SessionDep, access: CurrentUser, incident_id: int) -> int:
    """The incident's brand, when this person may see it; 404 otherwise (like a missing one)."""
    try:
        brand_id = incident_brand(session, incident_id)
    except IncidentNotFound:
        raise HTTPException(status_code=404, detail=f"no incident #{incident_id}") from None
    if not access.can_see(brand_id):
        raise HTTPException(status_code=404, detail=f"no incident #{incident_id}")
    return brand_id


@router.get("/incidents", response_class=HTMLResponse)
def incidents(
    request: Request, session: SessionDep, access: CurrentUser, state: str | None = None
) -> Response:
    wanted = state if state in ("open", "resolved") else None
    return render(
        request,
        "incidents.html",
        access,
        rows=list_incidents(session, access.brand_ids, wanted),
        state=wanted,
    )


def _page(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    incident_id: int,
    brand_id: int,
    status_text: str | None = None,
    status_check: StatusCheck | None = None,
) -> Response:
    detail = incident_detail(session, incident_id)
    peak = max((n for _, n in detail.volume), default=0)
    panel = status_panel(session, incident_id, access.username)
    return render(
        request,
        "incident.html",
        access,
        d=detail,
        peak=peak,
        can_decide=access.has_role(brand_id, "supervisor"),
        max_statement=MAX_STATEMENT,
        su_panel=panel,
        status_text=panel.proposed if status_text is None else status_text,
        status_check=status_check,
        max_status=MAX_TEXT,
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident(request: Request, session: SessionDep, access: CurrentUser, incident_id: DbId) -> Response:
    brand_id = _visible_brand(session, access, incident_id)
    return _page(request, session, access, incident_id, brand_id)


@router.post("/incidents/{incident_id}/status")
def status_update(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    incident_id: DbId,
    kind: Annotated[str, Form(max_length=20)],
    text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
    decision: Annotated[str, Form(max_length=20)] = "check",
) -> Response:
    """Check the words (the page shows the findings per platform), or approve and post them."""
    brand_id = _visible_brand(session, access, incident_id)
    require_role(access, brand_id, "supervisor")
    if decision != "post":
        check = check_status_preview(session, incident_id, kind, text)
        return _page(request, session, access, incident_id, brand_id, status_text=text, status_check=check)
    try:
        items = do_post_status_update(session, incident_id, access.username, kind, text, at=datetime.now(UTC))
    except IncidentError as exc:
        flash(request, "error", str(exc))
        return _page(request, session, access, incident_id, brand_id, status_text=text)
    flash(request, "ok", f"Status update approved; queued on {len(items)} channel(s), posted once each")
    return _back(f"/incidents/{incident_id}")


@router.post("/incidents/{incident_id}/holding")
def holding(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    incident_id: DbId,
    decision: Annotated[str, Form()] = "approve",
    text_en: Annotated[str, Form(max_length=MAX_STATEMENT)] = "",
    text_de: Annotated[str, Form(max_length=MAX_STATEMENT)] = "",
) -> Response:
    """Save the statement's words, and approve them when asked (one form, two buttons)."""
    brand_id = _visible_brand(session, access, incident_id)
    require_role(access, brand_id, "supervisor")
    texts = {k: v for k, v in (("en", text_en), ("de", text_de)) if v.strip()}
    try:
        if texts:
            do_edit_holding_statement(session, incident_id, access.username, texts)
        if decision == "approve":
            drafts = do_approve_holding_statement(session, incident_id, access.username, at=datetime.now(UTC))
            flash(
                request, "ok", f"Holding statement approved; {len(drafts)} personal drafts are ready to send"
            )
        else:
            flash(request, "ok", "Holding statement saved")
    except IncidentError as exc:
        flash(request, "error", str(exc))
    return _back(f"/incidents/{incident_id}")


@router.post("/incidents/{incident_id}/resolve")
def resolve(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    incident_id: DbId,
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    brand_id = _visible_brand(session, access, incident_id)
    require_role(access, brand_id, "supervisor")
    try:
        report = do_resolve_incident(
            session, incident_id, access.username, note=note or None, at=datetime.now(UTC)
        )
    except IncidentError as exc:
        flash(request, "error", str(exc))
        return _back(f"/incidents/{incident_id}")
    left = f"; {len(report.left)} cases could not be moved" if report.left else ""
    flash(request, "ok", f"Incident resolved: {len(report.resolved_cases)} cases resolved, "
                         f"{len(report.drafts)} close-out drafts ready{left}")  # fmt: skip
    return _back(f"/incidents/{incident_id}")
