"""The chat's logic, without Gradio: one turn of a conversation, a source opened in its
document, a thumbs up/down on a reply. `chat_app.py` only wires these to the page.

    take_turn(live, message, conversation) -> (conversation, refs)

A turn checks the message (conversation.check_question), understands it against the
conversation (a follow-up rewritten), answers it (answering.answer), renders the reply
(render.answer_markdown), suggests next questions, and keeps what a thumbs up/down on it will
record. An unexpected failure becomes a plain sentence; the traceback goes to the log.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from .answering import answer
from .conversation import Conversation, Turn, check_question, echo, suggestions
from .errors import IndexerError
from .feedback import feedback_fields, record_feedback
from .render import answer_markdown, document_html, source_label

SORRY = ("Sorry, something went wrong while answering. Please try again; if it keeps "
         "happening, the server log says why.")
NO_SOURCE = "<p>Open a numbered source of an answer to read it in its document.</p>"
log = logging.getLogger("chat")


def take_turn(live, message, conversation: Conversation | None) -> tuple[Conversation, list[dict]]:
    """The conversation with this turn added, and the reply's numbered sources as
    {"label", "source", "chunk", "quotes"} for the source viewer. `live` is a LiveIndex: the
    turn waits for the first index if it is still being prepared."""
    conversation = conversation if isinstance(conversation, Conversation) else Conversation()
    checked = check_question(message)
    refs: list[dict] = []
    if checked.problem:
        turn = Turn(echo(message), "", checked.problem)
    else:
        try:
            turn, refs = _answer_turn(live.current(), checked.question, conversation)
        except IndexerError as exc:
            turn = Turn(echo(message), "", f"The sources index is not available: {exc}")
        except Exception:   # noqa: BLE001 — the edge: never show a traceback to a user
            log.exception("answering %r failed", checked.question)
            turn = Turn(echo(message), "", SORRY)
    return conversation.with_turn(turn), refs


def _answer_turn(index, question: str, conversation: Conversation) -> tuple[Turn, list[dict]]:
    asked = conversation.understand(index, question)
    reply = answer(index, asked)
    text = answer_markdown(reply, index.manifest.sources,
                           understood_as=asked if asked != question else None)
    options = tuple({"value": q, "label": q}
                    for q in suggestions(index, reply, [*conversation.asked, asked]))
    quotes = reply.quotes_by_source()
    refs = [{"label": source_label(r), "source": r.chunk.source, "chunk": r.chunk.id,
             "quotes": quotes.get(r.n, [])} for r in reply.sources]
    fields = feedback_fields(question=question, asked=asked, answer=reply,
                             index_built_at=index.manifest.built_at)
    return Turn(question, asked, text, fields, options), refs


def source_view(index, label: str | None, refs: list) -> str:
    """The source `label` names (one of `refs`), as its whole document with the passage framed
    and the quotes marked; a hint when none is chosen."""
    ref = next((r for r in refs or [] if r["label"] == label), None)
    if ref is None:
        return NO_SOURCE
    chunks = [c for c in index.chunks if c.source == ref["source"]]
    title = chunks[0].title if chunks else ref["source"]
    return (f"<h4>{html.escape(ref['label'])}</h4><p><small>{html.escape(ref['source'])} · "
            f"{html.escape(title)}</small></p>"
            + document_html(chunks, ref["chunk"], ref["quotes"]))


def feedback_on(data_dir: Path, conversation: Conversation | None, position, liked) -> bool:
    """Thumbs up/down on chat message `position`: log what that reply showed (feedback.py).
    Returns whether a line was written (not for a user message or an unknown position)."""
    if isinstance(position, (list, tuple)):
        position = position[0] if position else None
    turn = conversation.turn_of_message(position) if isinstance(conversation, Conversation) else None
    if turn is None or turn.feedback is None:
        return False
    record_feedback(data_dir, turn.feedback, liked=bool(liked))
    return True


PREPARING = "Index: being prepared (a first start builds it); questions asked now wait for it."


def status_line(index) -> str:
    m = index.manifest
    return (f"Index: {len(m.sources)} documents · {m.counts['chunks']} passages · "
            f"model {m.model} · built {m.built_at}")


def live_status(live) -> str:
    """The status line once the index is ready (waits for it), or why there is none."""
    try:
        return status_line(live.current())
    except IndexerError as exc:
        return f"**Index unavailable:** {html.escape(str(exc))}"
