"""B-OWNER checks with the facts from the store: the actor's role and the brand's people.

`do_move_case` and `do_assign_case` call these before they change anything, so the web desk,
the API and the CLI are held to the same rule.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from calmdesk.domain.ownership import Actor, OwnershipError, assignee_refusal, change_refusal
from calmdesk.storage.tables import Case, Membership, User

SUPERVISOR_ROLES = ("supervisor", "admin")


def actor_for(session: Session, name: str, brand_id: int) -> Actor:
    user = session.scalar(select(User).where(User.username == name))
    if user is None:
        return Actor(name, is_person=False, is_supervisor=False)
    role = session.scalar(
        select(Membership.role).where(Membership.user_id == user.id, Membership.brand_id == brand_id)
    )
    return Actor(name, is_person=True, is_supervisor=bool(user.is_admin) or role in SUPERVISOR_ROLES)


def known_users(session: Session, brand_id: int) -> list[str]:
    """The people a case of this brand may be given to: its members and the global admins."""
    return sorted(
        session.scalars(
            select(User.username)
            .outerjoin(Membership, (Membership.user_id == User.id) & (Membership.brand_id == brand_id))
            .where(or_(Membership.id.is_not(None), User.is_admin.is_(True)))
            .distinct()
        )
    )


def check_may_change(session: Session, case: Case, actor: str, what: str = "move") -> None:
    refusal = change_refusal(actor_for(session, actor, case.brand_id), case.state, case.owner, what)
    if refusal:
        raise OwnershipError(refusal)


def check_assignee(session: Session, case: Case, target: str | None) -> None:
    refusal = assignee_refusal(target, known_users(session, case.brand_id))
    if refusal:
        raise OwnershipError(refusal)
