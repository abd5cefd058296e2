"""Vectors a build can reuse from the previous index: embedding is the slow part of a build,
and chunking is deterministic, so unchanged text need not be embedded again.

`EmbeddingCache` maps sha256(model, embedded text) to a vector read from the previous index,
and `embed` embeds only the texts it lacks. Nothing is reused across a change of model,
dimension, encoder or chunker settings, and only from files whose checksums still match the
previous manifest: a damaged vector reused would be written into the new index with fresh
checksums, and nothing would ever notice it again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .embedder import Embedder, encoder_of
from .journal import EmbeddingJournal
from .manifest import file_matches, previous_manifest
from .records import Chunk
from .settings import ChunkSettings
from .store import CHUNKS, SENTENCE_VECTORS, VECTORS, WORD_VECTORS
from .vectors import all_vectors, load_sentence_matrix
from .vocabulary import VOCABULARY_FILE, Vocabulary

EMBED_BATCH = 64
Progress = Callable[[str, int, int], None]   # (what, done, total)


def text_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()


@dataclass
class EmbeddingCache:
    """Vectors of the previous index by `text_key`; `reason` says why nothing can be reused,
    `distrusted` which previous files were left out (checksum mismatch)."""

    vectors: dict[str, np.ndarray]
    reason: str = ""
    distrusted: tuple[str, ...] = ()

    @classmethod
    def load(cls, index_dir: Path, embedder: Embedder, settings: ChunkSettings) -> EmbeddingCache:
        manifest = previous_manifest(index_dir)
        if manifest is None:
            return cls({}, "no previous index")
        if manifest.model != embedder.name or manifest.dimension != embedder.dimension:
            return cls({}, f"the model changed ({manifest.model} → {embedder.name})")
        if manifest.encoder != encoder_of(embedder):
            return cls({}, f"the encoder changed ({manifest.encoder} → {encoder_of(embedder)})")
        if manifest.chunker != settings.to_record():
            return cls({}, f"the chunker settings changed ({manifest.chunker} → {settings.to_record()})")
        sound = {name: file_matches(index_dir, manifest, name) for name in (CHUNKS, VECTORS, SENTENCE_VECTORS)}
        distrusted = tuple(f"{name} does not match its checksum" for name, ok in sound.items() if not ok)
        if not sound[CHUNKS]:   # the texts that key every vector
            return cls({}, f"the previous {CHUNKS} does not match its checksum", distrusted)
        try:
            import faiss
            chunks = [Chunk.from_record(json.loads(line))
                      for line in open(index_dir / CHUNKS, encoding="utf-8")]
            texts = [c.embedding_text() for c in chunks]
            sentences = [t for c in chunks for t in c.sentence_embedding_texts()]
            vectors = {}
            if sound[VECTORS]:
                chunk_vectors = all_vectors(faiss.read_index(str(index_dir / VECTORS)))
                if len(chunk_vectors) == len(texts):
                    vectors.update({text_key(embedder.name, t): np.array(chunk_vectors[i])
                                    for i, t in enumerate(texts)})
            if sound[SENTENCE_VECTORS]:
                sentence_vectors = load_sentence_matrix(index_dir / SENTENCE_VECTORS, len(sentences),
                                                        embedder.dimension)
                vectors.update({text_key(embedder.name, t): np.array(sentence_vectors[i])
                                for i, t in enumerate(sentences)})
            if file_matches(index_dir, manifest, WORD_VECTORS) and file_matches(index_dir, manifest, VOCABULARY_FILE):
                words = Vocabulary.load(index_dir).stand_in_words()
                word_vectors = np.load(index_dir / WORD_VECTORS, allow_pickle=False)
                if word_vectors.shape == (len(words), embedder.dimension):
                    vectors.update({text_key(embedder.name, w): np.array(word_vectors[i])
                                    for i, w in enumerate(words)})
        except (OSError, RuntimeError, ValueError, KeyError, TypeError):
            return cls({}, "the previous index could not be read", distrusted)
        return cls(vectors, "" if vectors else "the previous index holds no usable vectors", distrusted)


def embed(embedder: Embedder, texts: list[str], cache: EmbeddingCache, what: str,
          progress: Progress, journal: EmbeddingJournal | None = None) -> tuple[np.ndarray, int]:
    """Vectors for `texts`, embedding only those neither in the cache nor in the `journal` of an
    interrupted build; each batch embedded is journalled at once. Returns (vectors, embedded)."""
    keys = [text_key(embedder.name, t) for t in texts]
    missing = sorted({k: i for i, k in enumerate(keys) if k not in cache.vectors}.values())
    fresh: dict[str, np.ndarray] = {}
    if journal is not None and missing:
        fresh = journal.get([keys[i] for i in missing])
        missing = [i for i in missing if keys[i] not in fresh]
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start:start + EMBED_BATCH]
        made = dict(zip((keys[i] for i in batch), embedder.encode([texts[i] for i in batch])))
        fresh.update(made)
        if journal is not None:
            journal.add(made)
        progress(what, min(start + EMBED_BATCH, len(missing)), len(missing))
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32), 0
    rows = [fresh.get(k) if k in fresh else cache.vectors[k] for k in keys]
    return np.vstack(rows).astype(np.float32), len(missing)
