"""The composer: first public reply (B-ACK) or answer to a question, private hand-off, check-back
after the fix and public close-out (B-HANDOFF, B-FOLLOWUP).

A draft is assembled slot by slot (greeting, apology, next step, invitation to a DM,
signature) from the brand's templates. Choices are deterministic for a seed, and wordings the
brand used in its recent outbound replies are skipped, so the brand never posts the same
sentence twice in a row (a generic, repeated reply is what B-ACK forbids). Every draft is
run through the checker; one with a block finding is never returned.
"""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from calmdesk.replies.checker import blocking, check_reply
from calmdesk.replies.model import REPLY_KINDS, Finding, ReplyContext
from calmdesk.replies.platforms import counted_length, limits_for
from calmdesk.replies.templates import KindTemplate, TemplateError, TemplateSet, fields, fill, load_templates


class ComposeError(ValueError):
    pass


@dataclass(frozen=True)
class ComposedDraft:
    text: str
    kind: str
    visibility: str
    findings: tuple[Finding, ...]
    wordings: tuple[tuple[str, int], ...]  # (slot, index) chosen, for tests and explanations


def _literal_chunks(wording: str) -> list[str]:
    """The fixed parts of a wording (what stays the same whoever the customer is)."""
    parts = re.split(r"\{[^}]*\}", wording)
    return [p.strip(" ,.;:").lower() for p in parts if len(p.strip(" ,.;:")) >= 12]


def _last_use(wording: str, recent_lower: Sequence[str]) -> int:
    """Position of the latest recent reply that used this wording (oldest first), -1 if none did."""
    chunks = _literal_chunks(wording)
    if not chunks:
        return -1
    for pos in range(len(recent_lower) - 1, -1, -1):
        if all(c in recent_lower[pos] for c in chunks):
            return pos
    return -1


def _initials(name: str) -> str:
    return "".join(w[0].upper() for w in name.split() if w[:1].isalpha())[:3] or "?"


def _flag_holds(need: str | None, flags: Collection[str]) -> bool:
    """A slot's `needs` entry against the case's flags: none, "flag" (present) or "!flag" (absent)."""
    if need is None:
        return True
    if need.startswith("!"):
        return need[1:] not in flags
    return need in flags


