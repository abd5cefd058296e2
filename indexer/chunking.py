"""Cut a document into structure-aware chunks, each with exact raw-file offsets.

A chunk never straddles two sections and never spans a dropped (chrome) line. Within a
section, whole blocks (paragraphs, lists with the line that introduces them, tables with
their header) are packed up to `ChunkSettings.max_tokens`; a block too big for one chunk is
split between sentences, list items or table rows, and each continuation chunk carries the
list intro or table header as `context`. A heading travels with the text it introduces.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from sentencex import segment

from .cleaning import CleaningReport, clean_lines, drop_empty_headings, report
from .documents import Document
from .errors import CorpusError
from .records import Chunk, Sentence
from .settings import WORDPIECES_PER_TOKEN, ChunkSettings
from .textmap import MappedText
from .structure import (BULLET, HEADING, NUMBERED, TABLE, TEXT, TITLE, Line,
                        classify, ends_sentence, parse_lines)

TOKEN_RE = re.compile(r"\w+|[^\w\s]")
TABLE_RULE_RE = re.compile(r"^\|[\s:|-]+\|?$")

# Hard bounds, whatever a document looks like (a 19 MB paragraph with no sentence break was one
# chunk and one sentence: every answer quoting it was 38 MB). The seed corpus's longest
# sentence is 353 characters and its longest chunk 1,021, so real prose never meets them.
# A sentence longer than MAX_SENTENCE_CHARS is cut at a space into pieces; a chunk's text stays
# under MAX_CHUNK_CHARS because packing also counts at least one token per CHARS_PER_TOKEN
# characters (long words) and headings are short (structure.MAX_MARKDOWN_HEADING_CHARS).
MAX_SENTENCE_CHARS = 1_500
MAX_CHUNK_CHARS = 4_000
CHARS_PER_TOKEN = 8
# Embedding runs at ~275 sentences/s on 2 cores: 20,000 sentences (a 600-page book) is about
# a minute and a half. A file of 100,000 short lines would take half an hour; it is skipped
# with the reason, and the limit is printed in the build summary.
MAX_SENTENCES_PER_DOCUMENT = 20_000


def estimate_tokens(text: str) -> int:
    """Word pieces the encoder will see, estimated without a tokenizer (see settings)."""
    return math.ceil(len(TOKEN_RE.findall(text)) * WORDPIECES_PER_TOKEN)


def capped_pieces(text: str, a: int, b: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """`text[a:b]` as spans of at most `limit` characters, cut after a space where there is one."""
    pieces = []
    while b - a > limit:
        cut = text.rfind(" ", a + 1, a + limit + 1)
        cut = cut if cut > a else a + limit
        pieces.append((a, cut))
        a = cut + (text[cut] == " ")
    if b > a:
        pieces.append((a, b))
    return pieces


def split_sentences(mapped: MappedText) -> list[Sentence]:
    """Sentences of one logical line, each with its raw span (sentencex does the splitting);
    none longer than `MAX_SENTENCE_CHARS`."""
    sentences, cursor = [], 0
    text = mapped.text
    for piece in segment("en", text):
        stripped = piece.strip()
        if not stripped:
            cursor += len(piece)
            continue
        a = text.find(stripped, cursor)
        if a < 0:  # the segmenter changed the text: fall back to the whole line
            return [Sentence(*mapped.raw_span(x, y), text[x:y])
                    for x, y in capped_pieces(text, 0, len(text))]
        b = a + len(stripped)
        sentences += [Sentence(*mapped.raw_span(x, y), text[x:y]) for x, y in capped_pieces(text, a, b)]
        cursor = b
    return sentences


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


def _wrap_candidate(previous: Line, line: Line, settings: ChunkSettings) -> bool:
    """`previous` ends mid-sentence at wrap width and `line` is plain text right below it."""
    return (line.kind == TEXT and previous.kind in (TEXT, BULLET, NUMBERED)
            and line.blank_before == 0 and len(previous.text) >= settings.wrap_min_chars
            and not ends_sentence(previous.text) and not previous.text.endswith(":"))


def logical_lines(lines: list[Line], settings: ChunkSettings) -> list[list[Line]]:
    """Group kept lines into logical lines, joining hard-wrapped continuations.

    A continuation starting in lower case is always joined. One starting in upper case is
    joined only to a paragraph line (never to a list item) of a hard-wrapped document: one
    where most lines that stop mid-sentence at wrap width go on in lower case. (Otherwise "…six months" + "Edaravone (Radicava): …"
    would become one sentence in a list without bullets.)
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
        blocks.append(Block(section, atoms, context, broken, pending))
        broken, pending = False, []
        i = j
    return blocks


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


