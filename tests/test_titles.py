"""A question that names a page by its title finds that page, and the part of it that answers
(indexer/titles.py, indexer/need_head.py, search.py)."""

import numpy as np
import pytest

from indexer.need_head import HEAD_FILE, load_need_head
from indexer.settings import DEFAULT_MODEL, SearchSettings
from indexer.titles import DocumentTitles

HYPOTONIA = """Hypotonia

Hypotonia means decreased muscle tone. It can be a condition on its own or a sign of another
problem.
"""
# Says the question's words, hypotonia among them, and is about something else.
TREATMENT_GUIDE = """Choosing treatments

What are the treatments for a child with floppy muscles (hypotonia)? A team chooses them.
"""


def test_only_the_longest_title_a_question_quotes_is_named():
    titles = DocumentTitles({"a": "Diabetes", "b": "Permanent neonatal diabetes mellitus", "c": "Marfan syndrome"},
                            {"a": (0, 3), "b": (3, 2), "c": (5, 4)})
    assert titles.named("Is permanent neonatal diabetes mellitus inherited?") == [(3, 2)]
    assert titles.named("Can diabetes affect the eyes?") == [(0, 3)]
    assert titles.named("Is MARFAN SYNDROME inherited? And diabetes?") == [(0, 3), (5, 4)]
    assert titles.named("What causes muscle weakness?") == []


def test_a_one_word_title_inside_a_longer_term_names_no_page():
    titles = DocumentTitles({"f": "Fever", "c": "Cancer", "s": "Cat scratch fever"},
                            {"f": (0, 2), "c": (2, 2), "s": (4, 1)})
    assert titles.named("What germ causes cat scratch fever?") == [(4, 1)]     # the longer title
    assert titles.named("Is a high fever dangerous for a toddler?") == []
    assert titles.named("Can men get breast cancer?") == []
    assert titles.named("Can fever cause seizures?") == [(0, 2)]
    assert titles.named("What are the treatments for Fever?") == [(0, 2)]
    assert titles.named("fever: when to call a doctor") == [(0, 2)]


def test_a_title_many_pages_share_or_one_of_stopwords_names_none():
    sources = {f"p{k}": "Overview" for k in range(6)} | {"q": "About this", "r": "Overview of ALS"}
    titles = DocumentTitles(sources, {s: (k, 1) for k, s in enumerate(sources)})
    assert titles.named("Give me an overview of the disease") == []
    assert titles.named("What is this all about?") == []
    assert titles.named("An overview of ALS, please") == [(7, 1)]


def test_the_page_a_question_names_comes_first_though_another_says_its_words_more(index_of):
    others = ["Asthma", "Gout", "Acne", "Rickets", "Croup", "Mumps", "Scurvy", "Lupus"]
    index = index_of({"hypotonia.txt": HYPOTONIA, "guide.txt": TREATMENT_GUIDE}
                     | {f"other{k}.txt": f"{topic}\n\n{topic} is a common condition of many people.\n"
                        for k, topic in enumerate(others)})
    question = "What are the treatments for Hypotonia?"
    def first(**settings) -> str:
        return index.search(question, k=2, settings=SearchSettings(**settings))[0].chunk.title
    assert first(prefer_titles=False) == "Choosing treatments"
    assert first() == "Hypotonia"
    assert first(mode="bm25") == "Choosing treatments"      # the peers stay as they are


def test_a_title_whose_words_are_everywhere_names_no_page(index_of):
    index = index_of({"walk.txt": "ALS\n\nJoin the charity walk on Sunday.\n"}
                     | {f"p{k}.txt": f"Notes on {topic}\n\nALS treatment beside {topic} is described here.\n"
                        for k, topic in enumerate(["croup", "gout", "acne", "lupus"])})
    assert index.titles.named("What is the treatment for ALS?") == []
    assert index.titles.named("What is in Notes on gout?") != []
    assert DocumentTitles({"a": "Alström syndrome"}, {"a": (0, 1)}).named("Is Alstrom syndrome rare?") == [(0, 1)]


def test_the_need_head_reads_only_the_vectors_it_was_trained_on():
    assert load_need_head(DEFAULT_MODEL, 384) is not None
    assert load_need_head("test/hash-embedder", 384) is None
    assert load_need_head(DEFAULT_MODEL, 64) is None


