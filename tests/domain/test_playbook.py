"""Brand playbook files: validated, with errors naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from calmdesk.domain.playbook import PlaybookError, parse_playbook

EXAMPLE = Path(__file__).parents[2] / "examples" / "playbook.example.toml"


def test_shipped_example_is_valid() -> None:
    pb = parse_playbook(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    assert pb.brand
    assert pb.sla.first_response("x") <= 120


def test_defaults_follow_b_sla() -> None:
    pb = parse_playbook('brand = "acme"')
    assert pb.sla.first_response("x") == 120
    assert pb.sla.first_response("facebook") == 240
    assert pb.sla.first_response("email") == 1440
    assert pb.sla.first_response("reddit") == 180
    assert pb.sla.warn_at == 0.75


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('brand = "a"\n[sla]\nwarn_at = 1.5', "key 'sla.warn_at'"),
        ('brand = "a"\n[hours]\ntimezone = "Mars/Olympus"', "unknown time zone"),
        ('brand = "a"\n[hours.week]\nmon = ["18:00-08:00"]', "before it starts"),
        ('brand = "a"\n[hours.week]\nfunday = ["09:00-10:00"]', "unknown weekday"),
        ('brand = "a"\nsla_typo = 1', "key 'sla_typo': unknown key"),
        ('brand = "a"\n[sla.first_response_minutes]\nmyspace = 10', "unknown platform 'myspace'"),
        ('brand = "a"\n[reply_rules]\nBLAME = "warn"', "not a reply rule id"),
        ("brand = ", "not valid TOML"),
        ("", "key 'brand': Field required"),
    ],
)
def test_errors_name_file_key_and_problem(text: str, expected: str) -> None:
    with pytest.raises(PlaybookError) as exc:
        parse_playbook(text, "brands/acme.toml")
    assert "brands/acme.toml" in str(exc.value)
    assert expected in str(exc.value)
