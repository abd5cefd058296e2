"""From classified lines to blocks: the units chunking packs.

A block is what belongs together in one section: a paragraph (hard-wrapped lines joined), a
list with the line that introduces it, a table with its header row. Its atoms (logical lines,
sentences, rows) carry their exact raw spans; headings wait as glue for the block they head.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from .records import Sentence
from .sentences import CHARS_PER_TOKEN, estimate_tokens, split_sentences
from .settings import ChunkSettings
from .structure import BULLET, HEADING, NUMBERED, TABLE, TEXT, TITLE, Line, ends_sentence
from .textmap import MappedText

TABLE_RULE_RE = re.compile(r"^\|[\s:|-]+\|?$")


@dataclass
class Atom:
    """The smallest unit packing moves: a heading, a logical line, a sentence or a table row."""

    start: int
    end: int
    rendered: str
    sentences: list[Sentence]
    glue: bool = False          # must share a chunk with the atom after it
    same_line: bool = False     # continues the previous atom's line (a split paragraph)

    @cached_property
    def tokens(self) -> int:
        # A heading costs nothing here: the embedded text carries the heading path once, in
        # the prefix budget, and `Chunk.embedding_text` leaves the heading line out. Long words
        # count by their length too, so a chunk's characters stay bounded.
        if self.glue and not self.sentences:
            return 0
        return max(estimate_tokens(self.rendered), math.ceil(len(self.rendered) / CHARS_PER_TOKEN))


@dataclass
class Block:
    """Atoms that belong together (a paragraph, a list, a table) in one section."""

    section: tuple[str, ...]
    atoms: list[Atom]
    context: str = ""           # repeated on continuation chunks: list intro or table header
    break_before: bool = False  # a dropped line separates it from the block before
    headings: list[Atom] = field(default_factory=list)
    alone: bool = False         # a chunk of its own: one question and answer of an FAQ list


def _wrap_candidate(previous: Line, line: Line, settings: ChunkSettings) -> bool:
    """`previous` ends mid-sentence at wrap width and `line` is plain text right below it."""
    return (line.kind == TEXT and previous.kind in (TEXT, BULLET, NUMBERED)
            and line.blank_before == 0 and len(previous.text) >= settings.wrap_min_chars
            and not ends_sentence(previous.text) and not previous.text.endswith(":"))


def logical_lines(lines: list[Line], settings: ChunkSettings) -> list[list[Line]]:
    """Group kept lines into logical lines, joining hard-wrapped continuations.

    A continuation starting in lower case is always joined. One starting in upper case is
    joined only to a paragraph line (never to a list item) of a hard-wrapped document: one
    where most lines that stop mid-sentence at wrap width go on in lower case. (Otherwise
    "…six months" + "Edaravone (Radicava): …" would become one sentence in a list without
    bullets.)
    """
    pairs = [(a, b) for a, b in zip(lines, lines[1:])
             if not a.dropped and not b.dropped and _wrap_candidate(a, b, settings)]
    lowercase = sum(1 for _, b in pairs if b.text[:1].islower())
    hard_wrapped = bool(pairs) and lowercase > len(pairs) / 2
    groups: list[list[Line]] = []
    for line in lines:
        previous = groups[-1][-1] if groups else None
        if (previous is not None and not previous.dropped and not line.dropped
                and _wrap_candidate(previous, line, settings)
                and (line.text[:1].islower() or (hard_wrapped and previous.kind == TEXT))):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _line_atom(group: list[Line], glue: bool = False) -> Atom:
    """A logical line; headings and titles carry no sentences (they are never quoted as answers)."""
    mapped = MappedText.join([line.content() for line in group], " ")
    prefix = "- " if group[0].kind == BULLET else ""
    sentences = [] if group[0].kind in (TITLE, HEADING) else split_sentences(mapped)
    return Atom(group[0].start, group[-1].end, prefix + mapped.text, sentences, glue)


def _cells(line: Line) -> tuple[Sentence, ...]:
    """The cells of a Markdown table line, each with its exact raw span."""
    cells, text = [], line.text
    bars = [i for i, ch in enumerate(text) if ch == "|"]
    for a, b in zip(bars, bars[1:]):
        piece = text[a + 1:b]
        lead = len(piece) - len(piece.lstrip())
        cell = piece.strip()
        if cell:
            start = a + 1 + lead
            cells.append(Sentence(*line.mapped.raw_span(start, start + len(cell)), cell))
    return tuple(cells)


def _row_atom(line: Line, role: str, group: int) -> Atom:
    """A table line: the header row and data rows become sentences with cells; the |---| rule
    is kept in the text but is not a sentence."""
    sentences = [] if role == "rule" else [Sentence(line.start, line.end, line.text, role, group,
                                                     _cells(line))]
    return Atom(line.start, line.end, line.text, sentences, glue=role != "row")


def _in_list(atom: Atom, kind: str, group: int) -> Atom:
    atom.sentences = [replace(s, kind=kind, group=group) for s in atom.sentences]
    return atom


def build_blocks(lines: list[Line], settings: ChunkSettings) -> list[Block]:
    """Walk the classified lines once, tracking the heading path, and emit blocks."""
    blocks: list[Block] = []
    path: list[tuple[int, str]] = []
    pending: list[Atom] = []
    broken = False
    groups = logical_lines([line for line in lines if line.kind != "blank"], settings)
    i = 0
    while i < len(groups):
        group = groups[i]
        first = group[0]
        if first.dropped:
            broken, pending = True, []   # never cite across removed chrome
            i += 1
            continue
        if first.kind in (TITLE, HEADING):
            if first.kind == TITLE:
                path = []
            else:
                path = [(lvl, h) for lvl, h in path if lvl < first.level]
                path.append((first.level, first.content().text))
            pending.append(_line_atom(group, glue=True))
            i += 1
            continue
        section = tuple(h for _, h in path)
        j = i + 1
        if first.kind == TABLE:
            while j < len(groups) and groups[j][0].kind == TABLE and not groups[j][0].dropped:
                j += 1
            rows = [g[0] for g in groups[i:j]]
            n_header = 2 if len(rows) > 1 and TABLE_RULE_RE.match(rows[1].text) else 1
            roles = ["header", "rule"][:n_header] + ["row"] * (len(rows) - n_header)
            atoms = [_row_atom(row, role, len(blocks)) for row, role in zip(rows, roles)]
            context = "\n".join(row.text for row in rows[:n_header])
        elif first.kind in (BULLET, NUMBERED) or (first.kind == TEXT and first.text.endswith(":")
                                                  and j < len(groups) and _starts_list(groups[j])):
            plain = first.kind == TEXT and groups[j][0].kind == TEXT
            while j < len(groups) and _continues_list(groups[j][0], plain):
                j += 1
            intro = first.kind == TEXT
            atoms = [_in_list(_line_atom(g, glue=(k == 0 and intro)),
                              "intro" if k == 0 and intro else "item", len(blocks))
                     for k, g in enumerate(groups[i:j])]
            context = atoms[0].rendered if intro else ""
        else:
            while (j < len(groups) and groups[j][0].kind == TEXT and groups[j][0].blank_before == 0
                   and not groups[j][0].dropped and not groups[j][0].text.endswith(":")):
                j += 1
            atoms = [_line_atom(g) for g in groups[i:j]]
            context = ""
        pairs = _faq_pairs(atoms) if context == "" and first.kind in (BULLET, NUMBERED) else []
        if pairs:       # each question with its answer is found by itself, not as one of five
            blocks += [Block(section, pair, "", broken and k == 0, pending if k == 0 else [], alone=True)
                       for k, pair in enumerate(pairs)]
        else:
            blocks.append(Block(section, atoms, context, broken, pending))
        broken, pending = False, []
        i = j
    return blocks


def _faq_pairs(atoms: list[Atom]) -> list[list[Atom]]:
    """A list whose items are a question then its answer, two or more times ("- Can MS turn
    into ALS?" "- No. They are different diseases."), as its pairs; [] for any other list."""
    asks = [a.rendered.rstrip().endswith("?") for a in atoms]
    if len(atoms) < 4 or len(atoms) % 2 or asks != [True, False] * (len(atoms) // 2):
        return []
    return [atoms[k:k + 2] for k in range(0, len(atoms), 2)]


def _starts_list(group: list[Line]) -> bool:
    line = group[0]
    return not line.dropped and (line.kind in (BULLET, NUMBERED)
                                 or (line.kind == TEXT and line.blank_before == 0))


def _continues_list(line: Line, plain: bool) -> bool:
    if line.dropped or line.kind in (TITLE, HEADING, TABLE):
        return False
    if line.kind in (BULLET, NUMBERED):
        return True
    return plain and line.blank_before == 0
