"""The index directory: FAISS vectors + BM25 + chunk records + manifest, written and loaded as one.

Layout (a contract, docs/DESIGN.md)::

    index/
      manifest.json   model, encoder, dimension, chunker settings, sources with sha256, counts,
                      build time, the size and sha256 of every other file (manifest.py)
      vectors.faiss   FAISS inner-product index over unit vectors (id i = chunk id i): exact
                      (flat) up to vectors.EXACT_LIMIT chunks, HNSW above
      sentence_vectors.npy  float32 unit vectors of every sentence, grouped by chunk
                      (memory-mapped when large); sentence_chunks.npy: each row's chunk id
      bm25/           bm25s index over the same chunks (row i = chunk id i)
      chunks.jsonl    one chunk record per line, in id order; chunk_offsets.npy: where each
                      starts (records are read by id when needed: chunk_records.py)
      derived.json    what a load needs from every chunk, computed at build (headings,
                      urgent-care sentences, each document's chunk range, question headings)
      vocabulary.json corpus term counts (typo correction, word splitting)
      word_vectors.npy the corpus words' vectors ("not covered": hinge.py)
      glossary.json   alias groups mined from the corpus (question expansion)

`Index` owns loading, preparing, encoding and searching; it never calls up into answering or
the chat. What answering needs per index (the topics questions can name, the sentences giving
urgent-care advice) is read from derived.json at load. Building is `build.py`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import faiss
import numpy as np

from .chunk_records import CHUNK_OFFSETS, ChunkRecords, line_offsets
from .conditions import Conditions
from .derived import DERIVED, checked_derived, derive
from .embedder import Embedder, model_name
from .encoders import load_embedder
from .errors import IndexCorrupt, IndexMismatch, IndexNotFound
from .glossary import Glossary
from .lexical import LexicalIndex, terms
from .manifest import BUILD_HINT, Manifest, check_manifest, read_manifest, verify_files
from .need_head import load_need_head
from .query import PreparedQuery, prepare
from .query_map import query_map_for
from .records import Chunk, Hit
from .search import rank_chunks, titled_pages
from .settings import ChunkSettings, SearchSettings
from .swap import previous_dir
from .titles import DocumentTitles
from .understanding import Topics, term_pattern
from .vectors import index_kind, load_sentence_matrix, make_chunk_index, save_sentence_matrix, sentence_offsets
from .vocabulary import Vocabulary

log = logging.getLogger("indexer")
VECTORS = "vectors.faiss"
SENTENCE_VECTORS = "sentence_vectors.npy"
SENTENCE_CHUNKS = "sentence_chunks.npy"
CHUNKS = "chunks.jsonl"
WORD_VECTORS = "word_vectors.npy"       # one row per Vocabulary.stand_in_words()
# Sentence term sets kept per index (answer scoring reads ~90 per question): all of a seed-sized
# corpus, a bounded working set of a million-chunk one.
MAX_CACHED_SENTENCE_TERMS = 200_000


class Index:
    """A loaded index: chunk records, their vectors and BM25 terms, the corpus vocabulary and
    glossary for preparing questions, and the embedder for encoding them."""

    def __init__(self, chunks: Sequence[Chunk], vectors: faiss.Index, sentence_matrix: np.ndarray,
                 sentence_chunks: np.ndarray, lexical: LexicalIndex, vocabulary: Vocabulary,
                 glossary: Glossary, manifest: Manifest, embedder: Embedder, path: Path | None = None, *,
                 word_vectors: np.ndarray, derived: dict):
        self.chunks = chunks              # ChunkRecords: read by id when asked for
        self.vectors = vectors
        self.sentence_matrix = sentence_matrix
        self.sentence_offsets = sentence_offsets(sentence_chunks, len(chunks))
        self.lexical = lexical
        self.vocabulary = vocabulary
        self.word_vectors = word_vectors      # rows: vocabulary.stand_in_words()
        self.glossary = glossary
        self.manifest = manifest
        self.embedder = embedder
        self.path = path                  # the directory read
        self.configured_path = path       # the directory asked for (differs on a fallback)
        self.fallback_reason = ""         # set when this is the previous index, served instead
        self.topics = Topics.build(glossary.groups, derived["headings"])
        # Each document's chunks: ids first .. first + count - 1 (ids follow document order).
        self.document_chunks: dict[str, tuple[int, int]] = {s: tuple(r) for s, r in derived["documents"].items()}
        self.question_headings: list[str] = derived["question_headings"]      # examples.py
        self._titles: DocumentTitles | None = None
        self.need_head = load_need_head(manifest.model, manifest.dimension)      # None for another model's vectors
        found = query_map_for(manifest)     # the map learned for these documents, if any (query_map.py)
        self.query_map = found[1] if found else None
        self._sentence_terms: dict[int, frozenset[str]] = {}
        # Every term of the glossary (lay names included): a question word that is one is covered.
        self.glossary_terms = frozenset(m for group in glossary.groups for m in group)
        self.conditions = Conditions(self.topics)
        # Plain words for the technical terms the corpus defines (a term that is everywhere in
        # the corpus, like "ALS", is not worth a hint on every answer).
        self.definitions = {t: d for t, d in glossary.definitions().items() if t not in glossary.ubiquitous}
        self.definition_pattern = term_pattern(self.definitions) if self.definitions else None
        # (chunk id, sentence number, sentence row) of every sentence giving urgent-care advice.
        self.urgent = [(c, k, int(self.sentence_offsets[c]) + k) for c, k in derived["urgent"]]

    @property
    def titles(self) -> DocumentTitles:
        """Looked up on the first question, not at load (500,000 titles take ~3.6 s)."""
        if self._titles is None:
            self._titles = DocumentTitles.for_index(self.manifest.sources, self.document_chunks, self.lexical,
                                                    len(self.chunks))
        return self._titles

    def prepare(self, question: str) -> PreparedQuery:
        return prepare(question, self.vocabulary, self.glossary)

    def sentence_terms(self, chunk: Chunk, sentence, row: int) -> frozenset[str]:
        """The search terms of a sentence with its heading path, stemmed once per index: the
        answer's term coverage reads them for every candidate sentence of every question."""
        held = self._sentence_terms.get(row)
        if held is None:
            if len(self._sentence_terms) >= MAX_CACHED_SENTENCE_TERMS:
                self._sentence_terms.clear()
            held = frozenset(terms(chunk.sentence_text(sentence))) | frozenset(terms(" ".join(chunk.section)))
            self._sentence_terms[row] = held
        return held

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for `texts`, checked against the index's dimension."""
        encoded = self.embedder.encode(texts)
        if encoded.ndim != 2 or encoded.shape[1] != self.vectors.d:
            raise IndexMismatch(f"The model gives {encoded.shape[-1]}-dimensional vectors but the "
                                f"index at {self.path}/ holds {self.vectors.d}-dimensional ones: "
                                "rebuild it with `python -m indexer build`")
        return encoded

    def search_prepared(self, prepared: list[PreparedQuery], *, k: int = 5,
                        settings: SearchSettings = SearchSettings(),
                        vectors: np.ndarray | None = None) -> list[list[Hit]]:
        """Top-`k` chunks for each prepared question, best first. `vectors`: their encodings,
        when the caller has them already (an answer reuses its question's vector)."""
        if not prepared:
            return []
        if not self.chunks:
            return [[] for _ in prepared]
        encoded = None if settings.mode == "bm25" else (
            vectors if vectors is not None else self.encode([p.dense_text for p in prepared]))
        named, rests = titled_pages(lambda: self.titles, [p.corrected for p in prepared], settings,
                                    encode=None if encoded is None else self.encode)
        if encoded is not None and self.query_map is not None:     # ranks chunks only (query_map.py)
            encoded = self.query_map.apply(encoded)
            settings = replace(settings, dense_weight=settings.mapped_dense_weight)
        rankings = rank_chunks(self.vectors, self.sentence_matrix, self.sentence_offsets, self.lexical, encoded,
                               [p.lexical_terms for p in prepared], k=k, settings=settings,
                               named=named, head=self.need_head, rests=rests)
        return [[Hit(self.chunks[i], score, rank) for rank, (i, score)
                 in enumerate(zip(ranked.ids, ranked.scores), start=1)] for ranked in rankings]

    def search_encoded(self, prepared: PreparedQuery, vector: np.ndarray, *, k: int = 5,
                       settings: SearchSettings = SearchSettings()) -> list[Hit]:
        """`search_prepared` for one question whose vector the caller already has."""
        return self.search_prepared([prepared], k=k, settings=settings, vectors=vector[None, :])[0]

    def search_batch(self, questions: list[str], *, k: int = 5,
                     settings: SearchSettings = SearchSettings()) -> list[list[Hit]]:
        return self.search_prepared([self.prepare(q) for q in questions], k=k, settings=settings)

    def search(self, question: str, *, k: int = 5, settings: SearchSettings = SearchSettings()) -> list[Hit]:
        """The batch form's first row."""
        return self.search_batch([question], k=k, settings=settings)[0]


