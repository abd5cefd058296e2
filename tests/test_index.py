"""Build → save → load → search with the fake embedder; manifest checks; atomic writes."""

import json
from pathlib import Path

import pytest

from indexer import ChunkSettings, IndexCorrupt, IndexMismatch, IndexNotFound, build_index, index_status, load_index

from fakes import FailingEmbedder, HashEmbedder


def test_build_writes_the_contract_files_and_manifest(corpus, tmp_path, fake_embedder):
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    fake_index = load_index(tmp_path / "index", embedder=fake_embedder)
    files = sorted(p.name for p in (tmp_path / "index").iterdir())
    assert files == ["bm25", "chunk_offsets.npy", "chunks.jsonl", "derived.json", "glossary.json", "manifest.json",
                     "sentence_chunks.npy", "sentence_vectors.npy", "vectors.faiss", "vocabulary.json",
                     "word_vectors.npy"]
    manifest = json.loads((tmp_path / "index" / "manifest.json").read_text())
    assert manifest["model"] == "test/hash-embedder"
    assert manifest["dimension"] == 64
    assert manifest["chunker"] == ChunkSettings().to_record()
    assert set(manifest["sources"]) == {f"corpus/{p.name}" for p in corpus.glob("*.txt")}
    assert manifest["counts"]["chunks"] == len(fake_index.chunks) == fake_index.vectors.ntotal
    assert manifest["counts"]["sentences"] == sum(len(c.sentences) for c in fake_index.chunks)
    assert len(manifest["sources"]["corpus/000_b01bdc2a4760374d.txt"]["sha256"]) == 64
    assert manifest["package_version"] and manifest["built_at"].endswith("Z")
    # No staging or backup directories are left beside the index: only the lock file (an
    # flock, kept on purpose: see indexer/swap.py).
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".index.lock"]


def test_search_returns_ranked_hits_with_sources(fake_index):
    hits = fake_index.search("Myasthenia gravis MG repetitive nerve stimulation", k=3)
    assert [h.rank for h in hits] == [1, 2, 3]
    assert hits[0].chunk.section == ("Myasthenia gravis",)
    assert hits[0].score >= hits[1].score >= hits[2].score
    record = hits[0].to_record()
    assert set(record) == {"rank", "source", "start", "end", "score", "title", "section", "text"}
    raw = Path(record["source"]).read_text(encoding="utf-8")
    assert "repetitive nerve stimulation" in raw[record["start"]:record["end"]]


def test_batch_search_equals_single_searches(fake_index):
    questions = ["vitamin B12 deficiency", "thyroid function tests", "optic neuritis vision"]
    batch = fake_index.search_batch(questions, k=4)
    assert [[h.chunk.id for h in hits] for hits in batch] == \
           [[h.chunk.id for h in fake_index.search(q, k=4)] for q in questions]


def test_missing_index_says_how_to_build(tmp_path, fake_embedder):
    with pytest.raises(IndexNotFound, match=r"No index at .*nothing/ — run `python -m indexer build`"):
        load_index(tmp_path / "nothing", embedder=fake_embedder)


def test_index_from_another_model_is_refused(fake_index, tmp_path):
    with pytest.raises(IndexMismatch, match=r"built with model test/hash-embedder, not other/model: "
                                            r"rebuild it with `python -m indexer build"):
        load_index(tmp_path / "index", embedder=HashEmbedder(name="other/model"))


def test_index_of_another_dimension_is_refused(fake_index, tmp_path):
    with pytest.raises(IndexMismatch, match="64-dimensional vectors but the model gives 32: rebuild"):
        load_index(tmp_path / "index", embedder=HashEmbedder(dimension=32))


def test_index_with_other_chunk_settings_is_refused(fake_index, tmp_path, fake_embedder):
    with pytest.raises(IndexMismatch, match="chunker settings .* rebuild"):
        load_index(tmp_path / "index", embedder=fake_embedder, settings=ChunkSettings(max_tokens=100))


def test_damaged_index_says_rebuild(fake_index, tmp_path, fake_embedder):
    path = tmp_path / "index" / "vectors.faiss"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(IndexCorrupt, match="damaged .* run `python -m indexer build`"):
        load_index(tmp_path / "index", embedder=fake_embedder)


def test_failed_build_keeps_the_previous_index(corpus, fake_index, tmp_path, fake_embedder):
    (corpus / "new.txt").write_text("New document\nAbout Lambert-Eaton syndrome.\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        build_index(corpus, tmp_path / "index", embedder=FailingEmbedder())
    again = load_index(tmp_path / "index", embedder=fake_embedder)
    assert len(again.chunks) == len(fake_index.chunks)
    # Nothing left beside the index but the lock file (kept: it is an flock, see indexer/swap.py).
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".index.lock"]


def test_status_tracks_the_corpus(corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    assert index_status(index_dir, corpus, embedder=fake_embedder).state == "missing"
    build_index(corpus, index_dir, embedder=fake_embedder)
    assert index_status(index_dir, corpus, embedder=fake_embedder).state == "fresh"
    (corpus / "notes.pdf").write_bytes(b"%PDF")   # unsupported: not a reason to rebuild
    assert index_status(index_dir, corpus, embedder=fake_embedder).state == "fresh"
    (corpus / "new.md").write_text("# New\nText.\n", encoding="utf-8")
    status = index_status(index_dir, corpus, embedder=fake_embedder)
    assert status.state == "stale" and "corpus/new.md" in status.reason
    (corpus / "new.md").unlink()
    with open(corpus / "000_b01bdc2a4760374d.txt", "a", encoding="utf-8") as f:
        f.write("\nAn added line.\n")
    status = index_status(index_dir, corpus, embedder=fake_embedder)
    assert status.state == "stale" and "000_b01bdc2a4760374d.txt" in status.reason
    other_model = HashEmbedder(name="other/model")
    assert index_status(index_dir, corpus, embedder=other_model).state == "stale"


def test_interrupted_swap_is_recovered(fake_index, tmp_path, fake_embedder):
    """A build killed between its two renames leaves the old index as .index.prev only, and
    the swap's marker (without the marker, a missing index is reported: test_faults.py)."""
    (tmp_path / ".index.swapping").touch()
    (tmp_path / "index").rename(tmp_path / ".index.prev")
    recovered = load_index(tmp_path / "index", embedder=fake_embedder)
    assert len(recovered.chunks) == len(fake_index.chunks)


def test_big_index_files_are_checked_by_size_and_samples_at_load(corpus, tmp_path, fake_embedder,
                                                                 monkeypatch, capsys):
    import indexer.manifest as manifest
    from indexer.cli import main as cli

    monkeypatch.setattr(manifest, "FULL_CHECK_BYTES", 4096)
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    files = json.loads((tmp_path / "index" / "manifest.json").read_text())["files"]
    assert "sampled_sha256" in files["vectors.faiss"]
    assert all(("sampled_sha256" in record) == (record["bytes"] > 4096) for record in files.values())
    assert any(record["bytes"] <= 4096 for record in files.values())      # some checked whole
    load_index(tmp_path / "index", embedder=fake_embedder)          # sound: loads

    vectors = tmp_path / "index" / "vectors.faiss"
    data = bytearray(vectors.read_bytes())
    data[-5] ^= 0x01                                                  # the last block is sampled
    vectors.write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match="vectors.faiss does not match its checksum"):
        load_index(tmp_path / "index", embedder=fake_embedder)
    assert cli(["info", "--index", str(tmp_path / "index"), "--verify"]) == 2
    assert "vectors.faiss does not match its checksum" in capsys.readouterr().err
