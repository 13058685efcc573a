"""The "Customer Support on Twitter" CSV layout (Kaggle, thoughtvector).

Columns: tweet_id, author_id, inbound, created_at, text, response_tweet_id, in_response_to_tweet_id.
Brand accounts are the authors of rows with inbound=False; a customer tweet belongs to the
brand it @-mentions or, failing that, to the brand that answered in its thread.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.importers.common import IdClaim, ImportFileError, ImportResult, Parsed, ParsedRow, RowProblem
from calmdesk.importers.csv_records import BadRecord, csv_records
from calmdesk.importers.staging import WHOLE_FILE, SortedRows, sorted_rows

COLUMNS = ("tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id", "in_response_to_tweet_id")
REQUIRED = ("tweet_id", "author_id", "inbound", "created_at", "text", "in_response_to_tweet_id")
_HANDLE = re.compile(r"@(\w{1,50})")
_SURROGATE = re.compile(r"[\udc80-\udcff]")


def _id(value: str, field: str) -> str | None:
    if value.isdigit():  # the usual, clean case, without building new strings
        return value
    value = value.strip()
    if not value:
        return None
    if value.endswith(".0"):
        value = value[:-2]
    if not value.isdigit():
        raise ValueError(f"field '{field}': {value!r} is not a tweet id")
    return value


_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                        "Dec"), start=1)}
_MONTH_NUMBER = {m: f"{i:02d}" for m, i in _MONTHS.items()}


def _twitter_date(value: str) -> datetime | None:
    """Fast path for Twitter's 'Wed Oct 11 06:55:44 +0000 2017' (strptime is slow at 100k rows).

    The fields are rearranged into ISO 8601 for `datetime.fromisoformat`, which parses in C;
    anything unexpected returns None and goes the slow, strict way.
    """
    parts = value.split(" ")
    if len(parts) != 6 or len(parts[2]) != 2 or len(parts[3]) != 8 or len(parts[4]) != 5 or len(parts[5]) != 4:
        return None
    month = _MONTH_NUMBER.get(parts[1])
    if month is None:
        return None
    try:
        return datetime.fromisoformat(f"{parts[5]}-{month}-{parts[2]}T{parts[3]}{parts[4]}")
    except ValueError:
        return None


def _date(value: str) -> datetime:
    value = value.strip()
    fast = _twitter_date(value)
    if fast is not None:
        return fast
    for fmt in ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z"):
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"field 'created_at': {value!r} is not a date like 'Wed Oct 11 06:55:44 +0000 2017'") from None
    if dt.tzinfo is None:
        raise ValueError(f"field 'created_at': {value!r} has no time zone offset")
    return dt


def _records(lines: Iterable[str], path: str) -> Iterator[tuple[int, dict[str, str] | str]]:
    """(first line number, the row as column -> value) per CSV record, or (line, why) for a
    record that cannot be read. Blank records are skipped; an unterminated quote costs its line
    only (`csv_records`)."""
    records = csv_records(lines)
    first = next(records, None)
    if first is None:
        raise ImportFileError(f"{path}: the file is empty")
    if isinstance(first, BadRecord):
        raise ImportFileError(f"{path}: line {first.line}: header: {first.reason}")
    header = [h.strip().lstrip("\ufeff") for h in first.fields]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(
            f"{path}: line {first.line}: missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}"
        )
    for rec in records:
        if isinstance(rec, BadRecord):
            yield rec.line, rec.reason
        else:
            yield rec.line, dict(zip(header, rec.fields, strict=True))


def _addressed(text: str, brand_handles: set[str]) -> str | None:
    """The first @-handle in `text` that is a brand account, as written."""
    for handle in _HANDLE.findall(text):
        if handle.lower() in brand_handles:
            return handle
    return None


def _has_bad_utf8(path: Path) -> bool:
    """Whether the file has bytes that are not UTF-8 (read in blocks by the C decoder), so
    the per-field check runs only for such files."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        try:
            while block := fh.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return True
    return False


class TwcsReader:
    """Reads the file once, row by row, in file order.

    Brand accounts are the authors of `inbound=False` rows anywhere in the file, so which
    brand a customer tweet @-mentions is decided by `finish` once the whole file has been
    read (`staging.sorted_rows` calls it on the rows in time order).
    """

    def __init__(self, path: Path, result: ImportResult) -> None:
        self.path = path
        self.result = result
        self.brand_handles: set[str] = set()

    def rows(self) -> Iterator[Parsed]:
        path, problems = self.path, self.result.problems
        try:
            check_utf8 = _has_bad_utf8(path)
            fh = path.open("r", encoding="utf-8", errors="surrogateescape", newline="")
        except OSError as exc:
            raise ImportFileError(f"{path}: cannot open: {exc.strerror}") from exc
        brand_handles = self.brand_handles
        with fh:
            for line, r in _records(fh, str(path)):
                self.result.rows += 1
                if isinstance(r, str):
                    problems.append(RowProblem(line, r))
                    continue
                inbound_s = r["inbound"].strip().lower()
                if inbound_s == "false":
                    brand_handles.add(r["author_id"].strip().lower())
                if check_utf8:
                    bad = next((k for k, v in r.items() if v and _SURROGATE.search(v)), None)
                    if bad:
                        problems.append(RowProblem(line, f"field '{bad}': not valid UTF-8 text"))
                        continue
                try:
                    tweet_id = _id(r["tweet_id"], "tweet_id")
                    if tweet_id is None:
                        raise ValueError("field 'tweet_id': empty")
                    author = r["author_id"].strip()
                    if not author:
                        raise ValueError("field 'author_id': empty")
                    if inbound_s not in ("true", "false"):
                        raise ValueError(f"field 'inbound': {r['inbound']!r} is not True or False")
                    created = _date(r["created_at"])
                    parent = _id(r["in_response_to_tweet_id"], "in_response_to_tweet_id")
                except ValueError as exc:
                    problems.append(RowProblem(line, str(exc)))
                    continue
                inbound = inbound_s == "true"
                try:
                    mention = MentionIn(
                        platform="x",
                        external_id=tweet_id,
                        text=r["text"],
                        created_at=created,
                        author=AuthorIn(handle=author),
                        in_reply_to=parent,
                        direction="inbound" if inbound else "outbound",
                        brand_handle=None if inbound else author,
                        raw=r,
                    )
                except ValueError as exc:  # an id or handle longer than the store keeps
                    yield IdClaim(line, "x", tweet_id, str(exc))
                    continue
                yield ParsedRow(line, mention)

    def finish(self, mention: MentionIn) -> None:
        """A customer tweet belongs to the first brand account it @-mentions."""
        if mention.direction == "inbound":
            mention.brand_handle = _addressed(mention.text, self.brand_handles)


def sorted_twcs(path: Path, result: ImportResult, *, chunk: int | None = None) -> AbstractContextManager[SortedRows]:
    reader = TwcsReader(path, result)
    return sorted_rows(reader.rows(), result, dup_label="tweet_id", finish=reader.finish, chunk=chunk)


def parse_twcs(path: Path, result: ImportResult) -> list[ParsedRow]:
    """The whole file's good rows in time order, in memory (small files, tests; `calmdesk
    import` streams through `sorted_twcs`)."""
    with sorted_twcs(path, result, chunk=WHOLE_FILE) as rows:
        return [r for batch in rows.batches() for r in batch]
