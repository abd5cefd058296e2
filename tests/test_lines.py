"""How an answer's lines are composed from the chosen sentences (indexer/quotes.py,
choosing.choose): no sentence twice, a list under its intro, an item as one bullet."""

import pytest

from indexer import AnswerSettings, answer


@pytest.mark.model
@pytest.mark.parametrize("question, leaning", [
    # The FAQ's answer leans on its question; both once (since the twentieth round the FAQ line alone).
    ("is als autoimmune like ms", "MS is immune-mediated and demyelinating."),
    ("How can I cope with the anxiety while I wait for tests to rule out ALS?",
     "However, ignoring persistent symptoms is not wise either.")])
def test_no_sentence_is_shown_twice_alone_and_with_the_one_leaning_on_it(real_index, question, leaning):
    _, index = real_index
    reply = answer(index, question)
    spans = [(f.source, f.start) for line in reply.lines for f in line.fragments]
    assert reply.text.count(leaning) == 1 and len(spans) == len(set(spans))


def test_a_sentence_two_leaning_lines_share_is_shown_once(index_of):
    index = index_of({"q.txt": "Quennel fever\n\nQuennel fever is an illness of the zorbic gland. "
                               "It swells the zorbic gland in the elbows. This swelling of the zorbic gland "
                               "in the elbows hurts.\n\nOther notes\n\nBlorp syndrome causes itching.\n"})
    reply = answer(index, "zorbic gland elbows swelling", settings=AnswerSettings(min_support=0.0))
    spans = [(f.source, f.start) for line in reply.lines for f in line.fragments]
    assert spans and len(spans) == len(set(spans))


@pytest.mark.model
def test_a_question_best_matched_by_a_list_intro_gets_the_list_not_a_refusal(real_index):
    _, index = real_index
    reply = answer(index, "what will the neurologist check in the physical exam")
    line = reply.lines[0]
    assert line.kind == "list" and line.text.startswith("A physical exam checks:")
    assert "- Reflexes" in line.text
    # The list does not push out a line that answers directly.
    assert "There is no single test that confirms ALS immediately." in \
        answer(index, "is ther one test that confirms als rite away").text


@pytest.mark.model
def test_a_list_item_of_two_sentences_is_one_bullet(real_index):
    _, index = real_index
    reply = answer(index, "Which motor neuron disorders mimic ALS?")
    listed = next(line.text for line in reply.lines if line.kind == "list")
    assert "\n- Primary lateral sclerosis (PLS): " in listed and " But unlike ALS, PLS primarily" in listed
    assert "\n- But unlike" not in listed
    # "Is ALS the same as MND?" opens with the one line that says what ALS is classed as.
    first = answer(index, "Is ALS the same as Motor Neurone Disease (MND)?").lines[0].text
    assert "ALS is generally classified as a neurodegenerative motor neuron disease." in first


@pytest.mark.model
@pytest.mark.parametrize("question, wanted, not_wanted", [
    ("Which antibodies do they look for in the blood when checking for MG?", "acetylcholine receptor",
     "Carpal tunnel syndrome"),
    ("which infections can mimic ALS", "Lyme disease and HIV", "Progressive muscular atrophy")])
def test_a_list_question_one_sentence_answers_far_better_gets_that_sentence(real_index, question, wanted,
                                                                            not_wanted):
    _, index = real_index
    text = answer(index, question).text
    assert wanted in text and not_wanted not in text


@pytest.mark.model
@pytest.mark.parametrize("question", ["Can someone have ALS and MS at the same time?",
                                      "Is it possible to have ALS and MS at the same time?"])
def test_a_question_close_to_a_sources_faq_question_gets_its_answer(real_index, question):
    _, index = real_index       # the source: "- Can you have both ALS and MS?" "- It's rare, but overlapping…"
    assert "overlapping diagnoses can occur" in answer(index, question).lines[0].text


