"""The reply checker: each R-rule on a bad and a good draft, context, levels and spans."""

from __future__ import annotations

import pytest

from calmdesk.replies.checker import RULE_IDS, UnknownRuleError, check_reply
from calmdesk.replies.model import ReplyContext

GOOD = "Hi Sam, I'm sorry about the wait. I'll check with the courier and update you by 3pm. ^AK"
CTX = ReplyContext(platform="x", complaint="My parcel is a week late.")


def rules(text: str, ctx: ReplyContext = CTX, **kw: object) -> set[str]:
    return {f.rule for f in check_reply(text, ctx, **kw)}  # type: ignore[arg-type]


def test_good_reply_is_clean() -> None:
    assert check_reply(GOOD, CTX) == []


@pytest.mark.parametrize(
    ("rule", "bad"),
    [
        ("R-DEFENSIVE", "As I already told you, the parcel left on time."),
        ("R-BLAME", "You must have typed the wrong address."),
        ("R-ONLY-ONE", "Honestly, no other customer has reported this."),
        ("R-CANNED", "Your enquiry has been logged."),
        ("R-PHONE-BOUNCE", "You will need to contact the courier about this."),
        ("R-OVERPROMISE", "It will definitely arrive tomorrow."),
        ("R-ADMIT-FAULT", "We are fully liable for the damage."),
        ("R-OFFENSIVE", "That was a stupid mistake on the shop floor."),
        ("R-SHOUTING", "We are REALLY on it!!!"),
        ("R-ASK-PII-PUBLIC", "Please reply with your card number."),
    ],
)
def test_each_phrase_rule_fires_and_points_at_the_phrase(rule: str, bad: str) -> None:
    text = GOOD.replace("I'll check", bad + " I'll check")
    found = [f for f in check_reply(text, CTX) if f.rule == rule]
    assert found, f"{rule} not found in {text!r}"
    f = found[0]
    assert text.find(bad[:6]) <= f.start < f.end <= text.find(bad) + len(bad)
    assert f.message and f.level in ("block", "warn")
    assert rules(GOOD) == set()


def test_absence_rules() -> None:
    assert "R-NO-APOLOGY" in rules("Hi Sam, I'll check with the courier today. ^AK")
    assert "R-NO-NEXT-STEP" in rules("Hi Sam, I'm so sorry about this. ^AK")
    assert "R-IMPERSONAL" in rules("Sorry about this. We will check with the courier today.")
    # Private replies don't need a signature; without a complaint there is nothing to apologize for.
    assert "R-IMPERSONAL" not in rules(
        "Sorry about this. We will check today.", ReplyContext(visibility="private", complaint="x")
    )
    assert "R-NO-APOLOGY" not in rules("Thanks! I'll pass it on. ^AK", ReplyContext(complaint=""))


def test_humour_depends_on_severity() -> None:
    text = "Haha, sorry Sam! I'll check the voucher now. ^AK"
    assert "R-HUMOR-RISK" not in rules(text, ReplyContext(complaint="Voucher code not working."))
    assert "R-HUMOR-RISK" in rules(text, ReplyContext(complaint="Voucher code not working.", severity="high"))
    assert "R-HUMOR-RISK" in rules(text, ReplyContext(complaint="The charger caught fire in my kid's room."))


def test_pii_echo_public_only_and_from_the_case() -> None:
    text = "Sorry Sam, I'm checking order 4821937 now and will DM you. ^AK"
    ctx = ReplyContext(complaint="Order 4821937 never came")
    assert "R-PII-ECHO" in rules(text, ctx)
    assert "R-PII-ECHO" not in rules(text, ReplyContext(complaint=ctx.complaint, visibility="private"))
    mail = "Sorry Sam, I've written to sam.k@mail.example and will follow up today. ^AK"
    assert "R-PII-ECHO" in rules(mail, ReplyContext(complaint="late", personal_data=("sam.k@mail.example",)))
    # The brand's own support inbox is not the customer's data.
    assert "R-PII-ECHO" not in rules(mail.replace("sam.k@mail.example", "support@brand.example"), CTX)


def test_asking_for_details_is_fine_in_a_dm_but_secrets_never() -> None:
    assert "R-ASK-PII-PUBLIC" not in rules("Sorry Sam! Could you DM me your order number? I'll check it. ^AK")
    assert "R-ASK-PII-PUBLIC" in rules("Sorry Sam! Could you post your order number here? I'll check it. ^AK")
    assert "R-ASK-PII-PUBLIC" in rules("Sorry Sam! DM me your card number and I'll check it. ^AK")


def test_length_counts_links_as_23_on_x() -> None:
    body = "Sorry Sam, I'll check and update you today. ^AK " + "https://example.com/" + "a" * 300
    assert "R-LENGTH" not in rules(body, ReplyContext(platform="x", complaint="late"))
    long = GOOD + " " + "More soon. " * 30
    found = [
        f for f in check_reply(long, ReplyContext(platform="x", complaint="late")) if f.rule == "R-LENGTH"
    ]
    assert found and found[0].start == 280 and found[0].end == len(long) and "x" in found[0].message
    assert "R-LENGTH" not in rules(long, ReplyContext(platform="facebook", complaint="late"))


def test_media_review_for_links_and_attachments() -> None:
    assert "R-MEDIA-REVIEW" in rules(GOOD, ReplyContext(complaint="late", attachments=("label.pdf",)))
    assert "R-MEDIA-REVIEW" in rules(GOOD + " www.example.com/track", CTX)


def test_levels_from_the_playbook() -> None:
    text = "Your request has been registered. " + GOOD
    assert [f.level for f in check_reply(text, CTX) if f.rule == "R-CANNED"] == ["warn"]
    assert [f.level for f in check_reply(text, CTX, {"R-CANNED": "block"}) if f.rule == "R-CANNED"] == [
        "block"
    ]
    assert "R-CANNED" not in rules(text, levels={"R-CANNED": "off"})
    with pytest.raises(UnknownRuleError, match="R-CANED"):
        check_reply(text, CTX, {"R-CANED": "off"})


def test_every_playbook_rule_is_implemented() -> None:
    expected = {
        "R-DEFENSIVE", "R-BLAME", "R-ONLY-ONE", "R-CANNED", "R-IMPERSONAL", "R-NO-APOLOGY", "R-NO-NEXT-STEP",
        "R-PHONE-BOUNCE", "R-OVERPROMISE", "R-ADMIT-FAULT", "R-PII-ECHO", "R-ASK-PII-PUBLIC", "R-HUMOR-RISK",
        "R-OFFENSIVE", "R-SHOUTING", "R-LENGTH", "R-MEDIA-REVIEW",
    }  # fmt: skip
    assert set(RULE_IDS) == expected


def test_near_misses_are_not_flagged() -> None:
    for text in [
        "Sorry Sam, you're not the only one, a few people saw this today. I'll update you by 5pm. ^AK",
        "Sorry Sam, no need to call our hotline, I'll handle it and DM you today. ^AK",
        "Sorry Sam, I can't promise a date yet, but I'll tell you what I find by noon. ^AK",
        "Sorry Sam, our DHL contact is tracing it and I'll update you today. ^AK",
    ]:
        assert rules(text) == set(), text
