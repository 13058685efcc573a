"""The brand playbook: one TOML file per brand, validated before the desk uses it.

Every tunable of the desk (response targets, business hours, priority weights, reply
rule levels, approval thresholds, compensation limits) lives here, so a brand changes
behaviour by editing one reviewed file rather than code. Parsing is pure: `parse_playbook`
takes text and a file name (for error messages) and returns a model or raises
`PlaybookError` naming the file, the key and the problem.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from calmdesk.domain.tomlconfig import load_toml_model

PLATFORMS = ("x", "facebook", "instagram", "reddit", "mastodon", "bluesky", "review", "email", "webhook")

#: B-SLA defaults, first-response target in minutes per platform.
DEFAULT_FIRST_RESPONSE_MINUTES: dict[str, int] = {
    "x": 120,
    "facebook": 240,
    "instagram": 240,
    "reddit": 180,
    "mastodon": 180,
    "bluesky": 180,
    "review": 180,
    "webhook": 180,
    "email": 1440,
}

#: A brand key: it appears in URLs (/brands/acme) and on the command line.
BRAND_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Period(_Strict):
    """An opening period within one day, e.g. 08:00-12:00."""

    start: time
    end: time

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end <= self.start and self.end != time(0, 0):
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self

    @classmethod
    def parse(cls, text: str) -> Period:
        try:
            a, b = text.split("-")
            start = time.fromisoformat(a.strip())
            end_s = b.strip()
            end = time(0, 0) if end_s in ("24:00", "24:00:00") else time.fromisoformat(end_s)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a period like '08:00-12:00'") from exc
        return cls(start=start, end=end)


def _periods(value: object) -> object:
    if isinstance(value, list):
        return [Period.parse(v) if isinstance(v, str) else v for v in value]
    if isinstance(value, str):
        return [Period.parse(v) for v in value.split(",") if v.strip()]
    return value


class BusinessHours(_Strict):
    """When the desk is staffed. `always_open` is the 24/7 option of B-SLA."""

    timezone: str = "UTC"
    always_open: bool = False
    week: dict[str, list[Period]] = Field(
        default_factory=lambda: {d: [Period.parse("09:00-17:00")] for d in WEEKDAYS[:5]}
    )
    #: Specific dates: an empty list closes the day, periods replace the usual hours.
    exceptions: dict[date, list[Period]] = Field(default_factory=dict)
    holidays_country: str | None = None
    holidays_subdivision: str | None = None

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {v!r} (use an IANA name like 'Europe/Berlin')") from exc
        return v

    @field_validator("week", mode="before")
    @classmethod
    def _week(cls, v: object) -> object:
        if isinstance(v, dict):
            out = {}
            bad = []
            for day, periods in v.items():
                key = str(day).lower()[:3]
                if key not in WEEKDAYS:
                    bad.append(f"unknown weekday {day!r} (use mon..sun)")
                    continue
                out[key] = _periods(periods)
            _all(bad)
            return out
        return v

    @field_validator("exceptions", mode="before")
    @classmethod
    def _exceptions(cls, v: object) -> object:
        if isinstance(v, dict):
            return {k: _periods(p) for k, p in v.items()}
        return v


class SlaTargets(_Strict):
    """First-response and resolution targets in minutes, per platform (B-SLA)."""

    first_response_minutes: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_FIRST_RESPONSE_MINUTES))
    resolution_minutes: dict[str, int] = Field(default_factory=dict)
    default_resolution_minutes: int = 2880
    warn_at: float = Field(0.75, gt=0, lt=1)
    pause_while_waiting_for_customer: bool = False

    @field_validator("first_response_minutes", "resolution_minutes")
    @classmethod
    def _known(cls, v: dict[str, int]) -> dict[str, int]:
        bad = []
        for key, minutes in v.items():
            if key not in PLATFORMS:
                bad.append(f"unknown platform {key!r} (one of {', '.join(PLATFORMS)})")
            elif minutes <= 0:
                bad.append(f"target for {key!r} must be positive minutes, got {minutes}")
        _all(bad)
        merged = dict(DEFAULT_FIRST_RESPONSE_MINUTES)
        merged.update(v)
        return merged if v is not None else v

    def first_response(self, platform: str) -> int:
        return self.first_response_minutes.get(platform, DEFAULT_FIRST_RESPONSE_MINUTES.get(platform, 180))

    def resolution(self, platform: str) -> int:
        return self.resolution_minutes.get(platform, self.default_resolution_minutes)


class PriorityWeights(_Strict):
    """Weights of the explainable priority score (0-100). Each factor is scaled to 0..1 first."""

    complaint: float = 30
    negative_sentiment: float = 15
    escalation: float = 40  # B-ESCALATE: an escalated post outranks a plain complaint
    reach: float = 15
    customer_value: float = 5
    waiting: float = 5
    spam_penalty: float = 40


class TopicSpec(_Strict):
    """A brand's own topic, given by keywords, by example posts, or both.

    Examples are for topics whose posts share no single keyword: a post joins the topic when
    it carries at least half of one example's content words (see `triage.topic`).
    """

    keywords: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> TopicSpec:
        if not self.keywords and not self.examples:
            raise ValueError("a topic needs keywords or examples")
        return self


class ChannelAccount(_Strict):
    """One account of the brand on a platform."""

    platform: Literal["x", "facebook", "instagram", "reddit", "mastodon", "bluesky", "review", "email", "webhook"]
    handle: str
    name: str | None = None


class ReviewPolicy(_Strict):
    """B-REVIEW: when a reply needs a second person's approval before it is posted."""

    links_or_attachments: bool = True
    compensation: bool = True
    escalated_cases: bool = True
    high_reach_followers: int = 10_000


