"""The shortcuts of `escalation` give what the plain code gives: its handle shortcut, and its
own tests of the index answer's bits before each gate.

A post with handles is read with its handles blanked; the shortcut lets the original post's
answer from the shared index stand for the blanked post's (saving a second automaton pass)
when blanking cannot have made any string the pre-checks look for appear. These tests compare
it with the same function with the shortcut turned off, on the labelled posts (texts only, never
printed) and on generated text built around the cases that need care: possessives and "all"
right before a handle, handles next to each other, body handles kept, non-ASCII text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmdesk.triage import escalation as E
from calmdesk.triage.prefilter import _INDEX, fold

SIGNALS = Path(__file__).parents[2] / "bench" / "data" / "triage_signals.jsonl"

_PIECES = (
    "@shop", "@ftc", "@a", "@Bank_Help", "@", "@@x", " ", "  ", "'", "’", ".", "(", ",", "\n",
    "customers'", "customers’", "users'", "all", "all the", "leaked", "exposed", "data", "sue",
    "lawyer", "court", "hospital", "fire", "burned", "my", "our", "your", "the", "ombudsman",
    "account", "hacked", "details", "someone else's", "İ", "é", "kids’", "rat", "greedy",
)


def _plain(text: str, monkeypatch: pytest.MonkeyPatch) -> E.Escalation:
    with monkeypatch.context() as m:
        m.setattr(E, "_blanking_adds_nothing", lambda lower, starts: False)
        # every bit set: each pattern's own `search` gate decides, as before the inline bit tests
        m.setattr(E, "index_answer", lambda folded: -1)
        return E.escalation(text, fold(text))


def _check(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert E.escalation(text, fold(text)) == _plain(text, monkeypatch)
    assert E.escalation(text) == _plain(text, monkeypatch)


def test_labelled_posts_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [json.loads(line)["text"] for line in SIGNALS.read_text(encoding="utf-8").splitlines() if line]
    for text in texts:
        _check(text, monkeypatch)
        _check("@shop " + text, monkeypatch)


def test_possessive_and_doubled_space_before_a_handle() -> None:
    ends = E._creating_ends()
    assert "" not in ends
    assert "customers'" in ends and "all " in ends
    assert not E._blanking_adds_nothing("customers'     leaked", [10])
    assert not E._blanking_adds_nothing("thanks all      ", [11])
    assert E._blanking_adds_nothing("      i will sue", [0])


def test_created_after_matches_brute_force() -> None:
    """`_created_after` against every way a literal can cover a blanked handle in a short text."""
    for literal in ("customers' ", "all  ", " would", "to ", "  .", "a  b", " ", "x ' y"):
        want: set[str] = set()
        for before in ("", " ", "'", ".", "x", "all", "all ", "customers'", "a", "a ", "x '"):
            for after in ("", " ", ".", "y", " would", " b", "  .", "' y", " y"):
                for name in ("a", "ab", "abc"):
                    text = before + "@" + name + after
                    blanked = E._HANDLE.sub(E._blank_handle, text)
                    if blanked == text:
                        continue
                    s = len(before)
                    for m in re.finditer("(?=" + re.escape(literal) + ")", blanked):
                        i = m.start()
                        if i < s + len(name) + 1 and i + len(literal) > s:  # covers the blank
                            want.add(blanked[i:s] if i < s else "")
        got = E._created_after(literal)
        assert want <= got, (literal, want, got)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=14))
def test_generated_posts_same_answers(pieces: list[str]) -> None:
    text = "".join(pieces)
    with pytest.MonkeyPatch.context() as mp:
        _check(text, mp)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_original_answer_covers_blanked_answer(pieces: list[str]) -> None:
    """Where the shortcut is taken, the original's answer holds every bit of escalation's gates
    that the blanked post's own answer holds."""
    text = "".join(pieces)
    blanked, starts = E._without_handles(text)
    if not starts or not blanked.isascii() or not E._blanking_adds_nothing(blanked.lower(), starts):
        return
    gates = [g for pair in E._CHECKED.values() for g in pair] + list(E._GLUED_CHECKED.values())
    bits = E.index_bits((*gates, *E.harm_world.GATES, *E.exposure_world.GATES))
    assert _INDEX.present(fold(blanked)) & bits & ~_INDEX.present(fold(text)) == 0


_HANDLE_PLAIN = re.compile(r"(?<![\w@])@\w+")


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from("@a_9 .'é\u0301Кx\n"), max_size=20))
def test_handle_pattern_same_matches(text: str) -> None:
    assert [m.span() for m in E._HANDLE.finditer(text)] == [m.span() for m in _HANDLE_PLAIN.finditer(text)]


def test_handle_pattern_labelled_posts() -> None:
    texts = [json.loads(line)["text"] for line in SIGNALS.read_text(encoding="utf-8").splitlines() if line]
    for text in texts:
        assert [m.span() for m in E._HANDLE.finditer(text)] == [m.span() for m in _HANDLE_PLAIN.finditer(text)]


def test_gates_list_every_gated_family_of_harm_and_exposure() -> None:
    """Escalation reuses the original post's index answer for its handle-blanked spelling only
    through the families in `GATES`: a family added to either module without joining `GATES`
    would make that reuse inexact, so every module-level gated pattern must be listed."""
    from calmdesk.triage import exposure_world, harm_world
    from calmdesk.triage import prefilter as prefilter_mod

    for module in (harm_world, exposure_world):
        gated = {
            name
            for name, value in vars(module).items()
            if type(value).__module__ == prefilter_mod.__name__
        }
        listed = {name for name, value in vars(module).items() if any(value is g for g in module.GATES)}
        assert gated == listed, module.__name__
