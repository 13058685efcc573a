"""The fast paths of triage (text cache, worker processes) give exactly what the plain loop gives.

The reference below is the pipeline as it was before those paths: every signal called once
per mention, in order, no cache, one process. It calls the same signal functions, so a rule
change moves both sides; only a difference the speed-ups introduce can fail here. Input:
the real tweets of the development set (when present), the bench's templated posts and the
labelled signal posts of bench/data, each serialised the way `calmdesk triage` prints them.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from calmdesk.cli.main import app
from calmdesk.domain.priority import PrioritySignals, score_priority
from calmdesk.domain.public_text import TRIAGE_MAX_CHARS, storable, triage_prefix
from calmdesk.triage.escalation import REASONS, escalation
from calmdesk.triage.influence import influence
from calmdesk.triage.language import language
from calmdesk.triage.legitimacy import AccountInfo, legitimacy
from calmdesk.triage.offensive import offensive
from calmdesk.triage.pii import find_pii, redact
from calmdesk.triage.pipeline import Triage, TriageInput, TriageResult, _content_spam
from calmdesk.triage.prefilter import fold
from calmdesk.triage.sentiment import sentiments

ROOT = Path(__file__).resolve().parents[2]
TWEETS = Path("/work/shared/datasets/complaints-dev.csv")
sys.path.insert(0, str(ROOT / "bench"))
from triage_throughput import PARTS, generate  # noqa: E402


def _reference(engine: Triage, items: Sequence[TriageInput]) -> list[TriageResult]:
    """The per-mention loop the pipeline ran before the cache: the oracle for the fast paths."""
    texts = [storable(triage_prefix(it.text)) for it in items]
    senti = sentiments(texts)
    lowers = [t.lower() for t in texts]
    folded = [x if x.isascii() else fold(t) for t, x in zip(texts, lowers, strict=True)]
    scores = engine.model.scores(texts, senti, lowers)
    assert engine.second is not None
    learned = engine.second.flags(lowers)
    in_burst = [engine.burst.add(t, it.author.handle or "?", it.created_at) for t, it in zip(texts, items, strict=True)]
    in_burst = [b or engine.burst.members(t) >= engine.burst.min_authors for b, t in zip(in_burst, texts, strict=True)]
    out = []
    for it, text, s, score, burst, fx, opinion in zip(items, texts, senti, scores, in_burst, folded, learned, strict=True):
        spans = tuple(find_pii(text))
        legit = legitimacy(
            text, it.author, it.created_at, known_customer=it.known_customer, in_burst=burst, folded=fx
        )
        reasons = escalation(text, fx).reasons
        spam = legit.spam
        if opinion:
            reasons = tuple(r for r in REASONS if r in reasons or r in opinion)
            spam = spam or ("spam" in opinion and not legit.known_customer)
        infl = influence(it.author.followers, it.author.verified, it.engagement, it.earlier_cases)
        cscore = round(float(score), 4)
        prio = score_priority(
            PrioritySignals(
                complaint_score=cscore,
                sentiment=s.compound,
                escalation=bool(reasons),
                reach=infl.reach,
                customer_value=it.customer_value,
                spam=spam,
            ),
            engine.weights,
        )
        out.append(
            TriageResult(
                language=language(text, engine.default_language).code,
                is_complaint=cscore >= engine.threshold
                and not ((legit.spam and _content_spam(legit.reasons)) or (spam and not legit.spam)),
                complaint_score=cscore,
                sentiment=round(s.compound, 4),
                offensive=offensive(text, fx).offensive or "offensive" in opinion,
                pii=spans,
                redacted_text=redact(text, list(spans)) if spans else it.text,
                spam=spam,
                legitimacy=legit.score if spam == legit.spam else min(legit.score, 0.1),
                legitimacy_reasons=legit.reasons + (("learned_spam",) if spam and not legit.spam else ()),
                known_customer=legit.known_customer,
                escalation=reasons,
                topic=engine.topics.topic(text),
                reach=infl.reach,
                priority=prio.score,
                factors=prio.factors,
                triaged_chars=TRIAGE_MAX_CHARS if len(it.text) > TRIAGE_MAX_CHARS else None,
            )
        )
    return out


def _corpus() -> list[str]:
    """Real tweets (a sample), templated posts and labelled signal posts, with repeats."""
    texts: list[str] = []
    if TWEETS.exists():
        with TWEETS.open(encoding="utf-8", newline="") as fh:
            texts += [r["text"] for r in csv.DictReader(fh)][:1500]
    with (ROOT / "tests/fixtures/twcs/twcs_sample.csv").open(encoding="utf-8", newline="") as fh:
        texts += [r["text"] for r in csv.DictReader(fh)]
    texts += [json.loads(x)["text"] for x in (ROOT / "bench/data/triage_signals.jsonl").read_text("utf-8").splitlines() if x.strip()]
    rnd = random.Random(3)
    texts += [p.format(n=rnd.randint(2, 30), o=rnd.randint(100000, 999999), city="Leeds", card="4111 1111 1111 1111") for p in PARTS * 30]
    texts += ["x" * (TRIAGE_MAX_CHARS + 50) + " my card 4111 1111 1111 1111", "@acme \ud800 broken"]
    # Repeats (retweets, bursts from several authors) so the cache and the burst window both work.
    return texts + rnd.sample(texts, 400)


def _items(texts: list[str]) -> list[TriageInput]:
    t0 = datetime(2024, 5, 1, tzinfo=UTC)
    return [
        TriageInput(
            text=t,
            author=AccountInfo(handle=f"u{i % 97}", followers=(i * 37) % 50000, verified=i % 11 == 0),
            created_at=t0 + timedelta(seconds=20 * i),
            known_customer=i % 13 == 0,
            engagement=i % 7,
        )
        for i, t in enumerate(texts)
    ]


def _dicts(results: list[TriageResult]) -> list[dict[str, Any]]:
    return [r.as_dict() | {"redacted_text": r.redacted_text} for r in results]


def test_cached_pipeline_matches_the_plain_loop() -> None:
    items = _items(_corpus())
    reference = Triage()
    expected: list[dict[str, Any]] = []
    # The same batches on both sides: the burst window asks again at the end of each batch.
    for i in range(0, len(items), 500):
        expected += _dicts(_reference(reference, items[i : i + 500]))
    # Batches of 500 with a small cache: hits within a batch, across batches, and evictions.
    engine = Triage(cache_size=300)
    got: list[dict[str, Any]] = []
    for i in range(0, len(items), 500):
        got += _dicts(engine.run(items[i : i + 500]))
    assert len(got) == len(expected)
    diff = [(i, a, b) for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b]
    assert not diff, diff[:3]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_workers_print_what_one_process_prints(tmp_path: Path, workers: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import calmdesk.cli.triage_cmd as cmd

    monkeypatch.setattr(cmd, "BATCH", 300)  # several batches, so the pool is used
    src = tmp_path / "in.jsonl"
    generate(src, 1200, "tweets" if TWEETS.exists() else "templates", seed=5)
    # A burst across batch boundaries: the same post from many authors within minutes.
    with src.open("a", encoding="utf-8") as fh:
        for i in range(700):
            fh.write(json.dumps({"id": f"b{i}", "text": "@acme the app deleted all my saved photos again today",
                                 "created_at": f"2024-05-01T01:{i % 60:02d}:00Z", "author": {"handle": f"h{i % 9}"}}) + "\n")
    lines = [json.loads(x) for x in src.read_text("utf-8").splitlines()]
    items = [
        TriageInput(
            text=r["text"],
            author=AccountInfo(handle=r["author"]["handle"], followers=r["author"].get("followers"), verified=bool(r["author"].get("verified"))),
            created_at=datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")),
            platform=r.get("platform"),
        )
        for r in lines
    ]
    engine = Triage()
    expected = []
    for i in range(0, len(items), 300):
        expected += _reference(engine, items[i : i + 300])
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["triage", "--input", str(src), "--output", str(out), "--workers", workers,
                                   "--complaint-model", "default"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == [r["id"] for r in lines]
    for row, ref in zip(rows, expected, strict=True):
        want = {k: v for k, v in ref.as_dict().items() if k in row}
        assert {k: v for k, v in row.items() if k != "id"} == want
    assert any(r["escalation"] or r["spam"] for r in rows)


def test_every_prefiltered_pattern_finds_what_its_regex_finds() -> None:
    """The literal check behind each key (and one-character keys like "🔞") never skips a match."""
    import re

    from calmdesk.triage import escalation as esc_mod
    from calmdesk.triage import legitimacy as legit_mod
    from calmdesk.triage import offensive as off_mod
    from calmdesk.triage.prefilter import (
        AlternativesPrefiltered,
        Prefiltered,
        required_literals,
        top_alternatives,
    )

    checked = [
        *(p for v in esc_mod._CHECKED.values() for p in (v if isinstance(v, tuple) else (v,))),
        *(v for m in (legit_mod, off_mod) for v in vars(m).values() if isinstance(v, Prefiltered)),
    ]
    assert legit_mod._SCAM_CHECKED in checked and legit_mod._SCAM_CHECKED.keys, "the scam pattern has a pre-check"
    texts = _corpus()
    texts += [t.upper() for t in texts[-600:]] + ["my 🔞 pics in bio", "\u017fue you", "I\u0307njured"]
    split = [p for p in checked if isinstance(p, AlternativesPrefiltered)]
    assert len(split) >= 10 and all(p.alternatives for p in split), "the big patterns run alternative by alternative"
    for p in checked:
        for text in texts:
            want = [m.span() for m in p.pattern.finditer(text)]
            assert [m.span() for m in p.finditer(text, fold(text))] == want, (p.pattern.pattern[:40], text)
            # `search` too: the split patterns answer it alternative by alternative
            first, got = p.pattern.search(text), p.search(text, fold(text))
            assert (got and (got.span(), got.groups())) == (first and (first.span(), first.groups())), text
    assert required_literals(re.compile("(?:abc|🔞)")) == ("abc", "🔞")
    assert required_literals(re.compile("(?:abc|x)")) is None
    # the split reads brackets, escapes and nesting; any other shape is not split
    assert top_alternatives(re.compile(r"\b(a[|)]b|c\|d|(?:e|f)g)")) == ("\\b(?:", ")", ["a[|)]b", "c\\|d", "(?:e|f)g"])
    assert top_alternatives(re.compile(r"\b(?:ab|cd)ef")) is None
    assert top_alternatives(re.compile(r"\b(ab|(c)\2)")) is None
    odd = AlternativesPrefiltered(re.compile(r"\b(fire hazard|hazard|lawsuit|law)", re.I))
    for text in ("a LAWSUIT and a fire hazard", "hazard then law", "no match here", "fire hazardous law"):
        got, want = odd.search(text, fold(text)), odd.pattern.search(text)
        assert (got and (got.span(), got.group(1))) == (want and (want.span(), want.group(1))), text


def test_link_hint_never_skips_a_link() -> None:
    """`_URL_HINT` is what every `_URL` match holds, so skipping `_URL` without it is exact."""
    from calmdesk.triage import legitimacy as legit_mod

    texts = _corpus()
    texts += [t.upper() for t in texts] + ["KELVIN.\u212aOM deal", "x.\u017fite", "see http://x", "www.1", "a.b.c"]
    for text in texts:
        assert legit_mod._urls(text) == legit_mod._URL.findall(text), text


def test_world_id_words_are_found_word_by_word_where_the_whole_pattern_finds_them() -> None:
    """`national_ids_world._labelled` runs the words one by one: same matches, groups and spans
    as `WORLD_LABELLED.finditer` (upper-cased and title-cased posts too)."""
    from calmdesk.triage import national_ids_world as world
    from calmdesk.triage.prefilter import fold

    texts = _corpus()
    texts += [t.upper() for t in texts] + [t.title() for t in texts]
    matched = 0
    for t in texts:
        whole = [(m.span(), m.groupdict()) for m in world.WORLD_LABELLED.finditer(t)]
        assert [(m.span(), m.groupdict()) for m in world._labelled(t, fold(t))] == whole, t
        matched += bool(whole)
    assert matched >= 300, "the corpus holds posts with an id word"


def _legit_texts() -> list[str]:
    """Tweets, the twcs sample and the labelled posts outside the blind splits, with their upper-case,
    leet and spelled-out-link variants, and short random strings of the characters the fast paths
    treat apart (a failure names the text's index, not the text)."""
    texts: list[str] = []
    if TWEETS.exists():
        with TWEETS.open(encoding="utf-8", newline="") as fh:
            texts += [r["text"] for r in csv.DictReader(fh)]
    with (ROOT / "tests/fixtures/twcs/twcs_sample.csv").open(encoding="utf-8", newline="") as fh:
        texts += [r["text"] for r in csv.DictReader(fh)]
    for line in (ROOT / "bench/data/triage_signals.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line) if line.strip() else None
        if record and not str(record.get("split") or "").startswith("test"):
            texts.append(record["text"])
    texts += [t.upper() for t in texts[:3000]] + [t.replace("o", "0").replace("e", "3") for t in texts[:3000]]
    texts += [t.replace(".", " . ") for t in texts[:1500]] + [t.replace(".", " dot ") for t in texts[:1500]]
    rnd = random.Random(5)
    alphabet = [*"wW.:/()[]{} \t\n\x1c\u00a0@#$_-!0137aeksthpxyz", "\u212a", "\u017f", "\u0130", "\u0660", "²", "com", "it", "dot", "https://"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24))) for _ in range(30000)]
    return texts


