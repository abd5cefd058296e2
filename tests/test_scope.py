"""What a question asks that the sources may not cover (indexer/scope.py), and what an answer
does about it: a plain "not covered" that names what was asked."""

import pytest

from indexer import AnswerSettings, answer
from indexer.asks import ask_of
from indexer.conditions import phrase_key
from indexer.scope import joins_corpus_words, names, not_mentioned_sentence


@pytest.mark.parametrize("question, expected", [
    ("How much does Radicava cost per year in the US?", ["Radicava"]),        # a brand name
    ("Is ALS the same as Parkinson's? My grandad has a tremor", ["Parkinson's"]),
    ("Can statins like atorvastatin cause weakness?", ["atorvastatin"]),
    ("Does Medicare pay for a power wheelchair?", []),   # a common word alone (the cost rule has it)
    ("Is ALS Deadly?", []), ("Can Insomnia cause muscle twitching?", []),   # capitalised everyday words
    ("Stephen Hawking lived for decades with ALS", ["Stephen Hawking"]),
    ("Can Guillain-Barré syndrome mimic ALS?", ["Guillain-Barré"]),
    ("wich is worse ALS or MS", []),                     # a slip of "which", not a name
    ("My husband fumbles his shirt buttons. Is that ALS?", []),   # everyday words
    ("My hands keep going numb and tingly", []),         # lay words for what the sources say
    ("What are DMTs for MS?", []),                       # short acronyms may be spelled out there
    ("Can the COVID vaccine trigger ALS?", ["COVID"]),
    ("Mum has MS and the neurologist offered a drip", []),   # capitalised at the start
    ("What's Radicava for?", ["Radicava"]), ("Mostly I've had tingling in my feet", []),   # contractions
    ("can my husbnd get tested for ALS?", []),     # a misspelt everyday word (the head may doubt the answer)
    ("is a spinal tap really nessesary?", []), ("Can't Radicava slow ALS down?", ["Radicava"]),
])
def test_names_are_drugs_diseases_and_people_not_everyday_words(question, expected):
    assert names(question) == expected


@pytest.mark.parametrize("question, ask", [
    ("how many mg of riluzole do people take a day?", "dose"),
    ("What does MG stand for?", None),                   # MG is myasthenia gravis, not milligrams
    ("How much does edaravone cost?", "cost"), ("Can we afford riluzole?", "cost"),
    ("What helps MS spasticity? He can't afford to stop working.", None),
    ("Is ALS contagious?", "contagion"),
    ("What are the side effects of riluzole?", "side effects"),
    ("How long does an EMG test take?", "duration"),
    ("How common is ALS?", "frequency"),
    ("What is the life expectancy with ALS?", "survival"),
    ("What is the prognosis for PLS?", "outlook"),
    ("Is ALS deadly?", "outlook"), ("Will ALS kill him?", "outlook"), ("Does ALS lead to death?", "outlook"),
    ("Does it sound like the deadly muscle disease or MG?", None), ("Does ALS kill motor neurons?", None),
    ("Will riluzole kill my appetite?", None), ("Is a life-threatening reaction to ocrelizumab possible?", None),
    ("Does ALS hurt, and is it deadly?", "pain"), ("Should we get him seen now, could it kill him?", "prompt care"),
    ("How long is the recovery after the surgery?", "recovery"),
    ("How often are natalizumab infusions given?", "schedule"),
    ("How often is Radicava given?", "schedule"),
    ("How many ALS cases are sporadic?", None),        # a share the sources give in words
    ("How many new ALS cases are diagnosed each year?", "figure"),
    ("How many MG cases turn out to be ALS?", None),        # MG is myasthenia gravis, not milligrams
    ("At exactly what temperature does a fever cause a seizure?", "level"),
    ("What temperature changes can people with ALS still feel?", None),    # no value asked
    ("Is there any treatment for Kennedy's disease?", "treatment"),
    ("What is the treatment for Kennedy's disease?", "which treatment"),
    ("Is a pinched nerve treatable?", "treatment"),
    ("Do you need surgery for carpal tunnel syndrome?", "which treatment"),
    ("Who was Lou Gehrig?", "person"), ("Who is Tofersen for?", None), ("Who is ALS most common in?", None),
    ("Does the EMG test hurt?", "pain"), ("Will he be in pain?", "pain"),
    ("I have neck pain and weak arms, is it ALS?", None),    # pain told, not asked about
    ("Who is at risk of ALS?", None),                  # a person only when a name follows
    ("How is MG told apart from ALS?", None),
    ("Kennedy's disease, also called SBMA, what does it affect?", None), ("What else is ALS called?", "other name"),
    ("Kennedy's disease (also called SBMA): what does it affect?", None), ("ALS, also called what?", "other name"),
    ("Is PLS inherited?", "inheritance"), ("Which gene causes Kennedy's disease?", "gene"),
    ("Does ALS run in families?", "inheritance"), ("Can people with hereditary spastic paraplegia work?", None),
    ("When do they do genetic testing for ALS?", None), ("Can ALS be passed on through a transfusion?", None),
    ("What causes post-polio syndrome?", "cause"), ("Why do people get ALS and MS muddled up?", None),
    ("Which gene is behind Kennedy's disease?", "gene"), ("Is HSP dominant or recessive?", "inheritance mode"),
    ("How many times more likely are women to get MS?", "figure"), ("ALS risk, 1 in how many?", "figure"),
    ("How many new MS diagnoses are there each year?", "figure"),
    # Ask words in the story are not the ask (a review's cases).
    ("I read about the causes of ALS online. What are the early symptoms?", None),
    ("My grandmother had a hereditary condition. What are the early symptoms of ALS?", None),
    ("What are the early signs and causes of ALS?", None), ("Is riluzole affordable?", "cost"),
    ("We can't afford to hire help. What support helps at home?", None),
])
def test_asks_that_need_a_kind_of_statement(question, ask):
    found = ask_of(question)
    assert (found.name if found else None) == ask


