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
  350 nodes become 63, and a lone query on two threads encodes in about 4 ms
  instead of 5 (each node is a join of the threads); on one thread the two
  graphs are about as fast;
* dynamic int8 quantisation needs `per_channel=True` to stay at cosine >= 0.99;
* the bundled tokenizer.json pads every input to 128 tokens: padding is reset
  here to the longest input of each batch;
* padding to the longest input wastes a fifth of a batch of four typed queries
  (up to half with one long query), and the encoder's time grows with tokens.
  The fused graph takes several texts packed into one row instead: each
  restarts its positions, and a block-diagonal mask keeps each text's
  attention to itself; its token states are mean-pooled per text here. The
  vectors match encoding each text alone (cosine 1.0000).
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
EXPORT_VERSION = 3  # 2: attention fused; 3: packed batches. An export of another version is made again
PACK_TOKENS = 256  # tokens per packed run; a text is truncated to `max_length` (256 for MiniLM) anyway


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
        "normalize": normalize,
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
        make_packable(optimized.model)
        optimized.save_model_to_file(str(path))
    else:
        log.warning("onnxruntime did not fuse the encoder's attention; it is served unfused (slower)")


def make_packable(model) -> None:  # type: ignore[no-untyped-def]
    """Give the fused graph the inputs and output that packed batches need (see the module's notes).

    `position_ids` (int32, 1 x tokens) restarts at each text; `token_mask` (int32)
    replaces every attention layer's mask: 1 x tokens (one text, every token
    real) or 1 x tokens x tokens (block-diagonal, packed texts); `token_states` is
    the last layer's output, before pooling.
    """
    from onnx import TensorProto, helper

    graph = model.graph
    graph.input.append(helper.make_tensor_value_info("position_ids", TensorProto.INT32, [1, "tokens"]))
    graph.input.append(helper.make_tensor_value_info("token_mask", TensorProto.INT32, None))
    last = None
    for node in graph.node:
        if node.op_type == "EmbedLayerNormalization":
            node.input.extend([""] * (9 - len(node.input)))
            node.input[8] = "position_ids"
        elif node.op_type == "Attention":
            node.input.extend([""] * (4 - len(node.input)))
            node.input[3] = "token_mask"
        elif node.op_type == "SkipLayerNormalization":
            last = node.output[0]
    graph.node.append(helper.make_node("Identity", [last], ["token_states"]))
    graph.output.append(helper.make_tensor_value_info("token_states", TensorProto.FLOAT, [1, "tokens", None]))


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
        self.packs = "position_ids" in {i.name for i in self.session.get_inputs()}
        self.normalize = bool(config.get("normalize", True))

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.packs:
            return self._encode_packed(texts)
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

    def _encode_packed(self, texts: Sequence[str]) -> np.ndarray:
        """Texts packed into rows of up to PACK_TOKENS tokens, in order: no padding."""
        encodings = self.tokenizer.encode_batch(list(texts)) if len(texts) > 1 else [self.tokenizer.encode(texts[0])]
        result = np.empty((len(texts), self.dim), dtype=np.float32)
        start = 0
        while start < len(encodings):
            end, tokens = start + 1, len(encodings[start].ids)
            while end < len(encodings) and tokens + len(encodings[end].ids) <= PACK_TOKENS:
                tokens += len(encodings[end].ids)
                end += 1
            result[start:end] = self._run_packed(encodings[start:end])
            start = end
        return result

    def _run_packed(self, encodings: list) -> np.ndarray:  # type: ignore[type-arg]
        lengths = [len(e.ids) for e in encodings]
        ids = np.array([[i for e in encodings for i in e.ids]], dtype=np.int64)
        feed = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.zeros_like(ids),
            "position_ids": np.array([[p for n in lengths for p in range(n)]], dtype=np.int32),
        }
        if len(encodings) == 1:  # one text: the graph pools it (a 1 x tokens mask is the fast path)
            feed["token_mask"] = np.ones((1, lengths[0]), dtype=np.int32)
            return self.session.run(["embedding"], feed)[0]
        text_of = np.repeat(np.arange(len(lengths)), lengths)
        feed["token_mask"] = (text_of[:, None] == text_of[None, :]).astype(np.int32)[None]
        (states,) = self.session.run(["token_states"], feed)
        starts = np.cumsum([0, *lengths[:-1]])
        pooled = np.add.reduceat(states[0], starts, axis=0) / np.array(lengths, dtype=np.float32)[:, None]
        if self.normalize:
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled
