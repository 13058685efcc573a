"""Entry point: builds the Typer app from the area modules, in a stable order."""

from __future__ import annotations

import typer

from calmdesk.cli import (
    channels_cmd,
    core_cmd,
    demo_cmd,
    replies_cmd,
    reports_cmd,
    sla_cmd,
    triage_cmd,
    web_cmd,
    workers_cmd,
)

app = typer.Typer(
    name="calmdesk",
    help="calmdesk: a self-hosted social-media complaint desk that knows the playbook.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (core_cmd, demo_cmd, triage_cmd, replies_cmd, channels_cmd, sla_cmd, web_cmd, reports_cmd, workers_cmd):
    module.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
