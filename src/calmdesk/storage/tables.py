"""The database tables (SQLAlchemy 2 declarative). Schema changes go through Alembic migrations.

Why these shapes:
- `mentions` keeps every platform item exactly once (unique platform + external id) with
  the raw payload as received, so a connector bug can be fixed and items re-parsed later.
- `messages` is a case's thread as people see it: inbound mentions and our outbound replies.
- `actions` is append-only: the audit log of B-OWNER (who, what, when, why).
- `outbox` carries an idempotency key per outbound message so a reply is never posted twice.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; attach a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Brand(Base):
    __tablename__ = "brands"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    playbook_toml: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Channel(Base):
    """An account of a brand on a platform, with its polling cursor and health."""

    __tablename__ = "channels"
    __table_args__ = (UniqueConstraint("platform", "handle", name="uq_channel_platform_handle"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    handle: Mapped[str] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    cursor: Mapped[str | None] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    last_success_at: Mapped[datetime | None] = mapped_column()
    last_error_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    next_poll_at: Mapped[datetime | None] = mapped_column()
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"), index=True)
    external_ref: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    phone: Mapped[str | None] = mapped_column(String(50))
    tier: Mapped[str] = mapped_column(String(50), default="standard")
    handles: Mapped[dict[str, Any]] = mapped_column(default=dict)  # platform -> handle


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("brand_id", "order_number", name="uq_order_brand_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    order_number: Mapped[str] = mapped_column(String(100))
    ordered_at: Mapped[datetime | None] = mapped_column()
    items: Mapped[list[Any]] = mapped_column(default=list)
    amount: Mapped[float] = mapped_column(Float, default=0.0)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    status: Mapped[str] = mapped_column(String(50), default="placed")


class Author(Base):
    __tablename__ = "authors"
    __table_args__ = (UniqueConstraint("platform", "handle", name="uq_author_platform_handle"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    handle: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str | None] = mapped_column(String(100))
    display_name: Mapped[str | None] = mapped_column(String(200))
    followers: Mapped[int | None] = mapped_column(Integer)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    account_created_at: Mapped[datetime | None] = mapped_column()
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    is_brand: Mapped[bool] = mapped_column(Boolean, default=False)


class Case(Base):
    """One complaint thread (B-OWNER: one owner, every action logged)."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("brand_id", "platform", "thread_key", name="uq_case_thread"),
        Index("ix_cases_inbox", "brand_id", "state", "priority", "first_response_due_at"),
        Index("ix_cases_state_priority", "state", "priority", "first_response_due_at"),
        Index("ix_cases_thread", "platform", "thread_key"),
        # The incident detector's range reads of a brand's recent complaints (migration 0004).
        Index("ix_cases_brand_opened", "brand_id", "opened_at"),
        Index("ix_cases_incident", "incident_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"))
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channels.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    thread_key: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    owner: Mapped[str | None] = mapped_column(String(100), index=True)
    state: Mapped[str] = mapped_column(String(30), default="new")
    went_private: Mapped[bool] = mapped_column(Boolean, default=False)
    public_closeout_done: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_without_closeout_reason: Mapped[str | None] = mapped_column(Text)
    dismiss_reason: Mapped[str | None] = mapped_column(String(50))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    priority_factors: Mapped[list[Any]] = mapped_column(default=list)
    topic: Mapped[str | None] = mapped_column(String(50))
    escalation: Mapped[list[Any]] = mapped_column(default=list)
    tags: Mapped[list[Any]] = mapped_column(default=list)
    is_complaint: Mapped[bool | None] = mapped_column(Boolean)
    complaint_label: Mapped[bool | None] = mapped_column(Boolean)  # a person's correction
    sentiment_first: Mapped[float | None] = mapped_column(Float)
    sentiment_last: Mapped[float | None] = mapped_column(Float)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_inbound_at: Mapped[datetime | None] = mapped_column()
    first_response_due_at: Mapped[datetime | None] = mapped_column()
    resolution_due_at: Mapped[datetime | None] = mapped_column()
    first_response_at: Mapped[datetime | None] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    sla_warned_at: Mapped[datetime | None] = mapped_column()
    sla_breached_at: Mapped[datetime | None] = mapped_column()
    thanked: Mapped[bool | None] = mapped_column(Boolean)
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    #: The incident (a surge of one problem) this case belongs to, if any (migration 0004).
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", name="fk_cases_incident")
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # The report's per-case figures (migration 0009): written by triggers whenever the columns
    # they come from are written, never by the application; `calmdesk report` scans them
    # instead of parsing instants, JSON and the audit log for every case (reports.aggregate).
    report_opened_us: Mapped[int | None] = mapped_column(BigInteger)
    report_first_response_us: Mapped[int | None] = mapped_column(BigInteger)
    report_due_us: Mapped[int | None] = mapped_column(BigInteger)
    report_resolution_us: Mapped[int | None] = mapped_column(BigInteger)
    report_flags: Mapped[int] = mapped_column(Integer, server_default="0")


