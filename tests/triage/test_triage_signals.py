from datetime import UTC, datetime, timedelta

import pytest

from calmdesk.domain.playbook import PriorityWeights
from calmdesk.domain.priority import PrioritySignals, score_priority
from calmdesk.triage.escalation import escalation
from calmdesk.triage.language import language
from calmdesk.triage.legitimacy import AccountInfo, BurstDetector, legitimacy
from calmdesk.triage.offensive import offensive
from calmdesk.triage.topic import topic


def test_offensive_plain_and_masked() -> None:
    assert offensive("you are a bunch of idiots").offensive
    assert offensive("worst f***ing service").offensive
    assert offensive("this is sh*t").offensive
    assert offensive("f@ck this").offensive
    assert not offensive("the class in Scunthorpe was a classic").offensive
    assert not offensive("@acme 5*** hotel, lovely staff").offensive


def test_escalation_reasons_and_slang() -> None:
    assert escalation("the charger caught fire and burnt my hand").reasons == ("safety",)
    assert escalation("my kid had an allergic reaction, nuts not on the label").reasons == ("safety",)
    assert escalation("I will be contacting my lawyer").reasons == ("legal",)
    assert escalation("reported you to the ombudsman").reasons == ("legal",)
    assert escalation("your app shows someone else's order and address").reasons == ("data_breach",)
    assert escalation("I'm a journalist at the Guardian, can your press office comment").reasons == ("press",)
    assert escalation("this deal is fire, sick prices").reasons == ()


def test_spam_and_known_customer() -> None:
    acc = AccountInfo(handle="anna", followers=300)
    assert legitimacy("Earn $500 a day from home, DM me", acc).spam
    assert legitimacy("buy cheap followers at http://x.example", acc).spam
    assert legitimacy("@a @b @c @d @e @f check this", acc).spam
    assert legitimacy("xkcdqw zzrtpl mnbvcx qwrtzp", acc).spam
    assert not legitimacy("@acme my parcel is late again", acc).spam
    now = datetime(2024, 5, 1, tzinfo=UTC)
    new = AccountInfo(handle="bob", followers=0, created_at=now - timedelta(hours=2))
    # B-LEGIT: a brand-new account alone lowers confidence but is not spam.
    lone = legitimacy("@acme my parcel is late again", new, now)
    assert not lone.spam and lone.score < 0.7 and "new_account" in lone.reasons
    assert legitimacy("@acme my parcel is late http://x.example/promo", new, now).spam
    assert legitimacy("@acme my parcel is late", new, now, known_customer=True).score > lone.score


def test_burst_of_near_identical_posts_from_different_authors() -> None:
    d = BurstDetector(window=timedelta(minutes=30), min_authors=3)
    t = datetime(2024, 5, 1, tzinfo=UTC)
    text = "@acme your product {} made my whole family ill, never again!"
    assert not d.add(text.format(1), "a", t)
    assert not d.add(text.format(2), "a", t + timedelta(minutes=1))
    assert not d.add(text.format(3), "b", t + timedelta(minutes=2))
    assert d.add(text.format(4), "c", t + timedelta(minutes=3))
    # Outside the window the state is forgotten.
    assert not d.add(text.format(5), "d", t + timedelta(hours=2))


def test_topic_builtin_and_brand_keywords() -> None:
    assert topic("my parcel never arrived, courier lost it") == "delivery"
    assert topic("charged twice, want a refund") == "billing"
    assert topic("can't log in, locked out of my account") == "account_access"
    assert topic("hello there") == "other"
    assert topic("my loyalty points vanished", {"loyalty": ["loyalty points", "points"]}) == "loyalty"


def test_language() -> None:
    assert language("why is my order still not here").code == "en"
    assert language("warum ist meine Bestellung noch nicht da").code == "de"
    assert language("pourquoi ma commande n'est toujours pas là").code == "fr"
    assert language("12345 !!!").code == "und"


def test_priority_is_explainable_and_uses_the_playbook_weights() -> None:
    w = PriorityWeights()
    p = score_priority(PrioritySignals(complaint_score=1, sentiment=-1, escalation=True, reach=1), w)
    assert p.score == 100
    assert {f.name: f.weight for f in p.factors}["escalation"] == 40
    assert round(sum(f.value * f.weight for f in p.factors)) == p.score
    spam = score_priority(
        PrioritySignals(complaint_score=1, sentiment=-1, escalation=False, reach=0, spam=True), w
    )
    assert spam.score == 5
    heavy = score_priority(
        PrioritySignals(complaint_score=0.5, sentiment=0, escalation=False, reach=0),
        PriorityWeights(complaint=100),
    )
    assert heavy.score == 50


def test_brand_topic_by_examples_and_its_validation() -> None:
    from calmdesk.domain.playbook import TopicSpec

    rewards = TopicSpec(examples=["the points from my rewards card disappeared", "my member bonus never credited"])
    assert topic("bonus points on my rewards card have disappeared!!", {"rewards": rewards}) == "rewards"
    # half of an example's words are needed: one shared word is not enough
    assert topic("my card was charged twice", {"rewards": rewards}) == "billing"
    assert topic("my order arrived late", {"rewards": rewards}) == "delivery"
    with pytest.raises(ValueError, match="keywords or examples"):
        TopicSpec()