def compose(
    kind: str,
    variables: Mapping[str, str],
    *,
    platform: str = "x",
    brand: str = "default",
    language: str = "en",
    seed: int = 0,
    recent: Sequence[str] = (),
    complaint: str = "",
    severity: str = "normal",
    templates: TemplateSet | None = None,
    levels: Mapping[str, str] | None = None,
    attempts: int = 12,
    category: str | None = None,
    known_names: Sequence[str] = (),
    topic: str | None = None,
    flags: Collection[str] = (),
    visibility: str | None = None,
) -> ComposedDraft:
    """Draft a reply of `kind` (ack, handoff, followup, closeout, answer) for one case.

    `variables` has customer_name and agent_name, and whatever the case knows (`order`,
    `problem`, `owner`, ... from `replies.grounding`); a wording that needs a variable the case
    lacks is skipped for one that doesn't. `when` defaults to "within the hour"; a given
    `next_step` sentence replaces the template's. `category` (safety, health, data_breach,
    pii_public, legal, press, praise) picks the kind's variant when the templates have one,
    else `topic` (delivery, billing, ...) does. `flags` (`grounding.flags`) keep the slots that
    need them; `visibility` overrides the template's (a check-back goes where the
    conversation is).
    """
    ts = templates or load_templates(brand, language)
    if kind not in ts.kinds:
        raise ComposeError(
            f"no {kind!r} templates for {ts.brand}/{ts.language} (have: {', '.join(ts.kinds)})"
        )
    tpl = next((ts.kinds[f"{kind}.{v}"] for v in (category, topic) if v and f"{kind}.{v}" in ts.kinds), None)
    tpl = tpl or ts.kinds[kind]
    if visibility in ("public", "private") and visibility != tpl.visibility:
        tpl = KindTemplate(tpl.kind, visibility, tpl.slots, tpl.optional, tpl.wordings, tpl.needs)
    if tpl.needs:
        kept = tuple(s for s in tpl.slots if _flag_holds(tpl.needs.get(s), flags))
        tpl = KindTemplate(tpl.kind, tpl.visibility, kept, tpl.optional, tpl.wordings, tpl.needs)
    vars_ = {"when": "within the hour" if language == "en" else "innerhalb einer Stunde"}
    vars_.update({k: str(v) for k, v in variables.items() if v is not None and str(v).strip()})
    if vars_.get("agent_name") and not vars_.get("agent_initials"):
        vars_["agent_initials"] = _initials(vars_["agent_name"])
    rnd = random.Random(seed)
    recent_lower = [r.lower() for r in recent[-20:]]
    names = tuple(n for n in (*known_names, vars_.get("customer_name"), vars_.get("brand_name")) if n)
    ctx = ReplyContext(
        platform=platform,
        visibility=tpl.visibility,  # type: ignore[arg-type]
        complaint=complaint,
        severity=severity,  # type: ignore[arg-type]
        kind=kind if kind in REPLY_KINDS else None,  # type: ignore[arg-type]
        known_names=names,
    )
    limit = limits_for(platform, tpl.visibility).max_chars
    last: tuple[str, list[Finding]] | None = None
    for attempt in range(attempts):
        text, chosen = _assemble(tpl, ts, vars_, rnd, recent_lower, drop_optional=attempt >= attempts // 2)
        if counted_length(text, platform) > limit:
            text, chosen = _assemble(tpl, ts, vars_, rnd, recent_lower, drop_optional=True, shortest=True)
        findings = check_reply(text, ctx, levels)
        if not blocking(findings) and counted_length(text, platform) <= limit:
            return ComposedDraft(text, tpl.kind, tpl.visibility, tuple(findings), tuple(chosen))
        last = (text, findings)
        # The customer's own words are the one part of a draft the templates don't control: when a
        # draft quoting them is refused, the next tries use the wording that needs none.
        if vars_.get("problem") and vars_["problem"] in text:
            del vars_["problem"]
    assert last is not None
    rules = ", ".join(sorted({f.rule for f in blocking(last[1])})) or "R-LENGTH"
    raise ComposeError(f"could not compose a {kind} reply without block findings ({rules}): {last[0]!r}")


def _assemble(
    tpl: KindTemplate,
    ts: TemplateSet,
    variables: Mapping[str, str],
    rnd: random.Random,
    recent_lower: Sequence[str],
    drop_optional: bool,
    shortest: bool = False,
) -> tuple[str, list[tuple[str, int]]]:
    parts: list[str] = []
    chosen: list[tuple[str, int]] = []
    used: set[str] = {"when"}  # a variable already said once counts for nothing the second time
    for slot in tpl.slots:
        if slot in tpl.optional and (drop_optional or rnd.random() < 0.3):
            continue
        if slot == "next_step" and variables.get("next_step"):
            parts.append(str(variables["next_step"]).strip())
            chosen.append((slot, -1))
            continue
        # Only wordings whose variables the case has ("order" when none is linked is skipped).
        options = [
            (i, w)
            for i, w in enumerate(tpl.wordings[slot])
            if all(str(variables.get(n) or "").strip() for n in fields(w))
        ]
        if not options:
            if slot in tpl.optional or slot in tpl.needs:  # a fact-dependent slot without the fact
                continue
            needs = sorted({n for w in tpl.wordings[slot] for n in fields(w)} - set(variables))
            raise ComposeError(
                f"{ts.source} [{tpl.kind}].{slot}: every wording needs {', '.join(needs)}, which this case lacks; "
                "add a wording without it"
            )
        # Grounded first: the wordings that use the most of what the case knows ("your
        # e-bike battery" rather than "it"), then least recently used among those; when the
        # draft is too long for the channel, the shortest of the most grounded.
        def grounded(wording: str) -> int:
            return len(set(fields(wording)) - used)

        most = max(grounded(w) for _, w in options)
        options = [o for o in options if grounded(o[1]) == most]
        if shortest:
            options = [min(options, key=lambda o: len(fill(o[1], variables, "")))]
        age = {i: _last_use(w, recent_lower) for i, w in options}
        oldest = min(age.values())
        idx, wording = rnd.choice([o for o in options if age[o[0]] == oldest])
        try:
            parts.append(fill(wording, variables, f"{ts.source} [{tpl.kind}].{slot}[{idx}]"))
        except TemplateError as exc:
            raise ComposeError(str(exc)) from exc
        chosen.append((slot, idx))
        used.update(fields(wording))
    text = " ".join(parts)
    # Capitalize the start of each sentence after a greeting ending in a full stop.
    text = re.sub(r"([.!?]\s+)([a-zäöü])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text, chosen
