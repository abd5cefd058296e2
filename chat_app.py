"""The chat in the browser: ask a question, get sentences quoted from the sources, each cited.

Thin on purpose: retrieval, answers, the conversation, rendering, feedback and the HTTP limits
live in `indexer/`. It serves http://127.0.0.1:7860 at once and, on a thread, loads the index
(building it first if it is missing or stale); a question asked meanwhile waits for it.

    python chat_app.py [--host 127.0.0.1] [--port 7860] [--corpus corpus] [--index index]
                       [--data-dir data]

Serving rules (see indexer/serving.py and the README's Robustness section): every event runs
through Gradio's queue, all answer events share one limit of `CONCURRENCY_LIMIT` at a time,
the conversation is kept on the server (the browser never sends history back), and nothing
is uploaded.
"""

import argparse
import html
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from indexer import Index, IndexerError, ensure_index  # noqa: E402
from indexer.conversation import (MAX_QUESTION_CHARS, Conversation, Turn, check_question,  # noqa: E402
                                  echo)
from indexer.feedback import feedback_fields, record_feedback  # noqa: E402
from indexer.followup import suggestions  # noqa: E402
from indexer.live import LiveIndex  # noqa: E402
from indexer.render import NOT_MEDICAL_ADVICE, answer_markdown, document_html, source_label  # noqa: E402
from indexer.serving import RequestGuard  # noqa: E402

# Two cores: more answers at once only wait for each other. One limit for every event that
# answers (typed, example, suggestion): they share the concurrency group ANSWERS.
CONCURRENCY_LIMIT = 2
ANSWERS = "answers"
QUEUE_MAX_SIZE = 64
# Sessions whose conversation the server keeps (Gradio drops the oldest beyond this): with
# MAX_TURNS bounded turns each, a few hundred MB at most.
SESSION_CAPACITY = 500
EXAMPLES = [
    "How is MG told apart from ALS?",
    "What are the early symptoms of ALS?",
    "How do doctors tell ALS and MS apart?",
    "Can vitamin B12 deficiency look like ALS?",
]
CSS = """
#source-viewer { max-height: 640px !important; overflow-y: auto !important; border: 1px solid #ddd;
                 padding: 0 12px; }
#source-viewer .cited-passage { border-left: 4px solid #f0b400; padding-left: 8px; background: #fffbe6; }
#source-viewer mark { background: #ffe066; }
"""
SCROLL_TO_PASSAGE = """() => { const el = document.getElementById('cited-passage');
  if (el) el.scrollIntoView({block: 'center'}); }"""
SORRY = ("Sorry, something went wrong while answering. Please try again; if it keeps "
         "happening, the server log says why.")
NO_SOURCE = "<p>Open a numbered source of an answer to read it in its document.</p>"
log = logging.getLogger("chat")


def _picker(refs: list) -> dict:
    labels = [r["label"] for r in refs]
    return gr.update(choices=labels, value=labels[0] if labels else None)


def respond(index: Index | LiveIndex, message, conversation: Conversation | None):
    """One chat turn → (chat messages, conversation, sources for the picker, picker update).
    With a LiveIndex, the turn waits for the first index if it is still being prepared; an
    unexpected failure becomes a plain message (the traceback goes to the server log)."""
    conversation = conversation if isinstance(conversation, Conversation) else Conversation()
    checked = check_question(message)
    refs: list = []
    if checked.problem:
        turn = Turn(echo(message), "", checked.problem)
    else:
        try:
            current = index.current() if isinstance(index, LiveIndex) else index
            turn, refs = _answer_turn(current, checked.question, conversation)
        except IndexerError as exc:
            turn = Turn(echo(message), "", f"The sources index is not available: {exc}")
        except Exception:   # noqa: BLE001 — the edge: never show a traceback to a user
            log.exception("answering %r failed", checked.question)
            turn = Turn(echo(message), "", SORRY)
    conversation = conversation.with_turn(turn)
    return conversation.messages(), conversation, refs, _picker(refs)


def _answer_turn(index: Index, question: str, conversation: Conversation) -> tuple[Turn, list]:
    asked = conversation.understand(index, question)
    answer = index.answer(asked)
    text = answer_markdown(answer, index.manifest["sources"],
                           understood_as=asked if asked != question else None)
    options = tuple({"value": q, "label": q}
                    for q in suggestions(index, answer, [t.asked for t in conversation.turns
                                                         if t.asked] + [asked]))
    refs = [{"label": source_label(r), "source": r.chunk.source, "chunk": r.chunk.id,
             "quotes": [f.text for line in (*answer.urgent, *answer.lines,
                                            *(l for _, ls in answer.sides for l in ls))
                        if r.n in line.citations for f in line.fragments]}
            for r in answer.sources]
    fields = feedback_fields(question=question, asked=asked, answer=answer,
                             index_built_at=index.manifest["built_at"])
    return Turn(question, asked, text, fields, options), refs


def show_source(index: Index, label: str | None, refs: list) -> str:
    ref = next((r for r in refs or [] if r["label"] == label), None)
    if ref is None:
        return NO_SOURCE
    chunks = [c for c in index.chunks if c.source == ref["source"]]
    title = chunks[0].title if chunks else ref["source"]
    return (f"<h4>{html.escape(ref['label'])}</h4><p><small>{html.escape(ref['source'])} · "
            f"{html.escape(title)}</small></p>"
            + document_html(chunks, ref["chunk"], ref["quotes"]))


