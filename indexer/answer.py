"""Extractive answers: sentences copied verbatim from the top passages, each cited.

Nothing here writes medical text. An answer line is made of `Fragment`s, each the normalised
text of an exact raw span (a sentence, or a table cell), joined only by neutral glue
(" — ", ": ", "; "), so every word can be checked against its source.

How sentences are chosen:
* candidates are the sentences of the top `ANSWER_PASSAGES` passages;
* each scores `SENTENCE_WEIGHTS` of: cosine to the question (sentence vectors are computed at
  build time; the question vector is the one search already made), the share of the question's
  distinctive terms it contains (IDF-weighted), and its passage's fused search score;
* the question's shape adds preferences: a **differential** ("told apart", "vs", "difference")
  favours sentences that contrast or name a test; a **list** question returns the whole list the
  best sentence belongs to; a **table row** is shown with its header;
* sentences saying the same thing in two sources are shown once, citing both;
* lines are ordered by source, then position in it.

**Abstention**: if the best candidate's evidence (`support`) is below `MIN_SUPPORT`, the answer
says the sources don't cover the question and offers the passages as related reading only.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from .lexical import terms
from .records import Chunk, Hit, Sentence

ANSWER_PASSAGES = 5
MAX_LINES = {"fact": 3, "differential": 4, "list": 1}
# Keep sentences scoring at least this share of the best one (fact and differential answers).
RELATIVE_FLOOR = 0.8
SENTENCE_WEIGHTS = {"dense": 0.5, "coverage": 0.3, "passage": 0.2}
DIFFERENTIAL_BONUS = 0.1
# A list question takes the list of the best-ranked sentence among this many that is in a
# list of 2+ items (a bare intro whose items sit under sub-headings is not a list answer).
LIST_SEARCH_DEPTH = 10
SIDE_LINES = 2
# Two sentences from different sources with at least this cosine state the same fact.
DUPLICATE_COSINE = 0.9
# Abstain when support (the best 0.5 · cosine + 0.5 · term coverage of one sentence) is below
# MIN_SUPPORT; between it and CONFIDENT_SUPPORT the answer is given but marked as possibly not
# answering the question directly. Chosen on the dev questions (sweep in docs/answers.md): no
# single threshold both abstains on near-topic negatives ("riluzole dose": 0.51) and answers
# lay paraphrases ("muscles jump after coffee": 0.32); 0.30 keeps wrong abstentions at 1/36.
MIN_SUPPORT = 0.30
CONFIDENT_SUPPORT = 0.55
PARTIAL = "The sources may not answer this directly; the closest statements are:"

NOT_COVERED = "The sources here don't cover that."

# No ".*" between two words in these patterns: with many repeats of the first word, "a.*b" is
# quadratic (100k characters of "sudden" took 15 s). Pairs of words are two linear searches.
DIFFERENTIAL_RE = re.compile(r"\b(told apart|distinguish\w*|differ\w*|"
                             r"vs\.?|versus|compared?|separates?|rule out)\b", re.I)
TELL_RE, APART_RE = re.compile(r"\btell\b", re.I), re.compile(r"\bapart\b", re.I)
LIST_RE = re.compile(r"^\s*(what|which)\s+(are|is)?\s*(the\s+)?(common\s+|main\s+|usual\s+)?"
                     r"(symptoms|signs|tests|causes|risk factors|treatments|steps|options|"
                     r"red flags|types)\b|\blist\b|^\s*which\s+\w+\s+(are|help)\b", re.I)
CONTRAST_RE = re.compile(r"\b(unlike|distinguish\w*|differentiat\w*|in contrast|whereas|"
                         r"while|but|however|tests?|MRI|EMG|blood|antibod\w*)\b", re.I)
EMERGENCY_RE = re.compile(
    r"\b(can'?t|cannot|can not|unable to|hard to|struggling to|trouble|difficulty)\s+"
    r"(breathe|breathing|swallow\w*)\b|\bchok\w*\b|"
    r"\bemergency\b|\bpassed out\b|\bunconscious\b", re.I)
SUDDEN_RE, WEAK_RE = re.compile(r"\bsudden(ly)?\b", re.I), re.compile(r"\bweak\w*", re.I)
URGENT_ADVICE_RE = re.compile(r"\b(urgent|emergency|immediately|life-threatening)\b", re.I)


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
    kind: str = "text"                # text, list, row, urgent


@dataclass(frozen=True)
class SourceRef:
    """A numbered source: the passage, and the spans inside it to highlight."""

    n: int
    chunk: Chunk
    highlights: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Answer:
    question: str
    lines: tuple[AnswerLine, ...]
    sources: tuple[SourceRef, ...]
    abstained: bool
    related: tuple[Hit, ...] = ()
    urgent: tuple[AnswerLine, ...] = ()
    shape: str = "fact"
    support: float = 0.0
    searched_for: str | None = None
    passages: tuple[Hit, ...] = ()          # the passages the answer was chosen from
    # Differential questions: verbatim lines about each condition, side by side.
    sides: tuple[tuple[str, tuple[AnswerLine, ...]], ...] = ()

    @property
    def confident(self) -> bool:
        return not self.abstained and self.support >= CONFIDENT_SUPPORT

    @property
    def text(self) -> str:
        """The answer as plain text with [n] markers (urgent advice first)."""
        if self.abstained:
            parts = [NOT_COVERED]
        else:
            parts = [] if self.confident else [PARTIAL]
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


def is_emergency(question: str) -> bool:
    """Breathing or swallowing trouble, choking, sudden weakness…: urgent advice comes first."""
    return bool(EMERGENCY_RE.search(question)
                or (SUDDEN_RE.search(question) and WEAK_RE.search(question)))


def _tells_apart(question: str) -> bool:
    tell = TELL_RE.search(question)
    return bool(tell and APART_RE.search(question, tell.end()))


def question_shape(question: str) -> str:
    if DIFFERENTIAL_RE.search(question) or _tells_apart(question):
        return "differential"
    if LIST_RE.search(question):
        return "list"
    return "fact"


@dataclass
class _Candidate:
    chunk: Chunk
    sentence: Sentence
    row: int                     # row in the sentence vector index
    score: float = 0.0
    dense: float = 0.0
    coverage: float = 0.0
    # Where this sentence is stated: itself first, then the same fact in other sources.
    citations: list[tuple[Chunk, Sentence]] = field(default_factory=list)


def _idf(index, term: str) -> float:
    n = max(len(index.chunks), 1)
    return math.log(1 + n / (1 + index.lexical.document_frequency(term)))


def _coverage(sentence_terms: set[str], weights: dict[str, float]) -> float:
    """IDF-weighted share of the question's terms that the sentence contains."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in sentence_terms) / total if total else 0.0


