"""Covered or not: a question the sources answer is answered; one they are silent on gets a
plain "not covered" naming what was asked, never the closest statements."""

import pytest

from indexer import AnswerSettings, answer
from indexer.records import PARTIAL

from conftest import answers_with


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "Can my hand weakness be caused by Thyroid Disease?",     # the sources: "thyroid disorders"
    "Can twitching be caused by Too Much Caffeine?",          # the sources list "Caffeine"
    "Can ALS be detected with Blood Work?",
    "How fast does weakness spread with Limb Onset ALS?",
    "What is the survival rate for Bulbar ALS?",
    "Could my twitching be caused by Low Vitamin B12?",
    "what kind of help is there for Als Patients",
])
def test_a_capitalised_name_of_words_the_sources_use_is_not_refused(real_index, question):
    _, index = real_index
    assert "don't mention" not in answer(index, question).text


@pytest.mark.model
@pytest.mark.parametrize("question, reply", [
    ("Is ALS contagious?", "The sources here don't say whether ALS is contagious."),
    ("Is there any treatment for Kennedy's disease?", "The sources here don't say how Kennedy's disease is treated."),
    ("how fast does progressive muscular atrophy usually progress, in years",     # its name says no pace
     "The sources here don't say how fast progressive muscular atrophy progresses."),
    ("what percentage of people with kennedys disease end up in a wheelchair",     # its possessive untyped
     "The sources here don't give that figure for kennedy disease."),
    ("He has PLS and not ALS, thank goodness. How long do people with PLS usually live?",    # the one asked of
     "The sources here don't say how long people live with PLS."),
    ("She has MS, not ALS. Is ALS contagious?", "The sources here don't say whether ALS is contagious."),
    # The words before a condition's name are not part of it ("get myasthenia gravis").
    ("what age do most people get myasthenia gravis",
     "The sources here don't say at what age myasthenia gravis starts."),
    ("Is Nuedexta the medicine for the crying and laughing fits in ALS?", "The sources here don't mention Nuedexta."),
    ("How much does Radicava cost per year?", "The sources here don't cover costs or insurance."),
    ("What dose of riluzole is usual?", "The sources here don't give doses."),     # not MS's "high-dose"
    ("What are the side effects of riluzole?", "The sources here don't describe the side effects of riluzole."),
    ("What is the recommended daily dose of riluzole in mg?", "The sources here don't give doses."),
    # The question hinges on a word no passage uses, though the passages match the rest well.
    ("Would medical cannabis ease the cramps of ALS?", "The sources here don't mention “cannabis”."),
    ("Can a tracheostomy help someone with ALS breathe?", "The sources here don't mention “tracheostomy”."),
    ("can i have a glass of wine or beer while on riluzole",     # together, not one by one
     "The sources here don't mention “glass”, “wine” or “beer”."),
    ("Did Stephen Hawking have ALS?", "The sources here don't mention Stephen Hawking."),    # not "walking"
    # An English word the sources never use, though it is two edits from one ("liver"/"river")
    # or a drug split into English-looking parts before ("statins" was "sta tins").
    ("Does riluzole damage the liver?", "The sources here don't mention “liver”."),
    ("can statins cause als like muscle weakness", "The sources here don't mention “statins”."),
    ("can vacines trigger ALS", "The sources here don't mention “vacines”."),
    # The condition asked is in a passage deeper than the first five: its outlook is not stated.
    ("What is the life expectancy for someone with Kennedy's disease?",
     "The sources here don't say how long people live with Kennedy's disease."),
    ("Is the C9orf72 gene behind most familial ALS?", "The sources here don't mention C9orf72."),
    # A figure asked for needs a figure ("rare" is not one); a comparison needs its groups.
    ("What percentage of MS patients end up in a wheelchair?", "The sources here don't give that figure for MS."),
    ("Are men more likely than women to get ALS?",
     "The sources here don't compare how common ALS is in men and in women."),
    ("How long does an EMG take?", "The sources here don't say how long an EMG takes or lasts."),
    # A duration or side effect of a thing, for a condition: the lines must be about the thing.
    ("What is the recovery time after having a feeding tube put in for ALS?",
     "The sources here don't say how long recovery from a feeding tube takes."),
    ("What are the side effects of riluzole for ALS?", "The sources here don't describe the side effects of riluzole."),
    # Of two conditions named, the ask is of the one named after it (not ALS's "no cure").
    ("how many weeks of antibiotics do you need for lyme disease that's causing ALS-like weakness?",
     "The sources here don't say how lyme disease is treated."),
    # A condition phrase is its name, not the verb before it ("treat Lyme disease").
    ("Which antibiotics are used to treat Lyme disease when it mimics ALS?",
     "The sources here don't say how Lyme disease is treated."),
    ("which antibiotics cure lyme disease that looks like ALS",
     "The sources here don't say how lyme disease is treated."),
    ("What is the difference between spinal muscular atrophy (SMA) and ALS?",   # spelled out: a name
     "The sources here don't mention spinal muscular atrophy (SMA)."),
    ("Can ativan help with ALS anxiety?", "The sources here don't mention ativan."),     # not "at ivan"
    ("is ALS contagous?", "The sources here don't say whether ALS is contagious."),   # the ask, misspelt
    ("Is spinal muscular atrophy treatable?", "The sources here don't say how spinal muscular atrophy is treated."),
    # Every condition named is only compared with: the ask is of the other thing named.
    ("Can HIV medications reverse the motor problems that look like ALS?",
     "The sources here don't say how HIV is treated."),
    # How long people live needs a line on living or dying: "progressive weakness" is not one.
    ("How long do people with PLS live?", "The sources here don't say how long people live with PLS."),
    ("What's the survival rate for MG?", "The sources here don't give that figure for MG."),      # a rate is a figure
    ("How long is the recovery after getting a feeding tube?",
     "The sources here don't say how long recovery from a feeding tube takes."),
    ("How often are natalizumab infusions given?", "The sources here don't give a schedule for natalizumab infusions."),
    # "Treatable conditions … including: X" says X can be treated, not what treats it.
    ("What is the usual treatment for benign fasciculation syndrome?",
     "The sources here don't say how benign fasciculation syndrome is treated."),
    ("What kind of surgery fixes a pinched nerve in the neck?",
     "The sources here don't say how a pinched nerve is treated."),
    ("Is physical therapy a good treatment for benign fasciculation syndrome?",
     "The sources here don't say how benign fasciculation syndrome is treated."),
    ("Is PLS painful?", "The sources here don't say whether PLS hurts."),
    ("How often is Radicava given?", "The sources here don't give a schedule for Radicava."),
    ("How often do I need blood tests taken?", "The sources here don't give a schedule for blood tests."),
    ("Is there a PLS cure?", "The sources here don't say how PLS is treated."),     # not "a PLS"
    # A person a disease is named after is not the disease.
    ("Who was Lou Gehrig, the baseball player?", "The sources here don't say who Lou Gehrig was."),
    # A count asked with words between "how many" and "cases"; "between ages 40 and 70" is none.
    ("How many new ALS cases are there in the US each year?", "The sources here don't give that figure for ALS."),
    # An age asked needs an age or a time of life for that condition.
    ("At what age does Kennedy's disease start?", "The sources here don't say at what age Kennedy's disease starts."),
    # A condition typed in lower case, its name a word the sources never use and no English word.
    ("is huntingtons disease anything like ALS?", "The sources here don't mention huntingtons disease."),
    ("What's the 5-year survival rate for ALS?", "The sources here don't give that figure for ALS."),
    # Whether it goes away needs a line that it resolves, reverses or improves.
    ("If he starts HIV meds, will the ALS-like weakness go away?",
     "The sources here don't say whether the symptoms of HIV go away."),
    ("What else is Kennedy's disease called?", "The sources here don't give another name for Kennedy's disease."),
    ("Does PLS show up more in women or in men?",
     "The sources here don't compare how common PLS is in women and in men."),
    # A new word one letter from a passage word: not "message" with a vowel changed, nor "brain".
    ("Is massage good for MS?", "The sources here don't mention “massage”."),
    ("Does rain make MS symptoms worse?", "The sources here don't mention “rain”."),
])
def test_a_question_the_sources_do_not_answer_is_not_covered_by_name(real_index, question, reply):
    _, index = real_index
    answered = answer(index, question)
    assert answered.abstained and answered.text == reply and answered.lines == ()


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "Are Tingly feet a sign of ALS?",               # "tingling": the sources' word, inflected
    "Is ALS Deadly?", "Do Steroids help MS relapses?",   # capitalised everyday words
    "Is a pinched nerve treatable?",                 # the list's intro says "treatable conditions"
    "What is the outlook for post-polio syndrome?",  # "generally stable"
    "How rare is primary lateral sclerosis?",        # "a rare motor neuron disorder"
    "Can an overactive thyroid be treated?",
    "Is MS more common in women than in men?",       # a comparison the sources make
    # Words the sources never use, with a stand-in they do use ("swallowing", "thyroid").
    "Can weak throat muscles be an early sign of ALS?",
    "Could my dad's overactive gland explain his weight loss and shaky hands?",
    "can stress cause twiching muscles?",             # not "twi ching": only words the person typed
    # Misspellings of words the sources use: of an English word ("likley"), or near a corpus
    # word whose vector is close ("tounge"/"tongue", "gherigs"/"gehrig").
    "fasiculations in my tounge, is that an als thing",
    "is lou gherigs disease the same thing as ALS",
    "are militery vetrans more likley to get ALS?",
    "i got bit by a tick last summer and now my legs are weak. could lyme look like als?",  # the story's words
    "Which tests might my husband have to go through to rule out other diseases before they say it's ALS?",
    # Misspellings of words the sources use: letters swapped, or one edit from English.
    "do both ALS and MS cause fatuige or is it more one then the other?",
    "what are the early warnign signs of ALS?", "what are the early sings of ALS?",
    # Words the sources never use, scattered or of one stem, are not one thing asked.
    "What does ALS stand for, and what's its other name?",
    "nursing student here - where do upper motor neurons start vs lower motor neurons?",
    "Is it normal to twitch after drinking energy drinks?",
    # People, in plural, accented or misspelt.
    "My cousins both have twitching, could it be ALS?", "My fiancé has twitching in his calves, should we worry?",
    "Can twitching that feels like ALS be cured?",     # "feels" is not what is asked of
    "How is motor neuron disease treated?",            # the sources' "motor neurone disease"
    "What is the life expectancy for someone with ALS?", "How long do people with ALS usually live?",
    "How long do people with MS live?",      # "a condition people manage over decades"
    "How is MG treated?", "What treatments are there for ALS?",
    "Why did they put my husband in the big magnet machine if they think it's ALS?",    # lay for MRI
    # Review of the sixth round: "who is" with no person, a share asked as "how many", a
    # condition named in other words, a lay phrase in other forms.
    "Who is Tofersen for?", "Who is ALS most common in?", "How many ALS cases are sporadic?",
    "How long can someone live with motor neuron disease?", "Her eyelids droop, what could it be?",
    "What age does ALS usually start?", "At what age is MS usually diagnosed?",
    "does thyroid disease cause weakness like ALS",      # a term in lower case, not a name
    "Does multiple sclerosis show up more often in women or in men?",   # "Sex: more common in women"
    "Can B12 deficiency symptoms be reversed?", "Does the weakness from hyperthyroidism go away with treatment?",
    # Ninth round: typos of a name, a group and a word the passages use.
    "kenedys disease is it only in men?", "is ms more comon in woman or men",      # "Sex: more common in women"
    "can ms cause blader or bowl problems",     # "bowl" for the passages' "bowel"
    # Eleventh round: words that frame the ask, an acronym typed in mixed case, lay anxiety.
    "What does ALS stand for?", "is it worth using a symptom checker before my neuro appt",
    "what does a MuSK antibody test look for", "Can being on edge make muscle twitching worse?",
    # An idiom's word the sources never use, when the corpus's head finds the answer without it
    # covered (answerability.hinge_stands).
    "What do they give you to knock down an MS flare?", "Which MS drugs are given as drips or infusions?",
    # Everyday words matching few of the sources' (support under the floor), when the head
    # vouches for the answer without the floor.
    "He's drooling a lot and tossing and turning all night — are there meds for that kind of stuff?",
    # Fifteenth round's review: a treatment's acronym is not a condition treated; two conditions
    # inside the ask's words are both asked of.
    "Is a DMT the best treatment?", "How long do people with PLS or ALS live?",
])
def test_covered_questions_are_not_refused(real_index, question):
    _, index = real_index
    assert not answer(index, question).abstained


