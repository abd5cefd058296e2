"""Extractive answers: what the user reads, verbatim and cited."""

import json
from pathlib import Path

import pytest

from indexer import NOT_COVERED, AnswerSettings, answer, build_index, load_index
from indexer.evaluation import grounded_fragments, load_questions
from indexer.understanding import question_shape

from conftest import REPO
from fakes import HashEmbedder


@pytest.mark.parametrize("question, shape", [
    ("How is MG told apart from ALS?", "differential"), ("ALS vs MS", "differential"),
    ("How is HSP different from ALS?", "differential"), ("What are the symptoms of ALS?", "list"),
    ("Which tests are used for ALS?", "list"), ("Is ALS contagious?", "fact"),
    ("Can a blood test tell MG from ALS?", "differential"), ("I was told from the start it was ALS", "fact"),
    ("which treatable conditions get confused with ALS", "list"), ("Which nerves get damaged?", "list"),
    ("what does ALS usually spare", "list"), ("What should I not ignore?", "fact"),
    ("What are the different types of MS?", "list"), ("How do the types of MS differ?", "differential"),
    ("Is it different from PLS?", "differential"), ("Is ALS a different kind of disease than MS?", "differential"),
    # a list asked of one condition is a list, whatever else it says ("rule out", "compare")
    ("Which tests might he go through to rule out other diseases before they say it's ALS?", "list"),
    ("What signs differ between ALS and a trapped nerve?", "differential"),     # a contrast, one name known
])
def test_question_shapes(question, shape):
    assert question_shape(question) == shape


