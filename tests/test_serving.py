"""The chat server under hostile requests (issue 12, items 1–3): one request cannot freeze it,
nothing runs outside the queue, nothing is uploaded, no file is copied out.

The served tests run the real app in this process on a free 127.0.0.1 port, over the fake
index, and talk to it with plain HTTP and gradio_client."""

import json
import os
import sys
import time
import urllib.error
import urllib.request

import pytest

from indexer import feedback_on, take_turn
from indexer.conversation import ECHO_CHARS, MAX_RAW_QUESTION_CHARS, MAX_TURNS, Conversation, check_question

from conftest import REPO, free_port

# Quadratic versions of the question path took 10 s at 30,000 characters (minutes at this size);
# linear ones take well under a second. The bound only says "did not hang".
HUGE = 200_000
HANG = 10.0


def _finishes(function, *args) -> float:
    began = time.perf_counter()
    function(*args)
    return time.perf_counter() - began


@pytest.mark.parametrize("payload", [
    "what about " + "!" * HUGE + "x", "and " * (HUGE // 4), "sudden " * (HUGE // 7),
    "weak " * (HUGE // 5), "tell " * (HUGE // 5), "a" * HUGE, "Abc" * (HUGE // 3),
], ids=["what-about-bangs", "ands", "suddens", "weaks", "tells", "one-word", "camel-runs"])
def test_no_step_of_the_question_path_is_worse_than_linear(fake_index, payload):
    """Item 1: every regex and word splitter a question meets, on 200,000 characters of it."""
    from indexer.understanding import follow_up_subject, is_emergency, question_shape
    for step in (follow_up_subject, is_emergency, question_shape,
                 fake_index.vocabulary.split_run_together, fake_index.prepare, fake_index.topics.named):
        assert _finishes(step, payload) < HANG, step


def test_a_huge_message_is_refused_before_it_is_normalised(monkeypatch):
    """Item 1: a 10M-character non-ASCII paste cost 17 s and 700 MB before it was refused."""
    import indexer.conversation as conversation
    seen = []
    real = conversation.normalize
    monkeypatch.setattr(conversation, "normalize", lambda text: seen.append(len(text)) or real(text))
    checked = check_question("é" * 10_000_000)
    assert "10,000,000 characters long" in checked.problem and not checked.question
    assert not seen or max(seen) <= MAX_RAW_QUESTION_CHARS


def test_history_is_bounded_in_turns_and_size(fake_live):
    """Item 1: the conversation lives on the server, MAX_TURNS turns of bounded size."""
    conversation = None
    for k in range(MAX_TURNS + 15):
        message = "what about " + "!" * 30_000 + "x" if k % 3 == 0 else "myasthenia gravis tests"
        conversation = take_turn(fake_live, message, conversation)
    assert len(conversation.turns) == MAX_TURNS
    assert max(len(t.typed) for t in conversation.turns) <= ECHO_CHARS + 2
    assert all(len(t.asked) <= 500 for t in conversation.turns)


def test_feedback_records_the_turn_shown_without_re_answering(fake_live, tmp_path, monkeypatch):
    """Item 1: the feedback handler reads the stored turn; it never re-runs the question path."""
    import indexer.chat as chat
    conversation = take_turn(fake_live, "myasthenia gravis tests", None)
    monkeypatch.setattr(chat, "answer", lambda *a, **k: pytest.fail("re-answered"))
    assert feedback_on(tmp_path, conversation, 0, True)
    assert not feedback_on(tmp_path, conversation, 10 ** 9, True)
    assert not feedback_on(tmp_path, Conversation(), 1, True)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app over the fake index, in this process; its working directory holds a feedback
    file and an index that must never be served as files."""
    from indexer import LiveIndex, build_index, load_index
    sys.path.insert(0, str(REPO))
    import chat_app
    from conftest import SEED_CORPUS
    from fakes import HashEmbedder

    root = tmp_path_factory.mktemp("served")
    cache = root / "gradio-cache"
    old_cwd, old_temp = os.getcwd(), os.environ.get("GRADIO_TEMP_DIR")
    os.chdir(root)
    os.environ["GRADIO_TEMP_DIR"] = str(cache)
    import shutil
    shutil.copytree(SEED_CORPUS, root / "corpus")
    (root / "data").mkdir()
    (root / "data" / "feedback.jsonl").write_text('{"secret": 1}\n', encoding="utf-8")
    embedder = HashEmbedder()
    build_index(root / "corpus", root / "index", embedder=embedder)
    live = LiveIndex(load_index(root / "index", embedder=embedder), log=lambda _: None)
    app = chat_app.create_app(live, root / "data")
    port = free_port()
    app.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port,
               quiet=True, **chat_app.LAUNCH_SETTINGS)
    try:
        yield app, f"http://127.0.0.1:{port}/", root, cache, chat_app
    finally:
        app.close()
        os.chdir(old_cwd)
        if old_temp is None:
            os.environ.pop("GRADIO_TEMP_DIR", None)
        else:
            os.environ["GRADIO_TEMP_DIR"] = old_temp


REFUSED_MID_BODY = 0   # the server answered and closed before the client finished sending


def _post(url: str, body: bytes, content_type: str = "application/json") -> int:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, ConnectionError) as exc:
        if isinstance(getattr(exc, "reason", exc), ConnectionError):
            return REFUSED_MID_BODY
        raise


@pytest.mark.parametrize("path", ["gradio_api/run/chat", "gradio_api/run/predict", "gradio_api/api/chat",
                                  "run/predict", "api/chat", "gradio_api/run/chat/"])
@pytest.mark.app
def test_direct_posts_cannot_skip_the_queue(served, path):
    """Item 2: POST /gradio_api/run/chat was answered outside the queue and its limit."""
    _, url, _, _, _ = served
    body = json.dumps({"data": ["How is MG told apart from ALS?"], "fn_index": 0}).encode()
    assert _post(url + path, body) in (403, 404)


@pytest.mark.app
def test_every_event_is_queued_and_answers_share_one_limit(served):
    """Item 2: one concurrency group of CONCURRENCY_LIMIT for every event that answers."""
    app, _, _, _, chat_app = served
    functions = [f for f in app.fns.values() if f.fn is not None]
    assert functions and all(f.queue for f in functions)
    answering = [f for f in functions if any(getattr(o, "elem_id", None) == "chat" for o in f.outputs)]
    assert len(answering) == 3                      # typed, a chip (example/suggestion), page load
    assert {f.concurrency_id for f in answering} == {chat_app.ANSWERS}
    assert {f.concurrency_limit for f in answering} == {chat_app.CONCURRENCY_LIMIT}
    assert not any(getattr(i, "elem_id", None) == "chat" for f in functions for i in f.inputs)


@pytest.mark.app
def test_uploads_are_refused_and_nothing_is_stored(served):
    """Item 3: /gradio_api/upload stored 1 GiB in 4 s."""
    _, url, _, cache, _ = served
    boundary = "xyz"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.bin\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + b"\0" * 2_000_000 + \
        f"\r\n--{boundary}--\r\n".encode()
    for path in ("gradio_api/upload", "upload", "gradio_api/process_recording"):
        assert _post(url + path, body, f"multipart/form-data; boundary={boundary}") in \
            (403, 404, 413, REFUSED_MID_BODY)
    stored = [p for p in cache.rglob("*") if p.is_file()] if cache.exists() else []
    assert not any(p.stat().st_size >= 1_000_000 for p in stored)


@pytest.mark.app
def test_oversized_bodies_are_refused(served):
    _, url, _, _, _ = served
    assert _post(url + "gradio_api/queue/join", b"{" + b" " * 1_000_000 + b"}") in \
        (413, REFUSED_MID_BODY)


@pytest.mark.app
def test_the_chat_api_answers_and_no_working_file_reaches_the_public_cache(served):
    """Items 2–3: the queue serves answers; a message shaped like a file reference (the way a
    Chatbot "file" message named feedback.jsonl or the index) copies nothing into the cache."""
    from gradio_client import Client
    _, url, root, cache, _ = served
    client = Client(url, verbose=False)
    view = client.predict("myasthenia gravis tests", api_name="/chat")[0]
    assert "Not medical advice" in view and 'class="turn newest"' in view
    for path in ("data/feedback.jsonl", str(root / "index" / "manifest.json")):
        file_like = {"path": path, "meta": {"_type": "gradio.FileData"}, "orig_name": "x"}
        body = json.dumps({"data": [file_like, None], "fn_index": 0, "session_hash": "attacker",
                           "event_data": None, "trigger_id": None}).encode()
        _post(url + "gradio_api/queue/join", body)
    time.sleep(1)
    names = {p.name for p in cache.rglob("*")} if cache.exists() else set()
    assert not names & {"feedback.jsonl", "manifest.json", "chunks.jsonl"}
