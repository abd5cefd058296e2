"""What exactly is asked: a near-topic question the sources are silent on (a drug they never
name, a number, how long people live on a ventilator) gets a plain "not covered" that names
it, the covered questions beside it are still answered, and a negative list question gets the
list of what is not."""

import pytest

from indexer import answer
from indexer.asks import ask_of
from indexer.understanding import asks_cause, is_emergency, question_shape

from conftest import answers_with


@pytest.mark.model
def test_a_word_is_no_stand_in_when_only_another_passage_uses_it(real_index):
    _, index = real_index
    # "marijuana" is near "smoking" (said of MS's risk), not near anything said of cramps.
    reply = answer(index, "Can medical marijuana help with ALS cramps and stiffness?")
    assert reply.abstained and "marijuana" in reply.not_covered
    # "CBD oil" beside it keeps the question near what it was without "marijuana" (salience 0.078).
    assert answer(index, "does medical marijuana or CBD oil help with ALS muscle stiffness and cramps?").abstained
    # A lay name the glossary knows is read as the sources' term, not taken for an unknown word.
    assert answers_with(index, "Can an overactive thyroid be treated?", "Effective treatment for hyperthyroidism")
    assert answers_with(index, "can physio help someone with ALS keep walking and stay safe?", "PT/OT")


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "What's the normal TSH range, and what number counts as hyperthyroid?",
    "what B12 blood level counts as too low, like what's the cutoff number in pg/mL?",
    "What creatine kinase level in the blood suggests ALS?",       # "ages 40 and 70" is no level
])
def test_a_level_or_cut_off_asked_for_needs_a_number(real_index, question):
    _, index = real_index
    reply = answer(index, question)
    assert reply.abstained and "don't give that number" in reply.not_covered


@pytest.mark.model
def test_an_age_range_is_still_the_age_of_onset(real_index):
    _, index = real_index
    assert answers_with(index, "What age range does ALS usually hit people?", "between ages 40 and 70")


@pytest.mark.model
@pytest.mark.parametrize("question, reply", [
    ("how long can someone with ALS live on a ventilator with a trach",
     "The sources here don't say how long people live with ALS on a ventilator."),
    ("how long do people live after getting a feeding tube with als",
     "The sources here don't say how long people live with als after getting a feeding tube."),
    ("how long can someone with ALS live without getting a feeding tube",
     "The sources here don't say how long people live with ALS without getting a feeding tube."),
    # PLS's "characterized by progressive weakness" says it progresses, not how fast.
    ("How fast does PLS progress over the years?", "The sources here don't say how fast PLS progresses."),
])
def test_how_long_people_live_on_a_device_needs_a_line_on_that_device(real_index, question, reply):
    _, index = real_index
    assert answer(index, question).not_covered == reply


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "How long do people with ALS usually live after the symptoms start?",
    "how long do ppl usually live after als symtoms start",
    "how long do people live after being diagnosed with als",
    # Review of the eighth round: a time, a story or an everyday word is no device.
    "how long do people live after getting diagnosed with ALS",
    "how long do you live after you're diagnosed with ALS",
    "my dad got diagnosed after a bad fall last year, how long do people live with ALS?",
    "how long do people live with ALS with the right care",
])
def test_how_long_people_live_from_a_time_is_still_answered(real_index, question):
    _, index = real_index
    assert answers_with(index, question, "a few years")


@pytest.mark.model
def test_how_long_of_a_diagnosis_asked_of_someone_is_not_asked_of_the_word_someone(real_index):
    _, index = real_index       # "someone" names no thing a line must name too
    assert answers_with(index, "How long does it normally take before doctors can say for sure that someone has ALS?",
                        "more than a year")


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "What kinds of symptoms make ALS less likely?",
    "what are the signs that point AWAY from ALS? like the things ALS doesn't usually do",
])
def test_a_list_of_what_is_not_is_the_list_of_what_als_does_not_cause(real_index, question):
    _, index = real_index
    # Lay ways to ask the negative; the list matches the question's words little, so it is
    # looked for at any depth.
    assert "ALS does not typically cause:\n- Numbness or tingling" in answer(index, question).text


@pytest.mark.model
def test_dose_after_a_question_word_and_before_a_subject_is_does(real_index):
    _, index = real_index
    reply = answer(index, "what dose the electromiography show in someone who has als")
    assert not reply.abstained and "EMG" in reply.text
    assert answer(index, "what dose of riluzole is normal").not_covered == "The sources here don't give doses."


@pytest.mark.model
def test_a_list_of_symptoms_of_a_condition_is_that_conditions_list(real_index):
    _, index = real_index
    # Not ALS's symptom list because the question names ALS too: no list is about myelopathy,
    # so its sentence answers.
    reply = answer(index, "What symptoms of spinal cord compression would you not expect with ALS?")
    assert "severe neck pain" in reply.lines[0].text and "Common ALS symptoms" not in reply.text
    assert "Common ALS symptoms include:" in answer(index, "What are the symptoms of ALS?").text


