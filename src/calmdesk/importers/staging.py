"""Rows of a file in time order, in bounded memory: in memory for a small file, else staged on disk.

Why (issue 18, item 3): a reply must be stored after the post it answers, so an import stores
rows in `created_at` order (file order among equal times), and a repeated id is reported
with the line it first appeared on. Both need the whole file. Held in memory that cost
1.6 GB at 1 M rows. Here the parsed rows are read in chunks of `chunk_rows()`: a file that
ends within the first chunk is sorted in memory as before (no cost for the usual import);
a larger one spills every chunk to a staging SQLite file in its own temporary directory,
`(created_us, line, platform, external_id, payload)` with a unique index on the id, so a
repeated id is found with its first line by one join per chunk. The rows are read back
`ORDER BY created_us, line` in batches (SQLite's external sorter spills to disk) and the
directory is removed when the import ends, however it ends.
"""

from __future__ import annotations

import gc
import marshal
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from itertools import islice
from pathlib import Path

from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.importers.common import BATCH, ImportResult, Parsed, ParsedRow, RowProblem

#: Parsed rows per chunk; a file with no more than this stays in memory.
CHUNK_ROWS = 50_000
#: Overrides CHUNK_ROWS (tests spill small files with it; the bench forces the in-memory path).
CHUNK_ENV = "CALMDESK_IMPORT_CHUNK"
#: Rows written to the staging file per statement (the first chunk too, once it is known to spill).
STAGE_SLICE = 5_000
#: The staging file's page cache, in KiB: also the sorter's memory before it spills.
STAGING_CACHE_KIB = 16_384
#: Batches read back between full garbage collections (see `_read_back`).
FULL_COLLECT_EVERY = 20

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)

Finish = Callable[[MentionIn], None]


def chunk_rows() -> int:
    value = os.environ.get(CHUNK_ENV, "")
    return max(1, int(value)) if value.strip().isdigit() else CHUNK_ROWS


class SortedRows:
    """The good rows of a file in time order: how many, and batches of them."""

    def __init__(self, total: int, batches: Callable[[int], Iterator[list[ParsedRow]]], *, staged: bool) -> None:
        self.total = total
        self.staged = staged  # read back from the staging file (else held in memory)
        self._batches = batches

    def batches(self, size: int = BATCH) -> Iterator[list[ParsedRow]]:
        return self._batches(size)


def _key(p: Parsed) -> tuple[str, str]:
    if isinstance(p, ParsedRow):
        return p.mention.platform, p.mention.external_id
    return p.platform, p.external_id


def _duplicate(result: ImportResult, label: str, line: int, ext: str, first: int) -> None:
    result.problems.append(RowProblem(line, f"duplicate {label} {ext} (first on line {first})"))


@contextmanager
def sorted_rows(
    parsed: Iterable[Parsed],
    result: ImportResult,
    *,
    dup_label: str = "id",
    finish: Finish | None = None,
    chunk: int | None = None,
) -> Iterator[SortedRows]:
    """The rows of `parsed` (file order) without repeated ids, in time order.

    A repeated id is a problem in `result` naming the line it first appeared on. `finish`
    completes each mention once the whole file has been read (the CSV importer learns which
    authors are brands as it reads). `chunk` overrides `chunk_rows()`.
    """
    size = chunk or chunk_rows()
    source = iter(parsed)
    first = list(islice(source, size))
    more = next(source, None)
    if more is None:
        rows = _in_memory(first, result, dup_label, finish)
        yield SortedRows(len(rows), lambda n: (rows[i : i + n] for i in range(0, len(rows), n)), staged=False)
        return
    first.append(more)
    with tempfile.TemporaryDirectory(prefix="calmdesk-import-") as tmp:
        con = _open_staging(Path(tmp) / "staging.sqlite3")
        try:
            total = 0
            for i in range(0, len(first), STAGE_SLICE):
                total += _stage(con, first[i : i + STAGE_SLICE], result, dup_label)
            del first
            while piece := list(islice(source, STAGE_SLICE)):
                total += _stage(con, piece, result, dup_label)
            yield SortedRows(total, lambda n: _read_back(con, n, finish), staged=True)
        finally:
            con.close()


def _in_memory(items: list[Parsed], result: ImportResult, label: str, finish: Finish | None) -> list[ParsedRow]:
    seen: dict[tuple[str, str], int] = {}
    rows: list[ParsedRow] = []
    for p in items:
        key = _key(p)
        first = seen.setdefault(key, p.line)
        if first != p.line:
            _duplicate(result, label, p.line, key[1], first)
        elif isinstance(p, ParsedRow):
            rows.append(p)
        else:
            result.problems.append(RowProblem(p.line, p.reason))
    rows.sort(key=_created_at)
    if finish is not None:
        for r in rows:
            finish(r.mention)
    return rows


def _created_at(row: ParsedRow) -> datetime:
    return row.mention.created_at


