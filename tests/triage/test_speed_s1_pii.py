"""`find_pii`'s own tests of the index answer's bits give what calling each gate gives (the plain
code: every bit set, so each gate's `in_post` / `may_match` decides), on the labelled posts (texts
only, never printed) and on generated text built from the gates' words and id-like numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmdesk.triage import pii as P
from calmdesk.triage.prefilter import fold

SIGNALS = Path(__file__).parents[2] / "bench" / "data" / "triage_signals.jsonl"

_PIECES = (
    " ", ": ", " is ", "at]", " dot ", "arroba", "my", "password", "pin", "passport", "ssn", "sin", "dni", "nie",
    "BSN", "DL", "TC", "kimlik", "cnp", "nhs number", "id no", "personnummer", "cpf", "nif", "pan ", "CPF",
    "123-45-6789", "4111 1111 1111 1111", "12345678Z", "811228-9874", "40815393407", "jo@mail.com",
    "GB82 WEST 1234 5698 7654 32", "AB 12 34 56 C", "(ref 123456)", "esse é o meu", "İ", "é", "\n",
)


def _plain(text: str, folded: str | None, monkeypatch: pytest.MonkeyPatch) -> list[P.PiiSpan]:
    with monkeypatch.context() as m:
        m.setattr(P, "index_answer", lambda folded: -1)
        return P.find_pii(text, folded)


def test_labelled_posts_same_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [json.loads(line)["text"] for line in SIGNALS.read_text(encoding="utf-8").splitlines() if line]
    for text in texts:
        assert P.find_pii(text) == _plain(text, None, monkeypatch)
        assert P.find_pii(text, fold(text)) == _plain(text, fold(text), monkeypatch)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=5)), max_size=10))
def test_generated_posts_same_spans(pieces: list[str]) -> None:
    text = "".join(pieces)
    with pytest.MonkeyPatch.context() as mp:
        assert P.find_pii(text) == _plain(text, None, mp)
