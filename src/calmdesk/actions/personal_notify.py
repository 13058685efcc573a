"""Personal notifications through apprise: a desk user's own chat or mail hears what the bell shows.

The in-app list (`queries.notifications`) reads the audit log; this module hears the same audit
records as they are written (`audit.record` calls `on_audit`) and, for a user who configured
apprise URLs, sends the same news there:

- their draft was approved or rejected,
- a case was assigned to them by someone else,
- an SLA warning on a case they own,
- someone `@mentioned` them in an internal note (`note.mentioned`; `notify_mention` for any
  other place that mentions a person).

Why from the audit record: it is the one place every one of these events is written, so no
action can forget to notify, and a person hears nothing that did not happen. Why after commit:
a rolled-back action never notifies, and no chat server is called while a transaction holds
locks. Why in a background thread: a slow chat server must not slow the page that approved the
draft; the thread is not a daemon, so a CLI command waits for its notices before it exits.

A user's URLs are a credential (a Slack or Matrix URL carries a token): they live in the
encrypted `secrets` table as `user:<name>:apprise` (`calmdesk users notify NAME --apprise URL`),
or in the environment as `CALMDESK_SECRET_USER_<NAME>_APPRISE`, one URL per line or space.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import apprise
from sqlalchemy import delete
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.audit import PERSONAL_VERBS
from calmdesk.notify import AppriseNotifier, Notice, dispatch_after_commit
from calmdesk.secrets import SecretError, get_secret
from calmdesk.storage.tables import Action, Case, Draft, Secret, User

log = logging.getLogger(__name__)

MENTION_VERB = "note.mentioned"

_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="calmdesk-notify")


class NotifySettingsError(ValueError):
    pass


def secret_name(username: str) -> str:
    return f"user:{username}:apprise"


def personal_urls(session: Session, username: str) -> list[str]:
    """The apprise URLs of one user (environment first, then the encrypted store); [] when none."""
    try:
        value = get_secret(session, secret_name(username))
    except SecretError as exc:  # a wrong key must not stop the action that notifies
        log.warning("apprise URLs of %s cannot be read: %s", username, exc)
        return []
    return value.reveal().split() if value is not None else []


class BackgroundNotifier:
    """Hands each notice to one background thread that sends it with apprise."""

    def __init__(self) -> None:
        self.sender = AppriseNotifier()

    def send(self, notice: Notice) -> bool:
        _EXECUTOR.submit(self._send, notice)
        return True

    def _send(self, notice: Notice) -> None:
        try:
            if not self.sender.send(notice):
                log.warning("apprise could not deliver %s to %s", notice.kind, ", ".join(notice.recipients))
        except Exception:  # a broken receiver must not kill the thread
            log.exception("apprise notice %s failed", notice.kind)


NOTIFIER = BackgroundNotifier()


def _case_words(action: Action) -> str:
    return f"case #{action.case_id}" if action.case_id else "a case"


def _who_and_what(session: Session, action: Action) -> tuple[str, str, str] | None:
    """(recipient, title, body) of the one person this record concerns, or None."""
    case = _case_words(action)
    detail = action.detail or {}
    if action.verb in ("draft.approved", "draft.rejected"):
        draft = session.get(Draft, detail.get("draft_id")) if detail.get("draft_id") else None
        if draft is None:
            return None
        word = "approved" if action.verb == "draft.approved" else "rejected"
        why = f": {action.note}" if action.note else ""
        return draft.author, f"Draft {word}", f"{action.actor} {word} your draft #{draft.id} on {case}{why}"
    if action.verb == "case.assigned":
        to = detail.get("to")
        return (str(to), "Case assigned to you", f"{action.actor} assigned {case} to you") if to else None
    if action.verb == "sla.warning":
        owner = session.get(Case, action.case_id).owner if action.case_id else None  # type: ignore[union-attr]
        if not owner:
            return None
        due = f" (due {detail['due_at']})" if detail.get("due_at") else ""
        return owner, "SLA warning", f"SLA warning on your {case}: the {detail.get('clock', 'response')} is due soon{due}"
    if action.verb == MENTION_VERB:
        to = detail.get("to")
        if not to:
            return None
        return str(to), "You were mentioned", f"{action.actor} mentioned you in a note on {case}: {action.note or ''}"
    return None


def notices_for(session: Session, action: Action) -> list[Notice]:
    """The apprise notice this audit record owes its person (none for their own doing or no URLs)."""
    if action.verb not in PERSONAL_VERBS:
        return []
    found = _who_and_what(session, action)
    if found is None:
        return []
    username, title, body = found
    if username == action.actor:
        return []
    urls = personal_urls(session, username)
    if not urls:
        return []
    return [
        Notice(
            kind=f"personal.{action.verb}",
            title=f"calmdesk: {title}",
            body=body,
            urls=tuple(urls),
            case_id=action.case_id,
            recipients=(username,),
        )
    ]


def on_audit(session: Session, action: Action) -> None:
    """Called by `audit.record` for every record: queue its personal notice to go after commit."""
    if action.verb not in PERSONAL_VERBS:
        return
    try:
        notices = notices_for(session, action)
    except Exception:  # noqa: BLE001 - a notification must never undo the action it reports
        log.exception("personal notice for %s could not be prepared", action.verb)
        return
    dispatch_after_commit(session, NOTIFIER, notices)


def notify_mention(
    session: Session, *, case_id: int, brand_id: int, actor: str, username: str, text: str, **detail: Any
) -> Action:
    """Tell `username` that `actor` mentioned them (in-app and, where configured, through apprise).

    `actions.notes` writes the same record for internal notes; any other place that mentions a
    person calls this, and both the bell and apprise follow from the one audit record.
    """
    return audit.record(
        session, actor=actor, verb=MENTION_VERB, case_id=case_id, brand_id=brand_id, note=text[:300], to=username,
        **detail,
    )  # fmt: skip


def do_set_notify_urls(session: Session, username: str, urls: list[str]) -> list[str]:
    """Store a user's apprise URLs encrypted (an empty list removes them). Every URL is checked
    by apprise first, so a typo is refused here rather than failing silently at the first notice."""
    from calmdesk.actions.secrets import do_set_secret
    from calmdesk.actions.users import find_user

    if find_user(session, username) is None:
        known = ", ".join(sorted(u.username for u in session.query(User).order_by(User.username)))
        raise NotifySettingsError(f"no user {username!r} (known: {known or 'none'})")
    cleaned = [u.strip() for u in urls if u.strip()]
    for url in cleaned:
        if any(c.isspace() for c in url) or apprise.Apprise.instantiate(url) is None:
            scheme = url.split("://", 1)[0] if "://" in url else url[:20]
            raise NotifySettingsError(
                f"{scheme}://...: not an apprise URL (see https://github.com/caronc/apprise/wiki, e.g. json://host/path)"
            )
    if not cleaned:
        session.execute(delete(Secret).where(Secret.name == secret_name(username)))
        return []
    do_set_secret(session, secret_name(username), "\n".join(cleaned))
    return cleaned
