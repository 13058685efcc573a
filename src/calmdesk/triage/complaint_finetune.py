"""The fine-tuned complaint model of the `[ml]` extra: MiniLM with its top layers trained, fused with the default model.

Why this shape: the frozen encoder plus a linear head (`complaint_embed.py`) stopped at 0.87
macro-F1 in 10-fold CV; fine-tuning the whole transformer is hours on two CPU cores. The
lower `6 - TOP_LAYERS` layers stay frozen, so their output for each post is computed ONCE
(`lower_states`) and only the top layer(s), a mean-pooling head and a linear layer are
trained from those cached states: one training pass costs about one forward pass of
`TOP_LAYERS` layers, and a 10-fold CV costs about 330 CPU-seconds (`bench/triage_complaint_cv.py --finetune`).

The fine-tuned encoder's logit is then averaged with the default model's SVM margin
(`FUSE_WEIGHT`, both divided by their spread on the training posts): the default model's
character n-grams and lexicon catch what a small transformer misses: in 10-fold CV the
fine-tuned half alone scored 0.8397 macro-F1, the default model 0.8534, the fusion 0.8693.

Files: `models/complaint_finetune.safetensors` holds the trained top layers (under the
encoder's own state-dict names), the head and, as safetensors metadata (strings), the format
version, encoder name, layer count and fusion constants; `models/complaint_finetune.npz` is the
default model fitted in the same run (the default `.npz` layout). Neither is ever unpickled:
safetensors reads raw tensors, the `.npz` is read with `allow_pickle=False`.
`calmdesk train complaint --model finetune` rebuilds both. `--complaint-model finetune` (or
`CALMDESK_COMPLAINT_KIND=finetune`) runs it; `auto` does not take it (see `complaint_embed`).

Torch and transformers are imported only when a model is trained or built for scoring.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from calmdesk.triage.complaint import (
    DEFAULT_C,
    ComplaintModel,
    ModelFileError,
    _sigmoid,
    load_model,
    train_model,
)
from calmdesk.triage.complaint_embed import (
    ENCODER_NAME,
    MAX_TOKENS,
    Encoder,
    _require_extra,
    encoder,
)
from calmdesk.triage.sentiment import Sentiment

FINETUNE_FORMAT_VERSION = 1
DEFAULT_FINETUNE_MODEL_PATH = Path(__file__).parent / "models" / "complaint_finetune.safetensors"
#: Transformer layers trained (the top ones); the rest stay frozen. 1 was chosen on CV folds 0-2 (docs/triage.md).
TOP_LAYERS = 1
EPOCHS = 3
LR = 2e-4
HEAD_LR = 1e-3
WEIGHT_DECAY = 0.01
DROPOUT = 0.1
TRAIN_BATCH = 32
SCORE_BATCH = 64
#: Weight of the fine-tuned logit against the default model's margin (each divided by its
#: spread on the training posts). Chosen in 10-fold CV (docs/triage.md).
FUSE_WEIGHT = 0.5


def companion_path(path: Path) -> Path:
    """The default-model half of a fine-tuned model file (same name, `.npz`)."""
    return path.with_suffix(".npz")


def _ext_mask(mask: Any) -> Any:
    """Additive attention mask (0 for tokens, a large negative for padding), shape (B, 1, 1, T)."""
    import torch

    return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min


def _layers(enc: Encoder) -> Any:
    return enc.model.encoder.layer


def _depth(enc: Encoder) -> int:
    return len(_layers(enc))


@dataclass
class LowerStates:
    """Hidden states after the frozen layers, per post, padded to `MAX_TOKENS`, and their masks."""

    states: Any  # torch.Tensor (N, MAX_TOKENS, hidden) float32
    mask: Any  # torch.Tensor (N, MAX_TOKENS) int64
    lengths: np.ndarray
    frozen: int  # layers run to get `states` (the encoder's depth minus the trained ones)


def lower_states(texts: Sequence[str], top_layers: int = TOP_LAYERS, enc: Encoder | None = None) -> LowerStates:
    """Run the frozen lower layers once over `texts` (length-sorted batches, no gradients).

    Why: only the top layers are trained, so every epoch and every CV fold reuses these.
    """
    import torch

    enc = enc or encoder()
    frozen = _depth(enc) - top_layers
    tok = enc.tokenizer(list(texts), padding="max_length", truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
    lengths = tok["attention_mask"].sum(1).numpy()
    states = torch.zeros((len(texts), MAX_TOKENS, enc.hidden), dtype=torch.float32)
    order = np.argsort(lengths, kind="stable")
    with torch.inference_mode():
        for start in range(0, len(texts), SCORE_BATCH):
            idx = torch.from_numpy(order[start : start + SCORE_BATCH])
            n = int(lengths[idx.numpy()].max())
            batch = {k: v[idx, :n] for k, v in tok.items()}
            hidden = enc.model(**batch, output_hidden_states=True).hidden_states[frozen]
            states[idx, :n] = hidden
    return LowerStates(states=states, mask=tok["attention_mask"].long(), lengths=lengths, frozen=frozen)


def _top_module(enc: Encoder, top_layers: int) -> Any:
    """Trainable copies of the encoder's top layers plus dropout and a 2-way linear head."""
    import torch

    class Top(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = copy.deepcopy(_layers(enc)[_depth(enc) - top_layers :])
            self.drop = torch.nn.Dropout(DROPOUT)
            self.head = torch.nn.Linear(enc.hidden, 2)

        def forward(self, h: Any, mask: Any) -> Any:
            ext = _ext_mask(mask)
            for layer in self.layers:
                out = layer(h, attention_mask=ext)
                h = out[0] if isinstance(out, tuple) else out
            m = mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
            return self.head(self.drop(pooled))

    return Top()


def train_top(lower: LowerStates, idx: np.ndarray, labels: np.ndarray, *, seed: int = 0, enc: Encoder | None = None) -> Any:
    """Fine-tune the top layers and head on the posts `idx` of `lower` (class-balanced cross-entropy).

    AdamW, linear warm-up over 10% of the steps then linear decay; batches are drawn from
    length-sorted chunks so padding stays short. Deterministic for a given seed.
    """
    import torch

    enc = enc or encoder()
    top_layers = _depth(enc) - lower.frozen
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = _top_module(enc, top_layers)
    y = torch.from_numpy(np.asarray(labels, dtype=np.int64))
    yi = np.asarray(labels)[idx]
    pos = max(1, int(yi.sum()))
    neg = max(1, len(idx) - pos)
    weight = torch.tensor([len(idx) / (2 * neg), len(idx) / (2 * pos)], dtype=torch.float32)
    opt = torch.optim.AdamW(
        [{"params": model.layers.parameters(), "lr": LR}, {"params": model.head.parameters(), "lr": HEAD_LR}],
        weight_decay=WEIGHT_DECAY,
    )
    steps = EPOCHS * -(-len(idx) // TRAIN_BATCH)
    warm = max(1.0, 0.1 * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(0.0, 1 - s / steps) * min(1.0, (s + 1) / warm))
    for _ in range(EPOCHS):
        model.train()
        for b in _train_batches(np.asarray(idx), lower.lengths, rng):
            bt = torch.from_numpy(b)
            n = int(lower.lengths[b].max())
            logits = model(lower.states[bt, :n], lower.mask[bt, :n])
            loss = torch.nn.functional.cross_entropy(logits, y[bt], weight=weight)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    return model.eval()


def _train_batches(idx: np.ndarray, lengths: np.ndarray, rng: np.random.Generator) -> list[np.ndarray]:
    idx = rng.permutation(idx)
    chunk = TRAIN_BATCH * 8
    parts = [c[np.argsort(lengths[c], kind="stable")] for c in (idx[i : i + chunk] for i in range(0, len(idx), chunk))]
    flat = np.concatenate(parts) if parts else idx
    batches = [flat[i : i + TRAIN_BATCH] for i in range(0, len(flat), TRAIN_BATCH)]
    return [batches[i] for i in rng.permutation(len(batches))]


def top_logits(top: Any, lower: LowerStates, idx: np.ndarray) -> np.ndarray:
    """Complaint logit (class 1 minus class 0) of the trained top for the posts `idx`."""
    import torch

    idx = np.asarray(idx)
    out = np.zeros(len(idx))
    order = np.argsort(lower.lengths[idx], kind="stable")
    with torch.inference_mode():
        for start in range(0, len(idx), SCORE_BATCH * 2):
            sel = order[start : start + SCORE_BATCH * 2]
            b = torch.from_numpy(idx[sel])
            n = int(lower.lengths[idx[sel]].max())
            o = top(lower.states[b, :n], lower.mask[b, :n])
            out[sel] = (o[:, 1] - o[:, 0]).double().numpy()
    return out


def fuse(ft_logit: np.ndarray, default_margin: np.ndarray, ft_scale: float, default_scale: float) -> np.ndarray:
    """The fused margin, in units of the fine-tuned logit's spread (> 0 means complaint)."""
    return np.asarray(FUSE_WEIGHT * ft_logit / ft_scale + (1 - FUSE_WEIGHT) * default_margin / default_scale)


# --- the shipped model ------------------------------------------------------------------


@dataclass
class FinetuneComplaintModel:
    """Default model + fine-tuned MiniLM (frozen lower layers, trained top layers and head)."""

    base: ComplaintModel
    tensors: dict[str, Any]  # torch tensors: "encoder.layer.N.*" of the top layers, "head.weight", "head.bias"
    top_layers: int
    ft_scale: float
    default_scale: float
    meta: dict[str, str] = field(default_factory=dict)
    _net: Any = field(default=None, repr=False)
    _enc: Encoder | None = field(default=None, repr=False)

    @property
    def kind(self) -> str:
        return "finetune"

    def _build(self) -> tuple[Encoder, Any]:
        """A private copy of the encoder with the trained top layers loaded (once per model)."""
        if self._net is None:
            import torch

            enc = encoder()
            net = copy.deepcopy(enc.model).eval()
            depth = _depth(enc)
            if not 1 <= self.top_layers <= depth:
                raise ModelFileError(f"fine-tuned model trains {self.top_layers} layers, encoder has {depth}")
            layer_keys = {k for k in self.tensors if k.startswith("encoder.layer.")}
            own = net.state_dict()
            expected = {k for k in own if k.startswith("encoder.layer.") and int(k.split(".")[2]) >= depth - self.top_layers}
            if layer_keys != expected:
                raise ModelFileError("fine-tuned model's layer weights do not match the encoder's top layers")
            net.load_state_dict({k: self.tensors[k] for k in layer_keys}, strict=False)
            head = torch.nn.Linear(enc.hidden, 2)
            head.load_state_dict({"weight": self.tensors["head.weight"], "bias": self.tensors["head.bias"]})
            self._net = (net, head.eval())
            self._enc = enc
        assert self._enc is not None
        return self._enc, self._net

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """The fine-tuned encoder's complaint logit per text (length-sorted batches)."""
        import torch

        enc, (net, head) = self._build()
        enc._set_threads()
        out = np.zeros(len(texts))
        order = np.argsort([len(t) for t in texts], kind="stable")
        with torch.inference_mode():
            for start in range(0, len(texts), SCORE_BATCH):
                idx = order[start : start + SCORE_BATCH]
                batch = enc.tokenizer(
                    [texts[i] for i in idx], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
                )
                h = net(**batch).last_hidden_state
                m = batch["attention_mask"].unsqueeze(-1).to(h.dtype)
                o = head((h * m).sum(1) / m.sum(1).clamp(min=1.0))
                out[idx] = (o[:, 1] - o[:, 0]).double().numpy()
        return out

    def scores(
        self,
        texts: Sequence[str],
        sentiments: Sequence[Sentiment] | None = None,
        lowers: Sequence[str] | None = None,
    ) -> np.ndarray:
        """Probability that each text is a complaint: the sigmoid of the fused margin."""
        if not len(texts):
            return np.zeros(0)
        margin = self.base.decision(texts, sentiments, lowers)
        return _sigmoid(fuse(self.logits(texts), margin, self.ft_scale, self.default_scale))

    def save(self, path: Path) -> None:
        from safetensors.torch import save_file

        meta = {
            **self.meta,
            "finetune_format_version": str(FINETUNE_FORMAT_VERSION),
            "encoder": ENCODER_NAME,
            "top_layers": str(self.top_layers),
            "ft_scale": repr(self.ft_scale),
            "default_scale": repr(self.default_scale),
            "fuse_weight": repr(FUSE_WEIGHT),
        }
        save_file({k: v.contiguous() for k, v in self.tensors.items()}, str(path), metadata=meta)
        self.base.save(companion_path(path))


def load_finetune_model(path: Path | str) -> FinetuneComplaintModel:
    """Load a fine-tuned model file and its `.npz` half; needs safetensors and torch (the extra)."""
    _require_extra()
    from safetensors import safe_open

    path = Path(path)
    try:
        with safe_open(str(path), framework="pt") as fh:
            meta = dict(fh.metadata() or {})
            tensors = {k: fh.get_tensor(k) for k in fh.keys()}  # noqa: SIM118 (safe_open has no __iter__)
    except OSError:
        raise
    except Exception as exc:  # safetensors raises its own error type for a damaged header
        raise ModelFileError(f"{path}: not a safetensors file: {exc}") from exc
    version = meta.get("finetune_format_version")
    if version != str(FINETUNE_FORMAT_VERSION):
        raise ModelFileError(
            f"{path}: fine-tuned format version {version}, expected {FINETUNE_FORMAT_VERSION}; "
            "retrain with `calmdesk train complaint --model finetune`"
        )
    if meta.get("encoder") != ENCODER_NAME:
        raise ModelFileError(f"{path}: trained on encoder {meta.get('encoder')!r}, this version has {ENCODER_NAME!r}")
    if not {"head.weight", "head.bias"} <= set(tensors):
        raise ModelFileError(f"{path}: no classification head")
    base = load_model(companion_path(path))
    return FinetuneComplaintModel(
        base=base,
        tensors=tensors,
        top_layers=int(meta["top_layers"]),
        ft_scale=float(meta["ft_scale"]),
        default_scale=float(meta["default_scale"]),
        meta={k: v for k, v in meta.items() if k not in ("ft_scale", "default_scale")},
    )


def fit_fold(
    texts: Sequence[str],
    labels: Sequence[bool | int],
    lower: LowerStates,
    train_idx: np.ndarray,
    *,
    c: float = DEFAULT_C,
    seed: int = 0,
    calibrate: bool = True,
    source: str = "",
) -> tuple[ComplaintModel, Any, float, float]:
    """Default model + fine-tuned top on the posts `train_idx`; and the two spreads `fuse` divides by.

    The spreads are the standard deviations of each half's margin on its own training posts,
    so the fused weight means the same thing whatever the scale of the SVM and the logit.
    """
    y = np.asarray([int(v) for v in labels])
    tr_texts = [texts[i] for i in train_idx]
    base = train_model(tr_texts, y[train_idx].tolist(), c=c, source=source, calibrate=calibrate)
    top = train_top(lower, train_idx, y, seed=seed)
    ft_scale = float(np.std(top_logits(top, lower, train_idx))) or 1.0
    default_scale = float(np.std(base.decision(tr_texts))) or 1.0
    return base, top, ft_scale, default_scale


def train_finetune_model(
    texts: Sequence[str], labels: Sequence[bool | int], *, c: float = DEFAULT_C, source: str = ""
) -> FinetuneComplaintModel:
    """Fit on every post: encode the lower layers once, train the default model and the top."""
    enc = encoder()
    lower = lower_states(texts, TOP_LAYERS, enc)
    base, top, ft_scale, default_scale = fit_fold(texts, labels, lower, np.arange(len(texts)), c=c, source=source)
    depth = _depth(enc)
    tensors: dict[str, Any] = {}
    for i, layer in enumerate(top.layers):
        for k, v in layer.state_dict().items():
            tensors[f"encoder.layer.{depth - TOP_LAYERS + i}.{k}"] = v.detach().clone()
    tensors["head.weight"] = top.head.weight.detach().clone()
    tensors["head.bias"] = top.head.bias.detach().clone()
    meta = {
        "source": source,
        "epochs": str(EPOCHS),
        "lr": repr(LR),
        "encoder_version": enc.name,
        "threads": str(os.environ.get("CALMDESK_ENCODER_THREADS", "")),
    }
    return FinetuneComplaintModel(
        base=base, tensors=tensors, top_layers=TOP_LAYERS, ft_scale=ft_scale, default_scale=default_scale, meta=meta
    )
