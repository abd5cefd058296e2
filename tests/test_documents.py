"""Loading files: formats, metadata, titles, and how structure is read from new documents."""

import json

import pytest

from indexer import ChunkSettings, UnsupportedFormat, chunk_document, load_corpus, load_document
from indexer.sentences import estimate_tokens
from indexer.textmap import comparable, normalize, normalize_span

from conftest import SEED_CORPUS


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_unsupported_file_gets_a_clear_message(tmp_path):
    path = tmp_path / "corpus" / "scan.docx"
    path.parent.mkdir()
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFormat, match=r"scan\.docx: unsupported file type '\.docx'; "
                                                r"supported types are \.txt, \.md, \.html, \.htm, \.pdf"):
        load_document(path)


def test_corpus_skips_bad_files_with_reasons_and_loads_the_rest(tmp_path):
    write(tmp_path / "corpus" / "good.txt", "Good title\nSome text about ALS.\n")
    (tmp_path / "corpus" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "corpus" / "latin1.txt").write_bytes("Caf\xe9 notes\nA na\xefve caf\xe9 au lait, "
                                                     "served with cr\xe8me.\n".encode("latin-1"))
    (tmp_path / "corpus" / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "corpus" / "empty.md").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "corpus" / "copy.txt").write_text("Good title\nSome text about ALS.\n", encoding="utf-8")
    (tmp_path / "corpus" / "link.txt").symlink_to("/etc/hostname")
    documents, skipped = load_corpus(tmp_path / "corpus")
    assert [d.source for d in documents] == ["corpus/copy.txt", "corpus/latin1.txt"]
    assert "café au lait" in documents[1].raw
    reasons = {s.source: s.reason for s in skipped}
    assert "unsupported file type '.png'" in reasons["corpus/image.png"]
    assert "not text in any common encoding" in reasons["corpus/binary.txt"]
    assert "empty document" in reasons["corpus/empty.md"]
    assert reasons["corpus/good.txt"] == "same content as corpus/copy.txt"
    assert "corpus/link.txt" not in reasons          # symlinks are not followed at all


def test_document_without_metadata_takes_its_first_line_as_title(tmp_path):
    write(tmp_path / "corpus" / "metadata.json", json.dumps({"a.txt": {"title": "Alpha"}}))
    write(tmp_path / "corpus" / "a.txt", "First line of a\nText.\n")
    write(tmp_path / "corpus" / "b.md", "\n# Bravo heading\n\nText.\n")
    documents, _ = load_corpus(tmp_path / "corpus")
    assert {d.source: d.title for d in documents} == {"corpus/a.txt": "Alpha",
                                                      "corpus/b.md": "Bravo heading"}


def test_normalisation_keeps_exact_offsets():
    raw = "  Ｆｕｌｌ\u00a0width “quoted” cafe\u0301 \u200bzero-width\u202e  "
    mapped = normalize_span(raw, 0, len(raw))
    assert mapped.text == 'Full width "quoted" café zero-width'
    a = mapped.text.index("café")
    start, end = mapped.raw_span(a, a + len("café"))
    assert raw[start:end] == "cafe\u0301"
    assert normalize("MG\u00a0vs\u3000ALS") == "MG vs ALS"


MARKDOWN_DOC = """# Guide to Testing

Intro paragraph about the guide.

## Blood tests

Doctors order these tests:
- Thyroid panel
- Vitamin B12 level

## Comparison

| Test | Finds |
|---|---|
| EMG | Denervation |
| MRI | Lesions |

## Long section

""" + " ".join(f"Sentence number {i} talks about motor neurons and weakness." for i in range(60)) + "\n"