def write_index_files(directory: Path, chunks: list[Chunk], vectors: np.ndarray,
                      sentence_vectors: np.ndarray, manifest: Manifest, *,
                      vocabulary: Vocabulary, glossary: Glossary, word_vectors: np.ndarray) -> None:
    directory.mkdir(parents=True)
    chunk_index = make_chunk_index(vectors, manifest.dimension)
    faiss.write_index(chunk_index, str(directory / VECTORS))
    save_sentence_matrix(directory / SENTENCE_VECTORS,
                         np.asarray(sentence_vectors, dtype=np.float32).reshape(-1, manifest.dimension))
    owners = np.array([c.id for c in chunks for _ in c.sentences], dtype=np.int64)
    np.save(directory / SENTENCE_CHUNKS, owners, allow_pickle=False)
    LexicalIndex.build([c.lexical_text() for c in chunks]).save(directory)
    vocabulary.save(directory)
    np.save(directory / WORD_VECTORS, np.asarray(word_vectors, dtype=np.float32).reshape(-1, manifest.dimension),
            allow_pickle=False)
    glossary.save(directory)
    lines = [(json.dumps(chunk.to_record(), ensure_ascii=False) + "\n").encode("utf-8") for chunk in chunks]
    with open(directory / CHUNKS, "wb") as out:
        out.writelines(lines)
    np.save(directory / CHUNK_OFFSETS, line_offsets(lines), allow_pickle=False)
    (directory / DERIVED).write_text(json.dumps(derive(chunks), ensure_ascii=False), encoding="utf-8")
    # Checksums of everything, then the manifest last: a directory without one is never taken
    # for an index, and a file that changed after the build is detected at load.
    manifest.with_files(directory, index_kind(chunk_index)).write(directory)


