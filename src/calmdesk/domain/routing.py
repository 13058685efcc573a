"""Who gets a case (B-OWNER, B-ESCALATE, B-KNOW): routing rules, duty shifts, load-aware choice.

Pure: the action layer gathers the facts (the case, the people and their open-case
counts) and these functions decide. Decisions are deterministic so the same inbox
routes the same way on every run and in every test.

`RoutingRules` is meant to sit in the brand playbook as `routing`; a person's shift
is stored in `User.shift` with the shape of `DutyShift`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pydantic import Field

from calmdesk.domain.playbook import BusinessHours, RoutingRule, RoutingRules
from calmdesk.domain.sla import is_open

SENIOR_ROLES = frozenset({"supervisor", "admin"})

__all__ = ["RoutingRule", "RoutingRules"]  # the config models live with the playbook they belong to


class DutyShift(BusinessHours):
    """A person's working hours (same shape as business hours) plus personal apprise URLs.

    Reminders go only to people whose shift is running, never at midnight to someone off shift.
    """

    notify: list[str] = Field(default_factory=list)


def parse_shift(raw: dict[str, object] | None) -> DutyShift | None:
    """The shift stored on a user; an empty dict means "no shift set" (on duty whenever flagged)."""
    if not raw:
        return None
    return DutyShift.model_validate(raw)


def on_duty(flag: bool, shift: DutyShift | None, now: datetime) -> bool:
    """On duty = the person's on-duty switch is on and, when a shift is set, it is running now."""
    if not flag:
        return False
    return True if shift is None else is_open(shift, now)


@dataclass(frozen=True)
class CaseFacts:
    """What routing looks at."""

    platform: str
    language: str | None = None
    topic: str | None = None
    priority: int = 0
    followers: int | None = None
    escalated: bool = False


@dataclass(frozen=True)
class Candidate:
    """A person who could own the case, with their current load."""

    username: str
    role: str  # agent | supervisor | admin (for this brand)
    groups: tuple[str, ...]
    on_duty: bool
    open_cases: int


@dataclass(frozen=True)
class RouteDecision:
    group: str | None
    needs_senior: bool
    owner: str | None
    reason: str


def needs_senior(rules: RoutingRules, facts: CaseFacts) -> bool:
    """B-ESCALATE / B-KNOW: escalations and high-reach authors need someone with authority."""
    return facts.escalated or (facts.followers is not None and facts.followers >= rules.high_reach_followers)


def match_group(rules: RoutingRules, facts: CaseFacts) -> str | None:
    for rule in rules.rules:
        if rule.platforms and facts.platform not in rule.platforms:
            continue
        if rule.languages and (facts.language or "").split("-")[0].lower() not in rule.languages:
            continue
        if rule.topics and facts.topic not in rule.topics:
            continue
        if rule.min_priority is not None and facts.priority < rule.min_priority:
            continue
        if rule.min_followers is not None and (facts.followers or 0) < rule.min_followers:
            continue
        return rule.group
    return None


def is_senior(c: Candidate, rules: RoutingRules) -> bool:
    return rules.senior_group in c.groups or c.role in SENIOR_ROLES


def pick_least_loaded(candidates: Sequence[Candidate]) -> Candidate | None:
    """Fewest open cases wins; ties go to the alphabetically first name so runs are repeatable."""
    on = [c for c in candidates if c.on_duty]
    return min(on, key=lambda c: (c.open_cases, c.username)) if on else None


def route(rules: RoutingRules, facts: CaseFacts, candidates: Sequence[Candidate]) -> RouteDecision:
    """Choose an owner among people on duty.

    Senior cases go to the senior group (or supervisors) only; if none is on duty the case
    stays unassigned rather than landing with someone without authority. Other cases go to
    the matching group, falling back to anyone on duty when that group is all off shift.
    """
    senior = needs_senior(rules, facts)
    group = match_group(rules, facts)
    if senior:
        pick = pick_least_loaded([c for c in candidates if is_senior(c, rules)])
        why = "escalated" if facts.escalated else "high reach"
        if pick is None:
            return RouteDecision(group, True, None, f"{why}: no senior responder on duty")
        return RouteDecision(group, True, pick.username, f"{why}: least-loaded senior on duty")
    if group is not None:
        pick = pick_least_loaded([c for c in candidates if group in c.groups])
        if pick is not None:
            return RouteDecision(group, False, pick.username, f"rule group {group}: least-loaded on duty")
    pick = pick_least_loaded(candidates)
    if pick is None:
        return RouteDecision(group, False, None, "nobody on duty")
    return RouteDecision(group, False, pick.username, "least-loaded on duty")
