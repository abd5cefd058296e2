"""The chat: what a user sees for good, empty, huge and hostile input, and the served app."""

import os
import re
import socket
import subprocess
import sys
import time

import pytest

from conftest import REPO
from fakes import HashEmbedder
from indexer import build_index, load_index

sys.path.insert(0, str(REPO))
import chat_app  # noqa: E402


def test_answer_shows_cited_sentences_sources_and_notice(fake_index):
    text = chat_app.answer(fake_index, "myasthenia gravis repetitive nerve stimulation")
    assert "repetitive nerve stimulation" in text and "**[1]**" in text
    assert "**[1] What Conditions Can Mimic ALS? — Myasthenia gravis**" in text
    assert "`corpus/000_b01bdc2a4760374d.txt` characters" in text
    assert "<mark>" in text          # the quoted sentence, highlighted in its passage
    assert "Not medical advice" in text


def test_empty_question_gets_a_prompt(fake_index):
    assert "Please type a question" in chat_app.answer(fake_index, "   \n ")


def test_huge_question_gets_a_clear_limit(fake_index):
    text = chat_app.answer(fake_index, "why " * 5000)
    assert "please keep it under 500 characters" in text


def test_document_text_is_shown_never_executed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.md").write_text(
        "# Evil <img src=x onerror=alert(1)>\n\nALS text <script>alert('x')</script> "
        "and [a link](javascript:alert(1)).\n", encoding="utf-8")
    embedder = HashEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    text = chat_app.answer(load_index(tmp_path / "index", embedder=embedder), "ALS text script alert")
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text
    assert "](javascript:" not in text


def test_status_line_counts_documents_and_chunks(fake_index):
    line = chat_app.status_line(fake_index)
    assert re.match(r"Index: 4 documents · \d+ passages · model test/hash-embedder · built 20", line)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.model
def test_served_app_builds_its_index_and_answers_over_http(corpus, tmp_path):
    """A first start with no index: it builds one, serves on 127.0.0.1, answers the MG question."""
    from gradio_client import Client

    port = free_port()
    log = open(tmp_path / "app.log", "w")
    app = subprocess.Popen([sys.executable, str(REPO / "chat_app.py"), "--port", str(port)],
                           cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                           env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)})
    try:
        deadline = time.monotonic() + 240
        while "Running on" not in (tmp_path / "app.log").read_text():
            assert app.poll() is None, (tmp_path / "app.log").read_text()
            assert time.monotonic() < deadline, "app did not start in 240 s"
            time.sleep(0.5)
        startup = (tmp_path / "app.log").read_text()
        assert "Index missing" in startup and "Building it now" in startup
        assert (tmp_path / "index" / "manifest.json").exists()
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        reply = client.predict("How is MG told apart from ALS?", api_name="/chat")
        assert "Myasthenia gravis" in reply and "repetitive nerve stimulation" in reply
        assert "**[1]**" in reply and "Not medical advice" in reply
        off_topic = client.predict("What is the best recipe for banana bread?", api_name="/chat")
        assert "The sources here don't cover that." in off_topic
    finally:
        app.terminate()
        app.wait(timeout=30)
        log.close()


def test_corrected_question_is_shown_to_the_user(fake_index):
    text = chat_app.answer(fake_index, "hereditary spastic parapelgia")
    assert "Searched for: hereditary spastic paraplegia" in text
