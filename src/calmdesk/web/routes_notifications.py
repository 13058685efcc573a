"""In-app notifications: a count in the header and a page that lists them (and marks them read).

What was read is kept per login session (the highest action id seen), so nothing is written
to the store when someone looks at their notifications.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from calmdesk.queries.notifications import notifications_for
from calmdesk.web.auth import CurrentUser, csrf_protect
from calmdesk.web.deps import SessionDep
from calmdesk.web.render import render

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


@router.get("/api/notifications")
def notifications_api(request: Request, session: SessionDep, access: CurrentUser) -> dict[str, object]:
    seen = int(request.session.get("notif_seen", 0))
    items = notifications_for(session, access.username, access.brand_ids)
    return {
        "unread": sum(1 for n in items if n.action_id > seen),
        "items": [
            {"id": n.action_id, "at": n.at.isoformat(), "kind": n.kind, "case_id": n.case_id, "text": n.text,
             "unread": n.action_id > seen}
            for n in items
        ],
    }  # fmt: skip


@router.get("/notifications", response_class=HTMLResponse)
def notifications_page(request: Request, session: SessionDep, access: CurrentUser) -> Response:
    seen = int(request.session.get("notif_seen", 0))
    items = notifications_for(session, access.username, access.brand_ids)
    if items:
        request.session["notif_seen"] = max(seen, max(n.action_id for n in items))
    return render(request, "notifications.html", access, items=items, seen=seen)
