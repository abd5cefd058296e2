"""Vector storage by size: exact below the limit, HNSW above, and the same answers either way."""

import json

import numpy as np
import pytest

import indexer.store as store
from indexer import build_index, load_index
from indexer.search import rank_scores
from indexer.vectors import dense_scores, index_kind, load_sentence_matrix, make_chunk_index, nearest, sentence_offsets


def clustered_unit_vectors(n: int, dimension: int = 64, seed: int = 0) -> np.ndarray:
    """Points around 50 topics that vary along a few directions, as sentence embeddings do
    (full-rank random noise is the worst case for any graph index and unlike any embedding)."""
    rng = np.random.default_rng(seed)
    basis = np.random.default_rng(99).standard_normal((58, dimension))   # shared by all calls
    topics, directions = basis[:50], basis[50:]
    x = topics[rng.integers(0, 50, n)] + 0.4 * rng.standard_normal((n, 8)) @ directions
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_the_index_type_follows_the_collection_size():
    x = clustered_unit_vectors(300)
    assert index_kind(make_chunk_index(x, 64, exact_limit=300)) == "exact"
    assert index_kind(make_chunk_index(x, 64, exact_limit=299)) == "hnsw"


def test_hnsw_finds_what_exact_search_finds():
    x = clustered_unit_vectors(5000)
    queries = clustered_unit_vectors(100, seed=1)
    _, truth = nearest(make_chunk_index(x, 64), queries, 10)
    _, found = nearest(make_chunk_index(x, 64, exact_limit=0), queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth, found)])
    assert recall >= 0.95


def test_dense_score_is_the_mean_of_chunk_and_best_sentence_cosine():
    chunks = clustered_unit_vectors(4, seed=2)
    sentences = clustered_unit_vectors(5, seed=3)
    owners = np.array([0, 0, 1, 3, 3])                       # chunk 2 has no sentences
    query = clustered_unit_vectors(1, seed=4)[0]
    got = dense_scores(query, np.array([3, 2, 0]), make_chunk_index(chunks, 64), sentences,
                       sentence_offsets(owners, 4))
    s = sentences @ query
    c = chunks @ query
    assert np.allclose(got, [(c[3] + max(s[3], s[4])) / 2, c[2], (c[0] + max(s[0], s[1])) / 2],
                       atol=1e-6)


def test_ranking_keeps_the_best_and_breaks_ties_by_id():
    scores = np.array([0.5, 0.9, 0.5, 0.0, 0.7, 0.5])
    assert rank_scores(scores, 3).ids == [1, 4, 0]
    assert rank_scores(scores, 10, positive_only=True).ids == [1, 4, 0, 2, 5]
    assert rank_scores(scores[[5, 2]], 5, ids=np.array([5, 2])).ids == [2, 5]


def test_partial_ranking_equals_a_full_sort():
    """The partition shortcut must give exactly a full sort's top (ties by id), with many ties."""
    rng = np.random.default_rng(5)
    for _ in range(300):
        n = int(rng.integers(0, 300))
        scores = (np.round(rng.random(n), 1) * (rng.random(n) > 0.3)).astype(np.float32)
        ids = rng.permutation(1000)[:n]
        depth = int(rng.integers(1, 50))
        for positive_only in (False, True):
            expected = sorted((-float(s), int(i)) for s, i in zip(scores, ids)
                              if s > 0 or not positive_only)[:depth]
            got = rank_scores(scores, depth, ids=ids, positive_only=positive_only)
            assert got.ids == [i for _, i in expected]


def test_a_large_index_uses_hnsw_and_ranks_as_exact_search_does(corpus, tmp_path, fake_embedder,
                                                               monkeypatch):
    questions = ["How is MG told apart from ALS?", "vitamin B12 deficiency",
                 "what treatments are there for ALS?", "ALS vs MS vision"]
    build_index(corpus, tmp_path / "exact", embedder=fake_embedder)
    exact = load_index(tmp_path / "exact", embedder=fake_embedder)
    monkeypatch.setattr(store, "make_chunk_index",
                        lambda vectors, dimension: make_chunk_index(vectors, dimension, exact_limit=10))
    build_index(corpus, tmp_path / "hnsw", embedder=fake_embedder)
    graph = load_index(tmp_path / "hnsw", embedder=fake_embedder)
    assert json.loads((tmp_path / "hnsw" / "manifest.json").read_text())["vector_index"] == "hnsw"
    assert index_kind(graph.vectors) == "hnsw" and index_kind(exact.vectors) == "exact"
    for question in questions:
        assert ([h.chunk.id for h in graph.search(question, k=5)]
                == [h.chunk.id for h in exact.search(question, k=5)])


def test_a_sentence_matrix_of_the_wrong_shape_is_refused(tmp_path):
    np.save(tmp_path / "s.npy", np.zeros((3, 8), dtype=np.float32))
    assert load_sentence_matrix(tmp_path / "s.npy", 3, 8).shape == (3, 8)
    with pytest.raises(ValueError, match=r"expected float32 \(4, 8\)"):
        load_sentence_matrix(tmp_path / "s.npy", 4, 8)
    np.save(tmp_path / "s.npy", np.zeros((3, 8), dtype=np.float64))
    with pytest.raises(ValueError, match="float64"):
        load_sentence_matrix(tmp_path / "s.npy", 3, 8)
