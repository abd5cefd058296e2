"""The chance of passing a condition on, how long a recovery or a healing takes, which medicines
treat a condition named before "meds": each needs a line that says it, not one on the topic
("some cases involve inherited mutations", "B12 supplementation can reverse these symptoms")."""

import pytest

from indexer import answer

from conftest import answers_with


@pytest.mark.model
def test_the_odds_of_passing_it_on_need_a_figure(real_index):
    _, index = real_index
    reply = answer(index, "If I have familial ALS, what are the odds my kids inherit it?")
    assert reply.not_covered == "The sources here don't give the odds of inheriting familial ALS."
    assert answer(index, "My dad had MS. What are the chances I get it too?").not_covered == (
        "The sources here don't give the odds of inheriting MS.")
    # (second review: "passing ALS on", "get it from me")
    for asked in ("what are the odds of passing ALS on to my children", "whats the odds my childern get als from me"):
        assert answer(index, asked).not_covered.lower() == "the sources here don't give the odds of inheriting als."
    # The odds that one's own symptoms are ALS are what the sources do answer; "chances" only frames
    # what is asked of riluzole (review: it had been refused as a word the sources never use).
    assert answers_with(index, "honestly what are the odds my mild new symptoms are ALS", "likelihood")
    assert answers_with(index, "what are the chances riluzole helps me", "three to six months")


@pytest.mark.model
def test_how_long_a_recovery_or_a_healing_takes_needs_a_time(real_index):
    _, index = real_index
    # The lumbar puncture is what recovery is asked of, though it comes before "how long to recover".
    reply = answer(index, "How long does a lumbar puncture take, and how long to recover afterward?")
    assert reply.not_covered == "The sources here don't say how long recovery from a lumbar puncture takes."
    # A code ("B12") can be the thing a duration is asked of, named up to its kind.
    assert answer(index, "how long does it take for b12 nerve damage to heal").not_covered == (
        "The sources here don't say how long b12 nerve damage takes or lasts.")
    assert answers_with(index, "How long can it take to get an accurate ALS diagnosis?", "more than a year")


@pytest.mark.model
def test_meds_asked_of_a_condition_need_its_treatment(real_index):
    _, index = real_index
    assert answer(index, "what hiv meds help the nerve problems that look like ALS").not_covered == (
        "The sources here don't say how hiv is treated.")
    assert answers_with(index, "which ALS meds are pills?", "Treatments")
    # "meds" without "what" or "which" is no such ask: a lay question the sources answer stays answered.
    asked = "He's drooling a lot and tossing and turning all night — are there meds for that kind of stuff?"
    assert not answer(index, asked).abstained


@pytest.mark.model
def test_an_ask_of_a_condition_no_passage_is_about_leaves_the_verdict_to_the_head(real_index):
    # Review: "what lyme meds" asks Lyme disease's treatment, but no passage found is about "lyme" as
    # typed, so no line was checked for it; the head, which refused it before the ask existed, still may.
    _, index = real_index
    assert answer(index, "what lyme meds do they use").abstained
    assert answers_with(index, "what myasthenia gravis meds are there", "acetylcholinesterase inhibitors")
