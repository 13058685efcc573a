"""Signed platform webhooks: verify, store the raw body once, enqueue, answer at once.

The order is what makes "accepted" mean "durable":
1. verify the signature over the raw bytes (401 and nothing stored when it fails);
2. insert a `WebhookReceipt` (raw body; unique digest, so a replay is stored once: 200);
3. production (PostgreSQL): enqueue the job in the same transaction, so the receipt and its
   job exist together or not at all; embedded (SQLite): process it right after the commit
   (a failure there leaves the receipt for the embedded worker to retry);
4. answer 202. A database that is down answers 503, so the platform sends it again.

Secrets come from the environment: `CALMDESK_WEBHOOK_SECRET` (generic),
`CALMDESK_META_APP_SECRET` and `CALMDESK_META_VERIFY_TOKEN` (Meta),
`CALMDESK_X_CONSUMER_SECRET` (X). An endpoint without its secret answers 503 and stores nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from calmdesk.actions.brands import NotFound, get_brand
from calmdesk.actions.receipts import do_store_receipt
from calmdesk.channels._common import signatures
from calmdesk.channels._meta import webhook as meta_sig
from calmdesk.channels.receipts import receipt_source_generic
from calmdesk.channels.webhook import signature as generic_sig
from calmdesk.channels.x import webhook as x_sig
from calmdesk.workers import jobs
from calmdesk.workers.mode import is_production

log = logging.getLogger("calmdesk.webhooks")

#: Bodies larger than this are refused (413) before anything is stored.
MAX_BODY_BYTES = 5 * 1024 * 1024


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """With CALMDESK_EMBEDDED_WORKER=1 on SQLite, run the background jobs in this process."""
    runner = None
    factory = getattr(app.state, "sessionmaker", None)
    if (
        factory is not None
        and os.environ.get("CALMDESK_EMBEDDED_WORKER", "0") == "1"
        and not is_production(factory)
    ):
        from calmdesk.workers.embedded import EmbeddedRunner

        runner = EmbeddedRunner(factory).start()
        app.state.embedded_runner = runner
    try:
        yield
    finally:
        if runner is not None:
            runner.stop()


router = APIRouter(include_in_schema=False, lifespan=_lifespan)


def _secret(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise HTTPException(503, f"this webhook is not configured ({name} is unset)")
    return value


async def _read_body(request: Request) -> bytes:
    """The body, read chunk by chunk and refused (413) as soon as it passes `MAX_BODY_BYTES`.

    Why streamed (issue 17, item 6): a chunked body has no Content-Length, and reading it whole
    first let a 400 MiB POST with a bad signature grow the server by 800 MB before its 413.
    Memory held here never exceeds the limit plus one chunk, whatever the sender declares."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise HTTPException(413, f"body larger than {MAX_BODY_BYTES} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise HTTPException(413, f"body larger than {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _store_receipt(factory: sessionmaker[Session], source: str, digest: str, body: bytes) -> tuple[int, bool]:
    """Insert the receipt (and its job, in production). Returns (id, created)."""
    try:
        text_body = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"body is not UTF-8 (byte {exc.start})") from exc
    if "\x00" in text_body:
        # A raw NUL byte is never valid JSON, and PostgreSQL cannot store it; an escaped
        # "\u0000" inside a string is fine: the body is kept as sent, the parser cleans it.
        raise HTTPException(400, f"body contains a NUL byte (byte {body.index(0)}); not valid JSON")
    then = None
    if is_production(factory):
        from calmdesk.workers.queue import enqueue_receipts

        def then(session: Session, receipt_id: int) -> None:
            enqueue_receipts(session, [receipt_id])

    return do_store_receipt(factory, source, digest, text_body, then=then)


