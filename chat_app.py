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
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from indexer import (  # noqa: E402
    DEFAULT_CORPUS,
    DEFAULT_INDEX,
    MAX_QUESTION_CHARS,
    NO_SOURCE,
    NOT_MEDICAL_ADVICE,
    PREPARING,
    Conversation,
    Index,
    IndexerError,
    LiveIndex,
    RequestGuard,
    ensure_index,
    feedback_on,
    live_status,
    source_view,
    status_line,
    take_turn,
)

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


def respond(live: LiveIndex, message, conversation: Conversation | None):
    """One chat turn → (chat messages, conversation, sources for the picker, picker update)."""
    conversation, refs = take_turn(live, message, conversation)
    labels = [r["label"] for r in refs]
    return (conversation.messages(), conversation, refs,
            gr.update(choices=labels, value=labels[0] if labels else None))


def create_app(live: LiveIndex, data_dir: Path = Path("data")) -> gr.Blocks:
    """The page. Each request serves `live.current()`: a rebuilt index is picked up between
    requests, without a restart."""
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
        picker.change(lambda label, r: source_view(live.current(), label, r), [picker, refs], viewer,
                      api_visibility="private").then(None, None, None, js=SCROLL_TO_PASSAGE)

        def feedback(state, like: gr.LikeData) -> None:
            # A named function with a real annotation: Gradio passes LikeData by type hint.
            feedback_on(data_dir, state, like.index, like.liked)

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
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
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
