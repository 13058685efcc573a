"""The team tools in the browser and the API: search, internal notes, tags, bulk work, saved views.

Reads go through `queries.search` / `queries.team`, writes through `actions.notes`, `actions.tags`,
`actions.bulk` and `actions.views`; brand isolation is the same `case_for` / `Access` check as
everywhere else (a case of another brand answers 404, in bulk it is refused as "no case").
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from calmdesk.actions.bulk import do_bulk
from calmdesk.actions.notes import do_add_note
from calmdesk.actions.tags import do_tag_case, do_untag_case
from calmdesk.actions.views import do_delete_view, do_save_view
from calmdesk.domain.bulk import BulkError, parse_action, parse_case_ids
from calmdesk.domain.notes import NoteError
from calmdesk.domain.tags import TagError, parse_tags
from calmdesk.domain.views import VIEW_KEYS, ViewError
from calmdesk.queries.search import search
from calmdesk.web.auth import CurrentUser, case_for, csrf_protect
from calmdesk.web.deps import DbId, SessionDep
from calmdesk.web.render import flash, render
from calmdesk.web.schemas import SearchHitOut, SearchOut

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(csrf_protect)])

#: Longest query string accepted (the words beyond `MAX_TERMS` are dropped anyway).
MAX_QUERY_LEN = 500

QueryText = Annotated[str, Query(max_length=MAX_QUERY_LEN)]
PageNo = Annotated[int, Query(ge=1, le=1000)]


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _local(next_path: str, default: str) -> str:
    """Only a local path: a form's `next` must not send the browser to another site."""
    if next_path.startswith("/") and not next_path.startswith("//") and "\\" not in next_path:
        return next_path
    return default


# --- search -------------------------------------------------------------------------------------


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, session: SessionDep, access: CurrentUser, q: QueryText = "", page: PageNo = 1
) -> Response:
    result = search(session, access.brand_ids, q, page=page)
    return render(request, "search.html", access, result=result, q=q)


@api.get("/search", response_model=SearchOut)
def search_api(session: SessionDep, access: CurrentUser, q: QueryText = "", page: PageNo = 1) -> Any:
    """Cases whose posts, author or internal notes hold every word of `q`, best first, 20 a page.
    Only letters and digits count: quotes, operators and other punctuation separate words."""
    r = search(session, access.brand_ids, q, page=page)
    return SearchOut(
        query=r.query, terms=r.terms, page=r.page, has_more=r.has_more, capped=r.capped, total=r.total,
        hits=[
            SearchHitOut(case_id=h.case_id, brand=h.brand, kind=h.kind, text=h.text, who=h.who,
                         at=h.at.isoformat() if h.at else None, score=h.score, matches=h.matches, state=h.state)
            for h in r.hits
        ],
    )  # fmt: skip


# --- notes and tags on a case -------------------------------------------------------------------


@router.post("/cases/{case_id}/notes")
def add_note(
    request: Request, session: SessionDep, access: CurrentUser, case_id: DbId, text: Annotated[str, Form()] = ""
) -> Response:
    case = case_for(session, access, case_id)
    try:
        note = do_add_note(session, case.id, text, actor=access.username)
    except NoteError as exc:
        flash(request, "error", str(exc))
        return _back(f"/cases/{case.id}#notes")
    told = f"; told {', '.join(note.mentioned)}" if note.mentioned else ""
    flash(request, "ok", f"Internal note added{told}")
    return _back(f"/cases/{case.id}#note-{note.id}")


@router.post("/cases/{case_id}/tags")
def add_tags(
    request: Request, session: SessionDep, access: CurrentUser, case_id: DbId, tags: Annotated[str, Form()] = ""
) -> Response:
    case = case_for(session, access, case_id)
    try:
        added = do_tag_case(session, case.id, parse_tags(tags), actor=access.username)
    except TagError as exc:
        flash(request, "error", str(exc))
        return _back(f"/cases/{case.id}")
    flash(request, "ok", f"Tagged {', '.join(added)}" if added else "No new tag")
    return _back(f"/cases/{case.id}")


@router.post("/cases/{case_id}/tags/remove")
def remove_tag(
    request: Request, session: SessionDep, access: CurrentUser, case_id: DbId, tag: Annotated[str, Form()]
) -> Response:
    case = case_for(session, access, case_id)
    try:
        removed = do_untag_case(session, case.id, tag, actor=access.username)
    except TagError as exc:
        flash(request, "error", str(exc))
        return _back(f"/cases/{case.id}")
    flash(request, "ok", f"Tag {tag} removed" if removed else f"Case #{case.id} had no tag {tag}")
    return _back(f"/cases/{case.id}")


# --- bulk actions from the inbox ----------------------------------------------------------------


@router.post("/bulk")
async def bulk(request: Request, session: SessionDep, access: CurrentUser) -> Response:
    """Assign, move, tag or dismiss as spam the ticked cases; refusals are listed per case."""
    form = await request.form()
    back = _local(str(form.get("next") or "/"), "/")
    try:
        action = parse_action(str(form.get("action") or ""))
        ids = parse_case_ids([str(v) for v in form.getlist("case_id")])
        owner = str(form.get("owner") or "").strip()
        result = do_bulk(
            session, access, ids, action,
            owner=access.username if owner == "me" else owner or None,
            target=str(form.get("target") or "") or None,
            tags=str(form.get("tags") or ""),
        )  # fmt: skip
    except BulkError as exc:
        flash(request, "error", str(exc))
        return _back(back)
    flash(request, "ok" if not result.refused else "error", result.summary())
    for case_id, why in result.refused[:5]:
        flash(request, "error", f"#{case_id}: {why}")
    return _back(back)


# --- saved views --------------------------------------------------------------------------------


@router.post("/views")
async def save_view(request: Request, session: SessionDep, access: CurrentUser) -> Response:
    form = await request.form()
    params = {k: str(form.get(k) or "") for k in VIEW_KEYS}
    try:
        view = do_save_view(session, access.user_id, str(form.get("name") or ""), params)
    except ViewError as exc:
        flash(request, "error", str(exc))
        kept = {k: v for k, v in params.items() if v}
        return _back("/?" + urlencode(kept) if kept else "/")
    flash(request, "ok", f"View {view.name} saved")
    return _back("/?" + urlencode(view.params))


@router.post("/views/{view_id}/delete")
def delete_view(request: Request, session: SessionDep, access: CurrentUser, view_id: DbId) -> Response:
    if do_delete_view(session, access.user_id, view_id):
        flash(request, "ok", "View deleted")
    else:
        flash(request, "error", f"no view #{view_id} of yours")
    return _back("/")
