"""Lay questions as people type them: their words for doctors and tests ("gp", "neuro", "CSF"),
what a test feels like, another name, and the lines that refer back ("Patients describe it as…")."""

import pytest

from indexer import answer
from indexer.conditions import as_named

from conftest import answers_with


@pytest.mark.model
def test_getting_seen_is_the_medical_evaluation_the_sources_advise(real_index):
    _, index = real_index
    # Lay glossary: "get seen" is the sources' "medical evaluation" ("Seek medical evaluation promptly…").
    reply = answer(index, "What signs mean my dad should get seen promptly instead of waiting?")
    assert not reply.abstained and "Repeated choking episodes" in reply.lines[0].text


@pytest.mark.model
def test_whether_a_test_hurts_is_answered_by_the_line_on_it_with_what_it_refers_to(real_index):
    _, index = real_index
    # "Patients describe it as uncomfortable…" says what "it" is only in the sentence before.
    reply = answer(index, "Does an EMG hurt?")
    assert reply.lines[0].text.startswith(
        "For ALS, the experience frequently centers around the EMG. Patients describe it as uncomfortable")


@pytest.mark.model
@pytest.mark.parametrize("question, line", [
    ("what's the other name for ALS, the one after the baseball player?", "sometimes called Lou Gehrig's disease"),
    ("What is PLS also called?", "Primary lateral sclerosis (PLS)"),
    ("What else is MS called?", "Multiple sclerosis (MS)"),           # not "Relapsing-remitting MS (RRMS)"
    ("what's another name for MND?", "Lou Gehrig's disease"),         # "name" is the ask's, not a word never used
])
def test_another_name_is_a_line_that_calls_it_something_else(real_index, question, line):
    _, index = real_index
    assert answers_with(index, question, line)


@pytest.mark.model
def test_lay_names_for_doctors_are_read_not_corrected(real_index):
    _, index = real_index
    # "gp" is the glossary's primary care physician; "neuro" its neurologist, never "neuron".
    reply = answer(index, "if i think i have als symptoms who do i see first, a gp or a neuro")
    assert "neuron" not in (reply.searched_for or "").split() and "Start with a primary care physician" in reply.text


@pytest.mark.model
@pytest.mark.parametrize("question, line", [
    # Review of the seventh round: the name of a thing is not another name; a dose noun after
    # "dose"; a synonym in brackets is another name; a treatable condition may get better.
    ("what is the test for MG called", "repetitive nerve stimulation"),
    ("what is a pinched nerve also called", "Pinched nerves (radiculopathy)"),
    ("dose amount of riluzole for als", "The sources here don't give doses."),
    ("will my pinched nerve symptoms clear up", "Pinched nerves (radiculopathy)"),
])
def test_review_of_the_seventh_round(real_index, question, line):
    _, index = real_index
    assert line in answer(index, question).text


@pytest.mark.model
def test_early_warning_signs_are_symptoms_not_red_flags_nor_later_ones(real_index):
    # Review of the seventh round: early warning signs are ALS's symptoms, not the red flags of a
    # workup; twelfth round: nor the list "As the disease progresses, symptoms may include:".
    _, index = real_index
    reply = answer(index, "What are the early warning signs of ALS?")
    # (twenty-third round: the source's own "The most common early signs include:", its lists below)
    first = reply.lines[0].text.split("\n")[0].lower()
    assert reply.lines[0].kind == "list" and ("symptoms" in first or "early signs" in first)
    assert "As the disease progresses" not in reply.text and "red flag" not in reply.text.lower()
    assert "Monitor progression" not in reply.text      # nor the next steps ("If you're experiencing… symptoms:")


@pytest.mark.model
def test_distinguishing_it_from_als_is_about_what_it_is(real_index):
    _, index = real_index
    # "Lyme disease can lead to … Distinguishing it from ALS involves … Lyme antibodies.": about
    # Lyme disease (shown with the sentence it leans on), not ALS, and not an answer about HIV.
    assert "Lyme antibodies" in answer(index, "How do doctors tell Lyme disease apart from ALS?").lines[0].text
    assert "Lyme antibodies" not in answer(index, "how do doctors distinguish HIV from ALS").text


@pytest.mark.model
@pytest.mark.parametrize("question, wanted", [
    ("is MS passed down in families", "not purely hereditary"),
    ("what is a lumber puncture for", "spinal fluid"),          # a common lay spelling, not "lumber"
    ("Can MS cause brain fog?", "Cognitive changes"),
])
def test_everyday_words_for_heredity_tests_and_thinking_find_the_sources_terms(real_index, question, wanted):
    _, index = real_index
    assert answers_with(index, question, wanted)


@pytest.mark.model
@pytest.mark.parametrize("question", ["Is ALS deadly?", "is als life threatening"])
def test_whether_it_kills_is_answered_by_the_line_on_death(real_index, question):
    _, index = real_index
    # Lay outlook words: the line that ALS "leads to death", not "not covered" nor ALS's definition.
    assert answers_with(index, question, "gets worse and leads to death")


def test_a_condition_phrase_is_found_with_or_without_its_possessive():
    assert as_named("kennedys disease").search("Kennedy's disease: This rare genetic disorder")
    assert as_named("lou gehrig disease").search("Lou Gehrig's disease")
    assert as_named("post-traumatic stress disorder").search("Post-traumatic stress disorder")    # "stress" whole
    assert not as_named("kennedy disease").search("Kennedy's syndrome")
