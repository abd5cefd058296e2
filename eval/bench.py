"""Performance figures in one command: each beside its reference, measured in the same run.

    python eval/bench.py [--runs 3] [--tiers 10k,100k] [--million] [--only seed|scale]
                         [--out bench.json]

Seed corpus (a scratch copy of corpus/, index built with the default ONNX encoder):
  encode      one question, warm: ONNX int8 vs torch fp32 (reference)
  search      hybrid ranking of a prepared, encoded question (no encode)
  ask         question → cited answer, warm (reference: encode + search)
  embed       the corpus's chunk texts, chunks/s: ONNX vs torch
  build       full build in a fresh process (`python -m indexer build --full`): ONNX vs torch
  new doc     incremental build after adding each seed document to the other three
              (reference: the full build)
  cli cold    fresh process → first answer (`python -m indexer ask`): ONNX vs torch
  app start   process start → chat page served (reference: `import gradio` alone)

Scale tiers (SYNTHETIC chunks, see synthetic.py; 10k and 100k by default, 1M with --million):
build time, disk, RSS, and search p50/p95 for exact vs the index type chosen by size, with
HNSW recall@10 against exact search; BM25 top-100; the full hybrid ranking. Each tier is
built in a child process and searched in a fresh one, so RSS is the search process's own.

Prints tables (median, p95, runs) and writes every figure as JSON to --out.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "eval"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

QUESTION = "How is MG told apart from ALS?"
TIERS = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
QUERY_SENTENCES = 120      # pool sentences used as extra queries at scale (80 eval questions + these)
DEPTH = 100                # candidates per retriever (indexer.search.CANDIDATES)


# ---------------------------------------------------------------- measuring

def summary(samples: list[float], scale: float = 1000.0) -> dict:
    """Median and p95 of `samples` (seconds), in ms by default."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"median": statistics.median(ordered) * scale, "p95": p95 * scale, "runs": len(ordered)}


def timed(function, *args, **kwargs) -> float:
    began = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - began


def repeat(function, items, passes: int = 1, warmup: int = 3) -> list[float]:
    for item in items[:warmup]:
        function(item)
    return [timed(function, item) for _ in range(passes) for item in items]


def run(command: list[str], cwd: Path, **kwargs) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    began = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, **kwargs)
    return time.perf_counter() - began


