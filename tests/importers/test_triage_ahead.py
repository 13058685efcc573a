"""Import with triage on two cores (`importers.triage_ahead`): the next batch's text-only signals
come from a forked worker, and every stored result is the same as with triage in one process."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_bulk_derived import snapshot, write_twcs

from calmdesk.bootstrap import open_store
from calmdesk.importers import triage_ahead
from calmdesk.importers.common import ImportResult, ingest_rows
from calmdesk.importers.twcs import sorted_twcs


def test_signals_ahead_change_no_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not triage_ahead.available():
        pytest.skip("no fork or a single core here: the import triages in one process")
    path = write_twcs(tmp_path / "t.csv", 600)
    used: list[int] = []
    real_close = triage_ahead.SignalsAhead.close

    def close(self: triage_ahead.SignalsAhead) -> None:
        used.append(self.kept)
        real_close(self)

    monkeypatch.setattr(triage_ahead.SignalsAhead, "close", close)
    stores = {}
    for ahead in (False, True):
        f = open_store(f"sqlite:///{tmp_path}/{ahead}.sqlite3")
        result = ImportResult(path=str(path))
        with sorted_twcs(path, result) as rows:
            ingest_rows(f, rows.batches(120), result, brand_key=None, auto_create_brands=True, run_hooks=True,
                        ahead=ahead)
        stores[ahead] = (result.imported, result.ingest.cases_created, snapshot(f))
    assert used and used[0] > 100  # the worker computed the signals of most batches' new texts
    alone, two = stores[False], stores[True]
    assert alone[:2] == two[:2]
    for key in alone[2]:
        assert alone[2][key] == two[2][key], key
    assert any(row[6] for row in alone[2]["mentions"])  # triage results stored, and compared


def test_off_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALMDESK_IMPORT_TRIAGE_AHEAD", raising=False)
    assert not triage_ahead.enabled()
    monkeypatch.setenv("CALMDESK_IMPORT_TRIAGE_AHEAD", "1")
    assert triage_ahead.enabled() == triage_ahead.available()