def on_feedback(data_dir: Path, conversation: Conversation | None, position, liked) -> bool:
    """Thumbs up/down on reply `position`: log what that reply showed (see indexer.feedback).
    Returns whether a line was written."""
    if isinstance(position, (list, tuple)):
        position = position[0] if position else None
    turn = conversation.turn_of_message(position) if isinstance(conversation, Conversation) else None
    if turn is None or turn.feedback is None:
        return False
    record_feedback(data_dir, turn.feedback, liked=bool(liked))
    return True


def status_line(index: Index) -> str:
    m = index.manifest
    return (f"Index: {len(m['sources'])} documents · {m['counts']['chunks']} passages · "
            f"model {m['model']} · built {m['built_at']}")


PREPARING = "Index: being prepared (a first start builds it); questions asked now wait for it."


def live_status(live: LiveIndex) -> str:
    """The status line once the index is ready (waits for it), or why there is none."""
    try:
        return status_line(live.current())
    except IndexerError as exc:
        return f"**Index unavailable:** {html.escape(str(exc))}"


def create_app(index: Index | LiveIndex, data_dir: Path = Path("data")) -> gr.Blocks:
    """The page. Each request serves `live.current()`: a rebuilt index is picked up between
    requests, without a restart."""
    live = index if isinstance(index, LiveIndex) else LiveIndex(index)
    # delete_cache: Gradio's file cache is emptied hourly and at start (the chat makes no files;
    # this bounds anything that ever lands there).
    with gr.Blocks(title="ALS sources chat", delete_cache=(3600, 3600)) as app:
        gr.Markdown("## Ask the ALS sources\nAnswers are sentences quoted word for word from "
                    "four articles about ALS and the conditions that mimic it; each carries a "
                    "marker [n] for its source, shown below it with the sentence highlighted.\n\n"
                    f"**{NOT_MEDICAL_ADVICE}**")
        conversation = gr.State(Conversation())
        refs = gr.State([])
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(height=620, label="Chat", feedback_options=("Like", "Dislike"),
                                     elem_id="chat", examples=[{"text": q} for q in EXAMPLES])
                box = gr.Textbox(placeholder="How is MG told apart from ALS?", submit_btn=True,
                                 max_length=MAX_QUESTION_CHARS, show_label=False, elem_id="question")
            with gr.Column(scale=2):
                picker = gr.Radio(label="Open a source in its document", choices=[],
                                  elem_id="source-picker")
                viewer = gr.HTML(NO_SOURCE, elem_id="source-viewer")

        turn_outputs = [chatbot, conversation, refs, picker]
        answers = dict(concurrency_id=ANSWERS, concurrency_limit=CONCURRENCY_LIMIT)

        def typed(message, state):
            return (*respond(live, message, state), "")

        def example(state, selected: gr.SelectData):
            value = selected.value
            return respond(live, value.get("text") if isinstance(value, dict) else value, state)

        def option(state, selected: gr.SelectData):
            return respond(live, selected.value, state)

        box.submit(typed, [box, conversation], [*turn_outputs, box], api_name="chat", **answers)
        chatbot.example_select(example, [conversation], turn_outputs, api_visibility="private",
                               **answers)
        chatbot.option_select(option, [conversation], turn_outputs, api_visibility="private",
                              **answers)
        picker.change(lambda label, r: show_source(live.current(), label, r), [picker, refs], viewer,
                      api_visibility="private").then(None, None, None, js=SCROLL_TO_PASSAGE)

        def feedback(state, like: gr.LikeData) -> None:
            # A named function with a real annotation: Gradio passes LikeData by type hint.
            on_feedback(data_dir, state, like.index, like.liked)

        chatbot.like(feedback, [conversation], None, api_visibility="private")
        status = gr.Markdown(status_line(live.current()) if live.ready else PREPARING)
        app.load(lambda: live_status(live), None, status, api_visibility="private")
    # api_open=False: no event runs outside the queue (RequestGuard refuses such POSTs too).
    app.queue(max_size=QUEUE_MAX_SIZE, default_concurrency_limit=CONCURRENCY_LIMIT, api_open=False)
    return app


LAUNCH_SETTINGS = dict(
    allowed_paths=[], footer_links=["api"], css=CSS, max_file_size=1,
    state_session_capacity=SESSION_CAPACITY,
    app_kwargs={"middleware": [Middleware(RequestGuard)]},
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Serve the cited chat.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument("--data-dir", type=Path, default=Path("data"),
                        help="where feedback.jsonl is written (default data/)")
    parser.add_argument("--model", default=None, help="local sentence-transformers model folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def load() -> Index:
        # On a thread, so the page is served at once; a first start builds the index here.
        say = lambda message: print(message, flush=True)  # noqa: E731
        try:
            index = ensure_index(args.corpus, args.index, model=args.model, log=say)
        except IndexerError as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)
            raise
        say(status_line(index))
        return index

    live = LiveIndex.in_background(load, args.index, log=lambda message: print(message, flush=True),
                                   start=False)
    app = create_app(live, args.data_dir)
    # The index loads once the server is up: on two cores, loading it while Gradio builds the
    # page and starts the server only delays the page.
    app.launch(prevent_thread_lock=True, server_name=args.host, server_port=args.port,
               **LAUNCH_SETTINGS)
    live.start()
    app.block_thread()
    return 0


if __name__ == "__main__":
    sys.exit(main())
