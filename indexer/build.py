"""Build the index: incremental, atomic, one build at a time.

* **Incremental**: chunking is cheap and deterministic, embedding is not. Vectors of the
  previous index are reused for every chunk and sentence whose embedded text is unchanged
  (the cache is keyed by model and text hash), so adding one document embeds only its chunks.
  A different model, dimension or chunker setting (or `full=True`) embeds everything, and
  the summary says why.
  Only previous files whose checksums still match are reused.
* **Atomic**: everything is written to a hidden sibling directory, loaded back and checked,
  then swapped in by rename (`swap.py`). A build killed at any point leaves the previous index
  in place; its leftover directory is removed by the next build.
* **One at a time**: an flock beside the index; a second build is refused with a message.
* **Never someone else's folder**: a target that exists and is not an index this tool wrote
  is refused, so `--index corpus` cannot replace (and later delete) the corpus.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import numpy as np

from .chunking import ChunkedDocument, chunk_document
from .documents import Skipped, load_corpus
from .embedding import Embedder, encoder_of, load_embedder
from .errors import CorpusError, IndexCorrupt, IndexerError
from .glossary import Glossary
from .records import Chunk
from .settings import ChunkSettings
from .store import (CHUNKS, MANIFEST, SENTENCE_VECTORS, VECTORS, Index, IndexStatus, file_matches,
                    index_status, load_index, make_manifest, read_index_dir, write_index_files)
from .swap import BuildLock, check_target, remove_leftovers, staging_dir, swap_in
from .vectors import all_vectors, load_sentence_matrix
from .vocabulary import Vocabulary

EMBED_BATCH = 64
Progress = Callable[[str, int, int], None]   # (what, done, total)


def _text_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()


@dataclass
class EmbeddingCache:
    """Vectors of the previous index, by hash of (model, embedded text).

    Only files that still match the checksums the previous build recorded are reused: a
    damaged vector reused would be written into the new index with fresh checksums, and
    nothing would ever notice it again. `distrusted` names the files left out, and why."""

    vectors: dict[str, np.ndarray]
    reason: str = ""          # why nothing can be reused, if so
    distrusted: tuple[str, ...] = ()

    @classmethod
    def load(cls, index_dir: Path, embedder: Embedder, settings: ChunkSettings) -> "EmbeddingCache":
        try:
            manifest = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls({}, "no previous index")
        if not isinstance(manifest, dict):
            return cls({}, "the previous manifest is unreadable")
        if manifest.get("model") != embedder.name or manifest.get("dimension") != embedder.dimension:
            return cls({}, f"the model changed ({manifest.get('model')} → {embedder.name})")
        if manifest.get("encoder") != encoder_of(embedder):
            return cls({}, f"the encoder changed ({manifest.get('encoder')} → {encoder_of(embedder)})")
        if manifest.get("chunker") != settings.to_record():
            return cls({}, f"the chunker settings changed ({manifest.get('chunker')} → "
                           f"{settings.to_record()})")
        sound = {name: file_matches(index_dir, manifest, name)
                 for name in (CHUNKS, VECTORS, SENTENCE_VECTORS)}
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
                    vectors.update({_text_key(embedder.name, t): np.array(chunk_vectors[i])
                                    for i, t in enumerate(texts)})
            if sound[SENTENCE_VECTORS]:
                sentence_vectors = load_sentence_matrix(index_dir / SENTENCE_VECTORS, len(sentences),
                                                        embedder.dimension)
                vectors.update({_text_key(embedder.name, t): np.array(sentence_vectors[i])
                                for i, t in enumerate(sentences)})
        except (OSError, RuntimeError, ValueError, KeyError, TypeError):
            return cls({}, "the previous index could not be read", distrusted)
        return cls(vectors, "" if vectors else "the previous index holds no usable vectors", distrusted)


def _encode(embedder: Embedder, texts: list[str], cache: EmbeddingCache, what: str,
            progress: Progress) -> tuple[np.ndarray, int]:
    """Vectors for `texts`, embedding only those not in the cache; returns (vectors, embedded)."""
    keys = [_text_key(embedder.name, t) for t in texts]
    missing = sorted({k: i for i, k in enumerate(keys) if k not in cache.vectors}.values())
    fresh: dict[str, np.ndarray] = {}
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start:start + EMBED_BATCH]
        for i, vector in zip(batch, embedder.encode([texts[i] for i in batch])):
            fresh[keys[i]] = vector
        progress(what, min(start + EMBED_BATCH, len(missing)), len(missing))
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32), 0
    rows = [fresh.get(k) if k in fresh else cache.vectors[k] for k in keys]
    return np.vstack(rows).astype(np.float32), len(missing)


@dataclass(frozen=True)
class Changes:
    unchanged: tuple[str, ...]
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]


def _changes(index_dir: Path, documents) -> Changes:
    try:
        before = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError):
        before = {}
    now = {d.source: d.sha256 for d in documents}
    return Changes(
        unchanged=tuple(s for s in now if s in before and before[s]["sha256"] == now[s]),
        added=tuple(s for s in now if s not in before),
        changed=tuple(s for s in now if s in before and before[s]["sha256"] != now[s]),
        removed=tuple(s for s in before if s not in now))


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the summary the CLI prints."""

    index_dir: Path
    documents: tuple[ChunkedDocument, ...]
    skipped: tuple[Skipped, ...]
    chunk_count: int
    seconds: float
    model: str
    changes: Changes
    embedded_chunks: int
    embedded_sentences: int
    full_reason: str
    distrusted: tuple[str, ...] = ()   # previous index files not reused (checksum mismatch)


