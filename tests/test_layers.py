"""The write door (issue 12): `web/` and `cli/` parse input, call one action or query, and render.

They do not read or write tables themselves: no import of `calmdesk.storage.tables`, no
SQLAlchemy statement builders (`select`, `insert`, `update`, `delete`, `text`), and no
`session.add` / `session.execute` / `session.delete`. Reads go through `queries/`, writes
through `actions/`, so a rule checked there cannot be skipped by a page or a command.

`KNOWN` lists what is still left in older modules, per file, with its count: a new use
anywhere fails, and so does a file that got better without lowering its number here, so
the list only shrinks.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "calmdesk"
ADAPTERS = ("web", "cli")
BUILDERS = {"select", "insert", "update", "delete", "text"}
SESSION_CALLS = {"add", "add_all", "execute", "delete", "merge"}

#: Left to move into `actions/` and `queries/` (file -> number of uses). Only ever lower these.
KNOWN: dict[str, int] = {
    "web/app.py": 3,
    "web/auth.py": 1,
    "web/integrations.py": 4,
    "web/routes_api.py": 5,
    "web/routes_pages.py": 15,
    "cli/core_cmd.py": 3,
    "cli/demo_cmd.py": 3,
    "cli/web_cmd.py": 5,
    "cli/workers_cmd.py": 9,
}


def uses(tree: ast.AST) -> list[str]:
    """Each direct table access in a module, as a short description with its line."""
    found: list[str] = []
    for node in ast.walk(tree):
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
    worse = {f: u for f, u in found.items() if len(u) > KNOWN.get(f, 0)}
    assert not worse, "web/ and cli/ must call actions/ or queries/, not the tables:\n" + "\n".join(
        f"{f}: {u}" for f, u in worse.items()
    )
    better = {f: (n, len(found.get(f, []))) for f, n in KNOWN.items() if len(found.get(f, [])) < n}
    assert not better, f"fewer direct uses than KNOWN says; lower these numbers: {better}"


def test_the_check_sees_a_direct_write() -> None:
    """The scanner itself: each forbidden shape is found (so the test above can fail)."""
    code = (
        "from calmdesk.storage.tables import Case\n"
        "from sqlalchemy import select\n"
        "def f(session):\n"
        "    session.add(Case())\n"
        "    session.execute(select(Case))\n"
        "    request.state.session.delete(1)\n"
    )
    kinds = Counter(u.split(": ", 1)[1].split(" ")[0] for u in uses(ast.parse(code)))
    assert kinds == Counter({"imports": 2, "calls": 3, "builds": 1})
