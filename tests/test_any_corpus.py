"""The chat on a corpus that is not about ALS: examples from the corpus, a document list that
copes with thousands (indexer/examples.py, indexer/page.py), pages written by others."""

from indexer import LiveIndex, build_index, load_index, page_html
from indexer.page import documents_html

from fakes import HashEmbedder

PAGE = """Acromegaly

Acromegaly is a hormonal disorder that results from too much growth hormone in the body.
"""


def test_the_examples_are_the_corpus_own_questions(fake_index):
    page = page_html(LiveIndex(fake_index, log=lambda _: None), None)
    assert 'data-ask="How do doctors either confirm or rule out ALS?"' in page
    assert 'data-ask="What is MS?"' in page
    assert 'data-ask="What is it?"' not in page          # needs its page to make sense


def test_headings_that_ask_for_personal_advice_or_do_not_ask_are_not_examples():
    from indexer.examples import _self_contained
    assert _self_contained("Is septo-optic dysplasia inherited?")
    assert not _self_contained("Which Treatment Is Best for You?")
    assert not _self_contained("Read more under How is adrenal insufficiency treated?")


def test_without_question_headings_the_examples_ask_what_short_titles_are(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "acromegaly.txt").write_text(PAGE, encoding="utf-8")
    (corpus / "long.txt").write_text("A Long Article Title About Many Things At Once\n\nSome text here.\n",
                                     encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    page = page_html(LiveIndex(load_index(tmp_path / "index", embedder=HashEmbedder()), log=lambda _: None), None)
    assert 'data-ask="What is Acromegaly?"' in page
    assert "A Long Article Title" not in page.split('aria-label="Example questions"')[1].split("</nav>")[0]
    assert "How is MG told apart from ALS?" not in page


def test_five_thousand_documents_are_summarised_by_folder():
    sources = {f"corpus/{folder}/{k:05d}.txt": {"title": f"Condition {k}", "meta": {}}
               for folder in ("GARD", "GHR") for k in range(2_700)}
    page = documents_html(sources, open_=True)
    assert "What I answer from: 5,400 documents" in page
    assert "<li>GARD: 2,700 documents — <cite>Condition 0</cite>" in page and "2,697 more" in page
    assert len(page) < 2_000


def test_a_lower_case_title_is_the_title_not_a_dropped_label(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("achondroplasia\n\nAchondroplasia is a form of short-limbed dwarfism.\n",
                                  encoding="utf-8")
    report = build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    [chunked] = report.documents
    assert chunked.cleaning.dropped == () and chunked.chunks[0].title == "achondroplasia"


def test_a_table_row_with_empty_cells_is_not_a_run_in_list():
    from indexer.structure import parse_lines
    raw = "| Sign | ALS | MS |\n|---|---|---|\n| Cognition  |  -   |  -   |\n"
    assert [line.text for line in parse_lines(raw)] == ["| Sign | ALS | MS |", "|---|---|---|",
                                                        "| Cognition | - | - |"]


def test_folders_are_named_below_the_corpus_folder_never_by_the_server_path():
    sources = {f"/srv/data/medquad/corpus/{folder}/{k:05d}.txt": {"title": f"Condition {k}", "meta": {}}
               for folder in ("GARD", "GHR") for k in range(30)}
    page = documents_html(sources, open_=True)
    assert "<li>GARD: 30 documents" in page and "srv" not in page
