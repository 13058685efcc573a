"""The staffing simulator: hand-checkable scenarios, profiles, the store replay and the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from calmdesk.cli.main import app
from calmdesk.simulate import (
    Arrival,
    Handling,
    ProfileError,
    Shift,
    arrivals_from_store,
    band_of,
    compare,
    find_agents,
    parse_profile,
    simulate,
)
from calmdesk.storage.tables import Brand, Case

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "volume-profile.toml"
ALL_DAY = (Shift.parse("00:00-24:00"),)
FIXED_30 = Handling(mean=30.0, kind="lognormal", sigma=0.0)  # sigma 0: every case takes exactly 30 min


def test_priority_answers_the_safety_case_first_fifo_does_not() -> None:
    # Five low X posts at 00:00, then a safety post at 00:01; one agent, 30 min per case.
    arrivals = [Arrival(0.0, "x", "low") for _ in range(5)] + [Arrival(1.0, "x", "critical")]
    res = compare(arrivals, 1, shifts=ALL_DAY, handling=FIXED_30)
    # FIFO: the safety case is answered at 6 x 30 = 180 min, past X's 120 min target.
    assert res["fifo"].by_band["critical"].met == 0
    # Priority: the agent takes it second (at 30 min), answered at 60 min.
    assert res["priority"].by_band["critical"].met == 1
    # Low posts answered at 30, 60, 90, 120 (fifo) / 30, 90, 120, 150, 180 (priority) against 120.
    assert res["fifo"].by_band["low"].met == 4
    assert res["priority"].by_band["low"].met == 3
    assert res["priority"].overall.cases == res["fifo"].overall.cases == 6


def test_within_a_band_the_earliest_due_goes_first() -> None:
    # An e-mail (24 h target) that came first waits behind an X post (2 h target).
    arrivals = [Arrival(0.0, "x", "normal"), Arrival(1.0, "email", "normal"), Arrival(2.0, "x", "normal")]
    res = simulate(arrivals, 1, "priority", shifts=ALL_DAY, handling=Handling(mean=70.0, sigma=0.0))
    # X posts answered at 70 and 140 (due 120 and 122): the second X misses either way,
    # but the e-mail (answered at 210) still meets its 1440 min target.
    assert res.by_channel["email"].met == 1
    assert res.by_channel["x"].met == 1


def test_night_arrival_waits_for_the_morning_shift() -> None:
    arrivals = [Arrival(20 * 60.0, "x", "normal"), Arrival(20 * 60.0, "email", "normal")]
    res = simulate(arrivals, 3, "fifo", shifts=(Shift.parse("08:00-18:00"),), handling=FIXED_30)
    assert res.by_channel["x"].met == 0  # answered next day 08:30, target 2 h
    assert res.by_channel["email"].met == 1  # 24 h target
    assert res.waits == [pytest.approx(12.5 * 60), pytest.approx(12.5 * 60)]


def test_night_shift_covers_midnight() -> None:
    arrivals = [Arrival(60.0, "x", "normal"), Arrival(23 * 60.0, "x", "normal")]
    res = simulate(arrivals, 1, "fifo", shifts=(Shift.parse("22:00-06:00"),), handling=FIXED_30)
    assert res.overall.met == 2
    assert res.waits == [pytest.approx(30.0), pytest.approx(30.0)]


def test_nobody_on_duty_answers_nothing() -> None:
    res = simulate([Arrival(10.0, "x", "normal")], 0, "priority")
    assert (res.overall.met, res.unanswered) == (0, 1)


def test_same_seed_same_figures_and_find_agents_reaches_target() -> None:
    prof = parse_profile(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    arrivals = prof.arrivals(seed=3)
    assert arrivals == prof.arrivals(seed=3)
    assert len(arrivals) > 200
    handling = prof.handling.to_handling()
    a = simulate(arrivals, 6, "priority", shifts=prof.shift_list(), handling=handling, seed=5)
    b = simulate(arrivals, 6, "priority", shifts=prof.shift_list(), handling=handling, seed=5)
    assert a.overall == b.overall and a.waits == b.waits
    n, res = find_agents(arrivals, "priority", 0.95, shifts=prof.shift_list(), handling=handling)
    assert n is not None and res is not None
    assert res.overall.attainment is not None and res.overall.attainment >= 0.95
    below = simulate(arrivals, n - 1, "priority", shifts=prof.shift_list(), handling=handling)
    assert below.overall.attainment is not None and below.overall.attainment < 0.95


def test_band_of_puts_escalations_first() -> None:
    assert band_of(10, escalated=True) == "critical"
    assert [band_of(p, False) for p in (90, 65, 40, 5)] == ["critical", "high", "normal", "low"]


def test_profile_errors_name_file_and_key(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"day\.toml: key 'hourly': .*24"):
        parse_profile("hourly = [1, 2]", "day.toml")
    with pytest.raises(ProfileError, match=r"day\.toml: key 'channels': .*unknown channel 'myspace'"):
        parse_profile(
            "hourly = [1]\n".replace("[1]", str([1] * 24)) + "[channels]\nmyspace = 1\n", "day.toml"
        )
    with pytest.raises(ProfileError, match=r"day\.toml: not valid TOML"):
        parse_profile("hourly = [", "day.toml")
    with pytest.raises(ProfileError, match=r"key 'shifts'"):
        parse_profile(f"hourly = {[1] * 24}\nshifts = ['8-18']\n", "day.toml")


def test_arrivals_from_store(sqlite_factory: sessionmaker[Session]) -> None:
    with sqlite_factory.begin() as s:
        brand = Brand(key="acme", name="Acme")
        s.add(brand)
        s.flush()
        day = datetime(2024, 3, 4, tzinfo=UTC)
        s.add_all(
            [
                Case(brand_id=brand.id, platform="x", thread_key="a", opened_at=day.replace(hour=9, minute=30), priority=20),
                Case(brand_id=brand.id, platform="facebook", thread_key="b", opened_at=day.replace(hour=10), escalation=["safety"]),
                Case(brand_id=brand.id, platform="x", thread_key="c", opened_at=datetime(2024, 3, 5, 1, tzinfo=UTC)),
            ]
        )  # fmt: skip
    with sqlite_factory() as s:
        arrivals = arrivals_from_store(s, day.date(), "acme")
        with pytest.raises(ProfileError, match="unknown brand"):
            arrivals_from_store(s, day.date(), "nope")
    assert arrivals == [Arrival(570.0, "x", "low"), Arrival(600.0, "facebook", "critical")]


def test_cli_simulate_json_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "simulate",
            "--profile",
            str(EXAMPLE),
            "--agents",
            "4",
            "--seed",
            "2",
            "--find-agents",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["results"]) == {"priority", "fifo"}
    assert data["find_agents"]["priority"] == data["agents"]
    assert data["results"]["priority"]["overall"]["attainment"] >= 0.95
    bad = tmp_path / "bad.toml"
    bad.write_text(f"hourly = {[1] * 24}\n[bands]\nurgent = 1\n", encoding="utf-8")
    result = runner.invoke(app, ["simulate", "--profile", str(bad)])
    assert result.exit_code == 2
    assert "bad.toml: key 'bands': unknown band 'urgent'" in result.output
    result = runner.invoke(app, ["simulate"])
    assert result.exit_code == 2 and "--profile" in result.output
    result = runner.invoke(app, ["simulate", "--profile", str(EXAMPLE), "--shift", "8-18"])
    assert result.exit_code == 2 and "is not a shift" in result.output
