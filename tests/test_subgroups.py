"""An outlook or a pace asked of some patients only ("familial ALS", "late-onset MG", "veterans
with ALS") is answered only by a line on those patients: the sources give ALS's outlook in
general, and quoting it to "does familial ALS progress faster?" answers another question. Only
patients the question ties to the condition count, never a word of its story."""

import pytest

from indexer import answer
from indexer.asks import ask_of
from indexer.qualifiers import subgroups

from conftest import answers_with


def _kinds(question: str) -> list[str]:
    return [name for name, _ in subgroups(question, ask_of(question).asked)]


def test_the_patients_asked_of_are_those_tied_to_the_condition():
    assert _kinds("does familial als progress faster than sporadic als") == ["familial"]
    assert _kinds("How long do veterans with ALS live?") == ["in veterans"]
    assert _kinds("life expectancy for someone with ALS diagnosed in their 30s") == ["when it starts in their 30s"]
    (_, line), = subgroups("how long do people live when it starts in their 30s",
                           ask_of("how long do people live when it starts in their 30s").asked)
    assert line.search("people in their thirties") and not line.search("30 years")
    # A story, a name or a sentence before the question names no patients it asks of.
    assert _kinds("I have three kids and my husband has ALS, how long do people live with it?") == []
    assert _kinds("How fast does hereditary spastic paraplegia progress?") == []
    assert _kinds("My uncle is a veteran. How long do people with ALS live?") == []


def test_comparing_paces_is_an_ask_only_for_some_patients():
    made = ask_of("does lifting heavy weights make ALS progress faster")
    assert made is None or made.name != "pace"
    assert ask_of("does familial als progress faster than sporadic als").name == "pace"
    assert ask_of("Does PLS progress slower than ALS?") is None      # two conditions: the usual lines


@pytest.mark.model
@pytest.mark.parametrize("question, reply", [
    ("does familial als progress faster than sporadic als",
     "The sources here don't say how fast familial als progresses."),
    ("does late-onset myasthenia gravis have a worse outlook",
     "The sources here don't give the outlook for late-onset myasthenia gravis."),
    ("How long do people with primary progressive MS usually live?",
     "The sources here don't say how long people live with primary progressive MS."),
    ("does bulbar-onset ALS progress faster than limb-onset",        # not "starts in the … limbs"
     "The sources here don't say how fast bulbar-onset ALS progresses."),
    ("How long do veterans with ALS live?", "The sources here don't say how long people live with ALS in veterans."),
    # second review: a group after "in", a bare "bulbar", an onset one "gets"
    ("How fast does MS progress in women?", "The sources here don't say how fast MS progresses in women."),
    ("How long do people with bulbar ALS live?", "The sources here don't say how long people live with bulbar ALS."),
    ("How long will someone live if they get ALS in their 60s?",
     "The sources here don't say how long people live with ALS when it starts in their 60s."),
    ("Is ALS that starts in the speech muscles faster or slower than when it starts in the arms?",
     "The sources here don't say how fast ALS progresses when it starts in the speech muscles."),
])
def test_an_outlook_asked_of_some_patients_needs_a_line_on_them(real_index, question, reply):
    _, index = real_index
    assert answer(index, question).not_covered == reply


@pytest.mark.model
def test_a_kind_the_sources_describe_and_a_story_are_still_answered(real_index):
    _, index = real_index
    assert answers_with(index, "how does primary progressive MS progress", "steady progression from the start")
    assert answers_with(index, "How long do people with ALS live?", "a few years")
    assert answers_with(index, "I have three kids and my husband was just diagnosed with ALS, how long do people "
                        "usually live with it?", "a few years")
    assert answers_with(index, "Does PLS progress slower than ALS?", "Primary lateral sclerosis (PLS)")
