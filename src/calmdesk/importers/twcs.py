"""The "Customer Support on Twitter" CSV layout (Kaggle, thoughtvector).

Columns: tweet_id, author_id, inbound, created_at, text, response_tweet_id, in_response_to_tweet_id.
Brand accounts are the authors of rows with inbound=False; a customer tweet belongs to the
brand it @-mentions or, failing that, to the brand that answered in its thread.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.importers.common import ImportFileError, ImportResult, ParsedRow, RowProblem

COLUMNS = ("tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id", "in_response_to_tweet_id")
REQUIRED = ("tweet_id", "author_id", "inbound", "created_at", "text", "in_response_to_tweet_id")
_HANDLE = re.compile(r"@(\w{1,50})")
_SURROGATE = re.compile(r"[\udc80-\udcff]")


def _id(value: str, field: str) -> str | None:
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


def _twitter_date(value: str) -> datetime | None:
    """Fast path for Twitter's 'Wed Oct 11 06:55:44 +0000 2017' (strptime is slow at 100k rows)."""
    parts = value.split(" ")
    if len(parts) != 6 or parts[1] not in _MONTHS or len(parts[4]) != 5:
        return None
    try:
        hh, mm, ss = (int(x) for x in parts[3].split(":"))
        off = parts[4]
        sign = -1 if off[0] == "-" else 1
        tz = UTC if off == "+0000" else timezone(sign * timedelta(hours=int(off[1:3]), minutes=int(off[3:5])))
        return datetime(int(parts[5]), _MONTHS[parts[1]], int(parts[2]), hh, mm, ss, tzinfo=tz)
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


def _records(text: io.TextIOBase, path: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(f"{path}: the file is empty") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(
            f"{path}: line 1: missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}"
        )
    line = reader.line_num
    for row in reader:
        start = line + 1
        line = reader.line_num
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):
            yield start, {"__error__": f"expected {len(header)} fields, found {len(row)}"}
            continue
        yield start, dict(zip(header, row, strict=True))


def parse_twcs(path: Path, result: ImportResult) -> list[ParsedRow]:
    """Parse and validate the whole file; problems go to `result`, good rows are returned in time order."""
    try:
        fh = path.open("r", encoding="utf-8", errors="surrogateescape", newline="")
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot open: {exc.strerror}") from exc
    with fh:
        raw_rows = list(_records(fh, str(path)))  # type: ignore[arg-type]
    brand_handles = {
        r["author_id"].strip().lower() for _, r in raw_rows if "__error__" not in r and r.get("inbound", "").strip().lower() == "false"
    }
    seen: dict[str, int] = {}
    parsed: list[ParsedRow] = []
    for line, r in raw_rows:
        result.rows += 1
        if "__error__" in r:
            result.problems.append(RowProblem(line, r["__error__"]))
            continue
        bad = next((k for k, v in r.items() if v and _SURROGATE.search(v)), None)
        if bad:
            result.problems.append(RowProblem(line, f"field '{bad}': not valid UTF-8 text"))
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
            parent = _id(r.get("in_response_to_tweet_id", ""), "in_response_to_tweet_id")
        except ValueError as exc:
            result.problems.append(RowProblem(line, str(exc)))
            continue
        if tweet_id in seen:
            result.problems.append(RowProblem(line, f"duplicate tweet_id {tweet_id} (first on line {seen[tweet_id]})"))
            continue
        seen[tweet_id] = line
        inbound = inbound_s == "true"
        text = r["text"]
        brand_handle = None
        if inbound:
            brand_handle = next((h for h in _HANDLE.findall(text) if h.lower() in brand_handles), None)
        else:
            brand_handle = author
        parsed.append(
            ParsedRow(
                line,
                MentionIn(
                    platform="x",
                    external_id=tweet_id,
                    text=text,
                    created_at=created,
                    author=AuthorIn(handle=author),
                    in_reply_to=parent,
                    direction="inbound" if inbound else "outbound",
                    brand_handle=brand_handle,
                    raw=dict(r),
                ),
            )
        )
    parsed.sort(key=lambda p: p.mention.created_at)
    return parsed
