"""calmdesk's own JSON Lines format, one platform item per line (documented in docs/import-format.md).

    {"platform": "x", "id": "1850001", "text": "@acme my parcel never came",
     "created_at": "2026-11-24T09:12:00+00:00",
     "author": {"handle": "jo", "name": "Jo", "followers": 120, "verified": false,
                "created_at": "2019-01-01T00:00:00+00:00"},
     "in_reply_to": null, "thread_id": null, "visibility": "public",
     "direction": "inbound", "to": "acme", "language": "en"}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.domain.playbook import PLATFORMS
from calmdesk.importers.common import ImportFileError, ImportResult, ParsedRow, RowProblem
from calmdesk.importers.staging import WHOLE_FILE, SortedRows, sorted_rows


class AuthorLine(BaseModel):
    model_config = ConfigDict(extra="ignore")
    handle: str = Field(min_length=1)
    #: The platform's own id for the person (an X user id, a Meta PSID, a Bluesky DID): a private
    #: hand-off on X, Meta and Bluesky is addressed to it, not to the handle.
    id: str | None = None
    name: str | None = None
    followers: int | None = Field(default=None, ge=0)
    verified: bool = False
    created_at: datetime | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _str_id(cls, v: object) -> object:
        return str(v) if isinstance(v, int) else v


class MentionLine(BaseModel):
    model_config = ConfigDict(extra="ignore")
    platform: str
    id: str = Field(min_length=1)
    text: str
    created_at: datetime
    author: AuthorLine
    in_reply_to: str | None = None
    thread_id: str | None = None
    visibility: Literal["public", "private"] = "public"
    direction: Literal["inbound", "outbound"] = "inbound"
    to: str | None = None
    language: str | None = None

    @field_validator("platform")
    @classmethod
    def _platform(cls, v: str) -> str:
        if v not in PLATFORMS:
            raise ValueError(f"unknown platform {v!r} (one of {', '.join(PLATFORMS)})")
        return v

    @field_validator("id", "in_reply_to", "thread_id", mode="before")
    @classmethod
    def _str_id(cls, v: object) -> object:
        return str(v) if isinstance(v, int) else v

    @field_validator("created_at")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("needs a time zone offset, e.g. 2026-11-24T09:12:00+00:00")
        return v

    def to_mention(self, raw: dict[str, object]) -> MentionIn:
        a = self.author
        return MentionIn(
            platform=self.platform,
            external_id=self.id,
            text=self.text,
            created_at=self.created_at,
            author=AuthorIn(handle=a.handle.lstrip("@"), display_name=a.name, followers=a.followers,
                            verified=a.verified, created_at=a.created_at, external_id=a.id),
            in_reply_to=self.in_reply_to,
            thread_id=self.thread_id,
            visibility=self.visibility,
            direction=self.direction,
            brand_handle=self.to.lstrip("@") if self.to else None,
            language=self.language,
            raw=raw,
        )


def read_jsonl(path: Path, result: ImportResult) -> Iterator[ParsedRow]:
    """The file's good lines in file order, read line by line; problems go to `result`.

    Repeated ids and time order are `staging.sorted_rows`' work. Lines end where
    `bytes.splitlines` ends them (\\n, \\r\\n or \\r), as when the file was read whole.
    """
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot open: {exc.strerror}") from exc
    n = 0
    with fh:
        for physical in fh:
            for raw_line in physical.splitlines() if b"\r" in physical else (physical.rstrip(b"\n"),):
                n += 1
                row = _parse_line(n, raw_line, result)
                if row is not None:
                    yield row


def _parse_line(n: int, raw_line: bytes, result: ImportResult) -> ParsedRow | None:
    if not raw_line.strip():
        return None
    result.rows += 1
    try:
        # A UTF-8 byte order mark (Windows editors write one) is not part of line 1's JSON.
        line = raw_line.decode("utf-8-sig" if n == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        result.problems.append(RowProblem(n, f"not valid UTF-8 (byte {exc.start})"))
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        result.problems.append(RowProblem(n, f"not valid JSON: {exc.msg} at column {exc.colno}"))
        return None
    except RecursionError:
        result.problems.append(RowProblem(n, "not valid JSON: nested too deeply"))
        return None
    if not isinstance(obj, dict):
        result.problems.append(RowProblem(n, "expected a JSON object"))
        return None
    try:
        m = MentionLine.model_validate(obj)
    except ValidationError as exc:
        err = exc.errors()[0]
        fld = ".".join(str(p) for p in err["loc"])
        result.problems.append(RowProblem(n, f"field '{fld}': {err['msg'].removeprefix('Value error, ')}"))
        return None
    try:
        mention = m.to_mention(obj)
    except ValueError as exc:  # an id or handle longer than the store keeps
        result.problems.append(RowProblem(n, str(exc)))
        return None
    return ParsedRow(n, mention)


def parse_jsonl(path: Path, result: ImportResult) -> list[ParsedRow]:
    """The whole file's good rows in time order, in memory (small files, tests; `calmdesk
    import` streams through `sorted_jsonl`)."""
    with sorted_jsonl(path, result, chunk=WHOLE_FILE) as rows:
        return [r for batch in rows.batches() for r in batch]


def sorted_jsonl(path: Path, result: ImportResult, *, chunk: int | None = None) -> AbstractContextManager[SortedRows]:
    return sorted_rows(read_jsonl(path, result), result, dup_label="id", chunk=chunk)