def test_the_same_fact_in_two_sources_is_shown_once_citing_both(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    fact = "Zorbic fever is diagnosed with the quennel blood test."
    (corpus / "a.txt").write_text(f"Alpha\n{fact}\nAlpha also covers other things entirely.\n",
                                  encoding="utf-8")
    (corpus / "b.txt").write_text(f"Bravo\nSome other opening line here.\n{fact}\n", encoding="utf-8")
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    reply = answer(load_index(tmp_path / "index", embedder=embedder), "How is zorbic fever diagnosed?")
    lines = [line for line in reply.lines if line.text == fact]
    assert len(lines) == 1 and lines[0].citations == (1, 2)
    assert {ref.chunk.source for ref in reply.sources} == {"corpus/a.txt", "corpus/b.txt"}
    for ref in reply.sources:   # each source highlights its own copy of the sentence
        raw = Path(ref.chunk.source).read_text(encoding="utf-8")
        assert [raw[a:b] for a, b in ref.highlights] == [fact]


@pytest.mark.model
def test_mg_answer_names_the_tests_that_tell_it_apart(real_index):
    _, index = real_index
    reply = answer(index, "How is MG told apart from ALS?")
    assert not reply.abstained and reply.shape == "differential"
    assert "repetitive nerve stimulation" in reply.text
    assert "acetylcholine receptor or muscle-specific kinase antibodies" in reply.text
    assert all(line.citations == (1,) for line in reply.lines)
    assert reply.sources[0].chunk.section == ("Myasthenia gravis",)


@pytest.mark.model
def test_list_question_gets_the_list_as_the_source_has_it(real_index):
    _, index = real_index
    reply = answer(index, "What are the common symptoms of ALS?")
    [line] = reply.lines
    assert line.kind == "list"
    items = line.text.split("\n")
    assert items[0].endswith(":") and len(items) >= 5
    assert all(item.startswith("- ") for item in items[1:])


@pytest.mark.model
def test_an_ask_is_of_the_condition_asked_not_of_one_it_is_compared_with(real_index):
    _, index = real_index
    assert answer(index, "How is Lyme disease treated when it looks like ALS?").text == \
        "The sources here don't say how Lyme disease is treated."
    # "surgery" in a question about risk does not make it a question about treatment
    assert "Military service" in answer(index, "Is surgery a risk factor for ALS?").text


@pytest.mark.model
def test_a_duration_of_a_thing_is_found_by_its_stem_and_named_whole(real_index):
    _, index = real_index
    # "diagnosied" → "diagnosed" finds "diagnosis"; the condition named is not the thing.
    reply = answer(index, "How long does it take to get diagnosied with ALS usually?")
    assert not reply.abstained and "more than a year" in reply.text
    # An adverb names no thing ("usually", "actually"): the duration is the diagnosis's.
    reply = answer(index, "how long does it usually take before doctors can actually say its ALS?")
    assert not reply.abstained and "more than a year" in reply.text
    assert answer(index, "How long does benign fasciculation syndrome usually last?").text == \
        "The sources here don't say how long benign fasciculation syndrome takes or lasts."
    # "biopsy" stems to "biopsi"; the thing is found by what the two share, not answered from
    # another duration ("more than a year" to diagnose ALS)
    assert answer(index, "How long does a muscle biopsy take?").text == \
        "The sources here don't say how long biopsy takes or lasts."
    assert answer(index, "What are the side effects of high-dose corticosteroids for MS?").text == \
        "The sources here don't describe the side effects of corticosteroids."


@pytest.mark.model
def test_table_fact_is_a_row_with_its_header(real_index):
    _, index = real_index
    reply = answer(index, "ALS vs MS: vision problems?")
    [line] = reply.lines
    assert line.kind == "row"
    assert line.text == ("Vision problems — ALS (Amyotrophic Lateral Sclerosis): Not typical early; "
                         "MS (Multiple Sclerosis): Common (e.g., optic neuritis, blurry vision, "
                         "double vision)")
    raw = Path(root_of(real_index) / line.fragments[0].source).read_text(encoding="utf-8")
    assert [raw[f.start:f.end] for f in line.fragments] == [f.text for f in line.fragments]


def root_of(real_index):
    return real_index[0]


@pytest.mark.model
def test_off_topic_question_is_not_answered(real_index):
    _, index = real_index
    reply = answer(index, "What is the best recipe for banana bread?")
    assert reply.abstained and reply.lines == ()
    assert reply.text == NOT_COVERED
    assert reply.related   # the closest passages are offered, as related reading


@pytest.mark.model
def test_emergency_question_gets_the_corpus_urgent_advice_first(real_index):
    _, index = real_index
    reply = answer(index, "I suddenly can't breathe properly and keep choking. Is this ALS?")
    [urgent] = reply.urgent
    assert "urgent" in urgent.text.lower()
    assert reply.text.startswith(urgent.text)
    assert urgent.citations == (1,) and reply.sources[0].n == 1


@pytest.mark.model
def test_every_answer_on_the_question_set_is_verbatim(real_index):
    """Groundedness 1.00: each answer fragment equals its cited raw span (normalised)."""
    root, index = real_index
    raw = {s: (root / s).read_text(encoding="utf-8") for s in index.manifest.sources}
    questions = load_questions(REPO / "eval" / "questions.jsonl", REPO / "corpus")
    ok = total = 0
    for q in questions:
        record = answer(index, q.question, settings=AnswerSettings(min_support=-1.0)).to_record()
        good, count = grounded_fragments(record, raw)
        ok, total = ok + good, total + count
    assert total > 150 and ok == total


@pytest.mark.model
def test_ask_json_in_a_fresh_process(real_index):
    import os
    import subprocess
    import sys
    root, _ = real_index
    result = subprocess.run([sys.executable, "-m", "indexer", "ask", "--json"],
                            input="How is MG told apart from ALS?\n", capture_output=True, text=True,
                            cwd=root, timeout=300,
                            env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["abstained"] is False and "[1]" in record["text"]
    fragment = record["sentences"][0]["fragments"][0]
    assert set(fragment) == {"source", "start", "end", "text"}
    assert record["citations"][0]["n"] == 1


@pytest.mark.model
def test_a_differential_answer_stays_with_the_two_conditions_asked(real_index):
    _, index = real_index
    reply = answer(index, "What's the difference between PLS and ALS?")
    shown = " ".join(line.text for line in reply.all_lines)
    assert "upper motor neurons" in shown
    assert "Multiple sclerosis" not in shown and "MS" not in shown.split()
    # The PLS list item is one line with both its sentences, not two fake bullets.
    assert not any(line.text.startswith("- But unlike") or "\n- But unlike" in line.text for line in reply.lines)


@pytest.mark.model
def test_a_line_about_another_condition_does_not_answer(real_index):
    _, index = real_index
    reply = answer(index, "Does ALS affect the mind or memory?")
    sections = {ref.n: ref.chunk.section[-1] for ref in reply.sources}      # the nearest heading
    assert not any("MS" in sections[n].split() for line in reply.lines for n in line.citations)
    assert "Cognitive changes (processing speed, attention, memory)" not in reply.text


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "My mom's eyelids droop and her arms get weaker the more she uses them. Is this ALS or something else?",
    "My eyelids droop by evening and my arms tire the more I use them. What else besides ALS could do that?",
])
def test_asking_what_else_than_a_condition_it_could_be_is_not_asked_of_that_condition(real_index, question):
    _, index = real_index
    assert index.conditions.ruled_out(question)
    assert "worsens with use, often starting in the eye muscles" in answer(index, question).lines[0].text
    # "besides pills" rules out no condition: still a question about ALS, not MS's oral drugs.
    assert not index.conditions.ruled_out("besides pills what other therapies help ALS patients")


