"""Query-side retrieval: aliases, typos, run-together words, and the three search modes."""

import pytest

from indexer import SearchSettings, build_index, load_index
from indexer.glossary import Glossary, mine_aliases, schwartz_hearst
from indexer.lexical import terms
from indexer.textmap import comparable
from indexer.vocabulary import Vocabulary

MADE_UP = """Zorbic Fever

Zorbic fever (ZF) is a made-up illness, sometimes called Plinth's disease, that causes
painful joints (arthralgia).
Doctors confirm ZF with the quennel test.
Unlike ZF, Murlow syndrome (MWS) causes rashes.
"""


def test_aliases_are_mined_from_a_made_up_document():
    pairs = {(a.lower(), b.lower()) for a, b in mine_aliases(" ".join(MADE_UP.split()))}
    assert ("zorbic fever", "zf") in pairs
    assert ("murlow syndrome", "mws") in pairs
    assert ("zf", "plinth's disease") in pairs
    assert ("painful joints", "arthralgia") in pairs


def test_glossary_expands_a_question_in_both_directions():
    # Other passages, so that ZF is not "everywhere" (see the next test).
    fillers = [f"Unrelated passage number {i} about something else." for i in range(5)]
    glossary = Glossary.build([" ".join(MADE_UP.split()), *fillers], lay_terms={})
    assert set(glossary.read("How is ZF diagnosed?")[0]) == {"zorbic fever", "plinth's disease"}
    assert "zf" in glossary.read("What is Plinth's disease?")[0]
    assert glossary.read("arthralgia treatment")[0] == ["painful joints"]
    assert glossary.read("an unrelated question")[0] == []


def test_terms_everywhere_in_the_corpus_are_not_expanded():
    texts = [f"Passage {i} about ALS. Amyotrophic lateral sclerosis (ALS) again." for i in range(5)]
    texts.append("Myasthenia gravis (MG) is different.")
    glossary = Glossary.build(texts, lay_terms={})
    assert glossary.read("How is MG told apart from ALS?")[0] == ["myasthenia gravis"]


def test_a_lay_phrase_is_found_in_other_forms_and_order():
    texts = ["MG often starts in the eye muscles.", *(f"Passage {i}." for i in range(10))]
    glossary = Glossary.build(texts, lay_terms={"drooping eyelids": ["eye muscles"]})
    for question in ["My mom's eyelids droop by evening", "droopy eyelids?", "eyelids that droop"]:
        assert glossary.read(question)[0] == ["eye muscles"], question
    assert glossary.read("My eyelids are fine but my arms droop all day long")[0] == []    # too far apart
    # Only two-word phrases of content words: "needles and pins" is not "pins and needles".
    glossary = Glossary.build(texts, lay_terms={"pins and needles": ["eye muscles"]})
    assert glossary.read("Are needles and pins used in an EMG?")[0] == []


def test_a_chain_of_aliases_does_not_merge_unrelated_terms_into_one_group():
    # "absent (missing)", "missing teeth (hypodontia)", …: each pair is a fair alias, the chain
    # is not one thing. MedQuAD's pages made a group of 1,018 terms this way.
    words = [f"term{k}" for k in range(20)]
    texts = [f"A {a} ({b}) was seen." for a, b in zip(words, words[1:])]
    texts += [f"Unrelated passage number {i}." for i in range(40)]
    glossary = Glossary.build(texts, lay_terms={})
    assert max(len(g) for g in glossary.groups) <= 8 and min(len(g) for g in glossary.groups) >= 2
    assert {"term1", "term2"} <= set(glossary.read("What is term0?")[0])
    assert "term19" not in glossary.read("What is term0?")[0]
    # A term whose only alias was refused is no group of one.
    nine = Glossary.build([f"A {a} ({b}) was seen." for a, b in zip(words[:9], words[1:9])] + texts[19:],
                          lay_terms={})
    assert [len(g) for g in nine.groups] == [8]


