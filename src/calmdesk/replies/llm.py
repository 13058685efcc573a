"""Optional drafting through an OpenAI-compatible endpoint (off unless configured).

Configuration comes from the environment: CALMDESK_LLM_BASE_URL, CALMDESK_LLM_API_KEY,
CALMDESK_LLM_MODEL. The model only proposes text; every draft goes through the same checker
as a human's, and the caller still needs a person to send it (B-REVIEW applies unchanged).
The prompt carries the playbook's reply rules, the complaint, what the case knows (customer's
first name and language, topic, category, product, a time within business hours; the order
number only for a private message) and, for the one revision, the checker's findings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from calmdesk.replies import grounding
from calmdesk.replies.checker import check_reply
from calmdesk.replies.grounding import CaseFacts
from calmdesk.replies.model import Finding, ReplyContext
from calmdesk.replies.platforms import limits_for


class LlmError(RuntimeError):
    pass


@dataclass(frozen=True)
class LlmConfig:
    base_url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 30.0


@dataclass(frozen=True)
class LlmDraft:
    text: str
    findings: tuple[Finding, ...]
    model: str


def config_from_env(env: Mapping[str, str] | None = None) -> LlmConfig | None:
    """None (drafting off) unless both a base URL and a model are set."""
    env = os.environ if env is None else env
    base = (env.get("CALMDESK_LLM_BASE_URL") or "").strip()
    model = (env.get("CALMDESK_LLM_MODEL") or "").strip()
    if not base or not model:
        return None
    try:
        timeout = float(env.get("CALMDESK_LLM_TIMEOUT_S") or 30.0)
    except ValueError as exc:
        raise LlmError(f"CALMDESK_LLM_TIMEOUT_S must be a number of seconds, not {env.get('CALMDESK_LLM_TIMEOUT_S')!r}") from exc
    return LlmConfig(
        base_url=base.rstrip("/"), model=model, api_key=env.get("CALMDESK_LLM_API_KEY") or None, timeout_s=timeout
    )


SYSTEM_PROMPT = (
    "You write one reply for a brand's social-media care team. Acknowledge the person's experience and "
    "apologize without blaming anyone; give one concrete next step; where details are needed, invite them "
    "to a private message; sign with the agent's name. Never argue, blame the customer, promise outcomes or "
    "dates, admit legal fault, joke, shout, repeat or ask for personal data in public, or send them to "
    "another number or department. Reply with the message text only."
)


def _playbook_rules() -> str:
    """The R-rules as the checker states them: what the model must not do, in the checker's words."""
    from calmdesk.replies.checker import RULES

    return "\n".join(f"- {r.id}: {r.message}" for r in RULES)


def build_messages(
    ctx: ReplyContext,
    *,
    agent_name: str,
    kind: str,
    facts: CaseFacts | None = None,
    previous: LlmDraft | None = None,
) -> list[dict[str, str]]:
    """The chat messages for one draft: the playbook's rules, the case, the customer, and (for a
    revision) the previous draft with the checker's findings on it."""
    limit = limits_for(ctx.platform, ctx.visibility).max_chars
    lines = [
        f"Platform: {ctx.platform} (at most {limit} characters). Visibility: {ctx.visibility}.",
        f"Kind of reply: {kind}. Severity: {ctx.severity}. Agent: {agent_name}.",
    ]
    if kind in KIND_GUIDANCE:
        lines.append(KIND_GUIDANCE[kind])
    if facts is not None:
        lang = grounding.language(facts)
        cat = grounding.category(facts)
        lines.append(f"Customer: {facts.customer_name or 'unknown name'}; write in {LANGUAGE_NAMES.get(lang, lang)}.")
        if facts.topic:
            lines.append(f"Topic: {facts.topic}.")
        if cat:
            lines.append(f"Category: {cat}. {CATEGORY_GUIDANCE.get(cat, '')}".strip())
        if facts.product:
            lines.append(f"Product: {facts.product}.")
        if facts.order_status:
            lines.append(f"Latest order status: {facts.order_status}.")
        if facts.order and ctx.visibility == "private":
            lines.append(f"Order: {facts.order} (private message, so it may be named).")
        lines.append(f"If you promise a time, promise this one (business hours): {grounding.promise_time(facts, lang)}.")
        if facts.senior_owner and cat in ("legal", "press"):
            lines.append(f"Senior owner to name: {facts.senior_owner}.")
    lines.append(f"Complaint:\n{ctx.complaint}")
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT + "\n\nThe playbook's reply rules:\n" + _playbook_rules()},
        {"role": "user", "content": "\n".join(lines)},
    ]
    if previous is not None:
        found = "\n".join(f"- {f.rule}: {f.message} (at: {previous.text[f.start : f.end]!r})" for f in previous.findings)
        messages.append({"role": "assistant", "content": previous.text})
        messages.append(
            {"role": "user", "content": f"The reply checker found:\n{found}\nRewrite the reply so none of these apply. Reply with the message text only."}
        )
    return messages


