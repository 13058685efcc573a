"""Whatever arrives, a parser returns mentions or raises PayloadError: never anything else."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calmdesk.channels import PARSERS, PLATFORMS, PayloadError

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "data",
                    "id",
                    "text",
                    "entry",
                    "changes",
                    "messaging",
                    "kind",
                    "children",
                    "type",
                    "status",
                    "notifications",
                    "uri",
                    "record",
                    "created_at",
                    "createdAt",
                    "created_utc",
                    "author",
                    "from",
                    "event_type",
                    "payload",
                    "includes",
                    "users",
                    "message",
                    "field",
                    "value",
                    "content",
                    "account",
                    "thread",
                    "post",
                    "reason",
                    "tweet_create_events",
                    "direct_message_events",
                    "user",
                    "id_str",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)
# CALMDESK_FUZZ_EXAMPLES=2000 for a long run; the default keeps the suite fast.
FUZZ = settings(
    max_examples=int(__import__("os").environ.get("CALMDESK_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _call(platform: str, payload: object) -> None:
    try:
        items = PARSERS[platform](payload)
    except PayloadError:
        return
    for it in items:
        assert it.external_id and it.created_at.tzinfo is not None


@pytest.mark.parametrize("platform", PLATFORMS)
@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes(platform: str, data: bytes) -> None:
    _call(platform, data)


@pytest.mark.parametrize("platform", PLATFORMS)
@FUZZ
@given(doc=JSON)
def test_random_json(platform: str, doc: object) -> None:
    _call(platform, json.dumps(doc).encode())
    if isinstance(doc, dict | list):
        _call(platform, doc)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_deep_nesting(platform: str) -> None:
    _call(platform, b"[" * 100_000 + b"]" * 100_000)
    _call(platform, ('{"kind":"Listing","data":{"children":[{"kind":"t1","data":{"replies":' * 400).encode())


HERE = __import__("pathlib").Path(__file__).parent
DIRS = {
    "x": "x",
    "facebook": "facebook",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "reddit": "reddit",
    "instagram": "facebook",
}


def _valid_docs(platform: str) -> list[object]:
    docs = []
    for path in sorted((HERE / DIRS[platform] / "fixtures").glob("*.json")):
        try:
            docs.append(json.loads(path.read_text()))
        except ValueError:
            continue
    return docs


def _mutate(doc: object, choices: list[int], replacement: object) -> object:
    """Replace one value somewhere inside `doc` (the path is chosen by `choices`)."""
    if not choices or not isinstance(doc, dict | list) or not doc:
        return replacement
    if isinstance(doc, dict):
        keys = list(doc)
        key = keys[choices[0] % len(keys)]
        return {**doc, key: _mutate(doc[key], choices[1:], replacement)}
    i = choices[0] % len(doc)
    return [*doc[:i], _mutate(doc[i], choices[1:], replacement), *doc[i + 1 :]]


@pytest.mark.parametrize("platform", sorted(DIRS))
@FUZZ
@given(pick=st.integers(min_value=0), choices=st.lists(st.integers(min_value=0), max_size=8), value=JSON)
def test_real_payloads_with_one_value_broken(
    platform: str, pick: int, choices: list[int], value: object
) -> None:
    docs = _valid_docs(platform)
    doc = docs[pick % len(docs)]
    _call(platform, _mutate(doc, choices, value))
    _call(platform, json.dumps(doc).encode()[: (pick % 500) + 1])  # truncated anywhere
