"""Notifications to people (B-MONITOR, B-SLA, B-ESCALATE) through apprise URLs.

Why a protocol: actions produce `Notice` values and never talk to the network inside a
transaction; the caller hands them to a `Notifier` after commit, so a rolled-back check
never alerts anyone and a slow chat server never holds a database lock.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import apprise
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One message for people: the brand's URLs plus the personal URLs of those on duty."""

    kind: str  # sla.warning | sla.breached | case.escalated | ...
    title: str
    body: str
    urls: tuple[str, ...]
    case_id: int | None = None
    recipients: tuple[str, ...] = field(default_factory=tuple)


class Notifier(Protocol):
    def send(self, notice: Notice) -> bool: ...


class AppriseNotifier:
    """Sends each notice to its apprise URLs (mailto://, slack://, json://host/path, ...)."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def send(self, notice: Notice) -> bool:
        if not notice.urls:
            return True
        ap = apprise.Apprise()
        for url in notice.urls:
            if not ap.add(url):
                self.failures.append(f"{notice.kind}: not an apprise URL: {url.split('://')[0]}://...")
                log.warning("skipping an invalid apprise URL for %s", notice.kind)
        if len(ap) == 0:
            return False
        ok = bool(ap.notify(title=notice.title, body=notice.body))
        if not ok:
            self.failures.append(f"{notice.kind}: delivery failed for case {notice.case_id}")
        return ok


def send_all(notifier: Notifier, notices: Sequence[Notice]) -> int:
    """Send every notice; return how many were delivered (a failure does not stop the rest)."""
    delivered = 0
    for n in notices:
        try:
            delivered += 1 if notifier.send(n) else 0
        except Exception:  # noqa: BLE001 - one broken receiver must not silence the others
            log.exception("notification %s for case %s failed", n.kind, n.case_id)
    return delivered


def dispatch_after_commit(session: Session, notifier: Notifier, notices: Sequence[Notice]) -> None:
    """Send `notices` once the session's transaction commits; nothing is sent on rollback."""
    if not notices:
        return
    pending = list(notices)

    def _after_commit(_session: Session) -> None:
        send_all(notifier, pending)

    event.listen(session, "after_commit", _after_commit, once=True)
