"""The learned second opinion: its file (no pickle), its training command, and how it joins the rules."""

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from calmdesk.cli.main import app
from calmdesk.triage.complaint import ModelFileError
from calmdesk.triage.pipeline import Triage, TriageInput
from calmdesk.triage.second_opinion import (
    DEFAULT_PATH,
    DEFAULT_THRESHOLDS,
    SIGNALS,
    SecondOpinion,
    load_second_opinion,
    parse_thresholds,
    read_signal_labels,
    threshold_list,
    train_second_opinion,
)

runner = CliRunner()
DATA = Path(__file__).parents[2] / "bench" / "data" / "triage_signals.jsonl"


def test_shipped_file_loads_without_pickle_and_flags_what_it_learned() -> None:
    model = load_second_opinion(DEFAULT_PATH)
    assert model.coef.shape == (len(model.buckets), len(SIGNALS))
    with np.load(DEFAULT_PATH, allow_pickle=False) as z:
        assert all(z[k].dtype != object for k in z.files)
    flags = model.flags(["the heater caught fire in our bedroom", "my parcel is two days late"])
    assert "safety" in flags[0] and flags[1] == frozenset()
    # below safety's threshold (0.9) but far above an ordinary post
    assert model.probabilities(["the charger exploded and burnt my hand"])[0, SIGNALS.index("safety")] > 0.5


def test_training_learns_a_signal_from_examples_only(tmp_path: Path) -> None:
    texts = [f"@acme the blender lid flew off and cut my {w}" for w in ("hand", "arm", "lip", "cheek")] + [
        f"@acme my order {n} is late" for n in range(8)
    ]
    labels = [[True, False, False, False, False, False]] * 4 + [[False] * 6] * 8
    model = train_second_opinion(texts, labels, threshold=0.6)
    model.save(tmp_path / "s.npz")
    loaded = load_second_opinion(tmp_path / "s.npz")
    probs = loaded.probabilities(["@acme the lid flew off and cut my finger", "@acme my order 99 is late"])
    assert probs[0, 0] > 0.6 > probs[1, 0]
    assert probs[0, 4] < 0.01  # spam had no example: it never fires


def test_loader_refuses_other_files(tmp_path: Path) -> None:
    bad = tmp_path / "x.npz"
    np.savez(bad, coef=np.zeros(3))
    with pytest.raises(ModelFileError, match="not a second-opinion file"):
        load_second_opinion(bad)


