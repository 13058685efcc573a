import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from calmdesk.cli.main import app
from calmdesk.triage.complaint import DEFAULT_MODEL_PATH, load_model

runner = CliRunner()

def test_train_complaint_writes_a_file_the_loader_reads(tmp_path: Path, labelled_csv: Path) -> None:
    data = labelled_csv
    out = tmp_path / "m.npz"
    res = runner.invoke(app, ["train", "complaint", "--data", str(data), "--output", str(out)])
    assert res.exit_code == 0, res.output
    model = load_model(out)
    scores = model.scores(["@acme my order is late and nobody answers", "thanks, love it, great day"])
    assert scores[0] > 0.5 > scores[1]
    with np.load(out, allow_pickle=False) as z:
        assert z["word_vocab"].dtype.kind == "U"


def test_train_refuses_a_bad_csv(tmp_path: Path) -> None:
    data = tmp_path / "bad.csv"
    data.write_text("text,is_complaint\nfine,1\nbad,maybe\n", encoding="utf-8")
    res = runner.invoke(app, ["train", "complaint", "--data", str(data), "--output", str(tmp_path / "m.npz")])
    assert res.exit_code == 2
    assert "line 3" in res.output and "is_complaint" in res.output


def test_shipped_model_is_small_and_separates_classes() -> None:
    assert DEFAULT_MODEL_PATH.stat().st_size < 5_000_000
    model = load_model(DEFAULT_MODEL_PATH)
    s = model.scores(
        ["@united my bag is still missing after 3 days, worst airline", "thanks @nike love the new shoes"]
    )
    assert s[0] > 0.5 > s[1]


def test_triage_command_contract_and_bad_lines(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [
        {
            "id": "a",
            "text": "@acme my card 4539 1488 0343 6467 was charged twice, refund now!",
            "platform": "x",
            "created_at": "2024-05-01T10:00:00Z",
            "author": {"handle": "ann", "followers": 50000, "verified": True},
        },
        "this is not json",
        {"id": "b"},
        {"id": "c", "text": "@acme the heater caught fire in our kitchen"},
    ]
    for i in range(3):
        lines.append(
            {
                "id": f"burst{i}",
                "text": f"@acme your soup {i} gave my whole family food poisoning, disgusting",
                "created_at": f"2024-05-01T10:0{i}:00Z",
                "author": {"handle": f"u{i}"},
            }
        )
    src.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["triage", "--input", str(src), "--output", str(out)])
    assert res.exit_code == 0
    errors = [json.loads(x) for x in res.stderr.splitlines()]
    assert [e["line"] for e in errors] == [2, 3]
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert list(rows) == ["a", "c", "burst0", "burst1", "burst2"]
    a = rows["a"]
    assert set(a) == {
        "id",
        "is_complaint",
        "complaint_score",
        "sentiment",
        "offensive",
        "pii",
        "spam",
        "escalation",
        "topic",
        "priority",
        "factors",
    }
    assert a["is_complaint"] is True and 0 <= a["complaint_score"] <= 1
    assert a["pii"] == [{"type": "credit_card", "start": 14, "end": 33}]
    assert a["topic"] == "billing"
    assert all(set(f) == {"name", "value", "weight"} for f in a["factors"])
    assert rows["c"]["escalation"] == ["safety"]
    assert rows["c"]["priority"] > rows["burst0"]["priority"]
    assert all(rows[f"burst{i}"]["spam"] for i in range(3))


def test_triage_stats_line_counts_the_mentions(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate(["@acme late again", "thanks!", "hi"])) + "\n",
        encoding="utf-8",
    )
    res = runner.invoke(
        app, ["triage", "--input", str(src), "--output", str(tmp_path / "out.jsonl"), "--complaint-model", "default", "--stats"]
    )
    assert res.exit_code == 0, res.output
    stats = [json.loads(ln) for ln in res.stderr.splitlines() if ln.startswith('{"stats"')]
    assert stats == [{"stats": {"model": "default", "mentions": 3}}]


def test_factors_are_written_as_the_json_encoder_writes_them() -> None:
    import json

    from calmdesk.cli.triage_cmd import _factors_json
    from calmdesk.domain.priority import Factor

    numbers = [0.0, -0.0, 1.0, 0.1, 0.30000000000000004, 30, -40, 1e16, 2.5e-7, float("nan"), float("inf"), -float("inf")]
    factors = [Factor(f"f{i}", v, numbers[-1 - i]) for i, v in enumerate(numbers)]
    expected = json.dumps([{"name": f.name, "value": f.value, "weight": f.weight} for f in factors], ensure_ascii=False)
    assert _factors_json(factors) == expected
