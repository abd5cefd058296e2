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
    assert [index.chunks[i] for i in reversed(range(len(lines)))] == [      # by id, in any order
        Chunk.from_record(json.loads(line)) for line in reversed(lines)]
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


def _unchecked(built, name):
    """As if the build had written `name` so: its checksum is not in the manifest (the damage
    a sampled checksum of a large file would not see)."""
    manifest = json.loads((built / "manifest.json").read_text())
    del manifest["files"][name]
    (built / "manifest.json").write_text(json.dumps(manifest))


def test_a_damaged_record_is_reported_when_read_and_the_source_panel_says_so(built, fake_embedder):
    from indexer import LiveIndex, take_turn, whole_document
    path = built / "chunks.jsonl"
    raw = bytearray(path.read_bytes())
    offsets = np.load(built / "chunk_offsets.npy")
    raw[int(offsets[1]) + 1] = ord("#")                      # chunk 1's record: not JSON any more
    path.write_bytes(bytes(raw))
    _unchecked(built, "chunks.jsonl")
    index = load_index(built, embedder=fake_embedder)
    assert index.chunks[0].id == 0
    with pytest.raises(IndexCorrupt, match="chunk 1 of .* is damaged"):
        index.chunks[1]
    live = LiveIndex(index, log=lambda _: None)
    conversation = take_turn(live, "myasthenia gravis repetitive nerve stimulation", None)
    source = conversation.turns[-1].refs[0]["source"]
    index.document_chunks[source] = (1, 1)                   # the panel would read chunk 1
    assert "The sources index is not available" in whole_document(live, conversation, conversation.number_of(0), 1)


def test_offsets_out_of_order_and_a_bad_derived_file_are_damage_at_load(built, fake_embedder):
    offsets = np.load(built / "chunk_offsets.npy")
    swapped = offsets.copy()
    swapped[[1, 2]] = swapped[[2, 1]]
    np.save(built / "chunk_offsets.npy", swapped)
    _unchecked(built, "chunk_offsets.npy")
    with pytest.raises(IndexCorrupt, match="chunk_offsets.npy does not match chunks.jsonl"):
        load_index(built, embedder=fake_embedder)
    np.save(built / "chunk_offsets.npy", offsets)
    derived = json.loads((built / "derived.json").read_text())
    del derived["urgent"]
    (built / "derived.json").write_text(json.dumps(derived))
    _unchecked(built, "derived.json")
    with pytest.raises(IndexCorrupt, match="derived.json lacks what the build writes"):
        load_index(built, embedder=fake_embedder)
