"""Recover a document's structure from its lines: headings and their levels, lists, tables.

Web captures lose their markup, so structure is read from the shape of each line. The rules
(documented in the README, "How documents are read"):

* **Markdown** `#` lines are headings of that depth; then plain-text rules are off.
* A **plain heading** is a line of at most 12 words that is not indented, starts with a capital,
  digit or quote, does not end in ``. , ; : !`` and holds no sentence break ("vs." and similar
  abbreviations aside). A heading that introduces nothing (the next heading is at its level or
  above) is page chrome and is dropped.
* **Levels**: entries of a dropped table of contents, and headings set off by two blank lines,
  are top level when a document has them, other plain headings one below; numbered headings
  ("1. …", "2) …") sit below those. Without such cues every plain heading is top level.
* A line equal to the document title is the **title**, not a heading.
* **Lists**: bullet lines ("•", "-", "*", …), numbered lines, and (after a line ending in ":")
  plain lines that follow it directly. **Tables**: lines starting with "|" (Markdown tables).
* **Hard wraps**: a line at least `wrap_min_chars` long that ends mid-sentence continues on the
  next plain line (the ALS-vs-MS capture has fixed-width lines).
* **Lists run into a paragraph**: a line holding two or more " - " set off by more than one
  space in the file ("…five types of disabilities:    - Paralysis …    - Pain …") is a list
  whose line breaks were lost: each "- …" is read as a bullet line, the text before as its
  intro. (A single-spaced " - " is a dash in a sentence.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textmap import BULLET_RE, MARKDOWN_HEADING_RE, MappedText, comparable, normalize_span

NUMBERED_RE = re.compile(r"^\d{1,2}[.)]\s+(?=\S)")
TABLE_RE = re.compile(r"^\|")
MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 90
# A Markdown heading or table line longer than these is read as text (and cut into capped
# sentences): a heading is carried by every chunk of its section, a table row is one quote.
MAX_MARKDOWN_HEADING_CHARS = 300
MAX_TABLE_LINE_CHARS = 1_500
ABBREVIATIONS_RE = re.compile(r"\b(?:vs|e\.g|i\.e|a\.k\.a|etc|Dr|Mr|Mrs|Ms|St|Jr|No|approx|U\.S)\.", re.I)
SENTENCE_BREAK_RE = re.compile(r"[.!]\s+\S")
CLOSERS = "\"')]”’"
TERMINAL = ".!?"

# Line kinds.
BLANK, TEXT, TITLE, HEADING, BULLET, NUMBERED, TABLE = (
    "blank", "text", "title", "heading", "bullet", "numbered", "table")


@dataclass
class Line:
    """One physical line: its raw span (whitespace trimmed), normalised text and role."""

    start: int
    end: int
    mapped: MappedText
    indent: int
    blank_before: int = 0          # blank lines directly above it
    kind: str = TEXT
    level: int = 0                 # heading depth, 1 = top
    dropped: str = ""              # the cleaning rule that removed it, if any

    @property
    def text(self) -> str:
        return self.mapped.text

    @property
    def kept(self) -> bool:
        return self.kind != BLANK and not self.dropped

    def content(self) -> MappedText:
        """The line without its bullet or Markdown heading marker."""
        match = BULLET_RE.match(self.text) if self.kind == BULLET else (
            MARKDOWN_HEADING_RE.match(self.text) if self.kind == HEADING else None)
        if not match or match.end() >= len(self.text):
            return self.mapped
        cut = match.end()
        return self.mapped.slice(cut)


INLINE_BULLET_RE = re.compile(r" - (?=\S)")
MIN_INLINE_ITEMS = 2


def _part(line: Line, a: int, b: int, *, blank_before: int = 0) -> Line | None:
    """The sub-line of `line` for its clean text [a:b], edge spaces trimmed; None if empty."""
    text = line.text
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a >= b:
        return None
    mapped = line.mapped.slice(a, b)
    return Line(*mapped.raw_span(), mapped, line.indent if a == 0 else 0, blank_before=blank_before)


def _split_inline_list(raw: str, line: Line) -> list[Line]:
    """A paragraph's run-in list as intro + bullet lines (see module doc), else [line]."""
    text, starts, ends = line.text, line.mapped.starts, line.mapped.ends
    if TABLE_RE.match(text):
        return [line]       # "| Cognition  |  -   |": a table row's empty cells, not bullets
    cuts = [m.start() for m in INLINE_BULLET_RE.finditer(text)
            if m.start() > 0 and len(raw[ends[m.start() - 1]:starts[m.start() + 1]]) >= 2]
    if len(cuts) < MIN_INLINE_ITEMS:
        return [line]
    bounds = [0, *cuts, len(text)]
    parts = [_part(line, a, b, blank_before=line.blank_before if a == 0 else 0)
             for a, b in zip(bounds, bounds[1:])]
    return [p for p in parts if p is not None]


