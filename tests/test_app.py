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
    load_index,
    page_html,
    status_line,
    take_turn,
    whole_document,
)

from conftest import running_app
from fakes import HashEmbedder

EXAMPLES = ["How is MG told apart from ALS?"]


def live_of(index):
    return index if isinstance(index, LiveIndex) else LiveIndex(index, log=lambda _: None)


def reply(index, message, conversation=None):
    """(the newest turn, the conversation) after `message`."""
    conversation = take_turn(live_of(index), message, conversation)
    return conversation.turns[-1], conversation


def test_answer_shows_cited_sentences_and_compact_sources(fake_index):
    turn, conversation = reply(fake_index, "myasthenia gravis repetitive nerve stimulation")
    text = turn.reply
    assert "repetitive nerve stimulation" in text
    assert '<button type="button" class="cite" data-n="1" aria-label="Source 1: What Conditions' in text
    # The source as one line (title — section · publisher), opening to the marked passage.
    assert "<summary><span class=\"n\">1</span> Myasthenia gravis — What Conditions Can Mimic ALS? · Daily8" in text
    assert "<mark>Doctors distinguish MG from ALS" in text
    # File names and offsets only inside "For checking".
    checking = text.split('<details class="check">')[1]
    assert "corpus/000_b01bdc2a4760374d.txt, characters" in checking
    assert text.count("corpus/000_") == 1
    assert 1 <= len(turn.options) <= 3 and all(o["value"].endswith("?") for o in turn.options)
    page = page_html(live_of(fake_index), conversation, EXAMPLES)
    assert "Not medical advice" in page and 'class="turn newest"' in page


def test_page_before_the_first_question_names_the_documents_and_examples(fake_index):
    page = page_html(live_of(fake_index), None, EXAMPLES)
    assert "What I answer from: 4 documents" in page and "<details class=\"documents\" open>" in page
    assert "Is it ALS? Why These Symptoms Are Misunderstood" in page   # from the index, not a list
    assert 'data-ask="How is MG told apart from ALS?"' in page
    assert "corpus/" not in page and "model" not in page


def test_newest_turn_comes_first(fake_index):
    _, conversation = reply(fake_index, "How is MG told apart from ALS?")
    _, conversation = reply(fake_index, "What are the early symptoms of ALS?", conversation)
    page = page_html(live_of(fake_index), conversation, EXAMPLES)
    assert page.index("What are the early symptoms of ALS?") < page.index("How is MG told apart")
    assert page.count('class="turn newest"') == 1


def test_copy_as_note_is_plain_text_with_numbered_references(fake_index):
    turn, _ = reply(fake_index, "myasthenia gravis repetitive nerve stimulation")
    note = turn.note
    assert note.startswith("Question: myasthenia gravis repetitive nerve stimulation\n")
    assert "- Doctors distinguish MG from ALS through specialized tests" in note and "[1]" in note
    assert "[1] Myasthenia gravis — What Conditions Can Mimic ALS? · Daily8" in note
    assert "<" not in note and "**" not in note and "Not medical advice" in note


def test_emergency_shows_the_banner_first_and_no_suggestions(fake_index):
    turn, conversation = reply(fake_index, "my dad suddenly can't breathe properly")
    assert turn.emergency
    assert turn.reply.startswith('<div class="emergency" role="alert"><p class="call">If this is happening now, '
                                 "call your local emergency number.</p>")
    page = page_html(live_of(fake_index), conversation, EXAMPLES)
    assert "Suggested next questions" not in page


def test_comparison_lines_up_by_aspect(fake_index):
    turn, _ = reply(fake_index, "How do doctors tell ALS and MS apart?")
    table = turn.reply.split('<table class="compare">')[1].split("</table>")[0]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>', table)
    assert rows and len(rows) == len(set(rows))          # one row per aspect
    assert all(cell.count("<td") == 2 for cell in table.split("<tr>")[2:])


def test_empty_question_gets_a_prompt(fake_index):
    assert "Please type a question" in reply(fake_index, "   \n ")[0].reply


def test_huge_question_gets_a_clear_limit(fake_index):
    assert "please keep it under 500 characters" in reply(fake_index, "why " * 5000)[0].reply


def test_document_text_is_shown_never_executed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.md").write_text(
        "# Evil <img src=x onerror=alert(1)>\n\nALS text <script>alert('x')</script> "
        "and [a link](javascript:alert(1)).\n", encoding="utf-8")
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    index = load_index(tmp_path / "index", embedder=embedder)
    turn, conversation = reply(index, "ALS text script alert")
    page = page_html(live_of(index), conversation, EXAMPLES)
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page
    whole = whole_document(live_of(index), conversation, 0, 1)
    assert "<script>" not in whole and "<img" not in whole and "&lt;script&gt;" in whole


def test_follow_up_keeps_the_question_shape_and_swaps_the_subject(fake_index):
    _, conversation = reply(fake_index, "How is MG told apart from ALS?")
    turn, conversation = reply(fake_index, "and what about MS?", conversation)
    assert turn.asked == "How is MS told apart from ALS?"
    assert "Understood as: How is MS told apart from ALS?" in page_html(live_of(fake_index), conversation, EXAMPLES)


def test_each_turn_opens_its_own_source_in_the_whole_document(fake_index):
    _, conversation = reply(fake_index, "myasthenia gravis repetitive nerve stimulation")
    _, conversation = reply(fake_index, "vitamin B12 deficiency", conversation)
    whole = whole_document(live_of(fake_index), conversation, 0, 1)     # the older turn's [1]
    assert '<div class="cited-passage">' in whole
    assert "<mark>Doctors distinguish MG" in whole.split('class="cited-passage"')[1]
    assert "Vitamin B12 deficiency" in whole        # the rest of the document is there too
    assert whole_document(live_of(fake_index), conversation, 0, 9) == ""
    assert whole_document(live_of(fake_index), conversation, 7, 1) == ""


