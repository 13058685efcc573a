"""The CLI starts without loading what only some commands need.

Every `calmdesk` command pays for the modules the CLI imports before it runs: with the triage
models, the channel parsers, the reply rules and the notification library loaded for every
command, start-up took 1.3 s, a quarter of what a 100,000-row import may take in all. Command
modules import those inside the commands that use them; this test keeps it that way.
"""

from __future__ import annotations

import subprocess
import sys

#: Loaded only by the commands that need them (triage, web, reports, channels, notifications).
HEAVY = (
    "numpy",
    "sklearn",
    "torch",
    "transformers",
    "fastapi",
    "httpx",
    "apprise",
    "alembic",
    "holidays",
    "procrastinate",
    "calmdesk.channels",
    "calmdesk.replies.lint",
    "calmdesk.triage.pipeline",
    "calmdesk.actions.demo",
    "calmdesk.web.app",
)


def test_cli_import_leaves_heavy_modules_unloaded() -> None:
    code = (
        "import sys, calmdesk.cli.main\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"imported at CLI start-up: {out}"


def test_platform_names_in_the_help_match_the_parsers() -> None:
    from calmdesk.channels import PLATFORMS
    from calmdesk.cli.channels_cmd import PLATFORM_NAMES

    assert PLATFORM_NAMES == PLATFORMS
