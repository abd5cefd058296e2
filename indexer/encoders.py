"""Choose and load an embedder: the one factory every caller (build, load, CLI, app, eval)
goes through.

`load_embedder(model, encoder)` takes the encoder named, else the `CITED_QA_ENCODER`
environment variable (read here and nowhere else), else the default, int8 ONNX. If the default
ONNX export cannot be made for a model (an architecture the exporter does not know), the torch
path serves instead, with a warning; an explicitly asked-for "onnx" fails instead.

`FACTORIES` maps encoder names to constructors taking the model; tests register their fake
embedder here once, under its own encoder name, instead of patching every caller.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from .embedder import Embedder
from .errors import IndexerError, OnnxExportError
from .settings import DEFAULT_ENCODER, ENCODER_ENV


def _onnx(model: str | None) -> Embedder:
    from .onnx_encoder import OnnxEmbedder
    return OnnxEmbedder(model)


def _torch(model: str | None) -> Embedder:
    from .torch_encoder import TorchEmbedder
    return TorchEmbedder(model)


FACTORIES: dict[str, Callable[[str | None], Embedder]] = {"onnx": _onnx, "torch": _torch}


def load_embedder(model: str | None = None, encoder: str | None = None, *,
                  warn: Callable[[str], None] = lambda message: print(message, file=sys.stderr)
                  ) -> Embedder:
    """The model run by `encoder` (see module doc)."""
    asked = encoder or os.environ.get(ENCODER_ENV)
    name = asked or DEFAULT_ENCODER
    if name not in FACTORIES:
        raise IndexerError(f"Unknown encoder '{name}'; choose from {', '.join(FACTORIES)}")
    try:
        return FACTORIES[name](model)
    except OnnxExportError as exc:
        if asked:
            raise
        warn(f"warning: {exc}; using the torch encoder instead")
    return FACTORIES["torch"](model)
