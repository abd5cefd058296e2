"""The typed records every stage passes around: sentences, chunks, search hits, answers.

They are frozen so a chunk read back from the index is the chunk that was built, and they
convert to and from plain JSON records (the chunk record and the answer in the eval report
are contracts: see docs/DESIGN.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """One sentence (or list item, or table row) of a chunk: its normalised text, exact
    raw-file span, its role, and which list or table it belongs to.

    `kind` is "text" (prose), "intro" (the line introducing a list), "item" (a list item),
    "header" (a table's header row) or "row" (a table row); `group` numbers the list or table
    within the document (-1 for prose), so an answer can return a list as the source has it, or
    a row with its table's header. A header or row also has its `cells`, each a verbatim piece
    with its own raw span.
    """

    start: int
    end: int
    text: str
    kind: str = "text"
    group: int = -1
    cells: tuple[Sentence, ...] = ()

    def to_list(self) -> list:
        cells = [[c.start, c.end, c.text] for c in self.cells]
        return [self.start, self.end, self.text, self.kind, self.group, *([cells] if cells else [])]

    @classmethod
    def from_list(cls, item: list) -> Sentence:
        cells = tuple(cls(int(a), int(b), t) for a, b, t in item[5]) if len(item) > 5 else ()
        return cls(int(item[0]), int(item[1]), item[2], *item[3:5], cells)


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage. ``raw[start:end]`` of the file at `source` is the span it was made from.

    `text` is that span normalised (see `textmap`), with list bullets written as "- " and
    hard-wrapped lines joined. `context` is text from outside the span that the passage needs
    to be understood (the table header or list intro for a continuation chunk); it is embedded
    and shown, never cited.
    """

    id: int
    source: str
    start: int
    end: int
    title: str
    section: tuple[str, ...]
    text: str
    sentences: tuple[Sentence, ...]
    context: str = ""
    search_text: str = ""
    page: int = 0               # PDF: the page the chunk starts on (0 for other formats)
    page_breaks: tuple[int, ...] = ()   # PDF: raw offsets inside the chunk where a page begins

    def page_at(self, offset: int) -> int:
        """PDF page of a raw offset inside this chunk (0 for formats without pages)."""
        return self.page + sum(1 for b in self.page_breaks if b <= offset) if self.page else 0

    @property
    def page_label(self) -> str:
        if not self.page:
            return ""
        last = self.page + len(self.page_breaks)
        return f"p. {self.page}" if last == self.page else f"p. {self.page}–{last}"

    @property
    def indexed_text(self) -> str:
        """What the retrievers read: `text` with run-together words split (see vocabulary)."""
        return self.search_text or self.text

    @property
    def section_label(self) -> str:
        """The heading path as people read it: "Diagnosis › How ALS Is Diagnosed"."""
        return " › ".join(self.section)

    def embedding_text(self) -> str:
        """What the encoder sees: the passage framed by its document title and heading path,
        so that a chunk saying "It can resemble ALS" is still found for the condition its
        heading names."""
        head = self.title if not self.section else f"{self.title} — {self.section_label}"
        lines = self.indexed_text.split("\n")
        framing = {self.title, *self.section}
        while len(lines) > 1 and lines[0] in framing:  # already said in `head`
            lines.pop(0)
        body = "\n".join([self.context, *lines] if self.context else lines)
        return f"{head}\n{body}"

    def table_header(self, row: Sentence) -> Sentence | None:
        """The header row of `row`'s table, when this chunk holds it."""
        return next((s for s in self.sentences if s.kind == "header" and s.group == row.group), None)

    def sentence_text(self, sentence: Sentence) -> str:
        """A sentence as read on its own: a table row with its header's names
        ("Vision problems — ALS (…): Not typical early; MS (…): Common …")."""
        header = self.table_header(sentence) if sentence.kind == "row" else None
        if not header or len(header.cells) != len(sentence.cells) or len(sentence.cells) < 2:
            return sentence.text
        pairs = [f"{h.text}: {c.text}" for h, c in zip(header.cells[1:], sentence.cells[1:])]
        return f"{sentence.cells[0].text} — " + "; ".join(pairs)

    def sentence_embedding_texts(self) -> list[str]:
        """Each sentence with its heading path, so "It can resemble ALS" keeps its subject."""
        texts = [self.sentence_text(s) for s in self.sentences]
        if not self.section:
            return texts
        return [f"{self.section_label}: {t}" for t in texts]

    def lexical_text(self) -> str:
        """What BM25 reads: the heading path (it names the condition) and the passage. The
        document title is left out: repeated on every chunk of a document, it only adds noise."""
        return "\n".join([*self.section, self.context, self.indexed_text])

    def to_record(self) -> dict:
        return {
            "id": self.id, "source": self.source, "start": self.start, "end": self.end,
            "title": self.title, "section": list(self.section), "text": self.text,
            "context": self.context,
            "sentences": [s.to_list() for s in self.sentences],
            **({"search_text": self.search_text} if self.search_text else {}),
            **({"page": self.page} if self.page else {}),
            **({"page_breaks": list(self.page_breaks)} if self.page_breaks else {}),
        }

    @classmethod
    def from_record(cls, record: dict) -> Chunk:
        return cls(
            id=int(record["id"]), source=record["source"], start=int(record["start"]),
            end=int(record["end"]), title=record["title"], section=tuple(record["section"]),
            text=record["text"], context=record.get("context", ""),
            search_text=record.get("search_text", ""), page=int(record.get("page", 0)),
            page_breaks=tuple(record.get("page_breaks", ())),
            sentences=tuple(Sentence.from_list(s) for s in record["sentences"]),
        )


@dataclass(frozen=True)
class Hit:
    """A chunk returned for a question, with its 1-based rank and the score it was ranked by:
    in hybrid mode the fused score (weighted fusion: in [0, 1]; rrf: a sum of reciprocal
    ranks), in dense mode the mean of chunk and best-sentence cosine, in bm25 mode the BM25
    score (unbounded)."""

    chunk: Chunk
    score: float
    rank: int

    def to_record(self) -> dict:
        """The `--json` / eval shape: where the passage is, how it scored, what it says."""
        c = self.chunk
        return {"rank": self.rank, "source": c.source, "start": c.start, "end": c.end,
                "score": round(self.score, 6), "title": c.title, "section": c.section_label,
                "text": c.text}


# The fixed words of an answer that are not quoted from a source.
NOT_COVERED = "The sources here don't cover that."
PARTIAL = "The sources may not answer this directly; the closest statements are:"


@dataclass(frozen=True)
class Fragment:
    """A verbatim piece of a source: normalised text of raw[start:end]."""

    source: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class AnswerLine:
    """One line of an answer: verbatim fragments joined by neutral glue, and its citations."""

    text: str
    fragments: tuple[Fragment, ...]
    citations: tuple[int, ...]        # source numbers [n]; two or more: "stated in n sources"
    kind: str = "text"                # text, list, row, urgent, side


@dataclass(frozen=True)
class SourceRef:
    """A numbered source: the passage, and the spans inside it to highlight."""

    n: int
    chunk: Chunk
    highlights: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Answer:
    """What the chat says: cited lines (or "not covered" with related passages), urgent
    advice first, the numbered sources. `confident` is False when the corpus's head is not
    sure the sources answer it, or, with no head, when the best evidence was weak (the answer
    then opens with `PARTIAL`)."""

    question: str
    lines: tuple[AnswerLine, ...]
    sources: tuple[SourceRef, ...]
    abstained: bool
    related: tuple[Hit, ...] = ()
    urgent: tuple[AnswerLine, ...] = ()
    shape: str = "fact"
    support: float = 0.0
    confident: bool = False
    searched_for: str | None = None
    passages: tuple[Hit, ...] = ()          # the passages the answer was chosen from
    # Differential questions: verbatim lines about each condition, side by side.
    sides: tuple[tuple[str, tuple[AnswerLine, ...]], ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()   # typos read as corpus words: (typed, read)
    # Abstained: the sentence naming what the sources do not cover ("The sources here don't
    # mention Radicava."); empty for the general NOT_COVERED. Answered: the part of a two-part
    # question they do not cover ("…don't say how PLS is treated."), shown above the lines.
    not_covered: str = ""
    rows: tuple[int, ...] = ()       # answered: the lines' sentence rows (index.sentence_matrix)

    @property
    def not_covered_text(self) -> str:
        return self.not_covered or NOT_COVERED

    @property
    def all_lines(self) -> tuple[AnswerLine, ...]:
        return (*self.urgent, *self.lines, *(line for _, lines in self.sides for line in lines))

    def quotes_by_source(self) -> dict[int, list[str]]:
        """Source number → the quoted texts it backs (what to highlight in that passage)."""
        quotes: dict[int, list[str]] = {}
        for line in self.all_lines:
            for n in line.citations:
                quotes.setdefault(n, []).extend(f.text for f in line.fragments)
        return quotes

    @property
    def text(self) -> str:
        """The answer as plain text with [n] markers (urgent advice first)."""
        if self.abstained:
            parts = [self.not_covered_text]
        else:
            parts = [self.not_covered] if self.not_covered else []
            parts += [] if self.confident else [PARTIAL]
            parts += [f"{line.text} {''.join(f'[{n}]' for n in line.citations)}" for line in self.lines]
        urgent = [f"{line.text} {''.join(f'[{n}]' for n in line.citations)}" for line in self.urgent]
        return "\n".join(urgent + parts)

    def to_record(self) -> dict:
        """The eval report's `answer` and the CLI's --json shape."""
        return {
            "text": self.text, "abstained": self.abstained, "confident": self.confident,
            "shape": self.shape,
            "support": round(self.support, 4),
            "sentences": [{"text": line.text, "kind": line.kind, "citations": list(line.citations),
                           "fragments": [{"source": f.source, "start": f.start, "end": f.end,
                                          "text": f.text} for f in line.fragments]}
                          for line in (*self.urgent, *self.lines)],
            "citations": [{"n": s.n, "source": s.chunk.source, "start": s.chunk.start,
                           "end": s.chunk.end, "title": s.chunk.title,
                           "section": s.chunk.section_label,
                           "highlights": [list(h) for h in s.highlights]} for s in self.sources],
            "related": [h.to_record() for h in self.related],
            "sides": [{"label": label, "sentences": [{"text": line.text, "citations": list(line.citations)}
                                                     for line in lines]} for label, lines in self.sides],
        }
