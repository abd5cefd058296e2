"""Chunk vectors and sentence vectors: which FAISS structure, and how to score candidates.

Chunk vectors go into an exact `IndexFlatIP` up to `EXACT_LIMIT` chunks and into an HNSW graph
above it. Measured on this 2-core machine (eval/bench.py, docs/benchmarks.md): exact top-100 search
takes ~1.2 ms at 10k chunks, ~13 ms at 100k and ~160 ms at 1M, while HNSW answers in about a
millisecond at recall@10 ≥ 0.95 against exact. Below 50k, exact costs a few milliseconds and is
never wrong, so there is no reason to approximate.

Either way the search structure only *proposes* candidates: their scores are then computed
exactly from the stored vectors (`similarities`), so a candidate's score does not depend on
which structure found it.

Sentence vectors are a plain float32 `.npy` matrix, rows grouped by chunk, opened memory-mapped:
at a million chunks it is gigabytes on disk, and a question only reads the rows of its
candidate chunks.
"""

from __future__ import annotations

import mmap
from pathlib import Path

import faiss
import numpy as np

EXACT_LIMIT = 50_000
# HNSW: M links per node (graph ≈ 2·M·4 bytes per vector on the base layer), the beam width
# while building, and the beam width while searching. efSearch trades time for recall; eval/
# bench.py prints the sweep. On 1M synthetic chunks: 100 → recall@10 0.82 (0.27 ms), 400 →
# 0.946 (0.88 ms); 512 is the smallest tried that clears 0.95 (docs/benchmarks.md). A larger
# efConstruction (200) builds a better graph but took 3× longer (421 s vs 139 s at 1M).
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 512


def make_chunk_index(vectors: np.ndarray, dimension: int, *,
                     exact_limit: int = EXACT_LIMIT) -> faiss.Index:
    """Exact inner product (= cosine on unit vectors) for small collections, HNSW above."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if len(vectors) <= exact_limit:
        index = faiss.IndexFlatIP(dimension)
    else:
        index = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    if len(vectors):
        index.add(vectors)
    return index


def index_kind(index: faiss.Index) -> str:
    """"exact" or "hnsw" (what the manifest and `info` report)."""
    return "hnsw" if isinstance(index, faiss.IndexHNSW) else "exact"


def nearest(index: faiss.Index, queries: np.ndarray, k: int, *,
            ef_search: int = HNSW_EF_SEARCH) -> tuple[np.ndarray, np.ndarray]:
    """The `k` best (scores, ids) per query; ids are -1 where fewer exist. The HNSW beam is
    passed per call, never set on the shared index, so concurrent requests do not race."""
    k = min(k, index.ntotal)
    if k <= 0:
        empty = np.zeros((len(queries), 0))
        return empty.astype(np.float32), empty.astype(np.int64)
    if isinstance(index, faiss.IndexHNSW):
        params = faiss.SearchParametersHNSW(efSearch=max(ef_search, k))
        return index.search(queries, k, params=params)
    return index.search(queries, k)


def stored_vectors(index: faiss.Index, ids: np.ndarray) -> np.ndarray:
    """The stored vectors of chunk `ids` (flat and HNSW-flat keep them uncompressed)."""
    ids = np.asarray(ids, dtype=np.int64)
    if not len(ids):
        return np.zeros((0, index.d), dtype=np.float32)
    return index.reconstruct_batch(ids)


def all_vectors(index: faiss.Index) -> np.ndarray:
    return index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)


def sentence_offsets(sentence_chunks: np.ndarray, chunk_count: int) -> np.ndarray:
    """Row range of each chunk's sentences: chunk i owns rows offsets[i]:offsets[i + 1]."""
    return np.searchsorted(sentence_chunks, np.arange(chunk_count + 1)).astype(np.int64)


def dense_scores(query: np.ndarray, ids: np.ndarray, chunk_vectors: faiss.Index,
                 sentence_matrix: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """A chunk's dense score: the mean of its own cosine and its best sentence's cosine.

    A chunk that defines four conditions embeds as a blur of them; its best-matching sentence
    does not. (Dev questions, dense alone: MRR@10 0.697 chunk only, 0.845 with sentences.)
    """
    ids = np.asarray(ids, dtype=np.int64)
    chunk = stored_vectors(chunk_vectors, ids) @ query
    starts = offsets[ids]
    counts = offsets[ids + 1] - starts
    first = np.cumsum(counts) - counts            # where each chunk's rows begin in `rows`
    rows = np.repeat(starts - first, counts) + np.arange(counts.sum())
    best = chunk.copy()                           # a chunk without sentences: its own cosine
    has = counts > 0
    if has.any():
        best[has] = np.maximum.reduceat(sentence_matrix[rows] @ query, first[has])
    return (chunk + best) / 2


def save_sentence_matrix(path: Path, matrix: np.ndarray) -> None:
    np.save(path, np.ascontiguousarray(matrix, dtype=np.float32), allow_pickle=False)


# Sentence matrices up to this size are read into memory (the seed corpus's is 0.7 MB);
# bigger ones are memory-mapped.
MAP_ABOVE_BYTES = 64 << 20


def load_sentence_matrix(path: Path, count: int, dimension: int) -> np.ndarray:
    """The sentence vectors; refuses a file of the wrong shape or type."""
    big = path.stat().st_size > MAP_ABOVE_BYTES
    matrix = np.load(path, mmap_mode="r" if big else None, allow_pickle=False)
    if matrix.dtype != np.float32 or matrix.shape != (count, dimension):
        raise ValueError(f"{path.name} holds {matrix.dtype} {matrix.shape}, expected float32 "
                         f"({count}, {dimension})")
    mapping = getattr(matrix, "_mmap", None)
    if mapping is not None and hasattr(mmap, "MADV_RANDOM"):
        # A question reads a few hundred scattered rows; the kernel's default read-ahead
        # would page in 128 KiB around each (measured at 1M chunks: the whole 5 GB file
        # resident after 600 questions).
        mapping.madvise(mmap.MADV_RANDOM)
    # A plain array view: np.memmap's indexing costs ~0.1 ms per call in Python overhead.
    return matrix.view(np.ndarray)
