"""Search, notes, tags, bulk actions and saved views against the real store, SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from web_helpers import Seed, seed_store  # noqa: E402

from calmdesk.actions.bulk import do_bulk  # noqa: E402
from calmdesk.actions.cases import do_assign_case, do_move_case  # noqa: E402
from calmdesk.actions.notes import do_add_note  # noqa: E402
from calmdesk.actions.tags import do_tag_case, do_untag_case  # noqa: E402
from calmdesk.actions.users import access_of  # noqa: E402
from calmdesk.actions.views import do_delete_view, do_save_view  # noqa: E402
from calmdesk.domain.bulk import BulkAction, BulkError  # noqa: E402
from calmdesk.domain.notes import NoteError  # noqa: E402
from calmdesk.domain.tags import TagError  # noqa: E402
from calmdesk.domain.views import ViewError  # noqa: E402
from calmdesk.queries.desk import InboxQuery, inbox_rows  # noqa: E402
from calmdesk.queries.notifications import notifications_for  # noqa: E402
from calmdesk.queries.search import search  # noqa: E402
from calmdesk.queries.team import tags_of_case, views_of_user  # noqa: E402
from calmdesk.storage.db import session_scope  # noqa: E402
from calmdesk.storage.tables import Action, Author, CaseNote, Mention, OutboxItem, User  # noqa: E402


@pytest.fixture
def seed(store_url: str) -> Seed:
    data = seed_store(store_url)
    yield data
    data.factory.kw["bind"].dispose()


def _access(s, name: str):  # type: ignore[no-untyped-def]
    return access_of(s, s.scalar(select(User).where(User.username == name)))


def test_search_finds_posts_authors_and_notes_within_the_brands_one_may_see(seed: Seed) -> None:
    with session_scope(seed.factory) as s:
        alice = _access(s, "alice")
        bob = _access(s, "bob")
        page = search(s, alice.brand_ids, "tracking page")
        assert [h.case_id for h in page.hits] == [seed.acme_quiet_case]
        assert page.hits[0].kind == "post" and "tracking page" in page.hits[0].text
        # Case-insensitive, accents and punctuation are separators.
        assert [h.case_id for h in search(s, alice.brand_ids, "TRACKING!!").hits] == [seed.acme_quiet_case]
        # Brand isolation: bob (globex) never sees acme's case, alice never globex's.
        assert search(s, bob.brand_ids, "tracking").hits == []
        assert search(s, alice.brand_ids, "billing").hits == []
        assert [h.case_id for h in search(s, bob.brand_ids, "billing").hits] == [seed.globex_case]
        # A global admin sees every brand.
        assert {h.case_id for h in search(s, None, "globex complaint").hits} == {seed.globex_case}
        assert search(s, None, "complaint OR parcel").hits == []  # every word is required; OR is a word
        # Authors, by display name and by handle.
        by_name = search(s, alice.brand_ids, "erin example")
        assert [h.case_id for h in by_name.hits] == [seed.acme_quiet_case]
        assert search(s, alice.brand_ids, "frank").hits[0].kind == "author"
        # Notes are searched and reach their case.
        do_add_note(s, seed.acme_case, "Customer wants a zebrafish refund", actor="alice")
        s.flush()
        found = search(s, alice.brand_ids, "zebrafish")
        assert [(h.case_id, h.kind) for h in found.hits] == [(seed.acme_case, "note")]
        assert search(s, bob.brand_ids, "zebrafish").hits == []


#: What people type by accident or on purpose: FTS5 and tsquery syntax, SQL, nothing at all.
HOSTILE = ['"', '"unbalanced', "tracking\"' OR 1=1 --", "NEAR(a b)", "*", "col:tracking", "^tracking", "a AND",
           "()", "tracking:*", "!!!", "", "   ", "x" * 5000, "'; DROP TABLE mentions; --", "\\", "&|!<->", "-tracking",
           "tracking*", "{tracking}", "_", "__init__", "\x00", "ترك", "🙂"]


def test_search_syntax_from_users_never_breaks(seed: Seed) -> None:
    with session_scope(seed.factory) as s:
        for query in HOSTILE:
            page = search(s, None, query)
            assert isinstance(page.hits, list), query
            if query in ("^tracking", "tracking:*", '"tracking', "-tracking", "tracking*", "{tracking}"):
                assert [h.case_id for h in page.hits] == [seed.acme_quiet_case], query
        assert s.scalar(select(Mention.id).limit(1)) is not None


def test_search_index_follows_updates_and_deletes(seed: Seed) -> None:
    with session_scope(seed.factory) as s:
        m = s.scalar(select(Mention).where(Mention.external_id == "a3"))
        assert m is not None
        m.text = "the courier lost the wombat"
        s.flush()
        assert search(s, None, "tracking").hits == []
        assert [h.case_id for h in search(s, None, "wombat").hits] == [seed.acme_quiet_case]
        author = s.scalar(select(Author).where(Author.handle == "erin"))
        assert author is not None
        author.display_name = "Quokka Person"
        s.flush()
        assert search(s, None, "quokka").hits[0].case_id == seed.acme_quiet_case


def test_search_pages(seed: Seed) -> None:
    with session_scope(seed.factory) as s:
        for i in range(5):
            do_add_note(s, seed.acme_case if i % 2 else seed.acme_code_case, f"kangaroo note {i}", actor="alice")
        first = search(s, None, "acme_help", per_page=2)
        assert len(first.hits) == 2 and first.has_more and first.total == 4
        second = search(s, None, "acme_help", page=2, per_page=2)
        assert {h.case_id for h in first.hits}.isdisjoint({h.case_id for h in second.hits})
        assert not second.has_more
        counted = search(s, None, "kangaroo")
        assert sorted(h.matches for h in counted.hits) == [2, 3]


def test_note_mentions_notify_known_users_only_and_never_reach_the_outbox(seed: Seed) -> None:
    with session_scope(seed.factory) as s:
        note = do_add_note(
            s, seed.acme_case, "@sam can you approve a refund? cc @bob @nobody and carol@example.com @alice",
            actor="alice",
        )  # fmt: skip
        assert note.mentioned == ["sam"]  # bob is not on acme, nobody is nobody, alice wrote it
        assert s.scalar(select(OutboxItem.id)) is None
        sam = _access(s, "sam")
        items = notifications_for(s, "sam", sam.brand_ids)
        assert [(n.kind, n.case_id) for n in items] == [("mention", seed.acme_case)]
        assert "can you approve" in items[0].text
        assert notifications_for(s, "bob", _access(s, "bob").brand_ids) == []
        assert [n for n in notifications_for(s, "root", None) if n.kind == "mention"] == []
        verbs = [a.verb for a in s.scalars(select(Action).where(Action.case_id == seed.acme_case))]
        assert verbs.count("case.noted") == 1 and verbs.count("note.mentioned") == 1
        with pytest.raises(NoteError):
            do_add_note(s, seed.acme_case, "   ", actor="alice")
        assert s.scalar(select(CaseNote.id).where(CaseNote.text == "")) is None


def test_tags_and_the_inbox_tag_filter(seed: Seed) -> None:
    with session_scope(seed.factory) as s:
        assert do_tag_case(s, seed.acme_case, ["Refund", "#press ", "refund"], actor="alice") == ["refund", "press"]
        assert do_tag_case(s, seed.acme_case, ["REFUND"], actor="alice") == []
        assert tags_of_case(s, seed.acme_case) == ["press", "refund"]
        with pytest.raises(TagError):
            do_tag_case(s, seed.acme_case, ["bad!tag"], actor="alice")
        alice = _access(s, "alice")
        rows = inbox_rows(s, alice, InboxQuery(tag="refund"))["items"]
        assert [r["id"] for r in rows] == [seed.acme_case] and rows[0]["tags"] == ["press", "refund"]
        assert do_untag_case(s, seed.acme_case, "Refund", actor="alice")
        assert not do_untag_case(s, seed.acme_case, "refund", actor="alice")
        assert inbox_rows(s, alice, InboxQuery(tag="refund"))["items"] == []
        # The inbox's search words narrow it to the cases they find.
        rows = inbox_rows(s, alice, InboxQuery(q="discount code"))["items"]
        assert [r["id"] for r in rows] == [seed.acme_code_case]


def test_bulk_reports_refusals_per_case_and_writes_one_audit_record_per_case(seed: Seed) -> None:
    with session_scope(seed.factory) as s:
        do_move_case(s, seed.acme_case, "escalated", actor="sam")
        do_assign_case(s, seed.acme_case, "sam", actor="sam")
        before = s.scalar(select(Action.id).order_by(Action.id.desc()).limit(1)) or 0
        alice = _access(s, "alice")
        ids = [seed.acme_case, seed.acme_quiet_case, seed.acme_code_case, seed.globex_case, 999_999]
        result = do_bulk(s, alice, ids, BulkAction.ASSIGN, owner="alice")
        assert result.done == [seed.acme_quiet_case, seed.acme_code_case]
        refused = dict(result.refused)
        assert "B-OWNER" in refused[seed.acme_case]
        assert refused[seed.globex_case] == f"no case #{seed.globex_case}"
        assert refused[999_999] == "no case #999999"
        new = list(s.scalars(select(Action).where(Action.id > before)))
        assert sorted(a.case_id for a in new if a.verb == "case.assigned") == sorted(result.done)
        assert len(new) == 2
        # Spam dismissal is one move each; the lifecycle refuses it for the escalated case.
        spam = do_bulk(s, _access(s, "sam"), [seed.acme_case, seed.acme_xss_case], BulkAction.SPAM)
        assert spam.done == [seed.acme_xss_case] and [c for c, _ in spam.refused] == [seed.acme_case]
        tagged = do_bulk(s, alice, [seed.acme_quiet_case, seed.acme_code_case], BulkAction.TAG, tags="late, Courier")
        assert tagged.done == [seed.acme_quiet_case, seed.acme_code_case]
        assert tags_of_case(s, seed.acme_code_case) == ["courier", "late"]
        moved = do_bulk(s, alice, [seed.acme_quiet_case, seed.acme_case], BulkAction.MOVE, target="acknowledged")
        assert moved.done == [seed.acme_quiet_case] and seed.acme_case in dict(moved.refused)
        with pytest.raises(BulkError):
            do_bulk(s, alice, [seed.acme_case], BulkAction.TAG, tags=" , ")


def test_saved_views_are_per_user(seed: Seed) -> None:
    with session_scope(seed.factory) as s:
        alice, sam = _access(s, "alice"), _access(s, "sam")
        view = do_save_view(s, alice.user_id, " My  refunds ", {"tag": "refund", "state": "new", "evil": "x"})
        assert (view.name, view.params) == ("My refunds", {"state": "new", "tag": "refund"})
        again = do_save_view(s, alice.user_id, "My refunds", {"tag": "press"})
        assert again.id == view.id and again.params == {"tag": "press"}
        assert [v.name for v in views_of_user(s, alice.user_id)] == ["My refunds"]
        assert views_of_user(s, sam.user_id) == []
        assert not do_delete_view(s, sam.user_id, view.id)
        with pytest.raises(ViewError):
            do_save_view(s, alice.user_id, "empty", {})
        assert do_delete_view(s, alice.user_id, view.id)
        assert views_of_user(s, alice.user_id) == []


def test_many_matches_are_capped_at_the_newest_candidates(seed: Seed) -> None:
    """More matches than `CANDIDATES`: the newest are ranked and the page says it was capped (on
    PostgreSQL, two words take the newest-posts path first; one word the planner's path)."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import text

    from calmdesk.queries import search as search_module
    from calmdesk.queries.search import CANDIDATES

    with session_scope(seed.factory) as s:
        base = s.scalar(select(Mention).where(Mention.external_id == "a1"))
        assert base is not None
        now = datetime.now(UTC)
        s.add_all(
            Mention(platform="x", external_id=f"bulk{i}", thread_key=base.thread_key, brand_id=base.brand_id,
                    case_id=seed.acme_code_case if i % 2 else seed.acme_case, text=f"phone case number {i}",
                    created_at=now - timedelta(seconds=i))
            for i in range(CANDIDATES + 20)
        )  # fmt: skip
        s.commit()
        if s.get_bind().dialect.name == "postgresql":
            # With statistics, "phone case" are common words: the newest-posts path answers.
            s.execute(text("ANALYZE mentions"))
            search_module._COMMON.clear()
            assert search_module._all_common(s, ["phone", "case"])
        for query in ("phone case", "phone"):
            page = search(s, _access(s, "alice").brand_ids, query)
            assert page.capped, query
            assert {h.case_id for h in page.hits} == {seed.acme_case, seed.acme_code_case}
            assert sum(h.matches for h in page.hits) == CANDIDATES
        assert search(s, _access(s, "bob").brand_ids, "phone case").hits == []