def test_legitimacy_fast_paths_match_the_plain_patterns() -> None:
    """The hints and rewrites of `legitimacy` (leet, spelled-out links, link words, handles,
    gibberish, burst signatures) give what the plain patterns give."""
    import re

    from calmdesk.triage import legitimacy as L
    from calmdesk.triage.prefilter import fold

    mention = re.compile(r"(?<!\w)@\w+")
    url_hint = re.compile(r"://|www\.|\.[a-z]", re.I)

    def gibberish(text: str) -> bool:  # `_gibberish` as first written
        lower = text.lower()
        letters = re.sub(r"[^a-z]+", "", lower)
        if len(letters) < 12:
            return False
        vowels = sum(c in "aeiouy" for c in letters)
        if vowels / len(letters) >= 0.3 and not L._CONSONANT_RUN.search(lower):
            return False
        words = [w for w in re.findall(r"[a-z]+", mention.sub(" ", L._URL.sub(" ", lower))) if len(w) >= 4]
        if len(words) < 3:
            return False
        odd = 0
        for w in words:
            vowels = sum(c in "aeiouy" for c in w)
            bad = vowels == 0 or vowels / len(w) < 0.2 or re.search(r"[^aeiouy]{5,}", w) or re.search(r"(.)\1\1", w)
            if bad or L._KEYBOARD_MASH.search(w):
                odd += 1
        return odd / len(words) >= 0.6

    def signature(text: str) -> str | None:
        words = L._NORMALIZE_DROP.sub(" ", text.lower()).split()
        return " ".join(words) if len(words) >= 6 else None

    for i, text in enumerate(_legit_texts()):
        assert L._unleet(text) == L._LEET_TOKEN.sub(lambda m: m.group().translate(L._LEET_MAP), text), i
        joined = L._SPELLED_DOT.sub(".", L._SPELLED_WWW.sub("www", text))
        assert L._respelled(text, fold(text)) == L._respelled(text) == (joined, joined != text), i
        assert L._urls(text) == L._URL.findall(text), i
        assert bool(L._URL_HINT.search(text)) == bool(url_hint.search(text)), i
        assert L._MENTION.findall(text) == mention.findall(text), i
        assert L._gibberish(text) == gibberish(text), i
        assert L.burst_signature(text) == signature(text), i


