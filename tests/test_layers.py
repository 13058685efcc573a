"""The write door (issue 12): `web/` and `cli/` parse input, call one action or query, and render.

They do not read or write tables themselves: no import of `calmdesk.storage.tables`, no
SQLAlchemy statement builders (`select`, `insert`, `update`, `delete`, `text`), and no
`session.add` / `session.execute` / `session.delete`. Reads go through `queries/`, writes
through `actions/`, so a rule checked there cannot be skipped by a page or a command.
Imports under `if TYPE_CHECKING:` (annotations only) are allowed.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "calmdesk"
ADAPTERS = ("web", "cli")
BUILDERS = {"select", "insert", "update", "delete", "text"}
SESSION_CALLS = {"add", "add_all", "execute", "delete", "merge"}

def uses(tree: ast.AST) -> list[str]:
    """Each direct table access in a module, as a short description with its line."""
    found: list[str] = []
    # Imports for type annotations only (`if TYPE_CHECKING:`) never touch the database.
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "calmdesk.storage.tables" or (
                node.module == "calmdesk.storage" and any(a.name == "tables" for a in node.names)
            ):
                found.append(f"line {node.lineno}: imports calmdesk.storage.tables")
            if node.module.startswith("sqlalchemy"):
                for alias in node.names:
                    if alias.name in BUILDERS:
                        found.append(f"line {node.lineno}: imports sqlalchemy's {alias.name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in BUILDERS:
            found.append(f"line {node.lineno}: builds a {node.func.id} statement")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
            if node.func.attr in SESSION_CALLS and (name in ("s", "db") or name.endswith("session")):
                found.append(f"line {node.lineno}: calls {name}.{node.func.attr}")
    return found


def scan() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for area in ADAPTERS:
        for path in sorted((SRC / area).rglob("*.py")):
            found = uses(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
            if found:
                out[str(path.relative_to(SRC))] = found
    return out


def test_web_and_cli_go_through_actions_and_queries() -> None:
    found = scan()
    assert not found, "web/ and cli/ must call actions/ or queries/, not the tables:\n" + "\n".join(
        f"{f}: {u}" for f, u in found.items()
    )


def test_the_check_sees_a_direct_write() -> None:
    """The scanner itself: each forbidden shape is found (so the test above can fail)."""
    code = (
        "from calmdesk.storage.tables import Case\n"
        "from sqlalchemy import select\n"
        "def f(session):\n"
        "    session.add(Case())\n"
        "    session.execute(select(Case))\n"
        "    request.state.session.delete(1)\n"
        "if TYPE_CHECKING:\n"
        "    from calmdesk.storage.tables import Draft\n"
    )
    kinds = Counter(u.split(": ", 1)[1].split(" ")[0] for u in uses(ast.parse(code)))
    assert kinds == Counter({"imports": 2, "calls": 3, "builds": 1})
