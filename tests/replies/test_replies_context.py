"""Issue 15: the checker reads the reply's kind and the case's names and data, and holds on
general patterns (sign-offs, names inside word lists, privacy asks in context, next steps by
meaning, paraphrased blame, defence and over-promise)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from calmdesk.replies import learned
from calmdesk.replies.checker import check_reply
from calmdesk.replies.model import ReplyContext
from calmdesk.replies.rules import _patterns, privacy, substance, tone

LATE = "My parcel is a week late."


def rules(text: str, ctx: ReplyContext | None = None) -> set[str]:
    return {f.rule for f in check_reply(text, ctx or ReplyContext(complaint=LATE), learned=False)}


@pytest.mark.parametrize("sign", ["^Dana", "^ Dana", "^dk", "^ Rosalind", "^KB"])
def test_caret_sign_off_with_a_name_is_a_signature(sign: str) -> None:
    text = f"Sorry about the wait. A courier is booked to collect it on Thursday. {sign}"
    assert "R-IMPERSONAL" not in rules(text)
    assert "R-IMPERSONAL" in rules("Sorry about the wait. A courier is booked to collect it on Thursday.")


def test_word_lists_match_whole_words_not_names() -> None:
    base = "Sorry Mo, that's annoying. I've emailed you a returns label for the {} today. ^LK"
    for word in ("Arsenal shirt", "shiitake kit", "Scunthorpe order", "assessment form"):
        assert "R-OFFENSIVE" not in rules(base.format(word)), word
    assert "R-OFFENSIVE" in rules(base.format("shit kit"))
    # a brand the case knows, even one that contains a listed word
    ctx = ReplyContext(complaint=LATE, known_names=("Lazy Lark",))
    assert "R-OFFENSIVE" not in rules(base.format("Lazy Lark hoodie"), ctx)
    assert "R-OFFENSIVE" in rules(base.format("lazy courier"))


def test_brand_in_capitals_is_not_shouting() -> None:
    text = "Sorry Kim, that's annoying. I've asked the NORTHWIND billing team to check it today. ^Ed"
    assert "R-SHOUTING" in rules(text)
    assert "R-SHOUTING" not in rules(text, ReplyContext(complaint=LATE, known_names=("NORTHWIND Energy",)))
    # a short all-capital token is an acronym or a brand; an @handle in the complaint names it
    assert "R-SHOUTING" not in rules("Sorry Kim, I'll reset your KOVA meter today. ^Ed")
    assert "R-SHOUTING" not in rules(
        "Sorry Noel, I'll send the SNAPPY reset today. ^Ed", ReplyContext(complaint="@SNAPPYenergy no reading")
    )
    assert "R-SHOUTING" in rules("Sorry Noel, this is the WORST and I'll fix it today. ^Ed")


def test_privacy_asks_in_context() -> None:
    # an ordinary reference, sent to a private channel in another sentence of the reply
    assert "R-ASK-PII-PUBLIC" not in rules(
        "Sorry Will, that's too long. Drop us a DM. Include your order reference and postcode and I'll trace it. ^Maz"
    )
    assert "R-ASK-PII-PUBLIC" not in rules(
        "Sorry Kwame, that's awful. Send us a DM with your account number and I'll book an engineer. ^Nat"
    )
    # asked here in public, or a secret anywhere
    assert "R-ASK-PII-PUBLIC" in rules("Sorry Lou. Reply here with your email and I'll find it, or DM me. ^AJ")
    assert "R-ASK-PII-PUBLIC" in rules("Sorry Erin. Comment below with your login details. ^Nia")
    assert "R-ASK-PII-PUBLIC" in rules("Sorry Finn. Post your username and the password you used below. ^Greta")
    assert "R-ASK-PII-PUBLIC" in rules("Hallo Tim, tut mir leid. Schick uns bitte hier deine Adresse. ^Ute")
    private = ReplyContext(complaint=LATE, visibility="private")
    assert "R-ASK-PII-PUBLIC" not in rules("Sorry Theo. Could you confirm your account number? Farah", private)


@pytest.mark.parametrize(
    "step",
    [
        "A courier is booked to collect it on Thursday.",
        "The refund has been issued to your card this morning.",
        "Happy to sort it out together over DM, so I'll drop you a message now.",
        "The new jug goes out with tomorrow's post.",
        "The depot manager will call you tomorrow morning.",
    ],
)
def test_next_step_by_meaning(step: str) -> None:
    assert "R-NO-NEXT-STEP" not in rules(f"Sorry Ed, that's not on. {step} ^Joy")


@pytest.mark.parametrize("bare", ["DM us.", "DMs.", "Please message us privately.", "Private message is the place for this one."])
def test_a_bare_channel_is_not_a_next_step(bare: str) -> None:
    assert "R-NO-NEXT-STEP" in rules(f"Sorry Jack, that's no use to anyone. {bare} ^PH")


def test_check_back_and_close_out_owe_no_new_step_once_the_kind_is_known() -> None:
    check_back = "Hi Nadia, checking back on this: has the second visit stopped the leak? ^Omar"
    assert {"R-NO-NEXT-STEP", "R-NO-APOLOGY"} <= rules(check_back)
    for kind in ("followup", "closeout"):
        assert not {"R-NO-NEXT-STEP", "R-NO-APOLOGY"} & rules(check_back, ReplyContext(complaint=LATE, kind=kind))  # type: ignore[arg-type]
    assert "R-NO-NEXT-STEP" in rules(check_back, ReplyContext(complaint=LATE, kind="ack"))


def test_a_question_after_an_at_handle_is_a_question() -> None:
    ctx = ReplyContext(complaint="@KitRoom do you ship to Norway?")
    assert not {"R-NO-APOLOGY", "R-NO-NEXT-STEP"} & rules("Hi Lars, yes we do: 4-6 working days. ^Mia", ctx)
    assert substance.is_complaint("@KitRoom why is my order late again?")


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        ("R-BLAME", "These drop-outs mostly come from home routers on older firmware."),
        ("R-BLAME", "We sent three reminders, which seem to have been ignored."),
        ("R-BLAME", "Most people book on Tuesdays, so turning up a bit later avoids the queue."),
        ("R-DEFENSIVE", "Every sofa is inspected twice before it leaves, so it must have happened in transit."),
        ("R-DEFENSIVE", "Our system is always right about usage."),
        ("R-OVERPROMISE", "Whatever it costs you in fees, we'll pay it."),
        ("R-OVERPROMISE", "Any costs the delay caused will be covered by us, no questions asked."),
    ],
)
def test_paraphrases_of_blame_defence_and_over_promise(rule: str, sentence: str) -> None:
    assert rule in rules(f"Sorry Ben, that's annoying. {sentence} I'll check it today. ^Vic")


def test_humour_on_a_serious_complaint_without_a_severity_keyword() -> None:
    text = "Sorry Meg, that's no fun. At least it wasn't the whole pack. I'll DM you today. ^Jas"
    assert "R-HUMOR-RISK" in rules(text, ReplyContext(complaint="My daughter came out in a rash from your wipes."))
    assert "R-HUMOR-RISK" not in rules(text, ReplyContext(complaint="The wipes pack was torn open."))


def test_gates_never_skip_a_pattern_that_matches() -> None:
    """Every gated family gives the same matches as running all its patterns."""
    texts = [
        "As we already explained, nobody has reported this and no one seems to mind.",
        "You should have read the manual; it'll definitely be with you tomorrow, whatever happens.",
        "Please reply here with your card number and the 3 digits on the back.",
        "Haha, look on the bright side! Our team clearly botched it. The fire is on us.",
        "Sorry, I'll check. We've refunded it. A courier is booked for Friday. ^Dana",
    ]
    for mod in (tone, substance, privacy):
        for fam in (v for v in vars(mod).values() if isinstance(v, _patterns.Family)):
            for text in texts:
                gated = {p.pattern for p in fam.candidates(text)}
                for pat in fam:
                    if pat.search(text):
                        assert pat.pattern in gated, pat.pattern


def test_required_literals_are_sound_on_a_tricky_pattern() -> None:
    pat = _patterns.family([r"(?:no ?one|nobody) (?:has |have )?(?:ever )?(?:reported|complained)"])[0]
    gate = _patterns.required_literals(pat)
    assert gate
    for text in ("noone has ever complained", "nobody reported", "no one has reported"):
        assert pat.search(text) and any(g in text for g in gate)


def test_fast_scorer_equals_scikit_learn() -> None:
    model = learned.default_model()
    assert model is not None
    sc = model.scorer
    word, char = learned._vectorizers(sc.word_vocab, sc.char_vocab)
    word.idf_, char.idf_ = sc.word_idf, sc.char_idf
    sents = ["Sorry  Sam,   the meter sets every fare!", "Ärger über die Lieferung", "a", "I'll DM you. ^AB"]
    x = learned._matrix((word, char), sents)
    ref = 1.0 / (1.0 + np.exp(-(x @ sc.coef.T + sc.intercept)))
    assert np.allclose(sc.probabilities(sents), ref, atol=1e-12)
    drafts = ["Sorry Sam, the fares are set by the meter. I'll DM you. ^AB", "Thanks! ^AB"]
    assert model.best_sentences_many(drafts) == [model.best_sentences(d) for d in drafts]
    assert re.search(r"\w", drafts[0])
