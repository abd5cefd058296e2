"""The chat: what a user sees for good, empty, huge and hostile input (indexer/chat.py, the
chat's logic without Gradio), and the served app."""

import json
import re

import pytest

from indexer import (
    PREPARING,
    LiveIndex,
    build_index,
    feedback_on,
    live_status,
    load_index,
    source_view,
    status_line,
    take_turn,
)

from conftest import running_app
from fakes import HashEmbedder


def reply(index, message, conversation=None):
    live = index if isinstance(index, LiveIndex) else LiveIndex(index, log=lambda _: None)
    conversation, refs = take_turn(live, message, conversation)
    messages = conversation.messages()
    return messages[-1]["content"], messages[-1].get("options", []), refs


def test_answer_shows_cited_sentences_sources_and_notice(fake_index):
    text, options, refs = reply(fake_index, "myasthenia gravis repetitive nerve stimulation")
    assert "repetitive nerve stimulation" in text and "**[1]**" in text
    assert "**[1] What Conditions Can Mimic ALS? — Myasthenia gravis**" in text
    assert "corpus/000\\_b01bdc2a4760374d\\.txt characters" in text
    assert "<mark>" in text          # the quoted sentence, highlighted in its passage
    assert "Not medical advice" in text
    assert refs[0]["label"].startswith("[1] What Conditions Can Mimic ALS?")
    assert 1 <= len(options) <= 3 and all(o["value"].endswith("?") for o in options)


def test_empty_question_gets_a_prompt(fake_index):
    assert "Please type a question" in reply(fake_index, "   \n ")[0]


def test_huge_question_gets_a_clear_limit(fake_index):
    assert "please keep it under 500 characters" in reply(fake_index, "why " * 5000)[0]


def test_document_text_is_shown_never_executed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.md").write_text(
        "# Evil <img src=x onerror=alert(1)>\n\nALS text <script>alert('x')</script> "
        "and [a link](javascript:alert(1)).\n", encoding="utf-8")
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    index = load_index(tmp_path / "index", embedder=embedder)
    text, _, refs = reply(index, "ALS text script alert")
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text
    assert "](javascript:" not in text
    viewer = source_view(index, refs[0]["label"], refs)
    assert "<script>" not in viewer and "<img" not in viewer and "&lt;script&gt;" in viewer


def test_follow_up_keeps_the_question_shape_and_swaps_the_subject(fake_index, fake_live):
    conversation, _ = take_turn(fake_live, "How is MG told apart from ALS?", None)
    text, _, _ = reply(fake_index, "and what about MS?", conversation)
    assert "Understood as: **How is MS told apart from ALS?**" in text


def test_opening_a_source_shows_its_whole_document_with_the_passage_marked(fake_index):
    _, _, refs = reply(fake_index, "myasthenia gravis repetitive nerve stimulation")
    viewer = source_view(fake_index, refs[0]["label"], refs)
    assert '<div id="cited-passage" class="cited-passage">' in viewer
    assert "<mark>" in viewer.split('id="cited-passage"')[1]
    assert "Vitamin B12 deficiency" in viewer        # the rest of the document is there too


def test_thumbs_down_is_logged_with_what_the_user_saw(fake_live, tmp_path):
    conversation, _ = take_turn(fake_live, "myasthenia gravis repetitive nerve stimulation", None)
    messages = conversation.messages()
    assert feedback_on(tmp_path / "data", conversation, 1, False)
    assert not feedback_on(tmp_path / "data", conversation, 0, False)   # a user message
    [line] = (tmp_path / "data" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["liked"] is False
    assert record["question"] == "myasthenia gravis repetitive nerve stimulation"
    assert "[1]" in record["answer"] and record["citations"][0]["source"].startswith("corpus/")
    assert record["answer"].split(" [1]")[0] in messages[1]["content"].replace("\\", "")


def test_status_line_counts_documents_and_chunks(fake_index):
    line = status_line(fake_index)
    assert re.match(r"Index: 4 documents · \d+ passages · model test/hash-embedder · built 20", line)


@pytest.mark.model
@pytest.mark.app
def test_served_app_builds_its_index_and_answers_over_http(corpus, tmp_path):
    """A first start with no index: it serves the page at once, builds the index on a thread,
    and answers the MG question (a question asked meanwhile waits for the index)."""
    from gradio_client import Client

    with running_app(tmp_path) as app:
        client = Client(app.url, verbose=False)
        message = last_reply(client.predict("How is MG told apart from ALS?", api_name="/chat"))
        startup = app.log.read_text()
        assert "Index missing" in startup and "Building it now" in startup
        assert (tmp_path / "index" / "manifest.json").exists()
        assert "Myasthenia gravis" in message and "repetitive nerve stimulation" in message
        assert "**[1]**" in message and "Not medical advice" in message
        off_topic = last_reply(client.predict("What is the best recipe for banana bread?",
                                              api_name="/chat"))
        assert "The sources here don't cover that." in off_topic


def last_reply(result) -> str:
    """The text of the last message in the chat the /chat API returns."""
    content = result[0][-1]["content"]
    return content if isinstance(content, str) else " ".join(p.get("text", "") for p in content)


def test_corrected_question_is_shown_to_the_user(fake_index):
    text, _, _ = reply(fake_index, "hereditary spastic parapelgia")
    assert "Searched for: hereditary spastic paraplegia" in text


def test_questions_wait_for_an_index_still_loading_and_hear_why_it_failed(fake_index):
    import threading

    from indexer.errors import IndexNotFound
    from indexer.live import LiveIndex

    release = threading.Event()

    def slow_load():
        release.wait(5)
        return fake_index

    live = LiveIndex.in_background(slow_load, fake_index.path)
    assert not live.ready and PREPARING.startswith("Index: being prepared")
    release.set()
    message, _, _ = reply(live, "How is MG told apart from ALS?")
    assert live.ready and "[1]" in message

    def broken_load():
        raise IndexNotFound("No index at index/ — run `python -m indexer build`")

    broken = LiveIndex.in_background(broken_load, fake_index.path)
    message, _, refs = reply(broken, "How is MG told apart from ALS?")
    assert message.startswith("The sources index is not available: No index at index/")
    assert refs == []
    assert live_status(broken).startswith("**Index unavailable:** No index")


def test_a_chat_started_without_an_index_serves_one_built_later(corpus, tmp_path, fake_embedder):
    from indexer.errors import IndexNotFound
    from indexer.live import LiveIndex

    index_dir = tmp_path / "later"

    def load():   # what the chat's start-up does, with the fake model
        if not (index_dir / "manifest.json").exists():
            raise IndexNotFound(f"No index at {index_dir}/ — run `python -m indexer build`")
        return load_index(index_dir, embedder=fake_embedder)

    live = LiveIndex.in_background(load, index_dir, log=lambda _: None)
    message, _, _ = reply(live, "How is MG told apart from ALS?")
    assert "not available: No index" in message

    build_index(corpus, index_dir, embedder=fake_embedder)       # the maintainer fixes it
    message, _, refs = reply(live, "How is MG told apart from ALS?")
    assert "[1]" in message and refs
