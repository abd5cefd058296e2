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
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .chunking import ChunkedDocument, chunk_document
from .documents import Skipped, load_corpus
from .embedder import Embedder, encoder_of
from .encoders import load_embedder
from .errors import CorpusError, IndexCorrupt, IndexerError
from .glossary import Glossary
from .journal import EmbeddingJournal
from .manifest import Manifest, previous_manifest
from .records import Chunk
from .reuse import EmbeddingCache, Progress, embed
from .settings import ChunkSettings
from .status import IndexStatus, index_status
from .store import Index, load_index, read_index_dir, write_index_files
from .swap import BuildLock, check_target, remove_leftovers, sibling, staging_dir, swap_in
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Changes:
    unchanged: tuple[str, ...]
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]


def _changes(index_dir: Path, documents) -> Changes:
    previous = previous_manifest(index_dir)
    before = previous.sources if previous else {}
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
    window: int = 256                  # word pieces the encoder reads
    embedded_words: int = 0            # corpus words embedded (hinge.py's stand-ins)
    stages: tuple[tuple[str, float], ...] = ()     # (stage, seconds), in order


def build_index(corpus_dir: Path, index_dir: Path, *, model: str | None = None,
                settings: ChunkSettings = ChunkSettings(), embedder: Embedder | None = None,
                full: bool = False, log: Callable[[str], None] = lambda _: None,
                progress: Progress = lambda *_: None) -> BuildReport:
    """Chunk every document in `corpus_dir`, embed what changed, write the index atomically."""
    began = time.perf_counter()
    stages: dict[str, float] = {}       # where the time went, for the build summary
    mark = [began]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        stages[stage] = stages.get(stage, 0.0) + now - mark[0]
        mark[0] = now

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
        lap("reading and chunking")
        vocabulary = Vocabulary.from_texts([c.text for c in chunks])
        chunks = [_with_search_text(c, vocabulary) for c in chunks]
        glossary = Glossary.build([c.text for c in chunks])
        lap("vocabulary and glossary")
        embedder = embedder or load_embedder(model)
        cache = (EmbeddingCache({}, "--full was asked for") if full
                 else EmbeddingCache.load(index_dir, embedder, settings))
        lap("loading the model and previous vectors")
        if cache.reason and had_index:
            log(f"Full rebuild: {cache.reason}")
        for note in cache.distrusted:
            log(f"Not reused from the previous index: {note}")
        journal = _journal(index_dir, embedder, fresh=full)
        try:
            vectors, embedded = embed(embedder, [c.embedding_text() for c in chunks], cache,
                                      "chunks", progress, journal)
            lap("embedding chunks")
            sentence_vectors, embedded_sentences = embed(
                embedder, [t for c in chunks for t in c.sentence_embedding_texts()], cache,
                "sentences", progress, journal)
            lap("embedding sentences")
            word_vectors, embedded_words = embed(embedder, vocabulary.stand_in_words(), cache, "words",
                                                 progress, journal)
            lap("embedding words")
        finally:
            journal.close(remove=not len(journal))     # kept on failure: the next build resumes from it
        if journal.resumed:
            log(f"Resumed {journal.resumed:,} vectors embedded by a build that did not finish")
        manifest = Manifest.new(
            model=embedder.name, encoder=encoder_of(embedder), dimension=embedder.dimension,
            settings=settings, chunks=len(chunks), sentences=len(sentence_vectors),
            sources={d.document.source: {"sha256": d.document.sha256, "title": d.document.title,
                                         "meta": d.document.meta, "chunks": len(d.chunks)}
                     for d in chunked})
        staging = staging_dir(index_dir)
        shutil.rmtree(staging, ignore_errors=True)
        try:
            write_index_files(staging, chunks, vectors, sentence_vectors, manifest,
                              vocabulary=vocabulary, glossary=glossary, word_vectors=word_vectors)
            read_index_dir(staging, embedder=embedder, settings=settings)  # verified before the swap
            swap_in(staging, index_dir)
            journal.path.unlink(missing_ok=True)     # the new index holds every vector now
            lap("writing, verifying and swapping in")
        except (OSError, RuntimeError) as exc:
            # Disk full, permissions (FAISS reports both as RuntimeError, with C++ file paths):
            # the previous index was never touched.
            raise IndexerError(f"Writing the new index failed ({_plain_reason(exc)}); the previous "
                               f"index at {index_dir}/ is untouched") from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return BuildReport(index_dir, tuple(chunked), tuple(skipped), len(chunks),
                       time.perf_counter() - began, embedder.name, changes, embedded,
                       embedded_sentences, cache.reason if had_index else "", cache.distrusted,
                       embedder.window, embedded_words, tuple(stages.items()))


def _journal(index_dir: Path, embedder: Embedder, *, fresh: bool) -> EmbeddingJournal:
    """The embedding journal beside the index (journal.py); emptied for --full."""
    path = sibling(index_dir, "embeddings")
    if fresh:
        path.unlink(missing_ok=True)
    return EmbeddingJournal(path, {"model": embedder.name, "encoder": encoder_of(embedder),
                                   "dimension": embedder.dimension}, embedder.dimension)


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


