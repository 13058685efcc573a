"""Where a demo customer's answer goes in the sandbox platform (`calmdesk demo customer-reply`).

A read: the case's platform, its channel's sandbox address, the customer's handle and the post
they answer. The answer itself is published in the sandbox and reaches the desk by the poll.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions.demo import demo_author_id
from calmdesk.demo.sandbox import SeedMail
from calmdesk.domain.states import OutboxStatus
from calmdesk.storage.tables import Author, Brand, Case, Channel, Mention, OutboxItem


@dataclass(frozen=True)
class CustomerReplyTarget:
    """Where a demo customer's answer on a case goes in the sandbox."""

    sandbox_url: str
    platform: str
    account: str
    author: str
    author_id: str | None
    in_reply_to: str
    root: str
    followers: int | None = None


class NoSandbox(LookupError):
    pass


def customer_reply_target(session: Session, case_id: int) -> CustomerReplyTarget:
    """The case's customer answers our latest posted public reply (else the thread's opening post)."""
    case = session.get(Case, case_id)
    if case is None:
        raise NoSandbox(f"no case #{case_id}")
    channel = session.get(Channel, case.channel_id) if case.channel_id else None
    if channel is None:
        channel = session.scalar(
            select(Channel)
            .where(Channel.brand_id == case.brand_id, Channel.platform == case.platform)
            .limit(1)
        )
    sandbox = str((channel.settings or {}).get("sandbox") or "") if channel is not None else ""
    if channel is None or not sandbox:
        raise NoSandbox(
            f"case #{case_id} ({case.platform}) is not on a sandbox channel; "
            "start the demo (`calmdesk demo`) to connect its channels to the sandbox platform"
        )
    author = session.get(Author, case.author_id) if case.author_id else None
    if author is None:
        raise NoSandbox(f"case #{case_id} has no known author to answer as")
    latest = session.scalar(
        select(OutboxItem.result_external_id)
        .where(
            OutboxItem.case_id == case_id,
            OutboxItem.operation == "reply",
            OutboxItem.status == OutboxStatus.POSTED,
        )
        .order_by(OutboxItem.sent_at.desc(), OutboxItem.id.desc())
        .limit(1)
    )
    # Threads are found by the conversation (X) or References (e-mail), else by the parent: on
    # the other platforms the answer names the thread's opening post, which the desk knows.
    parent = latest if (latest and case.platform in ("x", "email")) else case.thread_key
    return CustomerReplyTarget(
        sandbox_url=sandbox,
        platform=case.platform,
        account=channel.handle,
        author=author.handle,
        author_id=author.external_id or demo_author_id(case.platform, author.handle),
        in_reply_to=parent,
        root=case.thread_key,
        followers=author.followers,
    )


def email_seed(session: Session, brand_keys: list[str]) -> dict[str, list[SeedMail]]:
    """The customers' mails of the demo day, by brand address: the sandbox's INBOX holds them, as
    a real mailbox would, so a reply can find the mail it answers (by Message-ID) and quote it."""
    rows = session.execute(
        select(Mention, Author.handle, Channel.handle)
        .join(Brand, Brand.id == Mention.brand_id)
        .join(Channel, (Channel.brand_id == Mention.brand_id) & (Channel.platform == Mention.platform))
        .join(Author, Author.id == Mention.author_id)
        .where(Brand.key.in_(brand_keys), Mention.platform == "email", Mention.direction == "inbound")
        .order_by(Mention.created_at)
    ).all()
    out: dict[str, list[SeedMail]] = {}
    for mention, sender, address in rows:
        text = mention.text
        subject = "Your service"
        if text.startswith("Subject: "):
            first, _, rest = text.partition("\n")
            subject, text = first.removeprefix("Subject: ").strip(), rest.strip()
        out.setdefault(address.lower(), []).append(
            SeedMail(
                message_id=mention.external_id,
                sender=sender,
                subject=subject,
                text=text,
                at=mention.created_at,
                in_reply_to=mention.reply_to_external_id,
            )
        )
    return out
