"""Shared plumbing for the platform parsers: loading bodies, walking JSON with paths, dates, text.

Every parser reads untrusted bytes. The helpers here turn every surprise into a `PayloadError`
that names the platform and the JSON path of the problem, so an operator looking at a rejected
webhook knows which field to look at, and so fuzzing can assert "PayloadError or a result".
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

from calmdesk.domain.mentions import AuthorIn, MentionIn, Visibility

#: Handle used when a payload carries no author at all (Graph listings without `from`, bare ids).
UNKNOWN_HANDLE = "unknown"


class PayloadError(ValueError):
    """A payload we cannot read. The message names the platform, the JSON path and the problem."""

    def __init__(self, platform: str, path: str, problem: str) -> None:
        self.platform = platform
        self.path = path
        self.problem = problem
        where = f" at {path}" if path else ""
        super().__init__(f"{platform} payload{where}: {problem}")


Payload = bytes | str | dict[str, Any] | list[Any]


def _decode(payload: bytes | str, platform: str) -> str:
    if isinstance(payload, bytes):
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PayloadError(platform, "", f"body is not UTF-8 (byte {exc.start})") from exc
    else:
        text = payload
    return text.lstrip("\ufeff")


def _json_error(platform: str, text: str, exc: json.JSONDecodeError) -> PayloadError:
    # An unterminated string, or a value expected where the text ends: the body was cut short.
    truncated = exc.msg.startswith("Unterminated") or (
        exc.msg.startswith("Expecting") and exc.pos >= len(text.rstrip())
    )
    hint = " (the body looks truncated)" if truncated else ""
    return PayloadError(
        platform, "", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}{hint}"
    )


def load_documents(payload: Payload, platform: str) -> list[Any]:
    """The JSON documents in a body: one document, or JSON Lines (streams send one per line)."""
    if isinstance(payload, dict | list):
        return [payload]
    if not isinstance(payload, bytes | str):
        raise PayloadError(
            platform, "", f"expected bytes, text or a decoded JSON value, got {type(payload).__name__}"
        )
    text = _decode(payload, platform)
    if not text.strip():
        raise PayloadError(platform, "", "body is empty")
    try:
        return [json.loads(text)]
    except json.JSONDecodeError as exc:
        if not exc.msg.startswith("Extra data"):
            raise _json_error(platform, text, exc) from exc
    docs: list[Any] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue  # keep-alive newlines of streaming endpoints
        try:
            docs.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise PayloadError(
                platform, f"line {lineno}", f"not valid JSON: {exc.msg} at column {exc.colno}"
            ) from exc
    return docs


def documents(payload: Payload, platform: str) -> list[tuple[Any, str]]:
    """Each JSON document of a body with the path errors name: `$` for one, `line N` for JSON Lines."""
    docs = load_documents(payload, platform)
    return [(doc, "$" if len(docs) == 1 else f"line {i + 1}") for i, doc in enumerate(docs)]


def dispatch(
    payload: Payload,
    platform: str,
    kind_of: Callable[[Any], str],
    handlers: Mapping[str, Callable[[Node, str | None], list[MentionIn]]],
    brand_handle: str | None,
) -> list[MentionIn]:
    """A parser's body when every document is named first (`kind_of`) and then read by its handler."""
    out: list[MentionIn] = []
    for doc, path in documents(payload, platform):
        out += handlers[kind_of(doc)](Node(doc, path, platform), brand_handle)
    return dedupe(out)


def type_name(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number" if isinstance(value, int | float) else type(value).__name__
    )


