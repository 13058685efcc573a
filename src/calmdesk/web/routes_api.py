"""The JSON API under /api: the same data and the same authorization as the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from calmdesk.actions.cases import NotAMember, do_hand_over_case
from calmdesk.actions.compensation import CompensationError, do_grant_compensation
from calmdesk.actions.reply_flow import next_reply_kind
from calmdesk.actions.users import Access
from calmdesk.domain.lifecycle import LifecycleError
from calmdesk.domain.states import DRAFT_UNSENT, CompensationStatus, DraftStatus, OutboxStatus
from calmdesk.queries.desk import (
    InboxQuery,
    brand_keys,
    case_detail,
    draft_by_id,
    drafts_of_case,
    inbox_counts,
    inbox_rows,
)
from calmdesk.web import integrations
from calmdesk.web.auth import CurrentUser, case_for, csrf_protect, require_approver
from calmdesk.web.deps import DbId, SessionDep, SettingsDep
from calmdesk.web.render import render
from calmdesk.web.routes_pages import inbox_query_params
from calmdesk.web.schemas import (
    AssignIn,
    CaseOut,
    CheckIn,
    CheckOut,
    CompensationIn,
    CompensationOut,
    DraftAiIn,
    DraftAiOut,
    DraftEdit,
    DraftIn,
    DraftOut,
    Factor,
    Finding,
    InboxCounts,
    InboxPage,
    Me,
    MoveIn,
    OutboxOut,
    PreviewOut,
    Problem,
    RejectIn,
    SentOut,
    ThreadEntry,
)

if TYPE_CHECKING:
    from calmdesk.storage.tables import Case, Draft

router = APIRouter(
    prefix="/api",
    tags=["api"],
    dependencies=[Depends(csrf_protect)],
    responses={401: {"model": Problem}, 403: {"model": Problem}, 404: {"model": Problem}},
)

_CONFLICT: dict[int | str, dict[str, Any]] = {409: {"model": Problem}}


@router.get("/me", response_model=Me)
def me(session: SessionDep, access: CurrentUser) -> Me:
    keys = brand_keys(session)
    return Me(
        username=access.username,
        display_name=access.display_name,
        is_admin=access.is_admin,
        roles={keys[bid]: role for bid, role in access.roles.items() if bid in keys},
    )


@router.get("/inbox", response_model=InboxPage)
def inbox(
    session: SessionDep,
    access: CurrentUser,
    settings: SettingsDep,
    q: Annotated[InboxQuery, Depends(inbox_query_params)],
) -> Any:
    """The priority inbox: highest priority first, then the earliest first-response due time."""
    return inbox_rows(session, access, q, due_soon_minutes=settings.due_soon_minutes)


@router.get("/inbox/counts", response_model=InboxCounts)
def counts(session: SessionDep, access: CurrentUser, settings: SettingsDep) -> Any:
    """Open cases per state, platform, topic and brand, plus escalated, due soon and mine."""
    return inbox_counts(session, access, due_soon_minutes=settings.due_soon_minutes)


def _case_out(detail: dict[str, Any]) -> CaseOut:
    case = detail["case"]
    return CaseOut(
        id=case.id,
        brand=detail["brand"].key,
        platform=case.platform,
        state=case.state,
        owner=case.owner,
        priority=case.priority,
        topic=case.topic,
        escalation=list(case.escalation or []),
        went_private=case.went_private,
        public_closeout_done=case.public_closeout_done,
        first_response_due_at=case.first_response_due_at,
        first_response_at=case.first_response_at,
        allowed_moves=detail["allowed_moves"],
        factors=[Factor(**f) for f in detail["factors"]],
        thread=[ThreadEntry(**{k: e[k] for k in ThreadEntry.model_fields}) for e in detail["thread"]],
    )


@router.get("/cases/{case_id}", response_model=CaseOut)
def get_case(session: SessionDep, access: CurrentUser, case_id: DbId) -> CaseOut:
    case = case_for(session, access, case_id)
    return _case_out(case_detail(session, access, case))


@router.post("/cases/{case_id}/move", response_model=CaseOut, responses={409: {"model": Problem}})
def move_case(session: SessionDep, access: CurrentUser, case_id: DbId, body: MoveIn) -> CaseOut:
    """Move a case through the lifecycle; an illegal move answers 409 naming the allowed moves."""
    case = case_for(session, access, case_id)
    try:
        integrations.move_case(
            session,
            case,
            body.target,
            actor=access.username,
            note=body.note,
            dismiss_reason=body.dismiss_reason,
            skip_closeout_reason=body.skip_closeout_reason,
        )
    except (LifecycleError, ValueError) as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    return _case_out(case_detail(session, access, case))


@router.post(
    "/cases/{case_id}/compensations", response_model=CompensationOut, responses={422: {"model": Problem}}
)
def grant_compensation(
    session: SessionDep, access: CurrentUser, case_id: DbId, body: CompensationIn
) -> CompensationOut:
    """Record compensation (B-COMPENSATE): within the tier limit it is granted, above it it waits for
    a supervisor. The amount must be finite, positive, at most 1,000,000 and in cents (else 422)."""
    case = case_for(session, access, case_id)
    try:
        row = do_grant_compensation(
            session,
            case.id,
            body.kind,
            float(body.value),
            actor=access.username,
            currency=body.currency,
            note=body.note,
        )
    except CompensationError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    waits = row.status == CompensationStatus.PENDING_APPROVAL
    return CompensationOut(
        id=row.id,
        case_id=row.case_id,
        kind=row.kind,
        value=row.value,
        currency=row.currency,
        status=row.status,
        message="waits for a supervisor's approval (B-COMPENSATE: above the limit)" if waits else "granted",
    )


@router.post("/cases/{case_id}/assign", response_model=CaseOut, responses={422: {"model": Problem}})
def assign_case(session: SessionDep, access: CurrentUser, case_id: DbId, body: AssignIn) -> CaseOut:
    case = case_for(session, access, case_id)
    owner = access.username if body.owner == "me" else body.owner
    try:
        do_hand_over_case(session, case.id, owner, actor=access.username, note=body.note)
    except NotAMember as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return _case_out(case_detail(session, access, case))


@router.post("/cases/{case_id}/check", response_model=CheckOut)
def check_reply(session: SessionDep, access: CurrentUser, case_id: DbId, body: CheckIn) -> CheckOut:
    """The reply checker's findings (R-rules) for a draft text, as the agent types."""
    case = case_for(session, access, case_id)
    return CheckOut(**integrations.check_text(session, case, body.text, body.visibility, body.kind))


