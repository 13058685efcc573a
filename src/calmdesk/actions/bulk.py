"""Bulk work from the inbox: assign, move, tag or dismiss as spam many cases at once.

Each case goes through the same action as when it is changed alone (`do_hand_over_case`,
`do_move_case_with_followup`, `do_tag_case`), so B-OWNER and the lifecycle hold per case, and
each writes its own single audit record. A refusal (another brand's case, an escalated case
owned by someone else, a move the lifecycle forbids) is reported for that case and the others
go ahead (`domain.bulk.BulkResult`). Every check runs before the case is changed, and the
changes of one case are in a savepoint, so a refused case is left exactly as it was.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from calmdesk.actions.cases import NotAMember, do_hand_over_case, get_case
from calmdesk.actions.followup import do_move_case_with_followup
from calmdesk.actions.tags import do_tag_case
from calmdesk.actions.users import Access
from calmdesk.domain.bulk import BulkAction, BulkError, BulkResult
from calmdesk.domain.lifecycle import DismissReason, LifecycleError, State
from calmdesk.domain.ownership import OwnershipError
from calmdesk.domain.tags import TagError, parse_tags


def do_bulk(
    session: Session,
    access: Access,
    case_ids: list[int],
    action: BulkAction,
    *,
    owner: str | None = None,
    target: str | None = None,
    tags: str | None = None,
) -> BulkResult:
    """Apply `action` to each case; the result lists what was done and what was refused, and why.

    `owner`: for assign ("" or None: nobody). `target`: the state for move. `tags`: comma-separated.
    Raises `BulkError` when the request as a whole is unusable (move without a state, tag without tags).
    """
    if action is BulkAction.MOVE and not target:
        raise BulkError("move: choose the state to move the cases to")
    tag_list: list[str] = []
    if action is BulkAction.TAG:
        try:
            tag_list = parse_tags(tags or "")
        except TagError as exc:
            raise BulkError(str(exc)) from exc
        if not tag_list:
            raise BulkError("tag: type at least one tag")
    result = BulkResult(action.value)
    note = f"bulk {action.value} of {len(case_ids)} cases"
    for case_id in case_ids:
        try:
            case = get_case(session, case_id)
        except LookupError:
            result.refused.append((case_id, f"no case #{case_id}"))
            continue
        if not access.can_see(case.brand_id):
            result.refused.append((case_id, f"no case #{case_id}"))  # as for a missing one: ids reveal nothing
            continue
        try:
            with session.begin_nested():
                if action is BulkAction.ASSIGN:
                    do_hand_over_case(session, case.id, owner or None, actor=access.username, note=note)
                elif action is BulkAction.MOVE:
                    do_move_case_with_followup(session, case.id, target or "", actor=access.username, note=note)
                elif action is BulkAction.SPAM:
                    do_move_case_with_followup(
                        session, case.id, State.DISMISSED, actor=access.username, note=note,
                        dismiss_reason=DismissReason.SPAM.value,
                    )  # fmt: skip
                else:
                    do_tag_case(session, case.id, tag_list, actor=access.username)
        except (OwnershipError, LifecycleError, NotAMember, TagError, ValueError) as exc:
            result.refused.append((case_id, str(exc)))
            continue
        result.done.append(case_id)
    return result
