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
from collections.abc import Iterator
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
    """The file's physical lines, consumed one at a time, with a position that can be moved back."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.pos = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        line = self.lines[self.pos]
        self.pos += 1
        return line


def physical_lines(content: str) -> list[str]:
    """Lines as csv counts them (\\n, \\r\\n or \\r end a line), each with its line end."""
    return io.StringIO(content, newline="").readlines()


def csv_records(content: str, *, width: int | None = None) -> Iterator[Record | BadRecord]:
    """Every record of `content` in order; the first is the header (width None: take its width).

    Blank records are skipped. A record with the wrong number of fields is a `BadRecord`; when
    it spans several lines the reason names the unterminated quote and only its first line is
    skipped.
    """
    src = _Lines(physical_lines(content))
    expected = width
    while src.pos < len(src.lines):
        # strict: a quote that closes a field must be followed by a comma or a line end, so a
        # stray quote that swallowed later lines shows up as an error, not a merged field.
        reader = csv.reader(src, strict=True)
        while True:
            start = src.pos
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield from _after_error(src, start, expected, exc)
                break
            # Skip the blank lines csv passes over, so `start` is the record's first line.
            while start < src.pos - 1 and not src.lines[start].strip():
                start += 1
            if not row or all(not c.strip() for c in row):
                continue
            if expected is None:
                expected = len(row)
            if len(row) == expected:
                yield Record(start + 1, row)
                continue
            if src.pos - start > 1 and '"' in src.lines[start]:
                yield _unterminated(src, start)
                break
            yield BadRecord(start + 1, f"expected {expected} fields, found {len(row)}")


def _unterminated(src: _Lines, start: int) -> BadRecord:
    """Report the record starting at `start` as an unclosed quote; reading resumes on the next line."""
    reach = "the end of the file" if src.pos >= len(src.lines) else f"line {src.pos}"
    bad = BadRecord(
        start + 1,
        "unterminated quote: a quoted field opened on this line is not closed "
        f"(it would run to {reach}); this line is skipped and reading goes on at the next",
    )
    src.pos = start + 1
    return bad


def _after_error(src: _Lines, start: int, expected: int | None, exc: csv.Error) -> Iterator[Record | BadRecord]:
    while start < len(src.lines) - 1 and not src.lines[start].strip():
        start += 1
    if src.pos - start > 1 or src.pos >= len(src.lines) and '"' in src.lines[start]:
        yield _unterminated(src, start)
        return
    # One line that only strict mode refuses ('"ab"c'): read it the lenient way, as before.
    src.pos = start + 1
    rows = list(csv.reader([src.lines[start]]))
    if len(rows) == 1 and (expected is None or len(rows[0]) == expected):
        yield Record(start + 1, rows[0])
    else:
        yield BadRecord(start + 1, f"not valid CSV: {exc}")
