"""The demo desk: three invented brands and a day of their mentions, loaded with `calmdesk demo`."""

from __future__ import annotations

from calmdesk.demo.loader import (
    DEMO_PASSWORD,
    DEMO_USERS,
    SEEDS,
    DemoSummary,
    demo_jsonl,
    load_demo,
    store_kind,
)

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "SEEDS", "DemoSummary", "demo_jsonl", "load_demo", "store_kind"]
