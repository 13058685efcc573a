"""CLI commands for the triage area: `triage`, `train complaint`, `labels export`.

`calmdesk triage` is a stable contract (JSON Lines in, JSON Lines out, no database), so
other tools and the benchmarks can drive it; keep its field names as they are.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
import multiprocessing
import os
import re
import sys
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from calmdesk.cli.config_files import read_config_text

train_app = typer.Typer(help="Train the triage models.", no_args_is_help=True)
labels_app = typer.Typer(help="Labels that people gave (corrections), for retraining.", no_args_is_help=True)

BATCH = 2000


def _err(message: str) -> None:
    sys.stderr.write(message + "\n")


def _time(value: Any, field: str) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"field '{field}': expected an ISO 8601 time string, got {type(value).__name__}")
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"field '{field}': {value!r} is not an ISO 8601 time") from exc
    return t if t.tzinfo else t.replace(tzinfo=UTC)


#: What `json.loads` calls for a `str` with default options, less its per-call checks; a
#: line that starts with a byte order mark still goes to `json.loads` (its own message).
_DECODE = json.JSONDecoder().decode
#: The two classes a line is parsed into, imported on the first line, not on every one (the
#: CLI imports no model code until a command needs it).
_INPUT_CLASSES: tuple[Any, Any] | None = None


def _input_classes() -> tuple[Any, Any]:
    global _INPUT_CLASSES
    if _INPUT_CLASSES is None:
        from calmdesk.triage.legitimacy import AccountInfo
        from calmdesk.triage.pipeline import TriageInput

        _INPUT_CLASSES = (AccountInfo, TriageInput)
    return _INPUT_CLASSES


def parse_line(line: str) -> tuple[Any, Any]:
    """One input line to (id, TriageInput); raises ValueError naming the field at fault."""
    AccountInfo, TriageInput = _INPUT_CLASSES or _input_classes()  # noqa: N806
    try:
        obj = json.loads(line) if line.startswith("\ufeff") else _DECODE(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} (column {exc.colno})") from exc
    except RecursionError:
        raise ValueError("not valid JSON: nested too deeply") from None
    if not isinstance(obj, dict):
        raise ValueError("expected a JSON object")
    if "id" not in obj:
        raise ValueError("field 'id' is missing")
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError("field 'text' is missing or not a string")
    author = obj.get("author") or {}
    if not isinstance(author, dict):
        raise ValueError("field 'author' must be an object")
    followers = author.get("followers")
    if followers is not None and (not isinstance(followers, int) or isinstance(followers, bool)):
        raise ValueError("field 'author.followers' must be an integer")
    handle = author.get("handle") or ""
    if not isinstance(handle, str):
        raise ValueError("field 'author.handle' must be a string")
    metrics = obj.get("metrics") or {}
    engagement = sum(v for v in metrics.values() if isinstance(v, int)) if isinstance(metrics, dict) else 0
    return obj["id"], TriageInput(
        text=text,
        author=AccountInfo(
            handle=handle,
            followers=followers,
            verified=bool(author.get("verified", False)),
            created_at=_time(author.get("created_at"), "author.created_at"),
        ),
        created_at=_time(obj.get("created_at"), "created_at"),
        platform=obj.get("platform"),
        visibility=obj.get("visibility") or "public",
        engagement=engagement,
    )


_NOT_UTF8 = re.compile("[\udc80-\udcff]")


def _open_in(path: str) -> IO[str]:
    # Bytes that are not UTF-8 arrive as lone surrogates and are reported per line (not a traceback).
    if path == "-":
        sys.stdin.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
        return sys.stdin
    return open(path, encoding="utf-8", errors="surrogateescape")  # noqa: SIM115


def _open_out(path: str) -> IO[str]:
    return sys.stdout if path == "-" else open(path, "w", encoding="utf-8")  # noqa: SIM115


#: One input line as read: (line number, id, TriageInput, the line itself). The line goes to a
#: worker process in place of the parsed input: a string pickles far cheaper than the objects.
_Row = tuple[int, Any, Any, str]


def _batches(fh: IO[str], source: str) -> Iterator[list[_Row]]:
    batch: list[_Row] = []
    for lineno, line in enumerate(fh, start=1):
        if lineno == 1:
            line = line.removeprefix("\ufeff")  # a UTF-8 byte order mark is not part of the JSON
        if not line.strip():
            continue
        try:
            if _NOT_UTF8.search(line):
                raise ValueError("not valid UTF-8")
            ident, item = parse_line(line)
        except ValueError as exc:
            _err(json.dumps({"error": str(exc), "source": source, "line": lineno}))
            continue
        batch.append((lineno, ident, item, line))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


#: `json.dumps(obj, ensure_ascii=False)` builds this encoder anew on every call; one kept
#: encoder writes the same text without that cost per line.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _json_number(x: Any) -> str:
    """`x` as `json` writes it: `repr` for an int or a finite float (what the encoder itself
    calls), the encoder for anything else (NaN and infinity, which a playbook may hold)."""
    kind = type(x)
    if kind is int or (kind is float and math.isfinite(x)):
        return repr(x)
    return _ENCODE(x)


def _factors_json(factors: Any) -> str:
    """The `factors` list as the encoder writes it. Seven small objects a post were a third of
    the encoding time; their names are fixed identifiers, their values numbers."""
    # `_json_number` written out in place: fourteen calls a post were most of this function
    isfinite = math.isfinite
    encode = _ENCODE
    return "[" + ", ".join(
        [
            f'{{"name": "{name}", "value": '
            f"{repr(value) if (type(value) is float and isfinite(value)) or type(value) is int else encode(value)}"
            f', "weight": '
            f"{repr(weight) if (type(weight) is float and isfinite(weight)) or type(weight) is int else encode(weight)}}}"
            for name, value, weight in factors
        ]
    ) + "]"


def _output_lines(batch: list[_Row], results: list[Any]) -> str:
    """The output lines of one batch (the stable contract: keep the field names and their order)."""
    lines = []
    encode = _ENCODE
    for (_, ident, _, _), r in zip(batch, results, strict=True):
        head = encode(
            {
                "id": ident,
                "is_complaint": r.is_complaint,
                "complaint_score": r.complaint_score,
                "sentiment": r.sentiment,
                "offensive": r.offensive,
                "pii": [{"type": p.type, "start": p.start, "end": p.end} for p in r.pii],
                "spam": r.spam,
                "escalation": list(r.escalation),
                "topic": r.topic,
                "priority": r.priority,
            }
        )
        # Only for posts longer than triage reads (issue 17, item 2).
        tail = f', "triaged_chars": {r.triaged_chars}' if r.triaged_chars else ""
        lines.append(f'{head[:-1]}, "factors": {_factors_json(r.factors)}{tail}}}')
    return "\n".join(lines) + "\n"


#: The engine a forked worker scores with: set in the parent before the pool forks, so the
#: models are loaded once and shared copy-on-write, not loaded again per worker.
_ENGINE: Any = None


def _score_batch(batch: list[_Row], in_burst: list[bool]) -> tuple[str, int, int]:
    """One batch in a worker: output lines, mentions scored, texts the encoder saw (embed model)."""
    engine = _ENGINE
    before = int(getattr(engine.model, "encoded", 0))
    results = engine.score([item for _, _, item, _ in batch], in_burst)
    return _output_lines(batch, results), len(results), int(getattr(engine.model, "encoded", 0)) - before


def _score_lines(lines: list[str], in_burst: list[bool]) -> tuple[str, int, int]:
    """`_score_batch` in a worker, for a batch sent as its input lines: each parses as it did
    in the parent (it was checked there), which costs less than pickling the parsed inputs."""
    return _score_batch([(0, *parse_line(line), line) for line in lines], in_burst)


def _workers(requested: int | None) -> int:
    """Worker processes: as asked, else the CPU count; 1 where processes cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return requested if requested is not None else max(1, os.cpu_count() or 1)