@router.post("/cases/{case_id}/draft-ai", response_model=DraftAiOut)
def draft_ai(session: SessionDep, access: CurrentUser, case_id: DbId, body: DraftAiIn) -> DraftAiOut:
    """"Draft with AI": a draft from the model set by CALMDESK_LLM_* (checked, revised once with
    the checker's findings), or the template composer's without one. Never saved or sent."""
    from calmdesk.actions.reply_drafting import DraftingError, draft_for_case
    from calmdesk.replies.llm import LlmError, config_from_env

    case = case_for(session, access, case_id)
    kind = body.kind or next_reply_kind(session, case) or "ack"
    try:
        cfg = config_from_env()
        proposal = draft_for_case(session, case, access.display_name, kind, cfg)
    except (DraftingError, LlmError) as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    notes = list(proposal.notes)
    if cfg is None:
        notes.append("No model is configured (CALMDESK_LLM_BASE_URL, CALMDESK_LLM_MODEL); this is the template draft.")
    return DraftAiOut(
        kind=proposal.kind, visibility=proposal.visibility, text=proposal.text, source=proposal.source,
        revised=proposal.revised, notes=notes, findings=[Finding(**f.as_dict()) for f in proposal.findings],
    )  # fmt: skip


# --- drafts (B-REVIEW) ------------------------------------------------------------------------


def _draft_out(session: Session, draft: Draft) -> DraftOut:
    pv = integrations.preview_of(session, draft) if draft.status in DRAFT_UNSENT else None
    return DraftOut(
        id=draft.id,
        case_id=draft.case_id,
        author=draft.author,
        text=draft.text,
        visibility=draft.visibility,
        kind=draft.kind,
        status=DraftStatus(draft.status),
        needs_approval=draft.needs_approval,
        approval_reasons=list(draft.approval_reasons or []),
        approved_by=draft.approved_by,
        findings=[Finding(**f) for f in draft.findings or []],
        created_at=draft.created_at,
        preview=PreviewOut(**{k: pv[k] for k in PreviewOut.model_fields}) if pv else None,
    )


def _case_draft(session: Session, access: Access, case_id: DbId, draft_id: DbId) -> tuple[Case, Draft]:
    """Another brand's draft, or a draft of another case, answers 404 exactly like a missing one."""
    case = case_for(session, access, case_id)
    draft = draft_by_id(session, draft_id)
    if draft is None or draft.case_id != case.id:
        raise HTTPException(status_code=404, detail=f"no draft #{draft_id} in case #{case_id}")
    return case, draft


def _refused(exc: integrations.ActionRefused) -> HTTPException:
    return HTTPException(status_code=409, detail=str(exc))


@router.get("/cases/{case_id}/drafts", response_model=list[DraftOut])
def list_drafts(session: SessionDep, access: CurrentUser, case_id: DbId) -> list[DraftOut]:
    case = case_for(session, access, case_id)
    drafts = drafts_of_case(session, case.id)
    return [_draft_out(session, d) for d in drafts]


