"""The synthetic scale corpora (eval/synthetic.py): labelled, grouped like a real index, and
with the BM25 terms their text would give."""

import sys

import numpy as np

from indexer.lexical import terms

from conftest import REPO

sys.path.insert(0, str(REPO / "eval"))
from synthetic import LABEL, Pool, make_corpus, mixed_vectors  # noqa: E402


def test_synthetic_chunks_are_labelled_recombined_seed_sentences(fake_index):
    pool = Pool.from_index(fake_index)
    corpus = make_corpus(pool, 500)
    counts = np.diff(corpus.offsets)
    assert counts.min() >= 2 and counts.max() <= 5 and len(corpus.ids) == corpus.offsets[-1]
    text = corpus.text(pool, 7)
    assert text.startswith(LABEL)
    body = text.split("\n", 1)[1]
    assert all(pool.sentences[s] in body for s in corpus.ids[corpus.offsets[7]:corpus.offsets[8]])
    heading = pool.headings[corpus.headings[7]]
    assert corpus.lexical_terms(pool)[7] == terms(heading) + terms(body)
    owners = corpus.sentence_chunks()
    assert len(owners) == len(corpus.ids) and np.all(np.diff(owners) >= 0)


def test_mixed_vectors_are_unit_mixtures_near_their_sources(fake_index):
    pool = Pool.from_index(fake_index)
    real = pool.vectors[:50]
    mixed = mixed_vectors(real, 1000)
    assert mixed.shape == (1000, real.shape[1])
    assert np.allclose(np.linalg.norm(mixed, axis=1), 1, atol=1e-5)
    # w ≥ 0.5 on one source: every mixture is closer to some real vector than to a random one
    assert np.median((mixed @ real.T).max(axis=1)) > 0.7