def test_a_device_asked_under_is_in_the_asking_sentence():
    from indexer.qualifiers import qualifier
    survival = ask_of("How long do people live with ALS?")
    assert qualifier("How long can he live with ALS without a feeding tube?", survival.asked).group("thing") == \
        "feeding tube"
    assert qualifier("How long will my mom live with ALS? She is without a caregiver.", survival.asked) is None


def test_condition_phrases_match_however_typed():
    assert phrase_key("Kennedy's disease") == phrase_key("kennedys disease") == phrase_key("Kennedy disease")


def test_not_covered_names_what_was_asked():
    assert not_mentioned_sentence(["Radicava"]) == "The sources here don't mention Radicava."
    assert not_mentioned_sentence(["statins", "atorvastatin"]) == \
        "The sources here don't mention statins or atorvastatin."
    assert ask_of("Is ALS contagious?").not_covered("ALS") == "The sources here don't say whether ALS is contagious."
    assert ask_of("How much is it?") is None


# The fake embedder's cosines are noise: these tests switch the support threshold off to see
# the scope rules alone.
ANY_SUPPORT = AnswerSettings(min_support=0.0)


ZORBIC = ("Zorbic Notes\n\nZorbic fever is a made-up illness of the quennel gland. Zorbic fever is "
          "treated with rest and fluids. It usually clears within two weeks.\n\nBlorp syndrome\n\n"
          "Blorp syndrome causes itching of the elbows.\n")


def test_a_name_the_sources_never_use_is_not_covered_by_name(index_of):
    index = index_of({"z.txt": ZORBIC})
    reply = answer(index, "Can Flurbozan cure zorbic fever?")
    assert reply.abstained and reply.text == "The sources here don't mention Flurbozan."
    assert reply.related                      # the nearby passages stay as reading


def test_an_ask_no_line_states_is_not_covered(index_of):
    index = index_of({"z.txt": ZORBIC})
    assert answer(index, "How much does zorbic fever treatment cost?", settings=ANY_SUPPORT).text == \
        "The sources here don't cover costs or insurance."
    assert answer(index, "What dose of fluids for zorbic fever?", settings=ANY_SUPPORT).text == \
        "The sources here don't give doses."
    assert answer(index, "How is Blorp syndrome treated?", settings=ANY_SUPPORT).text == \
        "The sources here don't say how Blorp syndrome is treated."   # treatment named, of another condition
    # A cause needs a line on what causes it, not on what it causes ("Blorp syndrome causes itching").
    assert answer(index, "What causes Blorp syndrome?", settings=ANY_SUPPORT).text == \
        "The sources here don't say what causes Blorp syndrome."
    covered = answer(index, "How is zorbic fever treated?", settings=ANY_SUPPORT)
    assert not covered.abstained and "treated with rest and fluids" in covered.text


def test_a_leaning_sentence_is_shown_with_the_one_it_leans_on(index_of):
    index = index_of({"z.txt": ZORBIC})
    reply = answer(index, "How long does zorbic fever last, does it clear within two weeks?", settings=ANY_SUPPORT)
    line = next(line for line in reply.lines if "two weeks" in line.text)
    assert line.text.startswith("Zorbic fever is treated with rest and fluids. It usually clears")
    assert len(line.fragments) == 2           # two verbatim spans, each cited


