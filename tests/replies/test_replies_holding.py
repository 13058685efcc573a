"""Holding statements (issue 16, item 4): proposed per brand language, personalised per case to the
customer's name, language and platform length, and each still a reply the checker accepts."""

from __future__ import annotations

import pytest

from calmdesk.replies.checker import blocking, check_reply
from calmdesk.replies.holding import personalise, pick_language, propose, resolved_message, status_update
from calmdesk.replies.model import ReplyContext
from calmdesk.replies.platforms import counted_length


def test_proposal_covers_the_brand_languages_it_has_wording_for() -> None:
    got = propose("technical", ["de", "fr"])
    assert set(got) == {"de", "en"}  # French has no wording; English is always there to approve
    assert "App und Website" in got["de"] and "app and website" in got["en"]
    assert "logging in" in propose("account_access", ["en"])["en"]
    assert "our app and website" in propose(None, ["en"])["en"]  # unknown topic: the generic wording


def test_personal_version_greets_signs_and_passes_the_checker() -> None:
    statement = propose("technical", ["en"])["en"]
    text = personalise(statement, customer_name="Ana Silva", agent_name="Sam Super", platform="x")
    assert text.startswith("Hi Ana, i'm sorry") is False and text.startswith("Hi Ana, ")
    assert text.endswith(" - Sam Super")
    ctx = ReplyContext(platform="x", complaint="is the app down?? wont load at all", kind="ack")
    assert blocking(check_reply(text, ctx)) == []


def test_too_long_for_the_platform_drops_the_greeting_then_sentences() -> None:
    long = "I'm sorry, our app is down for many of you right now. " + "We are working on it. " * 20
    text = personalise(long, customer_name="Ana", agent_name="Sam", platform="x")
    assert counted_length(text, "x") <= 280 and text.startswith("Hi Ana, ") and text.endswith(" - Sam")
    assert text.count("We are working on it.") < 20
    with pytest.raises(ValueError, match="does not fit x"):
        personalise("x" * 400 + ".", customer_name=None, agent_name="Sam", platform="x")


def test_language_picked_per_case() -> None:
    statements = {"en": "E.", "de": "D."}
    assert pick_language(statements, "de", ["en"]) == "de"
    assert pick_language(statements, "fr", ["de", "en"]) == "de"
    assert pick_language({"de": "D."}, None, ["en"]) == "de"
    text = personalise("Es tut mir leid. Wir arbeiten daran.", customer_name="Jörg", agent_name="Mia",
                       platform="x", language="de")  # fmt: skip
    assert text.startswith("Hallo Jörg, Es tut mir leid.")


def test_closing_and_status_wordings() -> None:
    assert "fixed now" in resolved_message("technical", "en")
    assert "behoben" in resolved_message("technical", "de")
    assert status_update("billing", "en").startswith("Update: many of you are having trouble with payments")
