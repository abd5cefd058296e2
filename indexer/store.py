"""The index directory: FAISS vectors + chunk records + manifest, built and loaded as one.

Layout (a contract, see DESIGN.md)::

    index/
      manifest.json   model, dimension, chunker settings, sources with sha256, counts, build time
      vectors.faiss   FAISS inner-product index over unit vectors (id i = chunk id i): exact
                      (flat) up to vectors.EXACT_LIMIT chunks, HNSW above
      sentence_vectors.npy  float32 unit vectors of every sentence, grouped by chunk
                      (memory-mapped when large); sentence_chunks.npy: each row's chunk id
      bm25/           bm25s index over the same chunks (row i = chunk id i)
      chunks.jsonl    one chunk record per line, in id order
      vocabulary.json corpus term counts (typo correction, word splitting)
      glossary.json   alias groups mined from the corpus (question expansion)

Building (incremental, atomic, locked) is `build.py`; this module owns the format, loading and
checking.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from . import __version__
from .chunking import ChunkedDocument
from .documents import corpus_files, file_sha256, load_corpus, source_name
from .embedding import Embedder, encoder_of, load_embedder, model_name
from .errors import IndexCorrupt, IndexMismatch, IndexNotFound
from .glossary import Glossary
from .lexical import LexicalIndex
from .query import PreparedQuery, prepare
from .records import Chunk, Hit
from .search import FUSION, MODES, rank_chunks
from .settings import ChunkSettings
from .swap import previous_dir, recover_interrupted_swap
from .vectors import (index_kind, load_sentence_matrix, make_chunk_index, save_sentence_matrix,
                      sentence_offsets)
from .vocabulary import Vocabulary

FORMAT_VERSION = 5
log = logging.getLogger("indexer")
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
SENTENCE_VECTORS = "sentence_vectors.npy"
SENTENCE_CHUNKS = "sentence_chunks.npy"
CHUNKS = "chunks.jsonl"
BUILD_HINT = "run `python -m indexer build`"


class Index:
    """A loaded index: chunk records, their vectors and BM25 terms, the corpus vocabulary and
    glossary for preparing questions, and the embedder for encoding them."""

    def __init__(self, chunks: list[Chunk], vectors: faiss.Index, sentence_matrix: np.ndarray,
                 sentence_chunks: np.ndarray, lexical: LexicalIndex, vocabulary: Vocabulary,
                 glossary: Glossary, manifest: dict, embedder: Embedder, path: Path | None = None):
        self.chunks = chunks
        self.vectors = vectors
        self.sentence_matrix = sentence_matrix
        self.sentence_chunks = sentence_chunks
        self.sentence_offsets = sentence_offsets(sentence_chunks, len(chunks))
        self.lexical = lexical
        self.vocabulary = vocabulary
        self.glossary = glossary
        self.manifest = manifest
        self.embedder = embedder
        self.path = path                  # the directory read
        self.configured_path = path       # the directory asked for (differs on a fallback)
        self.fallback_reason = ""         # set when this is the previous index, served instead
    def prepare(self, question: str) -> PreparedQuery:
        return prepare(question, self.vocabulary, self.glossary)

    def search_batch(self, questions: list[str], *, k: int = 5, mode: str = "hybrid",
                     fusion: str = FUSION) -> list[list[Hit]]:
        """Top-`k` chunks for each question, best first. `mode`: bm25, dense or hybrid (the two
        fused, see `search`)."""
        return self.search_prepared([self.prepare(q) for q in questions], k=k, mode=mode,
                                    fusion=fusion)

    def search_prepared(self, prepared: list[PreparedQuery], *, k: int = 5, mode: str = "hybrid",
                        fusion: str = FUSION, vectors: np.ndarray | None = None) -> list[list[Hit]]:
        """`search_batch` for questions already prepared (when the caller shows the preparation);
        `vectors` are their encodings, when the caller has them already (answers reuse them)."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode '{mode}'; choose from {', '.join(MODES)}")
        if not prepared:
            return []
        if not self.chunks:
            return [[] for _ in prepared]
        encoded = None
        if mode != "bm25":
            encoded = vectors if vectors is not None else self.embedder.encode([p.dense_text for p in prepared])
            if encoded.ndim != 2 or encoded.shape[1] != self.vectors.d:
                raise IndexMismatch(f"The model gives {encoded.shape[-1]}-dimensional vectors but the "
                                    f"index at {self.path}/ holds {self.vectors.d}-dimensional ones: "
                                    "rebuild it with `python -m indexer build`")
        rankings = rank_chunks(self.vectors, self.sentence_matrix, self.sentence_offsets, self.lexical,
                               encoded, [p.lexical_terms for p in prepared], k=k, mode=mode,
                               fusion=fusion)
        return [[Hit(self.chunks[i], score, rank) for rank, (i, score)
                 in enumerate(zip(ranked.ids, ranked.scores), start=1)] for ranked in rankings]

    def search(self, question: str, *, k: int = 5, mode: str = "hybrid", fusion: str = FUSION) -> list[Hit]:
        return self.search_batch([question], k=k, mode=mode, fusion=fusion)[0]

    def answer(self, question: str, **options):
        """The extractive, cited answer (see `answer.py`; options: min_support)."""
        if not hasattr(self, "_answerer"):
            from .answer import Answerer
            self._answerer = Answerer(self)
        return self._answerer.answer(question, **options)



