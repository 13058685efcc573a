"""Template rendering. Autoescape is on for every template: text from the public is inert."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from calmdesk.actions.users import Access
from calmdesk.domain.localtime import local_time
from calmdesk.domain.search_terms import highlight
from calmdesk.domain.states import DRAFT_UNSENT, CompensationStatus, DraftStatus, OutboxStatus
from calmdesk.web.auth import csrf_token

templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
)


@pass_context
def _when(ctx: Context, value: datetime | None) -> str:
    """Pages that belong to one brand put its zone in `tz`; the rest show UTC, and say so."""
    return local_time(value, ctx.get("tz"))


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def safe_link(url: str | None) -> Markup:
    """A link from the public: only http(s), opened without referrer or opener; anything else as text."""
    if not url:
        return Markup("")
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return escape(url)
    return Markup('<a href="{0}" rel="noopener noreferrer nofollow" target="_blank">{0}</a>').format(
        url.strip()
    )


#: Set by `calmdesk demo` to the sandbox platform's address (calmdesk.demo.sandbox).
SANDBOX_URL_ENV = "CALMDESK_DEMO_SANDBOX_URL"

#: Elements `marked` may wrap words in (fixed names: never taken from a request).
_MARK_TAGS = frozenset({"mark", "b"})


def marked(text: str | None, terms: list[str], tag: str = "mark", prefix: str = "") -> Markup:
    """`text` escaped, with the searched words (or, with `prefix="@"`, the `@names`) wrapped in
    `<mark>` (or `<b>`).

    Each segment goes through `escape` or `Markup.format`, which escapes too, so a post that
    holds HTML stays text however the words fall in it."""
    if tag not in _MARK_TAGS:
        raise ValueError(f"marked: tag {tag!r} not allowed")
    out = Markup("")
    for seg in highlight(text or "", [prefix + str(t) for t in terms]):
        out += Markup("<{0}>{1}</{0}>").format(Markup(tag), seg.text) if seg.hit else escape(seg.text)
    return out


templates.env.filters["when"] = _when
templates.env.filters["marked"] = marked
templates.env.filters["iso"] = _iso
templates.env.filters["safe_link"] = safe_link
# Templates compare statuses with the enums, never with bare strings (domain/states.py).
templates.env.globals.update(
    DraftStatus=DraftStatus,
    OutboxStatus=OutboxStatus,
    CompensationStatus=CompensationStatus,
    DRAFT_UNSENT=DRAFT_UNSENT,
)


def flash(request: Request, kind: str, text: str) -> None:
    messages = list(request.session.get("flash", []))
    messages.append([kind, text])
    request.session["flash"] = messages[-5:]


def render(
    request: Request, name: str, access: Access | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    context.update(
        access=access,
        csrf=csrf_token(request),
        flashes=request.session.pop("flash", []),
        path=request.url.path,
        # The demo's sandbox platform (calmdesk demo sets it): admins get a link to what it received.
        sandbox_url=os.environ.get(SANDBOX_URL_ENV) or None,
    )
    return templates.TemplateResponse(request, name, context, status_code=status_code)
