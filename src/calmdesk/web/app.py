"""The FastAPI application: middleware, error pages, and the routers of the desk."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.web_sessions import SessionPolicy
from calmdesk.queries.health import ping
from calmdesk.web.auth import LoginRateLimiter, LoginRequired
from calmdesk.web.render import render
from calmdesk.web.sessions import ServerSessionMiddleware
from calmdesk.web.settings import WebSettings

STATIC_DIR = Path(__file__).parent / "static"

log = logging.getLogger(__name__)

#: Nothing on our pages comes from another origin; inline scripts and styles are not used either.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def create_app(
    factory: sessionmaker[Session],
    settings: WebSettings,
    *,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    """The desk. `clock` is the sessions' clock (tests move it to reach the idle and absolute expiry)."""
    from calmdesk.web import (
        live,
        routes_admin,
        routes_api,
        routes_delivery,
        routes_incidents,
        routes_moderation,
        routes_notifications,
        routes_pages,
        routes_reports,
        routes_team,
        routes_webhooks,
    )

    settings.check()
    app = FastAPI(
        title="calmdesk",
        summary="The calmdesk JSON API. Every endpoint needs a session or an API token (Authorization: Bearer).",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.sessionmaker = factory
    app.state.settings = settings
    app.state.login_limiter = LoginRateLimiter(settings.login_attempts, settings.login_window_s)
    app.add_middleware(
        ServerSessionMiddleware,
        factory=factory,
        policy=SessionPolicy(
            secret_key=settings.secret_key,
            idle_s=settings.session_idle_s,
            max_age_s=settings.session_max_age_s,
        ),
        https_only=settings.secure_cookies,
        clock=clock,
    )

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "login required"}, status_code=401)
        nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(nxt, safe='')}", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render(
            request,
            "error.html",
            getattr(request.state, "access", None),
            status_code=exc.status_code,
            status=exc.status_code,
            detail=exc.detail,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"field": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        if _wants_json(request):
            return JSONResponse({"detail": problems}, status_code=422)
        detail = "; ".join(f"{p['field']}: {p['problem']}" for p in problems)
        return render(
            request,
            "error.html",
            getattr(request.state, "access", None),
            status_code=422,
            status=422,
            detail=detail,
        )

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        with factory() as s:
            ping(s)
        return {"status": "ok"}

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(routes_pages.router)
    app.include_router(routes_reports.router)
    app.include_router(routes_admin.router)
    app.include_router(routes_api.router)
    app.include_router(routes_webhooks.router)
    app.include_router(routes_delivery.router)
    app.include_router(live.router)
    app.include_router(routes_moderation.router)
    app.include_router(routes_notifications.router)
    app.include_router(routes_team.router)
    app.include_router(routes_team.api)
    app.include_router(routes_incidents.router)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        # The detail goes to the log under an incident id; the page only says something failed.
        incident = secrets.token_hex(4)
        log.error("incident %s on %s %s", incident, request.method, request.url.path, exc_info=exc)
        detail = f"Something went wrong on our side (incident {incident}); it has been logged."
        if _wants_json(request):
            return JSONResponse({"detail": detail}, status_code=500)
        return render(
            request, "error.html", getattr(request.state, "access", None), status_code=500, status=500, detail=detail
        )

    return app
