import os
import shutil
import sys
from pathlib import Path

import pytest

from indexer import answer, build_index, load_index

from fakes import HashEmbedder

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"
sys.path.insert(0, str(REPO / "eval"))
from appserver import free_port, running_app  # noqa: E402,F401 — the one way tests start the app


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


@pytest.fixture(scope="session")
def fake_index_template(tmp_path_factory) -> Path:
    """The seed corpus indexed with the fake embedder, built once per session (0.2 s a build
    adds up over a hundred tests); `fake_index` gives each test its own copy."""
    root = tmp_path_factory.mktemp("fake-template")
    shutil.copytree(SEED_CORPUS, root / "corpus")
    cwd = os.getcwd()
    os.chdir(root)          # sources are cited relative to the working directory: corpus/…
    try:
        build_index(Path("corpus"), Path("index"), embedder=HashEmbedder())
    finally:
        os.chdir(cwd)
    return root / "index"


@pytest.fixture
def index_of(tmp_path):
    """`index_of({"name.txt": text, …})`: those documents as `corpus/`, indexed with the fake
    embedder and loaded (a new `corpus/` and `index/` under the test's directory each call)."""
    def make(files: dict[str, str]):
        corpus, index = tmp_path / "corpus", tmp_path / "index"
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(index, ignore_errors=True)
        corpus.mkdir()
        for name, text in files.items():
            (corpus / name).write_text(text, encoding="utf-8")
        build_index(corpus, index, embedder=HashEmbedder())
        return load_index(index, embedder=HashEmbedder())
    return make


@pytest.fixture
def fake_index(corpus, tmp_path, fake_embedder, fake_index_template):
    """This test's own copy of the fake index, beside its copy of the corpus."""
    shutil.copytree(fake_index_template, tmp_path / "index")
    return load_index(tmp_path / "index", embedder=fake_embedder)


@pytest.fixture
def fake_live(fake_index):
    """The fake index as the chat serves it."""
    from indexer import LiveIndex
    return LiveIndex(fake_index, log=lambda _: None)


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


@pytest.fixture
def fake_model(monkeypatch):
    """Everything that loads "the model" (the CLI, builds, loads, the app) gets one fake
    embedder: registered once as the encoder "fake", under the default model's name."""
    from indexer import encoders
    from indexer.settings import DEFAULT_MODEL, ENCODER_ENV
    embedder = HashEmbedder(name=DEFAULT_MODEL)
    monkeypatch.setitem(encoders.FACTORIES, "fake", lambda model=None: embedder)
    monkeypatch.setenv(ENCODER_ENV, "fake")
    return embedder


def answers_with(index, question: str, line: str) -> bool:
    """The reply to `question` is an answer (not "not covered") that quotes `line`."""
    reply = answer(index, question)
    return not reply.abstained and line in reply.text
