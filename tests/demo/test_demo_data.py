"""The hand-written demo day is coherent: threads point at earlier posts, authors exist, the
order numbers in posts are real orders, and it holds every kind of mention the desk must handle."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from calmdesk.actions.demo import SEEDS, at_time, demo_jsonl, demo_playbooks, playbook_texts
from calmdesk.demo.model import BRAND, BrandSeed, clock_minutes
from calmdesk.domain.lifecycle import State
from calmdesk.domain.playbook import parse_playbook
from calmdesk.domain.sla import add_business_minutes
from calmdesk.importers.common import ImportResult
from calmdesk.importers.jsonl import parse_jsonl

SEED_IDS = [s.key for s in SEEDS]
ORDER_RE = re.compile(r"\b(?:NW|PF|BB-[A-Z]+)-\d{4,6}\b")


def all_posts() -> list:
    return [p for s in SEEDS for p in s.posts]


def test_three_brands_with_playbooks_that_parse() -> None:
    texts = playbook_texts()
    assert set(texts) == {"northwind", "brightbank", "pixelforge"}
    for key, text in texts.items():
        pb = parse_playbook(text, f"{key}.toml")
        assert pb.brand == key
        assert pb.channels, key
    pbs = demo_playbooks()
    assert pbs["brightbank"][0].hours.always_open
    assert all(
        m == 60
        for p, m in pbs["brightbank"][0].sla.first_response_minutes.items()
        if p in {c.platform for c in pbs["brightbank"][0].channels}
    )
    nw = pbs["northwind"][0].hours
    assert nw.timezone == "Europe/Berlin" and nw.holidays_country == "DE"
    assert len(nw.week["mon"]) == 2, "northwind has a lunch break"
    assert pbs["pixelforge"][0].hours.holidays_country == "US"


@pytest.mark.parametrize("seed", SEEDS, ids=SEED_IDS)
def test_threads_point_at_earlier_posts_of_the_same_brand(seed: BrandSeed) -> None:
    by_id = {p.id: p for p in seed.posts}
    assert len(by_id) == len(seed.posts), "post ids are unique"
    platforms = {c.platform for c in demo_playbooks()[seed.key][0].channels}
    for p in seed.posts:
        clock_minutes(p.at)
        assert p.by == BRAND or p.by in seed.people, f"{p.id}: unknown author {p.by}"
        assert p.platform in platforms, f"{p.id}: {seed.key} has no {p.platform} channel"
        for ref in (p.reply_to, p.thread):
            if ref is None:
                continue
            assert ref in by_id, f"{p.id} refers to unknown {ref}"
            parent = by_id[ref]
            assert parent.platform == p.platform, f"{p.id} and {ref} are on different platforms"
            assert clock_minutes(parent.at) <= clock_minutes(p.at), f"{p.id} is older than {ref}"
        if p.by == BRAND:
            assert p.kind in {"ack", "handoff", "closeout", "followup", "reply"}, p.id
            assert p.sent_by in {"agent", "supervisor", "admin"}, p.id
        if p.private:
            assert p.thread or p.platform == "email", f"{p.id}: a DM continues a public thread"
    for script in seed.scripts:
        assert script.root in by_id and by_id[script.root].platform == script.platform, script.root
        for step in script.steps:
            State(step.state)
            clock_minutes(step.at)


def test_ids_are_unique_per_platform_across_brands() -> None:
    keys = [(p.platform, p.id) for p in all_posts()]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("seed", SEEDS, ids=SEED_IDS)
def test_order_numbers_in_posts_are_orders_of_that_brand(seed: BrandSeed) -> None:
    orders = {o.number for c in seed.customers for o in c.orders}
    mentioned = {m for p in seed.posts for m in ORDER_RE.findall(p.text)}
    assert mentioned, f"{seed.key} posts mention order numbers"
    assert mentioned <= orders, f"unknown order numbers: {sorted(mentioned - orders)}"
    handles = {p.handle for p in seed.people.values()}
    for c in seed.customers:
        for handle in c.handles.values():
            assert handle in handles, f"{c.ref} is linked to {handle}, who never posts"


def test_the_day_holds_every_kind_of_mention() -> None:
    posts = all_posts()
    assert 150 <= len(posts) <= 250
    people = [p for s in SEEDS for p in s.people.values()]
    texts = [p.text for p in posts]
    assert sum(p.lang == "de" for p in SEEDS[0].posts) >= 5, "German posts for northwind"
    assert any((p.name or "") == "<script>alert(1)</script>" for p in people)
    assert any((p.name or "") == "<img src=x onerror=alert(1)>" for p in people)
    assert any("<img src=x onerror=alert(1)>" in t for t in texts)
    assert any(p.platform == "reddit" and len(p.text) > 700 for p in posts), "long Reddit posts"
    assert any(re.search(r"\b4111 1111 1111 1111\b", t) for t in texts), "a card number in public"
    assert any(re.search(r"@example\.\w+", t) for t in texts), "an e-mail address in public"
    assert any(p.verified and (p.followers or 0) >= 100_000 for p in people), "a high-reach verified author"
    burst = [
        p
        for s in SEEDS
        for p in s.posts
        if p.by in s.people and s.people[p.by].age_days <= 7 and "ear infection" in p.text
    ]
    assert len(burst) >= 4 and len({p.by for p in burst}) == len(burst), "near-identical burst"
    for word in (
        "small claims court",
        "Rechtsanwalt",
        "solicitor",
        "reporter",
        "someone else's",
        "SMOKING",
        "PEANUTS",
        "followers",
        "airdrop",
        "f*",
    ):
        assert any(word in t for t in texts), word
    assert any(p.private for p in posts) and any(p.thread for p in posts), "threads that go private"
    outbound = [p for p in posts if p.by == BRAND]
    assert {"ack", "handoff", "closeout", "followup"} <= {p.kind for p in outbound}
    scripted = {step.state for s in SEEDS for script in s.scripts for step in script.steps}
    assert scripted | {"new"} == {s.value for s in State}, "the scripts reach every state"


def test_export_is_valid_import_format(tmp_path: Path) -> None:
    now = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
    path = tmp_path / "demo.jsonl"
    path.write_text(demo_jsonl(now), encoding="utf-8")
    result = ImportResult(path=str(path))
    rows = parse_jsonl(path, result)
    assert result.problems == []
    assert len(rows) == len(all_posts())
    assert max(r.mention.created_at for r in rows) <= now
    assert min(r.mention.created_at for r in rows) >= now.replace(day=23)


def test_the_walkthrough_case_is_in_time_at_any_hour_the_demo_is_loaded() -> None:
    """docs/demo.md walks an agent through acknowledging Joe's post (nw180): that only works
    while its first response is not yet due, or the desk escalates it and the reply needs a
    supervisor. The day ends at the moment of loading, so check every quarter hour of a week
    (with a Berlin holiday and the short Christmas Eve) rather than the hour CI happens to run."""
    pb = demo_playbooks()["northwind"][0]
    northwind = next(seed for seed in SEEDS if seed.key == "northwind")
    post = next(p for p in northwind.posts if p.id == "nw180")
    minutes = pb.sla.first_response(post.platform)
    starts = [datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 12, 21, tzinfo=UTC)]
    for start in starts:
        for quarter in range(7 * 24 * 4):
            now = start + timedelta(minutes=15 * quarter)
            due = add_business_minutes(pb.hours, at_time(now, post.at), minutes)
            assert due > now + timedelta(minutes=30), f"loaded at {now:%a %Y-%m-%d %H:%M} UTC, nw180 is due {due}"
