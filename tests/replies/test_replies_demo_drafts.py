"""Issue 15: every suggestion the composer makes for the demo's cases passes the brand's checker
(each of the five kinds, on each case, at an open and a closed hour)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from calmdesk.actions.brands import brand_playbook
from calmdesk.actions.demo import load_demo
from calmdesk.actions.replies import case_context
from calmdesk.actions.reply_drafting import KINDS, compose_for_case
from calmdesk.replies.checker import blocking, check_reply
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import Brand, Case

NOW = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)


def test_every_demo_suggestion_passes_the_brand_checker(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/demo.sqlite3")
    migrate(engine)
    factory = make_sessionmaker(engine)
    load_demo(factory, NOW, run_hooks=False)
    checked = 0
    with factory() as s:
        cases = list(s.scalars(select(Case).order_by(Case.id)))
        assert len(cases) > 20
        for case in cases:
            pb = brand_playbook(s.get_one(Brand, case.brand_id))
            for kind in KINDS:
                for now in (NOW, datetime(2026, 11, 29, 23, 0, tzinfo=UTC)):  # a Sunday night
                    p = compose_for_case(s, case, "Robin Park", kind, now=now)
                    ctx = case_context(s, case, p.visibility, [], kind)
                    findings = check_reply(p.text, ctx, pb.reply_rules)
                    assert not blocking(findings), (case.id, kind, p.text, [f.rule for f in findings])
                    assert "{" not in p.text and "}" not in p.text
                    checked += 1
    engine.dispose()
    assert checked == len(cases) * len(KINDS) * 2