def rss_mb(kind: str = "VmRSS") -> float:
    """Resident memory in MB: VmRSS (all), RssAnon (the process's own, not reclaimable) or
    RssFile (mapped file pages: the page cache, which the kernel can drop)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(kind + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    memory = next((int(line.split()[1]) / 1024 ** 2 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    import faiss
    import onnxruntime
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory, 1),
            "python": sys.version.split()[0], "faiss": faiss.__version__,
            "onnxruntime": onnxruntime.__version__}


# ---------------------------------------------------------------- the seed corpus

def build_command(corpus: Path, index: Path, encoder: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "indexer", "build", "--quiet", "--corpus", str(corpus),
            "--index", str(index), "--encoder", encoder, *extra]


def seed_tier(scratch: Path, runs: int, log) -> dict:
    from indexer import load_index
    from indexer.embedding import load_embedder
    from indexer.evaluation import load_questions

    corpus = scratch / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    index_dir = scratch / "index"
    figures: dict = {}

    log("seed: full builds (fresh processes)…")
    builds = {e: [run(build_command(corpus, scratch / f"full-{e}", e, "--full"), scratch)
                  for _ in range(runs)] for e in ("onnx", "torch")}
    shutil.copytree(scratch / "full-onnx", index_dir)
    onnx_embedder, torch_embedder = load_embedder(encoder="onnx"), load_embedder(encoder="torch")
    index = load_index(index_dir, embedder=onnx_embedder)
    chunks = len(index.chunks)
    sentences = len(index.sentence_matrix)
    figures["build"] = {e: summary(t, 1) for e, t in builds.items()}
    figures["build"]["chunks"], figures["build"]["sentences"] = chunks, sentences

    questions = [q.question for q in load_questions(REPO / "eval" / "questions.jsonl", corpus)]
    log("seed: warm encode, search, ask…")
    figures["encode"] = {name: summary(repeat(lambda q: e.encode([q]), questions, passes=3))
                         for name, e in (("onnx", onnx_embedder), ("torch", torch_embedder))}
    texts = [c.embedding_text() for c in index.chunks]
    figures["embed"] = {name: {"chunks_per_s": statistics.median(
        chunks / timed(e.encode, texts) for _ in range(runs))}
        for name, e in (("onnx", onnx_embedder), ("torch", torch_embedder))}
    prepared = [index.prepare(q) for q in questions]
    encoded = {p.dense_text: onnx_embedder.encode([p.dense_text]) for p in prepared}
    figures["search"] = summary(repeat(
        lambda p: index.search_prepared([p], k=5, vectors=encoded[p.dense_text]), prepared, passes=3))
    figures["ask"] = summary(repeat(index.answer, questions, passes=3))
    figures["ask"]["reference_encode_plus_search"] = (figures["encode"]["onnx"]["median"]
                                                      + figures["search"]["median"])

    log("seed: one new document (fresh processes)…")
    per_document = {}
    for source in sorted(p.name for p in corpus.iterdir() if p.suffix in (".txt", ".md")):
        others = scratch / f"without-{source}"
        shutil.copytree(corpus, others)
        (others / source).unlink()
        base = scratch / f"base-{source}"
        run(build_command(others, base, "onnx"), scratch)
        times = []
        for _ in range(runs):
            work = scratch / "incremental"
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(base, work)
            (others / source).write_bytes((corpus / source).read_bytes())
            times.append(run(build_command(others, work, "onnx"), scratch))
            (others / source).unlink()
        per_document[source] = {**summary(times, 1),
                                "chunks": index.manifest["sources"][f"corpus/{source}"]["chunks"]}
    figures["new_document"] = per_document

    log("seed: builds in one process (model loaded once, as a long-running process would)…")
    from indexer import build_index
    quiet = {"log": lambda _: None}
    full_in_process = [timed(build_index, corpus, scratch / "in-process", embedder=onnx_embedder,
                             full=True, **quiet) for _ in range(runs)]
    in_process = {}
    for source in per_document:
        others = scratch / f"without-{source}"
        times = []
        for _ in range(runs):
            shutil.rmtree(scratch / "incremental", ignore_errors=True)
            shutil.copytree(scratch / f"base-{source}", scratch / "incremental")
            (others / source).write_bytes((corpus / source).read_bytes())
            times.append(timed(build_index, others, scratch / "incremental", embedder=onnx_embedder, **quiet))
            (others / source).unlink()
        in_process[source] = summary(times, 1)
    figures["in_process"] = {"full": summary(full_in_process, 1), "new_document": in_process}

    log("seed: cold starts (fresh processes)…")
    ask = [sys.executable, "-m", "indexer", "ask", "--index", str(index_dir), QUESTION]
    figures["cli_cold"] = {"onnx": summary([run(ask, scratch) for _ in range(max(runs, 5))], 1),
                           "torch": summary([run(ask + ["--encoder", "torch"], scratch)
                                             for _ in range(runs)], 1)}
    figures["app_start"] = {"page": summary([app_start(scratch, index_dir, corpus)
                                             for _ in range(runs)], 1),
                            "import_gradio": summary([run([sys.executable, "-c", "import gradio"], scratch)
                                                      for _ in range(runs)], 1)}
    return figures


def app_start(scratch: Path, index_dir: Path, corpus: Path) -> float:
    """Seconds from starting chat_app.py to its page answering HTTP 200."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1",
           "GRADIO_ANALYTICS_ENABLED": "False"}
    began = time.perf_counter()
    app = subprocess.Popen([sys.executable, str(REPO / "chat_app.py"), "--port", str(port),
                            "--index", str(index_dir), "--corpus", str(corpus),
                            "--data-dir", str(scratch / "data")], cwd=scratch, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - began < 120:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - began
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("the app did not serve its page within 120 s")
    finally:
        app.terminate()
        app.wait(timeout=30)


# ---------------------------------------------------------------- synthetic scale tiers

def build_tier(n: int, directory: Path, seed_index: Path) -> dict:
    """Child process: make a SYNTHETIC corpus of n chunks, build its files, time it."""
    import faiss
    import numpy as np

    from indexer import load_index
    from indexer.embedding import load_embedder
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
    del exact
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
    result = subprocess.run([sys.executable, __file__, flag, *args], env=env, capture_output=True,
                            text=True)
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


# ---------------------------------------------------------------- report

def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


def print_seed(f: dict) -> None:
    e, s, a = f["encode"], f["search"], f["ask"]
    rows = [
        ("encode one question (ONNX)", e["onnx"], "ms", f"torch {e['torch']['median']:.2f} ms",
         f"{e['torch']['median'] / e['onnx']['median']:.1f}× faster", "≤ 1 ms, ≥ 6×"),
        ("search (hybrid, encoded)", s, "ms", "", "", ""),
        ("ask (search + answer)", a, "ms", f"encode+search {a['reference_encode_plus_search']:.2f} ms",
         ratio(a["median"], a["reference_encode_plus_search"]), "≤ 3 ms, ≤ 1.5×"),
        ("full build, fresh process (ONNX)", f["build"]["onnx"], "s",
         f"torch {f['build']['torch']['median']:.2f} s",
         ratio(f["build"]["onnx"]["median"], f["build"]["torch"]["median"]), ""),
        ("CLI cold start → answer (ONNX)", f["cli_cold"]["onnx"], "s",
         f"torch {f['cli_cold']['torch']['median']:.2f} s",
         ratio(f["cli_cold"]["onnx"]["median"], f["cli_cold"]["torch"]["median"]), "≤ 1.5 s"),
        ("app start → page served", f["app_start"]["page"], "s",
         f"import gradio {f['app_start']['import_gradio']['median']:.2f} s",
         ratio(f["app_start"]["page"]["median"], f["app_start"]["import_gradio"]["median"]), "≤ 4 s"),
    ]
    full = f["build"]["onnx"]["median"]
    for source, d in f["new_document"].items():
        rows.append((f"new doc {source[:3]} ({d['chunks']} chunks), process", d, "s",
                     f"full {full:.2f} s", f"{d['median'] / full:.0%}", "≤ 20%"))
    inside = f["in_process"]
    rows.append(("full build, in process", inside["full"], "s", "", "", ""))
    for source, d in inside["new_document"].items():
        rows.append((f"new doc {source[:3]}, in process", d, "s",
                     f"full {inside['full']['median']:.2f} s",
                     f"{d['median'] / inside['full']['median']:.0%}", "≤ 20%"))
    print(f"\nSeed corpus: {f['build']['chunks']} chunks, {f['build']['sentences']} sentences")
    print(f"{'figure':<40}{'median':>10}{'p95':>10}{'runs':>6}   {'reference':<26}{'ratio':>16}  target")
    for name, m, unit, reference, r, target in rows:
        print(f"{name:<40}{m['median']:>8.2f}{unit:>2}{m['p95']:>8.2f}{unit:>2}"
              f"{m['runs']:>6}   {reference:<26}{r:>16}  {target}")
    emb = f["embed"]
    print(f"embedding throughput: ONNX {emb['onnx']['chunks_per_s']:.0f} chunks/s, torch "
          f"{emb['torch']['chunks_per_s']:.0f} chunks/s "
          f"({emb['onnx']['chunks_per_s'] / emb['torch']['chunks_per_s']:.1f}×; target ≥ 75)")
    build_rate = f["build"]["chunks"] / full
    print(f"full build end to end: {build_rate:.0f} chunks/s "
          f"({(f['build']['chunks'] + f['build']['sentences']) / full:.0f} texts/s incl. sentences)")


def print_scale(figures: dict) -> None:
    if not figures:
        return
    print("\nScale (SYNTHETIC chunks; vectors: real embeddings up to 10k, mixtures of two of "
          "those above)")
    header = (f"{'tier':<6}{'type':<7}{'build s':>9}{'disk MB':>9}{'vec MB':>8}{'anon MB':>8}"
              f"{'exact p50':>10}{'ANN p50':>9}{'p95':>7}{'rec@10':>8}{'bm25 p50':>9}{'p95':>7}"
              f"{'hybrid p50':>11}{'p95':>7}")
    print(header)
    for name, t in figures.items():
        b, s = t["build"], t["search"]
        build = b["build_vectors_s"] + b["build_bm25_s"] + b["build_sentences_s"]
        print(f"{name:<6}{b['index_kind']:<7}{build:>9.1f}{sum(b['disk_mb'].values()):>9.0f}"
              f"{s['rss_mb']['vectors_and_graph']:>8.0f}{s['rss_mb']['anonymous']:>8.0f}"
              f"{b['exact_top100']['median']:>10.2f}{s['ann']['top100']['median']:>9.2f}"
              f"{s['ann']['top100']['p95']:>7.2f}{s['ann']['recall@10']:>8.3f}"
              f"{s['bm25_top100']['median']:>9.2f}{s['bm25_top100']['p95']:>7.2f}"
              f"{s['hybrid_top10']['median']:>11.2f}{s['hybrid_top10']['p95']:>7.2f}")
    for name, t in figures.items():
        b = t["build"]
        parts = [f"{name}: vectors {b['build_vectors_s']:.1f} s, BM25 {b['build_bm25_s']:.1f} s, "
                 f"sentences {b['build_sentences_s']:.1f} s; tokenising {b['tokenize_chunks_per_s']:.0f} "
                 f"chunks/s; load {t['search']['load_s']:.1f} s; RSS after searches "
                 f"{t['search']['rss_mb']['after_searches']:.0f} MB of which mapped files "
                 f"{t['search']['rss_mb']['file_backed']:.0f} MB"]
        if "hnsw_here" in b:
            h = b["hnsw_here"]
            parts.append(f"HNSW here would be {h['top100']['median']:.2f} ms at recall@10 {h['recall@10']:.3f}")
        if "hnsw_on_stand_in_here" in b:
            h = b["hnsw_on_stand_in_here"]
            parts.append(f"HNSW on the stand-in vectors here: recall@10 {h['recall@10']:.3f} at "
                         f"{h['top100']['median']:.2f} ms")
        for ef, a in t["search"].get("ef_sweep", {}).items():
            parts.append(f"efSearch {ef}: recall@10 {a['recall@10']:.3f}, p50 {a['top100']['median']:.2f} ms")
        if "embed_chunks_per_s" in b:
            parts.append(f"embedded at {b['embed_chunks_per_s']:.0f} chunks/s")
        print("  " + "; ".join(parts))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--build-tier":
        print(json.dumps(build_tier(int(argv[1]), Path(argv[2]), Path(argv[3]))))
        return 0
    if argv and argv[0] == "--search-tier":
        print(json.dumps(search_tier(Path(argv[1]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh-process runs per figure (default 3)")
    parser.add_argument("--tiers", default="10k,100k", help="synthetic tiers (default 10k,100k)")
    parser.add_argument("--million", action="store_true", help="add the 1M-chunk tier (~10 min)")
    parser.add_argument("--only", choices=("seed", "scale"), help="run one part only")
    parser.add_argument("--out", type=Path, default=Path("bench.json"), help="JSON results")
    args = parser.parse_args(argv)
    tiers = [t for t in args.tiers.split(",") if t] + (["1m"] if args.million else [])
    unknown = [t for t in tiers if t not in TIERS]
    if unknown:
        parser.error(f"unknown tier(s) {', '.join(unknown)}; choose from {', '.join(TIERS)}")
    began = time.perf_counter()
    log = lambda message: print(f"[{time.perf_counter() - began:6.0f} s] {message}",  # noqa: E731
                                file=sys.stderr, flush=True)
    results = {"machine": machine(), "date": time.strftime("%Y-%m-%d")}
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        scratch = Path(scratch)
        if args.only != "scale":
            results["seed"] = seed_tier(scratch, args.runs, log)
            print_seed(results["seed"])
        if args.only != "seed":
            results["scale"] = scale_tiers(scratch, tiers, log)
            print_scale(results["scale"])
    results["seconds"] = time.perf_counter() - began
    args.out.write_text(json.dumps(results, indent=1))
    print(f"\n{results['machine']['cpu']}, {results['machine']['cores']} cores; "
          f"{results['seconds']:.0f} s; figures in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
