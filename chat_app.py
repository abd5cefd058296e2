"""The chat in the browser: ask a question, get sentences quoted from the sources, each cited.

Thin on purpose: retrieval, answers, follow-ups, rendering and feedback live in `indexer/`.
It serves http://127.0.0.1:7860 at once and, on a thread, loads the index (building it first if
it is missing or stale); a question asked meanwhile waits for it.

    python chat_app.py [--host 127.0.0.1] [--port 7860] [--corpus corpus] [--index index]
                       [--data-dir data]
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

from indexer import Index, IndexerError, ensure_index  # noqa: E402
from indexer.live import LiveIndex  # noqa: E402
from indexer.textmap import normalize  # noqa: E402
from indexer.feedback import record_feedback  # noqa: E402
from indexer.followup import rewrite_follow_up, suggestions  # noqa: E402
from indexer.render import (NOT_MEDICAL_ADVICE, answer_markdown, document_html,  # noqa: E402
                            source_label)

# Long enough for any real question (the longest of our eval set is ~120 characters),
# short enough that a pasted document does not become a 256-token query.
MAX_QUESTION_CHARS = 500
CONCURRENCY_LIMIT = 2   # two cores: more parallel encodes only queue inside torch
QUEUE_MAX_SIZE = 64
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


def _text(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content or "")


def effective_questions(index: Index, user_messages: list[str]) -> list[str]:
    """Each user message as the question it stands for (follow-ups rewritten in turn)."""
    out: list[str] = []
    for message in user_messages:
        out.append(rewrite_follow_up(index, message, out[-1] if out else None) or message)
    return out


def clean_question(message) -> str:
    """The question as searched: Unicode NFKC (full-width and decomposed forms folded), control
    and bidi-override characters removed, whitespace collapsed."""
    return normalize(message if isinstance(message, str) else "")


SORRY = ("Sorry, something went wrong while answering. Please try again; if it keeps "
         "happening, the server log says why.")
log = logging.getLogger("chat")


def respond(index: Index | LiveIndex, message: str, history: list) -> tuple[dict, list, dict]:
    """One chat turn; an unexpected failure becomes a plain message (the traceback is logged).
    With a LiveIndex, the turn waits for the first index if it is still being prepared."""
    try:
        if isinstance(index, LiveIndex):
            index = index.current()
    except IndexerError as exc:
        return ({"role": "assistant", "content": f"The sources index is not available: {exc}"}, [],
                gr.update(choices=[], value=None))
    try:
        return _respond(index, message, history)
    except Exception:   # noqa: BLE001 — the edge: never show a traceback to a user
        log.exception("answering %r failed", message)
        return {"role": "assistant", "content": SORRY}, [], gr.update(choices=[], value=None)


def _respond(index: Index, message: str, history: list) -> tuple[dict, list, dict]:
    """One chat turn: the reply (with 3 suggested questions), the sources for the picker."""
    question = clean_question(message)
    if not question:
        return {"role": "assistant", "content": "Please type a question, for example: *How is MG told apart from ALS?*"}, [], gr.update(choices=[], value=None)
    if len(question) > MAX_QUESTION_CHARS:
        return ({"role": "assistant", "content": f"That question is {len(question):,} characters long; please keep it under "
                 f"{MAX_QUESTION_CHARS} characters (one question at a time works best)."}, [],
                gr.update(choices=[], value=None))
    users = [_text(m.get("content")) for m in history or [] if isinstance(m, dict) and m.get("role") == "user"]
    asked = effective_questions(index, [clean_question(u) for u in users] + [question])
    answer = index.answer(asked[-1])
    text = answer_markdown(answer, index.manifest["sources"],
                           understood_as=asked[-1] if asked[-1] != question else None)
    options = [{"value": q, "label": q} for q in suggestions(index, answer, asked)]
    refs = [{"label": source_label(r), "source": r.chunk.source, "chunk": r.chunk.id,
             "quotes": [f.text for line in (*answer.urgent, *answer.lines,
                                            *(l for _, ls in answer.sides for l in ls))
                        if r.n in line.citations for f in line.fragments]}
            for r in answer.sources]
    labels = [r["label"] for r in refs]
    return ({"role": "assistant", "content": text, "options": options}, refs,
            gr.update(choices=labels, value=labels[0] if labels else None))


def show_source(index: Index, label: str | None, refs: list) -> str:
    ref = next((r for r in refs or [] if r["label"] == label), None)
    if ref is None:
        return "<p>Open a numbered source of an answer to read it in its document.</p>"
    chunks = [c for c in index.chunks if c.source == ref["source"]]
    title = chunks[0].title if chunks else ref["source"]
    return (f"<h4>{html.escape(label)}</h4><p><small>{html.escape(ref['source'])} · "
            f"{html.escape(title)}</small></p>"
            + document_html(chunks, ref["chunk"], ref["quotes"]))


def on_feedback(index: Index, data_dir: Path, history: list, like: gr.LikeData) -> None:
    """Thumbs up/down: log the question, the answer and its cited spans (see indexer.feedback)."""
    position = like.index if isinstance(like.index, int) else like.index[0]
    users = [(k, clean_question(_text(m["content"]))) for k, m in enumerate(history[:position])
             if m.get("role") == "user"]
    if not users:
        return
    asked = effective_questions(index, [u for _, u in users])
    record_feedback(data_dir, liked=bool(like.liked), question=users[-1][1], asked=asked[-1],
                    answer=index.answer(asked[-1]), index_built_at=index.manifest["built_at"])


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
    with gr.Blocks(title="ALS sources chat") as app:
        gr.Markdown("## Ask the ALS sources\nAnswers are sentences quoted word for word from "
                    "four articles about ALS and the conditions that mimic it; each carries a "
                    "marker [n] for its source, shown below it with the sentence highlighted.\n\n"
                    f"**{NOT_MEDICAL_ADVICE}**")
        refs = gr.State([])
        picker = gr.Radio(label="Open a source in its document", choices=[], render=False,
                          elem_id="source-picker")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(height=620, label="Chat", feedback_options=("Like", "Dislike"),
                                     elem_id="chat")
                gr.ChatInterface(
                    fn=lambda message, history: respond(live, message, history),
                    chatbot=chatbot,
                    textbox=gr.Textbox(placeholder="How is MG told apart from ALS?",
                                       max_length=MAX_QUESTION_CHARS, show_label=False,
                                       elem_id="question"),
                    additional_outputs=[refs, picker],
                    examples=EXAMPLES, cache_examples=False,
                    concurrency_limit=CONCURRENCY_LIMIT, api_name="chat",
                )
            with gr.Column(scale=2):
                picker.render()
                viewer = gr.HTML("<p>Open a numbered source of an answer to read it in its "
                                 "document.</p>", elem_id="source-viewer")
        picker.change(lambda label, r: show_source(live.current(), label, r), [picker, refs], viewer,
                      api_visibility="private").then(None, None, None, js=SCROLL_TO_PASSAGE)
        def feedback(history: list, like: gr.LikeData) -> None:
            # A named function with a real annotation: Gradio passes LikeData by type hint.
            on_feedback(live.current(), data_dir, history, like)

        chatbot.like(feedback, [chatbot], None, api_visibility="private")
        status = gr.Markdown(status_line(live.current()) if live.ready else PREPARING)
        app.load(lambda: live_status(live), None, status, api_visibility="private")
    app.queue(max_size=QUEUE_MAX_SIZE, default_concurrency_limit=CONCURRENCY_LIMIT)
    return app


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
               allowed_paths=[], footer_links=["api"], css=CSS)
    live.start()
    app.block_thread()
    return 0


if __name__ == "__main__":
    sys.exit(main())
