"""Export the sentence-transformers model to ONNX for the service's onnxruntime encoder.

The graph holds the transformer, mean pooling and normalisation. It is traced
from transformers' "eager" attention, the form onnxruntime's transformer
optimiser fuses into one operator per layer, and then given the inputs that
packed batches need (`make_packable`). An int8 quantisation sits beside it.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import warnings
from pathlib import Path

from core.encoder import CONFIG, FLOAT_MODEL, INT8_MODEL, TOKENIZER, ModelSpec

log = logging.getLogger(__name__)

EXPORT_VERSION = 4  # an export of another version is made again, not reused


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
        """Mean pooling over real tokens, then L2 normalisation: what the sentence-transformers stack does.
        The token states before pooling are a second output (/growth aligns an item's words with a sentence's)."""

        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return (torch.nn.functional.normalize(pooled, p=2, dim=1) if normalize else pooled), hidden

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
                output_names=["embedding", "token_states"],
                dynamic_axes={
                    "input_ids": axes,
                    "attention_mask": axes,
                    "token_type_ids": axes,
                    "embedding": {0: "batch"},
                    "token_states": axes,
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
    """Rewrite the ONNX model at `path` with its transformer layers fused.

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
    """Give the fused graph the inputs that packed batches need.

    `position_ids` (int32, 1 x tokens) restarts at each text; `token_mask` (int32)
    replaces every attention layer's mask: 1 x tokens (one text, every token
    real) or 1 x tokens x tokens (block-diagonal, packed texts); `token_states`, the
    last layer's output before pooling, is then 1 x tokens x dim.
    """
    from onnx import TensorProto, helper

    graph = model.graph
    graph.input.append(helper.make_tensor_value_info("position_ids", TensorProto.INT32, [1, "tokens"]))
    graph.input.append(helper.make_tensor_value_info("token_mask", TensorProto.INT32, None))
    for node in graph.node:
        if node.op_type == "EmbedLayerNormalization":
            node.input.extend([""] * (9 - len(node.input)))
            node.input[8] = "position_ids"
        elif node.op_type == "Attention":
            node.input.extend([""] * (4 - len(node.input)))
            node.input[3] = "token_mask"


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