@pytest.mark.model
def test_a_question_too_far_from_every_line_still_hears_what_is_not_covered(real_index):
    _, index = real_index
    # Support is low, yet no line states a cost: the reply names what was asked, not "that".
    reply = answer(index, "Does insurance pay for tofersen?")
    assert reply.not_covered == "The sources here don't cover costs or insurance."


@pytest.mark.model
def test_how_doctors_check_is_answered_by_the_test_first(real_index):
    _, index = real_index
    # "how do they check" asks for the test, as a differential does: it comes before the line
    # that hyperthyroidism mimics ALS.
    reply = answer(index, "can hyperthyrodism cause muscle weekness that looks like als, how do they check")
    assert reply.lines[0].text.startswith("Doctors can use thyroid function tests")


@pytest.mark.model
def test_review_of_the_eighth_round(real_index):
    _, index = real_index
    # Not a value asked: the number one symptom, which blood levels are checked.
    assert not answer(index, "what is the number one symptom of ALS").abstained
    assert "Blood tests" in answer(index, "what blood levels do they check to rule out ALS?").text
    assert "don't give that number" in answer(index, "whats a normal CK level in ALS").not_covered
    # "should I not ignore" asks for symptoms, not for what ALS does not cause (the symptom list
    # was the first line until the twenty-first round and shown until the twenty-second;
    # docs/answers.md says what is shown now).
    assert not any(line.text.startswith("ALS does not typically cause")
                   for line in answer(index, "what symptoms of ALS should I not ignore").lines)
    # "spare" asks what ALS does not affect: the question's own word, not a word the sources never use.
    assert not answer(index, "what does ALS usually spare").abstained
    # A dose taken or needed is a dose.
    assert answer(index, "what dose ALS patients take of riluzole").not_covered == "The sources here don't give doses."


@pytest.mark.model
def test_asking_whether_to_go_to_the_er_gets_the_urgent_care_advice_first(real_index):
    _, index = real_index
    reply = answer(index, "Should I go to the ER for breathing problems with ALS?")
    assert reply.urgent and reply.urgent[0].text.startswith("Seek urgent care for breathing problems")
    # A story that ended in urgent care asks nothing about going there.
    assert not is_emergency("My friend with MS had a bad flare-up and ended up in urgent care. What do they give?")


@pytest.mark.model
def test_what_als_leaves_alone_is_the_list_of_what_it_does_not_affect(real_index):
    _, index = real_index
    # Found as deep as an ask looks; a list noun asked ("symptoms") is what ALS does not cause.
    reply = answer(index, "Which body functions does ALS usually leave alone?")
    assert "It does not typically affect:\n- Sensation" in reply.text
    assert "ALS does not typically cause:" in answer(index, "What kinds of symptoms make ALS less likely?").text


@pytest.mark.model
def test_a_list_whose_first_intro_says_cant_is_no_list_of_what_is_not(real_index):
    # "Treatments can't reverse the damage… Treatments may include medication and other therapies:"
    # lists treatments; only the line right above the items says what the list is.
    _, index = real_index
    reply = answer(index, "Which medicines are used to treat ALS?")
    assert "- Riluzole (Rilutek)" in reply.text and "- Edaravone (Radicava)" in reply.text


@pytest.mark.model
def test_the_kinds_of_a_condition_are_its_list(real_index):
    _, index = real_index
    assert answers_with(index, "What are the different types of MS?", "Relapsing-remitting MS (RRMS)")


@pytest.mark.model
@pytest.mark.parametrize("question, wanted", [
    ("What symptoms mean I should get seen by a doctor quickly rather than wait?", "Progressive muscle weakness"),
    ("my dad keeps choking on his food and his words are coming out mushy. should we wait and see or get him "
     "checked soon?", "Seek medical evaluation promptly"),
])
def test_when_to_seek_care_is_answered_by_lines_that_say_to_seek_it(real_index, question, wanted):
    _, index = real_index
    assert ask_of(question).name == "prompt care" and answers_with(index, question, wanted)


@pytest.mark.model
def test_urgent_care_in_the_story_is_not_the_ask(real_index):
    _, index = real_index
    question = ("My friend with multiple sclerosis had a really bad flare-up last week and ended up in urgent care. "
                "What's the usual treatment for a sudden attack like that?")
    assert ask_of(question).name == "treatment" and answers_with(index, question, "high-dose corticosteroids")


@pytest.mark.model
def test_a_condition_named_without_its_word_syndrome_is_still_the_condition(real_index):
    _, index = real_index       # the sources' "post-polio syndrome"; "heart" alone would name no disease
    assert answers_with(index, "does post polio weakness keep getting worse like als does", "generally stable")


