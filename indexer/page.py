"""The conversation as the page shows it: newest turn first, right under the question box.

Why newest first: the answer must be on screen when it arrives without the page scrolling by
itself. The question box is where the person just typed, so the new answer goes directly
below it; older turns move down. (Appending at the bottom, as chat apps do, forces a scroll to
the new answer: on a phone that scrolled whole screens past it.)

Before the first question: example questions and "What I answer from", the documents of the
index with their publisher and date. Every turn has its question as a heading, its answer
(render.answer_html), "Copy as note", helpful / not helpful with reasons, and under the newest
turn (not after an emergency) suggested next questions.
"""

from __future__ import annotations

import os
import re
from importlib import resources

from .render import NOT_MEDICAL_ADVICE, esc
from .settings import MAX_LISTED_DOCUMENTS

FEEDBACK_REASONS = ("Wrong source", "Didn't answer my question", "Too technical")
TITLES_PER_FOLDER = 3


def _chips(questions, label: str) -> str:
    buttons = "".join(f'<button type="button" class="ask" data-ask="{esc(q)}">{esc(q)}</button>'
                      for q in questions)
    return f'<nav class="chips" aria-label="{esc(label)}">{buttons}</nav>'


def documents_html(sources: dict[str, dict], *, open_: bool, items: str | None = None) -> str:
    """"What I answer from" (`items`: `document_items(sources)`, when the caller keeps it)."""
    items = document_items(sources) if items is None else items
    return (f'<details class="documents"{" open" if open_ else ""}><summary>What I answer from: '
            f"{len(sources):,} documents</summary><p>Every answer is quoted word for word from these "
            f"documents, with its source.</p><ul>{items}</ul></details>")


def document_items(sources: dict[str, dict]) -> str:
    """Each document's title, publisher, date, and link if known. A corpus of thousands is
    summarised by folder (each folder's count and first titles): 5,000 list items on every
    paint would be 750 KB of page."""
    if len(sources) > MAX_LISTED_DOCUMENTS:
        return _items_by_folder(sources)
    items = []
    for info in sources.values():
        meta = info.get("meta", {})
        parts = [f"<cite>{esc(info.get('title', ''))}</cite>"]
        parts += [esc(str(meta[k])) for k in ("publisher", "date") if meta.get(k)]
        url = str(meta.get("url", ""))
        if re.match(r"https?://", url):
            parts.append(f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">original</a>')
        items.append(f"<li>{' · '.join(parts)}</li>")
    return "".join(items)


def _items_by_folder(sources: dict[str, dict]) -> str:
    # Folders below the corpus folder: never the server's own path ("/home/…/corpus/GARD").
    common = os.path.commonpath([os.path.dirname(s) for s in sources]) if len(sources) > 1 else ""
    folders: dict[str, list[str]] = {}
    for source, info in sources.items():
        folder = os.path.relpath(os.path.dirname(source), common) if common else os.path.dirname(source)
        folders.setdefault("(top)" if folder in ("", ".") else folder, []).append(info.get("title", ""))
    items = []
    for folder, titles in sorted(folders.items()):
        shown = ", ".join(f"<cite>{esc(t)}</cite>" for t in titles[:TITLES_PER_FOLDER])
        more = f" and {len(titles) - TITLES_PER_FOLDER:,} more" if len(titles) > TITLES_PER_FOLDER else ""
        items.append(f"<li>{esc(folder)}: {len(titles):,} documents — {shown}{more}</li>")
    return "".join(items)


def _turn_html(position: int, turn, *, newest: bool) -> str:
    understood = (f'<p class="understood">Understood as: {esc(turn.asked)}</p>'
                  if turn.asked and turn.asked != turn.typed else "")
    read_as = "".join(f'<p class="understood">Read “{esc(typed)}” as “{esc(read)}”.</p>'
                      for typed, read in turn.read_as)
    actions = ""
    if turn.feedback is not None:
        reasons = "".join(f'<button type="button" class="reason" aria-pressed="false" '
                          f'data-reason="{esc(r)}">{esc(r)}</button>' for r in FEEDBACK_REASONS)
        actions = (f'<div class="actions"><button type="button" class="copy">Copy as note</button>'
                   f'<button type="button" class="fb" data-liked="1" aria-pressed="false">Helpful'
                   f'</button><button type="button" class="fb" data-liked="0" aria-pressed="false">'
                   f'Not helpful</button>'
                   f'<span class="reasons" hidden><span>Why?</span>{reasons}</span>'
                   f'<span class="thanks" role="status"></span></div>'
                   f'<pre class="note" hidden>{esc(turn.note)}</pre>')
    suggestions = (_chips([o["value"] for o in turn.options], "Suggested next questions")
                   if newest and turn.options and not turn.emergency else "")
    return (f'<article class="turn{" newest" if newest else ""}" data-turn="{position}" '
            f'aria-labelledby="q{position}"><h2 class="asked" id="q{position}">'
            f'<span class="you">You asked:</span> {esc(turn.typed)}</h2>{understood}{read_as}'
            f'<div class="answer">{turn.reply}</div>{actions}{suggestions}</article>')


def conversation_html(conversation, *, sources: dict[str, dict] | None, examples,
                      notice: str = "", document_list: str | None = None) -> str:
    """The whole view: a notice (the index being prepared, or why it is unavailable), the turns
    newest first, or, before any, the examples; "What I answer from" (open until the first
    answer); the not-medical-advice line. Turns carry their numbers
    (`Conversation.number_of`: what feedback and "whole article" events name)."""
    out = [f'<p class="notice" role="status">{esc(notice)}</p>'] if notice else []
    turns = conversation.turns
    out += [_turn_html(conversation.number_of(k), turns[k], newest=k == len(turns) - 1)
            for k in range(len(turns) - 1, -1, -1)]
    if conversation.dropped:
        out.append(f'<p class="notice">The {conversation.dropped} oldest '
                   f'question{"s" if conversation.dropped > 1 else ""} of this conversation '
                   f"{'are' if conversation.dropped > 1 else 'is'} no longer shown (the last "
                   f"{len(turns)} are kept).</p>")
    if not turns:
        out.append(_chips(examples, "Example questions"))
    if sources:
        out.append(documents_html(sources, open_=not turns, items=document_list))
    out.append(f'<p class="disclaimer">{esc(NOT_MEDICAL_ADVICE)}</p>')
    return f'<div class="conversation">{"".join(out)}</div>'


def static_text(name: str) -> str:
    """A file of the page's CSS or JavaScript (indexer/static/), as text."""
    return resources.files("indexer").joinpath("static", name).read_text(encoding="utf-8")
