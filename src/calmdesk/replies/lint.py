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
from calmdesk.replies.model import REPLY_KINDS, ReplyContext

#: The `case` object's fields: names the case knows and personal data already in it.
CASE_NAME_FIELDS = ("customer_name", "customer_handle", "brand")
CASE_LIST_FIELDS = ("order_ids", "personal_data")


def case_fields(case: object, where: str = "case") -> dict[str, tuple[str, ...]]:
    """`known_names` and `personal_data` for a `ReplyContext` from a lint line's `case` object.

    Order ids and personal values must not be echoed in public (R-PII-ECHO); the names keep
    the word lists off the brand's and the customer's own names (R-OFFENSIVE, R-SHOUTING).
    Raises ValueError naming the bad field.
    """
    if case is None:
        return {"known_names": (), "personal_data": ()}
    if not isinstance(case, dict):
        raise ValueError(f"field '{where}' must be an object")
    unknown = sorted(set(case) - set(CASE_NAME_FIELDS) - set(CASE_LIST_FIELDS))
    if unknown:
        raise ValueError(
            f"{where}: unknown field {unknown[0]!r} (known: {', '.join(CASE_NAME_FIELDS + CASE_LIST_FIELDS)})"
        )
    names = []
    for key in CASE_NAME_FIELDS:
        value = case.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValueError(f"field '{where}.{key}' must be a string")
        names.append(value)
    personal: list[str] = []
    for key in CASE_LIST_FIELDS:
        value = case.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"field '{where}.{key}' must be a list of strings")
        personal.extend(value)
    return {"known_names": tuple(names), "personal_data": tuple(dict.fromkeys(personal))}


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
    kind = data.get("kind")
    if kind is not None and kind not in REPLY_KINDS:
        raise LintInputError(
            line_no, f"id {rid!r}: field 'kind' must be one of {', '.join(REPLY_KINDS)}, not {kind!r}"
        )
    try:
        extra = case_fields(data.get("case"))
    except ValueError as exc:
        raise LintInputError(line_no, f"id {rid!r}: {exc}") from exc
    ctx = ReplyContext(
        platform=platform,
        visibility=visibility,  # type: ignore[arg-type]
        complaint=complaint,
        severity=severity,  # type: ignore[arg-type]
        attachments=tuple(attachments),
        kind=kind,
        **extra,
    )
    return LintItem(rid, reply, ctx)


#: Drafts scored together by the learned model (its per-call cost is shared by the chunk).
CHUNK = 256


def lint_lines(
    lines: Iterable[str], levels: Mapping[str, str] | None = None
) -> Iterator[dict[str, Any] | LintInputError]:
    """Yield a result dict per good line and a `LintInputError` per bad one, in input order."""
    from calmdesk.replies import learned

    model = learned.default_model()
    chunk: list[LintItem | LintInputError] = []

    def flush() -> Iterator[dict[str, Any] | LintInputError]:
        if model is not None:
            model.prime([i.reply for i in chunk if isinstance(i, LintItem)])
        for item in chunk:
            if isinstance(item, LintInputError):
                yield item
                continue
            findings = check_reply(item.reply, item.context, levels, learned=model or False)
            yield {"id": item.id, "findings": [f.as_dict() for f in findings]}
        chunk.clear()

    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            chunk.append(parse_item(line, n))
        except LintInputError as err:
            chunk.append(err)
        if len(chunk) >= CHUNK:
            yield from flush()
    yield from flush()
