"""The checker's vocabulary: what a draft is checked against, and what it reports.

Kept apart from the rules so the CLI, the actions and the composer share one shape without
importing the rule tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["block", "warn"]
Visibility = Literal["public", "private"]
Severity = Literal["normal", "high"]
ReplyKind = Literal["ack", "handoff", "followup", "closeout", "answer"]
REPLY_KINDS: tuple[str, ...] = ("ack", "handoff", "followup", "closeout", "answer")


@dataclass(frozen=True)
class ReplyContext:
    """Everything around a draft that changes the verdict (the same words can be fine in a DM
    and wrong in public, fine on a light case and wrong on a severe one)."""

    platform: str = "x"
    visibility: Visibility = "public"
    complaint: str = ""
    severity: Severity = "normal"
    attachments: tuple[str, ...] = ()
    #: Known personal values of the case (e-mail, phone, order numbers, address lines) that
    #: must not be echoed in public, in addition to what the complaint text itself reveals.
    personal_data: tuple[str, ...] = ()
    #: What the reply is for. A check-back (`followup`) or the public step back after the case
    #: went private (`closeout`) owes no new apology or next step; `None` when unknown.
    kind: ReplyKind | None = None
    #: Names the case knows (the brand, the customer, their handle): "HALO" in a reply for HALO
    #: Fitness is a name, not shouting, and "Arsenal" is a club, not a swear word.
    known_names: tuple[str, ...] = ()

    @property
    def public(self) -> bool:
        return self.visibility == "public"


@dataclass(frozen=True)
class Hit:
    """One place where a rule matched; the checker turns it into a `Finding`."""

    start: int
    end: int
    detail: str = ""


@dataclass(frozen=True)
class Finding:
    rule: str
    level: Level
    message: str
    start: int
    end: int
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "level": self.level,
            "message": self.message,
            "start": self.start,
            "end": self.end,
        }