def _open_staging(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    # A scratch file: nothing to recover after a crash, so no journal and no fsync.
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute(f"PRAGMA cache_size = -{STAGING_CACHE_KIB}")
    con.execute(
        "CREATE TABLE stage (created_us INTEGER NOT NULL, line INTEGER NOT NULL, platform TEXT NOT NULL, "
        "external_id TEXT NOT NULL, payload BLOB)"
    )
    con.execute("CREATE UNIQUE INDEX stage_id ON stage (platform, external_id)")
    con.execute("CREATE TEMP TABLE chunk_ids (platform TEXT NOT NULL, external_id TEXT NOT NULL, line INTEGER)")
    return con


def _stage(con: sqlite3.Connection, items: list[Parsed], result: ImportResult, label: str) -> int:
    """Store one chunk's rows whose id is new; returns how many good rows went in."""
    firsts: dict[tuple[str, str], Parsed] = {}
    later: list[tuple[Parsed, tuple[str, str]]] = []
    for p in items:
        key = _key(p)
        if firsts.setdefault(key, p) is not p:
            later.append((p, key))
    con.execute("BEGIN")
    # Every first of the chunk goes in unless an earlier chunk staged its id (the unique index
    # skips it); only when some were skipped are they looked up, to name their first line.
    # Why: a repeated id is rare, and matching every row of every chunk against the staged
    # ones (a scratch table and a join) was a third of the staging time.
    rows = [
        ((p.mention.created_at - _EPOCH) // _US, p.line, platform, ext, _pack(p.mention))
        if isinstance(p, ParsedRow) else (0, p.line, platform, ext, None)
        for (platform, ext), p in firsts.items()
    ]
    before = con.total_changes
    con.executemany("INSERT INTO stage VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, external_id) DO NOTHING", rows)
    staged: dict[tuple[str, str], int] = {}
    if con.total_changes - before < len(rows):
        con.execute("DELETE FROM chunk_ids")
        con.executemany("INSERT INTO chunk_ids VALUES (?, ?, ?)", ((k[0], k[1], p.line) for k, p in firsts.items()))
        for platform, ext, line, first in con.execute(
            "SELECT c.platform, c.external_id, c.line, s.line FROM chunk_ids c "
            "JOIN stage s ON s.platform = c.platform AND s.external_id = c.external_id WHERE s.line <> c.line"
        ).fetchall():
            del firsts[(platform, ext)]
            staged[(platform, ext)] = first
            _duplicate(result, label, line, ext, first)
    con.execute("COMMIT")
    for p, key in later:
        _duplicate(result, label, p.line, key[1], staged[key] if key in staged else firsts[key].line)
    good = 0
    for p in firsts.values():
        if isinstance(p, ParsedRow):
            good += 1
        else:
            result.problems.append(RowProblem(p.line, p.reason))
    return good


def _read_back(con: sqlite3.Connection, size: int, finish: Finish | None) -> Iterator[list[ParsedRow]]:
    """The staged rows in time order, `size` at a time.

    The import pauses the cyclic garbage collector (`common.gc_paused`), which suits rows that
    all stay alive; here each batch is garbage once stored, and whatever it left in cycles
    (ORM sessions, rows of results) would pile up batch after batch. So the young
    generations are collected after every batch and everything every `FULL_COLLECT_EVERY`
    batches: little is alive while streaming, so each collection is short.
    """
    cur = con.execute("SELECT line, payload FROM stage WHERE payload IS NOT NULL ORDER BY created_us, line")
    n = 0
    try:
        while True:
            fetched = cur.fetchmany(size)
            if not fetched:
                return
            batch = [ParsedRow(line, _unpack(payload)) for line, payload in fetched]
            del fetched
            if finish is not None:
                for r in batch:
                    finish(r.mention)
            yield batch
            del batch
            n += 1
            if n % FULL_COLLECT_EVERY == 0:
                gc.collect()
            else:
                gc.collect(1)
    finally:
        cur.close()


def _when(dt: datetime | None) -> tuple[int, int] | None:
    """A datetime as (microseconds since the epoch, UTC offset in microseconds)."""
    if dt is None:
        return None
    offset = dt.utcoffset()
    return (dt - _EPOCH) // _US, offset // _US if offset is not None else 0


_ZONES: dict[int, timezone] = {}


def _from_when(value: tuple[int, int] | None) -> datetime | None:
    if value is None:
        return None
    us, offset = value
    at = _EPOCH + timedelta(microseconds=us)
    if not offset:
        return at
    zone = _ZONES.get(offset)
    if zone is None:
        zone = _ZONES[offset] = timezone(timedelta(microseconds=offset))
    return at.astimezone(zone)


def _pack(m: MentionIn) -> bytes:
    """A parsed mention as plain values (`marshal`: several times faster than pickling the objects)."""
    a = m.author
    return marshal.dumps((
        m.platform, m.external_id, m.text, _when(m.created_at),
        (a.handle, a.display_name, a.followers, a.verified, _when(a.created_at), a.external_id),
        m.in_reply_to, m.thread_id, m.visibility, m.direction, m.brand_handle, m.language, m.raw,
    ))


def _unpack(payload: bytes) -> MentionIn:
    """The mention `_pack` wrote. Its values were checked and cleaned when it was parsed, so the
    objects are rebuilt without running that again (`__post_init__`)."""
    (platform, external_id, text, created, author, in_reply_to, thread_id, visibility, direction, brand_handle,
     language, raw) = marshal.loads(payload)
    a = object.__new__(AuthorIn)
    a.__dict__.update(handle=author[0], display_name=author[1], followers=author[2], verified=author[3],
                      created_at=_from_when(author[4]), external_id=author[5])
    m = object.__new__(MentionIn)
    m.__dict__.update(platform=platform, external_id=external_id, text=text, created_at=_from_when(created),
                      author=a, in_reply_to=in_reply_to, thread_id=thread_id, visibility=visibility,
                      direction=direction, brand_handle=brand_handle, language=language, raw=raw)
    return m


#: The in-memory path whatever the file's size (`parse_jsonl`, `parse_twcs`: callers that want a list).
WHOLE_FILE = sys.maxsize