class CompensationLimits(_Strict):
    """B-COMPENSATE: what an agent may grant alone, per customer tier, in the brand currency."""

    currency: str = "EUR"
    per_tier: dict[str, float] = Field(default_factory=lambda: {"standard": 25.0, "gold": 75.0})


class RoutingRule(_Strict):
    """Send matching cases to a group. Empty lists match anything; all given conditions must hold."""

    group: str
    platforms: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    min_priority: int | None = None
    min_followers: int | None = None

    @field_validator("platforms")
    @classmethod
    def _platforms(cls, v: list[str]) -> list[str]:
        _all([f"unknown platform {p!r} (one of {', '.join(PLATFORMS)})" for p in v if p not in PLATFORMS])
        return v


class RoutingRules(_Strict):
    """Brand routing (first matching rule wins); escalations and high reach go to `senior_group`."""

    rules: list[RoutingRule] = Field(default_factory=list)
    senior_group: str = "senior"
    #: B-KNOW: authors with at least this many followers need a senior responder.
    high_reach_followers: int = Field(10_000, ge=0)
    #: Assign new cases automatically; off means they wait in the inbox for someone to take them.
    auto_assign: bool = True


class IncidentPolicy(_Strict):
    """Surges of one problem (B-ESCALATE, B-MONITOR; docs/incidents.md): whether the detector
    watches this brand, and the smallest surge it reports (a brand with few posts may want
    fewer than the default, a very busy one more)."""

    detect: bool = True
    min_count: int | None = Field(None, ge=2, le=10_000)
    #: The public status update (docs/incidents.md): false never posts one for this brand.
    status_updates: bool = True
    #: Where it goes; unset: the platforms the incident's complaints came from (B-SAME-PLACE).
    status_platforms: list[Literal["x", "facebook", "mastodon", "bluesky", "reddit"]] | None = None


class Playbook(_Strict):
    """A brand's playbook file."""

    brand: str
    display_name: str | None = None
    languages: list[str] = Field(default_factory=lambda: ["en"])
    channels: list[ChannelAccount] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    keyword_exclusions: list[str] = Field(default_factory=list)
    hours: BusinessHours = Field(default_factory=BusinessHours)
    sla: SlaTargets = Field(default_factory=SlaTargets)
    priority: PriorityWeights = Field(default_factory=PriorityWeights)
    review: ReviewPolicy = Field(default_factory=ReviewPolicy)
    compensation: CompensationLimits = Field(default_factory=CompensationLimits)
    #: R-rule id -> "block" (no one may post it) | "review" (a supervisor may, with a note) | "warn" | "off"
    reply_rules: dict[str, Literal["block", "review", "warn", "off"]] = Field(default_factory=dict)
    #: Extra topics: name -> keywords, or name -> {keywords = [...], examples = [...]}.
    topics: dict[str, list[str] | TopicSpec] = Field(default_factory=dict)
    auto_dismiss_spam: bool = True
    hide_public_pii: bool = True
    signature: str | None = None
    followup_days: int = Field(3, ge=0)
    routing: RoutingRules = Field(default_factory=RoutingRules)
    notify: list[str] = Field(default_factory=list, description="apprise URLs")
    incidents: IncidentPolicy = Field(default_factory=IncidentPolicy)

    @field_validator("brand")
    @classmethod
    def _brand(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("brand must not be empty")
        if not BRAND_KEY.fullmatch(v):
            # The key is a URL path segment and a command-line argument: 'Bad Brand/../x' was
            # accepted and then unreachable on the web (issue 17, item 11).
            raise ValueError(
                f"brand key {v[:120]!r} must be letters, digits, '-' or '_' (starting with a letter "
                "or digit, at most 100 characters), like 'acme' or 'north-wind'"
            )
        return v

    @field_validator("reply_rules")
    @classmethod
    def _rules(cls, v: dict[str, str]) -> dict[str, str]:
        _all([f"{key!r} is not a reply rule id (they look like 'R-BLAME')" for key in v if not key.startswith("R-")])
        return v


def _all(problems: list[str]) -> None:
    """Raise one error listing every problem a validator found, not only the first."""
    if problems:
        raise ValueError("; ".join(problems))


class PlaybookError(ValueError):
    """A playbook that cannot be used; the message names the file, the key and the problem."""


def parse_playbook(text: str, source: str = "<playbook>") -> Playbook:
    return load_toml_model(text, source, Playbook, PlaybookError, "examples/playbook.example.toml")


def default_playbook(brand: str) -> Playbook:
    return Playbook(brand=brand)
