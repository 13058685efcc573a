"""`CALMDESK_DB_POOLER` (issue 18): what the setting changes in the engine, and a clear error for a typo.

The behaviour behind a real PgBouncer is tested in `tests/workers/test_workers_pgbouncer.py`.
"""

from __future__ import annotations

import pytest
from sqlalchemy.pool import NullPool, QueuePool

from calmdesk.storage.db import behind_pooler, make_engine

URL = "postgresql+psycopg://calmdesk@127.0.0.1:1/none"  # never connected to here


def test_unset_keeps_sqlalchemys_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALMDESK_DB_POOLER", raising=False)
    assert behind_pooler() is False
    assert isinstance(make_engine(URL).pool, QueuePool)


def test_pgbouncer_means_no_pool_of_our_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALMDESK_DB_POOLER", "PgBouncer")
    assert behind_pooler() is True
    assert isinstance(make_engine(URL).pool, NullPool)
    # SQLite is never behind a pooler: the setting does not touch it.
    assert not isinstance(make_engine("sqlite://").pool, NullPool)


def test_a_typo_is_an_error_naming_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALMDESK_DB_POOLER", "pgpool")
    with pytest.raises(ValueError, match="CALMDESK_DB_POOLER='pgpool': use one of pgbouncer"):
        make_engine(URL)