def _read_faiss(path: Path, count: int, dimension: int) -> faiss.Index:
    """Read a FAISS file, refusing to allocate more than its vectors need: a forged size field
    must not make a 3 MB file claim gigabytes."""
    faiss.set_deserialization_vector_byte_limit(max(count, 1) * dimension * 4 + (1 << 20))
    return faiss.read_index(str(path))


def read_index_dir(index_dir: Path, *, embedder: Embedder, settings: ChunkSettings,
                   manifest: Manifest | None = None) -> Index:
    """The index in `index_dir`, every file checked against `manifest` (read here if not given)."""
    manifest = manifest or read_manifest(index_dir)
    check_manifest(manifest, model=embedder.name, dimension=embedder.dimension,
                   settings=settings, index_dir=index_dir)
    verify_files(index_dir, manifest)
    counts, dimension = manifest.counts, manifest.dimension
    try:
        vectors = _read_faiss(index_dir / VECTORS, int(counts.get("vectors", 0)), dimension)
        sentence_matrix = load_sentence_matrix(index_dir / SENTENCE_VECTORS,
                                               int(counts.get("sentences", 0)), dimension)
        sentence_chunks = np.load(index_dir / SENTENCE_CHUNKS, allow_pickle=False)
        offsets = np.load(index_dir / CHUNK_OFFSETS, allow_pickle=False)
        if (offsets.ndim != 1 or len(offsets) < 1 or offsets.dtype.kind != "i" or int(offsets[0]) != 0
                or int(offsets[-1]) != (index_dir / CHUNKS).stat().st_size or np.any(np.diff(offsets) <= 0)):
            raise ValueError(f"{CHUNK_OFFSETS} does not match {CHUNKS}")
        chunks = ChunkRecords(index_dir / CHUNKS, offsets,
                              sentence_counts=np.bincount(sentence_chunks, minlength=len(offsets) - 1))
        derived = checked_derived(json.loads((index_dir / DERIVED).read_text(encoding="utf-8")), len(chunks))
        lexical = LexicalIndex.load(index_dir, len(chunks))
        vocabulary = Vocabulary.load(index_dir)
        word_vectors = np.load(index_dir / WORD_VECTORS, mmap_mode="r", allow_pickle=False)
        glossary = Glossary.load(index_dir)
    except (OSError, RuntimeError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorrupt(f"The index at {index_dir}/ is damaged ({exc}) — {BUILD_HINT}") from exc
    if not (len(chunks) == vectors.ntotal == counts.get("chunks") == counts.get("vectors")
            and len(sentence_matrix) == len(sentence_chunks) == counts.get("sentences")
            and (not len(sentence_chunks) or 0 <= int(sentence_chunks[0]) <= int(sentence_chunks[-1]) < len(chunks))
            and bool(np.all(np.diff(sentence_chunks) >= 0))):   # rows grouped by chunk
        raise IndexCorrupt(f"The index at {index_dir}/ is inconsistent ({len(chunks)} chunks, "
                           f"{vectors.ntotal} vectors, manifest says {counts}) — {BUILD_HINT}")
    if word_vectors.shape != (len(vocabulary.stand_in_words()), dimension):
        raise IndexCorrupt(f"The index at {index_dir}/ has {word_vectors.shape[0]} word vectors for "
                           f"{len(vocabulary.stand_in_words())} words — {BUILD_HINT}")
    if vectors.d != embedder.dimension:
        raise IndexCorrupt(f"The index at {index_dir}/ has {vectors.d}-dimensional vectors, "
                           f"the manifest says {embedder.dimension} — {BUILD_HINT}")
    return Index(chunks, vectors, sentence_matrix, sentence_chunks, lexical, vocabulary, glossary,
                 manifest, embedder, index_dir, word_vectors=word_vectors, derived=derived)


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
        return read_index_dir(index_dir, embedder=embedder, settings=settings, manifest=manifest)
    except IndexCorrupt as damage:
        previous = previous_dir(index_dir)
        if not (previous / "manifest.json").exists():
            raise
        try:
            index = read_index_dir(previous, embedder=embedder, settings=settings)
        except (IndexCorrupt, IndexMismatch, IndexNotFound):
            raise damage from None
        log.warning("%s; serving the previous index built %s instead", damage, index.manifest.built_at)
        index.fallback_reason = str(damage)
        index.configured_path = index_dir
        return index
