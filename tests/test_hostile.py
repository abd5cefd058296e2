"""Bad input, damaged files and probing: nothing crashes, nothing leaks, nothing runs,
and no answer is ever served from damaged data."""

import errno
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from indexer import (
    SORRY,
    IndexCorrupt,
    IndexerError,
    IndexMismatch,
    LiveIndex,
    answer,
    build_index,
    cli,
    load_corpus,
    load_index,
    take_turn,
)

from conftest import REPO, running_app
from fakes import HashEmbedder

PROMPT, TOO_LONG, ANSWERED = "Please type a question", "please keep it under 500", "answered"


def reply(index, message, conversation=None):
    live = index if isinstance(index, LiveIndex) else LiveIndex(index, log=lambda _: None)
    return take_turn(live, message, conversation).turns[-1].reply


def is_answer(reply_html: str) -> bool:
    """An answer with its sources, or the plain "not covered": not a refusal or an error."""
    return 'class="sources"' in reply_html or 'class="not-covered"' in reply_html


QUESTIONS = [  # (name, message, expected)
    ("empty", "", PROMPT),
    ("whitespace", "   \n\t  ", PROMPT),
    ("only control characters", "\x00\x01\x07\x1b", PROMPT),
    ("only bidi/zero-width", "\u202e\u200b\u2066", PROMPT),
    ("None instead of text", None, PROMPT),
    ("501 characters", "a" * 501, TOO_LONG),
    ("20,000 characters", "why " * 5000, TOO_LONG),
    ("bidi override inside", "\u202eMyasthenia gravis\u202c tests", ANSWERED),
    ("NUL inside", "myasthenia\x00 gravis", ANSWERED),
    ("zero-width inside", "myas\u200bthenia gravis", ANSWERED),
    ("full-width letters", "ｍｙａｓｔｈｅｎｉａ ｇｒａｖｉｓ", ANSWERED),
    ("decomposed accents", "cafe\u0301 myasthenia gravis", ANSWERED),
    ("emoji only", "🤔🧠💪", ANSWERED),
    ("emoji around words", "💪 myasthenia gravis? 🤔", ANSWERED),
    ("Chinese", "肌萎缩侧索硬化症是什么?", ANSWERED),
    ("Arabic", "ما هو التصلب الجانبي الضموري؟", ANSWERED),
    ("Hindi", "एएलएस क्या है?", ANSWERED),
    ("HTML/script", "<script>alert(1)</script><img src=x onerror=alert(2)>", ANSWERED),
    ("javascript link", "[click](javascript:alert(1)) myasthenia", ANSWERED),
    ("SQL injection", "' OR 1=1; DROP TABLE chunks; --", ANSWERED),
    ("path traversal", "../../../../etc/passwd", ANSWERED),
    ("format string", "%s%s%s%n %x {0} {{7*7}}", ANSWERED),
    ("one character", "?", ANSWERED),
    ("one 400-char word", "x" * 400, ANSWERED),
    ("newlines between words", "myasthenia\n\n\ngravis", ANSWERED),
    ("lone surrogate-like escape", "myasthenia \\ud800 gravis", ANSWERED),
    ("lone surrogate", "myasthenia \ud800 gravis", ANSWERED),
    ("10M non-ASCII characters", "é" * 10_000_000, "10,000,000 characters long"),
]


