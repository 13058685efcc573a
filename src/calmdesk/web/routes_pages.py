"""The HTML pages: login, inbox, case view, approvals, SLA board, channels, brand settings, users."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from calmdesk.actions import audit
from calmdesk.actions.brands import brand_playbook, do_upsert_brand
from calmdesk.actions.cases import NotAMember, do_hand_over_case
from calmdesk.actions.moderation_review import open_tasks, pending_requests
from calmdesk.actions.users import (
    ROLE_RANK,
    Role,
    UserError,
    authenticate,
    do_create_api_token,
    do_create_user,
    do_revoke_api_token,
    find_user,
)
from calmdesk.domain.amounts import AMOUNT_DECIMALS, MAX_AMOUNT
from calmdesk.domain.compensation import Kind as CompensationKind
from calmdesk.domain.inbox_cursor import InboxCursor, InboxCursorError, decode_cursor
from calmdesk.domain.lifecycle import OPEN_STATES, LifecycleError, State
from calmdesk.domain.ownership import OwnershipError, reply_confirmation
from calmdesk.domain.playbook import PLATFORMS, PlaybookError, parse_playbook
from calmdesk.domain.review import impossible_classes
from calmdesk.domain.states import DRAFT_UNSENT
from calmdesk.domain.tags import TagError, normalize_tag
from calmdesk.queries.delivery import deliveries_for_case, deliveries_for_drafts
from calmdesk.queries.desk import (
    InboxQuery,
    brand_by_key,
    case_detail,
    compensation_by_id,
    draft_by_id,
    first_responses_due,
    inbox_rows,
    live_tokens,
    pending_compensations,
    pending_drafts,
    people_of_brands,
    user_by_id,
    visible_brands,
)
from calmdesk.queries.incidents import inbox_groups
from calmdesk.queries.outbox import deliveries_of
from calmdesk.queries.people import has_any_user
from calmdesk.queries.team import tags_in_use, views_of_user
from calmdesk.web import integrations
from calmdesk.web.auth import CurrentUser, case_for, csrf_protect, require_approver, require_role
from calmdesk.web.deps import DB_ID_MAX, DbId, SessionDep, SettingsDep
from calmdesk.web.render import flash, render

if TYPE_CHECKING:
    from calmdesk.storage.tables import Brand, Case, Compensation, Draft

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _safe_next(value: str | None) -> str:
    """Only local paths: a login link must not bounce the user to another site."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


# --- login ---------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, session: SessionDep, next: str | None = None) -> Response:
    # A new desk has nobody to log in: the page says how to create the first administrator.
    return render(
        request, "login.html", None, next=_safe_next(next), error=None, first_run=not has_any_user(session)
    )


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    limiter = request.app.state.login_limiter
    client = request.client.host if request.client else "?"
    wait = limiter.retry_after(client, username)
    if wait:
        audit.record(session, actor=username[:100], verb="user.login_throttled", client=client)
        return render(
            request,
            "login.html",
            None,
            status_code=429,
            next=_safe_next(next),
            error=f"Too many failed attempts. Try again in {wait} seconds.",
        )
    user = authenticate(session, username, password)
    if user is None:
        limiter.failed(client, username)
        audit.record(session, actor=username[:100], verb="user.login_failed", client=client)
        return render(
            request,
            "login.html",
            None,
            status_code=401,
            next=_safe_next(next),
            error="Wrong username or password.",
        )
    limiter.succeeded(client, username)
    request.session.clear()  # a fresh session, token and CSRF token on every login (web/sessions.py)
    request.session["uid"] = user.id
    audit.record(session, actor=user.username, verb="user.login", client=client)
    return _back(_safe_next(next))


@router.post("/logout")
def logout(request: Request, session: SessionDep, access: CurrentUser) -> Response:
    audit.record(session, actor=access.username, verb="user.logout")
    request.session.clear()
    return _back("/login")


# --- inbox ---------------------------------------------------------------------------------


def _tag_filter(raw: str | None) -> str | None:
    """The tag filter in its stored spelling; a tag no case can carry answers 422 naming the field."""
    if not raw or not raw.strip():
        return None
    try:
        return normalize_tag(raw)
    except TagError as exc:
        raise RequestValidationError([{"loc": ("query", "tag"), "msg": str(exc), "type": "value_error"}]) from exc


