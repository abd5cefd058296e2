"""Build throughput and the cost of "one new document" against a full build, in one run.

    python eval/bench_build.py [--runs 3]

Copies corpus/ to a temporary folder, then per run: a full build (everything embedded), and
an incremental build after adding one new document (a copy of the largest seed, renamed and
with a changed title line, so its text is new). The model is loaded once, outside the timings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from indexer import build_index  # noqa: E402
from indexer.embedding import load_embedder  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    embedder = load_embedder()
    full_s, one_s, rates = [], [], []
    for _ in range(args.runs):
        work = Path(tempfile.mkdtemp(prefix="bench_build-"))
        try:
            shutil.copytree("corpus", work / "corpus")
            began = time.perf_counter()
            report = build_index(work / "corpus", work / "index", embedder=embedder, full=True)
            full_s.append(time.perf_counter() - began)
            rates.append(report.chunk_count / full_s[-1])
            largest = max((work / "corpus").glob("*.txt"), key=lambda p: p.stat().st_size)
            text = largest.read_text(encoding="utf-8")
            (work / "corpus" / "new_document.txt").write_text("A New Document\n" + text,
                                                              encoding="utf-8")
            began = time.perf_counter()
            report = build_index(work / "corpus", work / "index", embedder=embedder)
            one_s.append(time.perf_counter() - began)
            embedded = report.embedded_chunks
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{args.runs} runs; medians")
    print(f"full build           : {statistics.median(full_s):6.2f} s   "
          f"({statistics.median(rates):.1f} chunks/s; runs {', '.join(f'{x:.2f}' for x in full_s)})")
    print(f"one new document     : {statistics.median(one_s):6.2f} s   "
          f"({embedded} chunks embedded; runs {', '.join(f'{x:.2f}' for x in one_s)})")
    print(f"ratio one-new / full : {statistics.median(one_s) / statistics.median(full_s):6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
