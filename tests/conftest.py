import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from fakes import HashEmbedder
from indexer import build_index, load_index

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"


@pytest.fixture(autouse=True)
def _run_in_tmp(tmp_path, monkeypatch):
    """Tests never read or write the working directory's index/ (sources are cited
    relative to the working directory, so tmp_path gives `corpus/...` names)."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A private copy of the seed corpus, as `corpus/` under the test's working directory."""
    target = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, target)
    return target


@pytest.fixture
def fake_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def fake_index(corpus, tmp_path, fake_embedder):
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    return load_index(tmp_path / "index", embedder=fake_embedder)


@pytest.fixture(scope="session")
def real_index(tmp_path_factory):
    """The seed corpus indexed with the real model, built once for the session."""
    root = tmp_path_factory.mktemp("real")
    shutil.copytree(SEED_CORPUS, root / "corpus")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        build_index(Path("corpus"), Path("index"))
        return root, load_index(Path("index"))
    finally:
        os.chdir(cwd)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(cwd: Path, *args: str, timeout: float = 240):
    """Start chat_app.py on a free 127.0.0.1 port in `cwd`; yield (url, log path); stop it."""
    port = free_port()
    log_path = cwd / "app.log"
    with open(log_path, "w") as log:
        app = subprocess.Popen([sys.executable, str(REPO / "chat_app.py"), "--port", str(port), *args],
                               cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)})
        try:
            deadline = time.monotonic() + timeout
            while "Running on" not in log_path.read_text():
                assert app.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, f"app did not start in {timeout} s"
                time.sleep(0.5)
            yield f"http://127.0.0.1:{port}/", log_path
        finally:
            app.terminate()
            app.wait(timeout=30)


@pytest.fixture
def fake_cli_model(monkeypatch, fake_embedder):
    """The CLI (and anything else that loads "the model") gets the fake embedder."""
    from indexer import build, embedding, store
    for module in (build, store, embedding):
        monkeypatch.setattr(module, "load_embedder", lambda model=None, encoder=None: fake_embedder)
    monkeypatch.setattr(store, "model_name", lambda model=None: fake_embedder.name)
    return fake_embedder
