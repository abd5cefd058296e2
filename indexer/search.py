"""Rank chunks for prepared questions: BM25, dense, or both fused.

Fusion (`FUSION`, default "weighted"): each retriever's scores are min-max normalised per
question over its candidates (BM25 is unbounded, cosine is not comparable to it), then
averaged with equal weight. Reciprocal-rank fusion ("rrf", Cormack et al. 2009) is kept for
comparison: it throws away how far ahead a retriever's first choice is, and on the dev half
of eval/questions.jsonl it lost (MRR@10 0.856 vs 0.881, Recall@1 0.778 vs 0.806; the sweep is
in docs/retrieval.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MODES = ("bm25", "dense", "hybrid")
FUSIONS = ("weighted", "rrf")
FUSION = "weighted"
# Weight of the dense side in the weighted fusion, chosen on the dev questions from 0.4–0.8
# (0.6: MRR@10 0.898; 0.5: 0.865; 0.7: 0.870). See docs/retrieval.md.
DENSE_WEIGHT = 0.6
# The usual constant from the RRF paper; on our dev questions 10–100 moved MRR by < 0.01.
RRF_K = 60


@dataclass(frozen=True)
class Ranked:
    """One retriever's or the fusion's ranking: chunk ids best first, with their scores."""

    ids: list[int]
    scores: list[float]


def dense_scores(chunk_similarities: np.ndarray, sentence_similarities: np.ndarray,
                 sentence_chunks: np.ndarray) -> np.ndarray:
    """A chunk's dense score: the mean of its own cosine and its best sentence's cosine.

    A chunk that defines four conditions embeds as a blur of them; its best-matching sentence
    does not. (Dev questions, dense alone: MRR@10 0.697 chunk only, 0.845 with sentences.)
    """
    best = np.full(len(chunk_similarities), -1.0, dtype=np.float32)
    np.maximum.at(best, sentence_chunks, sentence_similarities)
    best = np.where(best > -1.0, best, chunk_similarities)  # chunks without sentences
    return (chunk_similarities + best) / 2


def rank_scores(scores: np.ndarray, depth: int, *, positive_only: bool = False) -> Ranked:
    order = np.argsort(-scores, kind="stable")[:depth]
    order = [int(i) for i in order if not positive_only or scores[i] > 0]
    return Ranked(order, [float(scores[i]) for i in order])


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
    """Equal-weight mean of min-max-normalised scores; a chunk one side did not return gets 0."""
    d, b = _min_max(dense), _min_max(lexical)
    return _sorted({i: dense_weight * d.get(i, 0.0) + (1 - dense_weight) * b.get(i, 0.0)
                    for i in d.keys() | b.keys()})


def fuse(dense: Ranked, lexical: Ranked, *, fusion: str = FUSION) -> Ranked:
    if fusion == "rrf":
        return fuse_rrf([dense, lexical])
    if fusion == "weighted":
        return fuse_weighted(dense, lexical)
    raise ValueError(f"unknown fusion '{fusion}'; choose from {', '.join(FUSIONS)}")