def _scored(
    engine: Any, batches: Iterator[list[_Row]], workers: int
) -> Iterator[tuple[str, int, int]]:
    """Output of each batch, in input order, scored by `workers` processes.

    The burst window is stream state, so the parent feeds it in order and sends each batch
    with its burst flags; the workers only run the pure part. A batch goes out as one part
    per worker, so that the last batch keeps every worker busy too (whole batches left one
    worker idle for up to a batch's time at the end). At most two batches per worker are in
    flight, so memory stays bounded however long the input is. An input of one batch is
    scored here: forking would cost more than it saves.
    """
    global _ENGINE
    _ENGINE = engine
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None) if workers > 1 else None
    if second is None:
        yield _score_batch(first, engine.bursts([item for _, _, item, _ in first]))
        for batch in batches:
            yield _score_batch(batch, engine.bursts([item for _, _, item, _ in batch]))
        return
    pending: deque[Any] = deque()
    # What the signals build on first use is built here once, shared copy-on-write by the workers.
    engine.warm_up()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for batch in itertools.chain((first, second), batches):
            bursts = engine.bursts([item for _, _, item, _ in batch])
            size = -(-len(batch) // workers)
            for at in range(0, len(batch), size):
                part = batch[at : at + size]
                pending.append(pool.apply_async(_score_lines, ([line for *_, line in part], bursts[at : at + size])))
            while len(pending) > 2 * workers * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def triage(
    input: Annotated[str, typer.Option("--input", "-i", help="JSON Lines file, or - for stdin")] = "-",
    output: Annotated[str, typer.Option("--output", "-o", help="JSON Lines file, or - for stdout")] = "-",
    playbook: Annotated[
        Path | None, typer.Option(help="brand playbook TOML (priority weights, extra topics)")
    ] = None,
    complaint_model: Annotated[
        str | None,
        typer.Option(
            "--complaint-model",
            help="auto (embedding model when the \\[ml] extra is installed), default, embed or finetune; "
            "default: $CALMDESK_COMPLAINT_KIND or auto",
        ),
    ] = None,
    show_model: Annotated[
        bool, typer.Option("--show-model", help="print which complaint model would be used, and exit")
    ] = False,
    stats: Annotated[
        bool,
        typer.Option(
            "--stats",
            help="at the end, one JSON line on stderr: mentions scored and, for the embed model, how many "
            "distinct texts went to the encoder",
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="processes that score batches (default: the CPU count); output order is kept",
        ),
    ] = None,
) -> None:
    """Score mentions (JSON Lines: id, text, platform, created_at, author{...}); needs no database.

    Bad lines are reported on stderr as JSON error records naming the line; the rest go on.
    """
    from calmdesk.domain.playbook import PlaybookError, parse_playbook
    from calmdesk.triage.complaint_embed import ExtraMissing, describe
    from calmdesk.triage.complaint_embed import complaint_model as pick_model
    from calmdesk.triage.pipeline import Triage

    try:
        model = pick_model(complaint_model)
    except (ExtraMissing, ValueError, OSError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from exc
    if show_model:
        typer.echo(f"complaint model: {describe(model)}")
        return

    pb = None
    if playbook is not None:
        try:
            pb = parse_playbook(read_config_text(playbook, PlaybookError), str(playbook))
        except (OSError, PlaybookError) as exc:
            _err(f"error: {exc}")
            raise typer.Exit(2) from exc
    try:
        fin = _open_in(input)
    except OSError as exc:
        _err(f"error: {input}: cannot read: {exc.strerror}")
        raise typer.Exit(2) from exc
    engine = Triage(pb, model=model)
    fout = _open_out(output)
    source = "<stdin>" if input == "-" else input
    scored = encoded = 0
    try:
        for lines, count, enc in _scored(engine, _batches(fin, source), _workers(workers)):
            scored += count
            encoded += enc
            fout.write(lines)
    finally:
        if fin is not sys.stdin:
            fin.close()
        if fout is not sys.stdout:
            fout.close()
        else:
            fout.flush()
    if stats:
        summary = {"model": model.kind, "mentions": scored}
        if model.kind == "embed":
            summary["encoded"] = encoded
        _err(json.dumps({"stats": summary}))


def train_complaint(
    data: Annotated[Path, typer.Option("--data", help="CSV with columns text,is_complaint")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="model file (.npz; for finetune .safetensors, its default-model half written beside it as .npz); "
            "default: the shipped model",
        ),
    ] = None,
    c: Annotated[float, typer.Option("--c", help="inverse regularization strength (linear SVM)")] = 0.3,
    model: Annotated[
        str,
        typer.Option(
            "--model",
            help="default (numpy only at run time), embed (adds sentence embeddings) or finetune (fine-tunes "
            "MiniLM's top layer, fused with the default model); embed and finetune need the \\[ml] extra",
        ),
    ] = "default",
) -> None:
    """Train the complaint model from labelled posts (e.g. complaints-dev.csv or `labels export`)."""
    from calmdesk.triage.complaint import DEFAULT_MODEL_PATH, load_model, train_model

    if model not in ("default", "embed", "finetune"):
        _err(f"error: --model {model!r}: expected default, embed or finetune")
        raise typer.Exit(2)
    texts, labels = read_labelled_csv(data)
    if model == "finetune":
        from calmdesk.triage.complaint_embed import ExtraMissing, missing_modules

        if missing_modules():
            why = ExtraMissing(
                f"the fine-tuned complaint model needs the [ml] extra ({', '.join(missing_modules())} missing): "
                "pip install 'calmdesk[ml]'"
            )
            _err(f"error: {why}")
            raise typer.Exit(2)
        from calmdesk.triage.complaint_finetune import (
            DEFAULT_FINETUNE_MODEL_PATH,
            load_finetune_model,
            train_finetune_model,
        )

        target = output or DEFAULT_FINETUNE_MODEL_PATH
        train_finetune_model(texts, labels, c=c, source=data.name).save(target)
        load_finetune_model(target)  # refuse to leave a file behind that the loader cannot read
    elif model == "embed":
        from calmdesk.triage.complaint_embed import (
            DEFAULT_EMBED_MODEL_PATH,
            ExtraMissing,
            load_embed_model,
            train_embed_model,
        )

        try:
            trained = train_embed_model(texts, labels, c=c, source=data.name)
        except ExtraMissing as exc:
            _err(f"error: {exc}")
            raise typer.Exit(2) from exc
        target = output or DEFAULT_EMBED_MODEL_PATH
        trained.save(target)
        load_embed_model(target)  # refuse to leave a file behind that the loader cannot read
    else:
        target = output or DEFAULT_MODEL_PATH
        train_model(texts, labels, c=c, source=data.name).save(target)
        load_model(target)  # refuse to leave a file behind that the loader cannot read
    typer.echo(
        f"trained the {model} model on {len(texts)} posts ({sum(labels)} complaints); model written to {target}"
    )


def train_signals(
    data: Annotated[
        Path, typer.Option("--data", help="JSON Lines of labelled posts (text, escalation, spam, offensive)")
    ],
    negatives: Annotated[
        Path | None,
        typer.Option(help="CSV with a text column: real posts to learn as ordinary (those the rules flag are skipped)"),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", help="model file (.npz); default: the shipped second opinion")
    ] = None,
    every: Annotated[
        int,
        typer.Option(help="take every Nth row of --negatives (rows 0, N, 2N...), leaving the rest to check alarms on"),
    ] = 1,
    threshold: Annotated[
        str | None,
        typer.Option(
            help="probability at which the model alone raises a signal: one number for all, or "
            "signal=number pairs (safety=0.75,spam=0.7); default: each signal's tuned threshold"
        ),
    ] = None,
    c: Annotated[float, typer.Option("--c", help="inverse regularization strength (logistic regression)")] = 10.0,
    exclude_split: Annotated[
        str,
        typer.Option(help="splits of --data to leave out (comma-separated), e.g. a blind split not to be seen"),
    ] = "",
) -> None:
    """Train the learned second opinion on the signals (escalation reasons, spam, offensive)."""
    from calmdesk.triage.second_opinion import (
        DEFAULT_PATH,
        load_second_opinion,
        parse_thresholds,
        read_signal_labels,
        rule_negatives,
        train_second_opinion,
    )

    try:
        thresholds = parse_thresholds(threshold) if threshold is not None else None
    except ValueError as exc:
        _err(f"error: --threshold: {exc}")
        raise typer.Exit(2) from exc
    try:
        excluded = frozenset(part.strip() for part in exclude_split.split(",") if part.strip())
        texts, labels = read_signal_labels(data, excluded)
    except (OSError, ValueError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from exc
    extra: list[str] = []
    if negatives is not None:
        try:
            with negatives.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                if "text" not in (reader.fieldnames or []):
                    _err(f"error: {negatives}: missing column 'text'")
                    raise typer.Exit(2)
                rows = [row["text"] or "" for row in reader]
                extra = rule_negatives(rows[:: max(1, every)])
        except OSError as exc:
            _err(f"error: {negatives}: cannot read: {exc.strerror}")
            raise typer.Exit(2) from exc
    if not texts:
        _err(f"error: {data}: no labelled posts left after --exclude-split {exclude_split}")
        raise typer.Exit(2)
    target = output or DEFAULT_PATH
    trained = train_second_opinion(texts, labels, negatives=extra, c=c, threshold=thresholds, source=data.name)
    trained.save(target)
    load_second_opinion(target)  # refuse to leave a file behind that the loader cannot read
    typer.echo(f"trained the second opinion on {len(texts)} labelled posts and {len(extra)} negatives; written to {target}")


def train_prefilter(
    output: Annotated[
        Path | None, typer.Option("--output", help="table file (.json.gz); default: the shipped one")
    ] = None,
) -> None:
    """Rebuild the signals' pre-check table (what each keyword pattern must contain), read from
    the patterns themselves: run it after editing a pattern, or start-up reads that pattern slowly."""
    from calmdesk.triage.prefilter import TABLE_PATH, write_table

    target = output or TABLE_PATH
    count = write_table(target)
    typer.echo(f"read {count} patterns; pre-check table written to {target}")


def read_labelled_csv(path: Path) -> tuple[list[str], list[bool]]:
    truthy = {"1", "true", "yes", "y", "t"}
    falsy = {"0", "false", "no", "n", "f"}
    texts: list[str] = []
    labels: list[bool] = []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"text", "is_complaint"} - set(reader.fieldnames or [])
            if missing:
                _err(
                    f"error: {path}: missing column(s) {', '.join(sorted(missing))} (need text,is_complaint)"
                )
                raise typer.Exit(2)
            for row in reader:
                value = (row["is_complaint"] or "").strip().lower()
                if value not in truthy | falsy:
                    _err(f"error: {path}, line {reader.line_num}: field 'is_complaint': {value!r} is not 0/1")
                    raise typer.Exit(2)
                texts.append(row["text"] or "")
                labels.append(value in truthy)
    except OSError as exc:
        _err(f"error: {path}: cannot read: {exc.strerror}")
        raise typer.Exit(2) from exc
    if len(set(labels)) < 2:
        _err(f"error: {path}: needs both complaints and non-complaints to train")
        raise typer.Exit(2)
    return texts, labels


def labels_export(
    output: Annotated[Path, typer.Option("--output", help="CSV to write (text,is_complaint)")],
    brand: Annotated[str | None, typer.Option(help="only this brand's cases")] = None,
) -> None:
    """Export people's complaint corrections (Case.complaint_label) as training data."""
    from calmdesk.actions.brands import NotFound
    from calmdesk.actions.triage import export_complaint_labels
    from calmdesk.bootstrap import open_store

    factory = open_store()
    with factory() as s:
        try:
            rows = export_complaint_labels(s, brand)
        except NotFound as exc:
            _err(f"error: {exc}")
            raise typer.Exit(1) from exc
    with output.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "is_complaint"])
        for text, label in rows:
            w.writerow([text, int(label)])
    typer.echo(f"{len(rows)} labelled post(s) written to {output}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command("triage")(triage)
    train_app.command("complaint")(train_complaint)
    train_app.command("signals")(train_signals)
    train_app.command("prefilter")(train_prefilter)
    labels_app.command("export")(labels_export)
    app.add_typer(train_app, name="train")
    app.add_typer(labels_app, name="labels")
