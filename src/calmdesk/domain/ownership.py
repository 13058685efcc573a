"""B-OWNER: who may change a case that someone owns, and who a case may be given to.

One owner per case, so the customer hears one voice. An escalated case is the one where this
matters most: an agent must not take a safety case away from the supervisor handling it, so
only its owner or a supervisor moves or reassigns it. Automation (routing, ingest, the demo
loader) acts under names that are not people and is not held to this rule. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from calmdesk.domain.lifecycle import State


class OwnershipError(ValueError):
    """The change is refused; the message says who may make it instead."""


@dataclass(frozen=True)
class Actor:
    name: str
    is_person: bool  # a calmdesk user; automation is not
    is_supervisor: bool  # supervisor or admin of the case's brand, or a global admin


def change_refusal(actor: Actor, state: str, owner: str | None, what: str = "move") -> str | None:
    """Why `actor` may not `what` (move, reassign) this case, or None when they may."""
    if not actor.is_person or state != State.ESCALATED.value:
        return None
    if owner is None or owner == actor.name or actor.is_supervisor:
        return None
    return (
        f"case is escalated and owned by {owner}: only {owner} or a supervisor may {what} it (B-OWNER); "
        f"{actor.name} is neither"
    )


def assignee_refusal(target: str | None, known: Sequence[str]) -> str | None:
    """A case goes to a person the desk knows, or to nobody; never to a name that matches no one."""
    if target is None or target in known:
        return None
    listed = ", ".join(sorted(known)) or "nobody yet"
    return f"no user {target!r} works on this brand; known users: {listed}"


#: States in which a reply is most likely a mistake: the case was let go on purpose.
FINISHED_STATES = (State.DISMISSED.value, State.CLOSED.value)


def reply_confirmation(actor: str, owner: str | None, state: str) -> str | None:
    """Why a reply needs the person to confirm first (someone else's case, or one let go), or None."""
    if state in FINISHED_STATES:
        return f"this case is {state}"
    if owner and owner != actor:
        return f"this case is owned by {owner} (B-OWNER: one voice per case)"
    return None
