"""The reply checker: every R-rule of the playbook over a draft and its context.

Each rule is a row of `RULES`: its ID, its default level, the function that finds it and the
message telling the agent what to do instead. A brand's playbook (`Playbook.reply_rules`)
may raise or lower a level or switch a rule off. The checker is pure and fast, so it runs on
every keystroke of the composer, on every LLM draft and once more before sending.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from calmdesk.replies import learned as learned_rules
from calmdesk.replies import paraphrase as paraphrase_rules
from calmdesk.replies.model import Finding, Hit, Level, ReplyContext
from calmdesk.replies.rules import form, privacy, substance, tone

RuleFn = Callable[[str, ReplyContext], list[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    find: RuleFn
    message: str


RULES: tuple[Rule, ...] = (
    Rule("R-DEFENSIVE", "block", tone.r_defensive,
         "Don't argue or justify the company; acknowledge what the person experienced and say what you will do."),
    Rule("R-BLAME", "block", tone.r_blame,
         "Don't put the fault on the customer; explain the fix as a next step you take together."),
    Rule("R-ONLY-ONE", "block", tone.r_only_one,
         "Don't say or imply nobody else has this problem; treat the report as real and look into it."),
    Rule("R-CANNED", "warn", tone.r_canned,
         "This sounds automated; say it in your own words, as one person to another."),
    Rule("R-IMPERSONAL", "warn", substance.r_impersonal,
         "Write in the first person and sign the public reply with your name or initials."),
    Rule("R-NO-APOLOGY", "warn", substance.r_no_apology,
         "Acknowledge the person's experience or apologize (without blaming anyone) before anything else."),
    Rule("R-NO-NEXT-STEP", "warn", substance.r_no_next_step,
         "Add a concrete next step: what you will do, what you need from them, or when you'll be back."),
    Rule("R-PHONE-BOUNCE", "block", substance.r_phone_bounce,
         "Don't send them to another number or department; take it on yourself, or invite them to a DM with you."),
    Rule("R-OVERPROMISE", "block", substance.r_overpromise,
         "Don't promise an outcome or deadline that isn't approved; say what you will check and when you'll update them."),
    Rule("R-ADMIT-FAULT", "block", substance.r_admit_fault,
         "Don't admit legal fault in public before the facts are confirmed; apologize for the experience instead."),
    Rule("R-PII-ECHO", "block", privacy.r_pii_echo,
         "Remove the personal data from the public reply; refer to it in a private message."),
    Rule("R-ASK-PII-PUBLIC", "block", privacy.r_ask_pii_public,
         "Never ask for sensitive data in public; invite them to a private message (and never ask for card numbers or passwords)."),
    Rule("R-HUMOR-RISK", "block", tone.r_humor_risk,
         "This is a serious complaint; drop the joke or sarcasm and keep a calm, caring tone."),
    Rule("R-OFFENSIVE", "block", tone.r_offensive,
         "Remove the profanity or insult."),
    Rule("R-SHOUTING", "warn", tone.r_shouting,
         "Don't shout: write words in normal case and use at most one exclamation mark."),
    Rule("R-LENGTH", "block", form.r_length,
         "Too long for this platform; shorten it or move the details to a private message."),
    Rule("R-MEDIA-REVIEW", "warn", form.r_media_review,
         "Links and attachments are held for a preview and a second person's approval (B-REVIEW)."),
)  # fmt: skip

RULE_IDS: tuple[str, ...] = tuple(r.id for r in RULES)
DEFAULT_LEVELS: dict[str, Level] = {r.id: r.level for r in RULES}


class UnknownRuleError(ValueError):
    pass


def validate_levels(levels: Mapping[str, str]) -> None:
    """A playbook that names a rule the checker doesn't know is a typo; say so rather than ignore it."""
    for key, value in levels.items():
        if key not in DEFAULT_LEVELS:
            raise UnknownRuleError(f"unknown reply rule {key!r} (known: {', '.join(RULE_IDS)})")
        if value not in ("block", "review", "warn", "off"):
            raise UnknownRuleError(f"reply rule {key}: level must be block, review, warn or off, not {value!r}")


def check_reply(
    text: str,
    ctx: ReplyContext | None = None,
    levels: Mapping[str, str] | None = None,
    learned: learned_rules.ReplyRuleModel | bool = True,
    paraphrase: paraphrase_rules.ParaphraseModel | bool | None = None,
) -> list[Finding]:
    """All findings for `text`, sorted by position then rule. `levels` overrides the defaults.

    `learned`: the model that may add findings the patterns missed (`replies.learned`):
    True for the shipped one, False for patterns only, or a model of your own.
    `paraphrase`: the sentence-embedding second opinion for blame, defence, over-promise and
    humour (`replies.paraphrase`, the `[ml]` extra): None (the default) uses it only when
    `CALMDESK_REPLY_EMBEDDINGS=1` and the extra is installed, False never, or a model.
    """
    ctx = ctx or ReplyContext()
    levels = levels or {}
    validate_levels(levels)
    model = learned_rules.default_model() if learned is True else (learned or None)
    if paraphrase is None:
        similar = paraphrase_rules.default_model()
    elif paraphrase is True:
        similar = paraphrase_rules.installed_model()
    else:
        similar = paraphrase or None
    findings: list[Finding] = []
    extra: dict[str, Hit] | None = None  # the learned model's findings, computed once if needed
    near: dict[str, Hit] | None = None  # the embedding model's, likewise
    for rule in RULES:
        level = levels.get(rule.id, rule.level)
        if level == "off":
            continue
        hits = rule.find(text, ctx)
        if not hits and model is not None and rule.id in learned_rules.LEARNED_RULES:
            if extra is None:
                extra = learned_rules.learned_hits(text, ctx, model)
            hits = [extra[rule.id]] if rule.id in extra else []
        if not hits and similar is not None and rule.id in paraphrase_rules.PARAPHRASE_RULES:
            if near is None:
                near = similar.hits(text, ctx)
            hits = [near[rule.id]] if rule.id in near else []
        for hit in hits:
            message = rule.message
            if rule.id == "R-LENGTH" and hit.detail:
                message = f"{hit.detail} characters on {ctx.platform}. {message}"
            findings.append(
                Finding(rule.id, level, message, hit.start, hit.end, {"matched": text[hit.start : hit.end]})  # type: ignore[arg-type]
            )
    findings.sort(key=lambda f: (f.start, RULE_IDS.index(f.rule)))
    return findings


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "block"]


def for_review(findings: list[Finding]) -> list[Finding]:
    """Findings a supervisor may accept with a note (level `review`): the reply goes to approval."""
    return [f for f in findings if f.level == "review"]


def rules_hit(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}
