"""The index and the build under faults an unlucky operator meets: damaged vectors, a wrong
--index, a full disk, a document saved mid-build, giant paragraphs, odd file names, files that
cannot be read, a lock left by a reused pid. Each test failed before its fix (issue 12)."""

import errno
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from indexer import IndexerError, IndexNotFound, answer, build_index, cli, ensure_index, load_index
from indexer.cli_output import format_build_report

from conftest import REPO
from fakes import HashEmbedder


def _flip_vector(index_dir: Path, row: int) -> None:
    """Overwrite one stored chunk vector in vectors.faiss (a flat index keeps them raw)."""
    import faiss
    index = faiss.read_index(str(index_dir / "vectors.faiss"))
    vectors = index.reconstruct_n(0, index.ntotal)
    vectors[row] = -vectors[row]
    fresh = faiss.IndexFlatIP(index.d)
    fresh.add(np.ascontiguousarray(vectors))
    faiss.write_index(fresh, str(index_dir / "vectors.faiss"))


def test_damaged_vectors_are_not_reused_by_the_next_build(corpus, tmp_path):
    """Item 4: the build the error message advises re-embeds what it cannot trust."""
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    clean = load_index(tmp_path / "index", embedder=embedder)
    expected = [answer(clean, q).text for q in ("myasthenia gravis tests", "What is PLS?")]
    _flip_vector(tmp_path / "index", 3)
    report = build_index(corpus, tmp_path / "index", embedder=embedder)
    assert report.embedded_chunks == report.chunk_count          # vectors.faiss not trusted
    assert report.embedded_sentences == 0                         # sentence vectors still sound
    assert "vectors.faiss does not match its checksum" in format_build_report(report)
    rebuilt = load_index(tmp_path / "index", embedder=embedder)
    assert [answer(rebuilt, q).text for q in ("myasthenia gravis tests", "What is PLS?")] == expected
    assert np.array_equal(rebuilt.vectors.reconstruct_n(0, rebuilt.vectors.ntotal),
                          clean.vectors.reconstruct_n(0, clean.vectors.ntotal))


