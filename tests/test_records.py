"""Chunk records are read by id when asked for, not all at load (indexer/chunk_records.py)."""

import json

import numpy as np
import pytest

from indexer import IndexCorrupt, build_index, load_index
from indexer.records import Chunk


@pytest.fixture
def built(corpus, tmp_path, fake_embedder):
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    return tmp_path / "index"


def test_loading_reads_no_chunk_and_a_search_reads_only_what_it_returns(built, fake_embedder):
    index = load_index(built, embedder=fake_embedder)
    assert len(index.chunks._cache) == 0                    # topics, urgent advice: from derived.json
    assert index.topics.table and index.urgent
    hits = index.search("myasthenia gravis repetitive nerve stimulation", k=3)
    assert len(index.chunks._cache) == 3
    lines = (built / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    for hit in hits:
        assert hit.chunk == Chunk.from_record(json.loads(lines[hit.chunk.id]))


def test_every_chunk_read_by_id_is_its_line(built, fake_embedder):
    index = load_index(built, embedder=fake_embedder)
    lines = (built / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(index.chunks) == len(lines)
    assert [c.id for c in index.chunks] == list(range(len(lines)))          # streamed
    assert index.chunks[-1] == Chunk.from_record(json.loads(lines[-1]))
    with pytest.raises(IndexError):
        index.chunks[len(lines)]


def test_a_document_is_read_by_its_chunk_range(built, fake_embedder):
    index = load_index(built, embedder=fake_embedder)
    first, count = index.document_chunks["corpus/000_b01bdc2a4760374d.txt"]
    chunks = index.chunks.range_of(first, count)
    assert {c.source for c in chunks} == {"corpus/000_b01bdc2a4760374d.txt"}
    assert count == sum(1 for c in index.chunks if c.source == "corpus/000_b01bdc2a4760374d.txt")


def test_offsets_that_do_not_match_the_chunks_are_damage_not_a_crash(built, fake_embedder):
    offsets = np.load(built / "chunk_offsets.npy")
    np.save(built / "chunk_offsets.npy", offsets[:-1])
    manifest = json.loads((built / "manifest.json").read_text())
    del manifest["files"]["chunk_offsets.npy"]                # as if written so by the build
    (built / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexCorrupt, match="chunk_offsets.npy does not match chunks.jsonl"):
        load_index(built, embedder=fake_embedder)
