"""The CLI's consoles and its one way to fail, so that every command reports a mistake the same
way: `error: <message>` in bold red on stderr, and the exit code the caller chose."""

from __future__ import annotations

import typer
from rich.console import Console

#: What a command prints for the person (tables, results).
console = Console()
#: Errors and notes, on stderr; soft-wrapped so that a path or a URL in a message stays whole.
err = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `message` as an error and return the exit to raise (`raise fail(...)`)."""
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    return typer.Exit(code)
