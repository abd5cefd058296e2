"""The seed corpus's speed figures, each beside its reference measured in the same run
(see bench.py): encode, search, ask, embedding, full and incremental builds, cold starts."""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

from appserver import running_app
from benchlib import QUESTION, REPO, build_command, repeat, run, summary, timed


def seed_tier(scratch: Path, runs: int, log) -> dict:
    from indexer import answer, load_embedder, load_index
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
    figures["encode"] = {name: summary(repeat(lambda q, e=e: e.encode([q]), questions, passes=3))
                         for name, e in (("onnx", onnx_embedder), ("torch", torch_embedder))}
    texts = [c.embedding_text() for c in index.chunks]
    figures["embed"] = {name: {"chunks_per_s": statistics.median(
        chunks / timed(e.encode, texts) for _ in range(runs))}
        for name, e in (("onnx", onnx_embedder), ("torch", torch_embedder))}
    prepared = [index.prepare(q) for q in questions]
    encoded = {p.dense_text: onnx_embedder.encode([p.dense_text]) for p in prepared}
    figures["search"] = summary(repeat(
        lambda p: index.search_encoded(p, encoded[p.dense_text][0], k=5), prepared, passes=3))
    figures["ask"] = summary(repeat(lambda q: answer(index, q), questions, passes=3))
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
                                "chunks": index.manifest.sources[f"corpus/{source}"]["chunks"]}
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
    with running_app(scratch, "--index", str(index_dir), "--corpus", str(corpus),
                     "--data-dir", str(scratch / "data"), ready="page", timeout=120) as app:
        return app.seconds_to_ready