@router.post("/cases/{case_id}/drafts", response_model=DraftOut, status_code=201, responses=_CONFLICT)
def create_draft(session: SessionDep, access: CurrentUser, case_id: DbId, body: DraftIn) -> DraftOut:
    """Store a draft with the checker's findings and whether it needs a second person (B-REVIEW)."""
    case = case_for(session, access, case_id)
    try:
        draft = integrations.create_draft(
            session, case, body.text, visibility=body.visibility, kind=body.kind, actor=access.username
        )
    except integrations.ActionRefused as exc:
        raise _refused(exc) from exc
    return _draft_out(session, draft)


@router.get("/cases/{case_id}/drafts/{draft_id}", response_model=DraftOut)
def get_draft(session: SessionDep, access: CurrentUser, case_id: DbId, draft_id: DbId) -> DraftOut:
    _, draft = _case_draft(session, access, case_id, draft_id)
    return _draft_out(session, draft)


@router.put("/cases/{case_id}/drafts/{draft_id}", response_model=DraftOut, responses=_CONFLICT)
def edit_draft(
    session: SessionDep, access: CurrentUser, case_id: DbId, draft_id: DbId, body: DraftEdit
) -> DraftOut:
    """Change the text: it is checked again and any earlier approval is dropped."""
    _, draft = _case_draft(session, access, case_id, draft_id)
    try:
        integrations.update_draft(session, draft, body.text, actor=access.username)
    except integrations.ActionRefused as exc:
        raise _refused(exc) from exc
    return _draft_out(session, draft)


@router.post(
    "/cases/{case_id}/drafts/{draft_id}/request-approval", response_model=DraftOut, responses=_CONFLICT
)
def request_approval(session: SessionDep, access: CurrentUser, case_id: DbId, draft_id: DbId) -> DraftOut:
    _, draft = _case_draft(session, access, case_id, draft_id)
    try:
        integrations.request_approval(session, draft, actor=access.username)
    except integrations.ActionRefused as exc:
        raise _refused(exc) from exc
    return _draft_out(session, draft)


@router.post("/cases/{case_id}/drafts/{draft_id}/approve", response_model=DraftOut, responses=_CONFLICT)
def approve_draft(session: SessionDep, access: CurrentUser, case_id: DbId, draft_id: DbId) -> DraftOut:
    """A supervisor or admin of the brand who did not write the draft (403 otherwise)."""
    case, draft = _case_draft(session, access, case_id, draft_id)
    require_approver(access, case.brand_id, draft.author)
    try:
        integrations.approve_draft(session, draft, actor=access.username)
    except integrations.ActionRefused as exc:
        raise _refused(exc) from exc
    return _draft_out(session, draft)


@router.post("/cases/{case_id}/drafts/{draft_id}/reject", response_model=DraftOut, responses=_CONFLICT)
def reject_draft(
    session: SessionDep, access: CurrentUser, case_id: DbId, draft_id: DbId, body: RejectIn
) -> DraftOut:
    case, draft = _case_draft(session, access, case_id, draft_id)
    require_approver(access, case.brand_id, draft.author)
    try:
        integrations.reject_draft(session, draft, actor=access.username, note=body.note)
    except integrations.ActionRefused as exc:
        raise _refused(exc) from exc
    return _draft_out(session, draft)


@router.post("/cases/{case_id}/drafts/{draft_id}/send", response_model=SentOut, responses=_CONFLICT)
def send_draft(session: SessionDep, access: CurrentUser, case_id: DbId, draft_id: DbId) -> SentOut:
    """Enqueue on the case's own platform (B-SAME-PLACE); 409 when it needs approval or has block findings."""
    case, draft = _case_draft(session, access, case_id, draft_id)
    try:
        item, _ = integrations.send_draft(session, draft, actor=access.username)
    except integrations.ActionRefused as exc:
        raise _refused(exc) from exc
    return SentOut(
        draft=_draft_out(session, draft),
        outbox=OutboxOut(
            id=item.id,
            idempotency_key=item.idempotency_key,
            platform=item.platform,
            operation=item.operation,
            target_external_id=item.target_external_id,
            recipient=(item.payload or {}).get("recipient"),
            status=OutboxStatus(item.status),
        ),
        case_state=case.state,
    )


# --- OpenAPI, behind the same login -------------------------------------------------------------


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, access: CurrentUser) -> dict[str, Any]:
    app = request.app
    if app.openapi_schema is None:
        app.openapi_schema = get_openapi(title=app.title, version="1", summary=app.summary, routes=app.routes)
    schema: dict[str, Any] = app.openapi_schema
    return schema


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def docs(request: Request, access: CurrentUser) -> Response:
    """A plain page listing the endpoints from the OpenAPI schema (no front-end library)."""
    schema = openapi(request, access)
    endpoints = []
    for path, ops in sorted(schema.get("paths", {}).items()):
        for method, op in ops.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": [p.get("name") for p in op.get("parameters", [])],
                }
            )
    return render(request, "api_docs.html", access, endpoints=endpoints)