@pytest.mark.model
def test_a_sentence_that_leans_on_the_one_before_comes_with_it(real_index):
    _, index = real_index
    reply = answer(index, "How long does it take to get an ALS diagnosis?")
    line = next(line for line in reply.lines if "more than a year" in line.text)
    assert line.text.index("diagnosis challenging") < line.text.index("It can take more than a year")


@pytest.mark.model
def test_an_item_of_a_list_without_intro_comes_under_its_heading(real_index):
    from indexer.quotes import text_line
    _, index = real_index
    [(chunk, item)] = [(c, s) for c in index.chunks for s in c.sentences
                       if s.text == "Persistent rather than occasional"]
    text, fragments = text_line(chunk, item)
    assert text == "Muscle Twitching (Fasciculations) — Persistent rather than occasional"
    assert [f.text for f in fragments] == ["Persistent rather than occasional"]   # the quote is the item


@pytest.mark.model
def test_which_with_a_plural_asks_for_the_whole_list(real_index):
    _, index = real_index
    reply = answer(index, "Which curable conditions can be mistaken for ALS?")
    assert reply.shape == "list" and len(reply.lines) == 1
    assert "Vitamin B12 deficiency" in reply.lines[0].text and "Carpal tunnel syndrome" in reply.lines[0].text


@pytest.mark.model
def test_an_faq_answer_is_found_by_its_question_and_shown_under_it(real_index):
    _, index = real_index
    # The source's FAQ asks "Can you have both ALS and MS?"; its answer shares no word with
    # the question but "It's rare, but overlapping diagnoses can occur."
    reply = answer(index, "Can someone have both ALS and MS at the same time?")
    assert any(line.text.startswith("Can you have both ALS and MS? — It's rare, but overlapping diagnoses can occur.")
               for line in reply.lines)
    reply = answer(index, "is als an autoimmune disease like ms?")
    assert "ALS is generally classified as a neurodegenerative motor neuron disease" in reply.text


@pytest.mark.model
def test_the_line_that_answers_best_comes_first(real_index):
    _, index = real_index
    # In reading order "Both are neurologic…" (same source) would lead; the FAQ's answer does.
    reply = answer(index, "Can you have both ALS and MS?")
    assert reply.lines[0].text.startswith("Can you have both ALS and MS? — It's rare")


@pytest.mark.model
def test_a_test_that_tells_two_conditions_apart_is_found_by_its_abbreviation(real_index):
    _, index = real_index
    # "CSF" is the lay glossary's cerebrospinal fluid; the line naming both conditions leads.
    reply = answer(index, "Would a CSF test tell MS from ALS?")
    assert reply.lines[0].text == "Cerebrospinal fluid analysis can also help a doctor distinguish MS from ALS."