def test_a_slip_of_a_corpus_word_is_not_taken_for_a_name(index_of):
    index = index_of({"z.txt": ZORBIC})
    # "qeunnle" is two edits from the sources' "quennel": too far to correct, not a new name.
    reply = answer(index, "Is the qeunnle gland what zorbic fever affects?", settings=ANY_SUPPORT)
    assert "qeunnle" not in reply.text
    assert answer(index, "Is the Flurbozan gland what zorbic fever affects?", settings=ANY_SUPPORT).text == \
        "The sources here don't mention Flurbozan."
    # A word going on past an ending from the sources' "quennel" is another word, not an inflection.
    assert "quennelish" not in answer(index, "Is my quennelish pain zorbic fever?", settings=ANY_SUPPORT).text
    assert answer(index, "Is quennelomyositis like zorbic fever?", settings=ANY_SUPPORT).text == \
        "The sources here don't mention quennelomyositis."


def test_a_word_begins_like_a_corpus_word_when_it_goes_on_for_an_ending_or_shares_a_long_beginning():
    from indexer.vocabulary import Vocabulary
    vocabulary = Vocabulary({"immunosuppressive": 3, "patella": 3, "twitching": 3, "neuromuscular": 3})
    assert vocabulary.begins_like("twitchiness") and vocabulary.begins_like("immunosupressants")
    assert not vocabulary.begins_like("patellofemoral") and not vocabulary.begins_like("neuromyelitis")


def test_what_counts_as_a_condition():
    from indexer.conditions import is_condition
    assert is_condition({"ms", "multiple sclerosis"}) and is_condition({"hyperthyroidism"})
    assert is_condition({"kennedy's disease"})
    assert not is_condition({"muscle weakness"}) and not is_condition({"atrophy", "muscle wasting"})
    assert not is_condition({"diagnosis"})          # an -osis word that names no condition
    # Mined aliases merged into one big group are not one condition's names.
    assert not is_condition({f"term {k}" for k in range(8)} | {"blorp syndrome"})


def test_a_question_names_a_condition_by_a_lay_part_of_its_name_only():
    from indexer.conditions import Conditions
    from indexer.understanding import Topics
    topics = Topics(table=(("hyperthyroidism", "Hyperthyroidism"), ("blorp syndrome", "Blorp syndrome")),
                    groups=(frozenset({"hyperthyroidism"}), frozenset({"blorp syndrome"})))
    conditions = Conditions(topics)
    assert conditions.named("Could it be her thyroid?") == {0}          # "thyroid" inside the name
    assert conditions.named("Which syndrome is it?") == set()            # a condition word names none
    assert conditions.all_in("Unlike Blorp syndrome, hyperthyroidism …") == [1, 0]


def test_compared_groups_are_the_words_that_name_the_groups():
    from indexer.groups import compared_groups
    patterns = compared_groups("Is ALS more common in men than in women?")
    assert [bool(p.search("more common in males")) for p in patterns] == [True, False]
    assert [p.pattern for p in compared_groups("Is it more common in people with diabetes than in others?")] == [
        r"\b(diabetes)\b"]
    assert compared_groups("How common is ALS?") == []


def test_two_corpus_words_typed_as_one_are_not_a_new_name(index_of):
    index = index_of({"z.txt": ZORBIC})
    reply = answer(index, "Does blorpsyndrome cause itching of the elbows?", settings=ANY_SUPPORT)
    assert not reply.abstained and "itching of the elbows" in reply.text      # the sources' "Blorp syndrome"
    assert joins_corpus_words(index, "blorpsyndromes")          # in another inflection
    assert not joins_corpus_words(index, "thequennel")          # a stopword and a word are not a name's parts


DRUGS = {"z.txt": "Zorbic Treatment\n\nPeople with zorbic fever respond to high doses of flurbozan.\n",
         "b.txt": "Blorp Treatment\n\nAdults with blorp syndrome take 300 mg of zimrol daily. Blorp syndrome "
                  "raises the body temperature above normal.\n",
         "g.txt": "Dosing Guide\n\nGlorbin is given to people with blorp syndrome as follows:\n\n"
                  "- Adults: 100 mg every 12 hours\n- Children: 2 mg per kg\n"}


def test_an_amount_or_a_temperature_asked_needs_a_number(index_of):
    index = index_of(DRUGS)
    # "high doses" names a dose and gives none; the 300 mg are another drug's.
    assert answer(index, "How many milligrams of flurbozan are given?", settings=ANY_SUPPORT).text == \
        "The sources here don't give doses."
    assert "300 mg of zimrol" in answer(index, "How many milligrams of zimrol are given?", settings=ANY_SUPPORT).text
    # An item names what its list's intro names ("Glorbin is given… as follows: - Adults: 100 mg…").
    glorbin = answer(index, "How many mg of glorbin for adults?", settings=ANY_SUPPORT)
    assert "Adults: 100 mg every 12 hours" in glorbin.text
    reply = answer(index, "At exactly what temperature does blorp syndrome start?", settings=ANY_SUPPORT)
    assert reply.abstained and reply.text.startswith("The sources here don't give that number")
