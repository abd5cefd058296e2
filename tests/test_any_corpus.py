"""The chat on a corpus that is not about ALS: examples from the corpus, a document list that
copes with thousands (indexer/examples.py, indexer/page.py)."""

from indexer import LiveIndex, build_index, load_index, page_html
from indexer.page import documents_html

from fakes import HashEmbedder

FAQ_PAGE = """Acromegaly

What is acromegaly? Acromegaly is a hormonal disorder that results from too much growth hormone in the body.

How might acromegaly be treated? Treatment may include surgery, medication and radiation therapy.
"""


def test_the_examples_are_the_corpus_own_questions(fake_index):
    page = page_html(LiveIndex(fake_index, log=lambda _: None), None)
    assert 'data-ask="How do doctors either confirm or rule out ALS?"' in page
    assert 'data-ask="What is MS?"' in page
    assert 'data-ask="What is it?"' not in page          # needs its page to make sense


def test_a_faq_page_gives_its_questions_as_headings_and_examples(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "acromegaly.txt").write_text(FAQ_PAGE, encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    index = load_index(tmp_path / "index", embedder=HashEmbedder())
    assert [c.section for c in index.chunks] == [("What is acromegaly?",), ("How might acromegaly be treated?",)]
    page = page_html(LiveIndex(index, log=lambda _: None), None)
    assert 'data-ask="What is acromegaly?"' in page and 'data-ask="How might acromegaly be treated?"' in page
    assert "How is MG told apart from ALS?" not in page


def test_five_thousand_documents_are_summarised_by_folder():
    sources = {f"corpus/{folder}/{k:05d}.txt": {"title": f"Condition {k}", "meta": {}}
               for folder in ("GARD", "GHR") for k in range(2_700)}
    page = documents_html(sources, open_=True)
    assert "What I answer from: 5,400 documents" in page
    assert "<li>GARD: 2,700 documents — <cite>Condition 0</cite>" in page and "2,697 more" in page
    assert len(page) < 2_000


def test_a_section_opening_comes_before_its_continuation_when_they_score_alike(tmp_path):
    from dataclasses import replace

    from indexer.store import openings_first
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "acromegaly.txt").write_text(FAQ_PAGE, encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    opening, other = load_index(tmp_path / "index", embedder=HashEmbedder()).chunks[:2]
    continuation = replace(opening, id=opening.id + 5, text="The frequency may also be listed as a fraction.")
    assert openings_first([(continuation, 1.0), (other, 0.97), (opening, 0.95)], 0.9) == \
        [(opening, 0.95), (continuation, 1.0), (other, 0.97)]
    assert openings_first([(continuation, 1.0), (opening, 0.5)], 0.9) == [(continuation, 1.0), (opening, 0.5)]


def test_a_lower_case_title_is_the_title_not_a_dropped_label(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("achondroplasia\n\nAchondroplasia is a form of short-limbed dwarfism.\n",
                                  encoding="utf-8")
    report = build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    [chunked] = report.documents
    assert chunked.cleaning.dropped == () and chunked.chunks[0].title == "achondroplasia"
