"""A build killed while embedding resumes from what it had embedded (indexer/journal.py)."""

import os
import signal
import subprocess
import sys

import numpy as np

from indexer import build_index, load_index

from conftest import REPO
from fakes import HashEmbedder

STALLING_BUILD = """
import sys, time
sys.path[:0] = [{repo!r}, {tests!r}]
from pathlib import Path
import indexer.build as build
from fakes import HashEmbedder

class StallingEmbedder(HashEmbedder):
    def encode(self, texts):
        if self.calls == {batches}:
            print(self.texts, flush=True)       # what was embedded (and journalled) before the kill
            print("stalled", flush=True)
            time.sleep(60)                 # killed here, {batches} batches embedded
        return super().encode(texts)

build.build_index(Path("corpus"), Path("index"), embedder=StallingEmbedder())
"""
BATCHES_BEFORE_THE_KILL = 5


def _kill_a_build_midway(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", STALLING_BUILD.format(
        repo=str(REPO), tests=str(REPO / "tests"), batches=BATCHES_BEFORE_THE_KILL)],
        cwd=tmp_path, stdout=subprocess.PIPE, text=True)
    embedded = int(child.stdout.readline())
    assert child.stdout.readline().strip() == "stalled"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    return embedded


def test_a_killed_first_build_resumes_from_the_vectors_it_had_embedded(corpus, tmp_path):
    journalled = _kill_a_build_midway(tmp_path)
    assert not (tmp_path / "index").exists() and (tmp_path / ".index.embeddings").exists()
    clean, uninterrupted = tmp_path / "clean", HashEmbedder()
    build_index(corpus, clean, embedder=uninterrupted)
    messages, counting = [], HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=counting, log=messages.append)
    [resumed] = [int(m.split()[1].replace(",", "")) for m in messages if m.startswith("Resumed")]
    assert resumed == journalled > 0                    # five batches (the second holds the last 7 chunks)
    assert counting.texts == uninterrupted.texts - resumed
    assert not (tmp_path / ".index.embeddings").exists()     # the index holds every vector now
    # The same index as a build never interrupted.
    got, want = (load_index(d, embedder=HashEmbedder()) for d in (tmp_path / "index", clean))
    assert np.array_equal(np.asarray(got.sentence_matrix), np.asarray(want.sentence_matrix))
    assert np.array_equal(np.asarray(got.word_vectors), np.asarray(want.word_vectors))
    assert [c.text for c in got.chunks] == [c.text for c in want.chunks]


def test_a_damaged_journal_costs_time_not_the_build(corpus, tmp_path):
    (tmp_path / ".index.embeddings").write_bytes(b"not a database" * 100)
    counting = HashEmbedder()
    report = build_index(corpus, tmp_path / "index", embedder=counting)
    assert counting.texts == report.embedded_chunks + report.embedded_sentences + report.embedded_words > 0
    assert load_index(tmp_path / "index", embedder=HashEmbedder()).search("myasthenia gravis", k=1)
    assert not (tmp_path / ".index.embeddings").exists()


def test_a_journal_of_another_encoder_is_not_used(corpus, tmp_path):
    _kill_a_build_midway(tmp_path)
    other = HashEmbedder()
    other.encoder = "another-fake"      # same model name, so the same keys: only the signature differs
    messages = []
    report = build_index(corpus, tmp_path / "index", embedder=other, log=messages.append)
    assert not any(m.startswith("Resumed") for m in messages)
    assert report.embedded_chunks == report.chunk_count
