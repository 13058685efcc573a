"""The "Customer Support on Twitter" CSV layout (Kaggle, thoughtvector).

Columns: tweet_id, author_id, inbound, created_at, text, response_tweet_id, in_response_to_tweet_id.
Brand accounts are the authors of rows with inbound=False; a customer tweet belongs to the
brand it @-mentions or, failing that, to the brand that answered in its thread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.importers.common import ImportFileError, ImportResult, ParsedRow, RowProblem
from calmdesk.importers.csv_records import BadRecord, csv_records

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


def _records(content: str, path: str) -> Iterator[tuple[int, dict[str, str] | str]]:
    """(first line number, the row as column -> value) per CSV record, or (line, why) for a
    record that cannot be read. Blank records are skipped; an unterminated quote costs its line
    only (`csv_records`)."""
    records = csv_records(content)
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


def parse_twcs(path: Path, result: ImportResult) -> list[ParsedRow]:
    """Parse and validate the whole file; problems go to `result`, good rows are returned in time order.

    The file is read in one go: one search over the whole text tells whether any bytes were
    not UTF-8 (they arrive as surrogates), so the per-field check runs only for such files.
    """
    try:
        with path.open("r", encoding="utf-8", errors="surrogateescape", newline="") as fh:
            content = fh.read()
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot open: {exc.strerror}") from exc
    check_utf8 = _SURROGATE.search(content) is not None
    raw_rows = list(_records(content, str(path)))
    del content
    brand_handles = {
        r["author_id"].strip().lower()
        for _, r in raw_rows
        if not isinstance(r, str) and r["inbound"].strip().lower() == "false"
    }
    seen: dict[str, int] = {}
    parsed: list[ParsedRow] = []
    problems = result.problems
    result.rows += len(raw_rows)
    for line, r in raw_rows:
        if isinstance(r, str):
            problems.append(RowProblem(line, r))
            continue
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
            inbound_s = r["inbound"].strip().lower()
            if inbound_s not in ("true", "false"):
                raise ValueError(f"field 'inbound': {r['inbound']!r} is not True or False")
            created = _date(r["created_at"])
            parent = _id(r["in_response_to_tweet_id"], "in_response_to_tweet_id")
        except ValueError as exc:
            problems.append(RowProblem(line, str(exc)))
            continue
        first = seen.setdefault(tweet_id, line)
        if first != line:
            problems.append(RowProblem(line, f"duplicate tweet_id {tweet_id} (first on line {first})"))
            continue
        inbound = inbound_s == "true"
        text = r["text"]
        brand_handle = _addressed(text, brand_handles) if inbound else author
        try:
            mention = MentionIn(
                platform="x",
                external_id=tweet_id,
                text=text,
                created_at=created,
                author=AuthorIn(handle=author),
                in_reply_to=parent,
                direction="inbound" if inbound else "outbound",
                brand_handle=brand_handle,
                raw=r,
            )
        except ValueError as exc:  # an id or handle longer than the store keeps
            problems.append(RowProblem(line, str(exc)))
            continue
        parsed.append(ParsedRow(line, mention))
    parsed.sort(key=_created_at)
    return parsed


def _created_at(row: ParsedRow) -> datetime:
    return row.mention.created_at
