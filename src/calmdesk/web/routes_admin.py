"""Admin in the browser: channel health, connecting a channel, testing it; the first-run page.

Connecting is for an admin of the brand (or a global admin); credentials typed here go to the
encrypted store through `actions.channel_admin` and are never echoed back, logged or kept in a
flash message. The first-run page creates the first administrator, and only while no user exists
and only for a browser on this machine (see `_from_this_machine`).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from calmdesk.actions.channel_admin import ChannelAdminError, do_check_channel, do_connect_channel
from calmdesk.actions.first_run import do_create_first_admin
from calmdesk.actions.users import Role, UserError
from calmdesk.channels import REGISTRY
from calmdesk.queries.desk import brand_by_key, visible_brands, visible_channels
from calmdesk.queries.people import has_any_user
from calmdesk.web.auth import CurrentUser, csrf_protect, require_role
from calmdesk.web.deps import DbId, SessionDep
from calmdesk.web.render import flash, render

if TYPE_CHECKING:
    from calmdesk.storage.tables import Channel

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)

#: What each credential is called on the platform's side, for the form's labels.
CREDENTIAL_HELP = {
    "token": "access token (bearer)",
    "app_password": "app password",
    "password": "mailbox password",
}


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def health_of(channel: Channel) -> str:
    """ok, failing, never polled or disabled: the same words as `calmdesk channels status`."""
    if not channel.enabled:
        return "disabled"
    last_ok, last_err = channel.last_success_at, channel.last_error_at
    if last_err and (last_ok is None or last_err > last_ok):
        return "failing"
    if last_ok is None:
        return "never polled"
    return "ok"


@router.get("/channels", response_class=HTMLResponse)
def channels(request: Request, session: SessionDep, access: CurrentUser) -> Response:
    rows = [
        {
            "channel": ch,
            "brand": key,
            "health": health_of(ch),
            "can_admin": access.has_role(ch.brand_id, Role.ADMIN.value),
            # Review sites and webhooks push to us; there is no platform API to ask.
            "testable": ch.platform in REGISTRY,
        }
        for ch, key in visible_channels(session, access)
    ]
    admin_brands = [b for b in visible_brands(session, access) if access.has_role(b.id, Role.ADMIN.value)]
    return render(request, "channels.html", access, rows=rows, can_connect=bool(admin_brands))


@router.get("/channels/new", response_class=HTMLResponse)
def new_channel(
    request: Request, session: SessionDep, access: CurrentUser, platform: str = "", brand: str = ""
) -> Response:
    admin_brands = [b for b in visible_brands(session, access) if access.has_role(b.id, Role.ADMIN.value)]
    if not admin_brands:
        raise HTTPException(status_code=403, detail="connecting a channel needs the admin role for a brand")
    if platform and platform not in REGISTRY:
        raise HTTPException(status_code=404, detail=f"no connector for platform {platform!r}")
    return render(
        request,
        "channel_new.html",
        access,
        platforms=sorted(REGISTRY),
        platform=platform,
        credentials=[(n, CREDENTIAL_HELP.get(n, n)) for n in REGISTRY[platform].credential_names]
        if platform
        else [],
        default_base_url=REGISTRY[platform].default_base_url if platform else "",
        brands=admin_brands,
        brand=brand,
        form={},
        error="",
    )


@router.post("/channels/new", response_class=HTMLResponse)
def connect_channel(
    request: Request,
    session: SessionDep,
    access: CurrentUser,
    platform: Annotated[str, Form()],
    brand: Annotated[str, Form()],
    handle: Annotated[str, Form()] = "",
    base_url: Annotated[str, Form()] = "",
    settings: Annotated[str, Form()] = "",
    credential_token: Annotated[str, Form()] = "",
    credential_app_password: Annotated[str, Form()] = "",
    credential_password: Annotated[str, Form()] = "",
) -> Response:
    target = brand_by_key(session, brand)
    if target is None or not access.can_see(target.id):
        raise HTTPException(status_code=404, detail=f"no brand {brand!r}")
    require_role(access, target.id, Role.ADMIN.value)
    cls = REGISTRY.get(platform)
    names = cls.credential_names if cls else ()
    typed = {"token": credential_token, "app_password": credential_app_password, "password": credential_password}
    credentials = {n: typed.get(n, "") for n in names}
    try:
        channel = do_connect_channel(
            session,
            target,
            platform,
            handle,
            credentials,
            actor=access.username,
            base_url=base_url,
            settings_text=settings,
        )
    except ChannelAdminError as exc:
        session.rollback()
        admin_brands = [b for b in visible_brands(session, access) if access.has_role(b.id, Role.ADMIN.value)]
        # The form comes back as typed, except the credentials: they are never sent back to a page.
        return render(
            request,
            "channel_new.html",
            access,
            status_code=422,
            platforms=sorted(REGISTRY),
            platform=platform if cls else "",
            credentials=[(n, CREDENTIAL_HELP.get(n, n)) for n in names],
            default_base_url=cls.default_base_url if cls else "",
            brands=admin_brands,
            brand=target.key,
            form={"handle": handle, "base_url": base_url, "settings": settings},
            error=str(exc),
        )
    flash(request, "ok", f"{platform} @{channel.handle} connected to {target.key}; credentials stored encrypted. "
          "Test the connection below.")
    return _back(f"/channels#channel-{channel.id}")


@router.post("/channels/{channel_id}/test")
def test_channel(request: Request, session: SessionDep, access: CurrentUser, channel_id: DbId) -> Response:
    found = next(((ch, key) for ch, key in visible_channels(session, access) if ch.id == channel_id), None)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no channel #{channel_id}")
    channel, _ = found
    require_role(access, channel.brand_id, Role.ADMIN.value)
    outcome = do_check_channel(session, channel, actor=access.username)
    if outcome.ok:
        flash(request, "ok", f"Connection works: {outcome.message}")
    else:
        flash(request, "error", f"Connection test failed for {channel.platform} @{channel.handle}: {outcome.message}")
    return _back(f"/channels#channel-{channel.id}")


# --- first run --------------------------------------------------------------------------------


def _from_this_machine(request: Request) -> bool:
    """A browser on this machine, not one relayed by a proxy (a proxy on this host looks local).

    Why not trust a local address alone: behind nginx on the same host every visitor arrives
    from 127.0.0.1, so a request that carries forwarding headers is treated as remote.
    """
    if any(h in request.headers for h in ("x-forwarded-for", "forwarded", "x-real-ip")):
        return False
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _first_run_allowed(request: Request, session: SessionDep) -> None:
    if has_any_user(session):
        raise HTTPException(status_code=404, detail="this desk is set up; log in")
    if not _from_this_machine(request):
        raise HTTPException(
            status_code=403,
            detail="the first administrator is created from this machine only (http://127.0.0.1), "
            "or with `calmdesk users add --admin NAME`",
        )


@router.get("/setup", response_class=HTMLResponse)
def setup_page(request: Request, session: SessionDep) -> Response:
    _first_run_allowed(request, session)
    return render(request, "setup.html", None, error="", username="", display_name="")


@router.post("/setup", response_class=HTMLResponse)
def setup(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    password_again: Annotated[str, Form()],
    display_name: Annotated[str, Form()] = "",
) -> Response:
    _first_run_allowed(request, session)
    error = ""
    if password != password_again:
        error = "the two passwords differ"
    else:
        try:
            user = do_create_first_admin(session, username, password, display_name)
        except UserError as exc:
            error = str(exc)
    if error:
        return render(
            request, "setup.html", None, status_code=422, error=error, username=username, display_name=display_name
        )
    request.session.clear()
    request.session["uid"] = user.id
    flash(request, "ok", f"Welcome, {user.display_name}. Next: add a brand (calmdesk brands add) and connect a channel.")
    return _back("/channels")
