"""Rank chunks for prepared questions: BM25, dense, or both fused.

Fusion (`FUSION`, default "weighted"): each retriever's scores are min-max normalised per
question over its candidates (BM25 is unbounded, cosine is not comparable to it), then
combined as DENSE_WEIGHT·dense + (1 − DENSE_WEIGHT)·BM25. Reciprocal-rank fusion ("rrf", Cormack et al. 2009) is kept for
comparison: it throws away how far ahead a retriever's first choice is, and on the dev half
of eval/questions.jsonl it lost (MRR@10 0.856 vs 0.881, Recall@1 0.778 vs 0.806; the sweep is
in docs/retrieval.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import faiss
import numpy as np

from .vectors import dense_scores, nearest

MODES = ("bm25", "dense", "hybrid")
FUSIONS = ("weighted", "rrf")
FUSION = "weighted"
# Weight of the dense side in the weighted fusion, chosen on the dev questions from 0.4–0.8
# (0.6: MRR@10 0.898; 0.5: 0.865; 0.7: 0.870). See docs/retrieval.md.
DENSE_WEIGHT = 0.6
# The usual constant from the RRF paper; on our dev questions 10–100 moved MRR by < 0.01.
RRF_K = 60
# Chunks each retriever proposes per question before fusion. Above the seed corpus's size, so
# there every chunk is scored; at scale, the dense side's candidates come from the chunk
# vectors (exact or HNSW) and BM25's from its own top list, and their union is scored exactly.
CANDIDATES = 100


@dataclass(frozen=True)
class Ranked:
    """One retriever's or the fusion's ranking: chunk ids best first, with their scores."""

    ids: list[int]
    scores: list[float]


def rank_scores(scores: np.ndarray, depth: int, *, ids: np.ndarray | None = None,
                positive_only: bool = False) -> Ranked:
    """The `depth` best of `scores` (of chunk `ids`, default 0..n-1), ties by lower id.

    Only the best `depth` are sorted: one O(n) partition finds the depth-th best score, and
    only scores at or above it are kept (at a million chunks a full sort, or masking every
    score first, cost ~16 ms per question; this ~3 ms)."""
    scores = np.asarray(scores)
    keep = np.flatnonzero(scores > 0) if positive_only else np.arange(len(scores))
    values = scores[keep]
    if len(values) > depth:
        cut = np.partition(values, len(values) - depth)[len(values) - depth]
        at_least = np.flatnonzero(values >= cut)      # ties at the cut all stay, settled by id
        keep, values = keep[at_least], values[at_least]
    chosen_ids = keep if ids is None else np.asarray(ids)[keep]
    order = np.lexsort((chosen_ids, -values))[:depth]
    return Ranked([int(i) for i in chosen_ids[order]], [float(x) for x in values[order]])


def _sorted(fused: dict[int, float]) -> Ranked:
    order = sorted(fused, key=lambda i: (-fused[i], i))
    return Ranked(order, [fused[i] for i in order])


def fuse_rrf(rankings: list[Ranked], *, rrf_k: int = RRF_K) -> Ranked:
    fused: dict[int, float] = {}
    for ranking in rankings:
        for position, chunk_id in enumerate(ranking.ids, start=1):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (rrf_k + position)
    return _sorted(fused)


def _min_max(ranking: Ranked) -> dict[int, float]:
    if not ranking.scores:
        return {}
    low, high = min(ranking.scores), max(ranking.scores)
    span = high - low
    return {i: (s - low) / span if span > 0 else 1.0 for i, s in zip(ranking.ids, ranking.scores)}


def fuse_weighted(dense: Ranked, lexical: Ranked, *, dense_weight: float = DENSE_WEIGHT) -> Ranked:
    """Weighted mean of min-max-normalised scores; a chunk one side did not return gets 0."""
    d, b = _min_max(dense), _min_max(lexical)
    return _sorted({i: dense_weight * d.get(i, 0.0) + (1 - dense_weight) * b.get(i, 0.0)
                    for i in d.keys() | b.keys()})


def fuse(dense: Ranked, lexical: Ranked, *, fusion: str = FUSION) -> Ranked:
    if fusion == "rrf":
        return fuse_rrf([dense, lexical])
    if fusion == "weighted":
        return fuse_weighted(dense, lexical)
    raise ValueError(f"unknown fusion '{fusion}'; choose from {', '.join(FUSIONS)}")


def rank_chunks(vectors: faiss.Index, sentence_matrix: np.ndarray, offsets: np.ndarray, lexical,
                encoded: np.ndarray | None, lexical_terms: list[list[str]], *, k: int,
                mode: str = "hybrid", fusion: str = FUSION) -> list[Ranked]:
    """The `k` best chunks per question. `encoded`: the questions' unit vectors (None in bm25
    mode); `lexical_terms`: their BM25 terms; `lexical`: a LexicalIndex.

    Each retriever proposes `CANDIDATES` chunks; the dense side then scores every proposed
    chunk exactly (chunk and best-sentence cosine), so a chunk BM25 found is never missing a
    dense score in the fusion, whatever structure found the dense candidates.
    """
    depth = max(CANDIDATES, k)
    proposed = nearest(vectors, encoded, depth)[1] if mode != "bm25" else None
    results = []
    for row, query_terms in enumerate(lexical_terms):
        bm25 = lexical.top(query_terms, depth) if mode != "dense" else None
        dense = None
        if mode != "bm25":
            ids = np.union1d(proposed[row][proposed[row] >= 0], bm25.ids if bm25 else []).astype(np.int64)
            scores = dense_scores(encoded[row], ids, vectors, sentence_matrix, offsets)
            dense = rank_scores(scores, len(ids), ids=ids)
        ranked = fuse(dense, bm25, fusion=fusion) if dense and bm25 else (dense or bm25)
        results.append(Ranked(ranked.ids[:k], ranked.scores[:k]))
    return results
