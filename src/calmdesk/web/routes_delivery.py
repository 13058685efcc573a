"""Delivery of what we sent: a person retries an outbox item that failed.

The state itself is read by `calmdesk.queries.delivery` and shown in the thread; this router
only holds the one write a person may ask for.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from calmdesk.actions.outbox import RetryRefused, do_retry_outbox
from calmdesk.queries.items import outbox_item_by_id
from calmdesk.web.auth import CurrentUser, case_for, csrf_protect
from calmdesk.web.deps import DbId, SessionDep
from calmdesk.web.render import flash

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


@router.post("/outbox/{item_id}/retry")
def retry(request: Request, session: SessionDep, access: CurrentUser, item_id: DbId) -> Response:
    item = outbox_item_by_id(session, item_id)
    if item is None or item.case_id is None:
        raise HTTPException(status_code=404, detail=f"no outbox item #{item_id}")
    try:
        case = case_for(session, access, item.case_id)
    except HTTPException:
        raise HTTPException(status_code=404, detail=f"no outbox item #{item_id}") from None
    try:
        do_retry_outbox(session, item.id, access.username)
    except RetryRefused as exc:
        flash(request, "error", str(exc))
    else:
        flash(request, "ok", f"Outbox item #{item.id} queued again; it is posted at most once")
    return RedirectResponse(f"/cases/{case.id}", status_code=303)