@pytest.mark.model
def test_a_long_worried_question_is_answered_though_its_story_matches_nothing(real_index):
    _, index = real_index
    reply = answer(index, "My husband keeps tripping on the edge of the rug because his right foot seems to drop "
                          "when he walks, and he won't see a doctor. Is that one of the early signs people talk about?")
    assert not reply.abstained and "Foot drop" in reply.text
    reply = answer(index, "Ever since my exams started I have been living on energy drinks and barely sleeping, "
                          "and now the muscles in my calves keep flickering all evening. Should I be scared?")
    assert not reply.abstained


@pytest.mark.model
def test_an_ask_of_look_alikes_as_a_kind_is_answered_with_them(real_index):
    _, index = real_index
    reply = answer(index, "Which diseases that mimic ALS are curable?")
    assert reply.lines[0].text.startswith("Several treatable conditions can cause symptoms that resemble ALS")


def test_a_count_the_sources_call_unknown_answers_how_many(index_of):
    index = index_of({
        "zorbic.txt": "Zorbic Syndrome\n\nZorbic syndrome is a rare condition, although its prevalence is "
                      "unknown. It affects the quennel gland.\n",
        "blorp.txt": "Blorp Syndrome\n\nBlorp syndrome is a rare condition of the elbows. It causes itching.\n"})
    settings = AnswerSettings(min_support=0.0)      # the fake embedder's cosines are noise
    reply = answer(index, "How many people are affected by Zorbic syndrome ?", settings=settings)
    assert "its prevalence is unknown" in reply.text
    reply = answer(index, "How many people are affected by Blorp syndrome ?", settings=settings)
    assert reply.text == "The sources here don't give that figure for Blorp syndrome."    # "rare" is no count