def _after_cursor(raw: str | None) -> InboxCursor | None:
    """The keyset cursor of `?after=`; a damaged or made-up one answers 422 naming the field."""
    if not raw:
        return None
    try:
        return decode_cursor(raw)
    except InboxCursorError as exc:
        raise RequestValidationError([{"loc": ("query", "after"), "msg": str(exc), "type": "value_error"}]) from exc


def inbox_query_params(
    brand: str | None = None,
    platform: str | None = None,
    state: str | None = None,
    owner: str | None = None,
    topic: str | None = None,
    escalated: bool = False,
    due_soon: bool = False,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    tag: Annotated[str | None, Query(max_length=100)] = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
    after: Annotated[str | None, Query(max_length=200)] = None,
) -> InboxQuery:
    return InboxQuery(
        brand=brand or None,
        platform=platform or None,
        state=state or None,
        owner=owner or None,
        topic=topic or None,
        escalated=escalated,
        due_soon=due_soon,
        page=page,
        tag=_tag_filter(tag),
        q=(q or "").strip() or None,
        after=_after_cursor(after),
    )


InboxParams = Annotated[InboxQuery, Depends(inbox_query_params)]


@router.get("/", response_class=HTMLResponse)
def inbox(
    request: Request, session: SessionDep, access: CurrentUser, settings: SettingsDep, q: InboxParams
) -> Response:
    data = inbox_rows(session, access, q, due_soon_minutes=settings.due_soon_minutes)
    return render(
        request,
        "inbox.html",
        access,
        q=q,
        data=data,
        brands=visible_brands(session, access),
        states=sorted(s.value for s in OPEN_STATES) + [State.CLOSED.value, State.DISMISSED.value],
        platforms=PLATFORMS,
        params=urlencode(q.as_params()),
        poll_ms=settings.poll_interval_s * 1000,
        views=views_of_user(session, access.user_id),
        tags_in_use=tags_in_use(session, access.brand_ids),
        bulk_states=sorted(s.value for s in OPEN_STATES) + [State.CLOSED.value],
        members=sorted({u.username for u, _r, _k in people_of_brands(session, [b.id for b in visible_brands(session, access)])}),
        incidents=inbox_groups(session, access.brand_ids),
    )


# --- case view -----------------------------------------------------------------------------


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, session: SessionDep, access: CurrentUser, case_id: DbId) -> Response:
    case = case_for(session, access, case_id)
    detail = case_detail(session, access, case)
    suggestion = integrations.suggest_reply(session, case, access.display_name)
    previews = {
        d.id: integrations.preview_of(session, d) for d in detail["drafts"] if d.status in DRAFT_UNSENT
    }
    brand = detail["brand"]
    return render(
        request,
        "case.html",
        access,
        message_deliveries=deliveries_for_case(session, case.id),
        draft_deliveries=deliveries_for_drafts(session, [d.id for d in detail["drafts"] if d.status not in DRAFT_UNSENT]),
        tz=brand_playbook(brand).hours.timezone,
        hide_requests=pending_requests(session, case.id),
        tasks=open_tasks(session, None, case.id),
        suggestion=suggestion,
        previews=previews,
        features=integrations.features(),
        moderation_reasons=integrations.MODERATION_REASONS,
        compensation_kinds=[k.value for k in CompensationKind],
        currency=brand_playbook(brand).compensation.currency,
        is_approver=access.has_role(case.brand_id, Role.SUPERVISOR.value),
        deliveries=deliveries_of(session, [d.id for d in detail["drafts"]]),
        **detail,
    )


