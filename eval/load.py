"""A bounded load test of the chat, on loopback only; it stops by itself.

    python eval/load.py [--users 1 8 32] [--seconds 15]

Starts the chat on a free 127.0.0.1 port, then for each user count runs that many
`gradio_client` users, each asking questions from eval/questions.jsonl in a loop for
`--seconds`, and prints: requests done, errors, p50/p95 latency, and the server's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def peak_memory_mb(pid: int) -> float:
    """The server's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_users(url: str, users: int, seconds: float, questions: list[str]):
    from gradio_client import Client

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def user(k: int) -> None:
        client = Client(url, verbose=False)
        n = k
        while time.monotonic() < stop_at:
            question = questions[n % len(questions)]
            n += users
            began = time.perf_counter()
            try:
                result = client.predict(question, api_name="/chat")
                ok = "Not medical advice" in result[0]["content"] or "busy" in str(result).lower()
                with lock:
                    (latencies.append(time.perf_counter() - began) if ok
                     else errors.append("unexpected reply"))
            except Exception as exc:   # noqa: BLE001 — counted, reported
                with lock:
                    errors.append(type(exc).__name__)

    threads = [threading.Thread(target=user, args=(k,)) for k in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    return latencies, errors


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args(argv)
    questions = [json.loads(line)["question"] for line in open("eval/questions.jsonl", encoding="utf-8")]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    scratch = Path(tempfile.mkdtemp(prefix="load-"))
    log = open(scratch / "app.log", "w")
    app = subprocess.Popen([sys.executable, str(Path(__file__).resolve().parent.parent / "chat_app.py"),
                            "--port", str(port), "--data-dir", str(scratch / "data")],
                           stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    try:
        deadline = time.monotonic() + 300
        while "Running on" not in (scratch / "app.log").read_text():
            if app.poll() is not None or time.monotonic() > deadline:
                print((scratch / "app.log").read_text(), file=sys.stderr)
                return 2
            time.sleep(0.5)
        url = f"http://127.0.0.1:{port}/"
        print(f"{'users':>5} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'peak MB':>8}")
        for users in args.users:
            latencies, errors = run_users(url, users, args.seconds, questions)
            ms = sorted(1000 * x for x in latencies)
            p50 = statistics.median(ms) if ms else float("nan")
            p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))] if ms else float("nan")
            print(f"{users:>5} {len(ms):>9} {len(errors):>7} {p50:>8.0f} {p95:>8.0f} "
                  f"{len(ms) / args.seconds:>7.1f} {peak_memory_mb(app.pid):>8.0f}"
                  + (f"   errors: {sorted(set(errors))}" if errors else ""), flush=True)
    finally:
        app.terminate()
        app.wait(timeout=30)
        log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