@pytest.mark.model
def test_an_item_of_a_short_list_is_shown_with_its_list_under_its_heading(real_index):
    _, index = real_index       # "Persistent rather than occasional" alone is a fragment
    line = next(ln for ln in answer(index, "where do ALS twitches show up").lines if ln.kind == "list")
    assert line.text.split("\n")[:3] == ["Muscle Twitching (Fasciculations)",
                                         "- Small, visible muscle twitches under the skin",
                                         "- Often occur in arms, legs, shoulders, or tongue"]
    assert line.fragments[0].text == "Small, visible muscle twitches under the skin"    # the heading: a label


@pytest.mark.model
def test_a_list_with_a_lead_sentence_and_an_intro_shows_both_above_its_bullets(real_index):
    from indexer.render import answer_html
    _, index = real_index
    reply = answer(index, "what causes muscle twitching besides ALS")
    assert any(ln.kind == "list" and "\nCauses include:\n- Stress and anxiety" in ln.text for ln in reply.lines)
    shown = answer_html(reply, index.manifest.sources, index.definitions)
    assert "<p>Causes include:</p><ul><li>Stress and anxiety</li>" in shown and "<li>Causes include:" not in shown


@pytest.mark.model
def test_a_list_question_no_list_answers_gets_the_best_sentences_not_one(real_index):
    _, index = real_index       # the team is named in a sentence, the second best
    reply = answer(index, "Which specialists are usually part of an ALS clinic team?")
    assert reply.shape == "list" and "social work, and palliative care" in reply.text


@pytest.mark.model
def test_a_two_part_question_gets_the_covered_part_and_says_which_part_is_not(real_index):
    from indexer.render import answer_html, note_text
    _, index = real_index
    question = "What are the symptoms and treatment of PLS?"
    reply = answer(index, question)
    assert not reply.abstained and reply.not_covered == "The sources here don't say how PLS is treated."
    assert "progressive weakness, stiffness, and spasticity" in reply.text
    assert reply.text.startswith(reply.not_covered)
    shown = answer_html(reply, index.manifest.sources, index.definitions)
    assert shown.index('class="not-covered"') < shown.index("progressive weakness")
    assert reply.not_covered in note_text(question, reply, index.manifest.sources)
    # One thing asked: still refused whole.
    assert answer(index, "What is the treatment for PLS?").abstained


@pytest.mark.model
def test_a_list_question_gets_another_sources_list_when_it_adds_items(real_index):
    # One source lists EMG, nerve conduction, MRI and blood tests; another adds the spinal tap and the
    # muscle biopsy. Both lists are shown, each whole under its intro and citation, the better fitting first.
    _, index = real_index
    reply = answer(index, "Which tests do they do when they're checking someone for ALS?")
    lists = [line for line in reply.lines if line.kind == "list"]
    assert len(lists) == 2 and lists[0].citations != lists[1].citations
    assert "Tests may include:" in lists[0].text and "Spinal tap (lumbar puncture)" in lists[1].text
    # A list no other source adds to stays alone.
    assert len(answer(index, "what are the risk factors for MS").lines) == 1


@pytest.mark.model
def test_an_intro_whose_list_is_split_under_sub_headings_is_shown_with_those_lists(real_index):
    # "The most common early signs include:" ends its passage; the signs follow under "Muscle
    # Weakness", "Muscle Twitching"…, each its own passage. The intro, then each list, each cited.
    _, index = real_index
    reply = answer(index, "what are the first signs of ALS")
    assert reply.lines[0].text == "The most common early signs include:"
    assert "Muscle Weakness\n- Weakness in one hand" in reply.lines[1].text and "Foot drop" in reply.lines[1].text
    assert "Slurred speech" in reply.text and "Muscle Twitching" in reply.text
    assert len({line.citations for line in reply.lines}) == len(reply.lines) >= 4
    assert "As the disease progresses" not in reply.text     # the next list in the last passage is another's
    from indexer.render import answer_html
    shown = answer_html(reply, index.manifest.sources, index.definitions)
    assert "<ul></ul>" not in shown and shown.count("<li>") >= 10


