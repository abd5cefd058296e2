"""Scale tiers: SYNTHETIC chunks (synthetic.py) at 10k, 100k and 1M, built in a child process
and searched in a fresh one, so each process's memory is its own (see bench.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import DEPTH, REPO, build_command, repeat, rss_mb, run, summary, timed  # noqa: E402

TIERS = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
QUERY_SENTENCES = 120      # pool sentences used as extra queries at scale (80 eval questions + these)


def build_tier(n: int, directory: Path, seed_index: Path) -> dict:
    """Child process: make a SYNTHETIC corpus of n chunks, build its files, time it."""
    import faiss
    import numpy as np

    from indexer import load_embedder, load_index
    from indexer.evaluation import load_questions
    from indexer.lexical import LexicalIndex, terms
    from indexer.vectors import index_kind, make_chunk_index, nearest

    from synthetic import REAL_EMBED_LIMIT, Pool, embedded_vectors, make_corpus, mixed_vectors

    embedder = load_embedder(encoder="onnx")
    seed = load_index(seed_index, embedder=embedder)
    pool = Pool.from_index(seed)
    corpus = make_corpus(pool, n)
    out: dict = {"chunks": n, "sentences": int(corpus.offsets[-1]), "pool_sentences": len(pool.sentences)}
    directory.mkdir(parents=True, exist_ok=True)

    began = time.perf_counter()
    real = embedded_vectors(pool, make_corpus(pool, min(n, REAL_EMBED_LIMIT)), embedder,
                            log=lambda m: print(m, file=sys.stderr))
    seconds = time.perf_counter() - began
    if seconds > 5:   # not read from the cache
        out["embed_chunks_per_s"] = len(real) / seconds
    if n <= REAL_EMBED_LIMIT:
        vectors, out["vectors"] = real, "embedded"
    else:
        vectors = mixed_vectors(real, n)
        out["vectors"] = f"mixtures of {len(real):,} real embeddings"

    sample = [corpus.text(pool, i) for i in range(min(n, 10_000))]
    out["tokenize_chunks_per_s"] = len(sample) / timed(lambda: [terms(t) for t in sample])

    began = time.perf_counter()
    chunk_index = make_chunk_index(vectors, vectors.shape[1])
    faiss.write_index(chunk_index, str(directory / "vectors.faiss"))
    out["build_vectors_s"], out["index_kind"] = time.perf_counter() - began, index_kind(chunk_index)
    began = time.perf_counter()
    LexicalIndex.from_terms(corpus.lexical_terms(pool)).save(directory)
    out["build_bm25_s"] = time.perf_counter() - began
    began = time.perf_counter()
    corpus.write_sentence_matrix(pool, directory / "sentence_vectors.npy")
    np.save(directory / "sentence_chunks.npy", corpus.sentence_chunks())
    out["build_sentences_s"] = time.perf_counter() - began
    del chunk_index

    # Queries: real question vectors and terms (the eval questions, and pool sentences).
    rng = np.random.default_rng(1)
    texts = [q.question for q in load_questions(REPO / "eval" / "questions.jsonl", REPO / "corpus")]
    texts += [pool.sentences[i] for i in rng.choice(len(pool.sentences), QUERY_SENTENCES, replace=False)]
    queries = embedder.encode(texts)
    # Exact search, the reference: its answers (truth for recall) and its time per question.
    exact = make_chunk_index(vectors, vectors.shape[1], exact_limit=len(vectors))
    _, truth = nearest(exact, queries, DEPTH)
    out["exact_top100"] = summary(repeat(lambda i: nearest(exact, queries[i:i + 1], DEPTH),
                                         list(range(len(texts)))))
    exact = None     # gigabytes at 1M: free them before the next structure is built
    if out["index_kind"] == "exact":   # for the by-size comparison: what HNSW would give here
        hnsw = make_chunk_index(vectors, vectors.shape[1], exact_limit=0)
        out["hnsw_here"] = ann_figures(hnsw, queries, truth)
    if out["vectors"] == "embedded":
        # Is the stand-in used above this tier (mixtures) as hard for HNSW as the real
        # embeddings? As many mixtures as real vectors, the same questions.
        mixed = mixed_vectors(real, n)
        _, mixed_truth = nearest(make_chunk_index(mixed, mixed.shape[1]), queries, DEPTH)
        out["hnsw_on_stand_in_here"] = ann_figures(
            make_chunk_index(mixed, mixed.shape[1], exact_limit=0), queries, mixed_truth)
    np.save(directory / "queries.npy", queries)
    np.save(directory / "truth.npy", truth)
    (directory / "query_terms.json").write_text(json.dumps([terms(t) for t in texts]))
    out["disk_mb"] = {name: size_mb(directory / name)
                      for name in ("vectors.faiss", "sentence_vectors.npy", "sentence_chunks.npy", "bm25")}
    return out


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def ann_figures(index, queries, truth, **options) -> dict:
    import numpy as np

    from indexer.vectors import nearest

    # As the search uses it: DEPTH candidates per question (exact scores), of which the best 10.
    _, found = nearest(index, queries, DEPTH, **options)
    recall = float(np.mean([len(set(f[:10]) & set(t[:10])) / 10 for f, t in zip(found, truth)]))
    times = [timed(nearest, index, queries[i:i + 1], DEPTH, **options) for i in range(len(queries))]
    return {"recall@10": recall, "top100": summary(times)}


def search_tier(directory: Path) -> dict:
    """Fresh child process: load the tier's files as the app would, then time searches."""
    import numpy as np

    before = rss_mb()
    import faiss

    from indexer.lexical import LexicalIndex
    from indexer.search import rank_chunks
    from indexer.vectors import load_sentence_matrix, sentence_offsets
    imported = rss_mb()
    began = time.perf_counter()
    vectors = faiss.read_index(str(directory / "vectors.faiss"))
    after_vectors = rss_mb()
    owners = np.load(directory / "sentence_chunks.npy")
    matrix = load_sentence_matrix(directory / "sentence_vectors.npy", len(owners), vectors.d)
    offsets = sentence_offsets(owners, vectors.ntotal)
    del owners
    lexical = LexicalIndex.load(directory, vectors.ntotal)
    load_seconds = time.perf_counter() - began
    loaded = rss_mb()
    queries = np.load(directory / "queries.npy")
    truth = np.load(directory / "truth.npy")
    query_terms = json.loads((directory / "query_terms.json").read_text())
    out = {"load_s": load_seconds, "rss_mb": {"before_imports": before, "vectors_and_graph":
                                               after_vectors - imported, "after_load": loaded}}
    out["ann"] = ann_figures(vectors, queries, truth)
    if isinstance(vectors, faiss.IndexHNSW):   # the beam width trade-off, for HNSW_EF_SEARCH
        out["ef_sweep"] = {ef: ann_figures(vectors, queries, truth, ef_search=ef)
                           for ef in (128, 256, 512, 1024)}
    out["bm25_top100"] = summary(repeat(lambda t: lexical.top(t, DEPTH), query_terms))
    rows = list(range(len(queries)))
    out["hybrid_top10"] = summary(repeat(
        lambda i: rank_chunks(vectors, matrix, offsets, lexical, queries[i:i + 1], [query_terms[i]], k=10),
        rows))
    out["rss_mb"]["after_searches"] = rss_mb()
    out["rss_mb"]["anonymous"], out["rss_mb"]["file_backed"] = rss_mb("RssAnon"), rss_mb("RssFile")
    return out


def child(flag: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), flag, *args], env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{flag} {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def scale_tiers(scratch: Path, names: list[str], log) -> dict:
    seed_index = scratch / "index"
    if not seed_index.exists():
        corpus = scratch / "corpus"
        if not corpus.exists():
            shutil.copytree(REPO / "corpus", corpus)
        run(build_command(corpus, seed_index, "onnx"), scratch)
    figures = {}
    for name in names:
        n = TIERS[name]
        directory = scratch / f"tier-{name}"
        log(f"scale {name}: building {n:,} synthetic chunks…")
        built = child("--build-tier", str(n), str(directory), str(seed_index))
        log(f"scale {name}: searching in a fresh process…")
        searched = child("--search-tier", str(directory))
        figures[name] = {"build": built, "search": searched}
        shutil.rmtree(directory, ignore_errors=True)    # gigabytes at 1M
    return figures


if __name__ == "__main__":     # a child process: one tier's build or search, as JSON
    sys.path.insert(0, str(REPO))
    flag, *rest = sys.argv[1:]
    if flag == "--build-tier":
        print(json.dumps(build_tier(int(rest[0]), Path(rest[1]), Path(rest[2]))))
    else:
        print(json.dumps(search_tier(Path(rest[0]))))