def test_shared_word_gates_answer_as_their_own_automaton() -> None:
    """`AnyOf.in_post` (the shared index's answer, confirmed where `fold` and `lower` differ) is
    `found_in(lower)` for every shared gate, on the corpus and on the characters `fold` maps."""
    import gc

    from calmdesk.triage.prefilter import AnyOf, fold

    gates = [g for g in gc.get_objects() if isinstance(g, AnyOf) and g._bit]
    assert len(gates) >= 10, "the pii, credentials, offensive and world-id gates are shared"
    texts = _corpus()
    texts += [t.upper() for t in texts[-800:]]
    texts += ["Paſſword: x", "ſifre", "\u212aimlik no 1", "kımlık", "İd card", "PAS\u0130PORT", "şifrem 1234"]
    for i, t in enumerate(texts):
        lower, folded = t.lower(), fold(t)
        for g in gates:
            assert g.in_post(lower, folded) == g.found_in(lower), (i, g.words[:3])


def _pii_texts() -> list[str]:
    """`_corpus()`, its upper-case copies, and random strings of digits, letters and the separators
    the pii gates look at (a failure names the text's index, not the text)."""
    texts = _corpus()
    texts += [t.upper() for t in texts]
    rnd = random.Random(11)
    alphabet = [*"0123456789" * 6, *"ABCDEGHMSTXZaehmstxz", *" .-/()[]+" * 2, "\t", "\u0660", "\u212a", "\u017f"]
    words = ["tel ", "call me ", "cpf ", "ssn ", "my id ", " is my BSN", "DE", "GB", "756.", "784-", "order ", "(ref 123456)"]
    for _ in range(6000):
        parts = [rnd.choice(alphabet) if rnd.random() < 0.92 else rnd.choice(words) for _ in range(rnd.randint(0, 40))]
        texts.append("".join(parts))
    # digit groups with separators between them ("(555) 123-4567", "+44 7700 900123", "12.345.678-5")
    seps = ["", " ", "-", ".", "/", ") ", "(", " (", "+", "  ", "-A", "X"]
    for _ in range(6000):
        groups = ["".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 6))) for _ in range(rnd.randint(1, 6))]
        body = "".join(g + rnd.choice(seps) for g in groups)
        texts.append(rnd.choice(words) + rnd.choice(["", "(", "+", "DE", "ST"]) + body + rnd.choice(["", " ", ")", "A", ".", " (ref 123456)"]))
    return texts


