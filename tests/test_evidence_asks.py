"""Questions about the evidence itself: how close research is to a cure, clinical trials, how
accurate a test is. The sources say a test is used, not how often it errs; quoting "an accurate
ALS diagnosis" or a "nerve conduction study" to them answers another question."""

import pytest

from indexer import answer

from conftest import answers_with


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "How close are scientists to a cure for ALS? My grandmother keeps asking if it'll come in time for her.",
    "what ALS clinical trials are recruiting right now",     # (a "nerve conduction study" is no research)
])
def test_research_and_trials_need_a_line_on_research(real_index, question):
    _, index = real_index
    assert answer(index, question).not_covered == "The sources here don't cover research or clinical trials on ALS."
    assert answers_with(index, "Is there a cure for ALS?", "there is no cure for ALS")


@pytest.mark.model
def test_how_accurate_a_test_is_needs_a_line_on_its_accuracy(real_index):
    _, index = real_index
    # The reply names the test as asked, up to its kind ("…antibody test"), not its rarest word alone.
    assert answer(index, "how accurate is the acetylcholine receptor antibody test").not_covered == (
        "The sources here don't give the accuracy of the acetylcholine receptor antibody test.")
    assert answer(index, "can an MRI give a false negative for MS?").abstained
    # "An accurate diagnosis" is still what the sources say about the time it takes.
    assert answers_with(index, "How long can it take to get an accurate ALS diagnosis?", "more than a year")


@pytest.mark.model
@pytest.mark.parametrize("question, line", [
    ("My dad is in a clinical trial for ALS, how long do people usually live with it?", "a few years"),
    ("Is it trial and error to find the right DMT for MS?", "customized decision"),
    ("I did some research on ALS and MS and I'm confused, what's the difference?", "the differences are clear"),
])
def test_a_trial_or_research_in_the_story_is_not_what_is_asked(real_index, question, line):
    _, index = real_index
    assert answers_with(index, question, line)


@pytest.mark.model
def test_a_symptoms_sensitivity_is_no_question_of_accuracy(real_index):
    _, index = real_index       # second review: "heat sensitivity" had been read as a test's
    assert answers_with(index, "I have heat sensitivity and tingling in my legs, could it be MS?", "tingling")
    assert answer(index, "what is the sensitivity of the B12 blood test").not_covered == (
        "The sources here don't give the accuracy of the B12 blood test.")
    reply = answer(index, "how reliable are MRIs for MS")      # (not "Heat sensitivity" under MS)
    assert reply.not_covered == "The sources here don't give the accuracy of MRIs."


@pytest.mark.model
def test_trials_of_a_drug_need_a_line_on_its_trials(real_index):
    _, index = real_index       # second review: tofersen's line had answered it, hedged
    assert answer(index, "Are there clinical trials for tofersen?").not_covered == (
        "The sources here don't cover research or clinical trials on tofersen.")