def make_manifest(documents: list[ChunkedDocument], embedder: Embedder, settings: ChunkSettings,
                  chunk_count: int, sentence_count: int) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "package_version": __version__,
        "model": embedder.name,
        "encoder": encoder_of(embedder),
        "dimension": embedder.dimension,
        "chunker": settings.to_record(),
        "sources": {d.document.source: {"sha256": d.document.sha256, "title": d.document.title,
                                        "meta": d.document.meta, "chunks": len(d.chunks)}
                    for d in documents},
        "counts": {"chunks": chunk_count, "vectors": chunk_count, "sentences": sentence_count},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def write_index_files(directory: Path, chunks: list[Chunk], vectors: np.ndarray,
                      sentence_vectors: np.ndarray, manifest: dict, *,
                      vocabulary: Vocabulary, glossary: Glossary) -> None:
    directory.mkdir(parents=True)
    chunk_index = make_chunk_index(vectors, manifest["dimension"])
    manifest["vector_index"] = index_kind(chunk_index)
    faiss.write_index(chunk_index, str(directory / VECTORS))
    save_sentence_matrix(directory / SENTENCE_VECTORS,
                         np.asarray(sentence_vectors, dtype=np.float32).reshape(-1, manifest["dimension"]))
    owners = np.array([c.id for c in chunks for _ in c.sentences], dtype=np.int64)
    np.save(directory / SENTENCE_CHUNKS, owners, allow_pickle=False)
    LexicalIndex.build([c.lexical_text() for c in chunks]).save(directory)
    vocabulary.save(directory)
    glossary.save(directory)
    with open(directory / CHUNKS, "w", encoding="utf-8") as out:
        for chunk in chunks:
            out.write(json.dumps(chunk.to_record(), ensure_ascii=False) + "\n")
    # Checksums of everything, then the manifest last: a directory without one is never taken
    # for an index, and a file that changed after the build is detected at load.
    manifest["files"] = {p.relative_to(directory).as_posix(): _checksums(p)
                         for p in sorted(directory.rglob("*")) if p.is_file()}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")


# Files up to this size are hashed whole at every load (~40 ms for 64 MiB). Bigger ones (the
# vectors of a million chunks are gigabytes; hashing them would take seconds per start) are
# checked by size and by the hash of SAMPLE_BLOCKS blocks spread over the file, first and last
# included; `python -m indexer info --verify` hashes everything.
FULL_CHECK_BYTES = 64 << 20
SAMPLE_BLOCKS, SAMPLE_BLOCK_BYTES = 64, 64 << 10


