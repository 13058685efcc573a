"""The pure rules behind the team tools: search words, highlighting, @mentions, tags, bulk, views."""

from __future__ import annotations

import pytest

from calmdesk.domain.bulk import (
    MAX_BULK_CASES,
    BulkAction,
    BulkError,
    BulkResult,
    parse_action,
    parse_case_ids,
)
from calmdesk.domain.notes import MAX_NOTE_LEN, NoteError, clean_note, mentioned_names, mentioned_users
from calmdesk.domain.search_terms import MAX_TERMS, Segment, excerpt, highlight, search_terms
from calmdesk.domain.tags import MAX_TAG_LEN, TagError, normalize_tag, parse_tags
from calmdesk.domain.views import ViewError, clean_view


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("Refund  refund REFUND", ["refund"]),
        ('"order 123" OR NOT late*', ["order", "123", "or", "not", "late"]),
        ("NEAR(parcel, rain)", ["near", "parcel", "rain"]),
        ("kim_4711 __x__ __ab__", ["kim_4711", "ab"]),
        ("Ｒｅｆｕｎｄ", ["refund"]),  # full-width letters fold (NFKC)
        ("Zürich", ["zürich"]),
        ("a", ["a"]),  # a lone short word is kept
        ("a parcel", ["parcel"]),
        ("!!! ''' ---", []),
        ("", []),
    ],
)
def test_search_terms_are_plain_words(query: str, terms: list[str]) -> None:
    assert search_terms(query) == terms


def test_search_terms_are_bounded() -> None:
    assert len(search_terms(" ".join(f"w{i}" for i in range(50)))) == MAX_TERMS
    assert search_terms("x" * 1000) == ["x" * 40]


def test_highlight_marks_whole_words_case_insensitively() -> None:
    segs = highlight("Parcel late; parcels LATE!", ["parcel", "late"])
    assert [s.text for s in segs if s.hit] == ["Parcel", "late", "LATE"]
    assert "".join(s.text for s in segs) == "Parcel late; parcels LATE!"
    assert highlight("<b>x</b>", []) == [Segment("<b>x</b>", False)]
    assert [s.text for s in highlight("ask @sam, not @samuel", ["@sam"]) if s.hit] == ["@sam"]


def test_excerpt_centres_on_the_first_match() -> None:
    text = "intro " * 100 + "the tracking page is stuck " + "outro " * 100
    out = excerpt(text, ["tracking"], 80)
    assert "tracking" in out and out.startswith("…") and out.endswith("…") and len(out) <= 82
    assert excerpt("short", ["x"]) == "short"


def test_mentions_are_names_after_an_at_sign_not_email_addresses() -> None:
    text = "@Sam please check; cc @bob. mail carol@example.com, ask @alice-b and @SAM again"
    assert mentioned_names(text) == ["sam", "bob", "alice-b"]
    assert mentioned_users(text, ["sam", "alice-b", "root"]) == ["sam", "alice-b"]
    assert mentioned_users("no names here", ["sam"]) == []


def test_notes_are_trimmed_and_bounded() -> None:
    assert clean_note("  hi  ") == "hi"
    with pytest.raises(NoteError, match="empty"):
        clean_note(" \n ")
    with pytest.raises(NoteError, match=str(MAX_NOTE_LEN)):
        clean_note("x" * (MAX_NOTE_LEN + 1))


@pytest.mark.parametrize(
    ("raw", "tag"),
    [("Refund", "refund"), ("#refund ", "refund"), ("VIP customer", "vip-customer"), ("a_b/c", "a-b-c"),
     ("Ärger", "ärger"), ("  --x--  ", "x")],
)
def test_tags_have_one_spelling(raw: str, tag: str) -> None:
    assert normalize_tag(raw) == tag


@pytest.mark.parametrize("raw", ["", "#", "refund!", "a.b", "<script>", "x" * (MAX_TAG_LEN + 1)])
def test_bad_tags_are_refused_with_the_reason(raw: str) -> None:
    with pytest.raises(TagError, match="tag"):
        normalize_tag(raw)


def test_parse_tags_splits_on_commas() -> None:
    assert parse_tags("Refund, press ,refund,,") == ["refund", "press"]


def test_bulk_request_rules() -> None:
    assert parse_case_ids(["3", " 1", "3"]) == [3, 1]
    for bad in (["x"], ["0"], ["-1"], ["1.5"], [str(2**63)]):
        with pytest.raises(BulkError):
            parse_case_ids(bad)
    with pytest.raises(BulkError, match="no case selected"):
        parse_case_ids([])
    with pytest.raises(BulkError, match=str(MAX_BULK_CASES)):
        parse_case_ids([str(i) for i in range(1, MAX_BULK_CASES + 2)])
    assert parse_action("spam") is BulkAction.SPAM
    with pytest.raises(BulkError, match="assign, move, tag, spam"):
        parse_action("delete")
    result = BulkResult("assign", done=[1, 2], refused=[(3, "no")])
    assert result.summary() == "assign: 2 cases done, 1 refused"
    assert BulkResult("tag", done=[1]).summary() == "tag: 1 case done"


def test_views_keep_known_filters_only() -> None:
    assert clean_view("  Mine ", {"owner": "me", "page": "3", "x": "y", "tag": ""}) == ("Mine", {"owner": "me"})
    with pytest.raises(ViewError, match="name"):
        clean_view(" ", {"owner": "me"})
    with pytest.raises(ViewError, match="filters"):
        clean_view("empty", {"page": "2"})
    with pytest.raises(ViewError, match="q:"):
        clean_view("long", {"q": "x" * 201})
