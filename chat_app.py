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
    MAX_RAW_QUESTION_CHARS,
    Conversation,
    Index,
    IndexerError,
    LiveIndex,
    RequestGuard,
    ensure_index,
    feedback_on,
    page_html,
    respond,
    static_text,
    status_line,
    whole_document,
)

# Two cores: more answers at once only wait for each other. One limit for every event that
# answers (typed, example, suggestion): they share the concurrency group ANSWERS.
CONCURRENCY_LIMIT = 2
ANSWERS = "answers"
QUEUE_MAX_SIZE = 64
# Sessions whose conversation the server keeps (Gradio drops the oldest beyond this): with
# MAX_TURNS bounded turns each, a few hundred MB at most.
SESSION_CAPACITY = 500
TITLE = "Ask the sources"
HEADER = ("<h1>{title}</h1><p>Answers are quoted word for word from the documents "
          "listed below, each with its source. Not medical advice.</p>")
PANEL_HINT = ('<div class="panel" id="panel-body" aria-live="polite"><p class="hint">Choose a '
              "source number [1] in an answer to read the passage it quotes, with the quoted "
              "words marked.</p></div>")


def create_app(live: LiveIndex, data_dir: Path = Path("data"), title: str = TITLE) -> gr.Blocks:
    """The page. Each request serves `live.current()`: a rebuilt index is picked up between
    requests, without a restart."""
    # delete_cache: Gradio's file cache is emptied hourly and at start (the chat makes no files;
    # this bounds anything that ever lands there).
    with gr.Blocks(title=title, delete_cache=(3600, 3600)) as app:
        gr.HTML(HEADER.format(title=html.escape(title)), elem_id="header")
        conversation = gr.State(Conversation())
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=300):
                # No 500-character cut in the browser: a longer question reaches the server,
                # which says how long it is (the raw cap only stops a pasted document).
                box = gr.Textbox(label="Your question", submit_btn="Ask", max_length=MAX_RAW_QUESTION_CHARS + 1,
                                 placeholder="Ask about anything the documents below cover", elem_id="question",
                                 lines=1)
                view = gr.HTML(page_html(live, None, wait=False), elem_id="chat",
                               js_on_load=static_text("chat.js"), apply_default_css=False)
            with gr.Column(scale=2, min_width=300, elem_id="panel-column"):
                panel = gr.HTML(PANEL_HINT, elem_id="source-panel", js_on_load=static_text("panel.js"),
                                apply_default_css=False)
        # The spinner covers the question box, never the conversation: a faded conversation
        # cannot be read while the next answer is on its way.
        answers = dict(concurrency_id=ANSWERS, concurrency_limit=CONCURRENCY_LIMIT, show_progress_on=box)

        def typed(message, state):
            view, state = respond(live, message, state)
            return view, state, ""

        def chip(state, selected: gr.SelectData):
            # Example and suggested questions: the same turn as a typed one.
            return respond(live, selected.value, state)

        def feedback(state, like: gr.LikeData) -> None:
            # Named functions with real annotations: Gradio passes event data by type hint.
            feedback_on(data_dir, state, like.index, like.liked, like.value)

        def whole(state, selected: gr.SelectData):
            turn, n = selected.index if isinstance(selected.index, list) and len(selected.index) == 2 else (None, None)
            body = whole_document(live, state, turn, n)
            return f'<div class="panel" id="panel-body">{body}</div>' if body else PANEL_HINT

        box.submit(typed, [box, conversation], [view, conversation, box], api_name="chat", **answers)
        view.select(chip, [conversation], [view, conversation], api_visibility="private", **answers)
        view.like(feedback, [conversation], None, api_visibility="private")
        panel.select(whole, [conversation], panel, api_visibility="private")
        # The first paint waits for the index like an answer does, so it shares their limit.
        app.load(lambda state: page_html(live, state), [conversation], view,
                 api_visibility="private", **{**answers, "show_progress": "hidden"})
    # api_open=False: no event runs outside the queue (RequestGuard refuses such POSTs too).
    app.queue(max_size=QUEUE_MAX_SIZE, default_concurrency_limit=CONCURRENCY_LIMIT, api_open=False)
    return app


LAUNCH_SETTINGS = dict(
    allowed_paths=[], footer_links=[], css=static_text("chat.css"), max_file_size=1,
    # System fonts: nothing to download, and the page looks the same offline.
    theme=gr.themes.Default(font=("system-ui", "Liberation Sans", "Arial", "sans-serif"),
                            font_mono=("ui-monospace", "DejaVu Sans Mono", "monospace")),
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
    parser.add_argument("--title", default=TITLE, help=f"the page's heading (default \"{TITLE}\")")
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
    app = create_app(live, args.data_dir, args.title)
    # The index loads once the server is up: on two cores, loading it while Gradio builds the
    # page and starts the server only delays the page.
    app.launch(prevent_thread_lock=True, server_name=args.host, server_port=args.port,
               **LAUNCH_SETTINGS)
    live.start()
    app.block_thread()
    return 0


if __name__ == "__main__":
    sys.exit(main())
