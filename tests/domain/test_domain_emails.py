"""`may_hold_email` is an exact gate: where it says no, `EMAIL_PATTERN` finds nothing."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from calmdesk.domain.emails import EMAIL_PATTERN, may_hold_email

_WORD = re.compile(r"\w")


@given(st.text(alphabet=st.sampled_from(list("a@. +-_Z9é٣²\u0301⁴x@@ \n")), max_size=40))
@settings(max_examples=3000)
def test_no_address_where_the_gate_says_none(text: str) -> None:
    if not may_hold_email(text):
        assert EMAIL_PATTERN.search(text) is None


@given(st.characters())
@settings(max_examples=3000)
def test_the_gate_reads_word_characters_as_re_does(c: str) -> None:
    # an address needs one character of [\w.+-] before its "@"
    assert may_hold_email(c + "@example.com") == (_WORD.match(c) is not None or c in ".+-")


def test_handles_are_not_addresses_and_addresses_are_seen() -> None:
    assert not may_hold_email("@acme @AcmeHelp your app is down again")
    assert not may_hold_email("email me @ home")
    assert may_hold_email("@acme write to jane.doe@example.com please")
    assert may_hold_email("mail:x@y.io")
