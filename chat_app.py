"""The chat in the browser: ask a question, get sentences quoted from the sources, each cited.

Thin on purpose: retrieval and rendering live in `indexer/`. On start it builds the index if
it is missing or stale (documents changed), then serves http://127.0.0.1:7860 by default.

    python chat_app.py [--host 127.0.0.1] [--port 7860] [--corpus corpus] [--index index]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from indexer import Index, IndexerError, ensure_index  # noqa: E402
from indexer.render import NOT_MEDICAL_ADVICE, answer_markdown  # noqa: E402

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


def answer(index: Index, message: str) -> str:
    question = " ".join((message or "").split())
    if not question:
        return "Please type a question, for example: *How is MG told apart from ALS?*"
    if len(question) > MAX_QUESTION_CHARS:
        return (f"That question is {len(question):,} characters long; please keep it under "
                f"{MAX_QUESTION_CHARS} characters (one question at a time works best).")
    return answer_markdown(index.answer(question), index.manifest["sources"])


def status_line(index: Index) -> str:
    m = index.manifest
    return (f"Index: {len(m['sources'])} documents · {m['counts']['chunks']} passages · "
            f"model {m['model']} · built {m['built_at']}")


def create_app(index: Index) -> gr.Blocks:
    with gr.Blocks(title="ALS sources chat") as app:
        gr.Markdown("## Ask the ALS sources\nAnswers are sentences quoted word for word from "
                    "four articles about ALS and the conditions that mimic it; each carries a "
                    "marker [n] for its source, shown below it with the sentence highlighted.\n\n"
                    f"**{NOT_MEDICAL_ADVICE}**")
        gr.ChatInterface(
            fn=lambda message, history: answer(index, message),
            chatbot=gr.Chatbot(height=560, label="Chat"),
            textbox=gr.Textbox(placeholder="How is MG told apart from ALS?",
                               max_length=MAX_QUESTION_CHARS, show_label=False),
            examples=EXAMPLES, cache_examples=False,
            concurrency_limit=CONCURRENCY_LIMIT, api_name="chat",
        )
        gr.Markdown(status_line(index))
    app.queue(max_size=QUEUE_MAX_SIZE, default_concurrency_limit=CONCURRENCY_LIMIT)
    return app


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Serve the cited chat.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument("--model", default=None, help="local sentence-transformers model folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        index = ensure_index(args.corpus, args.index, model=args.model,
                             log=lambda message: print(message, flush=True))
    except IndexerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(status_line(index), flush=True)
    create_app(index).launch(server_name=args.host, server_port=args.port,
                             allowed_paths=[], footer_links=["api"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
