"""Chunks of the seed corpus: exact offsets, no page chrome, every heading, sections intact."""

from pathlib import Path

import pytest

from indexer import chunk_document, load_corpus, load_document
from indexer.sentences import estimate_tokens
from indexer.textmap import comparable

from conftest import SEED_CORPUS

MIMICS = "corpus/000_b01bdc2a4760374d.txt"
ALS_VS_MS = "corpus/003_b0804ae2365bd46d.txt"

# Text of the site promos, widgets and the three unrelated press releases.
CHROME = [
    "Try Our AI Features", "Explore what Daily8 AI can do for you", "No comments yet",
    "Related Articles", "Associated Press", "Stop Gas Station Heroin", "Kratom",
    "7-hydroxymitragynine", "Pedicle Screw", "Eminent Spine", "Hashtags",
    "Thinking about asking ChatGPT", "Tell your friends about us", "smily Shiba-inu",
    "For First Time Users", "Was this page helpful", "Purpose and positioning of services",
    "Doctors Note Logo", "answer background", "Learn from others", "13 Alikes",
    "Latest discussions", "Diabetes Type 2", "Alike Wisdom", "Thank you! Your submission",
    "100% Free", "editorial process", "Table of Contents >> Show >> Hide",
]

HEADINGS = {
    "000_b01bdc2a4760374d.txt": [
        "What Conditions Can Mimic ALS?", "Symptoms of ALS", "Myasthenia gravis",
        "Multiple sclerosis", "Other motor neuron disorders", "Key terms", "Hyperthyroidism",
        "Vitamin B12 deficiency", "Post-polio syndrome", "Nerve damage",
        "How do doctors either confirm or rule out ALS?"],
    "001_2f591b454a22b49c.txt": [
        "What Is ALS?", "Common ALS Symptoms", "Muscle Weakness", "Muscle Twitching (Fasciculations)",
        "Muscle Cramps or Stiffness", "Speech and Swallowing Changes",
        "Why ALS Symptoms Are Often Misunderstood", "1. Muscle Twitching Is Common",
        "2. Anxiety Can Amplify Physical Sensations", "3. Other Conditions Mimic ALS Symptoms",
        "4. ALS Is Rare", "Red Flags That Deserve Prompt Evaluation",
        "What ALS Does Not Typically Cause", "How Doctors Evaluate Possible ALS",
        "1. Detailed Medical History", "2. Neurological Examination", "3. Diagnostic Testing",
        "When to Consider a Symptom Checker", "Managing Fear While Waiting for Answers",
        "The Bottom Line: What You Should Do Next"],
    "002_90ea20ea14920423.txt": ["What is it?", "Signs & symptoms"],
    "003_b0804ae2365bd46d.txt": [
        "ALS and MS in One Minute (No Pop Quiz)", "What is ALS?", "What is MS?",
        "Why People Confuse ALS and MS", "Symptoms: ALS vs. MS (What You Feel, What It Means)",
        "ALS Symptoms (Typical Pattern)", "MS Symptoms (The \"Depends on Where\" Disease)",
        "A Quick \"Should I Panic?\" Filter", "Risks and Causes: Who Gets ALS vs. Who Gets MS?",
        "ALS Risk Factors", "MS Risk Factors", "Progression and Prognosis: What to Expect Over Time",
        "ALS Progression", "MS Progression", "Diagnosis: How Doctors Tell ALS and MS Apart",
        "How ALS Is Diagnosed", "How MS Is Diagnosed",
        "Red Flags That Push the Workup One Way or the Other",
        "Treatment: What Helps ALS vs. What Helps MS?", "ALS Treatment Options",
        "MS Treatment Options", "1) Disease-Modifying Therapies (DMTs)", "2) Treating Relapses",
        "3) Symptom Management and Rehab", "Bottom Line: Treatment Goals Are Different",
        "Living With ALS or MS: Practical Things That Actually Matter", "For ALS", "For MS",
        "FAQ: Quick Answers to Common Questions",
        "Real-World Experiences (What Patients and Families Often Describe)",
        "1) The \"Is This Just Stress?\" Phase",
        "2) The Diagnostic Odyssey (a.k.a. \"Why So Many Tests?\")",
        "3) The Emotional Whiplash Is Legit", "4) Adaptation Becomes a Skill (Not a Personality Trait)",
        "5) The Best Care Feels Like a Team Sport", "Conclusion"],
}


@pytest.fixture(scope="module")
def seed():
    """{source: (document, chunks)} for the seed corpus, cited as corpus/<file>."""
    documents, skipped = load_corpus(Path("corpus"))
    assert not skipped
    out, first = {}, 0
    for doc in documents:
        chunked = chunk_document(doc, first_id=first)
        first += len(chunked.chunks)
        out[doc.source] = (doc, chunked.chunks)
    return out


@pytest.fixture(scope="module", autouse=True)
def _seed_cwd():
    import os
    cwd = os.getcwd()
    os.chdir(SEED_CORPUS.parent)
    yield
    os.chdir(cwd)


def all_chunks(seed):
    return [c for _, chunks in seed.values() for c in chunks]