class OpenCaseCount(Base):
    """Open cases of a brand per value of one dimension (`dim`: state, platform, topic, owner;
    '' for no topic / nobody): the inbox's filter counts without grouping every open case
    (migration 0007). Written only by the fold of `OpenCaseDelta`."""

    __tablename__ = "open_case_counts"
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"), primary_key=True)
    dim: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[str] = mapped_column(String(100), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class OpenCaseDelta(Base):
    """A case entering (+1) or leaving (-1) the open cases of this brand, state, platform, topic
    and owner, appended by the triggers on `cases` (migration 0007): each writer appends its own
    row, so concurrent writers never wait on one another's counts."""

    __tablename__ = "open_case_deltas"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)
    brand_id: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(30))
    platform: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str] = mapped_column(String(50))
    owner: Mapped[str] = mapped_column(String(100))
    n: Mapped[int] = mapped_column(Integer)


class Incident(Base):
    """A surge of one problem (B-ESCALATE, B-MONITOR): many cases, one response.

    Opened by the detector (`domain/incidents.py` via `actions/incidents.py`) with the figures
    that made it a surge; a supervisor approves its holding statement once, the desk sends it
    personalised per case, and resolving it closes out every case with a follow-up.
    """

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_brand_state", "brand_id", "state", "opened_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"))
    state: Mapped[str] = mapped_column(String(20), default="open")  # open | resolved
    title: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str | None] = mapped_column(String(50))
    terms: Mapped[list[Any]] = mapped_column(default=list)
    started_at: Mapped[datetime] = mapped_column()
    opened_at: Mapped[datetime] = mapped_column()
    count_at_open: Mapped[int] = mapped_column(Integer)
    expected_at_open: Mapped[float] = mapped_column(Float)
    threshold_at_open: Mapped[int] = mapped_column(Integer)
    #: The holding statement per language ({"en": "...", "de": "..."}), proposed at opening.
    holding: Mapped[dict[str, Any]] = mapped_column(default=dict)
    holding_approved_by: Mapped[str | None] = mapped_column(String(100))
    holding_approved_at: Mapped[datetime | None] = mapped_column()
    status_update_outbox_id: Mapped[int | None] = mapped_column(Integer)
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolution_note: Mapped[str | None] = mapped_column(Text)


class Mention(Base):
    """A platform item stored exactly once, with its raw payload.

    On PostgreSQL the table is partitioned by month of `created_at` (migration 0008): the
    unique pair below is then enforced by `mention_keys` and the primary key is
    `(id, created_at)`; `id` stays unique (see `storage.partitions`).
    """

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("platform", "external_id", name="uq_mention_platform_external"),
        Index("ix_mentions_thread", "platform", "thread_key"),
        # Triage's burst window: earlier posts of a brand with the same burst key (migration 0002).
        Index("ix_mentions_burst", "brand_id", "burst_key", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(200))
    reply_to_external_id: Mapped[str | None] = mapped_column(String(200))
    thread_key: Mapped[str] = mapped_column(String(200))
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brands.id"))
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channels.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    direction: Mapped[str] = mapped_column(String(10), default="inbound")
    visibility: Mapped[str] = mapped_column(String(10), default="public")
    text: Mapped[str] = mapped_column(Text, default="")
    redacted_text: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column()
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    raw: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    triage: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(50))
    #: A digest of the post's burst signature, written by triage (see `actions.triage_burst`).
    burst_key: Mapped[str | None] = mapped_column(String(16))


