"""`find_pii`'s own tests of the index answer's bits give what calling each gate gives (the plain
code: every bit set, so each gate's `in_post` / `may_match` decides), on the labelled posts (texts
only, never printed) and on generated text built from the gates' words and id-like numbers."""

from __future__ import annotations

import json
import re
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


#: `_ID_CHECKED_LABEL` as it was before its look-ahead of first letters.
_ID_CHECKED_LABEL_PLAIN = re.compile(
    "\\b(?:id(?:entity|entification)?(?: card| document)?\\s*(?:no\\.?|nr\\.?|number|num|#|:)|my id(?:entity)?(?: card)?(?:\\s*(?:no\\.?|nr\\.?|number|num|#))?|rut|s[ée]cu(?:rit[ée] sociale)?|nir|insee|f[øo]dselsnummer(?:et)?|personnummer(?:et)?|personnr|cpr(?:-nummer| nr\\.?)?|rijksregisternummer|insz|henkil[öo]tunnus|hetu|pesel|bsn|burgerservicenummer|nif|nie|dni|nuss|contribuinte|codice fiscale|c\\.?f\\.?|c[ée]dula|documento|identidade|ausweis(?:nummer)?|steuer-?id|carta d'identit[àa]|sin|nas|aadhaa?r|आधार(?: नंबर| संख्या| कार्ड)?|national (?:number|id(?:entity)?(?: number| no\\.?)?)|f[øo]dselsnr\\.?|pnr)\\s*(?:is|es|est|ist|é|è|:|=|-|#|,|—|–)?\\s*\\(?(?P<id>[A-Za-z0-9](?:[A-Za-z0-9]|[ .-](?=[A-Za-z0-9])){5,20})?",
    re.I,
)
_LABEL_WORDS = (
    "id no", "ID#", "identity card:", "my id", "My ID card", "rut", "sécu", "secu", "nir", "insee", "fødselsnummer",
    "personnummer", "personnr", "cpr-nummer", "rijksregisternummer", "insz", "henkilötunnus", "hetu", "pesel", "bsn",
    "burgerservicenummer", "nif", "nie", "dni", "nuss", "contribuinte", "codice fiscale", "C.F.", "cédula", "documento",
    "identidade", "Ausweisnummer", "steuer-id", "carta d'identità", "SIN", "nas", "aadhaar", "आधार नंबर",
    "national id number", "fødselsnr.", "pnr", "ſin", "İd", "ıd", "ID", "\u212aid",
)


def test_label_look_ahead_labelled_posts() -> None:
    texts = [json.loads(line)["text"] for line in SIGNALS.read_text(encoding="utf-8").splitlines() if line]
    for text in texts:
        assert [m.span() for m in P._ID_CHECKED_LABEL.finditer(text)] == [
            m.span() for m in _ID_CHECKED_LABEL_PLAIN.finditer(text)
        ]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_LABEL_WORDS), st.sampled_from((" ", ": ", "-", "x", "(", "12345678", "7"))), max_size=8))
def test_label_look_ahead_generated(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert [(m.span(), m.group("id")) for m in P._ID_CHECKED_LABEL.finditer(text)] == [
        (m.span(), m.group("id")) for m in _ID_CHECKED_LABEL_PLAIN.finditer(text)
    ]


def test_label_look_ahead_every_first_character() -> None:
    """Every character (of the first 0x3000, and the Devanagari block) that starts a match of the
    plain pattern starts one of the new pattern, the label being the words above."""
    for code in (*range(0x3000), *range(0x0900, 0x0980)):
        c = chr(code)
        for word in _LABEL_WORDS:
            text = c + word[1:] + " 12345678"
            assert bool(P._ID_CHECKED_LABEL.match(text)) == bool(_ID_CHECKED_LABEL_PLAIN.match(text))
