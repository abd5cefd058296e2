"""Start the chat for a test or a benchmark: one helper for all of them.

    with running_app(cwd, "--data-dir", "data") as app:
        app.url, app.log, app.process, app.seconds_to_ready

The app runs `chat_app.py` from this repository in `cwd` on a free 127.0.0.1 port (never any
other address), with `HF_HUB_OFFLINE=1` and this repository first on `PYTHONPATH`; its output
goes to a log file in a temporary folder of its own. It is ready when its log says
"Running on" (`ready="log"`), or when its page answers HTTP 200 (`ready="page"`, what a
person waits for). It is stopped on leaving the block.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class App:
    url: str
    log: Path
    process: subprocess.Popen
    seconds_to_ready: float


def _page_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def running_app(cwd: Path, *args: str, timeout: float = 240, ready: str = "log", env: dict | None = None):
    """Run the chat in `cwd` with extra `args`; yield an `App` once it is ready (see module doc).
    Raises RuntimeError with the app's log if it exits or is not ready within `timeout` s."""
    port = free_port()
    cwd = Path(cwd)
    log_path = Path(tempfile.mkdtemp(prefix="chat-app-")) / "app.log"   # never in `cwd`
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
                   "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
                   **(env or {})}
    url = f"http://127.0.0.1:{port}/"
    with open(log_path, "w") as log:
        began = time.perf_counter()
        process = subprocess.Popen([sys.executable, str(REPO / "chat_app.py"), "--port", str(port), *args],
                                   cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=environment)
        try:
            while not (_page_answers(url) if ready == "page" else "Running on" in log_path.read_text()):
                if process.poll() is not None or time.perf_counter() - began > timeout:
                    raise RuntimeError(f"the app did not start within {timeout} s:\n"
                                       + log_path.read_text()[-3000:])
                time.sleep(0.02 if ready == "page" else 0.2)
            yield App(url, log_path, process, time.perf_counter() - began)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)
