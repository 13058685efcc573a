"""`storable_json`: what PostgreSQL cannot store is replaced wherever it is, flat rows or nested."""

from calmdesk.domain.public_text import REPLACEMENT, storable_json


def test_a_clean_flat_row_is_kept_as_it_is() -> None:
    row = {"tweet_id": "1", "text": "café ☕ late again", "inbound": True, "n": 3, "x": None, "f": 1.5}
    assert storable_json(row) is row


def test_unstorable_characters_are_replaced_in_flat_rows_keys_and_values() -> None:
    assert storable_json({"text": "a\x00b", "k": "ok"}) == {"text": f"a{REPLACEMENT}b", "k": "ok"}
    assert storable_json({"te\x00xt": "fine"}) == {f"te{REPLACEMENT}xt": "fine"}
    assert storable_json({"t": "lone \ud800 surrogate"}) == {"t": f"lone {REPLACEMENT} surrogate"}
    # the separator the fast path joins with is an ordinary character, not a hiding place
    assert storable_json({"a": "\x01", "b": "\x00"}) == {"a": "\x01", "b": REPLACEMENT}


def test_rows_that_are_not_flat_take_the_full_walk() -> None:
    nested = {"user": {"name": "x\x00"}, "tags": ["a", "\x00"], 7: "int key"}
    assert storable_json(nested) == {"user": {"name": f"x{REPLACEMENT}"}, "tags": ["a", REPLACEMENT], "7": "int key"}
    deep: dict[str, object] = {}
    cur = deep
    for _ in range(150):
        cur["n"] = {}
        cur = cur["n"]  # type: ignore[assignment]
    out = storable_json(deep)
    for _ in range(101):
        out = out["n"]
    assert out == "[nested too deeply]"
