"""The learned second opinion of the reply checker: trained, saved without pickle, loaded back
by the real loader, and only ever adding findings within the rules' context gates."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from calmdesk.cli.main import app
from calmdesk.replies import learned
from calmdesk.replies.checker import check_reply, rules_hit
from calmdesk.replies.model import ReplyContext

GOOD = "Sorry Sam, that's not right. I'm chasing it now and will DM you by 5pm. ^AB"
EXCUSES = [
    "Sorry Sam, the fares are simply set by the meter so that is what it costs. I'll DM you. ^AB",
    "Sorry Jo, the meter sets every fare, so the price was correct. I'll check and DM you. ^AB",
    "Hi Lee, our meters decide fares, so the charge stands. I'll look into it today. ^AB",
    "Sorry Kim, the meter calculates the fare, which is why you paid that. DM me. ^AB",
]


def _drafts() -> list[dict]:
    good = [
        {"reply": GOOD.replace("Sam", name), "expected_rules": []}
        for name in ("Sam", "Jo", "Lee", "Kim", "Ali", "Bea", "Cy", "Di")
    ]
    bad = [{"reply": t, "expected_rules": ["R-DEFENSIVE"]} for t in EXCUSES]
    other = [
        {"reply": "Sorry Ali, nobody else has this problem. I'll check today. ^AB", "expected_rules": ["R-ONLY-ONE"]}
        for _ in range(3)
    ]
    return good + bad + other


def test_train_save_load_roundtrip_without_pickle(tmp_path: Path) -> None:
    model = learned.train(_drafts())
    assert "R-DEFENSIVE" in model.rules
    path = tmp_path / "m.npz"
    learned.save(model, path)
    with zipfile.ZipFile(path) as z:  # every member is a plain array, no object arrays
        for name in z.namelist():
            with z.open(name) as fh:
                assert np.lib.format.read_array(fh, allow_pickle=False) is not None
    again = learned.load(path)
    texts = [GOOD, EXCUSES[0]]
    assert np.allclose(model.probabilities(texts), again.probabilities(texts))


def test_learned_model_adds_what_the_patterns_missed_and_respects_off(tmp_path: Path) -> None:
    model = learned.train(_drafts())
    draft = "Sorry Una, the meter sets the fare, so that's the price. I'll DM you today. ^AB"
    ctx = ReplyContext(complaint="You overcharged me for my taxi.")
    assert "R-DEFENSIVE" not in rules_hit(check_reply(draft, ctx, learned=False))
    found = [f for f in check_reply(draft, ctx, learned=model) if f.rule == "R-DEFENSIVE"]
    assert found and draft[found[0].start : found[0].end].startswith("Sorry Una, the meter")
    assert not [f for f in check_reply(draft, ctx, {"R-DEFENSIVE": "off"}, learned=model) if f.rule == "R-DEFENSIVE"]
    # a clean reply stays clean
    assert not rules_hit(check_reply(GOOD, ctx, learned=model)) & set(learned.LEARNED_RULES)


def test_admit_fault_is_not_added_in_private() -> None:
    model = learned.default_model()
    assert model is not None, "the shipped reply model is missing: run `calmdesk train replies`"
    draft = "I'm so sorry. The damage to your gate is our responsibility and we caused it. ^JB"
    private = ReplyContext(visibility="private", complaint="Your van hit my gate.", severity="high")
    assert "R-ADMIT-FAULT" not in learned.learned_hits(draft, private, model)


def test_shipped_model_loads_through_the_real_loader() -> None:
    model = learned.load(learned.DEFAULT_MODEL_PATH)
    assert set(model.rules) == set(learned.LEARNED_RULES)
    probs = model.probabilities(["Sorry, I'll sort it today. ^AB"])
    assert probs.shape == (1, len(model.rules)) and np.all((probs >= 0) & (probs <= 1))


def test_bad_model_and_bad_training_data_name_the_problem(tmp_path: Path) -> None:
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip")
    with pytest.raises(learned.ReplyModelError, match="broken.npz"):
        learned.load(broken)
    data = tmp_path / "drafts.jsonl"
    data.write_text(json.dumps({"reply": "x", "expected_rules": []}) + "\n{oops\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "replies", "--data", str(data), "--output", str(tmp_path / "o.npz")])
    assert result.exit_code == 1
    assert "drafts.jsonl: line 2: not valid JSON" in result.output


def test_train_replies_command_writes_a_loadable_file(tmp_path: Path) -> None:
    data = tmp_path / "drafts.jsonl"
    data.write_text("".join(json.dumps(d) + "\n" for d in _drafts()), encoding="utf-8")
    out = tmp_path / "m.npz"
    result = CliRunner().invoke(app, ["train", "replies", "--data", str(data), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "R-DEFENSIVE" in learned.load(out).rules
