"""Every command is documented: a command nobody can find is a command nobody uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from calmdesk.cli.main import app

ROOT = Path(__file__).parents[1]


def _commands(group: Any, prefix: str = "") -> list[str]:
    out: list[str] = []
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        if hasattr(cmd, "commands"):
            out += _commands(cmd, full + " ")
        else:
            out.append(full)
    return out


def test_every_command_appears_in_the_docs() -> None:
    root = typer.main.get_command(app)
    assert hasattr(root, "commands")
    text = (ROOT / "README.md").read_text() + "".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))
    missing = [c for c in _commands(root) if f"calmdesk {c}" not in text]
    assert not missing, f"undocumented commands (add them to docs/cli.md): {missing}"