def test_every_chunk_and_sentence_is_its_raw_span(seed):
    count = 0
    for doc, chunks in seed.values():
        assert chunks
        for chunk in chunks:
            assert comparable(chunk.text) == comparable(doc.raw[chunk.start:chunk.end])
            assert chunk.sentences
            for sentence in chunk.sentences:
                assert chunk.start <= sentence.start < sentence.end <= chunk.end
                assert comparable(sentence.text) == comparable(doc.raw[sentence.start:sentence.end])
                count += 1
    assert count > 300


def test_chunk_ids_are_unique_and_ordered(seed):
    ids = [c.id for c in all_chunks(seed)]
    assert ids == list(range(len(ids)))


def test_no_page_chrome_reaches_any_chunk(seed):
    texts = "\n".join(c.text + "\n" + c.context for c in all_chunks(seed))
    for phrase in CHROME:
        assert phrase.lower() not in texts.lower(), phrase


def test_every_article_heading_is_in_a_chunk(seed):
    for name, headings in HEADINGS.items():
        doc, chunks = seed[f"corpus/{name}"]
        lines = {line for c in chunks for line in c.text.split("\n")}
        for heading in headings:
            assert heading in lines or heading == doc.title, (name, heading)


def test_myasthenia_gravis_is_one_section_under_its_heading(seed):
    _, chunks = seed[MIMICS]
    mg = [c for c in chunks if c.section == ("Myasthenia gravis",)]
    assert len(mg) == 1
    text = mg[0].text
    assert text.startswith("Myasthenia gravis\nMyasthenia gravis (MG) is a neuromuscular disorder")
    assert "repetitive nerve stimulation" in text
    assert "acetylcholinesterase inhibitors or immunosuppressive medications." in text
    assert "Multiple sclerosis" not in text


def test_table_rows_keep_their_header(seed):
    _, chunks = seed[ALS_VS_MS]
    rows = [c for c in chunks if "| Vision problems |" in c.text]
    assert len(rows) == 1
    assert "| Feature | ALS (Amyotrophic Lateral Sclerosis) | MS (Multiple Sclerosis) |" in rows[0].text
    assert "| Bladder/bowel issues | Not typical early | Common |" in rows[0].text
    assert rows[0].section == ("Symptoms: ALS vs. MS (What You Feel, What It Means)",)


def test_a_list_stays_with_the_line_that_introduces_it(seed):
    _, chunks = seed[MIMICS]
    [symptoms] = [c for c in chunks if "Common ALS symptoms include:" in c.text]
    for item in ["muscle weakness", "twitching", "difficulty swallowing (dysphagia)", "fatigue"]:
        assert f"\n{item}" in symptoms.text


def test_each_faq_question_and_its_answer_is_a_chunk_of_its_own(seed):
    # Five questions in one chunk embed as a blur of five: "Can MS turn into ALS?" is found
    # by its own passage.
    _, chunks = seed[ALS_VS_MS]
    faq = [c for c in chunks if c.section == ("FAQ: Quick Answers to Common Questions",)]
    assert [c.text.count("?") for c in faq] == [1] * 5
    assert "- Can MS turn into ALS?\n- No. They are different diseases." in faq[0].text


def test_an_faq_answer_too_long_for_one_chunk_is_split_like_any_list(tmp_path):
    long_answer = " ".join(f"Sentence number {k} of a long answer about fatigue." for k in range(120))
    path = tmp_path / "faq.md"
    path.write_text(f"# FAQ\n\n- Is it tiring?\n- {long_answer}\n- Is it painful?\n- Not usually.\n", encoding="utf-8")
    chunks = chunk_document(load_document(path)).chunks
    assert len(chunks) > 2 and all(estimate_tokens(c.embedding_text()) <= 256 for c in chunks)
    assert chunks[-1].text.endswith("- Is it painful?\n- Not usually.")


def test_a_chunk_never_straddles_two_sections(seed):
    for name, headings in HEADINGS.items():
        doc, chunks = seed[f"corpus/{name}"]
        for chunk in chunks:
            inside = [line for line in chunk.text.split("\n") if line in headings]
            assert set(inside) <= set(chunk.section) | {doc.title}, (chunk.section, inside)


def test_chunks_fit_the_encoder_window(seed):
    for chunk in all_chunks(seed):
        assert estimate_tokens(chunk.embedding_text()) <= 256


def test_hard_wrapped_lines_are_joined_into_sentences(seed):
    _, chunks = seed[ALS_VS_MS]
    sentences = [s.text for c in chunks for s in c.sentences]
    assert ("ALS is a progressive neurodegenerative disease that primarily damages the nerve cells "
            "that control voluntary muscles (motor neurons).") in sentences


def test_metadata_gives_title_publisher_and_date(seed):
    doc, chunks = seed["corpus/001_2f591b454a22b49c.txt"]
    assert doc.title.startswith("Is it ALS? Why These Symptoms Are Misunderstood")
    assert doc.meta == {"title": doc.title, "publisher": "Ubie Doctor's Note", "date": "2026-03-01"}
    assert all(c.title == doc.title for c in chunks)