LANGUAGE_NAMES = {"en": "English", "de": "German"}
KIND_GUIDANCE = {
    "ack": "A first public reply: name the problem in the customer's words, apologize, say what happens next and when.",
    "answer": "A first public reply to a question: answer with the facts given here, invent none; no apology is owed.",
    "handoff": "A private message: what the customer should do now first, then the details we need from them.",
    "followup": "A check-back after the fix: ask whether it is resolved now; no new apology.",
    "closeout": "The public last word after the private conversation: say it was sorted or ask whether it was.",
}
CATEGORY_GUIDANCE = {
    "safety": "Ask them to stop using the product now and say what to do to stay safe; do not guess the cause.",
    "health": "Put medical advice first: if anyone is unwell they should get medical help.",
    "data_breach": "Say what we are doing (investigating) and ask them to change their password.",
    "pii_public": "Say we hid their post because it showed private details, and why.",
    "legal": "Use a calm holding line, admit nothing, and name the senior owner who will contact them.",
    "press": "Use a calm holding line and name the senior owner who will come back to them.",
    "praise": "Thank them warmly; do not apologize.",
}


def draft_with_llm(
    cfg: LlmConfig,
    ctx: ReplyContext,
    *,
    agent_name: str,
    kind: str = "ack",
    levels: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
    facts: CaseFacts | None = None,
    previous: LlmDraft | None = None,
) -> LlmDraft:
    """One draft (or, with `previous`, its revision) from the endpoint, checked by the checker."""
    body = {
        "model": cfg.model,
        "messages": build_messages(ctx, agent_name=agent_name, kind=kind, facts=facts, previous=previous),
        "temperature": 0.7,
    }
    headers = {"Authorization": f"Bearer {cfg.api_key}"} if cfg.api_key else {}
    own = client is None
    http = client or httpx.Client(timeout=cfg.timeout_s)
    try:
        resp = http.post(f"{cfg.base_url}/chat/completions", json=body, headers=headers, timeout=cfg.timeout_s)
    except httpx.TimeoutException as exc:
        raise LlmError(f"LLM endpoint {cfg.base_url} timed out after {cfg.timeout_s:g} s") from exc
    except httpx.HTTPError as exc:
        raise LlmError(f"LLM endpoint {cfg.base_url} unreachable: {type(exc).__name__}: {exc}") from exc
    finally:
        if own:
            http.close()
    if resp.status_code != 200:
        raise LlmError(f"LLM endpoint answered HTTP {resp.status_code}: {resp.text[:200]}")
    try:
        text = resp.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LlmError(f"LLM endpoint returned an unexpected body: {resp.text[:200]}") from exc
    if not isinstance(text, str) or not text.strip():
        raise LlmError("LLM endpoint returned an empty draft")
    text = text.strip()
    return LlmDraft(text=text, findings=tuple(check_reply(text, ctx, levels)), model=cfg.model)