def test_schwartz_hearst_needs_initials_in_order():
    assert schwartz_hearst("PLS", "rare Primary lateral sclerosis") == "Primary lateral sclerosis"
    assert schwartz_hearst("EMG", "findings from electromyography") == "electromyography"
    assert schwartz_hearst("XYZ", "primary lateral sclerosis") is None


def test_typos_are_corrected_to_corpus_terms_and_correct_words_kept():
    vocabulary = Vocabulary.from_texts(["Myasthenia gravis and amyotrophic lateral sclerosis.",
                                        "Hereditary spastic paraplegia."])
    assert vocabulary.correct("myasthenia gravus") == ("myasthenia gravis", [("gravus", "gravis")])
    assert vocabulary.correct("amyotropic")[0] == "amyotrophic"
    assert vocabulary.correct("parapelgia")[0] == "paraplegia"      # a transposition
    # Real words, even rare or absent from the corpus, are never "corrected".
    for sentence in ["riluzole dosage", "gravid uterus", "Guillain-Barre", "C9orf72 carriers"]:
        assert vocabulary.correct(sentence) == (sentence, [])


def test_a_typo_one_edit_from_an_english_word_is_not_turned_into_a_corpus_word_two_away():
    vocabulary = Vocabulary.from_texts(["Serious side effects need a decision from the clinic."])
    assert vocabulary.correct("do steriods help") == ("do steroids help", [("steriods", "steroids")])
    # remission or revision? Left as typed, never the corpus's "decision".
    assert vocabulary.correct("can it go into remision") == ("can it go into remision", [])


def test_a_misspelt_possessive_without_its_apostrophe_is_read_as_the_name():
    vocabulary = Vocabulary.from_texts(["Kennedy's disease mostly affects men."])
    assert vocabulary.correct("is kenedys disease only in men") == (
        "is kennedy's disease only in men", [("kenedys", "kennedy's")])
    # A plural one letter off a word is no possessive: "trachs" is not "track's".
    assert Vocabulary.from_texts(["Track breathing closely."]).correct("do trachs help") == ("do trachs help", [])


@pytest.mark.parametrize("typed, read", [
    ("where dose als usualy start", "where does als usualy start"),     # a subject, then its verb
    ("how dose ms progress", "how does ms progress"),
    ("what dose riluzole cost", "what does riluzole cost"),
    ("what dose ms actualy attack in the body", "what does ms actualy attack in the body"),
    ("what dose people usually take", "what dose people usually take"),      # a dose asked
    ("what dose of riluzole is normal", "what dose of riluzole is normal"),
    ("which dose usually works best", "which dose usually works best"),         # "usually" is no subject
    ("which part of the body dose it affect", "which part of the body does it affect"),   # "dose it" and a verb
    ("kenedys disease which parts of the body dose it hit", "kenedys disease which parts of the body does it hit"),
    ("What is the riluzole dose that helps most people?", "What is the riluzole dose that helps most people?"),
    ("Is there a dose that stops the twitching?", "Is there a dose that stops the twitching?"),   # a dose asked
    ("how much dose it take to work", "how much dose it take to work"),        # a dose taken
    ("Is the dose this high normal?", "Is the dose this high normal?"), ("How do I dose it correctly?",
                                                                        "How do I dose it correctly?"),
])
def test_dose_typed_for_does_is_read_as_does(typed, read):
    assert Vocabulary.from_texts(["ALS often starts in the hands."]).correct(typed)[0] == read


def test_a_glossary_word_is_never_taken_for_a_typo(tmp_path, fake_embedder):
    vocabulary = Vocabulary.from_texts(["Ask a neuron specialist or a neurologist."])
    assert vocabulary.correct("gp or neuro first?") == ("gp or neuron first?", [("neuro", "neuron")])
    assert vocabulary.correct("gp or neuro first?", keep=frozenset({"neuro"})) == ("gp or neuro first?", [])


def test_a_question_opening_with_dose_means_does_unless_it_asks_for_a_dose():
    vocabulary = Vocabulary.from_texts(["The usual dose of riluzole is given twice a day."])
    assert vocabulary.correct("Dose ALS affect the eyes?") == ("Does ALS affect the eyes?", [("Dose", "does")])
    assert vocabulary.correct("dose of riluzole?") == ("dose of riluzole?", [])
    assert vocabulary.correct("dose for riluzole") == ("dose for riluzole", [])


