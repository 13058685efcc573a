"""A store with one X channel on the fake platform and `n` replies waiting in its outbox.

Shared by the outbox benches (`outbox_send.py`: one sender in process; `outbox_senders.py`:
several sender processes; `outbox_faults.py`: a worker killed mid-run), which must start from the
same queue to be compared.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from calmdesk.demo.platform_api import FakePlatform
from calmdesk.storage.tables import Brand, Channel, OutboxItem


def queue_x_replies(factory: sessionmaker[Session], fake: FakePlatform, n: int) -> list[str]:
    """Brand `acme`, its X channel pointed at `fake`, and a reply per fresh post on the platform.

    Returns the posts replied to, in order, to check what the platform received against."""
    with factory.begin() as s:
        brand = Brand(key="acme", name="Acme")
        s.add(brand)
        s.flush()
        ch = Channel(
            brand_id=brand.id,
            platform="x",
            handle="acme",
            settings={"base_url": fake.url, "user_id": "9000"},
        )
        s.add(ch)
        s.flush()
        targets = [fake.add("x", f"@acme problem {i}").id for i in range(n)]
        for i, t in enumerate(targets):
            s.add(
                OutboxItem(
                    idempotency_key=f"b-{i}",
                    channel_id=ch.id,
                    platform="x",
                    operation="reply",
                    target_external_id=t,
                    payload={"text": f"Sorry about {i}. -Sam"},
                )
            )
    return targets
