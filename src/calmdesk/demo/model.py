"""The shapes the demo data is written in.

The demo day is written by hand as small frozen records rather than as JSON Lines, so a
person can read a thread top to bottom and an author's profile is written once. The
loader turns them into the same `MentionIn` items every connector hands to ingest, and
`calmdesk.actions.demo.demo_jsonl` writes them out in calmdesk's import format.

Times are clock strings on a nominal day ("HH:MM", with "24:00" the moment of loading),
so the loader can slide the whole day to end just before "now" and every SLA clock is
live when someone opens the desk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Marker for `Post.by`: the brand's own account on the post's platform.
BRAND = "@brand"


@dataclass(frozen=True)
class Person:
    """Someone who posts; `age_days` is how old the account is (brand-new accounts look like bots)."""

    handle: str
    name: str | None
    followers: int | None
    verified: bool = False
    age_days: int = 1500


@dataclass(frozen=True)
class Post:
    """One platform item of the demo day."""

    id: str
    at: str
    platform: str
    by: str
    text: str
    reply_to: str | None = None
    #: The public root this item continues (a DM or e-mail that belongs to a public thread).
    thread: str | None = None
    private: bool = False
    lang: str = "en"
    #: Addressed to the brand's account; False is a post found by keyword tracking (B-MONITOR).
    tagged: bool = True
    #: For the brand's own posts: ack | handoff | closeout | followup | reply.
    kind: str | None = None
    #: For the brand's own posts: the desk user who wrote it.
    sent_by: str | None = None


@dataclass(frozen=True)
class Step:
    """A move of a case through the lifecycle, at a time of the demo day."""

    state: str
    at: str
    note: str | None = None
    dismiss_reason: str | None = None
    skip_closeout_reason: str | None = None


@dataclass(frozen=True)
class Script:
    """What the desk has already done with a thread, so the inbox shows every state."""

    root: str
    platform: str
    steps: tuple[Step, ...]
    owner: str | None = None
    thanked: bool | None = None


@dataclass(frozen=True)
class OrderSeed:
    number: str
    days_ago: float
    items: tuple[str, ...]
    amount: float
    status: str = "delivered"


@dataclass(frozen=True)
class CustomerSeed:
    ref: str
    name: str
    email: str | None
    phone: str | None
    tier: str = "standard"
    handles: dict[str, str] = field(default_factory=dict)
    orders: tuple[OrderSeed, ...] = ()


@dataclass(frozen=True)
class BrandSeed:
    """Everything of one demo brand except its playbook, which is a TOML file beside the data."""

    key: str
    currency: str
    people: dict[str, Person]
    posts: tuple[Post, ...]
    scripts: tuple[Script, ...]
    customers: tuple[CustomerSeed, ...]


def clock_minutes(at: str) -> int:
    """Minutes since the start of the nominal day; "24:00" is the end (the moment of loading)."""
    try:
        h, m = at.split(":")
        hours, minutes = int(h), int(m)
    except ValueError:
        raise ValueError(f"demo time {at!r} is not HH:MM") from None
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or (hours == 24 and minutes):
        raise ValueError(f"demo time {at!r} is outside 00:00-24:00")
    return hours * 60 + minutes
