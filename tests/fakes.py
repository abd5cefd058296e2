"""A deterministic stand-in for the sentence-transformers model (STYLE.md, "a seam and a fake").

Bag of lower-cased words hashed into a small vector: texts sharing words are close, the
same text always gives the same vector, and nothing heavy is imported.
"""

import re
import zlib

import numpy as np

from indexer.embedder import unit_rows


class HashEmbedder:
    encoder = "fake"      # recorded in the manifest like "onnx" or "torch"
    window = 256

    def __init__(self, dimension: int = 64, name: str = "test/hash-embedder"):
        self.name = name
        self.dimension = dimension
        self.calls = 0
        self.texts = 0      # how many texts were embedded, over all calls

    def encode(self, texts):
        self.calls += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, zlib.crc32(word.encode()) % self.dimension] += 1.0
        return unit_rows(out)


class FailingEmbedder(HashEmbedder):
    """Fails while embedding, as a build killed or broken mid-way would."""

    def encode(self, texts):
        raise RuntimeError("embedding failed")