def test_a_condition_named_after_by_is_the_condition_not_by_and_it(index_of):
    index = index_of({
        "zorbemia.txt": "Zorbemia\n\nZorbemia affects about 1 in 50,000 newborns worldwide. It is inherited.\n",
        "blorp.txt": "Blorp Syndrome\n\nBlorp syndrome is a rare condition of the elbows. It causes itching.\n"})
    reply = answer(index, "How many people are affected by zorbemia ?", settings=AnswerSettings(min_support=0.0))
    assert not reply.abstained and "1 in 50,000" in reply.text      # not "affected by zorbemia", named nowhere


@pytest.mark.model
def test_whether_a_condition_hurts_is_answered_by_a_line_on_pain(real_index):
    _, index = real_index
    reply = answer(index, "Is ALS a painful disease? We are scared my grandfather will be in agony.")
    assert "there is no pain in the early stages of ALS" in reply.text
    assert "fear" not in reply.text         # not the lines on fearing ALS


@pytest.mark.model
def test_a_list_item_states_an_ask_with_the_heading_it_stands_under(real_index):
    _, index = real_index
    # "ALS Treatment Options" heads a list with no intro: its items are treatments.
    reply = answer(index, "Can physical therapy help an ALS patient keep walking safely?")
    assert "PT/OT, braces, walkers" in reply.text


