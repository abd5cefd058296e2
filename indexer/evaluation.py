"""Question sets and retrieval metrics, shared by `eval/*.py` and the tests.

Question file (docs/DESIGN.md): JSON Lines, one question per line, with `id`, `question`,
`evidence` (list of {doc, text}: text verbatim from that raw file), `must_contain` and `type`.
Any file in that schema is accepted; `load_questions` names the line and the reason for the
first problem it finds.

Relevance (docs/DESIGN.md): a retrieved chunk is relevant when, in the same raw file, its span
covers at least half of an evidence span. Metrics over answerable questions (negatives are
left out of retrieval metrics):

* recall@k — share of questions with at least one relevant chunk in the top k (evidence items
  of one question are alternatives: any passage that answers counts);
* mrr@10 — mean of 1 / rank of the first relevant chunk (0 if none in the top 10);
* ndcg@10 — binary gains, the ideal ranking being every relevant chunk of the collection first.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from .documents import corpus_files, source_name
from .formats import visible_text
from .textmap import comparable

QUESTION_TYPES = ("fact", "differential", "paraphrase", "acronym", "list", "typo", "negative")
RECALL_KS = (1, 3, 5, 10)
RANK_DEPTH = 10
MIN_EVIDENCE_COVERAGE = 0.5


class QuestionFileError(ValueError):
    """A malformed question file; the message starts with "FILE line N:"."""


@dataclass(frozen=True)
class Span:
    """A stretch of a raw file: an evidence passage, or anything retrieved."""

    source: str
    start: int
    end: int


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    type: str
    evidence: tuple[Span, ...]
    must_contain: tuple[str, ...]
    line: int

    @property
    def answerable(self) -> bool:
        return self.type != "negative"


class _Corpus:
    """Raw texts by cited source name, with lookups for evidence whose `doc` path differs."""

    def __init__(self, corpus_dir: Path):
        self.root = corpus_dir
        self.texts = {source_name(p): p.read_text(encoding="utf-8", errors="replace")
                      for p in corpus_files(corpus_dir)}
        self.by_name = {Path(s).name: s for s in self.texts}

    def locate(self, doc: str, text: str) -> Span | None:
        """The evidence span: in the named file, or (for files from elsewhere) wherever it is.

        `doc` is written as "corpus/<path inside the corpus>", whatever the corpus folder is
        called or wherever it lives, so that path under `corpus_dir` is tried right after `doc`
        itself. Only then the bare file name: a corpus with folders (MedQuAD) repeats names,
        and repeats texts across documents, so a name alone can point at the wrong copy.
        """
        inside = Path(*Path(doc).parts[1:]) if len(Path(doc).parts) > 1 else Path(doc)
        candidates = [s for s in (source_name(Path(doc)), source_name(self.root / inside),
                                  self.by_name.get(Path(doc).name)) if s in self.texts]
        candidates = list(dict.fromkeys(candidates))
        candidates += [s for s in self.texts if s not in candidates]
        for source in candidates:
            start = self.texts[source].find(text)
            if start >= 0:
                return Span(source, start, start + len(text))
        return None


def _fail(path: Path, line: int, reason: str):
    raise QuestionFileError(f"{path} line {line}: {reason}")


def load_questions(path: Path, corpus_dir: Path) -> list[Question]:
    """Parse and validate a question file against the corpus (evidence must be verbatim)."""
    corpus = _Corpus(corpus_dir)
    questions: list[Question] = []
    seen: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionFileError(f"{path}: cannot read the question file ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            _fail(path, number, f"not valid JSON ({exc})")
        if not isinstance(record, dict):
            _fail(path, number, "expected a JSON object")
        for key, kind in (("id", str), ("question", str), ("type", str),
                          ("evidence", list), ("must_contain", list)):
            if not isinstance(record.get(key), kind):
                _fail(path, number, f"'{key}' is missing or not a {kind.__name__}")
        qid, text, qtype = record["id"].strip(), record["question"].strip(), record["type"]
        if not qid or not text:
            _fail(path, number, "'id' and 'question' must not be empty")
        if qid in seen:
            _fail(path, number, f"duplicate id '{qid}'")
        if qtype not in QUESTION_TYPES:
            _fail(path, number, f"unknown type '{qtype}'; choose from {', '.join(QUESTION_TYPES)}")
        if not all(isinstance(m, str) and m for m in record["must_contain"]):
            _fail(path, number, "'must_contain' must be a list of non-empty strings")
        if qtype == "negative" and (record["evidence"] or record["must_contain"]):
            _fail(path, number, "a negative question has empty 'evidence' and 'must_contain'")
        if qtype != "negative" and not record["evidence"]:
            _fail(path, number, "an answerable question needs at least one evidence item")
        evidence = []
        for i, item in enumerate(record["evidence"]):
            if not (isinstance(item, dict) and isinstance(item.get("doc"), str)
                    and isinstance(item.get("text"), str) and item["text"]):
                _fail(path, number, f"evidence[{i}] must be {{\"doc\": str, \"text\": non-empty str}}")
            found = corpus.locate(item["doc"], item["text"])
            if found is None:
                _fail(path, number, f"evidence[{i}].text is not a verbatim substring of "
                                    f"{item['doc']} (nor of any file in {corpus_dir})")
            evidence.append(found)
        seen.add(qid)
        questions.append(Question(qid, text, qtype, tuple(evidence),
                                  tuple(record["must_contain"]), number))
    if not questions:
        raise QuestionFileError(f"{path}: no questions in the file")
    return questions


def dev_test_split(questions: list[Question]) -> dict[str, list[Question]]:
    """The fixed split: within each type, the 1st, 3rd, 5th… question is dev, the rest test.

    Settings are tuned on dev only; test is reported as held out.
    """
    position: dict[str, int] = {}
    split: dict[str, list[Question]] = {"dev": [], "test": []}
    for q in questions:
        position[q.type] = position.get(q.type, 0) + 1
        split["dev" if position[q.type] % 2 else "test"].append(q)
    return split


def is_relevant(span: Span, question: Question) -> bool:
    for ev in question.evidence:
        if span.source == ev.source:
            overlap = min(span.end, ev.end) - max(span.start, ev.start)
            if overlap >= MIN_EVIDENCE_COVERAGE * (ev.end - ev.start):
                return True
    return False


def question_metrics(ranked: list[Span], question: Question, relevant_in_collection: int) -> dict:
    """recall@k, mrr@10 and ndcg@10 for one answerable question (see module doc)."""
    flags = [is_relevant(span, question) for span in ranked[:RANK_DEPTH]]
    out = {f"recall@{k}": float(any(flags[:k])) for k in RECALL_KS}
    first = next((i for i, flag in enumerate(flags) if flag), None)
    out["mrr@10"] = 0.0 if first is None else 1.0 / (first + 1)
    dcg = sum(1.0 / math.log2(i + 2) for i, flag in enumerate(flags) if flag)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(relevant_in_collection, RANK_DEPTH)))
    out["ndcg@10"] = dcg / ideal if ideal else 0.0
    return out


def mean_metrics(rows: list[dict]) -> dict:
    if not rows:
        return {}
    return {key: sum(row[key] for row in rows) / len(rows) for key in rows[0]}


def key_phrase_recall(answer_text: str, phrases: tuple[str, ...]) -> float:
    """Share of `must_contain` phrases found in the answer (case and whitespace ignored)."""
    if not phrases:
        return 1.0
    text = comparable(answer_text).casefold()
    return sum(comparable(p).casefold() in text for p in phrases) / len(phrases)


def grounded_fragments(answer_record: dict, raw_texts: dict[str, str]) -> tuple[int, int]:
    """(verbatim fragments, all fragments) of an answer: a fragment is verbatim when its text
    equals its cited raw span after the documented normalisation (`textmap.comparable`; for
    HTML, of the span's visible text)."""
    ok = total = 0
    for sentence in answer_record["sentences"]:
        for f in sentence["fragments"]:
            total += 1
            raw = raw_texts.get(f["source"], "")
            ok += comparable(f["text"]) == comparable(visible_text(f["source"], raw[f["start"]:f["end"]]))
    return ok, total