@pytest.mark.model
def test_an_intro_that_cannot_stand_alone_does_not_crowd_out_what_it_introduces(real_index):
    # The best line ends "…an odd and frustrating mismatch:" and leads into a quote; held to a
    # share of that intro's score, the quote fell below the floor and the answer came out empty.
    _, index = real_index
    reply = answer(index, "do people with als still feel touch and temperature")
    assert not reply.abstained and "keep normal sensation (touch, pain, temperature)" in reply.lines[0].text


@pytest.mark.model
def test_two_lines_under_one_heading_about_different_conditions_are_both_shown(real_index):
    # Their vectors carry the same heading (cosine 0.92); they contrast, they do not repeat.
    text = answer(real_index[1], "how are the treatment goals different for ALS vs MS").text
    assert "ALS treatment focuses on motor neuron protection" in text
    assert "MS treatment primarily targets immune activity" in text


@pytest.mark.model
@pytest.mark.parametrize("question", ["can a pinched nerve mimic ALS",
                                      "can a pinched nerv cause symtoms like als? ive had neck problems for years"])
def test_a_sentence_about_two_conditions_joined_by_or_answers_for_either(real_index, question):
    # "Spinal cord compression (myelopathy) or a pinched nerve (radiculopathy) … can also cause
    # symptoms similar to ALS" is about radiculopathy too, not only the first named.
    assert "or a pinched nerve (radiculopathy)" in answer(real_index[1], question).text


@pytest.mark.model
def test_a_sentence_is_about_every_condition_its_subject_joins(real_index):
    conditions = real_index[1].conditions
    subjects = conditions.subjects("Spinal cord compression (myelopathy) or a pinched nerve (radiculopathy), "
                                   "particularly in the neck, can also cause symptoms similar to ALS.", ())
    assert [sorted(conditions.groups[k])[0] for k in subjects] == ["cord compression", "pinched nerve"]
    assert len(conditions.subjects("Unlike ALS, MS has disease-modifying therapies.", ())) == 1


@pytest.mark.model
def test_what_a_line_is_about_is_read_past_a_comparison_a_line_break_and_its_items_question(real_index):
    _, index = real_index
    conditions = index.conditions
    ms, als = conditions.all_in("MS"), conditions.all_in("ALS")
    assert list(conditions.subjects("The big difference from ALS: many people with MS have long periods of "
                                    "stability.", ())) == ms
    # A sentence leaning on the one before is about what that one is about, unless it opens with a
    # condition: "Multiple sclerosis (MS) is… It typically presents with…, while ALS involves…".
    chunk, sentence = next((c, s) for c in index.chunks for s in c.sentences
                           if s.text.startswith("It typically presents with episodes"))
    assert list(conditions.of_sentence(chunk, sentence)[0]) == ms
    # "They may become experts…" starts a line of its own after "People with MS often learn…": about
    # MS, and shown with it; "ALS can also involve fatigue" after "Yes, but … prominent in MS." is about ALS.
    line = next(line for line in answer(index, "can people with MS get help at work").lines
                if "accommodations at work" in line.text)
    assert line.text.startswith("People with MS often learn to budget energy")
    tired = answer(index, "Why do people with ALS get tired?")
    assert "muscle effort and breathing mechanics" in tired.text and als


@pytest.mark.model
def test_a_sentence_leaning_on_another_but_naming_its_own_condition_is_about_that_one(real_index):
    # Review of the twenty-third round: "However, for many people with MS, …" after a sentence about
    # ALS is about MS (only a pronoun subject, "It typically presents…", takes the sentence before's).
    from indexer.records import Chunk, Sentence
    conditions = real_index[1].conditions
    first = "ALS rarely causes nerve pain in its early stages."
    second = "However, for many people with MS, burning nerve pain is one of the first complaints."
    text = f"{first} {second}"
    chunk = Chunk(10**6, "x.txt", 0, len(text), "Nerve pain", ("Nerve pain",), text,
                  (Sentence(0, len(first), first), Sentence(len(first) + 1, len(text), second)))
    assert list(conditions.of_sentence(chunk, chunk.sentences[1])[0]) == conditions.all_in("MS")
