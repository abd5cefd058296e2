"""Rebuilding: incremental, atomic, locked, and picked up by the running chat."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from indexer import IndexCorrupt, LiveIndex, answer, build_index, ensure_index, load_index
from indexer.swap import BuildLock, BuildLocked
from indexer.vocabulary import Vocabulary

from conftest import REPO
from fakes import HashEmbedder

NEW_TXT = "Lambert Notes\nLambert-Eaton syndrome is a rare disorder of the nerve-muscle junction.\n"
NEW_MD = "# Zorbic Fever\n\nZorbic fever is treated with quennel tablets taken daily.\n"


def sources(index):
    return {c.source for c in index.chunks}


def test_adding_documents_embeds_only_their_chunks(corpus, tmp_path):
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    before = load_index(tmp_path / "index", embedder=embedder)
    (corpus / "lambert.txt").write_text(NEW_TXT, encoding="utf-8")
    (corpus / "zorbic.md").write_text(NEW_MD, encoding="utf-8")
    counting = HashEmbedder()
    report = build_index(corpus, tmp_path / "index", embedder=counting)
    assert report.changes.added == ("corpus/lambert.txt", "corpus/zorbic.md")
    assert len(report.changes.unchanged) == 4 and not report.changes.removed
    new_chunks = [c for d in report.documents for c in d.chunks
                  if d.document.source in report.changes.added]
    assert report.embedded_chunks == len(new_chunks) == 2
    # Words too: only those the new documents brought are embedded (hinge.py's stand-ins).
    new_words = set(Vocabulary.from_texts([NEW_TXT, NEW_MD]).stand_in_words()) - set(before.vocabulary.stand_in_words())
    assert 0 < report.embedded_words <= len(new_words)
    assert counting.texts == report.embedded_chunks + report.embedded_sentences + report.embedded_words
    after = load_index(tmp_path / "index", embedder=embedder)
    assert len(after.chunks) == len(before.chunks) + 2
    reply = answer(after, "How is zorbic fever treated?")
    assert "quennel tablets" in reply.text and reply.sources[0].chunk.source == "corpus/zorbic.md"


def test_a_changed_document_replaces_its_chunks_and_only_its_chunks(corpus, tmp_path):
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    before = load_index(tmp_path / "index", embedder=embedder)
    path = corpus / "002_90ea20ea14920423.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Muscle biopsy can diagnose other muscle disease rather than ALS.",
        "Muscle biopsy results take about two weeks."), encoding="utf-8")
    report = build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    assert report.changes.changed == ("corpus/002_90ea20ea14920423.txt",)
    after = load_index(tmp_path / "index", embedder=embedder)
    texts = "\n".join(c.text for c in after.chunks)
    assert "two weeks" in texts and "other muscle disease rather than ALS" not in texts
    untouched = [c.text for c in before.chunks if c.source != "corpus/002_90ea20ea14920423.txt"]
    assert untouched == [c.text for c in after.chunks if c.source != "corpus/002_90ea20ea14920423.txt"]
    assert report.embedded_chunks <= 2      # the changed chunk (and at most its neighbour)


def test_a_removed_document_cannot_be_retrieved(corpus, tmp_path):
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    (corpus / "000_b01bdc2a4760374d.txt").unlink()
    report = build_index(corpus, tmp_path / "index", embedder=embedder)
    assert report.changes.removed == ("corpus/000_b01bdc2a4760374d.txt",)
    index = load_index(tmp_path / "index", embedder=embedder)
    assert "corpus/000_b01bdc2a4760374d.txt" not in sources(index)
    for hits in index.search_batch(["myasthenia gravis repetitive nerve stimulation"], k=100):
        assert all(h.chunk.source != "corpus/000_b01bdc2a4760374d.txt" for h in hits)


def test_other_settings_force_a_full_rebuild_with_the_reason(corpus, tmp_path):
    build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    report = build_index(corpus, tmp_path / "index", embedder=HashEmbedder(name="other/model"))
    assert "model changed" in report.full_reason and report.embedded_chunks == report.chunk_count
    report = build_index(corpus, tmp_path / "index", embedder=HashEmbedder(name="other/model"), full=True)
    assert report.full_reason == "--full was asked for"


def test_a_second_build_at_once_is_refused(corpus, tmp_path):
    build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    with BuildLock(tmp_path / "index"):
        with pytest.raises(BuildLocked, match=r"Another build \(pid \d+\) is writing .* wait for it"):
            build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    assert load_index(tmp_path / "index", embedder=HashEmbedder()).chunks   # never mixed


KILLED_BUILD = """
import sys, time
sys.path[:0] = [{repo!r}, {tests!r}]
from pathlib import Path
import indexer.build as build
from fakes import HashEmbedder

class StallingEmbedder(HashEmbedder):
    def encode(self, texts):
        if {stage!r} == "embedding":
            print("stalled", flush=True)
            time.sleep(60)                 # killed here: while embedding
        return super().encode(texts)

original = build.write_index_files
def slow_write(directory, *args, **kwargs):
    original(directory, *args, **kwargs)
    print("stalled", flush=True)
    time.sleep(60)                         # killed here: staging complete, not yet swapped in
if {stage!r} == "swap":
    build.write_index_files = slow_write