def _fragment(chunk: Chunk, s: Sentence) -> Fragment:
    return Fragment(chunk.source, s.start, s.end, s.text)


def _row_line(chunk: Chunk, row: Sentence) -> tuple[str, tuple[Fragment, ...]]:
    """"Vision problems — ALS (…): Not typical early; MS (…): Common (…)", every piece verbatim:
    the row's cells and the header's cells, each cited at its own span."""
    header = chunk.table_header(row)
    cells = [_fragment(chunk, c) for c in row.cells]
    if not header or len(header.cells) != len(row.cells) or len(cells) < 2:
        return row.text, (_fragment(chunk, row),)
    heads = [_fragment(chunk, c) for c in header.cells]
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


def _text_line(candidate: "_Candidate") -> tuple[str, tuple[Fragment, ...]]:
    """A prose sentence, or a whole list item (all its sentences) preceded by its list's intro:
    "It does not typically affect: … Eye movement" — an item alone can say the opposite of
    what the source says."""
    chunk, sentence = candidate.chunk, candidate.sentence
    members = _item_sentences(chunk, sentence)
    intro = [s for s in chunk.sentences if s.group == sentence.group and s.kind == "intro"
             and s.text.endswith(":")] if sentence.kind == "item" else []
    fragments = tuple(_fragment(chunk, s) for s in (intro[-1:] + members))
    if intro:
        return f"{fragments[0].text} … " + " ".join(f.text for f in fragments[1:]), fragments
    return " ".join(f.text for f in fragments), fragments


