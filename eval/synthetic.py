"""SYNTHETIC corpora for scale benchmarks: realistic text and vectors, not real documents.

Nothing here is medical content to be read or served: it exists to time the index at 10k, 100k
and 1M chunks on one machine, and every chunk it makes is labelled synthetic.

How a synthetic chunk is made (`make_corpus`):
- its text is 2–5 sentences drawn at random from the seed corpus's sentences (a pool of ~450
  real sentences), under a heading drawn from the seed corpus's headings;
- its sentence vectors are the real embeddings of those sentences (from the seed index);
- its chunk vector is, up to `REAL_EMBED_LIMIT` chunks, the real embedding of its text (the
  encoder runs on every chunk; cached in `~/.cache/cited-qa/bench`, as it takes minutes).
  Above that, vectors are `mixed_vectors`: w·a + (1 − w)·b, normalised, for two random real
  chunk embeddings a, b of the embedded tier and w uniform in [0.5, 1]. At larger tiers these
  vectors are not the embedding of that chunk's text. They were chosen because HNSW finds
  their neighbours no more easily than real ones: at efSearch 100 on the embedded tier (10k),
  recall@10 was 0.971–0.973 on the real vectors and 0.963–0.973 on as many mixtures, while the
  obvious alternative, the mean of a chunk's sentence vectors, reached 0.993 and so would
  flatter the index (`bench.py` prints the real-vs-mixture check on every run);
- its BM25 terms are its sentences' terms (`indexer.lexical.terms`, computed once per pool
  sentence) plus its heading's: the same terms `terms(text)` gives, without re-tokenising a
  million texts (tokenising speed is measured separately, on real text).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.embedder import unit_rows
from indexer.lexical import terms

REAL_EMBED_LIMIT = 10_000
CACHE = Path(os.environ.get("CITED_QA_BENCH_CACHE", Path.home() / ".cache" / "cited-qa" / "bench"))
LABEL = "SYNTHETIC (benchmark only)"


@dataclass
class Pool:
    """The real sentences and headings of the seed index that synthetic chunks are made of."""

    sentences: list[str]
    vectors: np.ndarray          # (len(sentences), d) real sentence embeddings
    sentence_terms: list[list[str]]
    headings: list[str]

    @classmethod
    def from_index(cls, index) -> Pool:
        texts, rows = [], []
        for chunk in index.chunks:
            start = int(index.sentence_offsets[chunk.id])
            for k, sentence in enumerate(chunk.sentences):
                if sentence.kind in ("text", "item") and len(sentence.text) > 30:
                    texts.append(sentence.text)
                    rows.append(start + k)
        headings = sorted({" › ".join(c.section) for c in index.chunks if c.section})
        return cls(texts, np.asarray(index.sentence_matrix[rows]), [terms(t) for t in texts], headings)


@dataclass
class Corpus:
    """`n` synthetic chunks: chunk i has pool sentences ids[offsets[i]:offsets[i + 1]]."""

    n: int
    ids: np.ndarray
    offsets: np.ndarray
    headings: np.ndarray
    seed: int

    def text(self, pool: Pool, i: int) -> str:
        body = " ".join(pool.sentences[s] for s in self.ids[self.offsets[i]:self.offsets[i + 1]])
        return f"{LABEL} — {pool.headings[self.headings[i]]}\n{body}"

    def lexical_terms(self, pool: Pool) -> list[list[str]]:
        heading_terms = [terms(h) for h in pool.headings]
        return [heading_terms[self.headings[i]]
                + [t for s in self.ids[self.offsets[i]:self.offsets[i + 1]] for t in pool.sentence_terms[s]]
                for i in range(self.n)]

    def sentence_chunks(self) -> np.ndarray:
        return np.repeat(np.arange(self.n), np.diff(self.offsets))


    def write_sentence_matrix(self, pool: Pool, path: Path, batch: int = 500_000) -> None:
        """Each chunk's sentence vectors, grouped by chunk (the index's layout), streamed to a
        .npy file: at 1M chunks it is gigabytes."""
        matrix = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32,
                                           shape=(len(self.ids), pool.vectors.shape[1]))
        for start in range(0, len(self.ids), batch):
            matrix[start:start + batch] = pool.vectors[self.ids[start:start + batch]]
        matrix.flush()
        del matrix


def mixed_vectors(real: np.ndarray, n: int, seed: int = 11, batch: int = 100_000) -> np.ndarray:
    """`n` unit vectors w·a + (1 − w)·b of random real vectors a, b (w uniform in [0.5, 1])."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, real.shape[1]), dtype=np.float32)
    for start in range(0, n, batch):
        stop = min(start + batch, n)
        a, b = rng.integers(0, len(real), (2, stop - start))
        w = rng.uniform(0.5, 1.0, (stop - start, 1)).astype(np.float32)
        out[start:stop] = unit_rows(w * real[a] + (1 - w) * real[b])
    return out


def make_corpus(pool: Pool, n: int, seed: int = 7) -> Corpus:
    rng = np.random.default_rng(seed)
    counts = rng.integers(2, 6, n)                     # 2–5 sentences per chunk
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    ids = rng.integers(0, len(pool.sentences), int(offsets[-1])).astype(np.int32)
    headings = rng.integers(0, len(pool.headings), n).astype(np.int32)
    return Corpus(n, ids, offsets, headings, seed)


def embedded_vectors(pool: Pool, corpus: Corpus, embedder, log=print) -> np.ndarray:
    """Real embeddings of every chunk text (cached on disk by model, size and seed)."""
    # ("one-per-call": the ONNX encoder's way of encoding since vectors stopped depending on
    # batch-mates; vectors cached before that are not reused.)
    key = hashlib.sha256(f"{embedder.name}|{getattr(embedder, 'encoder', '')}|one-per-call|"
                         f"{corpus.n}|{corpus.seed}|"
                         f"{len(pool.sentences)}".encode()).hexdigest()[:16]
    path = CACHE / f"synthetic-{corpus.n}-{key}.npy"
    if path.exists():
        return np.load(path)
    log(f"embedding {corpus.n:,} synthetic chunks for real (cached in {path.parent}/)…")
    vectors = embedder.encode([corpus.text(pool, i) for i in range(corpus.n)])
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp.npy")
    np.save(partial, vectors)
    os.replace(partial, path)
    return vectors

