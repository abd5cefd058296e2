import os
import shutil
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
