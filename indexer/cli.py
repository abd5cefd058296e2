"""`python -m indexer build|search|ask|info`: a thin edge over the library.

The parser imports nothing heavy (its choices come from settings.py), and each handler imports
the library when it runs, so `--help` loads neither FAISS, bm25s nor a model (tested). Library
errors become one plain line on stderr and exit status 2; nothing here prints a traceback for
a user mistake. Text output is in cli_output.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .settings import DEFAULT_CORPUS, DEFAULT_INDEX, ENCODERS, MODES


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _add_index_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX,
                        help=f"index directory (default: {DEFAULT_INDEX}/)")
    parser.add_argument("--model", default=None,
                        help="sentence-transformers model: a local directory "
                             "(default: the bundled all-MiniLM-L6-v2)")
    parser.add_argument("--encoder", choices=ENCODERS, default=None,
                        help="run the model as its int8 ONNX export (default) or on torch")


def _add_corpus_option(parser: argparse.ArgumentParser, purpose: str) -> None:
    from .formats import SUPPORTED_SUFFIXES

    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"{purpose} ({', '.join(SUPPORTED_SUFFIXES)} files; "
                             f"default: {DEFAULT_CORPUS}/)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer",
                                     description="Build and search the cited passage index.")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="chunk and embed the corpus into an index")
    _add_corpus_option(build, "folder of documents")
    build.add_argument("--quiet", action="store_true", help="print only errors")
    build.add_argument("--full", action="store_true",
                       help="re-embed everything (default: reuse vectors of unchanged text)")
    _add_index_options(build)

    info = commands.add_parser("info", help="what the index holds, and whether it is stale")
    _add_corpus_option(info, "corpus folder to compare with")
    info.add_argument("--verify", action="store_true",
                      help="hash every index file in full (loading samples files over 64 MiB)")
    _add_index_options(info)

    search = commands.add_parser(
        "search", help="show the passages that best match a question",
        description="Questions come as an argument, or on stdin one per line (batch).")
    search.add_argument("question", nargs="?", help="the question; omit or '-' to read stdin")
    search.add_argument("-k", type=_positive, default=5, help="passages per question (default: 5)")
    search.add_argument("--mode", choices=MODES, default="hybrid",
                        help="retriever: BM25 and dense fused (hybrid, the default), or one alone")
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


def _progress(quiet: bool):
    """A bar on a terminal, a line every few seconds with the time left otherwise (progress.py),
    nothing with --quiet."""
    if quiet:
        return lambda *_: None
    if sys.stderr.isatty():
        from tqdm import tqdm
        bars: dict[str, tqdm] = {}

        def bar(what: str, done: int, total: int) -> None:
            if what not in bars:
                bars[what] = tqdm(total=total, desc=what, unit="", leave=False, file=sys.stderr)
            bars[what].update(done - bars[what].n)
            if done >= total:
                bars.pop(what).close()
        return bar
    from .progress import ProgressLines
    return ProgressLines()


def _embedder(args):
    from .encoders import load_embedder
    return load_embedder(args.model, args.encoder)


def run_build(args) -> int:
    from .build import build_index
    from .cli_output import format_build_report

    log = (lambda _: None) if args.quiet else (lambda message: print(message, flush=True))
    report = build_index(args.corpus, args.index, model=args.model, full=args.full, log=log,
                         progress=_progress(args.quiet), embedder=_embedder(args))
    if not args.quiet:
        print(format_build_report(report))
    return 0


def run_info(args) -> int:
    from .answerability import answerability_note
    from .cli_output import format_info
    from .manifest import read_manifest, verify_files
    from .query_map import query_map_note
    from .status import index_status

    manifest = read_manifest(args.index)
    size = sum(p.stat().st_size for p in args.index.rglob("*") if p.is_file())
    print(format_info(args.index, manifest, size))
    if args.verify:
        verify_files(args.index, manifest, full=True)   # raises IndexCorrupt, naming the file
        print(f"  all {len(manifest.files)} files match their sha256")
    status = index_status(args.index, args.corpus, model=args.model)
    print(f"Status against {args.corpus}/: {status.state} — {status.reason}")
    print(f"Answerability head: {answerability_note(manifest)}")
    print(f"Query map: {query_map_note(manifest)}")
    return 0


def _questions(args) -> list[str]:
    """The argument, or stdin's lines. Stdin is read as bytes and each line decoded on its own
    (UTF-8, else Latin-1, which decodes anything): one line in another encoding, or binary
    junk, does not abort the batch."""
    if args.question not in (None, "-"):
        return [args.question]
    stream = getattr(sys.stdin, "buffer", None)
    lines = stream.read().splitlines() if stream is not None else sys.stdin.read().splitlines()
    questions = []
    for line in lines:
        text = line if isinstance(line, str) else _decode_line(line)
        if text.strip():
            questions.append(text.strip())
    return questions


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def _checked(questions: list[str]) -> list[tuple[str, str]]:
    """(question as searched, problem) per input line, in order; a problem (empty after
    normalisation, over the length limit) is reported on stderr and that line is skipped."""
    from .conversation import check_question

    out = []
    for number, raw in enumerate(questions, start=1):
        checked = check_question(raw)
        if checked.problem:
            print(f"error: question {number}: {checked.problem.replace('*', '')}", file=sys.stderr)
        out.append((checked.question, checked.problem))
    return out


def run_search(args) -> int:
    from .cli_output import format_hits
    from .settings import SearchSettings
    from .store import load_index

    questions = _questions(args)
    if not questions:
        print("error: no question given — pass one as an argument or on stdin", file=sys.stderr)
        return 2
    checked = _checked(questions)
    index = load_index(args.index, model=args.model, embedder=_embedder(args))
    prepared = [index.prepare(q) for q, problem in checked if not problem]
    found = index.search_prepared(prepared, k=args.k, settings=SearchSettings(mode=args.mode))
    results = iter(zip(prepared, found))
    for _, problem in checked:
        if problem:       # keeps --json's one line per input line
            print("[]" if args.json else "")
            continue
        query, hits = next(results)
        if args.json:
            print(json.dumps([h.to_record() for h in hits], ensure_ascii=False))
        else:
            print(format_hits(query, hits) + "\n")
    return 2 if any(problem for _, problem in checked) else 0


def run_ask(args) -> int:
    from .answering import answer
    from .cli_output import format_answer
    from .store import load_index

    questions = _questions(args)
    if not questions:
        print("error: no question given — pass one as an argument or on stdin", file=sys.stderr)
        return 2
    checked = _checked(questions)
    index = load_index(args.index, model=args.model, embedder=_embedder(args))
    for question, problem in checked:
        if problem:       # keeps --json's one line per input line
            if args.json:
                print(json.dumps({"question": question, "error": problem}, ensure_ascii=False))
            continue
        reply = answer(index, question)
        if args.json:
            print(json.dumps({"question": question, **reply.to_record()}, ensure_ascii=False))
        else:
            print(format_answer(reply) + "\n")
    return 2 if any(problem for _, problem in checked) else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .errors import IndexerError

    for stream in (sys.stdout, sys.stderr):     # a stray surrogate never stops the output
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        commands = {"build": run_build, "search": run_search, "ask": run_ask, "info": run_info}
        return commands[args.command](args)
    except IndexerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