def test_not_helpful_is_logged_with_what_the_user_saw_and_why(fake_live, tmp_path):
    conversation = take_turn(fake_live, "myasthenia gravis repetitive nerve stimulation", None)
    assert feedback_on(tmp_path / "data", conversation, 0, False, ["Wrong source", "<b>junk</b>"])
    assert not feedback_on(tmp_path / "data", conversation, 3, False)   # no such turn
    [line] = (tmp_path / "data" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["liked"] is False and record["reasons"] == ["Wrong source"]
    assert record["question"] == "myasthenia gravis repetitive nerve stimulation"
    assert "[1]" in record["answer"] and record["citations"][0]["source"].startswith("corpus/")
    assert record["answer"].split(" [1]")[0] in conversation.turns[0].reply


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
        message = newest_turn(client.predict("How is MG told apart from ALS?", api_name="/chat"))
        startup = app.log.read_text()
        assert "Index missing" in startup and "Building it now" in startup
        assert (tmp_path / "index" / "manifest.json").exists()
        assert "Myasthenia gravis" in message and "repetitive nerve stimulation" in message
        assert 'class="cite" data-n="1"' in message
        off_topic = newest_turn(client.predict("What is the best recipe for banana bread?",
                                               api_name="/chat"))
        assert "The sources here don't cover that." in off_topic


def newest_turn(result) -> str:
    """The newest turn of the conversation view the /chat API returns (HTML, newest first)."""
    view = result[0] if isinstance(result, (list, tuple)) else result
    assert "Not medical advice" in view
    return view.split('<article class="turn newest"')[1].split("</article>")[0]


def test_corrected_question_is_shown_to_the_user(fake_index):
    _, conversation = reply(fake_index, "hereditary spastic parapelgia")
    page = page_html(live_of(fake_index), conversation, EXAMPLES)
    assert "Read “parapelgia” as “paraplegia”." in page


def test_questions_wait_for_an_index_still_loading_and_hear_why_it_failed(fake_index):
    import threading

    from indexer.errors import IndexNotFound
    from indexer.live import LiveIndex

    release = threading.Event()

    def slow_load():
        release.wait(5)
        return fake_index

    live = LiveIndex.in_background(slow_load, fake_index.path)
    assert not live.ready
    assert PREPARING in page_html(live, None, EXAMPLES, wait=False)     # the first paint
    release.set()
    turn, _ = reply(live, "How is MG told apart from ALS?")
    assert live.ready and 'class="cite"' in turn.reply

    def broken_load():
        raise IndexNotFound("No index at index/ — run `python -m indexer build`")

    broken = LiveIndex.in_background(broken_load, fake_index.path)
    turn, _ = reply(broken, "How is MG told apart from ALS?")
    assert turn.reply.startswith("<p>The sources index is not available: No index at index/")
    assert turn.refs == () and turn.feedback is None
    assert "The sources index is not available: No index" in page_html(broken, None, EXAMPLES)


def test_a_chat_started_without_an_index_serves_one_built_later(corpus, tmp_path, fake_embedder):
    from indexer.errors import IndexNotFound
    from indexer.live import LiveIndex

    index_dir = tmp_path / "later"

    def load():   # what the chat's start-up does, with the fake model
        if not (index_dir / "manifest.json").exists():
            raise IndexNotFound(f"No index at {index_dir}/ — run `python -m indexer build`")
        return load_index(index_dir, embedder=fake_embedder)

    live = LiveIndex.in_background(load, index_dir, log=lambda _: None)
    turn, _ = reply(live, "How is MG told apart from ALS?")
    assert "not available: No index" in turn.reply

    build_index(corpus, index_dir, embedder=fake_embedder)       # the maintainer fixes it
    turn, _ = reply(live, "How is MG told apart from ALS?")
    assert 'class="cite"' in turn.reply and turn.refs


def test_an_empty_question_adds_no_turn_and_asks_for_one(fake_index):
    from indexer import respond
    view, conversation = respond(live_of(fake_index), "   ", None, EXAMPLES)
    assert conversation.turns == () and "Please type a question" in view
    _, conversation = respond(live_of(fake_index), "What is ALS?", conversation, EXAMPLES)
    view, after = respond(live_of(fake_index), "", conversation, EXAMPLES)
    assert after.turns == conversation.turns and "Please type a question" in view


def test_turn_numbers_stay_put_when_old_turns_leave(fake_index):
    """A button on the page names its turn: after the oldest turns are dropped, "whole
    article" and feedback still reach the turn the button was on."""
    from indexer.conversation import MAX_TURNS
    _, conversation = reply(fake_index, "myasthenia gravis repetitive nerve stimulation")
    for _ in range(MAX_TURNS + 3):
        _, conversation = reply(fake_index, "vitamin B12 deficiency", conversation)
    assert conversation.dropped == 4 and conversation.turn_at(0) is None     # the MG turn is gone
    number = conversation.number_of(len(conversation.turns) - 1)
    assert conversation.turn_at(number) is conversation.turns[-1]
    page = page_html(live_of(fake_index), conversation, EXAMPLES)
    assert f'data-turn="{number}"' in page and "The 4 oldest questions" in page
    assert whole_document(live_of(fake_index), conversation, 0, 1) == ""


def test_suggested_questions_read_as_questions(fake_index):
    for question in ("How is MG told apart from ALS?", "How is MS diagnosed?", "What are DMTs?"):
        turn, _ = reply(fake_index, question)
        for option in turn.options:
            assert not option["value"].startswith(("What do the sources say about for ", "How ALS Is"))
            assert option["value"].endswith("?")
