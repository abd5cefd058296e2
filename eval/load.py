"""A bounded load test of the chat, on loopback only; it stops by itself.

    python eval/load.py [--users 1 8 32] [--seconds 15] [--hostile]

Starts the chat on a free 127.0.0.1 port, then for each user count runs that many
`gradio_client` users, each asking questions from eval/questions.jsonl in a loop for
`--seconds`, and prints: requests done, errors, p50/p95 latency, and the server's peak memory.
A request counts only if its reply carries an answer (the not-medical-advice line); anything
else ("queue full", an error) is an error.

`--hostile` runs each user count twice: clean, then with one more client attacking the whole
time (the payloads of issue 12: 30,000- and 60,000-character follow-up bait through the chat API,
a 10-million-character paste, and direct POSTs to the REST routes that skipped the queue),
and prints both rows with the ratio of the normal users' p95.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from appserver import running_app  # noqa: E402


def peak_memory_mb(pid: int) -> float:
    """The server's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def newest_turn(result) -> str:
    """The newest turn of a /chat API result (the conversation view, HTML, newest first)."""
    view = result[0] if isinstance(result, (list, tuple)) else result
    parts = view.split('<article class="turn newest"', 1) if isinstance(view, str) else []
    return parts[1].split("</article>", 1)[0] if len(parts) == 2 else ""


def answered(result) -> bool:
    """Whether the newest turn is an answer: quoted lines with sources, or a plain "not
    covered" (not "busy", not an error)."""
    newest = newest_turn(result)
    return 'class="sources"' in newest or 'class="not-covered"' in newest


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
                ok = answered(client.predict(question, api_name="/chat"))
                with lock:
                    (latencies.append(time.perf_counter() - began) if ok
                     else errors.append("no answer in the reply"))
            except Exception as exc:   # noqa: BLE001 — counted, reported
                with lock:
                    errors.append(type(exc).__name__)

    threads = [threading.Thread(target=user, args=(k,)) for k in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    return latencies, errors


HOSTILE_MESSAGES = ["what about " + "!" * 30_000 + "x", "what about " + "!" * 60_000 + "x",
                    "sudden " * 15_000, "é" * 10_000_000]
DIRECT_ROUTES = ["gradio_api/run/chat", "gradio_api/api/chat", "run/predict", "gradio_api/upload"]


def attack(url: str, stop: threading.Event) -> dict:
    """One client sending the issue-12 payloads until `stop`; counts what it sent and how the
    server answered."""
    from gradio_client import Client

    outcome: dict[str, int] = {}
    client = Client(url, verbose=False)

    def note(key: str) -> None:
        outcome[key] = outcome.get(key, 0) + 1

    k = 0
    while not stop.is_set():
        message = HOSTILE_MESSAGES[k % len(HOSTILE_MESSAGES)]
        route = DIRECT_ROUTES[k % len(DIRECT_ROUTES)]
        k += 1
        try:
            reply = newest_turn(client.predict(message, api_name="/chat"))
            note("chat payload: 'too long' reply" if "characters long" in reply
                 else "chat payload: answered")
        except Exception as exc:   # noqa: BLE001 — a refused payload is the expected outcome
            note(f"chat payload refused ({type(exc).__name__})")
        body = json.dumps({"data": ["How is MG told apart from ALS?"], "fn_index": 0}).encode()
        request = urllib.request.Request(url + route, data=body,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                note(f"direct POST {response.status}")
        except urllib.error.HTTPError as exc:
            note(f"direct POST {exc.code}")
        except (urllib.error.URLError, ConnectionError) as exc:
            note(f"direct POST {type(exc).__name__}")
    return outcome


def row(users: int, latencies: list[float], errors: list[str], seconds: float, pid: int) -> tuple[str, float]:
    ms = sorted(1000 * x for x in latencies)
    p50 = statistics.median(ms) if ms else float("nan")
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))] if ms else float("nan")
    text = (f"{users:>5} {len(ms):>9} {len(errors):>7} {p50:>8.0f} {p95:>8.0f} "
            f"{len(ms) / seconds:>7.1f} {peak_memory_mb(pid):>8.0f}"
            + (f"   errors: {sorted(set(errors))}" if errors else ""))
    return text, p95


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--hostile", action="store_true",
                        help="also run each user count with one attacking client (issue 12)")
    args = parser.parse_args(argv)
    repo = Path(__file__).resolve().parent.parent
    questions = [json.loads(line)["question"]
                 for line in open(repo / "eval" / "questions.jsonl", encoding="utf-8")]
    scratch = Path(tempfile.mkdtemp(prefix="load-"))
    with running_app(Path.cwd(), "--data-dir", str(scratch / "data"), timeout=300) as app:
        url, pid = app.url, app.process.pid
        run_users(url, 1, 3, questions)   # warm: the index is loaded, the first answers made
        print(f"{'users':>5} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'req/s':>7} {'peak MB':>8}")
        for users in args.users:
            text, clean_p95 = row(users, *run_users(url, users, args.seconds, questions),
                                  args.seconds, pid)
            print(("clean   " if args.hostile else "") + text, flush=True)
            if not args.hostile:
                continue
            stop = threading.Event()
            outcome: dict = {}
            attacker = threading.Thread(target=lambda stop=stop, outcome=outcome: outcome.update(attack(url, stop)))
            attacker.start()
            text, hostile_p95 = row(users, *run_users(url, users, args.seconds, questions),
                                    args.seconds, pid)
            stop.set()
            attacker.join(timeout=120)
            print(f"hostile {text}   p95 ×{hostile_p95 / clean_p95:.2f} of clean", flush=True)
            print(f"        attacker: {dict(sorted(outcome.items()))}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
