"""Issue 15 in a real browser (Debian's chromium via Playwright): "Draft with AI" against a local
OpenAI-compatible server with recorded answers, and the composer's suggestion for each kind.

The desk runs in-process (uvicorn in a thread) and reads CALMDESK_LLM_* on every request, so a
test points it at the fake server by setting the environment; the fake records what it RECEIVED.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from test_web_browser import browser, logged_in_page, pytestmark, wait_checked
from web_helpers import Seed, seed_store

from calmdesk.actions.cases import do_move_case
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.queries.desk import case_by_id
from calmdesk.storage.db import session_scope
from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings
from fake_llm import BAD, GOOD, Recorded, fake_llm_server
from live_server import LiveServer

__all__ = ["browser", "pytestmark"]  # the module-scoped chromium fixture and the skip marker, reused

QUESTION = "@acme_help do you deliver to Potsdam yet, or only inside the ring? Asking for a flat of students"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Seed, dict[str, int]]]:
    path = tmp_path_factory.mktemp("drafts") / "web.sqlite3"
    seed = seed_store(f"sqlite:///{path}")
    now = datetime.now(UTC)
    with session_scope(seed.factory) as s:
        report = do_ingest_mentions(
            s,
            [MentionIn("x", "q1", QUESTION, now - timedelta(minutes=5),
                       AuthorIn(handle="hanna", external_id="1201", display_name="Hanna", followers=40),
                       brand_handle="acme_help")],
        )  # fmt: skip
        [question_case] = report.case_ids_created
    with session_scope(seed.factory) as s:
        # a complaint whose fix is proposed, after the private hand-off: the check-back is next
        case = case_by_id(s, seed.acme_code_case)
        assert case is not None
        case.first_response_at = now
        for state in ("acknowledged", "private", "resolution_proposed"):
            do_move_case(s, case.id, state, actor="alice")
        case.went_private = True
    app = create_app(seed.factory, WebSettings(secret_key="browser-secret-0123456789"))
    with LiveServer(app) as server:
        yield server, seed, {"question": question_case, "fixed": seed.acme_code_case}
    seed.factory.kw["bind"].dispose()


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The desk's model is the fake server, with a 1 s timeout."""
    with fake_llm_server() as url:
        monkeypatch.setenv("CALMDESK_LLM_BASE_URL", url)
        monkeypatch.setenv("CALMDESK_LLM_MODEL", "local-model")
        monkeypatch.setenv("CALMDESK_LLM_API_KEY", "secret")
        monkeypatch.setenv("CALMDESK_LLM_TIMEOUT_S", "1")
        yield


def draft_with_ai(page: Any) -> str:
    page.click("#reply-draft-ai")
    page.wait_for_function(
        "() => { const n = document.getElementById('reply-draft-note').textContent;"
        " return n && n !== 'Drafting…'; }",
        timeout=15_000,
    )
    wait_checked(page)
    return str(page.locator("#reply-draft-note").inner_text())


def test_draft_with_ai_good_bad_and_timeout(
    desk: tuple[LiveServer, Seed, dict[str, int]], browser: Any, model: None
) -> None:
    server, seed, _ = desk
    page = logged_in_page(browser, server, "alice")
    page.goto(f"{server.url}/cases/{seed.acme_quiet_case}")
    suggested = page.input_value("#reply-text")
    assert suggested.strip(), "the composer's suggestion is in the box before any model call"

    # A good answer goes into the box as it came, and the checker's findings are shown for it.
    Recorded.script = [GOOD]
    note = draft_with_ai(page)
    assert page.input_value("#reply-text") == GOOD
    assert note.startswith("Drafted by the model") and "revised" not in note
    assert page.locator("#findings li.f-block").count() == 0
    assert not page.locator("#reply-send").is_disabled()
    assert len(Recorded.seen) == 1
    prompt = Recorded.seen[0]["body"]["messages"][1]["content"]
    assert "tracking page" in prompt and "Agent: Alice Agent" in prompt  # the case and the agent
    assert Recorded.seen[0]["auth"] == "Bearer secret"

    # A bad answer is revised once with the checker's findings; the revision is what shows.
    Recorded.seen.clear()
    Recorded.script = [BAD, GOOD]
    note = draft_with_ai(page)
    assert page.input_value("#reply-text") == GOOD
    assert "revised once with the checker's findings" in note
    assert len(Recorded.seen) == 2
    assert "R-BLAME" in Recorded.seen[1]["body"]["messages"][-1]["content"]

    # A model that does not answer in time: a clear message, and the template suggestion is back.
    Recorded.seen.clear()
    Recorded.script = ["SLOW"]
    page.fill("#reply-text", "")
    note = draft_with_ai(page)
    assert "could not draft" in note and "timed out" in note and "template draft" in note, note
    assert page.input_value("#reply-text") == suggested
    assert page.locator("#findings li.f-block").count() == 0


def test_suggested_drafts_per_kind(desk: tuple[LiveServer, Seed, dict[str, int]], browser: Any,
                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The case view suggests the kind its stage needs, and each kind's template draft (no model
    configured) lands in the box with its visibility and passes the checker."""
    monkeypatch.delenv("CALMDESK_LLM_BASE_URL", raising=False)
    server, seed, ids = desk
    page = logged_in_page(browser, server, "alice")

    page.goto(f"{server.url}/cases/{ids['question']}")  # a plain question: an answer, no apology
    assert page.input_value("#reply-kind") == "answer"
    text = page.input_value("#reply-text")
    assert text.startswith(("Hi Hanna", "Hello Hanna", "Hey Hanna")) and "sorry" not in text.lower(), text

    page.goto(f"{server.url}/cases/{ids['fixed']}")  # a fix proposed in private: the check-back
    assert page.input_value("#reply-kind") == "followup"
    assert page.input_value("#reply-visibility") == "private"
    assert "?" in page.input_value("#reply-text")

    page.goto(f"{server.url}/cases/{seed.acme_quiet_case}")  # a complaint: the acknowledgement
    assert page.input_value("#reply-kind") == "ack"
    expected_visibility = {
        "ack": "public", "answer": "public", "handoff": "private", "followup": "public", "closeout": "public",
    }  # fmt: skip
    for kind, visibility in expected_visibility.items():
        page.select_option("#reply-kind", kind)
        note = draft_with_ai(page)
        assert note.startswith("Template draft"), note
        assert page.input_value("#reply-kind") == kind
        assert page.input_value("#reply-visibility") == visibility
        drafted = page.input_value("#reply-text")
        assert drafted.strip() and "{" not in drafted
        assert page.locator("#findings li.f-block").count() == 0, (kind, drafted)
        if kind == "handoff":
            assert "tracking" in drafted or "delivery address" in drafted or "order number" in drafted, drafted