def _accept(factory: sessionmaker[Session], source: str, digest: str, body: bytes) -> Response:
    try:
        receipt_id, created = _store_receipt(factory, source, digest, body)
    except OperationalError as exc:
        log.warning("webhook refused, database unavailable: %s", exc)
        raise HTTPException(503, "database unavailable; send again later") from exc
    if not created:
        return JSONResponse({"status": "duplicate", "receipt": receipt_id}, status_code=200)
    response = JSONResponse({"status": "accepted", "receipt": receipt_id}, status_code=202)
    if not is_production(factory):
        # Embedded mode: parse, ingest and triage after the answer has gone, never in the
        # request path (issue 17, item 2), so a large body delays no sender.
        response.background = BackgroundTask(_process_embedded, factory, receipt_id)
    return response


def _process_embedded(factory: sessionmaker[Session], receipt_id: int) -> None:
    try:
        jobs.process_receipt(factory, receipt_id)
    except Exception:  # stored: the embedded worker retries it
        log.exception("receipt %s stored; processing deferred to the embedded worker", receipt_id)


def _factory(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    return factory


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(len(p).to_bytes(8, "big"))
        h.update(p)
    return h.hexdigest()


def _brand_exists(factory: sessionmaker[Session], key: str) -> bool:
    with factory() as session:
        try:
            get_brand(session, key)
        except NotFound:
            return False
        return True


@router.post("/webhooks/generic/{brand}")
async def generic_webhook(brand: str, request: Request) -> Response:
    """calmdesk's own signed format (see `calmdesk.channels.webhook.parser`)."""
    secret = _secret("CALMDESK_WEBHOOK_SECRET")
    body = await _read_body(request)
    try:
        ts = generic_sig.verify_generic(body, dict(request.headers), secret, now=time.time())
    except signatures.SignatureError as exc:
        raise HTTPException(401, str(exc)) from exc
    factory = _factory(request)
    source = receipt_source_generic(brand)
    if len(source) > 50 or not await run_in_threadpool(_brand_exists, factory, brand):
        raise HTTPException(404, f"no brand {brand!r}")
    digest = _digest(source.encode(), str(ts).encode(), body)
    return await run_in_threadpool(_accept, factory, source, digest, body)


@router.get("/webhooks/meta")
async def meta_handshake(request: Request) -> Response:
    """Meta's subscription check: echo hub.challenge when the verify token matches."""
    token = _secret("CALMDESK_META_VERIFY_TOKEN")
    try:
        challenge = meta_sig.meta_challenge(dict(request.query_params), token)
    except signatures.SignatureError as exc:
        raise HTTPException(403, str(exc)) from exc
    return PlainTextResponse(challenge)


@router.post("/webhooks/meta")
async def meta_webhook(request: Request) -> Response:
    secret = _secret("CALMDESK_META_APP_SECRET")
    body = await _read_body(request)
    try:
        meta_sig.verify_meta(body, request.headers.get(meta_sig.META_SIGNATURE_HEADER), secret)
    except signatures.SignatureError as exc:
        raise HTTPException(401, str(exc)) from exc
    # Meta re-delivers identical bodies; the body digest makes each stored once.
    return await run_in_threadpool(_accept, _factory(request), "meta", _digest(b"meta", body), body)


@router.get("/webhooks/x")
async def x_crc(request: Request) -> dict[str, Any]:
    """X's challenge-response check (`?crc_token=`)."""
    secret = _secret("CALMDESK_X_CONSUMER_SECRET")
    try:
        return x_sig.x_crc_response(request.query_params.get("crc_token", ""), secret)
    except signatures.SignatureError as exc:
        raise HTTPException(400, str(exc)) from exc


@router.post("/webhooks/x")
async def x_webhook(request: Request) -> Response:
    secret = _secret("CALMDESK_X_CONSUMER_SECRET")
    body = await _read_body(request)
    try:
        x_sig.verify_x(body, request.headers.get(x_sig.X_SIGNATURE_HEADER), secret)
    except signatures.SignatureError as exc:
        raise HTTPException(401, str(exc)) from exc
    return await run_in_threadpool(_accept, _factory(request), "x", _digest(b"x", body), body)
