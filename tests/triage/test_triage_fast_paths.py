"""The fast paths of triage give the same answers as the plain code they stand in for."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from calmdesk.triage import escalation as esc_mod
from calmdesk.triage import legitimacy as legit_mod
from calmdesk.triage import offensive as off_mod
from calmdesk.triage import scams_world as scams_mod
from calmdesk.triage.complaint import ModelFileError, char_hashes, default_model, load_model
from calmdesk.triage.exposure_world import exposure, phishing
from calmdesk.triage.harm_world import harm
from calmdesk.triage.language import language
from calmdesk.triage.legitimacy import BurstDetector
from calmdesk.triage.prefilter import Prefiltered, fold, required_literals
from calmdesk.triage.sentiment import sentiment, sentiments

SIGNALS = Path(__file__).parents[2] / "bench" / "data" / "triage_signals.jsonl"


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in SIGNALS.read_text(encoding="utf-8").splitlines() if line]
    extra = [
        "I will SUE you, see you in court",
        "\u017fue you all",  # long s: re.IGNORECASE matches it to "s"
        "THE CHARGER CAUGHT FIRE",
        "writing a piece for the BBC about your refunds",
        "shut the f*** up you useless clowns",
        "",
        "a",
    ]
    return texts + extra + [t.upper() for t in texts] + [t.title() for t in texts]


PATTERNS = [
    *(esc_mod.whole_pattern(r) for r in esc_mod.REASONS),
    legit_mod._GET_RICH,
    legit_mod._FOLLOWERS,
    legit_mod._PROMO,
    off_mod._THREATS,
    off_mod._AIMED_INSULT,
    off_mod._WORDS,
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:20])
def test_prefilter_never_skips_a_match(pattern: re.Pattern[str]) -> None:
    checked = Prefiltered(pattern, 6)
    assert checked.keys, "the pattern should yield a pre-check"
    for text in _texts():
        want = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in checked.finditer(text, fold(text))] == want, text


SCAM_CHECKS = [v for k, v in vars(scams_mod).items() if isinstance(v, Prefiltered)]


@pytest.mark.parametrize("checked", SCAM_CHECKS, ids=lambda c: c.pattern.pattern[:20])
def test_scam_pre_checks_never_skip_a_match(checked: Prefiltered) -> None:
    assert checked.keys, "the pattern should yield a pre-check"
    for text in _texts():
        want = checked.pattern.search(text)
        got = checked.search(text, fold(text))
        assert (got and got.span()) == (want and want.span()), text


def test_required_literals_multiply_out_small_alternations() -> None:
    assert required_literals(re.compile(r"\bab(c|d)e\b")) == ("abce", "abde")
    assert required_literals(re.compile(r"(?:for|with) (?:the )?press", re.I)) == (
        "for press",
        "for the press",
        "with press",
        "with the press",
    )
    assert required_literals(re.compile(r"\w+ing")) == ("ing",)
    assert required_literals(re.compile(r"(a|\d+)")) is None


def _safety_beyond_rat_insults(text: str) -> bool:
    return any(not esc_mod._rat_insult(text, m) for m in esc_mod.whole_pattern("safety").finditer(text))


def test_signals_agree_with_their_regexes() -> None:
    for text in _texts():
        spans = sorted(
            {m.span(1) for m in off_mod._WORDS.finditer(text)}
            | {m.span() for m in off_mod._THREATS.finditer(text)}
            | {m.span() for m in off_mod._AIMED_INSULT.finditer(text)}
        )
        # a homograph ("retard", French for a delay) is dropped on purpose in its own language
        code = language(text).code
        spans = [(a, b) for a, b in spans if off_mod._HOMOGRAPHS.get(text[a:b].lower()) != code]
        # so is "retard" after an article, a name one calls oneself, an interjection aimed at nobody
        spans = off_mod._aimed_at_someone(text, [(a, b) for a, b in spans if not off_mod._delay(text, a, b)])
        got = off_mod.offensive(text)
        assert set(spans) <= set(got.terms), text
        seen = esc_mod._HANDLE.sub(esc_mod._blank_handle, text)  # escalation reads the post without handles
        # a legal match still has to survive the let-offs (jokes, lawyers in the family, questions)
        reasons = tuple(
            r
            for r in esc_mod.REASONS
            if (
                esc_mod.whole_pattern(r).search(seen)
                and (r != "legal" or esc_mod._real_legal(seen))
                # a journalist who is a relative or writes privately is let off (train20 round)
                and (r != "press" or esc_mod._real_press(seen, esc_mod.whole_pattern(r).search(seen)))
                # a rat with an insult's adjective is a person, not a pest
                and (r != "safety" or _safety_beyond_rat_insults(seen))
                # a phishing text is no breach, whatever it says
                and (r != "data_breach" or not phishing(seen))
            )
            # safety also holds harm told in other words (harm_world), here without its pre-checks
            or (r == "safety" and harm(seen, seen.lower(), gated=False))
            # data_breach also holds exposure told without the word (exposure_world), likewise
            or (r == "data_breach" and not esc_mod.whole_pattern(r).search(seen) and exposure(seen, seen.lower(), gated=False))
        )
        assert esc_mod.escalation(text).reasons == reasons, text


def test_sentiment_cache_gives_the_uncached_scores() -> None:
    texts = [
        "@acme order 123456 still not here, awful",
        "@acme order 987654 still not here, awful",
        "@acme love it <3 143",
        "@acme order 123456 still not here, awful",
    ]
    assert sentiments(texts) == [sentiment(t) for t in texts]


def test_burst_window_forgets_authors_as_posts_expire() -> None:
    from datetime import UTC, datetime, timedelta

    t0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    text = "@acme this product gave my family food poisoning, avoid it"
    d = BurstDetector()
    assert not d.add(text, "a", t0)
    assert not d.add(text, "a", t0 + timedelta(minutes=1))  # same author twice is not a burst
    assert not d.add(text, "b", t0 + timedelta(minutes=2))
    assert d.add(text, "c", t0 + timedelta(minutes=3))
    assert d.members(text) == 3
    assert not d.add(text, "d", t0 + timedelta(hours=2))  # the earlier three left the window
    assert d.members(text) == 1


def test_char_hashes_stay_inside_each_text_and_ignore_batch_position() -> None:
    doc, bucket = char_hashes(["ab", "cd"], 20, (2, 2))
    assert doc.tolist() == [0, 1] and len(set(bucket.tolist())) == 2
    alone = char_hashes(["my parcel  is late"], 20, (2, 5))[1]  # whitespace runs count as one space
    doc2, both2 = char_hashes(["x", "my parcel is late"], 20, (2, 5))
    assert sorted(both2[doc2 == 1].tolist()) == sorted(alone.tolist())


def test_model_scores_do_not_depend_on_the_batch() -> None:
    model = default_model()
    texts = ["@united my bag is still missing after 3 days", "thanks @nike love the new shoes", "ok"]
    together = model.scores(texts)
    one_by_one = np.array([model.scores([t])[0] for t in texts])
    assert np.allclose(together, one_by_one)
    assert model.scores([]).shape == (0,)


def test_old_model_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    old = tmp_path / "old.npz"
    np.savez(old, format_version=np.array([1]), word_vocab=np.array(["a"]))
    with pytest.raises(ModelFileError, match="format version 1"):
        load_model(old)


def test_language_falls_back_to_script_then_brand_language() -> None:
    assert language("@acme fml", default="en").code == "en"
    assert language("@acme fml").code == "und"
    assert language("12345 !!!", default="en").code == "und"
    assert language("Спасибо за помощь").code == "ru"
    assert language("ありがとうございます").code == "ja"
    assert language("@acme ¿dónde?").code == "es"
    assert language("warum ist meine Bestellung noch nicht da", default="en").code == "de"


def test_word_families_find_what_their_whole_pattern_finds() -> None:
    """`WordFamily.finditer` finds its matches part by part; they must be the whole alternation's
    matches (same spans, same text) on every post (the labelled posts, upper-cased and title-cased too)."""
    from calmdesk.triage import exposure_world, harm_world
    from calmdesk.triage.prefilter import WordFamily

    families = [
        v for mod in (harm_world, exposure_world) for v in vars(mod).values() if isinstance(v, WordFamily)
    ]
    assert len(families) == 6
    posts = _texts()
    matched = 0
    for text in posts:
        for family in families:
            got = [(m.span(), m.group()) for m in family.finditer(text, fold(text))]
            want = [(m.span(), m.group()) for m in family.pattern.finditer(text)]
            assert got == want, text
            matched += bool(want)
    assert matched > 100  # the comparison saw matches, not only empty lists
