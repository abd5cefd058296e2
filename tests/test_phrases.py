"""Names of two words or more that the sources never use together get a plain "not covered"
(indexer/phrases.py), though each word is in the corpus."""

from indexer import AnswerSettings, answer, build_index, load_index
from indexer.lexical import LexicalIndex
from indexer.phrases import corpus_has_phrase

from fakes import HashEmbedder

ANY_SUPPORT = AnswerSettings(min_support=0.0)      # the fake embedder's cosines are noise


class Text:
    def __init__(self, text):
        self.text = text


def test_a_phrase_is_used_when_its_words_stand_together_in_one_chunk():
    chunks = [Text("Kennedy's disease is rare."), Text("Ask about heart health. Disease of the lungs."),
              Text("The motor neurone disease group."), Text("Heart rate and disease.")]
    lexical = LexicalIndex.build([c.text for c in chunks])
    assert corpus_has_phrase("Kennedy disease", lexical, chunks)          # inflections aside
    assert corpus_has_phrase("motor neuron disease", lexical, chunks)
    assert not corpus_has_phrase("heart disease", lexical, chunks)        # both words, never together
    assert not corpus_has_phrase("disease Kennedy", lexical, chunks)      # in order
    assert not corpus_has_phrase("Darier disease", lexical, chunks)


def _corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "z.txt").write_text(
        "Zorbic Notes\n\nZorbic fever is a made-up illness of the quennel gland. Doctors check the "
        "quennel gland with a scan.\n\nBlorp syndrome\n\nBlorp syndrome causes itching of the elbows. "
        "Dental care and cosmetics do not help.\n", encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    return load_index(tmp_path / "index", embedder=HashEmbedder())


def test_a_named_condition_the_sources_never_name_is_not_covered_by_name(tmp_path):
    index = _corpus(tmp_path)
    reply = answer(index, "What causes Quennel syndrome?", settings=ANY_SUPPORT)
    assert reply.abstained and reply.text == "The sources here don't mention Quennel syndrome."
    assert reply.related
    assert not answer(index, "What causes Blorp syndrome?", settings=ANY_SUPPORT).abstained
    # A slip of a name the sources use is that name, not a new one.
    assert "don't mention" not in answer(index, "What causes Blorpp syndrome?", settings=ANY_SUPPORT).text


def test_a_two_word_name_whose_words_the_sources_use_apart_is_not_covered(tmp_path):
    index = _corpus(tmp_path)
    assert answer(index, "Is Quennel Zorbic a known illness?", settings=ANY_SUPPORT).text == \
        "The sources here don't mention Quennel Zorbic."
    assert not answer(index, "What is Zorbic fever?", settings=ANY_SUPPORT).abstained


def test_a_subtype_the_sources_do_not_cover_is_not_covered(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "u.txt").write_text("Usher syndrome type 1\n\nUsher syndrome type 1 causes deafness from birth.\n"
                                  "\nOptic atrophy 1\n\nOptic atrophy 1 affects vision.\n", encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    index = load_index(tmp_path / "index", embedder=HashEmbedder())
    assert answer(index, "What are the symptoms of Optic atrophy 2?", settings=ANY_SUPPORT).text == \
        "The sources here don't mention Optic atrophy 2."
    assert answer(index, "Is Usher syndrome type 3 inherited?", settings=ANY_SUPPORT).text == \
        "The sources here don't mention Usher syndrome type 3."
    assert not answer(index, "What are the symptoms of Optic atrophy 1?", settings=ANY_SUPPORT).abstained
    assert not answer(index, "Does Usher syndrome cause deafness?", settings=ANY_SUPPORT).abstained
