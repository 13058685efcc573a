"""`GET /metrics`: the Prometheus text exposition of the whole desk (`calmdesk.metrics`).

Protected by its own bearer token from `CALMDESK_METRICS_TOKEN` rather than a user's API token:
a scraper is not a person and must not be able to read cases. With no token configured the
endpoint does not exist (404), so a desk exposes nothing it did not ask for.
"""

from __future__ import annotations

import hmac
import os

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from calmdesk.metrics import CONTENT_TYPE, render_metrics

TOKEN_ENV = "CALMDESK_METRICS_TOKEN"

router = APIRouter()


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    expected = os.environ.get(TOKEN_ENV, "")
    if not expected:
        raise HTTPException(status_code=404, detail="Not Found")
    scheme, _, sent = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(sent.strip().encode(), expected.encode()):
        raise HTTPException(
            status_code=401,
            detail="metrics need Authorization: Bearer $CALMDESK_METRICS_TOKEN",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    body = await run_in_threadpool(render_metrics, request.app.state.sessionmaker)
    return Response(content=body, media_type=CONTENT_TYPE, headers={"Cache-Control": "no-store"})
