"""The model through sentence-transformers on torch (fp32, CPU): the reference the int8 ONNX
encoder is measured against, and the fallback for a model the exporter cannot handle."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from .embedder import model_name, model_path, unit_rows

ENCODE_BATCH_SIZE = 32


class TorchEmbedder:
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
        self.window = int(self._model.max_seq_length)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=ENCODE_BATCH_SIZE,
                                     normalize_embeddings=True, show_progress_bar=False,
                                     convert_to_numpy=True)
        return unit_rows(vectors)
