"""CSV records with line numbers, where a broken quote costs one line, not the rest of the file.

Why (issue 17, item 7): Python's csv reader treats an unterminated quote as the start of a
field that runs to the next quote character, possibly at the end of the file. One stray `"`
in a tweet swallowed every row after it into one field, reported as a single "wrong number
of fields" problem, and the rows were lost (or, in the customers file, merged into a name).
Here a record that spans several physical lines *and* comes out with the wrong number of
fields is taken for what it almost always is, a quote opened and never closed: its first
line is reported ("unterminated quote") and reading starts again on the next line, so every
row after it is read as written. Multi-line fields that are properly quoted still work.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: Largest field accepted (csv's own default is 128 KiB, and a longer field raised csv.Error).
#: Long public posts are legal input; triage reads a bounded prefix of them.
FIELD_LIMIT = 64 * 1024 * 1024
csv.field_size_limit(min(FIELD_LIMIT, sys.maxsize))


@dataclass(frozen=True)
class Record:
    line: int  # first physical line of the record, 1-based
    fields: list[str]


@dataclass(frozen=True)
class BadRecord:
    line: int
    reason: str


class _Lines:
    """The file's physical lines, read one at a time, with a position that can be moved back.

    Only the lines from the current record's first line on are kept (`forget_before`), so a
    file of any size is read in bounded memory: moving back never goes further than the line
    after the start of the record being read.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self._source = iter(lines)
        self._kept: list[str] = []
        self._base = 0  # line index of _kept[0]
        self._ended = False
        self.pos = 0

    def __iter__(self) -> _Lines:
        return self

    def _fill(self, index: int) -> bool:
        """Read ahead until line `index` is kept; False when the file has fewer lines."""
        while index >= self._base + len(self._kept):
            if self._ended:
                return False
            nxt = next(self._source, None)
            if nxt is None:
                self._ended = True
                return False
            self._kept.append(nxt)
        return True

    def __next__(self) -> str:
        if not self._fill(self.pos):
            raise StopIteration
        line = self._kept[self.pos - self._base]
        self.pos += 1
        return line

    def line(self, index: int) -> str:
        self._fill(index)
        return self._kept[index - self._base]

    def has(self, index: int) -> bool:
        """Whether the file has a line `index` (0-based)."""
        return self._fill(index)

    def forget_before(self, index: int) -> None:
        drop = index - self._base
        if drop > 0:
            del self._kept[:drop]
            self._base = index


def physical_lines(content: str) -> list[str]:
    """Lines as csv counts them (\\n, \\r\\n or \\r end a line), each with its line end."""
    return io.StringIO(content, newline="").readlines()


def csv_records(content: str | Iterable[str], *, width: int | None = None) -> Iterator[Record | BadRecord]:
    """Every record of `content` in order; the first is the header (width None: take its width).

    `content` is the whole text, or its physical lines as an iterable (a file opened with
    `newline=""`), read as they are needed. Blank records are skipped. A record with the wrong
    number of fields is a `BadRecord`; when it spans several lines the reason names the
    unterminated quote and only its first line is skipped.
    """
    src = _Lines(io.StringIO(content, newline="") if isinstance(content, str) else content)
    expected = width
    while src.has(src.pos):
        # strict: a quote that closes a field must be followed by a comma or a line end, so a
        # stray quote that swallowed later lines shows up as an error, not a merged field.
        reader = csv.reader(src, strict=True)
        while True:
            src.forget_before(src.pos)
            start = src.pos
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield from _after_error(src, start, expected, exc)
                break
            # Skip the blank lines csv passes over, so `start` is the record's first line.
            while start < src.pos - 1 and not src.line(start).strip():
                start += 1
            if not row or all(not c.strip() for c in row):
                continue
            if expected is None:
                expected = len(row)
            if len(row) == expected:
                yield Record(start + 1, row)
                continue
            if src.pos - start > 1 and '"' in src.line(start):
                yield _unterminated(src, start)
                break
            yield BadRecord(start + 1, f"expected {expected} fields, found {len(row)}")


def _unterminated(src: _Lines, start: int) -> BadRecord:
    """Report the record starting at `start` as an unclosed quote; reading resumes on the next line."""
    reach = "the end of the file" if not src.has(src.pos) else f"line {src.pos}"
    bad = BadRecord(
        start + 1,
        "unterminated quote: a quoted field opened on this line is not closed "
        f"(it would run to {reach}); this line is skipped and reading goes on at the next",
    )
    src.pos = start + 1
    return bad


def _after_error(src: _Lines, start: int, expected: int | None, exc: csv.Error) -> Iterator[Record | BadRecord]:
    while src.has(start + 1) and not src.line(start).strip():
        start += 1
    if src.pos - start > 1 or not src.has(src.pos) and '"' in src.line(start):
        yield _unterminated(src, start)
        return
    # One line that only strict mode refuses ('"ab"c'): read it the lenient way, as before.
    src.pos = start + 1
    rows = list(csv.reader([src.line(start)]))
    if len(rows) == 1 and (expected is None or len(rows[0]) == expected):
        yield Record(start + 1, rows[0])
    else:
        yield BadRecord(start + 1, f"not valid CSV: {exc}")
