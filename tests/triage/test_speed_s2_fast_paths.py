"""The fast paths of issue 16 item 3 give what the plain code gives (exact equality, no timing)."""

from __future__ import annotations

import csv
import itertools
import json
import math
import random
from pathlib import Path

import pytest

from calmdesk.cli.triage_cmd import parse_line
from calmdesk.domain.playbook import PriorityWeights
from calmdesk.domain.priority import Factor, Priority, PrioritySignals, priority_of, score_priority
from calmdesk.triage.influence import influence, reach_of
from calmdesk.triage.language import language, language_code
from calmdesk.triage.legitimacy import _CONSONANT_RUN, _consonant_run_ascii

TWEETS = Path("/work/shared/datasets/complaints-dev.csv")
SAMPLES = [
    "@acme my parcel never arrived, order 12345678, refund please!! http://example.com/x #fail",
    "@acme fml",
    "@acme refund??",
    "Спасибо за помощь",
    "@acme ¿dónde está mi pedido?",
    "le service est nul, je veux un remboursement",
    "der die das und nicht",
    "sooo goood!!! strengths rhythm https://t.co/abc zzz",
    "",
    "   ",
    "12345 !!! ...",
    "qwrtplkjhg bcdfgh xyzzy aaa",
]


def _texts() -> list[str]:
    texts = list(SAMPLES)
    if TWEETS.exists():
        with TWEETS.open(encoding="utf-8", newline="") as fh:
            texts += [row["text"] for row in csv.DictReader(fh)]
    return texts


def _unit_plain(x: float) -> float:
    return round(max(0.0, min(1.0, x)), 4)


def _score_priority_plain(signals: PrioritySignals, weights: PriorityWeights) -> Priority:
    """The score as it was written before the fast path (the readable definition)."""
    factors = (
        Factor("complaint", _unit_plain(signals.complaint_score), weights.complaint),
        Factor("negative_sentiment", _unit_plain(-signals.sentiment), weights.negative_sentiment),
        Factor("escalation", 1.0 if signals.escalation else 0.0, weights.escalation),
        Factor("reach", _unit_plain(signals.reach), weights.reach),
        Factor("customer_value", _unit_plain(signals.customer_value), weights.customer_value),
        Factor("waiting", _unit_plain(signals.waiting), weights.waiting),
        Factor("spam_penalty", 1.0 if signals.spam else 0.0, -abs(weights.spam_penalty)),
    )
    total = sum(f.value * f.weight for f in factors)
    return Priority(score=int(round(max(0.0, min(100.0, total)))), factors=factors)


def _same(a: Priority, b: Priority) -> bool:
    """Equal, and every number of the same type and text (1 == 1.0 and 0.0 == -0.0 are not enough)."""
    return a.score == b.score and [tuple(map(repr, f)) for f in a.factors] == [tuple(map(repr, f)) for f in b.factors]


EDGES = [0.0, -0.0, 1.0, -1.0, 0, 1, 0.5, 0.99995, 0.00005, 1.5, -0.3, 1e-9, math.nan, math.inf, -math.inf]


@pytest.mark.parametrize(
    "weights",
    [
        PriorityWeights(),
        PriorityWeights(complaint=0.0, spam_penalty=0.0, reach=-3.5, waiting=1e9),
        PriorityWeights(complaint=math.nan, escalation=math.inf),
    ],
)
def test_priority_of_matches_the_plain_score(weights: PriorityWeights) -> None:
    rnd = random.Random(7)
    values = EDGES + [rnd.uniform(-1.5, 1.5) for _ in range(40)] + [round(rnd.random(), 4) for _ in range(40)]
    for _ in range(4000):
        sig = PrioritySignals(
            complaint_score=rnd.choice(values),
            sentiment=rnd.choice(values),
            escalation=rnd.random() < 0.5,
            reach=rnd.choice(values),
            customer_value=rnd.choice(values),
            waiting=rnd.choice(values),
            spam=rnd.random() < 0.5,
        )
        plain = _score_priority_plain(sig, weights)
        assert _same(score_priority(sig, weights), plain), sig
        fast = priority_of(
            sig.complaint_score, sig.sentiment, sig.escalation, sig.reach, sig.customer_value, sig.waiting, sig.spam, weights
        )
        assert _same(fast, plain), sig
        assert all(type(f) is Factor for f in fast.factors)


def test_reach_of_is_influences_reach() -> None:
    for followers, verified, engagement in itertools.product(
        [None, -5, 0, 1, 9, 999, 1000, 123456, 10**6, 10**9], [False, True], [-3, 0, 1, 50, 10**7]
    ):
        assert repr(reach_of(followers, verified, engagement)) == repr(influence(followers, verified, engagement).reach)


def test_language_code_is_languages_code() -> None:
    for text in _texts():
        for default in (None, "en", "de"):
            assert language_code(text, default) == language(text, default).code, text


def test_consonant_run_ascii_matches_the_pattern() -> None:
    rnd = random.Random(3)
    texts = [t.lower() for t in _texts() if t.isascii()]
    alphabet = "abcdeiouyzxq .!\n\t1"
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(5000)]
    for text in texts:
        assert _consonant_run_ascii(text.encode("ascii")) == (_CONSONANT_RUN.search(text) is not None), text


@pytest.mark.parametrize(
    "line",
    [
        '{"id": 1, "text": "hi"}',
        '\ufeff{"id": 1, "text": "hi"}',
        '{"id": 1, "text": "hi"',
        "[1, 2]",
        "",
        "nul",
        '{"id": 1, "text": "hi"} x',
    ],
)
def test_parse_line_reads_and_refuses_as_json_loads_does(line: str) -> None:
    try:
        json.loads(line)
    except json.JSONDecodeError as exc:
        with pytest.raises(ValueError) as caught:
            parse_line(line)
        assert str(caught.value) == f"not valid JSON: {exc.msg} (column {exc.colno})"
        return
    try:
        parse_line(line)
    except ValueError as exc:
        assert "JSON" not in str(exc) or "object" in str(exc)


def _factors_json_plain(factors: list[Factor]) -> str:
    return json.dumps([f.as_dict() for f in factors], ensure_ascii=False)


@pytest.mark.parametrize(
    "numbers",
    [
        [0.5, 30.0, 0.0, -40.0, 1.0, 15],
        [0, 1, -0.0, 0.0, True, False],
        [math.nan, math.inf, -math.inf, 1e-7, 1e22, 123456789012345678901234567890],
    ],
)
def test_factors_json_is_what_the_encoder_writes(numbers: list[float]) -> None:
    from calmdesk.cli.triage_cmd import _factors_json

    factors = [Factor(f"f{i}", a, b) for i, (a, b) in enumerate(itertools.permutations(numbers, 2))]
    assert _factors_json(factors) == _factors_json_plain(factors)