@pytest.mark.model
def test_a_lay_word_inside_a_longer_condition_name_does_not_name_it(real_index):
    _, index = real_index
    # "spastic" is a word of "hereditary spastic paraplegia", not its name: the answer is not
    # kept to HSP's lines.
    reply = answer(index, "The doctor said my dad's legs are 'spastic'. What does that mean in plain English?")
    assert "means tightness or stiffness" in reply.text


@pytest.mark.model
@pytest.mark.parametrize("question, line", [
    # A sentence naming a condition itself is about it, whatever the one it leans on names…
    ("Does myelopathy cause pain?", "myelopathy can cause severe neck pain"),
    # …and what it is told apart from is not what it is about.
    ("How is vitamin B12 deficiency treated?", "Vitamin B12 supplementation can reverse these symptoms"),
    # "low B12" names vitamin B12 deficiency by its code.
    ("If my weak legs are from low B12 and not ALS, can it be fixed?", "supplementation can reverse"),
])
def test_a_line_is_about_the_condition_it_names_not_the_one_it_is_told_from(real_index, question, line):
    _, index = real_index
    assert answers_with(index, question, line)


@pytest.mark.model
def test_an_item_after_a_list_item_that_ends_in_a_question_is_not_its_answer(real_index):
    from indexer.quotes import asked_before
    _, index = real_index
    # "1. Monitor progression. Is weakness getting worse? Is it spreading?" then "2. Schedule a
    # medical appointment.": a step, not the answer to "Is it spreading?".
    [(chunk, step)] = [(c, s) for c in index.chunks for s in c.sentences if "Schedule a medical appointment" in s.text]
    assert asked_before(chunk, step) is None
    reply = answer(index, "What should I do if my weakness is spreading?")
    assert not any(line.text.startswith("Is it spreading?") for line in reply.lines)


@pytest.mark.model
def test_nervous_system_is_not_read_as_nervous_feelings(real_index):
    # (review of the eleventh round: "nervous" as a lay word for anxiety put the anxiety line first)
    _, index = real_index
    assert "Anxiety" not in answer(index, "Is ALS a disease of the nervous system?").text


@pytest.mark.model
def test_an_answer_given_under_the_support_floor_on_the_heads_word_is_hedged(real_index):
    # (the head vouches for it, so it is answered; sure enough to drop the hedge it is not asked)
    _, index = real_index
    reply = answer(index, "Bath time has become a real battle for him. What kind of help is out there?")
    assert not reply.abstained and reply.support < AnswerSettings().min_support
    assert not reply.confident and reply.text.startswith(PARTIAL)
