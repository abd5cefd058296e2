"""`python -m indexer build|search|ask`: a thin edge over the library.

Handlers import the library lazily so `--help` answers at once. Library errors become one
plain line on stderr and exit status 2; nothing here prints a traceback for a user mistake.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

PREVIEW_CHARS = 220


def _add_index_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, default=Path("index"),
                        help="index directory (default: index/)")
    parser.add_argument("--model", default=None,
                        help="sentence-transformers model: a local directory "
                             "(default: the bundled all-MiniLM-L6-v2)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer",
                                     description="Build and search the cited passage index.")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="chunk and embed the corpus into an index")
    build.add_argument("--corpus", type=Path, default=Path("corpus"),
                       help="folder of .txt/.md documents (default: corpus/)")
    build.add_argument("--quiet", action="store_true", help="print only errors")
    _add_index_options(build)

    search = commands.add_parser(
        "search", help="show the passages that best match a question",
        description="Questions come as an argument, or on stdin one per line (batch).")
    search.add_argument("question", nargs="?", help="the question; omit or '-' to read stdin")
    search.add_argument("-k", type=int, default=5, help="passages per question (default: 5)")
    search.add_argument("--mode", choices=("hybrid", "bm25", "dense"), default="hybrid",
                        help="retriever: BM25 and dense fused (default), or one alone")
    search.add_argument("--json", action="store_true",
                        help="print each question's hits as one line: a JSON array of "
                             "{rank, source, start, end, score, title, section, text}")
    _add_index_options(search)

    ask = commands.add_parser(
        "ask", help="answer with sentences quoted from the sources, each cited",
        description="Questions come as an argument, or on stdin one per line (batch).")
    ask.add_argument("question", nargs="?", help="the question; omit or '-' to read stdin")
    ask.add_argument("--json", action="store_true",
                     help="print each answer as one JSON line: sentences with spans and citations")
    _add_index_options(ask)
    return parser


def format_build_report(report) -> str:
    from .chunking import estimate_tokens

    lines = []
    for chunked in report.documents:
        doc, clean = chunked.document, chunked.cleaning
        share = clean.kept_chars / clean.total_chars if clean.total_chars else 0
        lines.append(f"{doc.source}  \"{doc.title}\"")
        lines.append(f"  kept {clean.kept_chars:,} of {clean.total_chars:,} characters ({share:.0%}) "
                     f"→ {len(chunked.chunks)} chunks")
        for block in clean.dropped:
            lines.append(f"  dropped [{block.rule}] \"{block.preview}\"")
    for skipped in report.skipped:
        lines.append(f"skipped {skipped.source}: {skipped.reason}")
    sizes = [estimate_tokens(c.text) for d in report.documents for c in d.chunks]
    if sizes:
        lines.append(f"chunk size (estimated word pieces): min {min(sizes)}, "
                     f"median {statistics.median(sizes):.0f}, max {max(sizes)}")
    lines.append(f"Built {report.index_dir}/: {len(report.documents)} documents, "
                 f"{report.chunk_count} chunks, model {report.model}, {report.seconds:.1f} s")
    return "\n".join(lines)


def run_build(args) -> int:
    from .store import build_index

    log = (lambda _: None) if args.quiet else (lambda message: print(message, flush=True))
    report = build_index(args.corpus, args.index, model=args.model, log=log)
    if not args.quiet:
        print(format_build_report(report))
    return 0


def _questions(args) -> list[str]:
    if args.question not in (None, "-"):
        return [args.question]
    return [line.strip() for line in sys.stdin if line.strip()]


def format_hits(query, hits) -> str:
    lines = [f"Q: {query.original}"]
    if query.corrections or query.expansions:
        lines.append(f"   searched for: {query.dense_text}")
    if not hits:
        lines.append("  (no passages)")
    for hit in hits:
        chunk = hit.chunk
        where = f"{chunk.title} › {chunk.section_label}" if chunk.section else chunk.title
        text = " ".join(chunk.text.split())
        preview = text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS].rsplit(" ", 1)[0] + " …"
        lines.append(f"{hit.rank:>2}. {hit.score:.3f}  {where}")
        lines.append(f"    {chunk.source} [{chunk.start}:{chunk.end}]")
        lines.append(f"    {preview}")
    return "\n".join(lines)


def run_search(args) -> int:
    from .store import load_index

    if args.k < 1:
        raise SystemExit("error: -k must be at least 1")
    questions = _questions(args)
    if not questions:
        print("error: no question given — pass one as an argument or on stdin", file=sys.stderr)
        return 2
    index = load_index(args.index, model=args.model)
    prepared = [index.prepare(q) for q in questions]
    for query, hits in zip(prepared, index.search_prepared(prepared, k=args.k, mode=args.mode)):
        if args.json:
            print(json.dumps([h.to_record() for h in hits], ensure_ascii=False))
        else:
            print(format_hits(query, hits) + "\n")
    return 0


def format_answer(answer) -> str:
    from .render import NOT_MEDICAL_ADVICE

    lines = [f"Q: {answer.question}"]
    if answer.searched_for:
        lines.append(f"   searched for: {answer.searched_for}")
    lines += ["", answer.text, ""]
    for ref in answer.sources:
        where = f"{ref.chunk.title} › {ref.chunk.section_label}" if ref.chunk.section else ref.chunk.title
        lines.append(f"[{ref.n}] {where}")
        lines.append(f"    {ref.chunk.source} [{ref.chunk.start}:{ref.chunk.end}]")
    if answer.abstained and answer.related:
        lines.append("Related passages (not an answer):")
        lines += [f"  - {h.chunk.title} › {h.chunk.section_label}  {h.chunk.source} "
                  f"[{h.chunk.start}:{h.chunk.end}]" for h in answer.related]
    lines.append(NOT_MEDICAL_ADVICE)
    return "\n".join(lines)


def run_ask(args) -> int:
    from .store import load_index

    questions = _questions(args)
    if not questions:
        print("error: no question given — pass one as an argument or on stdin", file=sys.stderr)
        return 2
    index = load_index(args.index, model=args.model)
    for question in questions:
        answer = index.answer(question)
        if args.json:
            print(json.dumps({"question": question, **answer.to_record()}, ensure_ascii=False))
        else:
            print(format_answer(answer) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .errors import IndexerError

    try:
        return {"build": run_build, "search": run_search, "ask": run_ask}[args.command](args)
    except IndexerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
