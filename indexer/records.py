"""The typed records every stage passes around: sentences, chunks and search hits.

They are frozen so a chunk read back from the index is the chunk that was built, and they
convert to and from plain JSON records (the chunk record is a contract: see DESIGN.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """One sentence (or list item) of a chunk: its normalised text and exact raw-file span."""

    start: int
    end: int
    text: str


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

    def sentence_embedding_texts(self) -> list[str]:
        """Each sentence with its heading path, so "It can resemble ALS" keeps its subject."""
        if not self.section:
            return [s.text for s in self.sentences]
        return [f"{self.section_label}: {s.text}" for s in self.sentences]

    def lexical_text(self) -> str:
        """What BM25 reads: the heading path (it names the condition) and the passage. The
        document title is left out: repeated on every chunk of a document, it only adds noise."""
        return "\n".join([*self.section, self.context, self.indexed_text])

    def to_record(self) -> dict:
        return {
            "id": self.id, "source": self.source, "start": self.start, "end": self.end,
            "title": self.title, "section": list(self.section), "text": self.text,
            "context": self.context,
            "sentences": [[s.start, s.end, s.text] for s in self.sentences],
            **({"search_text": self.search_text} if self.search_text else {}),
        }

    @classmethod
    def from_record(cls, record: dict) -> "Chunk":
        return cls(
            id=int(record["id"]), source=record["source"], start=int(record["start"]),
            end=int(record["end"]), title=record["title"], section=tuple(record["section"]),
            text=record["text"], context=record.get("context", ""),
            search_text=record.get("search_text", ""),
            sentences=tuple(Sentence(int(a), int(b), t) for a, b, t in record["sentences"]),
        )


@dataclass(frozen=True)
class Hit:
    """A chunk returned for a question, with its score (cosine similarity) and 1-based rank."""

    chunk: Chunk
    score: float
    rank: int

    def to_record(self) -> dict:
        """The `--json` / eval shape: where the passage is, how it scored, what it says."""
        c = self.chunk
        return {"rank": self.rank, "source": c.source, "start": c.start, "end": c.end,
                "score": round(self.score, 6), "title": c.title, "section": c.section_label,
                "text": c.text}
