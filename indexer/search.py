"""Rank chunks for prepared questions: BM25, dense, or both fused (settings.SearchSettings).

Fusion "weighted" (the default): each retriever's scores are min-max normalised per question
over its candidates (BM25 is unbounded, cosine is not comparable to it), then combined as
w_b = (1 − dense_weight) · peak, (1 − w_b)·dense + w_b·BM25, where peak (0–1) says how far BM25's
best chunk stands above the rest (`lexical_peak`); a fused score lies in [0, 1]. "rrf" sums
1 / (rrf_k + rank) over the retrievers.

In hybrid mode the chunks of a page the question names by title come first (`prefer_named`);
their scores carry the need head's bonus and the question-without-the-title's (up to
`need_head_weight` + `named_rest_weight` more), so a ranking is then in order within the named
pages and within the rest, not by score across the two.
"""

from __future__ import annotations

from collections.abc import Callable

import faiss
import numpy as np

from .need_head import NeedHead
from .ranking import Ranked, rank_scores
from .settings import SearchSettings
from .vectors import dense_scores, nearest


def _sorted(fused: dict[int, float]) -> Ranked:
    order = sorted(fused, key=lambda i: (-fused[i], i))
    return Ranked(order, [fused[i] for i in order])


def fuse_rrf(rankings: list[Ranked], *, rrf_k: int) -> Ranked:
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


def lexical_peak(lexical: Ranked, depth: int) -> float:
    """How far BM25's best chunk stands above its `depth`-th next: 1 when one chunk has the
    question's words and the rest do not, near 0 when many hold them equally (a long question
    in everyday words matches "weak", "hand", "doctor" everywhere)."""
    scores = sorted(lexical.scores, reverse=True)
    if not scores or scores[0] <= 0:
        return 0.0
    rest = scores[depth] if len(scores) > depth else 0.0
    return (scores[0] - rest) / scores[0]


def fuse_weighted(dense: Ranked, lexical: Ranked, *, dense_weight: float, peak_depth: int = 0) -> Ranked:
    """Weighted mean of min-max-normalised scores; a chunk one side did not return gets 0.
    With `peak_depth`, BM25's weight is scaled by `lexical_peak`: min-max stretches even a flat
    BM25 ranking to [0, 1], so a ranking that says little would otherwise count in full."""
    d, b = _min_max(dense), _min_max(lexical)
    lexical_weight = (1 - dense_weight) * (lexical_peak(lexical, peak_depth) if peak_depth else 1.0)
    return _sorted({i: (1 - lexical_weight) * d.get(i, 0.0) + lexical_weight * b.get(i, 0.0)
                    for i in d.keys() | b.keys()})


def fuse(dense: Ranked, lexical: Ranked, settings: SearchSettings) -> Ranked:
    if settings.fusion == "rrf":
        return fuse_rrf([dense, lexical], rrf_k=settings.rrf_k)
    return fuse_weighted(dense, lexical, dense_weight=settings.dense_weight, peak_depth=settings.lexical_peak_depth)


def prefer_named(ranked: Ranked, named: list[tuple[int, int]], bonus: Callable[[int], float]) -> Ranked:
    """`ranked` with the chunks of the documents the question names by title (titles.py) first,
    ordered among themselves by their score plus `bonus(chunk id)`; `named` holds those
    documents' (first chunk id, chunk count)."""
    def of_named(i: int) -> bool:
        return any(first <= i < first + count for first, count in named)
    scores = dict(zip(ranked.ids, ranked.scores))
    first = _sorted({i: s + bonus(i) for i, s in scores.items() if of_named(i)})
    rest = _sorted({i: s for i, s in scores.items() if not of_named(i)})
    return Ranked(first.ids + rest.ids, first.scores + rest.scores)


