"""A job takes waiting receipts with it: one transaction, one ingest, each receipt marked on its own."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import ensure_brand
from calmdesk.storage.tables import Mention, WebhookReceipt
from calmdesk.workers.receipt_batch import process_receipt_batch


def body(*ids: str) -> str:
    return json.dumps({"items": [
        {"id": i, "text": f"order {i} arrived broken", "created_at": "2024-05-01T10:00:00Z",
         "author": {"handle": f"who{i}"}} for i in ids
    ]})


def add(factory: sessionmaker[Session], source: str, text: str) -> int:
    with factory.begin() as s:
        r = WebhookReceipt(source=source, digest=f"{source}-{text}"[:64], body=text)
        s.add(r)
        s.flush()
        return r.id


def test_a_batch_marks_each_receipt_and_keeps_the_bad_ones_with_their_reason(
    factory: sessionmaker[Session],
) -> None:
    with factory.begin() as s:
        ensure_brand(s, "acme")
    first = add(factory, "generic:acme", body("a1", "a2"))
    broken = add(factory, "generic:acme", "{not json")
    unknown = add(factory, "generic:nope", body("n1"))
    overlap = add(factory, "generic:acme", body("a2", "a3"))
    later = add(factory, "generic:acme", body("a4"))

    outs = process_receipt_batch(factory, first, size=4)
    assert [o.receipt_id for o in outs] == [first, broken, unknown, overlap]
    status = {o.receipt_id: o.status for o in outs}
    assert status == {first: "processed", broken: "rejected", unknown: "rejected", overlap: "processed"}
    assert sum(o.created for o in outs) == 3 and sum(o.duplicates for o in outs) == 1
    with factory() as s:
        stored = set(s.scalars(select(Mention.external_id)))
        waiting = set(s.scalars(select(WebhookReceipt.id).where(WebhookReceipt.processed_at.is_(None))))
        errors = dict(s.execute(select(WebhookReceipt.id, WebhookReceipt.error)).all())
    assert stored == {"a1", "a2", "a3"}
    assert waiting == {later}  # beyond the batch size: its own job takes it
    assert errors[broken] and errors[unknown] and "nope" in errors[unknown]
    assert errors[first] is None and errors[overlap] is None

    # The jobs of the receipts this one took find them done.
    assert [o.status for o in process_receipt_batch(factory, overlap)] == ["already"]
    assert [o.status for o in process_receipt_batch(factory, later)] == ["processed"]
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Mention)) == 4