@pytest.mark.parametrize("name, message, expected", QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_bad_questions_get_a_message_never_a_crash(fake_index, name, message, expected):
    text = reply(fake_index, message)
    if expected == ANSWERED:
        assert is_answer(text) and SORRY not in text
    else:
        assert expected in text
    assert "<script" not in text and "<img" not in text and "](javascript:" not in text
    assert "Traceback" not in text


def test_equivalent_spellings_give_the_same_passages(fake_index):
    def top(q):
        return [h.chunk.id for h in fake_index.search(q, k=3)]
    assert top("myasthenia gravis") == top("ｍｙａｓｔｈｅｎｉａ ｇｒａｖｉｓ") \
        == top("myas\u200bthenia\u202e gravis") == top("MYASTHENIA  GRAVIS")
    assert top("Kennedy's disease") == top("Kennedy’s disease")


def test_a_malformed_conversation_state_is_tolerated(fake_index):
    for state in (None, [None, {"role": "user"}], "x", 5):
        assert is_answer(reply(fake_index, "and what about MS?", state))


def sparse(path: Path, size: int) -> None:
    with open(path, "wb") as f:
        f.truncate(size)            # no disk used


def looping_pdf() -> bytes:
    """A PDF whose page tree contains itself."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (Loop text) Tj ET\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


CORPUS_FILES = [  # (name, file name, content bytes or a writer, expected skip reason or None)
    ("PDF whose page tree loops", "loop.pdf", looping_pdf(), "cyclic page references"),
    ("binary junk as .txt", "junk.txt", bytes(range(256)) * 40, "not text in any common encoding"),
    ("Latin-1 text", "latin.txt", "Caf\xe9 notes\nCaf\xe9 au lait.\n".encode("latin-1"), None),
    ("UTF-8 with BOM", "bom.txt", "\ufeffBOM notes\nText after a BOM.\n".encode("utf-8"), None),
    ("UTF-16 text", "utf16.txt", "Wide notes\nWide text here.\n".encode("utf-16"), None),
    ("empty file", "empty.md", b"", "empty document"),
    ("only whitespace", "blank.txt", b" \n\n\t\n", "empty document"),
    ("unsupported type", "slides.pptx", b"PK\x03\x04", "unsupported file type '.pptx'"),
    ("no extension", "README", b"text", "unsupported file type '(none)'"),
    ("fake PDF", "fake.pdf", b"%PDF-1.7 nothing here", "not a readable PDF"),
    ("HTML pretending to be PDF", "page.pdf", b"<html>hi</html>", "not a readable PDF"),
    ("1 MB without spaces", "blob.txt", b"T\n" + b"A" * 1_000_000, "run without spaces"),
    ("oversized file", "huge.txt", sparse, "over the 20,000,000-byte limit"),
    ("duplicate of another file", "copy.txt", b"Good title\nSome text about ALS.\n", None),
    ("HTML with script and onerror", "evil.html",
     b"<h1>Evil</h1><script>alert(1)</script><p>Text <img src=x onerror=alert(2)> here.</p>", None),
]


def test_bad_corpus_files_are_skipped_with_a_reason(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Good title\nSome text about ALS.\n", encoding="utf-8")
    for _, name, content, _ in CORPUS_FILES:
        if callable(content):
            content(corpus / name, 30_000_000)
        else:
            (corpus / name).write_bytes(content)
    (corpus / "escape.txt").symlink_to("/etc/hostname")
    (corpus / "metadata.json").write_text('{"good.txt": {"title": "Good"}}', encoding="utf-8")
    documents, skipped = load_corpus(corpus)
    reasons = {Path(s.source).name: s.reason for s in skipped}
    loaded = {Path(d.source).name: d for d in documents}
    for name, file_name, _, expected in CORPUS_FILES:
        if expected is None:
            assert file_name in loaded or reasons.get(file_name, "").startswith("same content"), name
        else:
            assert expected in reasons[file_name], (name, reasons.get(file_name))
    assert "escape.txt" not in loaded and "escape.txt" not in reasons     # link not followed
    assert "alert" not in loaded["evil.html"].text_for_chunking            # script dropped
    assert "Café au lait" in loaded["latin.txt"].raw and "Wide text" in loaded["utf16.txt"].raw


def test_malformed_metadata_file_is_a_clear_error(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "metadata.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexerError, match="metadata.json: not valid JSON .* fix or delete it"):
        load_corpus(corpus)


INDEX_FILES = ["vectors.faiss", "sentence_vectors.npy", "sentence_chunks.npy", "chunks.jsonl",
               "vocabulary.json", "glossary.json", "bm25/data.csc.index.npy",
               "bm25/vocab.index.json", "bm25/params.index.json"]
DAMAGES = ["truncate", "bit-flip", "delete"]


def damage(path: Path, how: str) -> None:
    if how == "delete":
        path.unlink()
    elif how == "truncate":
        path.write_bytes(path.read_bytes()[: max(len(path.read_bytes()) // 2, 1) - 1])
    else:
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """An index built twice (so a previous good index sits beside it), and the answer it gives."""
    import shutil

    from conftest import SEED_CORPUS
    root = tmp_path_factory.mktemp("faults")
    shutil.copytree(SEED_CORPUS, root / "corpus")
    embedder = HashEmbedder()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        build_index(Path("corpus"), Path("index"), embedder=embedder)
        build_index(Path("corpus"), Path("index"), embedder=embedder)
        expected = answer(load_index(Path("index"), embedder=embedder), "myasthenia gravis tests").text
    finally:
        os.chdir(cwd)
    return root, embedder, expected


@pytest.mark.parametrize("how", DAMAGES)
@pytest.mark.parametrize("name", INDEX_FILES)
def test_damaged_file_falls_back_to_the_previous_index_or_fails_clearly(two_builds, tmp_path, name, how):
    import shutil
    root, embedder, expected = two_builds
    shutil.copytree(root / "index", tmp_path / "index")
    shutil.copytree(root / ".index.prev", tmp_path / ".index.prev")
    damage(tmp_path / "index" / name, how)
    index = load_index(tmp_path / "index", embedder=embedder)        # the previous good index…
    assert index.fallback_reason and name in index.fallback_reason or "missing" in index.fallback_reason
    assert answer(index, "myasthenia gravis tests").text == expected  # …answers exactly as before
    shutil.copytree(root / "index", tmp_path / "alone")
    damage(tmp_path / "alone" / name, how)
    with pytest.raises(IndexCorrupt, match="python -m indexer build"):   # none to fall back to
        load_index(tmp_path / "alone", embedder=embedder)


def test_wrong_dimension_at_query_time_is_a_sentence(fake_index):
    fake_index.embedder = HashEmbedder(dimension=32)
    with pytest.raises(IndexMismatch, match="32-dimensional vectors but the index .* holds 64"):
        fake_index.search("myasthenia gravis")


def test_disk_full_during_build_exits_non_zero_and_leaves_the_old_index(corpus, tmp_path, monkeypatch,
                                                                        capsys, fake_model):
    import indexer.build as build
    build_index(corpus, tmp_path / "index", embedder=fake_model)
    before = (tmp_path / "index" / "manifest.json").read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(build, "write_index_files", full_disk)
    (corpus / "new.txt").write_text("New\nNew text.\n", encoding="utf-8")
    assert cli.main(["build"]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "previous index at index/ is untouched" in err
    assert (tmp_path / "index" / "manifest.json").read_bytes() == before
    assert not list(tmp_path.glob(".index.tmp-*"))


@pytest.mark.model
@pytest.mark.app
def test_http_probes_cannot_read_files(corpus, tmp_path):
    with running_app(tmp_path) as app:
        probes = ["gradio_api/file=corpus/000_b01bdc2a4760374d.txt", "gradio_api/file=index/manifest.json",
                  "gradio_api/file=chat_app.py", f"gradio_api/file={REPO}/chat_app.py",
                  "gradio_api/file=../../../../etc/passwd", "gradio_api/file=%2e%2e/%2e%2e/etc/passwd",
                  "gradio_api/file=/etc/passwd", "file=corpus/000_b01bdc2a4760374d.txt",
                  "gradio_api/file=..%2f..%2fetc%2fhostname", "gradio_api/file=index/chunks.jsonl"]
        for probe in probes:
            try:
                status = urllib.request.urlopen(app.url + probe, timeout=30).status
                body = ""
            except urllib.error.HTTPError as exc:
                status, body = exc.code, ""
            assert status in (403, 404), (probe, status, body)
