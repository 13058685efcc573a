"""A job takes waiting receipts with it: one transaction, one ingest, each receipt marked on its own."""

from __future__ import annotations

import json

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import ensure_brand
from calmdesk.storage.db import make_sessionmaker
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


def _refuse_in_the_database(engine_url: str, sqlstate: str) -> None:
    """A real database-side refusal: a trigger that raises for one word, as a bad value would."""
    from sqlalchemy import create_engine, text

    eng = create_engine(engine_url)
    with eng.begin() as c:
        c.execute(text(
            "CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN "
            "IF NEW.text LIKE '%poison%' THEN "
            f"RAISE EXCEPTION 'refused by the test' USING ERRCODE = '{sqlstate}'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql"
        ))
        c.execute(text("CREATE TRIGGER refuse_poison BEFORE INSERT ON mentions "
                       "FOR EACH ROW EXECUTE FUNCTION refuse_poison()"))
    eng.dispose()


def _poisoned(i: str) -> str:
    return json.dumps({"items": [{"id": i, "text": "poison in this post", "created_at": "2024-05-01T10:00:00Z",
                                  "author": {"handle": f"who{i}"}}]})


def test_a_value_the_database_refuses_marks_that_receipt_and_spares_the_others(pg_url: str, pg_engine: Engine) -> None:
    """Issue 17 item 5: a batch that fails in the database must not leave a silent, forever-waiting receipt."""
    factory = make_sessionmaker(pg_engine)
    _refuse_in_the_database(pg_url, "22023")
    with factory.begin() as s:
        ensure_brand(s, "acme")
    bad = add(factory, "generic:acme", _poisoned("p1"))
    good = add(factory, "generic:acme", body("g1"))

    outs = process_receipt_batch(factory, bad, size=10)
    assert [(o.receipt_id, o.status) for o in outs] == [(bad, "rejected")]
    assert "refused by the test" in (outs[0].error or "")
    # the good receipt the failed batch had taken is still waiting for its own job, which stores it
    assert [o.status for o in process_receipt_batch(factory, good, size=10)] == ["processed"]
    with factory() as s:
        assert set(s.scalars(select(Mention.external_id))) == {"g1"}
        errors = dict(s.execute(select(WebhookReceipt.id, WebhookReceipt.error)).all())
    assert errors[good] is None and "refused" in (errors[bad] or "")


def test_an_unexpected_failure_is_written_on_the_waiting_receipt(pg_url: str, pg_engine: Engine) -> None:
    factory = make_sessionmaker(pg_engine)
    _refuse_in_the_database(pg_url, "XX000")  # internal_error: not a data error, retried by the queue
    with factory.begin() as s:
        ensure_brand(s, "acme")
    bad = add(factory, "generic:acme", _poisoned("p2"))
    import pytest

    with pytest.raises(Exception, match="refused by the test"):
        process_receipt_batch(factory, bad, size=10)
    with factory() as s:
        receipt = s.get(WebhookReceipt, bad)
        assert receipt is not None
        assert receipt.processed_at is None  # still waiting: the queue retries the job
        assert receipt.error and "will be retried" in receipt.error


def test_a_receipt_in_another_workers_open_batch_is_left_to_it_without_waiting(pg_engine: Engine) -> None:
    """Two workers ingest side by side: a job whose receipt another worker's batch holds returns
    at once ("taken") instead of queueing behind that batch's lock, and the next job works."""
    import threading

    from calmdesk.actions.receipts import do_ingest_receipt_batch

    factory = make_sessionmaker(pg_engine)
    with factory.begin() as s:
        ensure_brand(s, "acme")
    first = add(factory, "generic:acme", body("t1"))
    held = add(factory, "generic:acme", body("t2"))
    with factory.begin() as worker_a:
        outs = do_ingest_receipt_batch(worker_a, first, 2)  # worker A's batch: first and held, not committed
        assert [o.receipt_id for o in outs] == [first, held]
        later = add(factory, "generic:acme", body("t3"))  # arrives while A's batch is open
        result: dict[str, list[str]] = {}

        def worker_b() -> None:
            result["held"] = [o.status for o in process_receipt_batch(factory, held, size=10)]
            result["later"] = [o.status for o in process_receipt_batch(factory, later, size=10)]

        b = threading.Thread(target=worker_b)
        b.start()
        b.join(30)
        assert not b.is_alive(), "worker B waited for worker A's batch"
        assert result == {"held": ["taken"], "later": ["processed"]}
    with factory() as s:
        assert set(s.scalars(select(Mention.external_id))) == {"t1", "t2", "t3"}
        assert not list(s.scalars(select(WebhookReceipt.id).where(WebhookReceipt.processed_at.is_(None))))
