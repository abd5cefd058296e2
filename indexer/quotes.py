"""How a chosen sentence becomes an answer line that quotes its source faithfully.

A sentence alone can mislead: a table cell means nothing without its column's name, a list
item can say the opposite of its list ("It does not typically affect: … Eye movement"). So a
table row is shown with its header's cells, a list item with its list's intro, a whole list
as the source has it. Every piece is a `Fragment`, the normalised text of an exact raw span;
only neutral glue (" — ", ": ", "; ", " … ") joins them.
"""

from __future__ import annotations

from .records import Chunk, Fragment, Sentence

Line = tuple[str, tuple[Fragment, ...]]     # the line's text, and the fragments it quotes


def fragment(chunk: Chunk, s: Sentence) -> Fragment:
    return Fragment(chunk.source, s.start, s.end, s.text)


def row_line(chunk: Chunk, row: Sentence) -> Line:
    """"Vision problems — ALS (…): Not typical early; MS (…): Common (…)", every piece verbatim:
    the row's cells and the header's cells, each cited at its own span."""
    header = chunk.table_header(row)
    cells = [fragment(chunk, c) for c in row.cells]
    if not header or len(header.cells) != len(row.cells) or len(cells) < 2:
        return row.text, (fragment(chunk, row),)
    heads = [fragment(chunk, c) for c in header.cells]
    fragments = [cells[0]] + [f for pair in zip(heads[1:], cells[1:]) for f in pair]
    return chunk.sentence_text(row), tuple(fragments)


def _item_sentences(chunk: Chunk, sentence: Sentence) -> list[Sentence]:
    """All sentences of the list item `sentence` belongs to (an item can hold several)."""
    if sentence.kind != "item":
        return [sentence]
    lines = chunk.text.split("\n")
    line = next((ln for ln in lines if sentence.text in ln), None)
    if line is None:
        return [sentence]
    return [s for s in chunk.sentences if s.group == sentence.group and s.kind == "item" and s.text in line]


def text_line(chunk: Chunk, sentence: Sentence) -> Line:
    """A prose sentence, or a whole list item (all its sentences) preceded by its list's intro."""
    members = _item_sentences(chunk, sentence)
    intro = [s for s in chunk.sentences if s.group == sentence.group and s.kind == "intro"
             and s.text.endswith(":")] if sentence.kind == "item" else []
    fragments = tuple(fragment(chunk, s) for s in (intro[-1:] + members))
    if intro:
        return f"{fragments[0].text} … " + " ".join(f.text for f in fragments[1:]), fragments
    return " ".join(f.text for f in fragments), fragments


def list_size(chunk: Chunk, sentence: Sentence) -> int:
    """Items in the list `sentence` introduces or belongs to (0 if it is not in a list)."""
    if sentence.kind not in ("intro", "item"):
        return 0
    return sum(1 for x in chunk.sentences if x.group == sentence.group and x.kind == "item")


def list_line(chunk: Chunk, anchor: Sentence) -> Line:
    """The whole list `anchor` belongs to, intro first, one "- " item per line."""
    members = [s for s in chunk.sentences if s.group == anchor.group and s.kind in ("intro", "item")]
    fragments = tuple(fragment(chunk, s) for s in members)
    lines = [f.text if s.kind == "intro" else f"- {f.text}" for s, f in zip(members, fragments)]
    return "\n".join(lines), fragments
