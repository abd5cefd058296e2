"""What a file trained on one corpus's questions is valid for, and how its loading fails.

The answerability head and the query map are learned from questions about particular documents:
they name the model and every source's sha256 they were trained for, and an index of other or
changed documents does not use them. Both are .npz files read at load, where a damaged file must
mean "none", never a crash.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from functools import lru_cache

import numpy as np

# What np.load and reading its keys raise on a missing, truncated or corrupted file, or a key lost.
DAMAGED_NPZ = (OSError, KeyError, ValueError, TypeError, EOFError, zipfile.BadZipFile, zlib.error)


def corpus_fingerprint(manifest) -> str:
    """The model and every source's sha256 (not its path: the same files indexed from another
    folder are the same corpus): what a model trained on a corpus's questions is valid for (the
    answerability head, the query map)."""
    return _fingerprint(manifest.model, tuple(sorted(record.get("sha256", "") for record in manifest.sources.values())))


@lru_cache(maxsize=8)
def _fingerprint(model: str, contents: tuple[str, ...]) -> str:
    digest = hashlib.sha256(model.encode())
    for sha256 in contents:
        digest.update(f"\n{sha256}".encode())
    return digest.hexdigest()


def array_digest(*arrays) -> str:
    """The sha256 of `arrays`' float32 values: names a trained matrix (the query map) that a model
    trained on top of it (the answerability head reads the question through the map) must match."""
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(np.ascontiguousarray(array, dtype=np.float32).tobytes())
    return digest.hexdigest()


def trained_for(manifest, model: str, sources: int, fingerprint: str) -> bool:
    """Whether something trained for (`model`, `sources` documents, `fingerprint`) fits
    `manifest`'s index: the count first, as a large corpus's list of hashes is long."""
    return model == manifest.model and sources == len(manifest.sources) and fingerprint == corpus_fingerprint(manifest)
