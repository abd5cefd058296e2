"""Time from pressing Enter to the answer rendered in the page (real Chromium, warm).

    python eval/bench_page.py [--runs 10]

Starts the chat on a free 127.0.0.1 port (index built if needed), asks one warm-up question,
then `--runs` questions, and prints each time and the median. Needs Debian's chromium and
Python Playwright (installed by `make setup` / `.ci/run`).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    scratch = Path(tempfile.mkdtemp(prefix="bench_page-"))
    log_path = scratch / "app.log"
    log = open(log_path, "w")
    app = subprocess.Popen([sys.executable, str(Path(__file__).resolve().parent.parent / "chat_app.py"),
                            "--port", str(port), "--data-dir", str(scratch / "data")],
                           stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while "Running on" not in log_path.read_text():
            if app.poll() is not None or time.monotonic() > deadline:
                print(log_path.read_text(), file=sys.stderr)
                return 2
            time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            box = page.locator("#question textarea")
            box.wait_for()
            notices = page.locator("#chat .message").get_by_text("Not medical advice")
            times = []
            deadline = time.monotonic() + 60 * (args.runs + 1)
            for n, question in enumerate(["What is ALS?"] + [QUESTIONS[i % len(QUESTIONS)]
                                                               for i in range(args.runs)]):
                before = notices.count()
                box.fill(question)
                began = time.perf_counter()
                box.press("Enter")
                while notices.count() <= before:
                    if time.monotonic() > deadline:
                        raise TimeoutError("no answer rendered within the time limit")
                    page.wait_for_timeout(5)
                if n:  # the first question warms the page and the model
                    times.append(1000 * (time.perf_counter() - began))
            browser.close()
    finally:
        app.terminate()
        app.wait(timeout=30)
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)
    print("question → rendered answer (ms):", ", ".join(f"{t:.0f}" for t in times))
    print(f"median of {len(times)}: {statistics.median(times):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
