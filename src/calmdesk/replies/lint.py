"""The `lint-reply` batch format: JSON Lines in, one findings line out per good input line.

Parsing is separate from the CLI so the web API and tests use the same validation. A bad
line never stops the batch: it becomes a `LintInputError` naming the line and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from calmdesk.replies.checker import check_reply
from calmdesk.replies.model import ReplyContext


class LintInputError(ValueError):
    def __init__(self, line_no: int, problem: str) -> None:
        super().__init__(f"line {line_no}: {problem}")
        self.line_no = line_no


@dataclass(frozen=True)
class LintItem:
    id: Any
    reply: str
    context: ReplyContext


def parse_item(line: str, line_no: int) -> LintItem:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LintInputError(line_no, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(data, dict):
        raise LintInputError(line_no, "expected a JSON object")
    if "id" not in data or data["id"] is None or isinstance(data["id"], (dict, list)):
        raise LintInputError(line_no, "field 'id' is missing or not a string/number")
    rid = data["id"]
    reply = data.get("reply")
    if not isinstance(reply, str):
        raise LintInputError(line_no, f"id {rid!r}: field 'reply' must be a string")

    def text_field(name: str, default: str) -> str:
        value = data.get(name, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise LintInputError(line_no, f"id {rid!r}: field {name!r} must be a string")
        return value

    platform = text_field("platform", "x").strip().lower() or "x"
    visibility = text_field("visibility", "public").strip().lower()
    if visibility not in ("public", "private"):
        raise LintInputError(
            line_no, f"id {rid!r}: field 'visibility' must be 'public' or 'private', not {visibility!r}"
        )
    severity = text_field("severity", "normal").strip().lower()
    if severity not in ("normal", "high"):
        raise LintInputError(
            line_no, f"id {rid!r}: field 'severity' must be 'normal' or 'high', not {severity!r}"
        )
    complaint = text_field("complaint", "")
    attachments = data.get("attachments") or []
    if not isinstance(attachments, list) or not all(isinstance(a, str) for a in attachments):
        raise LintInputError(line_no, f"id {rid!r}: field 'attachments' must be a list of strings")
    ctx = ReplyContext(
        platform=platform,
        visibility=visibility,  # type: ignore[arg-type]
        complaint=complaint,
        severity=severity,  # type: ignore[arg-type]
        attachments=tuple(attachments),
    )
    return LintItem(rid, reply, ctx)


def lint_lines(
    lines: Iterable[str], levels: Mapping[str, str] | None = None
) -> Iterator[dict[str, Any] | LintInputError]:
    """Yield a result dict per good line and a `LintInputError` per bad one, in input order."""
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = parse_item(line, n)
        except LintInputError as err:
            yield err
            continue
        findings = check_reply(item.reply, item.context, levels)
        yield {"id": item.id, "findings": [f.as_dict() for f in findings]}