@pytest.mark.parametrize("target", ["notes", "corpus", "."])
def test_build_refuses_a_target_that_is_not_an_index(corpus, tmp_path, target):
    """Item 5: `--index DIR` never replaces (or, on the next build, deletes) a folder it did
    not write."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "keep.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    for _ in range(2):
        with pytest.raises(IndexerError, match="not an index"):
            build_index(corpus, tmp_path / target, embedder=HashEmbedder())
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert (notes / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_build_into_an_empty_folder_or_an_old_index_is_allowed(corpus, tmp_path):
    (tmp_path / "empty").mkdir()
    build_index(corpus, tmp_path / "empty", embedder=HashEmbedder())
    build_index(corpus, tmp_path / "empty", embedder=HashEmbedder())   # its own index: replaced
    assert load_index(tmp_path / "empty", embedder=HashEmbedder()).chunks


def test_reload_follows_the_configured_index_after_a_start_on_the_previous_one(corpus, tmp_path):
    """Item 6: a chat that started on `.index.prev` (index/ damaged) serves the next build."""
    from indexer.live import LiveIndex

    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    build_index(corpus, tmp_path / "index", embedder=embedder)
    (tmp_path / "index" / "chunks.jsonl").write_text("damaged", encoding="utf-8")
    started = load_index(tmp_path / "index", embedder=embedder)
    assert started.fallback_reason
    live = LiveIndex(started, index_dir=tmp_path / "index", log=lambda _: None)
    (corpus / "zorbic.md").write_text("# Zorbic Fever\n\nZorbic fever is treated with quennel "
                                      "tablets taken daily.\n", encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder=embedder)
    assert "quennel" in answer(live.current(), "How is zorbic fever treated?").text


def test_a_deleted_index_is_reported_not_replaced_by_an_older_one(corpus, tmp_path):
    """Item 6: deleting index/ does not silently bring back the previous build."""
    import shutil

    from indexer.live import LiveIndex

    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    build_index(corpus, tmp_path / "index", embedder=embedder)
    logged: list[str] = []
    live = LiveIndex(load_index(tmp_path / "index", embedder=embedder),
                     index_dir=tmp_path / "index", log=logged.append)
    shutil.rmtree(tmp_path / "index")
    assert live.current().chunks                      # still answering from memory…
    assert any("was removed" in m for m in logged)    # …and saying so, once
    live.current()
    assert sum("was removed" in m for m in logged) == 1
    with pytest.raises(IndexNotFound, match="No index at"):
        load_index(tmp_path / "index", embedder=embedder)
    assert not (tmp_path / "index").exists()          # the old build was not moved back


def test_disk_full_while_writing_vectors_is_one_line_and_the_old_index_serves(
        corpus, tmp_path, monkeypatch, capsys, fake_model):
    """Item 7: FAISS reports a full disk as a RuntimeError with C++ paths in it."""
    import faiss
    build_index(corpus, tmp_path / "index", embedder=fake_model)
    before = (tmp_path / "index" / "manifest.json").read_bytes()

    def full(*args, **kwargs):
        raise RuntimeError("Error in faiss::FileIOWriter::operator()(const void*, size_t, size_t) "
                           "at /project/faiss/faiss/impl/io.cpp:116: Error: 'ret == nitems' failed: "
                           "write error in index/vectors.faiss: 0 != 1 (No space left on device)")
    monkeypatch.setattr(faiss, "write_index", full)
    (corpus / "new.txt").write_text("New\nNew text.\n", encoding="utf-8")
    assert cli.main(["build"]) == 2
    err = capsys.readouterr().err
    [error] = [line for line in err.splitlines() if line.startswith("error")]
    assert "No space left on device" in error and "faiss" not in err and ".cpp" not in err
    assert (tmp_path / "index" / "manifest.json").read_bytes() == before
    logged: list[str] = []
    served = ensure_index(corpus, tmp_path / "index", embedder=fake_model, log=logged.append)
    assert served.chunks and any("serving the previous index" in m for m in logged)
    assert not any(".cpp" in m for m in logged)


def test_a_document_saved_while_the_build_reads_it_is_hashed_as_read(corpus, tmp_path, monkeypatch):
    """Item 8: the manifest's sha256 is of the bytes that were parsed, so `info` sees the newer
    file as a change."""
    from indexer import formats, index_status

    path = corpus / "002_90ea20ea14920423.txt"
    parsed = path.read_bytes()
    read = formats.read_source

    def read_then_save(source):
        data = read(source)
        if source.name == path.name:
            path.write_bytes(data.replace(b"Muscle biopsy", b"Muscle testing"))  # the editor saves
        return data
    monkeypatch.setattr(formats, "read_source", read_then_save)
    build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    monkeypatch.undo()
    manifest = load_index(tmp_path / "index", embedder=HashEmbedder()).manifest
    assert manifest.sources["corpus/002_90ea20ea14920423.txt"]["sha256"] == \
        hashlib.sha256(parsed).hexdigest()
    assert index_status(tmp_path / "index", corpus, embedder=HashEmbedder()).state == "stale"


def test_no_chunk_or_sentence_exceeds_the_caps_and_offsets_stay_exact(tmp_path):
    """Item 9: a giant paragraph with no sentence break is cut into capped pieces."""
    from indexer import chunk_document, load_document
    from indexer.sentences import MAX_CHUNK_CHARS, MAX_SENTENCE_CHARS
    from indexer.textmap import comparable

    words = "muscle nerve weakness disease patient doctor test blood sign early".split()
    body = " ".join(words[(k * 7) % len(words)] for k in range(60_000))   # ~400k characters
    path = tmp_path / "para.md"
    path.write_text("# Big paragraph\n\n" + body + "\n\n# " + "Long heading " * 5_000 + "\n\nEnd.\n",
                    encoding="utf-8")
    document = load_document(path)
    chunks = chunk_document(document).chunks
    assert len(chunks) > 100
    assert max(len(c.text) for c in chunks) <= MAX_CHUNK_CHARS
    assert max(len(s.text) for c in chunks for s in c.sentences) <= MAX_SENTENCE_CHARS
    assert max((len(h) for c in chunks for h in c.section), default=0) <= MAX_SENTENCE_CHARS
    for chunk in chunks[:20]:
        assert comparable(chunk.text) == comparable(document.raw[chunk.start:chunk.end])
        for s in chunk.sentences:
            assert comparable(s.text) == comparable(document.raw[s.start:s.end])


def test_a_document_over_the_sentence_limit_is_skipped_with_the_limit_named(corpus, tmp_path,
                                                                            monkeypatch):
    """Item 9: 100k short lines would take half an hour to embed; the build says why it skips."""
    import indexer.sentences as sentences
    monkeypatch.setattr(sentences, "MAX_SENTENCES_PER_DOCUMENT", 500)
    (corpus / "lines.txt").write_text("Lines\n" + "".join(f"Line number {k}.\n" for k in range(2_000)),
                                      encoding="utf-8")
    report = build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    reasons = {s.source: s.reason for s in report.skipped}
    assert "over the 500-sentence limit" in reasons["corpus/lines.txt"]
    assert "corpus/lines.txt" not in {d.document.source for d in report.documents}
    summary = format_build_report(report)
    assert "Limits per document:" in summary and "500 sentences" in summary


def test_a_file_name_renders_as_text(tmp_path):
    """Item 10: a file name cannot become live markup in the answer or the note."""
    from indexer.render import answer_html, note_text

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = "a` [click](javascript:alert(1)) ![x](x.png) <b onclick=x>bold `b.txt"
    (corpus / name).write_text("Zorbic Notes\nZorbic fever is diagnosed with the quennel test.\n",
                               encoding="utf-8")
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    index = load_index(tmp_path / "index", embedder=embedder)
    reply = answer(index, "How is zorbic fever diagnosed?")
    shown = answer_html(reply, index.manifest.sources, index.definitions)
    assert "<b " not in shown and "&lt;b onclick=x&gt;bold" in shown    # in "For checking", as text
    assert 'href="javascript' not in shown and "<img" not in shown
    assert "<" not in note_text("How is zorbic fever diagnosed?", reply, index.manifest.sources)


def test_an_unreadable_corpus_file_does_not_take_the_chat_down(corpus, tmp_path, monkeypatch):
    """Item 11: the index is fine; a file that cannot be read now is reported, not fatal."""
    import indexer.documents as documents
    import indexer.status as status

    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    real = documents.file_sha256

    def denied(path):
        if Path(path).name == "001_2f591b454a22b49c.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)
    monkeypatch.setattr(documents, "file_sha256", denied)
    monkeypatch.setattr(status, "file_sha256", denied)
    found = status.index_status(tmp_path / "index", corpus, embedder=embedder)
    assert found.state == "fresh" and "cannot be read" in found.reason
    assert ensure_index(corpus, tmp_path / "index", embedder=embedder).chunks


def test_an_unreadable_index_is_a_sentence(corpus, tmp_path, monkeypatch):
    """Item 11 (as root, permissions are not enforced: the read fails by injection)."""
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    real_read = Path.read_text

    def denied(self, *args, **kwargs):
        if self.name == "manifest.json":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read(self, *args, **kwargs)
    monkeypatch.setattr(Path, "read_text", denied)
    with pytest.raises(IndexerError, match="cannot be read .*Permission denied"):
        load_index(tmp_path / "index", embedder=embedder)


def test_a_lock_file_naming_a_live_unrelated_pid_does_not_block_builds(corpus, tmp_path):
    """Item 12: the lock is an flock, released by the kernel when its holder dies; the pid in
    the file is only for the message."""
    (tmp_path / ".index.lock").write_text(str(os.getppid()), encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    assert load_index(tmp_path / "index", embedder=HashEmbedder()).chunks


HOLD_LOCK = """
import sys, time
sys.path[:0] = [{repo!r}]
from pathlib import Path
from indexer.swap import BuildLock
with BuildLock(Path("index")):
    print("holding", flush=True)
    time.sleep(60)
"""


def test_a_lock_held_by_another_process_refuses_a_build(corpus, tmp_path):
    from indexer.swap import BuildLocked
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK.format(repo=str(REPO))],
                              cwd=tmp_path, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(BuildLocked, match=rf"Another build \(pid {holder.pid}\)"):
            build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    finally:
        holder.kill()
        holder.wait(timeout=30)
    build_index(corpus, tmp_path / "index", embedder=HashEmbedder())   # released by its death