def _split_big(atom: Atom, max_tokens: int) -> list[Atom]:
    """A logical line too big for a chunk becomes one atom per sentence."""
    if atom.tokens <= max_tokens or len(atom.sentences) < 2:
        return [atom]
    return [Atom(s.start, s.end, s.text, [s], same_line=k > 0) for k, s in enumerate(atom.sentences)]


def pack(blocks: list[Block], max_tokens: int) -> list[tuple[tuple[str, ...], list[Atom], str]]:
    """Greedy packing of blocks into (section, atoms, context) groups within `max_tokens`."""
    out: list[tuple[tuple[str, ...], list[Atom], str]] = []
    current: list[Atom] = []
    section: tuple[str, ...] | None = None

    def flush():
        nonlocal current
        if current:
            out.append((section, current, ""))
        current = []

    for block in blocks:
        atoms = block.headings + block.atoms
        size = sum(a.tokens for a in atoms)
        if block.section != section or block.break_before or block.headings:
            flush()
        section = block.section
        if sum(a.tokens for a in current) + size <= max_tokens:
            current += atoms
            continue
        flush()
        if size <= max_tokens:
            current = list(atoms)
            continue
        # Too big for one chunk: split at atoms, keeping glued atoms with their successor.
        # Continuation groups carry the list intro / table header as context.
        groups: list[list[Atom]] = [[]]
        for atom in (p for a in atoms for p in _split_big(a, max_tokens)):
            group = groups[-1]
            if (group and sum(a.tokens for a in group) + atom.tokens > max_tokens
                    and not group[-1].glue):
                groups.append(group := [])
            group.append(atom)
        out.extend((section, group, block.context if n else "") for n, group in enumerate(groups))
    flush()
    return out


def render(atoms: list[Atom]) -> str:
    parts = []
    for k, atom in enumerate(atoms):
        if k:
            parts.append(" " if atom.same_line else "\n")
        parts.append(atom.rendered)
    return "".join(parts)


@dataclass(frozen=True)
class ChunkedDocument:
    document: Document
    chunks: tuple[Chunk, ...]
    cleaning: CleaningReport


def chunk_document(document: Document, settings: ChunkSettings = ChunkSettings(),
                   *, first_id: int = 0) -> ChunkedDocument:
    """Clean, structure and chunk one document. Chunk ids count up from `first_id`.

    For HTML the pipeline reads the view (visible text) and every span is then mapped back to
    the HTML source, so citations point into the file as it is."""
    text = document.text_for_chunking
    lines = parse_lines(text)
    toc = clean_lines(lines, document.title)
    classify(lines, title=document.title, toc=set(toc),
             markdown=document.source.lower().endswith(".md") or text is not document.raw)
    drop_empty_headings(lines)
    blocks = build_blocks(lines, settings)
    sentences = sum(len(a.sentences) for block in blocks for a in block.atoms)
    if sentences > MAX_SENTENCES_PER_DOCUMENT:
        raise CorpusError(f"{document.source}: {sentences:,} sentences is over the "
                          f"{MAX_SENTENCES_PER_DOCUMENT:,}-sentence limit for one document "
                          "(embedding them would take too long); split it into smaller files")
    to_raw = _span_mapper(document)
    chunks = []
    for section, atoms, context in pack(blocks, settings.max_tokens):
        if not any(a.sentences for a in atoms):
            continue  # headings alone (their text was dropped): nothing to retrieve
        start, end = to_raw(atoms[0].start, atoms[-1].end)
        chunks.append(Chunk(
            id=first_id + len(chunks), source=document.source, start=start, end=end,
            title=document.title, section=section, text=render(atoms),
            sentences=tuple(_remap(s, to_raw) for a in atoms for s in a.sentences),
            context=context, page=document.loaded.page_of(start) if document.loaded else 0,
            page_breaks=tuple(b for b in (document.loaded.page_starts if document.loaded else ())
                              if start < b < end)))
    return ChunkedDocument(document, tuple(chunks), report(lines, toc))


def _span_mapper(document: Document):
    loaded = document.loaded
    if loaded is None or loaded.view is None:
        return lambda a, b: (a, b)
    starts, ends = loaded.view_starts, loaded.view_ends
    return lambda a, b: (starts[a], ends[b - 1]) if b > a else (starts[a], starts[a])


def _remap(sentence: Sentence, to_raw) -> Sentence:
    start, end = to_raw(sentence.start, sentence.end)
    cells = tuple(_remap(c, to_raw) for c in sentence.cells)
    return replace(sentence, start=start, end=end, cells=cells)
