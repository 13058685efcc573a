"""JSON shapes of the API. They live at the edge; the domain never imports them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from calmdesk.domain.amounts import AMOUNT_DECIMALS, MAX_AMOUNT
from calmdesk.domain.states import DraftStatus, OutboxStatus

#: A money amount from outside: finite (no NaN, no infinity), positive, at most MAX_AMOUNT, cents.
#: The domain checks the same (domain/amounts.py); this answers 422 naming the field first.
Amount = Annotated[
    Decimal, Field(gt=0, le=MAX_AMOUNT, decimal_places=AMOUNT_DECIMALS, allow_inf_nan=False)
]


class InboxItem(BaseModel):
    id: int
    brand: str
    platform: str
    state: str
    priority: int
    topic: str | None
    owner: str | None
    author: str | None
    followers: int | None
    escalation: list[Any]
    snippet: str
    first_response_due_at: str | None
    first_response_at: str | None
    overdue: bool
    opened_at: str
    tags: list[str] = []


class InboxPage(BaseModel):
    items: list[InboxItem]
    page: int
    has_more: bool
    next_after: str | None = None  # the keyset cursor of the next page: pass it as `?after=`
    now: str


class InboxCounts(BaseModel):
    open: int
    state: dict[str, int]
    platform: dict[str, int]
    topic: dict[str, int]
    brand: dict[str, int]
    escalated: int
    due_soon: int
    due_soon_capped: bool = False  # more than `due_soon` cases are due soon (the count stops there)
    mine: int
    unassigned: int


class Me(BaseModel):
    username: str
    display_name: str
    is_admin: bool
    roles: dict[str, str] = Field(description="brand key -> role")


class ThreadEntry(BaseModel):
    id: int
    mention_id: int | None
    direction: str
    visibility: str
    handle: str | None
    text: str
    created_at: datetime
    sent_by: str | None
    kind: str | None
    hidden: bool


class Factor(BaseModel):
    name: str
    points: Any = None
    why: str = ""


class CaseOut(BaseModel):
    id: int
    brand: str
    platform: str
    state: str
    owner: str | None
    priority: int
    topic: str | None
    escalation: list[Any]
    went_private: bool
    public_closeout_done: bool
    first_response_due_at: datetime | None
    first_response_at: datetime | None
    allowed_moves: list[str]
    factors: list[Factor]
    thread: list[ThreadEntry]


class MoveIn(BaseModel):
    target: str
    note: str | None = None
    dismiss_reason: str | None = None
    skip_closeout_reason: str | None = None


class CompensationIn(BaseModel):
    kind: Literal["refund", "voucher", "gift", "replacement"]
    value: Amount
    currency: str | None = Field(None, min_length=3, max_length=3, description="ISO code; default the brand's")
    note: str | None = Field(None, max_length=2000)


class CompensationOut(BaseModel):
    id: int
    case_id: int
    kind: str
    value: float
    currency: str
    status: str
    message: str


class AssignIn(BaseModel):
    owner: str | None = Field(None, description="a username, 'me', or null to unassign")
    note: str | None = None


class CheckIn(BaseModel):
    text: str = Field(max_length=10_000)
    visibility: str = "public"
    #: the kind of reply being written (ack, handoff, followup, closeout, reply): a check-back
    #: or close-out owes no new apology or next step
    kind: str | None = Field(default=None, max_length=20)


class Finding(BaseModel):
    rule: str
    level: str
    message: str
    start: int | None = None
    end: int | None = None


class CheckOut(BaseModel):
    findings: list[Finding]
    length: int = Field(description="length as the platform counts it (a link is 23 on X)")
    max_length: int
    fits: bool
    platform: str
    thread_position: str
    urls: list[str]


class DraftAiIn(BaseModel):
    #: ack, answer, handoff, followup or closeout; default: the case's next step (B-HANDOFF)
    kind: str | None = Field(default=None, max_length=20)


class DraftAiOut(BaseModel):
    """A proposal for the reply box; nothing is saved or sent (a person edits and sends it)."""

    kind: str
    visibility: str
    text: str
    source: str = Field(description="llm, or template when no model is configured or it failed")
    revised: bool = Field(description="the model's first draft had findings and was revised once")
    notes: list[str]
    findings: list[Finding]


class PreviewOut(BaseModel):
    """B-REVIEW: the reply exactly as it will be posted."""

    platform: str
    visibility: str
    text: str
    length: int
    max_length: int
    fits: bool
    urls: list[str]
    attachments: list[str]
    thread_position: str


class DraftIn(BaseModel):
    text: str = Field(min_length=1, max_length=20_000)
    visibility: Literal["public", "private"] = "public"
    kind: Literal["ack", "answer", "handoff", "closeout", "followup", "reply"] = "reply"


class DraftEdit(BaseModel):
    text: str = Field(min_length=1, max_length=20_000)


class RejectIn(BaseModel):
    note: str | None = None


class DraftOut(BaseModel):
    id: int
    case_id: int
    author: str
    text: str
    visibility: str
    kind: str
    status: DraftStatus = Field(description="queued once sent; posted when the platform confirmed it")
    needs_approval: bool
    approval_reasons: list[str]
    approved_by: str | None
    findings: list[Finding]
    created_at: datetime
    preview: PreviewOut | None = None


class OutboxOut(BaseModel):
    id: int
    idempotency_key: str
    platform: str
    operation: str
    target_external_id: str | None
    recipient: str | None = Field(default=None, description="who a private message goes to, per platform")
    status: OutboxStatus


class SentOut(BaseModel):
    draft: DraftOut
    outbox: OutboxOut
    case_state: str


class Problem(BaseModel):
    detail: Any


class SearchHitOut(BaseModel):
    case_id: int
    brand: str
    kind: str
    text: str
    who: str | None
    at: str | None
    score: float
    matches: int
    state: str


class SearchOut(BaseModel):
    query: str
    terms: list[str]
    page: int
    has_more: bool
    capped: bool
    total: int
    hits: list[SearchHitOut]
