"""`credentials._word_matches` (`_WORD` tried only where one of its labels can start) gives
`_WORD.finditer`'s matches, on the labelled posts (texts only, never printed) and on generated
text; and `_WORD_FIRST` is every character a label can start with under `re.I`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from calmdesk.triage import credentials as C

SIGNALS = Path(__file__).parents[2] / "bench" / "data" / "triage_signals.jsonl"

_PIECES = (
    " ", ": ", " is ", "-", "_", "a", "\n", "my ", "password", "PASSWORD", "Passwort", "pin", "PIN", "atm pin",
    "upi pin", "otp", "OTP", "sms no.", "mdp", "contraseña", "clave de acceso", "şifre", "Şifre", "ſifre", "\u212aod",
    "κωδικός", "ΚΩΔΙΚΌΣ", "пароль", "密码", "暗証番号", "비밀번호", "पासवर्ड", "รหัสผ่าน", "Marmotte74", "1234",
    "Wq7!pz3L", "X4TQ-9PLM", "é", "İ", "9",
)


def _spans(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]


def _same(text: str) -> bool:
    return _spans(C._word_matches(text)) == _spans(list(C._WORD.finditer(text)))


def test_word_first_is_every_starting_character() -> None:
    chars = C._first_chars("(?:" + C._WORD_LABEL + "|" + C._NUMERIC_LABEL + ")", re.I)
    assert chars is not None
    cls = re.compile("[" + re.escape("".join(sorted(chars))) + "]", re.I)
    assert "".join(chr(cp) for cp in range(0x110000) if cls.match(chr(cp))) == C._WORD_FIRST


def test_labelled_posts_same_matches() -> None:
    texts = [json.loads(line)["text"] for line in SIGNALS.read_text(encoding="utf-8").splitlines() if line]
    differ = sum(not _same(text) for text in texts)
    assert differ == 0, f"{differ} labelled posts differ"


@settings(max_examples=800, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=12))
def test_generated_posts_same_matches(pieces: list[str]) -> None:
    assert _same("".join(pieces))
