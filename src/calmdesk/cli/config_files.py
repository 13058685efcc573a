"""Reading the hand-written files commands take (playbooks, volume profiles).

Why (issue 17, item 11): `read_text(encoding="utf-8")` on a file saved in Latin-1 or UTF-16
ended in a traceback. Here it ends in the same kind of error the parser raises for a bad key,
naming the file and line, so every command reports it the way it reports any other mistake.
"""

from __future__ import annotations

from pathlib import Path

from calmdesk.cli.output import fail
from calmdesk.domain.playbook import Playbook, PlaybookError, parse_playbook


def read_config_text(path: Path, error: type[ValueError]) -> str:
    """The file's text; `error` naming file and line when it is not UTF-8. A UTF-8 byte order
    mark is accepted. OSError (missing file, no permission) is left to the caller to report."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            f"{path}: line {line}: not UTF-8 text (byte {exc.start} is {data[exc.start : exc.start + 1]!r}); "
            "save the file as UTF-8"
        ) from None


def read_playbook(path: Path) -> tuple[str, Playbook]:
    """A playbook file's text and the playbook it holds; a command's error exit naming the file
    (and line) when it cannot be read, is not UTF-8 or is not a valid playbook."""
    try:
        text = read_config_text(path, PlaybookError)
    except OSError as exc:
        raise fail(f"{path}: cannot read: {exc.strerror}") from exc
    except PlaybookError as exc:
        raise fail(str(exc)) from exc
    try:
        return text, parse_playbook(text, str(path))
    except PlaybookError as exc:
        raise fail(str(exc)) from exc