def test_bad_label_file_names_the_line_and_field(tmp_path: Path) -> None:
    data = tmp_path / "l.jsonl"
    data.write_text('{"text": "a", "escalation": [], "spam": false, "offensive": false}\n{"text": "b", "escalation": ["fire"], "spam": false, "offensive": false}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 2: field 'escalation'"):
        read_signal_labels(data)
    res = runner.invoke(app, ["train", "signals", "--data", str(data), "--output", str(tmp_path / "s.npz")])
    assert res.exit_code == 2 and "line 2" in res.output


def test_train_signals_cli_writes_a_file_the_loader_reads(tmp_path: Path) -> None:
    out = tmp_path / "s.npz"
    res = runner.invoke(app, ["train", "signals", "--data", str(DATA), "--output", str(out)])
    assert res.exit_code == 0, res.output
    assert load_second_opinion(out).meta["examples"] == str(sum(1 for ln in DATA.open() if ln.strip()))


def test_pipeline_joins_the_opinion_to_the_rules() -> None:
    text = "@acme the thing went pop and now there is a black mark up the wall behind it"
    always = SecondOpinion(
        buckets=np.zeros(0, dtype=np.int64),
        coef=np.zeros((0, len(SIGNALS))),
        intercept=np.array([5.0, -5.0, -5.0, -5.0, -5.0, -5.0]),
        thresholds=np.full(len(SIGNALS), 0.7),
    )
    rules_only = Triage(complaint_kind="default", second_opinion=False).run([TriageInput(text=text)])[0]
    joined = Triage(complaint_kind="default", second_opinion=always).run([TriageInput(text=text)])[0]
    assert rules_only.escalation == () and joined.escalation == ("safety",)
    assert joined.priority > rules_only.priority


@pytest.mark.parametrize(
    ("text", "safety"),
    [
        # Battery life is a complaint, not a hazard (the demo's long Reddit post about idle drain
        # was read as safety at 0.82 before battery-life posts were among the ordinary examples).
        ("my phones battery is dead by noon since 5.0, is a fix coming?", False),
        ("battery life on the new model is half what you advertised", False),
        ("the battery swelled and pushed the screen out of my phone", True),
    ],
)
def test_shipped_opinion_tells_battery_life_from_a_battery_hazard(text: str, safety: bool) -> None:
    opinion = load_second_opinion(DEFAULT_PATH)
    # judged at 0.5, well below the shipped threshold (0.9), so the test asks the model itself
    # which side the post is on; no battery-life post may ever reach the threshold
    probability = opinion.probabilities([text.lower()])[0, SIGNALS.index("safety")]
    assert bool(probability > 0.5) is safety
    if not safety:
        assert "safety" not in opinion.flags([text.lower()])[0]


def test_thresholds_are_per_signal_and_bad_ones_are_named(tmp_path: Path) -> None:
    assert threshold_list(None) == [DEFAULT_THRESHOLDS[s] for s in SIGNALS]
    assert threshold_list(0.9) == [0.9] * len(SIGNALS)
    assert parse_thresholds("spam=0.6, safety=0.95") == {"spam": 0.6, "safety": 0.95}
    mixed = threshold_list(parse_thresholds("spam=0.6"))
    assert mixed[SIGNALS.index("spam")] == 0.6 and mixed[SIGNALS.index("legal")] == DEFAULT_THRESHOLDS["legal"]
    with pytest.raises(ValueError, match="unknown signal"):
        parse_thresholds("fire=0.5")
    with pytest.raises(ValueError, match="'high' is not a number"):
        parse_thresholds("spam=high")
    for bad in ("1.5", "0", "nan", "spam=2", "offensive=-0.1", "legal=nan"):
        with pytest.raises(ValueError, match=r"a probability in \(0, 1\] is needed"):
            parse_thresholds(bad)
    with pytest.raises(ValueError, match="threshold for press is 7.0"):
        threshold_list({"press": 7})
    data = tmp_path / "l.jsonl"
    data.write_text('{"text": "win cash now at spam.example", "escalation": [], "spam": true, "offensive": false}\n'
                    '{"text": "my parcel is late", "escalation": [], "spam": false, "offensive": false}\n', encoding="utf-8")
    res = runner.invoke(app, ["train", "signals", "--data", str(data), "--output", str(tmp_path / "s.npz"),
                              "--threshold", "spam=lots"])
    assert res.exit_code == 2 and "--threshold" in res.output and "'lots' is not a number" in res.output
    res = runner.invoke(app, ["train", "signals", "--data", str(data), "--output", str(tmp_path / "s.npz"),
                              "--threshold", "spam=0.65"])
    assert res.exit_code == 0, res.output
    saved = load_second_opinion(tmp_path / "s.npz").thresholds.tolist()
    assert saved == threshold_list({"spam": 0.65})


def test_a_split_can_be_left_out_of_training(tmp_path: Path) -> None:
    data = tmp_path / "l.jsonl"
    data.write_text('{"text": "win cash now at spam.example", "escalation": [], "spam": true, "offensive": false}\n'
                    '{"text": "my parcel is late", "escalation": [], "spam": false, "offensive": false, "split": "test9"}\n'
                    '{"text": "free followers here", "escalation": [], "spam": true, "offensive": false, "split": "blind"}\n',
                    encoding="utf-8")  # fmt: skip
    assert read_signal_labels(data, frozenset({"blind"}))[0] == ["win cash now at spam.example", "my parcel is late"]
    res = runner.invoke(app, ["train", "signals", "--data", str(data), "--output", str(tmp_path / "s.npz"),
                              "--exclude-split", "blind, test9"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert load_second_opinion(tmp_path / "s.npz").meta["examples"] == "1"
    res = runner.invoke(app, ["train", "signals", "--data", str(data), "--output", str(tmp_path / "t.npz"),
                              "--exclude-split", "dev,test9,blind"])  # fmt: skip
    assert res.exit_code == 2 and "no labelled posts left" in res.output
    assert not (tmp_path / "t.npz").exists()