def parse_lines(raw: str) -> list[Line]:
    """Split raw text into `Line`s with exact raw spans (line breaks and edge spaces excluded);
    a list run into a paragraph becomes its lines."""
    lines: list[Line] = []
    offset = 0
    blanks = 0
    for physical in raw.splitlines(keepends=True):
        body = physical.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        mapped = normalize_span(raw, offset, offset + len(body))
        if not mapped.text:
            blanks += 1
            lines.append(Line(offset, offset, mapped, 0, kind=BLANK))
        else:
            start, end = mapped.raw_span()
            indent = len(body) - len(body.lstrip())
            lines.extend(_split_inline_list(raw, Line(start, end, mapped, indent, blank_before=blanks)))
            blanks = 0
        offset += len(physical)
    return lines


def ends_sentence(text: str) -> bool:
    return text.rstrip(CLOSERS)[-1:] in TERMINAL


def looks_like_heading(text: str) -> bool:
    """The plain-text heading shape (see module doc); numbering like "1. " is allowed."""
    body = NUMBERED_RE.sub("", text)
    trimmed = body.rstrip(CLOSERS)
    if not trimmed or len(text) > MAX_HEADING_CHARS or len(body.split()) > MAX_HEADING_WORDS:
        return False
    if trimmed[-1] in ".,;:!":
        return False
    if SENTENCE_BREAK_RE.search(ABBREVIATIONS_RE.sub("", body)):
        return False
    first = body.lstrip("\"'“‘(")[:1]
    return first.isupper() or first.isdigit()


def same_text(a: str, b: str) -> bool:
    return comparable(a).casefold() == comparable(b).casefold()


def classify(lines: list[Line], *, title: str, toc: set[str], markdown: bool) -> None:
    """Give every kept line its kind and every heading its level (see module doc)."""
    kept = [line for line in lines if line.kept]
    markdown = markdown and any(MARKDOWN_HEADING_RE.match(line.text) for line in kept)
    toc_keys = {comparable(entry).casefold() for entry in toc}
    strong = set()
    for i, line in enumerate(kept):
        text = line.text
        is_last = i == len(kept) - 1
        if same_text(MARKDOWN_HEADING_RE.sub("", text), title):
            line.kind = TITLE
        elif TABLE_RE.match(text) and len(text) <= MAX_TABLE_LINE_CHARS:
            line.kind = TABLE
        elif markdown and MARKDOWN_HEADING_RE.match(text) and len(text) <= MAX_MARKDOWN_HEADING_CHARS:
            line.kind, line.level = HEADING, len(MARKDOWN_HEADING_RE.match(text).group(1))
        elif BULLET_RE.match(text) and BULLET_RE.sub("", text):
            line.kind = BULLET
        elif (not markdown and not is_last and line.indent == 0
              and (comparable(text).casefold() in toc_keys or looks_like_heading(text))):
            line.kind = HEADING
            if comparable(text).casefold() in toc_keys or line.blank_before >= 2:
                strong.add(id(line))
        elif NUMBERED_RE.match(text):
            line.kind = NUMBERED
        else:
            line.kind = TEXT
    if not markdown:
        numbered_level = 3 if strong else 2
        for line in kept:
            if line.kind == HEADING:
                if NUMBERED_RE.match(line.text):
                    line.level = numbered_level
                else:
                    line.level = 1 if (id(line) in strong or not strong) else 2

