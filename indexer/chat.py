"""The chat's logic, without Gradio: one turn of a conversation, the page it shows, a source
in its whole document, a thumbs up/down on a reply. `chat_app.py` only wires these to the page.

    take_turn(live, message, conversation) -> conversation

A turn checks the message (conversation.check_question), understands it against the
conversation (a follow-up rewritten), answers it (answering.answer), renders the reply
(render.answer_html, render.note_text), suggests next questions, and keeps what a thumbs
up/down on it will record. An unexpected failure becomes a plain sentence; the traceback goes
to the log.
"""

from __future__ import annotations

import html
import logging
import weakref
from pathlib import Path

from .answering import answer
from .conversation import EMPTY_PROMPT, Conversation, Turn, check_question, echo, suggestions
from .errors import IndexerError
from .examples import example_questions
from .feedback import feedback_fields, record_feedback
from .page import FEEDBACK_REASONS, conversation_html, document_items
from .render import answer_html, document_html, note_text

SORRY = ("Sorry, something went wrong while answering. Please try again; if it keeps "
         "happening, the server log says why.")
PREPARING = "The sources are being prepared (the first start builds the index); questions asked now wait."
log = logging.getLogger("chat")


def _plain(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def respond(live, message, conversation: Conversation | None, examples=None) -> tuple[str, Conversation]:
    """The page after `message` and the conversation: an empty message adds no turn (the page
    asks for a question instead), anything else a turn (`take_turn`)."""
    conversation = conversation if isinstance(conversation, Conversation) else Conversation()
    if check_question(message).problem == EMPTY_PROMPT:
        return page_html(live, conversation, examples, notice=EMPTY_PROMPT.replace("*", "")), conversation
    conversation = take_turn(live, message, conversation)
    return page_html(live, conversation, examples), conversation


def take_turn(live, message, conversation: Conversation | None) -> Conversation:
    """The conversation with this turn added. `live` is a LiveIndex: the turn waits for the
    first index if it is still being prepared."""
    conversation = conversation if isinstance(conversation, Conversation) else Conversation()
    checked = check_question(message)
    if checked.problem:
        turn = Turn(echo(message), "", _plain(checked.problem.replace("*", "")))
    else:
        try:
            turn = _answer_turn(live.current(), checked.question, conversation)
        except IndexerError as exc:
            turn = Turn(echo(message), "", _plain(f"The sources index is not available: {exc}"))
        except Exception:   # noqa: BLE001 — the edge: never show a traceback to a user
            log.exception("answering %r failed", checked.question)
            turn = Turn(echo(message), "", _plain(SORRY))
    return conversation.with_turn(turn)


def _answer_turn(index, question: str, conversation: Conversation) -> Turn:
    asked = conversation.understand(index, question)
    reply = answer(index, asked)
    sources = index.manifest.sources
    options = tuple({"value": q, "label": q}
                    for q in suggestions(index, reply, [*conversation.asked, asked]))
    quotes = reply.quotes_by_source()
    refs = tuple({"n": r.n, "source": r.chunk.source, "chunk": r.chunk.id, "quotes": quotes.get(r.n, [])}
                 for r in reply.sources)
    fields = feedback_fields(question=question, asked=asked, answer=reply,
                             index_built_at=index.manifest.built_at)
    shown = answer_html(reply, sources, index.definitions, index.definition_pattern)
    return Turn(question, asked, shown, fields, options, note_text(asked, reply, sources), refs,
                reply.corrections, bool(reply.urgent))


def page_html(live, conversation: Conversation | None, examples=None, *, wait: bool = True,
              notice: str = "") -> str:
    """The conversation view, with `notice` on top if given. Without `wait`, an index still
    being prepared shows a notice instead of waiting for it (the first paint of the page).
    `examples`: None for the served corpus's own (examples.py)."""
    conversation = conversation if isinstance(conversation, Conversation) else Conversation()
    sources = document_list = None
    if wait or live.ready:
        try:
            index = live.current()
            sources = index.manifest.sources
            corpus_examples, document_list = _page_parts(index)
            if examples is None:
                examples = corpus_examples
        except IndexerError as exc:
            notice = f"The sources index is not available: {exc}"
    else:
        notice = PREPARING
    return conversation_html(conversation, sources=sources, examples=examples or [], notice=notice,
                             document_list=document_list)


# Per served index, what every page paint shows and only the index decides: the example
# questions and "What I answer from" (on MedQuAD 21 ms to work out, then 0.02 ms; a paint is per
# request). Weak keys: a replaced index takes its entry with it.
_PAGE_PARTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _page_parts(index) -> tuple[list[str], str]:
    parts = _PAGE_PARTS.get(index)
    if parts is None:
        parts = _PAGE_PARTS[index] = (example_questions(index), document_items(index.manifest.sources))
    return parts


def whole_document(live, conversation: Conversation | None, turn_position, n) -> str:
    """Source `n` of turn `turn_position` in its whole document (the passage framed, the
    quotes marked), or "" if there is no such source."""
    turn = conversation.turn_at(turn_position) if isinstance(conversation, Conversation) else None
    ref = next((r for r in (turn.refs if turn else ()) if r["n"] == n), None)
    if ref is None:
        return ""
    try:
        index = live.current()
        first, count = index.document_chunks.get(ref["source"], (0, 0))
        chunks = index.chunks.range_of(first, count)      # read by id: 5,000 documents or 5
    except IndexerError as exc:
        return _plain(f"The sources index is not available: {exc}")
    title = html.escape(chunks[0].title if chunks else "")
    return (f'<div class="whole"><p class="where">[{n}] {title} — the whole article, the '
            f'passage framed</p>{document_html(chunks, ref["chunk"], ref["quotes"])}</div>')


def feedback_on(data_dir: Path, conversation: Conversation | None, turn_position, liked,
                reasons=()) -> bool:
    """Thumbs up/down on the reply of turn `turn_position`, with the reasons ticked (from
    page.FEEDBACK_REASONS; anything else is dropped): log what that reply showed. Returns
    whether a line was written."""
    turn = conversation.turn_at(turn_position) if isinstance(conversation, Conversation) else None
    if turn is None or turn.feedback is None:
        return False
    kept = [r for r in FEEDBACK_REASONS if isinstance(reasons, (list, tuple)) and r in reasons]
    record_feedback(data_dir, {**turn.feedback, "reasons": kept}, liked=bool(liked))
    return True


def status_line(index) -> str:
    """What the server log says about the index it serves (not shown to people)."""
    m = index.manifest
    return (f"Index: {len(m.sources)} documents · {m.counts['chunks']} passages · "
            f"model {m.model} · built {m.built_at}")
