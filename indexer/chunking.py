"""Cut a document into structure-aware chunks, each with exact raw-file offsets.

A chunk never straddles two sections and never spans a dropped (chrome) line. Within a
section, whole blocks (paragraphs, lists with the line that introduces them, tables with
their header) are packed up to `ChunkSettings.max_tokens`; a block too big for one chunk is
split between sentences, list items or table rows, and each continuation chunk carries the
list intro or table header as `context`. A heading travels with the text it introduces.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import sentences
from .blocks import Atom, Block, build_blocks
from .cleaning import CleaningReport, clean_lines, drop_empty_headings, report
from .documents import Document
from .errors import CorpusError
from .records import Chunk, Sentence
from .settings import ChunkSettings
from .structure import classify, parse_lines


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
        if block.alone and size <= max_tokens:       # (a long answer is split like any block)
            flush()
            current = list(atoms)
            flush()
            continue
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
    count = sum(len(a.sentences) for block in blocks for a in block.atoms)
    limit = sentences.MAX_SENTENCES_PER_DOCUMENT
    if count > limit:
        raise CorpusError(f"{document.source}: {count:,} sentences is over the {limit:,}-sentence "
                          "limit for one document (embedding them would take too long); split it "
                          "into smaller files")
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