def _sampled_sha256(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for k in range(SAMPLE_BLOCKS):
            f.seek(max(size - SAMPLE_BLOCK_BYTES, 0) * k // (SAMPLE_BLOCKS - 1))
            digest.update(f.read(SAMPLE_BLOCK_BYTES))
    return digest.hexdigest()


def _checksums(path: Path) -> dict:
    size = path.stat().st_size
    record = {"bytes": size, "sha256": file_sha256(path)}
    if size > FULL_CHECK_BYTES:
        record["sampled_sha256"] = _sampled_sha256(path, size)
    return record


def file_matches(index_dir: Path, manifest: dict, name: str, *, full: bool = True) -> bool:
    """Whether `name` exists with the size and checksum the manifest records (big files by
    their sampled checksum unless `full`). Never raises: a file that cannot be read does not
    match."""
    record = (manifest.get("files") or {}).get(name) if isinstance(manifest, dict) else None
    path = index_dir / name
    try:
        size = path.stat().st_size
        if not isinstance(record, dict) or size != record["bytes"]:
            return False
        if "sampled_sha256" in record and not full:
            return _sampled_sha256(path, size) == record["sampled_sha256"]
        return file_sha256(path) == record["sha256"]
    except (OSError, KeyError, TypeError):
        return False


def verify_files(index_dir: Path, manifest: dict, *, full: bool = False) -> None:
    """Every file the manifest lists exists with its recorded size and checksum (Lucene-style:
    never serve bytes that changed after they were written). Big files get the sampled check
    unless `full`."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexCorrupt(f"The index at {index_dir}/ has no file checksums — {BUILD_HINT}")
    for name in files:
        if not (index_dir / name).is_file():
            raise IndexCorrupt(f"The index at {index_dir}/ is missing {name} — {BUILD_HINT}")
        if not file_matches(index_dir, manifest, name, full=full):
            raise IndexCorrupt(f"The index file {index_dir}/{name} does not match its checksum "
                               f"(damaged or changed after the build, or unreadable) — {BUILD_HINT}")


def read_manifest(index_dir: Path) -> dict:
    recover_interrupted_swap(index_dir)
    path = index_dir / MANIFEST
    if not path.exists():
        raise IndexNotFound(f"No index at {index_dir}/ — {BUILD_HINT}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["model"], manifest["dimension"], manifest["chunker"], manifest["sources"]
    except OSError as exc:
        raise IndexCorrupt(f"The index manifest {path} cannot be read ({exc.strerror or exc}): "
                           "check the folder's permissions") from exc
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise IndexCorrupt(f"The index manifest {path} is unreadable ({exc}) — {BUILD_HINT}") from exc
    return manifest


def check_manifest(manifest: dict, *, model: str, dimension: int | None,
                   settings: ChunkSettings, index_dir: Path) -> None:
    """Refuse an index built differently from what is asked for, saying how to fix it."""
    rebuild = f"rebuild it with `python -m indexer build --index {index_dir}`"
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatch(f"The index at {index_dir}/ has format {manifest.get('format_version')}, "
                            f"this version reads format {FORMAT_VERSION}: {rebuild}")
    if manifest["model"] != model:
        raise IndexMismatch(f"The index at {index_dir}/ was built with model {manifest['model']}, "
                            f"not {model}: {rebuild} (add --model to choose the model)")
    if dimension is not None and manifest["dimension"] != dimension:
        raise IndexMismatch(f"The index at {index_dir}/ holds {manifest['dimension']}-dimensional "
                            f"vectors but the model gives {dimension}: {rebuild}")
    if manifest["chunker"] != settings.to_record():
        raise IndexMismatch(f"The index at {index_dir}/ was built with chunker settings "
                            f"{manifest['chunker']}, not {settings.to_record()}: {rebuild}")


def _read_faiss(path: Path, count: int, dimension: int) -> faiss.Index:
    """Read a FAISS file, refusing to allocate more than its vectors need: a forged size field
    must not make a 3 MB file claim gigabytes."""
    faiss.set_deserialization_vector_byte_limit(max(count, 1) * dimension * 4 + (1 << 20))
    return faiss.read_index(str(path))


def read_index_dir(index_dir: Path, *, embedder: Embedder, settings: ChunkSettings) -> Index:
    manifest = read_manifest(index_dir)
    check_manifest(manifest, model=embedder.name, dimension=embedder.dimension,
                   settings=settings, index_dir=index_dir)
    verify_files(index_dir, manifest)
    counts, dimension = manifest.get("counts", {}), manifest["dimension"]
    try:
        vectors = _read_faiss(index_dir / VECTORS, int(counts.get("vectors", 0)), dimension)
        sentence_matrix = load_sentence_matrix(index_dir / SENTENCE_VECTORS,
                                               int(counts.get("sentences", 0)), dimension)
        sentence_chunks = np.load(index_dir / SENTENCE_CHUNKS, allow_pickle=False)
        with open(index_dir / CHUNKS, encoding="utf-8") as lines:
            chunks = [Chunk.from_record(json.loads(line)) for line in lines]
        lexical = LexicalIndex.load(index_dir, len(chunks))
        vocabulary = Vocabulary.load(index_dir)
        glossary = Glossary.load(index_dir)
    except (OSError, RuntimeError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorrupt(f"The index at {index_dir}/ is damaged ({exc}) — {BUILD_HINT}") from exc
    if not (len(chunks) == vectors.ntotal == counts.get("chunks") == counts.get("vectors")
            and len(sentence_matrix) == len(sentence_chunks) == counts.get("sentences")
            == sum(len(c.sentences) for c in chunks)
            and bool(np.all(np.diff(sentence_chunks) >= 0))):   # rows grouped by chunk
        raise IndexCorrupt(f"The index at {index_dir}/ is inconsistent ({len(chunks)} chunks, "
                           f"{vectors.ntotal} vectors, manifest says {counts}) — {BUILD_HINT}")
    if vectors.d != embedder.dimension:
        raise IndexCorrupt(f"The index at {index_dir}/ has {vectors.d}-dimensional vectors, "
                           f"the manifest says {embedder.dimension} — {BUILD_HINT}")
    return Index(chunks, vectors, sentence_matrix, sentence_chunks, lexical, vocabulary, glossary,
                 manifest, embedder, index_dir)


def load_index(index_dir: Path, *, model: str | None = None,
               settings: ChunkSettings = ChunkSettings(), embedder: Embedder | None = None) -> Index:
    """Open an index for searching. Checks the manifest before loading the (slow) model.

    If the index is damaged (a checksum, count or file does not match) and the index the last
    build replaced is kept beside it and sound, that one is served, with a logged warning."""
    manifest = read_manifest(index_dir)
    check_manifest(manifest, model=embedder.name if embedder else model_name(model),
                   dimension=embedder.dimension if embedder else None,
                   settings=settings, index_dir=index_dir)
    embedder = embedder or load_embedder(model)
    try:
        return read_index_dir(index_dir, embedder=embedder, settings=settings)
    except IndexCorrupt as damage:
        previous = previous_dir(index_dir)
        if not (previous / MANIFEST).exists():
            raise
        try:
            index = read_index_dir(previous, embedder=embedder, settings=settings)
        except (IndexCorrupt, IndexMismatch, IndexNotFound):
            raise damage from None
        log.warning("%s; serving the previous index built %s instead", damage,
                    index.manifest["built_at"])
        index.fallback_reason = str(damage)
        index.configured_path = index_dir
        return index


@dataclass(frozen=True)
class IndexStatus:
    """Whether the index can serve the corpus as it is now: state is fresh, missing or stale."""

    state: str
    reason: str


def index_status(index_dir: Path, corpus_dir: Path, *, model: str | None = None,
                 settings: ChunkSettings = ChunkSettings(),
                 embedder: Embedder | None = None) -> IndexStatus:
    """Compare the manifest with the corpus files (by sha256) and the requested settings."""
    try:
        manifest = read_manifest(index_dir)
        check_manifest(manifest, model=embedder.name if embedder else model_name(model),
                       dimension=embedder.dimension if embedder else None,
                       settings=settings, index_dir=index_dir)
    except IndexNotFound as exc:
        return IndexStatus("missing", str(exc))
    except (IndexMismatch, IndexCorrupt) as exc:
        return IndexStatus("stale", str(exc))
    current: dict[str, str] = {}
    unreadable: dict[str, str] = {}
    for path in corpus_files(corpus_dir):
        try:
            current[source_name(path)] = file_sha256(path)
        except OSError as exc:
            unreadable[source_name(path)] = exc.strerror or str(exc)
    # A file that cannot be read now is neither changed nor removed: the index keeps the text
    # it last read (a rebuild would skip the file and lose it).
    indexed = {source: info["sha256"] for source, info in manifest["sources"].items()}
    changed = [s for s in indexed if s not in unreadable and current.get(s) != indexed[s]]
    note = ("; cannot be read now (kept as last indexed): "
            + ", ".join(f"{s} ({why})" for s, why in unreadable.items())) if unreadable else ""
    if changed:
        return IndexStatus("stale", f"changed or removed since the last build: {', '.join(changed)}{note}")
    if set(current) - set(indexed):
        # Files the last build skipped (unsupported types) are new only if they are loadable.
        loadable, _ = load_corpus(corpus_dir)
        new = sorted({d.source for d in loadable} - set(indexed))
        if new:
            return IndexStatus("stale", f"new since the last build: {', '.join(new)}{note}")
    return IndexStatus("fresh", f"index at {index_dir}/ matches {corpus_dir}/{note}")