class Message(Base):
    """A case's thread entry, inbound or outbound, public or private."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_case_time", "case_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    #: On PostgreSQL the database's foreign key points at `mention_keys.id` (the mention's id),
    #: since a foreign key to the partitioned `mentions` would have to name its month too.
    mention_id: Mapped[int | None] = mapped_column(ForeignKey("mentions.id"), unique=True)
    direction: Mapped[str] = mapped_column(String(10))  # inbound | outbound
    visibility: Mapped[str] = mapped_column(String(10), default="public")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id"))
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channels.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column()
    sent_by: Mapped[str | None] = mapped_column(String(100))
    approved_by: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str | None] = mapped_column(String(30))  # ack | handoff | closeout | followup | reply


class Action(Base):
    """Append-only audit record (B-OWNER): who did what, when, and why.

    On PostgreSQL partitioned by month of `at` (migration 0008), primary key `(id, at)`."""

    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brands.id"), index=True)
    actor: Mapped[str] = mapped_column(String(100))
    verb: Mapped[str] = mapped_column(String(50))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Draft(Base):
    """A reply being written or waiting for approval (B-REVIEW)."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    author: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(10), default="public")
    kind: Mapped[str] = mapped_column(String(30), default="reply")
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    findings: Mapped[list[Any]] = mapped_column(default=list)
    needs_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    approval_reasons: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default="draft")  # domain.states.DraftStatus
    approved_by: Mapped[str | None] = mapped_column(String(100))
    approved_at: Mapped[datetime | None] = mapped_column()
    text_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxItem(Base):
    """An outbound platform call with an idempotency key; reconciled before any retry."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channels.id"))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"))
    platform: Mapped[str] = mapped_column(String(20))
    operation: Mapped[str] = mapped_column(String(30))  # reply | private_message | hide | unhide | delete
    target_external_id: Mapped[str | None] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="queued")  # domain.states.OutboxStatus
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    result_external_id: Mapped[str | None] = mapped_column(String(200))
    #: Where a person can see what was posted (a status URL, a conversation, `mid:` for mail).
    permalink: Mapped[str | None] = mapped_column(String(500))
    #: One reply per target: sha256 of platform, channel, operation, target/recipient and text.
    dedupe_key: Mapped[str | None] = mapped_column(String(64), index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the platform confirmed the post (not when Send was pressed).
    sent_at: Mapped[datetime | None] = mapped_column()


class WebhookReceipt(Base):
    """Raw bodies of accepted webhooks, deduplicated by a digest so replays are stored once."""

    __tablename__ = "webhook_receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(50))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(Text)


class Task(Base):
    """Work for a person: private outreach after hiding a post, public check-back, satisfaction check."""

    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[datetime | None] = mapped_column()
    assignee: Mapped[str | None] = mapped_column(String(100))
    done_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Compensation(Base):
    """B-COMPENSATE ledger entry."""

    __tablename__ = "compensations"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # refund | voucher | gift | replacement
    value: Mapped[float] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20), default="granted")  # domain.states.CompensationStatus
    granted_by: Mapped[str] = mapped_column(String(100))
    approved_by: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    on_duty: Mapped[bool] = mapped_column(Boolean, default=True)
    shift: Mapped[dict[str, Any]] = mapped_column(default=dict)
    groups: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Membership(Base):
    """A user's role for one brand: agent, supervisor or admin."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "brand_id", name="uq_membership"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()


class WebSession(Base):
    """A browser's session on the web desk. The cookie holds a random token; only its HMAC is
    stored, so a copy of this table opens no session. Deleting the rows of a user ends every
    session of that user (logout, password change, role change)."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class Secret(Base):
    """Encrypted credentials (Fernet with a key from the environment); never in logs."""

    __tablename__ = "secrets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    ciphertext: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class JobLock(Base):
    """Leases for periodic jobs so the cluster runs each once."""

    __tablename__ = "job_locks"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column()


class CaseNote(Base):
    """An internal note on a case: for the team only, never posted to a platform (it has no
    outbox row and no draft). `mentioned` holds the known users its `@names` pointed at.
    Searchable (migration 0003: FTS5 table on SQLite, GIN index on PostgreSQL)."""

    __tablename__ = "case_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"), index=True)
    author: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    mentioned: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseTag(Base):
    """A tag on a case, one row per (case, tag) so the inbox filters by tag with an index on
    both engines (a JSON list would need a different operator on each)."""

    __tablename__ = "case_tags"
    __table_args__ = (
        UniqueConstraint("case_id", "tag", name="uq_case_tag"),
        Index("ix_case_tags_tag", "tag", "case_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"), index=True)
    tag: Mapped[str] = mapped_column(String(40))
    added_by: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class SavedView(Base):
    """A user's named set of inbox filters (the query string of the inbox, as a dict)."""

    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_saved_view_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PresenceRow(Base):
    """Who has a case open or is replying on it, until when (migration 0005).

    In the store rather than in a web process's memory so that people served by different
    processes (`calmdesk serve --workers N`) see each other; rows expire by `until`.
    """

    __tablename__ = "presence"
    __table_args__ = (
        UniqueConstraint("case_id", "username", name="uq_presence_case_user"),
        Index("ix_presence_brand_until", "brand_id", "until"),
        Index("ix_presence_until", "until"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"))
    username: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str] = mapped_column(String(200))
    activity: Mapped[str] = mapped_column(String(20))
    until: Mapped[datetime] = mapped_column()
