"""An outlook or a pace asked of some patients only ("familial ALS", "late-onset MG", "someone in
their 30s") is answered only by a line on those patients: the sources give ALS's outlook in
general, and quoting it to "does familial ALS progress faster?" answers another question."""

import pytest

from indexer import answer
from indexer.asks import ask_of
from indexer.qualifiers import subgroups

from conftest import answers_with


def test_the_patients_asked_of_are_read_from_the_sentence_that_asks():
    pace = ask_of("does familial als progress faster than sporadic als").asked
    assert [name for name, _ in subgroups("does familial als progress faster than sporadic als", pace)] == [
        "familial", "sporadic"]
    survival = ask_of("life expectancy for someone with ALS in their 30s").asked
    (name, line), = subgroups("life expectancy for someone with ALS in their 30s", survival)
    assert name == "in their 30s" and line.search("people in their thirties") and not line.search("30 years")
    # A story before the question names no patients the question asks of.
    story = "My uncle is a veteran. How long do people with ALS live?"
    assert subgroups(story, ask_of(story).asked) == []


def test_what_makes_it_progress_faster_asks_no_pace():
    made = ask_of("does lifting heavy weights make ALS progress faster")
    assert made is None or made.name != "pace"
    assert ask_of("does familial als progress faster than sporadic als").name == "pace"


@pytest.mark.model
@pytest.mark.parametrize("question, reply", [
    ("does familial als progress faster than sporadic als",
     "The sources here don't say how fast als progresses for “familial” specifically."),
    ("does late-onset myasthenia gravis have a worse outlook",
     "The sources here don't give the outlook for myasthenia gravis for “late-onset” specifically."),
    ("How long do people with primary progressive MS usually live?",
     "The sources here don't say how long people live with MS for “primary progressive” specifically."),
    ("does bulbar-onset ALS progress faster than limb-onset",        # not "starts in the … limbs"
     "The sources here don't say how fast ALS progresses for “bulbar-onset” specifically."),
])
def test_an_outlook_asked_of_some_patients_needs_a_line_on_them(real_index, question, reply):
    _, index = real_index
    assert answer(index, question).not_covered == reply


@pytest.mark.model
def test_a_kind_the_sources_describe_is_still_answered(real_index):
    _, index = real_index
    assert answers_with(index, "how does primary progressive MS progress", "steady progression from the start")
    assert answers_with(index, "How long do people with ALS live?", "a few years")