def test_a_damaged_need_head_is_no_head_not_a_crash(tmp_path):
    whole = HEAD_FILE.read_bytes()
    flipped = bytearray(whole)
    flipped[len(whole) // 2] ^= 0xFF
    for k, damage in enumerate([b"not an npz file", whole[:100], whole[: len(whole) // 2], whole[:-10],
                                bytes(flipped)]):
        path = tmp_path / f"head{k}.npz"
        path.write_bytes(damage)
        assert load_need_head(DEFAULT_MODEL, 384, path) is None
    params = dict(np.load(HEAD_FILE))
    params["b1"] = params["b1"][:10]            # a shape the product would fail on
    np.savez(tmp_path / "shapes.npz", **params)
    assert load_need_head(DEFAULT_MODEL, 384, tmp_path / "shapes.npz") is None


def test_the_need_head_tells_the_inheritance_paragraph_from_the_symptoms_one(real_index):
    _, index = real_index
    head = index.need_head
    question, inherited, symptoms, treated = index.encode([
        "Is Marfan syndrome inherited?",
        "This condition is inherited in an autosomal dominant pattern, which means one copy of the "
        "altered gene in each cell is sufficient to cause the disorder.",
        "The signs and symptoms of Marfan syndrome include a tall, thin build, long arms and legs, "
        "and flexible joints.",
        "Treatment of Marfan syndrome aims to prevent complications of the heart and blood vessels."])
    scores = [head.score(question, np.asarray([s])) for s in (inherited, symptoms, treated)]
    assert scores[0] > 0.5 > max(scores[1:])


class StubHead:
    """Scores a chunk by how many sentences it is given (so the slice is what is checked)."""

    def __init__(self):
        self.seen = []

    def score(self, question, sentences):
        self.seen.append(len(sentences))
        return 0.0 if not len(sentences) else len(sentences) / 10


def test_named_pages_come_first_ordered_by_the_head_over_their_first_sentences():
    from indexer.ranking import Ranked
    from indexer.search import _named_ids, named_bonus, prefer_named
    # Chunks 0–4: chunk 2 has no sentences, chunk 3 one, the others three.
    offsets = np.array([0, 3, 6, 6, 7, 10])
    head = StubHead()
    bonus = named_bonus(np.zeros(4), np.zeros((10, 4)), offsets, head, SearchSettings(need_head_weight=1.0))
    ranked = prefer_named(Ranked([9, 0, 2, 3, 4], [0.9, 0.5, 0.45, 0.4, 0.1]), [(0, 5)], bonus)
    assert ranked.ids == [0, 3, 2, 4, 9]                   # named first; 2 sentences count, not 3
    assert sorted(head.seen) == [0, 1, 2, 2]
    assert ranked.scores == pytest.approx([0.7, 0.5, 0.45, 0.3, 0.9])
    # A long named page's chunks are not all added as candidates; a short one's are.
    assert list(_named_ids([(0, 3), (100, 80)], 50)) == [0, 1, 2]


def test_inside_a_named_page_the_rest_of_the_question_picks_the_passage(index_of):
    """Every passage of a named page is about its title, so what the question asks besides the
    title orders them: the title's words alone would put the passage that repeats them first."""
    signs = " ".join(f"Alport syndrome changes the kidneys in way number {k}." for k in range(40))
    families = " ".join(f"This condition is inherited in families, case {k}." for k in range(40))
    index = index_of({"alport.txt": f"Alport syndrome\n\n{signs}\n\n{families}\n"}
                     | {f"other{k}.txt": f"{topic}\n\n{topic} is a common condition.\n"
                        for k, topic in enumerate(["Asthma", "Gout", "Acne", "Lupus"])})
    question = "Is Alport syndrome inherited?"
    def first(**settings) -> str:
        return index.search(question, k=2, settings=SearchSettings(**settings))[0].chunk.text
    from indexer.search import titled_pages
    assert first(named_rest_weight=0).startswith("Alport syndrome")
    assert first().startswith("This condition is inherited")
    assert index.titles.named_and_rest(question)[1] == "is inherited"
    [(first_chunk, count)], rest = index.titles.named_and_rest("Is gout painful?")
    assert index.chunks[first_chunk].title == "Gout" and rest == "is painful"
    assert titled_pages(lambda: index.titles, [], SearchSettings(), encode=None) == (None, None)
