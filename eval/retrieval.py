"""Retrieval eval: Recall@1/3/5/10, MRR@10, nDCG@10 per mode, Recall@5 per question type.

    python eval/retrieval.py [--questions eval/questions.jsonl] [--mode bm25|dense|hybrid|naive|all]
                             [--k 10] [--split all|dev|test] [--out REPORT.json]

Runs on any question file in the docs/DESIGN.md schema and exits 2 with the line number and the
reason on a malformed one. The index is built first if it is missing or stale. With
--mode all, --out gets the hybrid report (the chat's mode) and REPORT.<mode>.json the others.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from indexer import (  # noqa: E402
    DEFAULT_CORPUS,
    DEFAULT_INDEX,
    AnswerSettings,
    IndexerError,
    SearchSettings,
    answer,
    ensure_index,
    load_embedder,
)
from indexer.evaluation import (  # noqa: E402
    QUESTION_TYPES,
    RECALL_KS,
    QuestionFileError,
    dev_test_split,
    grounded_fragments,
    is_relevant,
    key_phrase_recall,
    load_questions,
    mean_metrics,
    question_metrics,
)
from indexer.settings import DEFAULT_ENCODER, ENCODERS, FUSIONS  # noqa: E402

SETTINGS = AnswerSettings()
NEVER_ABSTAIN = AnswerSettings(min_support=-1.0)

ALL_MODES = ("naive", "bm25", "dense", "hybrid")
METRIC_COLUMNS = [f"recall@{k}" for k in RECALL_KS] + ["mrr@10", "ndcg@10"]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--mode", choices=ALL_MODES + ("all",), default="all")
    parser.add_argument("--k", type=int, default=10, help="hits kept per question (default 10)")
    parser.add_argument("--split", choices=("all", "dev", "test"), default="all",
                        help="dev/test: the fixed split of indexer.evaluation.dev_test_split")
    parser.add_argument("--encoder", choices=ENCODERS, default=None,
                        help="build (if needed) and query an index with this encoder: the int8 "
                             "ONNX export (default) or torch fp32; a non-default encoder gets "
                             "its own index directory, <index>-<encoder>")
    parser.add_argument("--fusion", choices=FUSIONS, default="weighted",
                        help="how hybrid fuses BM25 and dense (default: weighted)")
    parser.add_argument("--out", type=Path, help="write the report (docs/DESIGN.md format) here")
    parser.add_argument("--sweep", action="store_true",
                        help="print the abstention trade-off for thresholds around min_support")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    return parser.parse_args(argv)


def evaluate(searcher, mode, questions, k, fusion="weighted"):
    """Hits and metrics for every question; metrics over the answerable ones."""
    began = time.perf_counter()
    if mode == "naive":
        results = searcher.search_batch([q.question for q in questions], k=k)
    else:
        results = searcher.search_batch([q.question for q in questions], k=k,
                                        settings=SearchSettings(mode=mode, fusion=fusion))
    seconds = time.perf_counter() - began
    collection = list(searcher.chunks)      # read once: every chunk is checked for every question
    items, rows, by_type = [], [], {}
    for q, hits in zip(questions, results):
        items.append({"id": q.id, "hits": [{"source": h.chunk.source, "start": h.chunk.start,
                                            "end": h.chunk.end, "score": round(h.score, 6)}
                                           for h in hits]})
        if not q.answerable:
            continue
        relevant = sum(is_relevant(c, q) for c in collection)
        row = question_metrics([h.chunk for h in hits], q, relevant)
        rows.append(row)
        by_type.setdefault(q.type, []).append(row)
        items[-1]["first_relevant_rank"] = next(
            (h.rank for h in hits if is_relevant(h.chunk, q)), None)
    metrics = mean_metrics(rows)
    for qtype, type_rows in by_type.items():
        metrics[f"recall@5/{qtype}"] = mean_metrics(type_rows)["recall@5"]
    metrics["questions"] = len(rows)
    metrics["seconds_per_question"] = seconds / max(len(questions), 1)
    return metrics, items


def source_texts(index, corpus: Path) -> dict[str, str]:
    """Each indexed source's raw text by its recorded path (looked up in `corpus` by name when the
    index was built elsewhere): what groundedness is checked against."""
    return {s: (Path(s) if Path(s).exists() else corpus / Path(s).name).read_text(encoding="utf-8")
            for s in index.manifest.sources}


def answer_metrics(index, questions, items, raw_texts):
    """Answer every question as the chat would; fill each item's `answer`; return the metrics
    and the per-question (support, answerable, key-phrase recall) for the sweep. Only the
    chat's own answers are timed; the sweep's "what if it had answered" runs after."""
    answers, began = [], time.perf_counter()
    for q in questions:
        answers.append(answer(index, q.question, settings=SETTINGS))
    seconds = time.perf_counter() - began
    phrase, leads, negatives, flagged, wrong, hedged, grounded, fragments, rows = [], [], [], [], [], [], 0, 0, []
    for q, item, reply in zip(questions, items, answers):
        record = reply.to_record()
        item["answer"] = {"text": record["text"], "abstained": reply.abstained,
                          "citations": [{"source": f["source"], "start": f["start"], "end": f["end"]}
                                        for s in record["sentences"] for f in s["fragments"]],
                          "support": record["support"]}
        ok, total = grounded_fragments(record, raw_texts)
        grounded, fragments = grounded + ok, fragments + total
        would_be = reply if not reply.abstained else answer(index, q.question, settings=NEVER_ABSTAIN)
        recall_if_answered = key_phrase_recall(would_be.text, q.must_contain)
        rows.append((reply.support, q.answerable, recall_if_answered))
        if q.answerable:
            wrong.append(reply.abstained)
            hedged.append(not reply.abstained and not reply.confident)     # "may not answer this directly"
            phrase.append(0.0 if reply.abstained else recall_if_answered)
            # What a reader sees first: does the answer's first line hold any key phrase?
            leads.append(not reply.abstained and bool(reply.lines)
                         and key_phrase_recall(reply.lines[0].text, q.must_contain) > 0)
        else:
            negatives.append(reply.abstained)
            flagged.append(not reply.confident)
    metrics = {"key_phrase_recall": sum(phrase) / max(len(phrase), 1),
               "first_line_key_phrase": sum(leads) / max(len(leads), 1),
               "negatives_abstained": sum(negatives) / max(len(negatives), 1),
               "negatives_abstained_or_flagged": sum(flagged) / max(len(flagged), 1),
               "answerable_abstained": sum(wrong) / max(len(wrong), 1),
               "answerable_hedged": sum(hedged) / max(len(hedged), 1),
               "groundedness": grounded / fragments if fragments else 1.0,
               "answer_fragments": fragments,
               "ms_per_answer": 1000 * seconds / max(len(questions), 1)}
    return metrics, rows


def print_sweep(rows):
    print("\nAbstention threshold sweep (support = best 0.5·cosine + 0.5·term coverage of one sentence)")
    print(f"{'min_support':>11}{'negatives abstained':>21}{'answerable abstained':>22}{'key-phrase recall':>19}")
    answerable = [r for r in rows if r[1]]
    negatives = [r for r in rows if not r[1]]
    for t in [x / 100 for x in range(30, 71, 5)]:
        na = sum(r[0] < t for r in negatives) / max(len(negatives), 1)
        aa = sum(r[0] < t for r in answerable) / max(len(answerable), 1)
        kp = sum(0.0 if r[0] < t else r[2] for r in answerable) / max(len(answerable), 1)
        mark = ("  <- min_support" if abs(t - SETTINGS.min_support) < 1e-9 else
                "  <- confident_support" if abs(t - SETTINGS.confident_support) < 1e-9 else "")
        print(f"{t:>11.2f}{na:>21.3f}{aa:>22.3f}{kp:>19.3f}{mark}")


def print_tables(reports):
    modes = list(reports)
    print(f"{'mode':<8}" + "".join(f"{c:>10}" for c in METRIC_COLUMNS) + f"{'ms/q':>8}")
    for mode in modes:
        m = reports[mode]["metrics"]
        print(f"{mode:<8}" + "".join(f"{m.get(c, 0):>10.3f}" for c in METRIC_COLUMNS)
              + f"{1000 * m['seconds_per_question']:>8.1f}")
    types = [t for t in QUESTION_TYPES if any(f"recall@5/{t}" in r["metrics"] for r in reports.values())]
    print("\nRecall@5 by question type")
    print(f"{'mode':<8}" + "".join(f"{t:>13}" for t in types))
    for mode in modes:
        m = reports[mode]["metrics"]
        print(f"{mode:<8}" + "".join(f"{m.get(f'recall@5/{t}', float('nan')):>13.3f}" for t in types))


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        questions = load_questions(args.questions, args.corpus)
        if args.split != "all":
            questions = dev_test_split(questions)[args.split]
        encoder = args.encoder or DEFAULT_ENCODER
        index_dir = args.index if encoder == DEFAULT_ENCODER else Path(f"{args.index}-{encoder}")
        index = ensure_index(args.corpus, index_dir, embedder=load_embedder(encoder=encoder),
                             log=lambda m: print(m, file=sys.stderr))
    except (QuestionFileError, IndexerError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    modes = ALL_MODES if args.mode == "all" else (args.mode,)
    reports = {}
    for mode in modes:
        if mode == "naive":
            from naive import NaiveIndex
            searcher = NaiveIndex(args.corpus, index.embedder)
        else:
            searcher = index
        metrics, items = evaluate(searcher, mode, questions, args.k, args.fusion)
        reports[mode] = {"config": {"mode": mode, "k": args.k, "model": index.manifest.model,
                                    "fusion": args.fusion, "encoder": index.manifest.encoder,
                                    "questions": str(args.questions), "split": args.split},
                         "metrics": metrics, "items": items}
    if "hybrid" in reports:
        metrics, sweep_rows = answer_metrics(index, questions, reports["hybrid"]["items"],
                                             source_texts(index, args.corpus))
        reports["hybrid"]["answer_metrics"] = metrics
    answerable = sum(q.answerable for q in questions)
    print(f"{len(questions)} questions ({answerable} answerable, {len(questions) - answerable} "
          f"negative), split: {args.split}\n")
    print_tables(reports)
    if "hybrid" in reports:
        m = reports["hybrid"]["answer_metrics"]
        print(f"\nAnswers (hybrid, min_support {SETTINGS.min_support}): "
              f"key-phrase recall {m['key_phrase_recall']:.3f} (first line {m['first_line_key_phrase']:.3f}), "
              f"negatives abstained {m['negatives_abstained']:.3f} (or flagged \"may not answer "
              f"directly\": {m['negatives_abstained_or_flagged']:.3f}), answerable abstained "
              f"{m['answerable_abstained']:.3f} (hedged {m['answerable_hedged']:.3f}), "
              f"groundedness {m['groundedness']:.3f} "
              f"({m['answer_fragments']} fragments), {m['ms_per_answer']:.1f} ms/answer")
        if args.sweep:
            print_sweep(sweep_rows)
    if args.out:
        primary = "hybrid" if "hybrid" in reports else modes[0]
        args.out.write_text(json.dumps(reports[primary], indent=1), encoding="utf-8")
        for mode in modes:
            if mode != primary:
                args.out.with_suffix(f".{mode}.json").write_text(json.dumps(reports[mode], indent=1),
                                                                 encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
