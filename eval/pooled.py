"""Answers over many question sets at once: each set's half, and all of them pooled.

    python eval/pooled.py [--split dev|test|all] [--sets eval/a_questions.jsonl,…]
                          [--corpus corpus] [--index index] [--per-question OUT.jsonl]

One set's figures move by a question or two between changes; a rule is judged on the dev halves
of every set together (docs/answers.md: "Dev, 22 sets pooled"), and reported on their test halves
together. This prints, per set and pooled over all (each weighted by its questions): key-phrase
recall, its share in the first line, negatives answered "not covered", answerable questions
refused, answerable questions answered under the hedge ("may not answer this directly"),
groundedness. The answer metrics are eval/retrieval.py's own (`answer_metrics`), so a
set's row here equals its "Answers" line there. --per-question writes one JSON line per question
(set, id, outcome: kp1 / kp0 / refused / neg-ok / neg-answered, first line): two runs' files
diffed show which questions a change moved. By default every eval/*questions.jsonl of the seed
corpus is read (not MedQuAD's, which are for its own corpus).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from retrieval import answer_metrics, source_texts  # noqa: E402

from indexer import DEFAULT_CORPUS, DEFAULT_INDEX, IndexerError, ensure_index, load_embedder  # noqa: E402
from indexer.evaluation import QuestionFileError, dev_test_split, key_phrase_recall, load_questions  # noqa: E402

EVAL_DIR = Path(__file__).resolve().parent
COLUMNS = ("key phrase", "first line", "negatives", "refused", "hedged", "grounded")


def seed_sets() -> list[Path]:
    return sorted(p for p in EVAL_DIR.glob("*questions.jsonl") if not p.name.startswith("medquad"))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("all", "dev", "test"), default="dev")
    parser.add_argument("--sets", help="comma-separated question files (default: every seed-corpus set)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--per-question", type=Path, help="write one JSON line per question here")
    return parser.parse_args(argv)


def outcome(question, reply_record: dict) -> str:
    if not question.answerable:
        return "neg-ok" if reply_record["abstained"] else "neg-answered"
    if reply_record["abstained"]:
        return "refused"
    return "kp1" if key_phrase_recall(reply_record["text"], question.must_contain) >= 1 else "kp0"


def pooled(rows: list[tuple[str, int, int, dict]]) -> dict:
    """Each metric weighted by the questions it is over: answerable, negatives or fragments."""
    answerable = sum(a for _, a, _, _ in rows) or 1
    negatives = sum(n for _, _, n, _ in rows) or 1
    fragments = sum(m["answer_fragments"] for *_, m in rows) or 1
    return {"key_phrase_recall": sum(a * m["key_phrase_recall"] for _, a, _, m in rows) / answerable,
            "first_line_key_phrase": sum(a * m["first_line_key_phrase"] for _, a, _, m in rows) / answerable,
            "answerable_abstained": sum(a * m["answerable_abstained"] for _, a, _, m in rows) / answerable,
            "answerable_hedged": sum(a * m["answerable_hedged"] for _, a, _, m in rows) / answerable,
            "negatives_abstained": sum(n * m["negatives_abstained"] for _, _, n, m in rows) / negatives,
            "groundedness": sum(m["groundedness"] * m["answer_fragments"] for *_, m in rows) / fragments}


def print_row(name: str, answerable: int, negatives: int, m: dict) -> None:
    figures = (m["key_phrase_recall"], m["first_line_key_phrase"], m["negatives_abstained"],
               m["answerable_abstained"], m["answerable_hedged"], m["groundedness"])
    print(f"{name:<34}{answerable:>6}{negatives:>6}" + "".join(f"{f:>12.3f}" for f in figures))


def main(argv=None) -> int:
    args = parse_args(argv)
    paths = [Path(p) for p in args.sets.split(",")] if args.sets else seed_sets()
    try:
        sets = [(p, load_questions(p, args.corpus)) for p in paths]
        index = ensure_index(args.corpus, args.index, embedder=load_embedder(),
                             log=lambda m: print(m, file=sys.stderr))
    except (QuestionFileError, IndexerError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    raw_texts = source_texts(index, args.corpus)
    print(f"split: {args.split}\n{'set':<34}{'ans':>6}{'neg':>6}" + "".join(f"{c:>12}" for c in COLUMNS))
    rows, lines = [], []
    for path, questions in sets:
        if args.split != "all":
            questions = dev_test_split(questions)[args.split]
        items = [{} for _ in questions]
        metrics, _ = answer_metrics(index, questions, items, raw_texts)
        add_set(path.stem, questions, items, metrics, rows, lines)
    finish(rows, lines, args.per_question)
    return 0


def add_set(name: str, questions, items, metrics: dict, rows: list, lines: list) -> None:
    """Print a set's row and keep it and its questions' outcomes for `finish`."""
    answerable = sum(q.answerable for q in questions)
    rows.append((name, answerable, len(questions) - answerable, metrics))
    print_row(name, answerable, len(questions) - answerable, metrics)
    lines += [{"set": name, "id": q.id, "question": q.question, "outcome": outcome(q, item["answer"]),
               "first_line": item["answer"]["text"].split("\n", 1)[0]} for q, item in zip(questions, items)]


def finish(rows: list, lines: list, per_question: Path | None) -> None:
    """Print the pooled row; write the per-question outcomes when asked."""
    print_row(f"POOLED ({len(rows)} sets)", sum(r[1] for r in rows), sum(r[2] for r in rows), pooled(rows))
    if per_question:
        per_question.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