def test_pii_gates_and_rewrites_match_the_plain_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each gate of `find_pii` is a necessary condition of the matches it guards, the rewritten
    `_VALUE_BEFORE` finds what the pattern as first written finds, the digit count is the regex's,
    and `find_pii` with every gate open and the plain patterns gives the same spans."""
    import re

    from calmdesk.triage import national_ids as N
    from calmdesk.triage import national_ids_world as W
    from calmdesk.triage import pii as P

    texts = _pii_texts()
    guarded = [
        (P._IBAN_GATE, P._IBAN),
        (P._UK_NINO_GATE, P._UK_NINO),
        (P._UNLABELLED_GATE, N.UNLABELLED),
        (W._WORLD_UNLABELLED_GATE, W.WORLD_UNLABELLED),
    ]
    kept_shapes = [P._CARD, P._SSN, P._CPF, P._PHONE, P._PHONE_BARE]
    hits = 0
    fast = [P.find_pii(t) for t in texts]
    for i, t in enumerate(texts):
        # (each check is a bool first, so a failure shows no part of the text)
        first = P._ANY_DIGIT.search(t)
        count, at = P._digits(t)
        same_count = count == len(P._ANY_DIGIT.findall(t)) and (at == 0 or first is not None and at == first.start())
        assert same_count, i
        for gate, pattern in guarded:
            if pattern.search(t) is not None:
                hits += 1
                gate_passes = gate.search(t) is not None and (gate is W._WORLD_UNLABELLED_GATE or P._ANY_DIGIT_SHAPE.search(t) is not None)
                assert gate_passes, (i, pattern.pattern[:30])
        for pattern in kept_shapes:
            for m in pattern.finditer(t):
                if sum(c.isdigit() for c in m.group()) >= 7:
                    run_passes = P._DIGIT_RUN7.search(m.group()) is not None and P._ANY_DIGIT_SHAPE.search(m.group()) is not None
                    assert run_passes, (i, pattern.pattern[:30])
        same_values = [m.span() for m in N._VALUE_BEFORE.finditer(t)] == [m.span() for m in VALUE_BEFORE_PLAIN.finditer(t)]
        assert same_values, i
        # searched from the first digit, as `find_pii` does
        lower = t.lower()
        same_ids = N.ids_before_word(t, at) == N.ids_before_word(t) and W.world_ids(t, lower, count, None, at) == W.world_ids(t, lower, count)
        assert same_ids, i
    assert hits >= 300, "the texts hold ibans, NINOs and unlabelled ids"

    always = re.compile("")
    for name in ("_ANY_DIGIT_SHAPE", "_IBAN_GATE", "_UK_NINO_GATE", "_UNLABELLED_GATE", "_DIGIT_RUN7"):
        monkeypatch.setattr(P, name, always)
    monkeypatch.setattr(W, "_WORLD_UNLABELLED_GATE", always)
    monkeypatch.setattr(N, "_VALUE_BEFORE", VALUE_BEFORE_PLAIN)
    monkeypatch.setattr(P, "_digits", lambda t: (len(P._ANY_DIGIT.findall(t)), 0))
    found = 0
    for i, t in enumerate(texts):
        plain = P.find_pii(t)
        same_spans = fast[i] == plain
        assert same_spans, i
        found += bool(plain)
    assert found >= 1000, "the texts hold personal data"


#: `national_ids._VALUE_BEFORE` as first written (it now starts with its first character class,
#: which `re` can skip ahead to); the PII test above holds the two equal.
VALUE_BEFORE_PLAIN = re.compile(
    r"(?<![\w.\-/+@#$£€])(?P<v>[A-Z]{0,3}\d(?:\d|[ .\-](?=\d)){4,20}[A-Z]?)(?![A-Za-z0-9_\-/]|[.,]\d)"
)