@pytest.mark.parametrize("question", [
    "i was seen quickly at the er what tests confirm als",
    "my doctor says wait and see, what are the early signs of ALS",
    "my twitching started last week i went to urgent care what causes it", "Can urgent care do an EMG?",
])
def test_seeking_care_told_in_the_story_is_not_asked(question):
    # (review of the tenth round: these lost their answers to the sources' "seek care" lines)
    assert getattr(ask_of(question), "name", None) != "prompt care"


@pytest.mark.model
def test_when_to_seek_care_for_what_no_seek_care_line_covers_is_answered_not_refused(real_index):
    _, index = real_index
    assert not answer(index, "should I see a doctor right away if I think I have MS?").abstained
    assert answers_with(index, "should I see a doctor right away for tingling in my feet?",
                        "discuss symptoms with a healthcare provider")


@pytest.mark.model
def test_a_question_asking_what_causes_something_gets_the_line_that_states_causes(real_index):
    _, index = real_index       # not only the ALS list under "Muscle Twitching (Fasciculations)"
    reply = answer(index, "Apart from ALS, what everyday things can make your muscles twitch?")
    assert "Causes include:" in reply.text and "Stress and anxiety" in reply.text and "Caffeine" in reply.text


@pytest.mark.parametrize("question, asks", [
    ("What everyday things can make your muscles twitch?", True), ("What triggers MS relapses?", True),
    ("What are the causes of B12 deficiency?", True), ("what causes muscle twitching", True),
    # (review of the eleventh round: no cause asked, and MG's "mimic ALS due to…" came first)
    ("Which test makes the diagnosis of myasthenia gravis?", False), ("What makes ALS different from MS?", False),
    ("Why does MG get worse at the end of the day?", False),
])
def test_a_cause_is_asked_only_by_what_causes_triggers_or_can_make(question, asks):
    assert asks_cause(question) is asks


@pytest.mark.parametrize("question, shape", [
    ("Is numbness more of an MS thing or an ALS thing?", "differential"),
    ("is fatigue worse in MS or ALS", "differential"),
    ("Is numbness more common in women or men?", "fact"),      # two groups, no two conditions
    ("Is ALS more common in men?", "fact"),
    ("She has MS and is more tired lately. Could it be ALS or stress?", "fact"),     # two clauses
])
def test_which_of_two_named_conditions_a_sign_points_to_is_a_differential(question, shape):
    named = lambda q: {c for c in ("MS", "ALS") if c in q}     # noqa: E731 (the conditions a question names)
    assert question_shape(question, named) == shape


@pytest.mark.model
def test_more_of_an_ms_thing_or_an_als_thing_gets_the_table_row(real_index):
    _, index = real_index
    reply = answer(index, "Is numbness more of an MS thing or an ALS thing?")
    assert reply.shape == "differential" and "Usually preserved" in reply.text


@pytest.mark.model
def test_whether_a_condition_is_inherited_needs_a_line_on_its_genes(real_index):
    _, index = real_index
    assert answer(index, "is primary lateral sclerosis inherited").text == \
        "The sources here don't say whether primary lateral sclerosis is inherited."
    assert "group of genetic disorders" in answer(index, "is HSP genetic").text
    assert answer(index, "Which gene is faulty in Kennedy's disease?").text == \
        "The sources here don't say which gene is behind Kennedy's disease."    # "a rare genetic disorder" names none
    # "It's an X-linked condition" is the third sentence of Kennedy's disease's list item: still about it.
    assert "X-linked" in answer(index, "is kennedy's disease dominant or recessive").text
    # "B12" is a vitamin, not a gene: "low B12 levels" says nothing of inheritance.
    assert answer(index, "Is vitamin B12 deficiency inherited?").text == \
        "The sources here don't say whether vitamin B12 deficiency is inherited."


@pytest.mark.model
def test_what_causes_a_condition_needs_a_line_on_its_causes_not_on_what_it_causes(real_index):
    _, index = real_index
    assert answer(index, "what causes myasthenia gravis").text == \
        "The sources here don't say what causes myasthenia gravis."     # not its "mimic ALS due to shared symptoms"
    assert "Causes include" not in answer(index, "what causes ALS").text    # twitching's causes, under an ALS heading
    # The causes of a symptom, ALS told before: the twitching list, not "not covered".
    assert "don't say what causes ALS" not in answer(index, "What causes ALS fatigue?").text    # ALS's fatigue
    # (Not an item of what ALS does not cause: "ALS does not typically cause: … Isolated twitching
    # without weakness for years" came first for a while in the twenty-second round; the whole
    # twitching list was shown until then, one item of it since: docs/answers.md.)
    question = "He reads about ALS at 3am. What are the usual causes of twitching?"
    assert answer(index, question).lines[0].text.startswith("Causes include:")



def test_not_spreading_from_person_to_person_says_whether_it_is_contagious():
    states = ask_of("My husband has Valley Fever. Can I catch it from him?").states       # (a MedQuAD page's words)
    assert states.search("The infection cannot spread from person to person.") and not states.search("It spreads.")
