"""The serving encoder: the sentence-transformers model exported once to ONNX, run on onnxruntime.

Ingest exports the model (transformer, mean pooling and normalisation in one
graph) into the index folder and quantises it to int8; the service then
encodes queries with onnxruntime and the `tokenizers` library, and never
imports torch. Notes from measuring this on the target machine:

* `torch.onnx.export(..., dynamo=False, opset_version=17)` with dynamic batch
  and sequence axes matches the torch embeddings to cosine 1.0000;
* exported from transformers' "eager" attention (not the default "sdpa"), the
  graph is one onnxruntime's transformer optimizer recognises: it fuses each
  layer's attention, skip connections and layer norms into single operators,
  350 nodes become 62, and a lone query on two threads encodes in 3.8 ms
  instead of 5.1 (each node is a join of the threads); on one thread the two
  graphs are as fast;
* dynamic int8 quantisation needs `per_channel=True` to stay at cosine >= 0.99;
* the bundled tokenizer.json pads every input to 128 tokens: padding is reset
  here to the longest input of each batch.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ingest.embed import ModelSpec

ENCODERS = ("onnx", "onnx-int8", "torch")
log = logging.getLogger(__name__)

ENCODER_DIR = "encoder"
FLOAT_MODEL = "model.onnx"
INT8_MODEL = "model.int8.onnx"
TOKENIZER = "tokenizer.json"
CONFIG = "encoder.json"
EXPORT_VERSION = 2  # 2: attention fused; an export of another version is made again, not reused


def export_onnx(model, spec: ModelSpec, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """Write model.onnx, model.int8.onnx, tokenizer.json and encoder.json into `folder`.

    `model` is the loaded SentenceTransformer (ingest has it already).
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder.mkdir(parents=True, exist_ok=True)
    transformer = model[0].auto_model.eval()
    attention = transformer.config._attn_implementation
    normalize = any(type(m).__name__ == "Normalize" for m in model)
    max_length = int(model.max_seq_length)

    class Pooled(torch.nn.Module):
        """Mean pooling over real tokens, then L2 normalisation: what the sentence-transformers stack does."""

        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1) if normalize else pooled

    example = model.tokenizer(["an example sentence", "another"], padding=True, return_tensors="pt")
    inputs = (example["input_ids"], example["attention_mask"], example["token_type_ids"])
    axes = {0: "batch", 1: "tokens"}
    transformer.set_attn_implementation("eager")  # the attention graph onnxruntime can fuse
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shapes; the export is checked against torch in tests
        try:
            torch.onnx.export(
                Pooled(transformer),
                inputs,
                str(folder / FLOAT_MODEL),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["embedding"],
                dynamic_axes={
                    "input_ids": axes,
                    "attention_mask": axes,
                    "token_type_ids": axes,
                    "embedding": {0: "batch"},
                },
                opset_version=17,
                dynamo=False,
            )
        finally:
            transformer.set_attn_implementation(attention)  # ingest's own encoder stays as it was
    logging.getLogger("root").setLevel(logging.ERROR)  # quantize_dynamic advises pre-processing on the root logger
    # Quantised before fusing: the quantiser cannot infer the fused operators' types.
    quantize_dynamic(str(folder / FLOAT_MODEL), str(folder / INT8_MODEL), weight_type=QuantType.QInt8, per_channel=True)
    fuse(folder / FLOAT_MODEL, transformer.config.num_attention_heads, transformer.config.hidden_size)
    model.tokenizer.backend_tokenizer.save(str(folder / TOKENIZER))
    config = {
        "max_length": max_length,
        "dim": int(model.get_embedding_dimension()),
        "model": spec.name,
        "weights_sha256": spec.verify(),
        "export": EXPORT_VERSION,
    }
    (folder / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return folder


def fuse(path: Path, heads: int, hidden: int) -> None:
    """Rewrite the ONNX model at `path` with its transformer layers fused (see the module's notes).

    Portable fusions only (opt_level 0): the session applies its own
    hardware-specific optimisations when it loads the model. A model the
    optimiser does not recognise stays as exported, unfused but correct.
    """
    from onnxruntime.transformers.optimizer import optimize_model

    optimized = optimize_model(str(path), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=0)
    if optimized.get_fused_operator_statistics().get("Attention"):
        optimized.save_model_to_file(str(path))
    else:
        log.warning("onnxruntime did not fuse the encoder's attention; it is served unfused (slower)")


def reuse_export(previous: Path, folder: Path, model_sha256: str) -> bool:
    """Hard-link the previous generation's export into `folder` when it was made from the same weights
    by this version of the export."""
    try:
        config = json.loads((previous / CONFIG).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    names = (FLOAT_MODEL, INT8_MODEL, TOKENIZER, CONFIG)
    same = config.get("weights_sha256") == model_sha256 and config.get("export") == EXPORT_VERSION
    if not same or not all((previous / n).is_file() for n in names):
        return False
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        try:
            os.link(previous / name, folder / name)
        except OSError:
            shutil.copy2(previous / name, folder / name)
    return True


class OnnxEncoder:
    """Query encoder on onnxruntime: no torch in the serving process."""

    def __init__(self, folder: Path, *, quantized: bool = True, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config = json.loads((folder / CONFIG).read_text("utf-8"))
        self.dim = int(config["dim"])
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=int(config["max_length"]))
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or int(os.environ.get("LADDER_ONNX_THREADS", "1"))
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        model = folder / (INT8_MODEL if quantized else FLOAT_MODEL)
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        # Batches of similar length pad little: sort by length, encode in chunks, restore the order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for chunk_start in range(0, len(order), 32):
            chunk = order[chunk_start : chunk_start + 32]
            encodings = self.tokenizer.encode_batch([texts[i] for i in chunk])
            width = max(len(e.ids) for e in encodings)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            types = np.zeros_like(ids)
            for row, e in enumerate(encodings):
                n = len(e.ids)
                ids[row, :n], mask[row, :n], types[row, :n] = e.ids, e.attention_mask, e.type_ids
            (vectors,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
            out.append((chunk, vectors))
        result = np.empty((len(texts), self.dim), dtype=np.float32)
        for chunk, vectors in out:
            result[chunk] = vectors
        return result
