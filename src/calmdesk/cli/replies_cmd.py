"""CLI commands of the reply studio: `lint-reply` (no database needed)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from calmdesk.cli.config_files import read_config_text


def _open_in(path: str) -> TextIO:
    if path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        typer.echo(f"error: cannot read {path}: {exc.strerror}", err=True)
        raise typer.Exit(1) from exc


def lint_reply(
    input: Annotated[str, typer.Option("--input", "-i", help="JSON Lines file, or - for stdin")] = "-",
    output: Annotated[
        str, typer.Option("--output", "-o", help="where to write results, or - for stdout")
    ] = "-",
    playbook: Annotated[
        Path | None, typer.Option("--playbook", help="brand playbook TOML whose reply_rules levels apply")
    ] = None,
) -> None:
    """Check reply drafts against the R-rules of the playbook.

    Each input line is a JSON object with id, reply, platform, visibility (public/private),
    complaint, severity (normal/high) and optional attachments. Each output line is
    {"id", "findings": [{"rule", "level", "message", "start", "end"}]}. A bad line is
    reported on stderr with its line number and the rest is still processed.
    """
    # Imported here, not at the top: the rule tables are slow to load and every other CLI
    # command would pay for them at start-up.
    from calmdesk.domain.playbook import PlaybookError, parse_playbook
    from calmdesk.replies.lint import LintInputError, lint_lines

    levels: dict[str, str] = {}
    if playbook is not None:
        try:
            levels = dict(parse_playbook(read_config_text(playbook, PlaybookError), str(playbook)).reply_rules)
        except (OSError, PlaybookError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
    src = _open_in(input)
    out: TextIO
    if output == "-":
        out = sys.stdout
    else:
        try:
            out = open(output, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            typer.echo(f"error: cannot write {output}: {exc.strerror}", err=True)
            raise typer.Exit(1) from exc
    name = "<stdin>" if input == "-" else input
    try:
        for result in lint_lines(src, levels):
            if isinstance(result, LintInputError):
                typer.echo(f"error: {name}: {result}", err=True)
                continue
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    finally:
        if src is not sys.stdin:
            src.close()
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()


def _read_drafts(paths: list[Path]) -> list[dict[str, Any]]:
    """Labelled drafts from JSON Lines files; a bad line names its file and line."""
    from calmdesk.replies.learned import ReplyModelError

    out = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReplyModelError(f"{path}: line {n}: not valid JSON: {exc.msg}") from exc
            if not isinstance(rec, dict) or "reply" not in rec or "expected_rules" not in rec:
                raise ReplyModelError(f"{path}: line {n}: needs the fields 'reply' and 'expected_rules'")
            out.append(rec)
    return out


def train_replies(
    data: Annotated[
        list[Path], typer.Option(help="JSON Lines of labelled drafts (fields reply, expected_rules); repeatable")
    ],
    output: Annotated[
        Path | None, typer.Option(help="model file (.npz); default: the shipped model")
    ] = None,
) -> None:
    """Train the learned second opinion of the reply checker from labelled drafts."""
    from calmdesk.replies import learned

    try:
        records = _read_drafts(data)
    except (OSError, learned.ReplyModelError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    model = learned.train(records)
    target = output or learned.DEFAULT_MODEL_PATH
    learned.save(model, target)
    learned.default_model.cache_clear()
    typer.echo(f"trained {len(model.rules)} rules on {len(records)} drafts; model written to {target}")


def draft(
    case_id: Annotated[int, typer.Argument(help="the case to draft a reply for")],
    kind: Annotated[
        str | None, typer.Option(help="ack, answer, handoff, followup or closeout; default: the case's next step (B-HANDOFF)")
    ] = None,
    agent: Annotated[str, typer.Option(help="the agent's name for the signature")] = "Support team",
    as_json: Annotated[bool, typer.Option("--json", help="print a JSON object instead of the text")] = False,
) -> None:
    """Draft a reply for a case: from the model set by CALMDESK_LLM_* (checked, and revised once
    with the checker's findings), else from the brand's templates. Nothing is sent: paste or
    save the draft, and a person sends it from the desk."""
    from calmdesk.actions.reply_drafting import DraftingError, draft_for_case
    from calmdesk.actions.reply_flow import next_reply_kind
    from calmdesk.bootstrap import open_store
    from calmdesk.queries.desk import case_by_id
    from calmdesk.replies.llm import LlmError, config_from_env

    try:
        cfg = config_from_env()
    except LlmError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    factory = open_store()
    with factory() as session:
        case = case_by_id(session, case_id)
        if case is None:
            typer.echo(f"error: no case #{case_id}", err=True)
            raise typer.Exit(1)
        chosen = kind or next_reply_kind(session, case)
        if chosen is None:
            typer.echo(f"error: case #{case_id} needs no reply now; give --kind to draft one anyway", err=True)
            raise typer.Exit(1)
        try:
            proposal = draft_for_case(session, case, agent, chosen, cfg)
        except DraftingError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
    if as_json:
        typer.echo(json.dumps({
            "case_id": case_id, "kind": proposal.kind, "visibility": proposal.visibility, "text": proposal.text,
            "source": proposal.source, "revised": proposal.revised, "notes": list(proposal.notes),
            "findings": [f.as_dict() for f in proposal.findings],
        }, ensure_ascii=False))  # fmt: skip
        return
    for note in proposal.notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(proposal.text)
    for f in proposal.findings:
        typer.echo(f"{f.level}: {f.rule}: {f.message}", err=True)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    from calmdesk.cli.triage_cmd import train_app

    app.command("lint-reply")(lint_reply)
    app.command("draft")(draft)
    train_app.command("replies")(train_replies)
