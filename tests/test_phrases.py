"""Names of two words or more that the sources never use together get a plain "not covered"
(indexer/phrases.py), though each word is in the corpus."""

from indexer import AnswerSettings, answer
from indexer.lexical import LexicalIndex, corpus_has_phrase
from indexer.phrases import defined_acronyms

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


ZORBIC = ("Zorbic Notes\n\nZorbic fever is a made-up illness of the quennel gland. Doctors check the quennel "
          "gland with a scan. Thyroid disorders, heart disease and stress cause twitching.\n\nBlorp syndrome\n\n"
          "Blorp syndrome causes darker skin and itching of the elbows.\n")


def assert_not_mentioned(index, question: str, name: str) -> None:
    """The plain "not covered" reply naming `name`, with related passages below it."""
    reply = answer(index, question, settings=ANY_SUPPORT)
    assert reply.abstained and reply.text == f"The sources here don't mention {name}."
    assert reply.related


def test_a_named_condition_the_typo_corrector_would_turn_into_another_is_not_covered(index_of):
    index = index_of({"z.txt": ZORBIC})
    # "Darier" is no word of the sources; corrected, it would be their "darker".
    assert_not_mentioned(index, "What causes Darier syndrome?", "Darier syndrome")
    assert "don't mention" not in answer(index, "What causes Blorp syndrome?", settings=ANY_SUPPORT).text
    # A slip of a name the sources use is that name, not a new one.
    assert "don't mention" not in answer(index, "What causes Blorpp syndrome?", settings=ANY_SUPPORT).text


def test_words_the_sources_all_use_are_not_refused_however_capitalised(index_of):
    index = index_of({"z.txt": ZORBIC})
    for question in ("Can Thyroid Disease Cause Twitching?", "Can thyroid disease cause twitching?",
                     "Does Stress Cause Twitching?", "Is Quennel Syndrome A Zorbic Fever?"):
        assert "don't mention" not in answer(index, question, settings=ANY_SUPPORT).text, question


def test_a_subtype_the_sources_do_not_cover_is_not_covered(index_of):
    index = index_of({"u.txt": "Usher syndrome type 1\n\nUsher syndrome type 1 causes deafness from birth.\n"
                               "\nOptic atrophy 1\n\nOptic atrophy 1 affects vision.\n"})
    assert answer(index, "What are the symptoms of Optic atrophy 2?", settings=ANY_SUPPORT).text == \
        "The sources here don't mention Optic atrophy 2."
    assert answer(index, "Is Usher syndrome type 3 inherited?", settings=ANY_SUPPORT).text == \
        "The sources here don't mention Usher syndrome type 3."
    assert not answer(index, "What are the symptoms of Optic atrophy 1?", settings=ANY_SUPPORT).abstained
    assert not answer(index, "Does Usher syndrome cause deafness?", settings=ANY_SUPPORT).abstained


def test_a_capitalised_name_a_question_ends_on_must_be_in_the_sources(index_of):
    index = index_of({"z.txt": ZORBIC})
    # Every word is the corpus's ("quennel", "gland", "fever"), never in that order.
    assert_not_mentioned(index, "What are the symptoms of Quennel fever?", "Quennel fever")
    assert not answer(index, "What are the symptoms of Zorbic fever?", settings=ANY_SUPPORT).abstained
    # Not a name: lower case, a clause, an acronym's sentence, a question typed in title case.
    for question in ("What are the symptoms of quennel fever?",
                     "Can stress make the itching worse for Zorbic patients like me?",
                     "Is there a scan for ZF gland swelling?",
                     "What Are The Symptoms of Quennel Fever?",
                     "Does Stress Cause Twitching in Zorbic Fever or with Quennel Fever?"):
        assert "don't mention" not in answer(index, question, settings=ANY_SUPPORT).text, question


def test_a_trailing_name_loses_only_its_edge_words_that_name_nothing():
    from indexer.phrases import trailing_name
    assert trailing_name("What are the treatments for Ovarian small cell carcinoma ?") == \
        ("Ovarian small cell carcinoma", "Ovarian small cell carcinoma")     # "small" inside stays
    assert trailing_name("Can twitching be caused by Too Much Caffeine?") == ("", "")    # one word left
    assert trailing_name("Can my hand weakness be caused by Thyroid Disease?") == ("", "")


def test_a_name_spelled_out_with_its_acronym_is_a_name_in_any_case():
    assert defined_acronyms("What separates ALS from spinal muscular atrophy (SMA)?") == [
        ("spinal muscular atrophy", "SMA", "spinal muscular atrophy (SMA)")]
    assert defined_acronyms("Is MMN (multifocal motor neuropathy) treated with IVIG?") == [
        ("multifocal motor neuropathy", "MMN", "MMN (multifocal motor neuropathy)")]
    assert defined_acronyms("Does Guillain-Barré syndrome (GBS) mimic ALS?")[0][2] == "Guillain-Barré syndrome (GBS)"
    # Letters that are not the initials: an aside, not a definition.
    assert defined_acronyms("Is the EMG (electromyography) painful?") == []
    assert defined_acronyms("my dad (MD) is weak") == []


def test_a_spelled_out_name_neither_spelling_of_which_the_sources_use_is_not_covered(index_of):
    index = index_of({"zorbic.txt": ZORBIC})
    reply = answer(index, "How is Zorbic fever told apart from quennel gland atrophy (QGA)?", settings=ANY_SUPPORT)
    assert reply.abstained and reply.not_covered == "The sources here don't mention quennel gland atrophy (QGA)."
    reply = answer(index, "What does ZF (Zorbic fever) do to the quennel gland?", settings=ANY_SUPPORT)
    assert "don't mention" not in reply.text
