"""Saved inbox views per user: save (or replace by name) and delete. Views are private to
their user, so no audit record: they change what one person sees, nothing about a case."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.domain.views import clean_view
from calmdesk.storage.tables import SavedView


def do_save_view(session: Session, user_id: int, name: str, params: dict[str, str]) -> SavedView:
    """Save the filters under `name`; a view of the same name is replaced (raises `ViewError`)."""
    label, kept = clean_view(name, params)
    view = session.scalar(select(SavedView).where(SavedView.user_id == user_id, SavedView.name == label))
    if view is None:
        view = SavedView(user_id=user_id, name=label, params=kept)
        session.add(view)
    else:
        view.params = kept
    session.flush()
    return view


def do_delete_view(session: Session, user_id: int, view_id: int) -> bool:
    """Delete one of the user's own views; False when there is no such view of theirs."""
    view = session.get(SavedView, view_id)
    if view is None or view.user_id != user_id:
        return False
    session.delete(view)
    session.flush()
    return True
