"""Import with triage on two cores: the text-only triage signals of the next batch are computed in
a second process while this one writes the current batch (issue 18).

What moves: `Triage.compute_signals` (sentiment, complaint score, PII, escalation, offensive,
language, topic: pure functions of a post's text and the brand's topics and languages), about a
quarter of triage's time. What stays: everything that reads the store or stream state (burst
window, authors, customers, earlier cases, the case moves) and every write, in batch order in
this process, as before. The signals come back before their batch is triaged and go into the
cache of each engine with the same `signal_key` (`Triage.keep_signals`), where `score` would
otherwise have computed them: the same values, so the same results in the same order. An
engine whose brand has other topics or languages computes its own, as before.

The worker is a fork of this process made once the first batch has built an engine (the
models and lookup tables are then shared copy-on-write), one batch in flight at a time.

Off by default (`CALMDESK_IMPORT_TRIAGE_AHEAD=1` turns it on, where there is more than one core
and fork): measured on 20,000 rows of `bench/import_bench.py`'s file the worker took 1.0 of
about 11 CPU-s, and the parent's time varied more than that between runs on the shared
two-core machine (100,000 rows with triage: 67.0 s wall / 64.5 CPU-s with it, 68.1 / 62.9
without, load 2-4). The rest of triage reads what the previous batch wrote (burst window,
earlier cases, customers) and cannot move to the worker without changing results.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from calmdesk.domain.mentions import MentionIn

#: The engine the forked worker computes with (set in the parent just before the fork).
_TEMPLATE: Any = None


def _compute(texts: list[str]) -> list[Any]:
    return list(_TEMPLATE.compute_signals(texts))


def available() -> bool:
    """More than one core, and processes can be forked."""
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def enabled() -> bool:
    """`CALMDESK_IMPORT_TRIAGE_AHEAD=1` asks for the worker (off by default: see the module's doc)."""
    return os.environ.get("CALMDESK_IMPORT_TRIAGE_AHEAD", "").strip() == "1" and available()


class SignalsAhead:
    """One batch's signals in flight in a worker process; `start` the next batch, `finish` before
    triaging it, `close` at the end (also after an error)."""

    def __init__(self) -> None:
        self._pool: Pool | None = None
        self._template: Any = None
        self._pending: tuple[list[str], AsyncResult[list[Any]]] | None = None
        #: Texts whose signals came from the worker (for tests and the curious).
        self.kept = 0

    def start(self, batch: Sequence[MentionIn]) -> None:
        """Hand the inbound texts of `batch` (the next one) to the worker; nothing before the
        first engine exists or while a batch is in flight."""
        if self._pending is not None:
            return
        if self._pool is None:
            from calmdesk.actions.triage import kept_engines

            engines = kept_engines()
            if not engines:
                return
            global _TEMPLATE
            self._template = _TEMPLATE = engines[-1]
            self._pool = multiprocessing.get_context("fork").Pool(1)
        texts = self._template.texts_to_signal(m.text for m in batch if m.direction == "inbound")
        if texts:
            self._pending = (texts, self._pool.apply_async(_compute, (texts,)))

    def finish(self) -> None:
        """Wait for the batch in flight and give its signals to every engine that computes the same."""
        if self._pending is None:
            return
        texts, result = self._pending
        self._pending = None
        signals = result.get()
        from calmdesk.actions.triage import kept_engines

        for engine in kept_engines():
            if engine.signal_key == self._template.signal_key:
                engine.keep_signals(texts, signals)
        self.kept += len(texts)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        self._pending = None