def test_markdown_headings_lists_tables_and_long_sections(tmp_path):
    path = write(tmp_path / "corpus" / "guide.md", MARKDOWN_DOC)
    doc = load_document(path)
    chunks = chunk_document(doc, ChunkSettings(max_tokens=120)).chunks
    by_section = {}
    for c in chunks:
        by_section.setdefault(c.section, []).append(c)
    assert doc.title == "Guide to Testing"
    [blood] = by_section[("Blood tests",)]
    assert "Doctors order these tests:\n- Thyroid panel\n- Vitamin B12 level" in blood.text
    [table] = by_section[("Comparison",)]
    assert table.text.splitlines()[1:] == ["| Test | Finds |", "|---|---|", "| EMG | Denervation |",
                                           "| MRI | Lesions |"]
    long_chunks = by_section[("Long section",)]
    assert len(long_chunks) > 3
    for c in chunks:
        assert estimate_tokens(c.text) <= 120
        assert comparable(c.text) == comparable(doc.raw[c.start:c.end])
    # Split between sentences, never inside one.
    assert all(c.text.rstrip().endswith(".") for c in long_chunks)


def test_big_list_continuation_carries_its_intro_as_context(tmp_path):
    items = "\n".join(f"- Item {i} is a distinct cause of muscle weakness in adults" for i in range(40))
    path = write(tmp_path / "corpus" / "list.txt", f"Causes\nCommon causes include:\n{items}\n")
    chunks = chunk_document(load_document(path), ChunkSettings(max_tokens=100)).chunks
    assert len(chunks) > 2
    assert chunks[0].text.startswith("Causes\nCommon causes include:\n- Item 0")
    assert all(c.context == "Common causes include:" for c in chunks[1:])
    assert "Common causes include:" in chunks[1].embedding_text()


def test_chrome_rules_are_general(tmp_path):
    """The same rules clean a page they were not written for."""
    page = ("Site Logo\n\nCooking With Kids\n\nKids love to help in the kitchen.\n\n"
            "Sign up for our newsletter!\n\nSafety first\nKeep knives away from small hands.\n"
            "Wash hands before cooking.\nUse oven mitts.\nClean up together.\n\n"
            "Related Articles\nTen cakes to bake\nBest blenders of the year\n")
    write(tmp_path / "corpus" / "metadata.json", json.dumps({"page.txt": {"title": "Cooking With Kids"}}))
    write(tmp_path / "corpus" / "page.txt", page)
    [doc], _ = load_corpus(tmp_path / "corpus")
    chunked = chunk_document(doc)
    text = "\n".join(c.text for c in chunked.chunks)
    assert "Kids love to help" in text and "Keep knives away" in text
    for chrome in ["Site Logo", "newsletter", "Related Articles", "Ten cakes", "blenders"]:
        assert chrome not in text
    rules = [b.rule for b in chunked.cleaning.dropped]
    assert rules == ["header", "promo", "footer"]


def test_the_plain_ascii_fast_path_normalises_exactly_as_the_mapped_walk():
    import random

    rng = random.Random(0)
    samples = ["  How is MG\ttold apart\n from ALS?  ", "a\x00b\x1fc\x7f d\x0b", ""]
    samples += ["".join(rng.choice([chr(i) for i in range(128)]) for _ in range(rng.randint(0, 40)))
                for _ in range(3000)]
    for text in samples:
        assert normalize(text) == normalize_span(text, 0, len(text)).text, repr(text)
    assert normalize("  How is MG\ttold apart\n from ALS?  ") == "How is MG told apart from ALS?"


def test_the_fast_span_path_maps_offsets_exactly_as_the_character_walk(monkeypatch):
    """Text that is ASCII once quotes fold takes a fast path; it must give the same text and
    the same raw offsets as the general walk, on the seed documents and on random strings."""
    import random

    import indexer.textmap as textmap

    def walk(raw: str) -> textmap.MappedText:
        with monkeypatch.context() as m:
            m.setattr(textmap, "_normalize_simple", lambda segment, start: None)
            return normalize_span(raw, 0, len(raw))

    rng = random.Random(1)
    alphabet = [chr(i) for i in range(128)] + list("‘’‚‛′″“”„‟é\u200b\u00a0\u0301")
    samples = [p.read_text(encoding="utf-8") for p in sorted(SEED_CORPUS.glob("*.txt"))]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for text in samples:
        assert normalize_span(text, 0, len(text)) == walk(text), repr(text[:60])