def _list_size(candidate: "_Candidate") -> int:
    s = candidate.sentence
    if s.kind not in ("intro", "item"):
        return 0
    return sum(1 for x in candidate.chunk.sentences if x.group == s.group and x.kind == "item")


def _list_line(chunk: Chunk, anchor: Sentence) -> tuple[str, tuple[Fragment, ...]]:
    members = [s for s in chunk.sentences if s.group == anchor.group and s.kind in ("intro", "item")]
    fragments = tuple(_fragment(chunk, s) for s in members)
    lines = [f.text if s.kind == "intro" else f"- {f.text}" for s, f in zip(members, fragments)]
    return "\n".join(lines), fragments


class Answerer:
    """Builds answers from an `Index` (kept separate so the index stays a store)."""

    def __init__(self, index):
        self.index = index
        self._sentence_offsets = index.sentence_offsets
        self._matrix = index.sentence_matrix
        # Once per index, not per question: each sentence's terms (with its heading path) for
        # the coverage score.
        self._terms = [set(terms(c.sentence_text(s))) | set(terms(" ".join(c.section)))
                       for c in index.chunks for s in c.sentences]
        self._urgent = [(c, s, int(self._sentence_offsets[c.id]) + k) for c in index.chunks
                        for k, s in enumerate(c.sentences)
                        if s.kind in ("text", "item") and URGENT_ADVICE_RE.search(s.text)]

    def _vectors(self, rows: list[int]) -> np.ndarray:
        return np.asarray(self._matrix[np.asarray(rows, dtype=np.int64)])

    def answer(self, question: str, *, min_support: float = MIN_SUPPORT) -> Answer:
        index = self.index
        prepared = index.prepare(question)
        searched_for = prepared.dense_text if (prepared.corrections or prepared.expansions) else None
        vector = index.embedder.encode([prepared.dense_text])
        [hits] = index.search_prepared([prepared], k=ANSWER_PASSAGES, vectors=vector)
        shape = question_shape(prepared.corrected)
        urgent = self._urgent_lines(vector[0]) if is_emergency(question) else []
        if not hits:
            return self._abstain(question, hits, urgent, shape, 0.0, searched_for)

        weights = {t: _idf(index, t) for t in set(prepared.lexical_terms)}
        candidates: list[_Candidate] = []
        for hit in hits:
            first = int(self._sentence_offsets[hit.chunk.id])
            for k, s in enumerate(hit.chunk.sentences):
                if s.kind != "header" and not s.text.rstrip('"\'”’)').endswith("?"):
                    # (a question in the text, like an FAQ entry, is never an answer)
                    candidates.append(_Candidate(hit.chunk, s, first + k, citations=[(hit.chunk, s)]))
        vectors = self._vectors([c.row for c in candidates])
        dense = vectors @ vector[0]
        passage = {h.chunk.id: h.score for h in hits}
        top_passage = max(passage.values()) or 1.0
        for c, d in zip(candidates, dense):
            c.dense = float(d)
            c.coverage = _coverage(self._terms[c.row], weights)
            c.score = (SENTENCE_WEIGHTS["dense"] * c.dense + SENTENCE_WEIGHTS["coverage"] * c.coverage
                       + SENTENCE_WEIGHTS["passage"] * passage[c.chunk.id] / top_passage)
            if shape == "differential" and (c.sentence.kind == "row"   # a comparison table row
                                            or CONTRAST_RE.search(c.sentence.text)):
                c.score += DIFFERENTIAL_BONUS
        ranked = sorted(range(len(candidates)), key=lambda i: -candidates[i].score)
        # Evidence that some one sentence answers: its cosine and its own term coverage. (Coverage
        # pooled over sentences would let "side effects" from one and "riluzole" from another
        # vouch for a question the sources do not answer.)
        support = max(0.5 * c.dense + 0.5 * c.coverage for c in candidates)
        if support < min_support:
            return self._abstain(question, hits, urgent, shape, support, searched_for)

        chosen = self._choose(candidates, ranked, vectors, shape)
        side_items = self._sides(prepared.corrected, candidates, ranked) if shape == "differential" else []
        return self._assemble(question, chosen, hits, urgent, shape, support, searched_for, side_items)

    def _sides(self, question, candidates, ranked) -> list[tuple[str, list["_Candidate"]]]:
        """For "X vs Y": up to `SIDE_LINES` sentences naming X and not Y, and the same for Y."""
        from .followup import group_of, named_topics

        groups: list[set[str]] = []
        labels: list[str] = []
        for term in named_topics(self.index, question):
            group = group_of(self.index, term)
            if group not in groups:
                groups.append(group)
                labels.append(term.upper() if len(term) <= 4 else term.capitalize())
        if len(groups) < 2:
            return []
        patterns = [re.compile(r"(?<![\w'])(" + "|".join(
            r"\W+".join(map(re.escape, m.split())) for m in sorted(g, key=len, reverse=True))
            + r")(?![\w'])", re.I) for g in groups[:2]]
        sides = []
        for k in (0, 1):
            mine, other = patterns[k], patterns[1 - k]
            picked = [candidates[i] for i in ranked
                      if candidates[i].sentence.kind != "row" and not candidates[i].sentence.text.endswith(":")
                      and mine.search(candidates[i].chunk.sentence_text(candidates[i].sentence))
                      and not other.search(candidates[i].chunk.sentence_text(candidates[i].sentence))]
            sides.append((labels[k], picked[:SIDE_LINES]))
        return sides if all(lines for _, lines in sides) else []

    def _choose(self, candidates, ranked, vectors, shape) -> list[tuple[_Candidate, str, tuple]]:
        best = candidates[ranked[0]]
        if best.sentence.kind == "row":
            return [(best, "row", _row_line(best.chunk, best.sentence))]
        if shape == "list":
            listed = next((candidates[i] for i in ranked[:LIST_SEARCH_DEPTH]
                           if _list_size(candidates[i]) >= 2), None)
            if listed is not None:
                return [(listed, "list", _list_line(listed.chunk, listed.sentence))]
        chosen: list[int] = []
        for i in ranked:
            c = candidates[i]
            if len(chosen) == MAX_LINES[shape] or c.score < RELATIVE_FLOOR * best.score:
                break
            if c.sentence.text.endswith(":"):
                continue  # "…include:" says nothing alone
            if any(float(vectors[i] @ vectors[j]) >= DUPLICATE_COSINE for j in chosen):
                continue  # said already; the loop below cites its other source
            chosen.append(i)
        # A chosen fact also stated in another source (among the candidates) cites it too:
        # shown once, "stated in 2 sources".
        for j in chosen:
            for i in ranked:
                other = candidates[i]
                if (other.chunk.source not in {ch.source for ch, _ in candidates[j].citations}
                        and float(vectors[i] @ vectors[j]) >= DUPLICATE_COSINE):
                    candidates[j].citations.append((other.chunk, other.sentence))
        # Two or more items of one list: show the list as the source has it, once.
        lists: dict[tuple[int, int], list[int]] = {}
        for i in chosen:
            if candidates[i].sentence.kind == "item":
                lists.setdefault((candidates[i].chunk.id, candidates[i].sentence.group), []).append(i)
        out, shown = [], set()
        for i in chosen:
            c = candidates[i]
            key = (c.chunk.id, c.sentence.group)
            if c.sentence.kind == "item" and len(lists.get(key, ())) > 1:
                if key not in shown:
                    shown.add(key)
                    out.append((c, "list", _list_line(c.chunk, c.sentence)))
                continue
            if c.sentence.kind == "row":
                out.append((c, "row", _row_line(c.chunk, c.sentence)))
            else:
                out.append((c, "text", _text_line(c)))
        return out

    def _urgent_lines(self, vector: np.ndarray) -> list[tuple[Chunk, Sentence]]:
        if not self._urgent:
            return []
        scores = self._vectors([row for _, _, row in self._urgent]) @ vector
        chunk, sentence, _ = self._urgent[int(np.argmax(scores))]
        return [(chunk, sentence)]

    def _number(self, chunks_in_order: list[Chunk]) -> dict[int, int]:
        numbers: dict[int, int] = {}
        for chunk in chunks_in_order:
            numbers.setdefault(chunk.id, len(numbers) + 1)
        return numbers

    def _assemble(self, question, chosen, hits, urgent, shape, support, searched_for,
                  side_items=()) -> Answer:
        order = {h.chunk.source: k for k, h in enumerate(hits)}
        chosen.sort(key=lambda item: (order.get(item[0].chunk.source, 99), item[0].sentence.start))
        cited = [chunk for chunk, _ in urgent] + [ch for cand, _, _ in chosen for ch, _ in cand.citations]
        cited += [cand.chunk for _, cands in side_items for cand in cands]
        numbers = self._number(cited)
        highlights: dict[int, list[tuple[int, int]]] = {}
        urgent_lines = []
        for chunk, sentence in urgent:
            urgent_lines.append(AnswerLine(sentence.text, (_fragment(chunk, sentence),),
                                           (numbers[chunk.id],), "urgent"))
            highlights.setdefault(chunk.id, []).append((sentence.start, sentence.end))
        lines = []
        for cand, kind, (text, fragments) in chosen:
            refs = tuple(dict.fromkeys(numbers[ch.id] for ch, _ in cand.citations))
            lines.append(AnswerLine(text, fragments, refs, kind))
            for f in fragments:
                highlights.setdefault(cand.chunk.id, []).append((f.start, f.end))
            for other, twin in cand.citations[1:]:
                highlights.setdefault(other.id, []).append((twin.start, twin.end))
        sides = []
        for label, cands in side_items:
            side_lines = []
            for cand in cands:
                text, fragments = _text_line(cand)
                side_lines.append(AnswerLine(text, fragments, (numbers[cand.chunk.id],), "side"))
                for f in fragments:
                    highlights.setdefault(cand.chunk.id, []).append((f.start, f.end))
            sides.append((label, tuple(side_lines)))
        by_id = {c.id: c for c in cited}
        sources = tuple(SourceRef(n, by_id[cid], tuple(dict.fromkeys(highlights.get(cid, ()))))
                        for cid, n in sorted(numbers.items(), key=lambda kv: kv[1]))
        return Answer(question, tuple(lines), sources, False, (), tuple(urgent_lines), shape,
                      support, searched_for, tuple(hits), tuple(sides))

    def _abstain(self, question, hits, urgent, shape, support, searched_for) -> Answer:
        numbers = self._number([c for c, _ in urgent])
        urgent_lines = tuple(AnswerLine(s.text, (_fragment(c, s),), (numbers[c.id],), "urgent")
                             for c, s in urgent)
        sources = tuple(SourceRef(numbers[c.id], c, ((s.start, s.end),)) for c, s in urgent)
        return Answer(question, (), sources, True, tuple(hits[:3]), urgent_lines, shape, support,
                      searched_for, tuple(hits))

