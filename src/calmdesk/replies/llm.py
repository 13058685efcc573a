"""Optional drafting through an OpenAI-compatible endpoint (off unless configured).

Configuration comes from the environment: CALMDESK_LLM_BASE_URL, CALMDESK_LLM_API_KEY,
CALMDESK_LLM_MODEL. The model only proposes text; every draft goes through the same checker
as a human's, and the caller still needs a person to send it (B-REVIEW applies unchanged).
The prompt carries the complaint and the rules, never the customer's stored personal data.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from calmdesk.replies.checker import check_reply
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
    return LlmConfig(base_url=base.rstrip("/"), model=model, api_key=env.get("CALMDESK_LLM_API_KEY") or None)


SYSTEM_PROMPT = (
    "You write one reply for a brand's social-media care team. Acknowledge the person's experience and "
    "apologize without blaming anyone; give one concrete next step; where details are needed, invite them "
    "to a private message; sign with the agent's name. Never argue, blame the customer, promise outcomes or "
    "dates, admit legal fault, joke, shout, repeat or ask for personal data in public, or send them to "
    "another number or department. Reply with the message text only."
)


def draft_with_llm(
    cfg: LlmConfig,
    ctx: ReplyContext,
    *,
    agent_name: str,
    kind: str = "ack",
    levels: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
) -> LlmDraft:
    limit = limits_for(ctx.platform).max_chars
    user = (
        f"Platform: {ctx.platform} (at most {limit} characters). Visibility: {ctx.visibility}. "
        f"Kind of reply: {kind}. Severity: {ctx.severity}. Agent: {agent_name}.\n"
        f"Complaint:\n{ctx.complaint}"
    )
    body = {
        "model": cfg.model,
        "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}],
        "temperature": 0.7,
    }
    headers = {"Authorization": f"Bearer {cfg.api_key}"} if cfg.api_key else {}
    own = client is None
    http = client or httpx.Client(timeout=cfg.timeout_s)
    try:
        resp = http.post(f"{cfg.base_url}/chat/completions", json=body, headers=headers)
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
