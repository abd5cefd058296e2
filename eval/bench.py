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

Prints tables (median, p95, runs) and writes every figure as JSON to --out. The tiers live in
bench_seed.py and bench_scale.py, the measuring helpers in benchlib.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_scale import TIERS, scale_tiers  # noqa: E402
from bench_seed import seed_tier  # noqa: E402
from benchlib import machine  # noqa: E402


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