@router.post("/cases/{case_id}/assign")
def assign(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    case_id: DbId,
    owner: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    case = case_for(session, access, case_id)
    target = access.username if owner == "me" else (owner.strip() or None)
    try:
        do_hand_over_case(session, case.id, target, actor=access.username, note=note or None)
    except (NotAMember, OwnershipError) as exc:
        flash(request, "error", str(exc))
        return _back(f"/cases/{case_id}")
    flash(request, "ok", f"Case #{case.id} assigned to {target or 'nobody'}")
    return _back(f"/cases/{case_id}")


@router.post("/cases/{case_id}/move")
def move(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    case_id: DbId,
    target: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    dismiss_reason: Annotated[str, Form()] = "",
    skip_closeout_reason: Annotated[str, Form()] = "",
) -> Response:
    case = case_for(session, access, case_id)
    try:
        integrations.move_case(
            session,
            case,
            target,
            actor=access.username,
            note=note or None,
            dismiss_reason=dismiss_reason or None,
            skip_closeout_reason=skip_closeout_reason or None,
        )
    except (LifecycleError, ValueError) as exc:
        flash(request, "error", str(exc))
        return _back(f"/cases/{case_id}")
    extra = "; follow-up tasks scheduled (B-FOLLOWUP)" if case.state == State.RESOLVED.value else ""
    flash(request, "ok", f"Case #{case.id} moved to {case.state}{extra}")
    return _back(f"/cases/{case_id}")


@router.post("/cases/{case_id}/hide")
def hide(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    case_id: DbId,
    mention_id: Annotated[int, Form(ge=1, le=DB_ID_MAX)],
    reason: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    case = case_for(session, access, case_id)
    try:
        msg = integrations.hide_mention(
            session, case, mention_id, reason, actor=access.username, note=note or None
        )
    except integrations.ActionRefused as exc:
        flash(request, "error", str(exc))
        return _back(f"/cases/{case_id}")
    flash(request, "ok", msg)
    return _back(f"/cases/{case_id}")


@router.post("/cases/{case_id}/compensate")
def compensate(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    case_id: DbId,
    kind: Annotated[str, Form()],
    value: Annotated[
        Decimal, Form(gt=0, le=MAX_AMOUNT, decimal_places=AMOUNT_DECIMALS, allow_inf_nan=False)
    ],
    currency: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    case = case_for(session, access, case_id)
    try:
        msg = integrations.compensate(
            session,
            case,
            kind,
            float(value),
            actor=access.username,
            currency=currency.strip() or None,
            note=note or None,
        )
    except integrations.ActionRefused as exc:
        flash(request, "error", str(exc))
        return _back(f"/cases/{case_id}")
    flash(request, "ok", msg)
    return _back(f"/cases/{case_id}")


def _compensation_for(session: SessionDep, access: CurrentUser, comp_id: DbId) -> tuple[Compensation, Case]:
    row = compensation_by_id(session, comp_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no compensation #{comp_id}")
    case = case_for(session, access, row.case_id)
    return row, case


@router.post("/compensations/{comp_id}/decide")
def decide_compensation(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    comp_id: DbId,
    decision: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    row, case = _compensation_for(session, access, comp_id)
    require_approver(access, case.brand_id, row.granted_by)
    back = _safe_next(next or f"/cases/{case.id}")
    try:
        msg = integrations.decide_compensation(
            session, row, approve=decision == "approve", actor=access.username, note=note or None
        )
    except integrations.ActionRefused as exc:
        flash(request, "error", str(exc))
        return _back(back)
    flash(request, "ok", msg)
    return _back(back)


@router.post("/cases/{case_id}/drafts")
def create_draft(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    case_id: DbId,
    text: Annotated[str, Form()],
    visibility: Annotated[str, Form()] = "public",
    kind: Annotated[str, Form()] = "reply",
    intent: Annotated[str, Form()] = "send",
    confirmed: Annotated[str, Form()] = "",
) -> Response:
    """Save a reply, ask for approval, or send it; a reply that needs approval waits for one (B-REVIEW)."""
    case = case_for(session, access, case_id)
    why = reply_confirmation(access.username, case.owner, case.state)
    if why and intent == "send" and confirmed != "1":
        # Nothing typed is lost: the text is kept as a draft, to be sent once the person confirms.
        intent = "save"
        flash(request, "error", f"Not sent: {why}. Your text is kept as a draft; send it from there if you mean to.")
    try:
        msg = integrations.compose_and_submit(
            session, case, text, visibility=visibility, kind=kind, actor=access.username, intent=intent
        )
    except integrations.ActionRefused as exc:
        flash(request, "error", str(exc))
        return _back(f"/cases/{case_id}")
    flash(request, "ok", msg)
    return _back(f"/cases/{case_id}")


def _draft_for(session: SessionDep, access: CurrentUser, draft_id: DbId) -> tuple[Draft, Case]:
    """A draft of a case the user may see; anything else answers 404 like a missing draft."""
    draft = draft_by_id(session, draft_id)
    if draft is None:
        raise HTTPException(status_code=404, detail=f"no draft #{draft_id}")
    try:
        case = case_for(session, access, draft.case_id)
    except HTTPException:
        raise HTTPException(status_code=404, detail=f"no draft #{draft_id}") from None
    return draft, case


def _draft_action(request: Request, case: Case, next: str, run: Callable[[], str]) -> Response:
    back = _safe_next(next or f"/cases/{case.id}")
    try:
        msg = run()
    except integrations.ActionRefused as exc:
        flash(request, "error", str(exc))
        return _back(back)
    flash(request, "ok", msg)
    return _back(back)


@router.post("/drafts/{draft_id}/edit")
def edit_draft(
    request: Request, session: SessionDep, access: CurrentUser, draft_id: DbId, text: Annotated[str, Form()]
) -> Response:
    draft, case = _draft_for(session, access, draft_id)

    def run() -> str:
        integrations.update_draft(session, draft, text, actor=access.username)
        return f"Draft #{draft.id} changed and checked again; any earlier approval was dropped"

    return _draft_action(request, case, "", run)


@router.post("/drafts/{draft_id}/request-approval")
def request_approval(request: Request, session: SessionDep, access: CurrentUser, draft_id: DbId) -> Response:
    draft, case = _draft_for(session, access, draft_id)

    def run() -> str:
        integrations.request_approval(session, draft, actor=access.username)
        return f"Draft #{draft.id} waits in the approvals queue"

    return _draft_action(request, case, "", run)


@router.post("/drafts/{draft_id}/approve")
def approve(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    draft_id: DbId,
    next: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    draft, case = _draft_for(session, access, draft_id)
    require_approver(access, case.brand_id, draft.author)

    def run() -> str:
        integrations.approve_draft(session, draft, actor=access.username, note=note or None)
        return f"Draft #{draft.id} approved; it can be sent now"

    return _draft_action(request, case, next, run)


@router.post("/drafts/{draft_id}/reject")
def reject(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    draft_id: DbId,
    note: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    draft, case = _draft_for(session, access, draft_id)
    require_approver(access, case.brand_id, draft.author)

    def run() -> str:
        integrations.reject_draft(session, draft, actor=access.username, note=note or None)
        return f"Draft #{draft.id} sent back to {draft.author}"

    return _draft_action(request, case, next, run)


@router.post("/drafts/{draft_id}/send")
def send(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    draft_id: DbId,
    next: Annotated[str, Form()] = "",
    confirmed: Annotated[str, Form()] = "",
) -> Response:
    draft, case = _draft_for(session, access, draft_id)
    why = reply_confirmation(access.username, case.owner, case.state)

    def run() -> str:
        if why and confirmed != "1":
            raise integrations.ActionRefused(f"Draft #{draft.id} not sent: {why}; confirm to send it anyway")
        item, moved = integrations.send_draft(session, draft, actor=access.username)
        msg = f"Draft #{draft.id} queued on {item.platform} ({item.operation})"
        return msg + (f"; case moved to {moved}" if moved else "")

    return _draft_action(request, case, next, run)


# --- approvals, SLA board, channels ---------------------------------------------------------


@router.get("/approvals", response_class=HTMLResponse)
def approvals(request: Request, session: SessionDep, access: CurrentUser) -> Response:
    """Replies and compensation waiting for a second person, side by side (B-REVIEW, B-COMPENSATE)."""
    rows = [
        {
            "draft": d,
            "case": c,
            "brand": k,
            "preview": integrations.preview_of(session, d),
            "can_approve": access.has_role(c.brand_id, Role.SUPERVISOR.value) and d.author != access.username,
            "own": d.author == access.username,
        }
        for d, c, k in pending_drafts(session, access)
    ]
    comps = [
        {
            "comp": comp,
            "case": c,
            "brand": k,
            "can_approve": access.has_role(c.brand_id, Role.SUPERVISOR.value)
            and comp.granted_by != access.username,
            "own": comp.granted_by == access.username,
        }
        for comp, c, k in pending_compensations(session, access)
    ]
    return render(request, "approvals.html", access, rows=rows, comps=comps)


@router.get("/sla", response_class=HTMLResponse)
def sla_board(request: Request, session: SessionDep, access: CurrentUser, settings: SettingsDep) -> Response:
    now = datetime.now(UTC)
    soon = now + timedelta(minutes=settings.due_soon_minutes)
    columns: dict[str, list[Any]] = {"breached": [], "due soon": [], "on track": []}
    for case, key in first_responses_due(session, access):
        due = case.first_response_due_at
        if due is None:
            continue
        col = "breached" if due < now else "due soon" if due <= soon else "on track"
        columns[col].append({"case": case, "brand": key})
    return render(request, "sla.html", access, columns=columns, now=now)


# --- brand settings ---------------------------------------------------------------------------


def _brand_for(session: SessionDep, access: CurrentUser, key: str) -> Brand:
    brand = brand_by_key(session, key)
    if brand is None or not access.can_see(brand.id):
        raise HTTPException(status_code=404, detail=f"no brand {key!r}")
    return brand


@router.get("/brands", response_class=HTMLResponse)
def brands(request: Request, session: SessionDep, access: CurrentUser) -> Response:
    return render(request, "brands.html", access, brands=visible_brands(session, access))


@router.get("/brands/{key}", response_class=HTMLResponse)
def brand_settings(request: Request, session: SessionDep, access: CurrentUser, key: str) -> Response:
    brand = _brand_for(session, access, key)
    return render(
        request,
        "brand.html",
        access,
        brand=brand,
        toml_text=brand.playbook_toml or f'brand = "{brand.key}"\n',
        errors=[],
        warnings=impossible_classes(brand_playbook(brand).reply_rules),
        can_edit=access.has_role(brand.id, Role.ADMIN.value),
    )


@router.post("/brands/{key}", response_class=HTMLResponse)
def save_brand_settings(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    key: str,
    playbook_toml: Annotated[str, Form()],
) -> Response:
    brand = _brand_for(session, access, key)
    require_role(access, brand.id, Role.ADMIN.value)
    errors: list[str] = []
    try:
        playbook = parse_playbook(playbook_toml, f"playbook of brand {key}")
        if playbook.brand != brand.key:
            errors.append(f"key 'brand': must stay {brand.key!r} (got {playbook.brand!r})")
    except PlaybookError as exc:
        errors = str(exc).splitlines()
    if not errors:
        try:
            do_upsert_brand(session, playbook, playbook_toml, actor=access.username)
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        # Nothing is saved; the text comes back as typed so no edit is lost.
        return render(
            request,
            "brand.html",
            access,
            status_code=422,
            brand=brand,
            toml_text=playbook_toml,
            errors=errors,
            can_edit=True,
        )
    flash(request, "ok", f"Playbook of {brand.key} saved")
    return _back(f"/brands/{brand.key}")


# --- users --------------------------------------------------------------------------------------


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, session: SessionDep, access: CurrentUser) -> Response:
    brand_list = visible_brands(session, access)
    admin_of = [b for b in brand_list if access.has_role(b.id, Role.ADMIN.value)]
    rows = people_of_brands(session, [b.id for b in brand_list])
    people: dict[str, dict[str, Any]] = {}
    for user, role, key in rows:
        entry = people.setdefault(user.username, {"user": user, "roles": []})
        entry["roles"].append(f"{key}: {role}")
    tokens = live_tokens(session, access.user_id)
    new_token = request.session.pop("new_token", None)
    return render(
        request,
        "users.html",
        access,
        people=list(people.values()),
        admin_of=admin_of,
        roles=sorted(ROLE_RANK, key=ROLE_RANK.__getitem__),
        tokens=tokens,
        new_token=new_token,
    )


@router.post("/users")
def add_user(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()],
    brand: Annotated[str, Form()],
    display_name: Annotated[str, Form()] = "",
) -> Response:
    target = _brand_for(session, access, brand)
    require_role(access, target.id, Role.ADMIN.value)
    # Compared in normal form: "ALICE " is alice, and a brand admin must not reset her password.
    if find_user(session, username) is not None:
        flash(
            request, "error", f"user {username} already exists; an administrator changes roles with the CLI"
        )
        return _back("/users")
    try:
        do_create_user(
            session,
            username,
            password,
            role,
            [target.key],
            display_name=display_name or None,
            actor=access.username,
        )
    except UserError as exc:
        flash(request, "error", str(exc))
        return _back("/users")
    flash(request, "ok", f"User {username} added to {target.key} as {role}")
    return _back("/users")


@router.post("/tokens")
def add_token(
    request: Request, session: SessionDep, access: CurrentUser, name: Annotated[str, Form()]
) -> Response:
    user = user_by_id(session, access.user_id)
    assert user is not None
    request.session["new_token"] = do_create_api_token(
        session, user, name.strip() or "integration", actor=access.username
    )
    return _back("/users")


@router.post("/tokens/{token_id}/revoke")
def revoke_token(request: Request, session: SessionDep, access: CurrentUser, token_id: DbId) -> Response:
    try:
        tok = do_revoke_api_token(session, token_id, actor=access.username, owner_id=access.user_id)
    except UserError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    flash(request, "ok", f"Token {tok.name} revoked")
    return _back("/users")