class Node:
    """A JSON object with its path, so that every lookup can say where it failed."""

    __slots__ = ("data", "path", "platform")

    def __init__(self, data: Any, path: str, platform: str) -> None:
        if not isinstance(data, dict):
            raise PayloadError(platform, path or "$", f"expected an object, got {type_name(data)}")
        self.data: dict[str, Any] = data
        self.path = path or "$"
        self.platform = platform

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def at(self, key: str) -> str:
        return f"{self.path}.{key}"

    def error(self, key: str, problem: str) -> PayloadError:
        return PayloadError(self.platform, self.at(key) if key else self.path, problem)

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def req_str(self, key: str) -> str:
        value = self.opt_str(key)
        if value is None or value == "":
            raise self.error(key, "missing")
        return value

    def opt_str(self, key: str) -> str | None:
        """Strings; numbers become their decimal text (Graph and Messenger send ids as either)."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool):
            raise self.error(key, f"expected a string, got {type_name(value)}")
        if isinstance(value, int):
            return str(value)
        if not isinstance(value, str):
            raise self.error(key, f"expected a string, got {type_name(value)}")
        return value

    def opt_text(self, key: str) -> str:
        return self.opt_str(key) or ""

    def opt_int(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise self.error(key, f"expected a number, got {type_name(value)}")
        try:
            return int(value)
        except ValueError as exc:
            raise self.error(key, f"expected a number, got {str(value)[:40]!r}") from exc

    def node(self, key: str) -> Node:
        if key not in self.data:
            raise self.error(key, "missing")
        return Node(self.data[key], self.at(key), self.platform)

    def opt_node(self, key: str) -> Node | None:
        value = self.data.get(key)
        if value is None:
            return None
        return Node(value, self.at(key), self.platform)

    def req_list(self, key: str) -> list[Any]:
        if key not in self.data:
            raise self.error(key, "missing")
        return self.opt_list(key)

    def opt_list(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(key, f"expected an array, got {type_name(value)}")
        return value

    def nodes(self, key: str, *, required: bool = False) -> Iterator[Node]:
        items = self.req_list(key) if required else self.opt_list(key)
        for i, item in enumerate(items):
            yield Node(item, f"{self.at(key)}[{i}]", self.platform)

    def flag(self, key: str) -> bool:
        return bool(self.data.get(key))


def nodes_of(items: list[Any], path: str, platform: str) -> Iterator[Node]:
    for i, item in enumerate(items):
        yield Node(item, f"{path}[{i}]", platform)


# --- dates ---------------------------------------------------------------------------------

_FRACTION = re.compile(r"(\.\d{6})\d+")


def parse_iso(value: str, where: Node, key: str) -> datetime:
    """ISO-8601 as platforms write it (`Z`, `+0000`, nanoseconds); a stamp without zone is UTC."""
    try:
        dt = datetime.fromisoformat(_FRACTION.sub(r"\1", value.strip()))
    except ValueError as exc:
        raise where.error(key, f"not an ISO-8601 date: {value[:40]!r}") from exc
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


_EPOCH_MS_FROM = 10**11  # seconds reach this in year 5138; milliseconds passed it in 1973


def parse_epoch(value: Any, where: Node, key: str) -> datetime:
    """Unix time in seconds or milliseconds (as number or string); platforms use both."""
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise where.error(key, f"not a Unix time: {str(value)[:40]!r}") from exc
    if number != number or number < 0:
        raise where.error(key, f"not a Unix time: {str(value)[:40]!r}")
    if number >= _EPOCH_MS_FROM:
        number /= 1000
    try:
        return datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise where.error(key, f"Unix time out of range: {str(value)[:40]!r}") from exc


def parse_date(where: Node, key: str) -> datetime:
    """A required date field written either as ISO-8601 text or as Unix time."""
    value = where.get(key)
    if value is None or value == "":
        raise where.error(key, "missing")
    if isinstance(value, bool):
        raise where.error(key, "expected a date, got boolean")
    if isinstance(value, int | float):
        return parse_epoch(value, where, key)
    if not isinstance(value, str):
        raise where.error(key, f"expected a date, got {type_name(value)}")
    if value.strip().replace(".", "", 1).isdigit():
        return parse_epoch(value, where, key)
    return parse_iso(value, where, key)


# --- text ----------------------------------------------------------------------------------


class _HtmlText(HTMLParser):
    """Mastodon and Reddit HTML to plain text: paragraphs become blank lines, <br> a newline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif (
            tag in ("p", "div", "li", "blockquote", "pre")
            and self.parts
            and not "".join(self.parts[-2:]).endswith("\n\n")
        ):
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _HtmlText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; anything odd falls back to unescaping
        return html.unescape(re.sub(r"<[^>]*>", "", markup)).strip()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def unescape(text: str) -> str:
    return html.unescape(text)


# --- building mentions ---------------------------------------------------------------------


def same_handle(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and a.lstrip("@").lower() == b.lstrip("@").lower()  # type: ignore[union-attr]


def make_mention(
    *,
    platform: str,
    where: Node,
    external_id: str,
    text: str,
    created_at: datetime,
    author: AuthorIn,
    brand_handle: str | None,
    in_reply_to: str | None = None,
    thread_id: str | None = None,
    visibility: Visibility = "public",
    language: str | None = None,
    outbound: bool | None = None,
) -> MentionIn:
    """One place that decides direction: the brand's own items are outbound."""
    is_outbound = outbound if outbound is not None else same_handle(author.handle, brand_handle)
    brand = brand_handle.lstrip("@") if brand_handle else None
    return MentionIn(
        platform=platform,
        external_id=external_id,
        text=text,
        created_at=created_at,
        author=author,
        in_reply_to=in_reply_to or None,
        thread_id=thread_id or None,
        visibility=visibility,
        direction="outbound" if is_outbound else "inbound",
        brand_handle=brand,
        language=language if language and language != "und" else None,
        raw=where.data,
    )


Handler = Callable[..., list[MentionIn]]


def dedupe(items: list[MentionIn]) -> list[MentionIn]:
    """Keep the first of each external id (a thread view can list a post twice)."""
    seen: set[str] = set()
    out: list[MentionIn] = []
    for it in items:
        if it.external_id not in seen:
            seen.add(it.external_id)
            out.append(it)
    return out


def guarded(platform: str) -> Callable[[Handler], Handler]:
    """Every parser's promise: a result or a `PayloadError`, whatever the bytes."""

    def wrap(fn: Handler) -> Handler:
        def parse(payload: Any, *, brand_handle: str | None = None) -> list[MentionIn]:
            try:
                return fn(payload, brand_handle=brand_handle)
            except PayloadError:
                raise
            except RecursionError as exc:
                raise PayloadError(platform, "", "nested too deeply") from exc
            except ValueError as exc:  # MentionIn's own checks: empty id, date without zone
                raise PayloadError(platform, "", str(exc)) from exc

        parse.__doc__ = fn.__doc__
        parse.__name__ = fn.__name__
        return parse

    return wrap