def test_run_together_words_are_split_for_search_only(tmp_path, fake_embedder):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "capture.txt").write_text(
        "Capture\nBoth can mess with movement and nervesso it is confusing.\n"
        "Real life is messierand more human. See the evaluationGoogle note.\n", encoding="utf-8")
    build_index(tmp_path / "corpus", tmp_path / "index", embedder=fake_embedder)
    index = load_index(tmp_path / "index", embedder=fake_embedder)
    [chunk] = index.chunks
    raw = (tmp_path / "corpus" / "capture.txt").read_text(encoding="utf-8")
    assert "nervesso" in chunk.text and "messierand" in chunk.text         # quoted verbatim
    assert comparable(chunk.text) == comparable(raw[chunk.start:chunk.end])  # offsets unchanged
    assert "nerves so" in chunk.search_text and "messier and" in chunk.search_text
    assert "evaluation Google" in chunk.search_text
    assert index.search("nerves", k=1, settings=SearchSettings(mode="bm25"))[0].chunk.id == chunk.id


def test_a_word_is_not_split_at_an_abbreviation(tmp_path, fake_embedder):
    """"sta", "vac" and "kier" are in the English counts as abbreviations, not everyday words:
    a drug, a misspelling or a name stays one word a passage may use."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "capture.txt").write_text("Capture\nSome text about nerves.\n", encoding="utf-8")
    build_index(tmp_path / "corpus", tmp_path / "index", embedder=fake_embedder)
    vocabulary = load_index(tmp_path / "index", embedder=fake_embedder).vocabulary
    for question in ["can statins cause weakness", "can vacines trigger ALS", "Kiernan 2011"]:
        assert vocabulary.split_run_together(question) == question
    assert vocabulary.split_run_together("airplane noise") == "air plane noise"   # an everyday three-letter part


def test_same_tokenizer_for_chunks_and_questions():
    assert terms("How is MG told apart from ALS?") == ["mg", "als"]
    assert terms("Twitching muscles") == terms("twitching muscle")


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_every_mode_finds_the_mg_passage_for_its_name(fake_index, mode):
    hits = fake_index.search("myasthenia gravis", k=3, settings=SearchSettings(mode=mode))
    assert hits[0].chunk.section == ("Myasthenia gravis",)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))


def test_acronym_question_is_expanded_and_found_by_bm25(fake_index):
    query = fake_index.prepare("How is MG told apart from ALS?")
    assert "myasthenia gravis" in query.expansions
    bm25 = SearchSettings(mode="bm25")
    assert fake_index.search("How is MG told apart from ALS?", k=1, settings=bm25)[0].chunk.section \
        == ("Myasthenia gravis",)


def test_typo_question_is_corrected_before_search(fake_index):
    query = fake_index.prepare("hereditary spastic parapelgia")
    assert query.corrections == (("parapelgia", "paraplegia"),)
    assert "paraplegia" in fake_index.search("hereditary spastic parapelgia", k=1)[0].chunk.text


def test_unknown_mode_is_a_clear_error(fake_index):
    with pytest.raises(ValueError, match="unknown search mode 'fuzzy'; choose from bm25, dense, hybrid"):
        fake_index.search("anything", settings=SearchSettings(mode="fuzzy"))


def test_glossary_term_counts_are_whole_word_counts_per_chunk():
    from indexer.glossary import _chunk_counts, normalize_term
    texts = ["Myasthenia gravis (MG) is treatable.", "MG and ALS; myasthenia gravis again, MG.",
             "Gravis alone", "amyotrophic lateral sclerosis", "ALS"]
    terms = {"mg", "myasthenia gravis", "als", "gravis", "lateral sclerosis", "sclerosis lateral"}
    naive = {t: sum(f" {t} " in f" {normalize_term(x)} " for x in texts) for t in terms}
    assert dict(_chunk_counts(terms, texts)) == {t: n for t, n in naive.items() if n}
