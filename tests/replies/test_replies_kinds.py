"""Issue 15 (second round): hand-offs chosen by category and topic, German drafts in the
customer's own words, the `followup` and `answer` kinds, and the stage that offers each."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import ensure_brand
from calmdesk.actions.cases import do_move_case
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.reply_drafting import compose_for_case
from calmdesk.actions.reply_flow import next_reply_kind
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.replies import grounding
from calmdesk.replies.checker import blocking, check_reply
from calmdesk.replies.composer import compose
from calmdesk.replies.model import ReplyContext
from calmdesk.replies.platforms import limits_for
from calmdesk.replies.templates import BUILTIN_DIR, TemplateError, load_templates
from calmdesk.storage.tables import Case

AGENT = {"agent_name": "Sam Reed", "brand_name": "Acme"}
PEANUTS = (
    "@acme the 'nut-free' oat bars in your kids' snack box list PEANUTS on the wrapper. My son took two "
    "bites and his lips are swelling. We're on the way to the doctor."
)


def _handoff(text: str, escalation: tuple[str, ...] = (), topic: str | None = None, order: str | None = None,
             lang: str = "en", seed: int = 3) -> str:  # fmt: skip
    facts = grounding.CaseFacts(complaint=text, customer_name="Priya", escalation=escalation, topic=topic, order=order)
    v = grounding.variables(facts, lang) | AGENT | {"customer_name": "Priya"}
    d = compose(
        "handoff", v, complaint=text, language=lang, seed=seed, category=grounding.category(facts),
        topic=grounding.topic(facts), flags=grounding.flags(facts),
    )  # fmt: skip
    assert not blocking(list(d.findings)), (d.text, d.findings)
    assert d.visibility == "private"
    return d.text


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_safety_and_health_handoff_puts_medical_advice_first_then_keeping_the_batch(seed: int) -> None:
    text = _handoff(PEANUTS, ("safety",), order="NW-1", seed=seed)
    low = text.lower()
    assert "medical advice" in low or "doctor" in low, text
    assert "batch" in low and ("uneaten" in low or "don't eat" in low), text
    # medical advice comes before anything we ask of them
    assert min(low.find("medical"), low.find("doctor") if "doctor" in low else 10**6) < low.find("batch")
    assert "son" not in low.split("priya")[-1].replace("reason", "")  # never "stop using your son"
    assert "unplug" not in low  # food is not plugged in


def test_an_electrical_hazard_handoff_says_unplug_and_keep_it_not_eat_it() -> None:
    text = _handoff("@acme my charger started smoking and the plug melted", ("safety",)).lower()
    assert "unplug" in text and "stop using" in text and not re.search(r"\beat|uneaten", text)


@pytest.mark.parametrize(
    ("text", "escalation", "topic", "expect"),
    [
        ("@acme I can see someone else's orders and address in my account", ("data_breach",), None, "change your password"),
        ("@acme you charged me twice for one order", (), "billing", "charge"),
        ("@acme my parcel never arrived, tracking says delivered", (), "delivery", "delivery address"),
        ("@acme the app crashes every time I tap pay", (), "technical", "app version"),
        ("@acme can't log in, it says my account is locked", (), "account_access", "never ask for your password"),
    ],
)
def test_handoff_asks_for_what_the_topic_needs(text: str, escalation: tuple[str, ...], topic: str | None, expect: str) -> None:
    out = _handoff(text, escalation, topic)
    assert expect in out.lower(), out
    assert "photo of the problem" not in out  # not the generic request


def test_german_drafts_use_the_customers_own_words() -> None:
    cases = {
        "Die Erdbeeren waren schon am Tag der Lieferung matschig und schimmelig.": "die Erdbeeren",
        "Seit dem App-Update finde ich meine Favoritenliste nicht mehr.": "deine Favoritenliste",
        "Lieferung kam zu spät und die Tiefkühlpizza und das Eis waren aufgetaut.": "die Tiefkühlpizza und das Eis",
    }
    for complaint, words in cases.items():
        facts = grounding.CaseFacts(complaint=complaint, languages=("en", "de"))
        assert grounding.language(facts) == "de"
        assert grounding.problem(facts, "de") == words
        v = grounding.variables(facts, "de") | AGENT | {"customer_name": "Anja"}
        seen = {compose("ack", v, language="de", complaint=complaint, seed=s).text for s in range(6)}
        assert any(words in t for t in seen), seen
    # a phrase after a preposition, or with a determiner whose case is not known, is not reused
    assert grounding.problem(grounding.CaseFacts(complaint="Drei Artikel fehlen in meiner Lieferung"), "de") is None
    assert grounding.problem(grounding.CaseFacts(complaint="Mein Kühlschrank ist kaputt"), "de") is None


def test_english_problem_words_are_never_a_person() -> None:
    facts = grounding.CaseFacts(complaint="my son was sick after eating it", product="Oat milk 1 l x3")
    assert grounding.problem(facts) == "your oat milk"
    assert grounding.problem(grounding.CaseFacts(complaint="the tracking page just says on the way")) is None


@pytest.mark.parametrize("path", sorted(BUILTIN_DIR.glob("default.*.toml")), ids=lambda p: p.name)
def test_followup_and_answer_exist_in_every_shipped_language_and_pass_the_checker(path: Path) -> None:
    lang = path.name.split(".")[1]
    ts = load_templates("default", lang)
    assert {"followup", "answer"} <= set(ts.kinds)
    base = AGENT | {"customer_name": "Dana", "problem": "die Erdbeeren" if lang == "de" else "your parcel"}
    for seed in range(8):
        for kind, complaint, extra in (
            ("followup", "@acme my parcel never arrived", {}),
            ("answer", "@acme do you deliver to Potsdam? Asking for a friend", {"order_status": "on its way"}),
            ("answer", "@acme do you deliver to Potsdam?", {}),
        ):
            d = compose(kind, base | extra, language=lang, complaint=complaint, seed=seed,
                        flags={"order"} if extra else ())  # fmt: skip
            assert not blocking(list(d.findings)), (d.text, d.findings)
            low = d.text.lower()
            assert "sorry" not in low and "leid" not in low and "entschuldig" not in low, d.text
            if kind == "followup":
                assert "?" in d.text  # it asks whether it is resolved
            if extra:
                assert extra["order_status"] in d.text


def test_template_needs_are_validated(tmp_path: Path) -> None:
    bad = tmp_path / "default.en.toml"
    bad.write_text('[ack]\nslots = ["greeting"]\ngreeting = ["Hi"]\nneeds = { greeting = "sunny" }\n')
    with pytest.raises(TemplateError, match=r"default.en.toml.*needs greeting = 'sunny'"):
        load_templates("default", "en", extra_dir=tmp_path)
    bad.write_text('[ack]\nslots = ["greeting"]\ngreeting = ["Hi"]\nneeds = { health = "unwell" }\n')
    with pytest.raises(TemplateError, match="needs names slot 'health'"):
        load_templates("default", "en", extra_dir=tmp_path)


def test_a_private_message_has_the_platforms_dm_limit() -> None:
    assert limits_for("x").max_chars == 280 and limits_for("x", "private").max_chars == 10_000
    long_dm = "Hi Dana, " + "we are checking the batch with our safety team. " * 8 + "- Sam"
    ctx = ReplyContext(platform="x", visibility="private", complaint="@acme my parcel never arrived")
    assert "R-LENGTH" not in {f.rule for f in check_reply(long_dm, ctx)}
    assert "R-LENGTH" in {f.rule for f in check_reply(long_dm, ReplyContext(platform="x", complaint=ctx.complaint))}


def _ingest(session: Session, text: str) -> Case:
    t = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    ensure_brand(session, "acme")
    do_ingest_mentions(
        session, [MentionIn("x", "q1", text, t, AuthorIn("sam", display_name="Sam Lee"), brand_handle="acme")],
        brand_key="acme", run_hooks=False,
    )  # fmt: skip
    return session.scalars(select(Case)).one()


NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_a_question_is_offered_an_answer(sqlite_factory: sessionmaker[Session]) -> None:
    with sqlite_factory.begin() as s:
        case = _ingest(s, "@acme do you deliver to Potsdam yet? Asking for a flat of 5 students")
        assert next_reply_kind(s, case) == "answer"
        p = compose_for_case(s, case, "Anna Berg", "answer", now=NOW)
        assert p.kind == "answer" and p.visibility == "public" and "sorry" not in p.text.lower()


def test_a_proposed_fix_is_offered_a_followup_where_the_conversation_is(
    sqlite_factory: sessionmaker[Session],
) -> None:
    now = NOW
    with sqlite_factory.begin() as s:
        case = _ingest(s, "@acme my parcel never arrived, third time now")
        assert next_reply_kind(s, case) == "ack"
        for state in ("acknowledged", "private", "resolution_proposed"):
            do_move_case(s, case.id, state, actor="anna")
        case.went_private = True
        case.first_response_at = now  # the acknowledgement went out
        assert next_reply_kind(s, case) == "followup"
        p = compose_for_case(s, case, "Anna Berg", "followup", now=now)
        # the conversation is in private while the case is there
        assert p.visibility == "private" and "?" in p.text and "your parcel" in p.text
