"""Internal notes: which people a note calls with `@name`.

A note is for the team and never leaves calmdesk. `@name` of a desk user tells that user
(an in-app notification); a name that matches nobody stays plain text, so an e-mail address
or a customer's handle quoted in a note notifies no one. Pure: the caller passes the known
usernames.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from calmdesk.domain.usernames import normalize_username

#: The longest note kept (a note is a few lines; a pasted log belongs in a file).
MAX_NOTE_LEN = 5000

#: `@` at the start or after a space/punctuation (not inside "bob@example.com"), then the name.
_MENTION = re.compile(r"(?<![\w@.])@([\w][\w.-]*)", re.UNICODE)


class NoteError(ValueError):
    """The note cannot be saved as given; the message says why."""


def clean_note(text: str) -> str:
    """The note as stored: trimmed, not empty, not longer than `MAX_NOTE_LEN`."""
    cleaned = text.strip()
    if not cleaned:
        raise NoteError("note: empty; write something for your colleagues")
    if len(cleaned) > MAX_NOTE_LEN:
        raise NoteError(f"note: {len(cleaned)} characters; at most {MAX_NOTE_LEN}")
    return cleaned


def mentioned_names(text: str) -> list[str]:
    """Every `@name` in the text, normalised as usernames are, in order, without repeats.
    A trailing dot or dash belongs to the sentence ("ask @sam."), not to the name."""
    out: list[str] = []
    for raw in _MENTION.findall(text):
        name = normalize_username(raw.rstrip(".-"))
        if name and name not in out:
            out.append(name)
    return out


def mentioned_users(text: str, known: Iterable[str]) -> list[str]:
    """The `@names` in the text that are desk users (`known`), in order; the rest stay text."""
    users = {normalize_username(k): k for k in known}
    return [users[n] for n in mentioned_names(text) if n in users]
