"""How fast is the inbox's first page with a big store? (issue 18 target: p95 < 50 ms, counts < 100 ms)

Generates brands, authors, cases (mostly closed, as in a desk that has run for years),
mentions and their thread messages with fast Core inserts, starts `calmdesk`'s web app in
a separate process with uvicorn, logs in, and times the inbox page and its JSON twin.

    .venv/bin/python bench/inbox_latency.py                       # 1,000,000 mentions / 200,000 cases, SQLite
    .venv/bin/python bench/inbox_latency.py --mentions 100000 --cases 20000   # a quick run
    .venv/bin/python bench/inbox_latency.py --url postgresql://postgres@127.0.0.1:5432/calmdesk_bench
    .venv/bin/python bench/inbox_latency.py --mentions 1000000 --cases 1000000 --open-share 1  # 1 M open cases

After the HTTP figures it prints a same-process baseline: the first page's SQL as it runs now
against the order used before issue 18, on the same store; and the filter counts as they are
read now (the summary table of migration 0007 plus its unfolded deltas) against the GROUP BY
over every open case used before, which must give the same figures. The counts are timed over
HTTP twice: with every delta folded (as after the scheduler's fold) and with a minute's worth
of changes not yet folded (`--pending-deltas`, default 10,000 delta rows).

    .venv/bin/python bench/inbox_latency.py --reuse --counts-only --url ...   # the counts alone, again
    .venv/bin/python bench/inbox_latency.py --mentions 0 --cases 1000000 --open-share 1 --counts-only
        # cases only (no mentions, 1,000 authors): all the counts read, built several times faster

A PostgreSQL database named in --url is dropped and created again (it must be a bench database).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, insert, text

from calmdesk.storage.db import make_engine, make_sessionmaker, migrate, normalize_url, session_scope
from calmdesk.storage.tables import Author, Brand, Case, Channel, Mention, Message

OPEN_STATES = ["new", "triaged", "acknowledged", "private", "resolution_proposed", "escalated", "follow_up"]
PLATFORMS = ["x", "facebook", "instagram", "reddit", "mastodon", "bluesky", "review", "email"]
TOPICS = ["delivery", "billing", "quality", "account", "outage", None]
PASSWORD = "quiet-harbour-7391-lantern"
CHUNK = 20_000


def fresh_postgres(url: str) -> None:
    base, name = url.rsplit("/", 1)
    admin = create_engine(base + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def generate(url: str, n_mentions: int, n_cases: int, open_share: float, brands: int, seed: int) -> None:
    rnd = random.Random(seed)
    engine = make_engine(url)
    migrate(engine)
    now = datetime.now(UTC)
    t0 = time.perf_counter()
    with engine.begin() as conn:
        brand_ids = []
        channel_of: dict[tuple[int, str], int] = {}
        for b in range(brands):
            bid = conn.execute(
                insert(Brand).values(key=f"brand{b}", name=f"Brand {b}").returning(Brand.id)
            ).scalar_one()
            brand_ids.append(bid)
            for p in PLATFORMS:
                channel_of[(bid, p)] = conn.execute(
                    insert(Channel)
                    .values(brand_id=bid, platform=p, handle=f"b{b}_{p}", settings={})
                    .returning(Channel.id)
                ).scalar_one()
        # --mentions 0: cases only (what the filter counts read), a store built in a fraction of the time.
        n_authors = max(1, n_cases // 2) if n_mentions else min(1000, n_cases)
        for start in range(0, n_authors, CHUNK):
            conn.execute(
                insert(Author),
                [
                    {
                        "platform": PLATFORMS[i % len(PLATFORMS)],
                        "handle": f"user{i}",
                        "display_name": f"User {i}",
                        "followers": int(rnd.paretovariate(1.2) * 50),
                        "verified": i % 97 == 0,
                        "is_brand": False,
                    }
                    for i in range(start, min(n_authors, start + CHUNK))
                ],
            )
        first_author = conn.execute(text("select min(id) from authors")).scalar_one()
    print(f"  brands, channels, {n_authors:,} authors: {time.perf_counter() - t0:.1f}s", flush=True)

    t0 = time.perf_counter()
    per_case = max(1, n_mentions // n_cases) if n_mentions else 0
    extra = max(0, n_mentions - per_case * n_cases)
    mention_no = 0
    with engine.begin() as conn:
        first_case = (conn.execute(text("select coalesce(max(id), 0) from cases")).scalar_one() or 0) + 1
        for start in range(0, n_cases, CHUNK // 2):
            stop = min(n_cases, start + CHUNK // 2)
            cases, mentions = [], []
            for i in range(start, stop):
                bid = brand_ids[i % len(brand_ids)]
                platform = PLATFORMS[i % len(PLATFORMS)]
                opened = now - timedelta(minutes=rnd.randint(1, 3 * 365 * 24 * 60))
                is_open = rnd.random() < open_share
                if is_open:
                    opened = now - timedelta(minutes=rnd.randint(1, 3 * 24 * 60))
                state = (
                    rnd.choice(OPEN_STATES)
                    if is_open
                    else rnd.choice(["closed", "closed", "closed", "dismissed"])
                )
                due = opened + timedelta(hours=rnd.choice([1, 2, 3, 4, 24]))
                cases.append(
                    {
                        "id": first_case + i,
                        "brand_id": bid,
                        "channel_id": channel_of[(bid, platform)],
                        "platform": platform,
                        "thread_key": f"t{i}",
                        "author_id": first_author + rnd.randrange(n_authors),
                        "state": state,
                        "priority": rnd.randint(0, 100),
                        "priority_factors": [{"name": "complaint", "points": 30, "why": "complaint words"}],
                        "topic": rnd.choice(TOPICS),
                        "escalation": ["safety"] if state == "escalated" else [],
                        "tags": [],
                        "opened_at": opened,
                        "last_inbound_at": opened,
                        "first_response_due_at": due,
                        "first_response_at": None if state in ("new", "triaged", "escalated") else due,
                        "updated_at": opened,
                        "went_private": False,
                        "public_closeout_done": False,
                    }
                )
                count = per_case + (1 if i < extra else 0)
                for k in range(count):
                    mention_no += 1
                    mentions.append(
                        {
                            "id": mention_no,
                            "platform": platform,
                            "external_id": f"m{mention_no}",
                            "thread_key": f"t{i}",
                            "brand_id": bid,
                            "channel_id": channel_of[(bid, platform)],
                            "author_id": cases[-1]["author_id"],
                            "case_id": first_case + i,
                            "direction": "inbound",
                            "visibility": "public",
                            "text": f"message {k} of case {i}: my order is late and support does not answer",
                            "created_at": opened + timedelta(minutes=k * 7),
                            "received_at": opened + timedelta(minutes=k * 7),
                            "hidden": False,
                        }
                    )
            conn.execute(insert(Case), cases)
            if not mentions:
                print(f"\r  cases {stop:,}/{n_cases:,} (no mentions)", end="", flush=True)
                continue
            conn.execute(insert(Mention), mentions)
            conn.execute(
                insert(Message),
                [
                    {
                        "case_id": m["case_id"],
                        "mention_id": m["id"],
                        "direction": "inbound",
                        "visibility": "public",
                        "author_id": m["author_id"],
                        "channel_id": m["channel_id"],
                        "text": m["text"],
                        "created_at": m["created_at"],
                    }
                    for m in mentions
                ],
            )
            print(f"\r  cases {stop:,}/{n_cases:,}, mentions {mention_no:,}", end="", flush=True)
        if engine.dialect.name == "postgresql":
            for table in ("cases", "mentions", "messages", "authors", "open_case_deltas"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
                )
    print(
        f"\n  {n_cases:,} cases, {mention_no:,} mentions and messages: {time.perf_counter() - t0:.1f}s",
        flush=True,
    )
    fold(engine)
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()

    from calmdesk.actions.users import do_create_user

    with session_scope(make_sessionmaker(engine)) as s:
        do_create_user(s, "bench", PASSWORD, "agent", [f"brand{b}" for b in range(brands)])
    engine.dispose()


def fold(engine: Any) -> None:
    """What the scheduler's `calmdesk.fold_open_counts` does every minute: the triggers' deltas
    of the bulk insert (one per open case) into `open_case_counts`."""
    from calmdesk.actions.open_counts import fold_open_case_deltas

    t0 = time.perf_counter()
    with session_scope(make_sessionmaker(engine)) as s:
        folded = fold_open_case_deltas(s)
    print(f"  fold of {folded:,} count deltas: {time.perf_counter() - t0:.1f}s wall", flush=True)


def serve(url: str, port: int) -> None:
    import uvicorn

    from calmdesk.web.app import create_app
    from calmdesk.web.settings import WebSettings

    factory = make_sessionmaker(make_engine(url))
    app = create_app(factory, WebSettings(secret_key="bench-secret-0123456789abcdef"))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _login(client: httpx.Client) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert token, "no CSRF token on the login page"
    res = client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)})
    assert res.status_code == 200 and "Priority inbox" in res.text, res.status_code


def _time_http(client: httpx.Client, label: str, path: str, requests: int, server_pid: int | None = None) -> None:
    for _ in range(5):
        client.get(path)  # warm caches
    times = []
    cpu0 = _proc_cpu_s(server_pid)
    load0 = os.getloadavg()[0]
    for _ in range(requests):
        t0 = time.perf_counter()
        r = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, (path, r.status_code)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    cpu = ""
    if server_pid is not None:
        cpu = f"   server CPU {1000 * (_proc_cpu_s(server_pid) - cpu0) / requests:6.1f} ms/request"
    print(f"  {label:32s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({requests} requests){cpu}   "
          f"load {load0:.1f}-{os.getloadavg()[0]:.1f}", flush=True)


def _proc_cpu_s(pid: int | None) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; 0 elsewhere)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def measure_counts(base: str, url: str, requests: int, server_pid: int, pending: int) -> None:
    """The filter counts over HTTP with every delta folded, then with `pending` unfolded ones."""
    with httpx.Client(base_url=base, timeout=60, follow_redirects=True) as client:
        _login(client)
        _time_http(client, "filter counts (JSON), folded", "/api/inbox/counts", requests, server_pid)
        if pending:
            added = add_pending_deltas(url, pending)
            _time_http(client, f"counts, {added:,} deltas unfolded", "/api/inbox/counts", requests, server_pid)


def add_pending_deltas(url: str, pending: int) -> int:
    """Reassign pending/2 open cases (each reassignment appends a -1 and a +1 delta), as a
    busy minute of a desk would between two folds; returns the unfolded delta rows."""
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE cases SET owner = CASE WHEN owner IS NULL THEN 'bench' ELSE NULL END "
                "WHERE id IN (SELECT id FROM cases WHERE state = 'new' ORDER BY id LIMIT :n)"
            ),
            {"n": pending // 2},
        )
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE open_case_deltas"))
            conn.commit()
        found = int(conn.execute(text("SELECT count(*) FROM open_case_deltas")).scalar_one())
    engine.dispose()
    return found


def measure(base: str, requests: int, server_pid: int | None = None) -> None:
    with httpx.Client(base_url=base, timeout=30, follow_redirects=True) as client:
        _login(client)
        # Page 50 by keyset: follow 49 `next_after` cursors, as the "Next" link does.
        after = ""
        for _ in range(49):
            after = client.get("/api/inbox" + (f"?after={after}" if after else "")).json()["next_after"]
        for label, path in (
            ("inbox page (HTML)", "/"),
            ("inbox first page (JSON)", "/api/inbox"),
            ("inbox, one brand, escalated", "/api/inbox?brand=brand1&escalated=1"),
            ("inbox, SLA due soon", "/api/inbox?due_soon=1"),
            ("page 50 by keyset (JSON)", f"/api/inbox?after={after}"),
            ("page 50 by OFFSET (JSON, before)", "/api/inbox?page=50"),
        ):
            _time_http(client, label, path, requests, server_pid)


def sql_baseline(url: str, runs: int = 20) -> None:
    """Same process, same store: the first page's id query as the inbox runs it now, against the
    order it used before issue 18 (`NULLS LAST`, a bound list of states), which no index serves."""
    from sqlalchemy import bindparam, select

    from calmdesk.domain.lifecycle import OPEN_STATES as OPEN
    from calmdesk.queries.cases import InboxFilter, inbox_query

    engine = make_engine(url)
    with engine.connect() as conn:
        brand_ids = list(conn.execute(text("SELECT id FROM brands")).scalars())
        now = inbox_query(InboxFilter(brand_ids=brand_ids)).with_only_columns(Case.id).limit(51)
        before = (
            select(Case.id)
            .join(Brand, Brand.id == Case.brand_id)
            .where(Case.brand_id.in_(brand_ids),
                   Case.state.in_(bindparam("states", sorted(s.value for s in OPEN), expanding=True)))
            .order_by(Case.priority.desc(), Case.first_response_due_at.asc().nulls_last(), Case.id.asc())
            .limit(51)
        )
        for label, stmt in (("before (sort every open case)", before), ("now (partial index)", now)):
            _time_sql(conn, label, "first page ids", lambda st=stmt: conn.execute(st).all(), runs)
        _page_50_baseline(conn, brand_ids, runs)
        open_cases = conn.execute(text("SELECT count(*) FROM cases WHERE state NOT IN ('closed', 'dismissed')"))
        print(f"  open cases: {open_cases.scalar_one():,}", flush=True)
    engine.dispose()


def _time_sql(conn: Any, label: str, what: str, run: Any, runs: int) -> None:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print(f"  {what}, SQL only, {label:30s} p50 {statistics.median(times):7.1f} ms   "
          f"p95 {times[int(0.95 * (runs - 1))]:7.1f} ms", flush=True)


def _page_50_baseline(conn: Any, brand_ids: list[int], runs: int) -> None:
    """Page 50's ids by keyset (the cursor of page 49's last row) against OFFSET 2,450."""
    from sqlalchemy.orm import Session

    from calmdesk.actions.users import Access
    from calmdesk.domain.inbox_cursor import decode_cursor
    from calmdesk.queries.desk import InboxQuery, _ids_only, _inbox_select, _page_ids, inbox_rows
    from calmdesk.storage.tables import utcnow

    access = Access(user_id=0, username="bench", display_name="bench", is_admin=False,
                    roles={bid: "agent" for bid in brand_ids})
    with Session(bind=conn) as s:
        q = InboxQuery()
        for _ in range(49):
            q = InboxQuery(after=decode_cursor(inbox_rows(s, access, q)["next_after"]))
        ids = _ids_only(_inbox_select(access, q, utcnow(), 60))
        keyset = _page_ids(s, ids, q)
        offset = _page_ids(s, ids, InboxQuery(page=50))
        assert keyset == offset, "keyset and OFFSET disagree about page 50"
        _time_sql(conn, "before (OFFSET 2,450)", "page 50 ids", lambda: _page_ids(s, ids, InboxQuery(page=50)), runs)
        _time_sql(conn, "now (keyset cursor)", "page 50 ids", lambda: _page_ids(s, ids, q), runs)


def counts_baseline(url: str, runs: int = 20) -> None:
    """Same process, same store: the counts as read now against the GROUP BY over every open
    case used before migration 0007; both must give the same figures (checked here at full size)."""
    from sqlalchemy.orm import Session

    from calmdesk.actions.users import Access
    from calmdesk.queries.desk import inbox_counts
    from calmdesk.storage.tables import utcnow

    engine = make_engine(url)
    with engine.connect() as conn, Session(bind=conn) as s:
        brand_ids = list(conn.execute(text("SELECT id FROM brands")).scalars())
        now = utcnow()
        for access in (
            Access(user_id=0, username="bench", display_name="bench", is_admin=False,
                   roles={bid: "agent" for bid in brand_ids}),
            Access(user_id=0, username="bench", display_name="bench", is_admin=False, roles={brand_ids[0]: "agent"}),
        ):
            who = "all brands" if len(access.roles) > 1 else "one brand"
            old, new = group_by_counts(s, access, now), inbox_counts(s, access, now=now)
            assert {k: v for k, v in new.items() if k not in ("due_soon", "due_soon_capped")} == {
                k: v for k, v in old.items() if k != "due_soon"
            }, "the summary and the GROUP BY disagree"
            assert new["due_soon"] == min(old["due_soon"], 1000), (new["due_soon"], old["due_soon"])
            _time_sql(conn, f"before (GROUP BY), {who}", "filter counts", lambda a=access: group_by_counts(s, a, now), 5)
            _time_sql(conn, f"now (summary), {who}", "filter counts", lambda a=access: inbox_counts(s, a, now=now), runs)
        deltas = conn.execute(text("SELECT count(*) FROM open_case_deltas")).scalar_one()
        print(f"  counts equal on this store (open: {new['open']:,}, one brand; unfolded deltas: {deltas:,})",
              flush=True)
    engine.dispose()


def group_by_counts(session: Any, access: Any, now: datetime, due_soon_minutes: int = 60) -> dict[str, Any]:
    """The filter counts as `queries.desk.inbox_counts` computed them before migration 0007:
    one GROUP BY over every open case, by every dimension at once (kept here as the baseline)."""
    from sqlalchemy import and_, func, select
    from sqlalchemy import case as sql_case

    from calmdesk.domain.lifecycle import OPEN_STATES as OPEN

    open_states = sorted(s.value for s in OPEN)
    due_soon_expr = and_(
        Case.first_response_at.is_(None),
        Case.first_response_due_at.is_not(None),
        Case.first_response_due_at <= now + timedelta(minutes=due_soon_minutes),
    )
    mine_expr = Case.owner == access.username
    unassigned_expr = Case.owner.is_(None)
    stmt = (
        select(Case.brand_id, Case.state, Case.platform, Case.topic, sql_case((mine_expr, 1), else_=0),
               sql_case((unassigned_expr, 1), else_=0), sql_case((due_soon_expr, 1), else_=0), func.count())
        .where(Case.state.in_(open_states))
        .group_by(Case.brand_id, Case.state, Case.platform, Case.topic, mine_expr, unassigned_expr, due_soon_expr)
    )
    if access.brand_ids is not None:
        stmt = stmt.where(Case.brand_id.in_(access.brand_ids))
    keys = {bid: key for bid, key in session.execute(select(Brand.id, Brand.key))}
    out: dict[str, Any] = {"open": 0, "state": {}, "platform": {}, "topic": {}, "brand": {}}
    extra = {"due_soon": 0, "mine": 0, "unassigned": 0}
    for brand_id, state, platform, topic, mine, unassigned, soon, n in session.execute(stmt):
        n = int(n)
        out["open"] += n
        for dim, value in (("state", state), ("platform", platform), ("topic", topic), ("brand", keys.get(brand_id))):
            if value is not None:
                out[dim][value] = out[dim].get(value, 0) + n
        extra["mine"] += n if mine else 0
        extra["unassigned"] += n if unassigned else 0
        extra["due_soon"] += n if soon else 0
    out.update(extra)
    out["escalated"] = out["state"].get("escalated", 0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="database URL (default: a SQLite file in a temp dir)")
    ap.add_argument("--mentions", type=int, default=1_000_000)
    ap.add_argument("--cases", type=int, default=200_000)
    ap.add_argument("--open-share", type=float, default=0.1, help="share of cases still open")
    ap.add_argument("--brands", type=int, default=5)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--reuse", action="store_true", help="measure an already generated store")
    ap.add_argument("--counts-only", action="store_true", help="time only the filter counts (and their baseline)")
    ap.add_argument("--pending-deltas", type=int, default=10_000,
                    help="unfolded count deltas for the second counts timing (0: skip it)")
    ap.add_argument("--serve-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.serve_only:
        serve(args.url, args.port)
        return
    tmp = None
    url = args.url
    if url is None:
        tmp = tempfile.mkdtemp(prefix="calmdesk-bench-")
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
    url = normalize_url(url)
    print(f"store: {url.split('@')[-1]}", flush=True)
    if not args.reuse:
        if url.startswith("postgresql"):
            fresh_postgres(url)
        generate(url, args.mentions, args.cases, args.open_share, args.brands, seed=7)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve-only", "--url", url, "--port", str(port)], env=dict(os.environ)
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        if not args.counts_only:
            measure(f"http://127.0.0.1:{port}", args.requests, proc.pid)
        counts_baseline(url)
        measure_counts(f"http://127.0.0.1:{port}", url, args.requests, proc.pid, args.pending_deltas)
        counts_baseline(url)
        if not args.counts_only:
            sql_baseline(url)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
