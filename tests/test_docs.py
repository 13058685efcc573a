"""Every command is documented: a command nobody can find is a command nobody uses."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

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


# --- README "Using it" runs as written ------------------------------------------------------------


def using_it_lines(readme: str) -> list[str]:
    """The command lines of the README's "Using it" block, in order, comments kept."""
    section = readme.split("## Using it", 1)[1]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_until_healthy(line: str, env: dict[str, str], cwd: Path) -> None:
    """`calmdesk serve` as written, on a free port (8000 may be taken here): health and login answer."""
    port = _free_port()
    command = line.split("#", 1)[0].strip() + f" --port {port}"
    proc = subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"{line!r} stopped: {proc.stdout.read().decode() if proc.stdout else ''}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as res:
                    assert res.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, f"{line!r} did not answer /health within 60 s"
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as res:
            assert res.status == 200 and b"calmdesk" in res.read()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_readme_using_it_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each line of "Using it", in a fresh store, from a directory that has the README's files.

    Why line by line: a failing line is named with its output, and each `users add` gets its own
    password (it asks twice). `export` and `.` lines run in bash and change the environment of the
    lines after them; `calmdesk ...` lines run in this process through Click's runner (split as
    the shell would, comments dropped), which spares twenty interpreter start-ups; `calmdesk
    serve` runs for real in its own process until it answers.
    """
    lines = using_it_lines((ROOT / "README.md").read_text())
    assert lines[0].startswith(". .venv/bin/activate") and any(line.startswith("calmdesk serve") for line in lines)
    work = tmp_path / "desk"
    work.mkdir()
    (work / "examples").symlink_to(ROOT / "examples")
    (work / ".venv").symlink_to(Path(sys.prefix))
    monkeypatch.chdir(work)
    for name in [k for k in os.environ if k.startswith("CALMDESK_")]:
        monkeypatch.delenv(name)
    env = dict(os.environ)
    env["CALMDESK_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    runner = CliRunner()
    password = "correct horse battery staple\n"
    for line in lines:
        if line.startswith(("export ", ". ")):
            out = subprocess.run(["bash", "-ec", f"{line}\nenv -0"], cwd=work, env=env, capture_output=True, timeout=120)
            assert out.returncode == 0, f"{line!r}: {out.stderr.decode()}"
            env = dict(item.split("=", 1) for item in out.stdout.decode().split("\0") if "=" in item)
            continue
        if line.startswith("calmdesk serve"):
            _serve_until_healthy(line, env, work)
            continue
        argv = shlex.split(line, comments=True)
        assert argv[0] == "calmdesk", line
        for key, value in env.items():
            if key.startswith("CALMDESK_"):
                monkeypatch.setenv(key, value)
        res = runner.invoke(app, argv[1:], input=password * 2)
        assert res.exit_code == 0, f"{line!r} exited {res.exit_code}:\n{res.output[-3000:]}\n{res.exception!r}"
        if argv[1] == "init":
            assert "calmdesk users add --admin NAME" in res.output
    html = (work / "report.html").read_text()
    # The sample dates hold the example mentions: the report is not a report of nothing.
    assert "13</" in html or ">13<" in html, "the README's report range should hold the 13 example cases"