def build_index(corpus_dir: Path, index_dir: Path, *, model: str | None = None,
                settings: ChunkSettings = ChunkSettings(), embedder: Embedder | None = None,
                full: bool = False, log: Callable[[str], None] = lambda _: None,
                progress: Progress = lambda *_: None) -> BuildReport:
    """Chunk every document in `corpus_dir`, embed what changed, write the index atomically."""
    began = time.perf_counter()
    check_target(index_dir)
    had_index = index_dir.exists()
    with BuildLock(index_dir):
        check_target(index_dir)     # again, now that no other build can be changing it
        for leftover in remove_leftovers(index_dir):
            log(f"removed {leftover.name}, left by a build that did not finish")
        documents, skipped = load_corpus(corpus_dir)
        chunked: list[ChunkedDocument] = []
        next_id = 0  # chunk id = row in the FAISS index
        for done, document in enumerate(documents, start=1):
            try:
                chunked.append(chunk_document(document, settings, first_id=next_id))
                next_id += len(chunked[-1].chunks)
            except CorpusError as exc:     # over a per-document limit
                skipped.append(Skipped(document.source, str(exc)))
            progress("documents", done, len(documents))
        changes = _changes(index_dir, [d.document for d in chunked])
        chunks = [c for d in chunked for c in d.chunks]
        vocabulary = Vocabulary.from_texts([c.text for c in chunks])
        chunks = [_with_search_text(c, vocabulary) for c in chunks]
        glossary = Glossary.build([c.text for c in chunks])
        embedder = embedder or load_embedder(model)
        cache = (EmbeddingCache({}, "--full was asked for") if full
                 else EmbeddingCache.load(index_dir, embedder, settings))
        if cache.reason and had_index:
            log(f"Full rebuild: {cache.reason}")
        for note in cache.distrusted:
            log(f"Not reused from the previous index: {note}")
        vectors, embedded = _encode(embedder, [c.embedding_text() for c in chunks], cache,
                                    "chunks", progress)
        sentence_vectors, embedded_sentences = _encode(
            embedder, [t for c in chunks for t in c.sentence_embedding_texts()], cache,
            "sentences", progress)
        manifest = make_manifest(chunked, embedder, settings, len(chunks), len(sentence_vectors))
        staging = staging_dir(index_dir)
        shutil.rmtree(staging, ignore_errors=True)
        try:
            write_index_files(staging, chunks, vectors, sentence_vectors, manifest,
                              vocabulary=vocabulary, glossary=glossary)
            read_index_dir(staging, embedder=embedder, settings=settings)  # verify before swapping
            swap_in(staging, index_dir)
        except (OSError, RuntimeError) as exc:
            # Disk full, permissions (FAISS reports both as RuntimeError, with C++ file paths):
            # the previous index was never touched.
            raise IndexerError(f"Writing the new index failed ({_plain_reason(exc)}); the previous "
                               f"index at {index_dir}/ is untouched") from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return BuildReport(index_dir, tuple(chunked), tuple(skipped), len(chunks),
                       time.perf_counter() - began, embedder.name, changes, embedded,
                       embedded_sentences, cache.reason if had_index else "", cache.distrusted)


def _plain_reason(exc: BaseException) -> str:
    """The operating system's words for a write failure, without library internals."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc)
    for errno_name in ("ENOSPC", "EDQUOT", "EACCES", "EROFS", "EIO"):
        message = os.strerror(getattr(errno, errno_name))
        if message in text:
            return message
    return "the file system refused a write"


def _with_search_text(chunk: Chunk, vocabulary: Vocabulary) -> Chunk:
    split = vocabulary.split_run_together(chunk.text)
    return replace(chunk, search_text=split) if split != chunk.text else chunk


def ensure_index(corpus_dir: Path, index_dir: Path, *, model: str | None = None,
                 settings: ChunkSettings = ChunkSettings(), embedder: Embedder | None = None,
                 log: Callable[[str], None] = lambda _: None) -> Index:
    """Load the index, (re)building it first when it is missing or stale. `embedder`: one
    already loaded (else the model's default encoder is loaded when needed).

    If a rebuild fails and a previous index still loads, that one is served (with a warning)
    rather than nothing: a broken new document must not take the chat down.
    """
    status = index_status(index_dir, corpus_dir, model=model, settings=settings, embedder=embedder)
    if status.state == "fresh":
        try:
            return load_index(index_dir, model=model, settings=settings, embedder=embedder)
        except IndexCorrupt as exc:
            status = IndexStatus("stale", str(exc))
    if status.state != "fresh":
        log(f"Index {status.state}: {status.reason}. Building it now…")
        embedder = embedder or load_embedder(model)
        try:
            build_index(corpus_dir, index_dir, model=model, settings=settings,
                        embedder=embedder, log=log)
        except IndexerError as exc:
            if status.state == "missing":
                raise
            log(f"warning: rebuild failed ({exc}); serving the previous index")
    return load_index(index_dir, settings=settings, embedder=embedder)


