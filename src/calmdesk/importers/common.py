"""What every importer shares: row problems with line numbers, time order, batching into ingest."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.ingest import IngestReport, do_ingest_mentions
from calmdesk.domain.mentions import MentionIn

BATCH = 5000
#: Warnings kept for the summary (each is also counted in `ImportResult.warnings_total`).
KEEP_WARNINGS = 100


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (unreadable, wrong columns); nothing was stored."""


@dataclass
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportResult:
    path: str
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)
    #: Warnings from ingest, all of them (`ingest.warnings` keeps the first `KEEP_WARNINGS`).
    warnings_total: int = 0

    @property
    def imported(self) -> int:
        return self.ingest.created

    @property
    def duplicates(self) -> int:
        return self.ingest.duplicates


@dataclass
class ParsedRow:
    line: int
    mention: MentionIn


@dataclass(frozen=True)
class IdClaim:
    """A refused row that still holds its id: a later row with the same id is its duplicate.

    Why: the CSV importer has always counted a row's id as seen once the id itself was
    readable, even when the row was refused later, and reports a repeat of such a row as a
    duplicate; `reason` (the refusal) is reported only when the row is not itself a repeat.
    """

    line: int
    platform: str
    external_id: str
    reason: str


#: What a parser yields, in file order.
Parsed = ParsedRow | IdClaim


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file is parsed and stored.

    Why: an import allocates millions of small objects (rows, mentions, column values) that
    all stay alive until it ends, and each allocation burst sets off a collection that walks
    them again; at 100,000 rows that was a fifth of the import's time, for no garbage. Reference
    counting still frees everything that is not part of a cycle. The collector's previous
    state is restored afterwards, even when the import fails.

    On the way out, everything still alive is handed to the oldest generation (freeze, then
    unfreeze) instead of the youngest, so the first collection after the import does not walk
    every row once more (a further 0.2 s at 100,000 rows); a full collection still sees them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


#: SQLite page cache for an import, in KiB (a negative cache_size is KiB): 64 MiB.
IMPORT_CACHE_KIB = 65_536


def _roomy_page_cache(session: Session) -> None:
    """On SQLite, give the import's connection a 64 MiB page cache (the default is 2 MiB).

    Why: an import updates index pages all over a growing database, and with the small
    default cache SQLite keeps reading the same pages back from the operating system
    (about 2 % of a 100,000-row import). Only this connection's cache grows, up to the limit.
    """
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")


def ingest_rows(
    factory: sessionmaker[Session],
    batches: Iterable[Sequence[ParsedRow]],
    result: ImportResult,
    *,
    brand_key: str | None,
    auto_create_brands: bool,
    progress: Callable[[int], None] | None = None,
    run_hooks: bool = True,
    bulk_derived: bool | None = None,
) -> None:
    """Ingest batch by batch (`importers.staging.sorted_rows` gives them in time order),
    committing each, so a problem late in a big file keeps what came before.

    On SQLite the batch's search index, open-case deltas and report figures are written
    set-based (`storage.derived`) rather than by the per-row insert triggers;
    `bulk_derived=False`, or `CALMDESK_IMPORT_PER_ROW=1` when it is not given, keeps the
    triggers (the path before, for comparisons).

    Only counts and a few warnings are kept from each batch's report: the ids of every stored
    mention and case would grow with the file (about 36 bytes each in Python, 360 MB at 10 M).
    """
    if bulk_derived is None:
        bulk_derived = os.environ.get("CALMDESK_IMPORT_PER_ROW", "") != "1"
    for rows in batches:
        batch = [r.mention for r in rows]
        with factory.begin() as session:
            _roomy_page_cache(session)
            report = do_ingest_mentions(
                session, batch, brand_key=brand_key, auto_create_brands=auto_create_brands, actor="import",
                run_hooks=run_hooks, bulk_derived=bulk_derived,
            )
        if report.rejected:
            line_of = {(r.mention.platform, r.mention.external_id): r.line for r in rows}
            for ext, reason in report.rejected:
                line = next((line_of[(m.platform, ext)] for m in batch if m.external_id == ext), 0)
                result.problems.append(RowProblem(line, f"id {ext}: {reason}"))
        report.rejected = []
        report.mention_ids = []
        report.case_ids_created = []
        report.case_ids_touched = set()
        result.warnings_total += len(report.warnings)
        report.warnings = report.warnings[: max(0, KEEP_WARNINGS - len(result.ingest.warnings))]
        result.ingest.merge(report)
        if progress:
            progress(len(batch))
