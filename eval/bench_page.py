"""Time from pressing Enter to the answer rendered in the page (real Chromium, warm).

    python eval/bench_page.py [--runs 10]
    python eval/bench_page.py --corpus ../mq/corpus --index ../mq/index --questions ../mq/questions.jsonl

Starts the chat in the working directory on a free 127.0.0.1 port (eval/appserver.py; the
index is built if needed), asks one warm-up question,
then `--runs` questions, and prints each time and the median. Needs Debian's chromium and
Python Playwright (installed by `make setup` / `.ci/run`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from appserver import running_app  # noqa: E402

QUESTIONS = ["How is MG told apart from ALS?", "What are the common symptoms of ALS?",
             "ALS vs MS: vision problems?", "Can vitamin B12 deficiency look like ALS?",
             "What is PLS?", "How is hyperthyroidism differentiated from ALS?",
             "Does ALS cause numbness?", "What is Lou Gehrig's disease?",
             "How are MS relapses treated?", "What does an EMG show in ALS?"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--corpus", type=Path, help="another corpus (with --index)")
    parser.add_argument("--index", type=Path)
    parser.add_argument("--questions", type=Path, help="ask this question file's questions instead")
    args = parser.parse_args(argv)
    questions = QUESTIONS
    if args.questions:
        questions = [json.loads(line)["question"] for line in args.questions.read_text(encoding="utf-8").splitlines()]
    where = [*(["--corpus", str(args.corpus.resolve())] if args.corpus else []),
             *(["--index", str(args.index.resolve())] if args.index else [])]
    from playwright.sync_api import sync_playwright

    scratch = Path(tempfile.mkdtemp(prefix="bench_page-"))
    try:
        with running_app(Path.cwd(), "--data-dir", str(scratch / "data"), *where, timeout=300) as app, \
                sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page()
            page.goto(app.url)
            box = page.locator("#question textarea")
            box.wait_for()
            times = []
            deadline = time.monotonic() + 60 * (args.runs + 1)
            for n, question in enumerate([questions[-1]] + [questions[i % len(questions)]
                                                              for i in range(args.runs)]):
                # The view is re-rendered whole: a newest turn without the mark is the new one.
                page.evaluate("document.querySelectorAll('#chat .turn').forEach(t => t.dataset.seen = 1)")
                box.fill(question)
                began = time.perf_counter()
                box.press("Enter")
                while not page.locator("#chat .turn.newest:not([data-seen])").count():
                    if time.monotonic() > deadline:
                        raise TimeoutError("no answer rendered within the time limit")
                    page.wait_for_timeout(5)
                if n:  # the first question warms the page and the model
                    times.append(1000 * (time.perf_counter() - began))
            browser.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("question → rendered answer (ms):", ", ".join(f"{t:.0f}" for t in times))
    print(f"median of {len(times)}: {statistics.median(times):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