def named_bonus(question: np.ndarray, sentence_matrix: np.ndarray, offsets: np.ndarray,
                head: NeedHead | None, settings: SearchSettings, *, rest: np.ndarray | None = None,
                vectors: faiss.Index | None = None) -> Callable[[int], float]:
    """What orders a named document's chunks besides their fused score: the need head's score
    of their first sentences (which part of the page states what is asked; need_head.py), and
    the dense score of the question without the title (`rest`): every chunk of the page is
    about what the title names, so the title's words cannot tell them apart."""
    def bonus(chunk_id: int) -> float:
        out = 0.0
        if head is not None and settings.need_head_weight:
            first = int(offsets[chunk_id])
            last = min(int(offsets[chunk_id + 1]), first + settings.need_head_sentences)
            out += settings.need_head_weight * head.score(question, np.asarray(sentence_matrix[first:last]))
        if rest is not None and settings.named_rest_weight:
            out += settings.named_rest_weight * float(
                dense_scores(rest, np.array([chunk_id]), vectors, sentence_matrix, offsets)[0])
        return out
    return bonus


def titled_pages(titles: Callable[[], object], questions: list[str], settings: SearchSettings, *,
                 encode: Callable[[list[str]], np.ndarray] | None) -> tuple[list | None, list | None]:
    """Per question, the pages it names by title (`titles()`: the index's DocumentTitles, built
    on first use, so a search that does not use them never builds them) and the vector of its
    words without those titles, for `named_bonus` (None: no title named, nothing else asked,
    no `encode`r in bm25 mode, or no weight for it). (None, None) when titles are not used."""
    if not settings.uses_titles or not questions:
        return None, None
    named, rest_texts = zip(*(titles().named_and_rest(q) for q in questions))
    if encode is None or not settings.named_rest_weight:
        return list(named), None
    wanted = [i for i, (pages, rest) in enumerate(zip(named, rest_texts)) if pages and rest]
    rests: list[np.ndarray | None] = [None] * len(named)
    for i, vector in zip(wanted, encode([rest_texts[i] for i in wanted]) if wanted else []):
        rests[i] = vector
    return list(named), rests


def _named_ids(named: list[tuple[int, int]], most: int) -> np.ndarray:
    """The chunks of the named documents of at most `most` chunks, to be scored whether or not
    a retriever proposed them (a longer document's chunks compete as proposed)."""
    spans = [np.arange(first, first + count) for first, count in named if count <= most]
    return np.concatenate(spans) if spans else np.zeros(0, dtype=np.int64)


def rank_chunks(vectors: faiss.Index, sentence_matrix: np.ndarray, offsets: np.ndarray, lexical,
                encoded: np.ndarray | None, lexical_terms: list[list[str]], *, k: int,
                settings: SearchSettings = SearchSettings(),
                named: list[list[tuple[int, int]]] | None = None, head: NeedHead | None = None,
                rests: list[np.ndarray | None] | None = None) -> list[Ranked]:
    """The `k` best chunks per question. `encoded`: the questions' unit vectors (None in bm25
    mode); `lexical_terms`: their BM25 terms; `lexical`: a LexicalIndex; `named`: per question,
    the (first chunk id, count) of each document it names by title, preferred in hybrid mode,
    their chunks ordered with the need `head` when there is one.

    Each retriever proposes `settings.candidates` chunks; the dense side then scores every
    proposed chunk exactly (chunk and best-sentence cosine), so a chunk BM25 found is never
    missing a dense score in the fusion, whatever structure found the dense candidates.
    """
    mode = settings.mode
    depth = max(settings.candidates, k)
    proposed = nearest(vectors, encoded, depth)[1] if mode != "bm25" else None
    results = []
    for row, query_terms in enumerate(lexical_terms):
        titled = named[row] if named and settings.uses_titles else []
        bm25 = lexical.top(query_terms, depth) if mode != "dense" else None
        dense = None
        if mode != "bm25":
            ids = np.union1d(np.union1d(proposed[row][proposed[row] >= 0], bm25.ids if bm25 else []),
                             _named_ids(titled, settings.named_document_chunks)).astype(np.int64)
            scores = dense_scores(encoded[row], ids, vectors, sentence_matrix, offsets)
            dense = rank_scores(scores, len(ids), ids=ids)
        ranked = fuse(dense, bm25, settings) if dense and bm25 else (dense or bm25)
        if titled:
            rest = rests[row] if rests is not None and encoded is not None else None
            ranked = prefer_named(ranked, titled, named_bonus(encoded[row], sentence_matrix, offsets, head, settings,
                                                              rest=rest, vectors=vectors))
        results.append(Ranked(ranked.ids[:k], ranked.scores[:k]))
    return results
