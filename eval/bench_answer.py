"""Does answering add little to search? Times, in one warm process, encoding a question alone
and the whole `ask` (prepare, encode, search, choose sentences), and prints both and the ratio.

    python eval/bench_answer.py [--questions eval/questions.jsonl] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from indexer import ensure_index  # noqa: E402
from indexer.evaluation import load_questions  # noqa: E402


def per_question_ms(fn, questions, runs):
    """Median over `runs` passes of the mean time per question, in ms."""
    passes = []
    for _ in range(runs):
        began = time.perf_counter()
        for q in questions:
            fn(q)
        passes.append(1000 * (time.perf_counter() - began) / len(questions))
    return statistics.median(passes), passes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    index = ensure_index(Path("corpus"), Path("index"))
    questions = [q.question for q in load_questions(args.questions, Path("corpus"))]
    index.answer(questions[0])  # warm: model, answerer caches
    encode_ms, encode_runs = per_question_ms(lambda q: index.embedder.encode([q]), questions, args.runs)
    ask_ms, ask_runs = per_question_ms(index.answer, questions, args.runs)
    print(f"{len(questions)} questions, {args.runs} runs, median of per-run means")
    print(f"encode question only : {encode_ms:6.2f} ms   runs: {', '.join(f'{x:.2f}' for x in encode_runs)}")
    print(f"full ask (answer)    : {ask_ms:6.2f} ms   runs: {', '.join(f'{x:.2f}' for x in ask_runs)}")
    print(f"ratio ask / encode   : {ask_ms / encode_ms:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