build.build_index(Path("corpus"), Path("index"), embedder=StallingEmbedder())
"""


@pytest.mark.parametrize("stage", ["embedding", "swap"])
def test_a_build_killed_midway_leaves_the_old_index_serving(corpus, tmp_path, stage):
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    before = len(load_index(tmp_path / "index", embedder=embedder).chunks)
    (corpus / "lambert.txt").write_text(NEW_TXT, encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", KILLED_BUILD.format(
        repo=str(REPO), tests=str(REPO / "tests"), stage=stage)], cwd=tmp_path,
        stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "stalled"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert (tmp_path / ".index.lock").exists()
    assert bool(list(tmp_path.glob(".index.tmp-*"))) == (stage == "swap")
    survivor = load_index(tmp_path / "index", embedder=embedder)
    assert len(survivor.chunks) == before and survivor.search("myasthenia gravis", k=1)
    report = build_index(corpus, tmp_path / "index", embedder=embedder)   # stale lock taken over
    assert not list(tmp_path.glob(".index.tmp-*"))                        # leftover cleaned
    assert "corpus/lambert.txt" in report.changes.added


@pytest.mark.parametrize("damage", ["truncate-chunks", "truncate-vectors", "garbage-bm25"])
def test_damaged_index_files_say_rebuild_and_the_app_rebuilds(corpus, tmp_path, damage, monkeypatch,
                                                             fake_model):
    embedder = fake_model
    build_index(corpus, tmp_path / "index", embedder=embedder)
    target = {"truncate-chunks": "chunks.jsonl", "truncate-vectors": "vectors.faiss",
              "garbage-bm25": "bm25/params.index.json"}[damage]
    path = tmp_path / "index" / target
    if damage.startswith("truncate"):
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    else:
        path.write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexCorrupt, match="python -m indexer build"):
        load_index(tmp_path / "index", embedder=embedder)
    import indexer.build as build
    monkeypatch.setattr(build, "index_status", lambda *a, **k: build.IndexStatus("fresh", "ok"))
    logged = []
    index = ensure_index(corpus, tmp_path / "index", log=logged.append)
    assert index.chunks and any("Building it now" in m for m in logged)


def test_the_chat_keeps_answering_while_a_rebuild_swaps_the_index(corpus, tmp_path):
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    live = LiveIndex(load_index(tmp_path / "index", embedder=embedder), log=lambda _: None)
    serving = live.current()
    before = answer(serving, "How is zorbic fever treated?")
    assert "quennel" not in before.text and all(r.chunk.source != "corpus/zorbic.md" for r in before.sources)
    (corpus / "zorbic.md").write_text(NEW_MD, encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder=embedder)
    # the request that started before the swap still completes on its index
    assert answer(serving, "How is MG told apart from ALS?").lines
    fresh = live.current()
    assert fresh is not serving and "quennel tablets" in answer(fresh, "How is zorbic fever treated?").text
    assert live.current() is fresh        # no reload when nothing changed


NEW_HTML = """<html><head><title>Glimmer</title><script>window.__xss = 1</script></head><body>
<nav>Home | About | Contact</nav>
<h1>Glimmer Syndrome</h1>
<p>Glimmer syndrome is diagnosed with the &quot;orbit&quot; <b>eye test</b>.</p>
<h2>Treatment</h2><ul><li>Dark glasses</li><li>Rest &amp; fluids</li></ul>
<footer>Copyright 2026</footer></body></html>"""


def make_pdf(path: Path) -> None:
    from fpdf import FPDF
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 10, "Fennel Palsy Handbook\nChapter one is an introduction.")
    pdf.add_page()
    pdf.multi_cell(0, 10, "Fennel palsy is confirmed by the ribbon reflex test.")
    pdf.output(str(path))


def test_each_format_is_indexed_cited_and_answered(corpus, tmp_path):
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    (corpus / "lambert.txt").write_text(NEW_TXT, encoding="utf-8")
    (corpus / "zorbic.md").write_text(NEW_MD, encoding="utf-8")
    (corpus / "glimmer.html").write_text(NEW_HTML, encoding="utf-8")
    make_pdf(corpus / "fennel.pdf")
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    counting = HashEmbedder()
    report = build_index(corpus, tmp_path / "index", embedder=counting)
    added = set(report.changes.added)
    assert added == {"corpus/lambert.txt", "corpus/zorbic.md", "corpus/glimmer.html", "corpus/fennel.pdf"}
    assert report.embedded_chunks == sum(len(d.chunks) for d in report.documents
                                         if d.document.source in added)
    reasons = {s.source: s.reason for s in report.skipped}
    assert "unsupported file type '.docx'" in reasons["corpus/notes.docx"]
    assert "not a readable PDF" in reasons["corpus/broken.pdf"]
    index = load_index(tmp_path / "index", embedder=embedder)

    html_answer = answer(index, "How is glimmer syndrome diagnosed?")
    [chunk] = [r.chunk for r in html_answer.sources if r.chunk.source == "corpus/glimmer.html"]
    assert chunk.title == "Glimmer Syndrome" and "window.__xss" not in chunk.text
    fragment = html_answer.lines[0].fragments[0]
    assert fragment.text == 'Glimmer syndrome is diagnosed with the "orbit" eye test.'
    assert NEW_HTML[fragment.start:fragment.end] == \
        "Glimmer syndrome is diagnosed with the &quot;orbit&quot; <b>eye test</b>."
    assert "Home | About" not in "\n".join(c.text for c in index.chunks)

    pdf_answer = answer(index, "How is fennel palsy confirmed?")
    [ref] = [r for r in pdf_answer.sources if r.chunk.source == "corpus/fennel.pdf"]
    quote = pdf_answer.lines[0].fragments[0]
    assert "ribbon reflex test" in quote.text and ref.chunk.page_at(quote.start) == 2
