"""`python -m indexer build|search|ask|info`: a thin edge over the library.

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
ENCODER_WINDOW = 256   # all-MiniLM-L6-v2 reads at most 256 word pieces


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _add_index_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, default=Path("index"),
                        help="index directory (default: index/)")
    parser.add_argument("--model", default=None,
                        help="sentence-transformers model: a local directory "
                             "(default: the bundled all-MiniLM-L6-v2)")
    parser.add_argument("--encoder", choices=("onnx", "torch"), default=None,
                        help="run the model as its int8 ONNX export (default) or on torch")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer",
                                     description="Build and search the cited passage index.")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="chunk and embed the corpus into an index")
    build.add_argument("--corpus", type=Path, default=Path("corpus"),
                       help="folder of .txt/.md documents (default: corpus/)")
    build.add_argument("--quiet", action="store_true", help="print only errors")
    build.add_argument("--full", action="store_true",
                       help="re-embed everything (default: reuse vectors of unchanged text)")
    _add_index_options(build)

    info = commands.add_parser("info", help="what the index holds, and whether it is stale")
    info.add_argument("--corpus", type=Path, default=Path("corpus"),
                      help="corpus folder to compare with (default: corpus/)")
    info.add_argument("--verify", action="store_true",
                      help="hash every index file in full (loading samples files over 64 MiB)")
    _add_index_options(info)

    search = commands.add_parser(
        "search", help="show the passages that best match a question",
        description="Questions come as an argument, or on stdin one per line (batch).")
    search.add_argument("question", nargs="?", help="the question; omit or '-' to read stdin")
    search.add_argument("-k", type=_positive, default=5, help="passages per question (default: 5)")
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
        reason = skipped.reason.removeprefix(f"{Path(skipped.source).name}: ")
        lines.append(f"skipped {skipped.source}: {reason}")
    sizes = [estimate_tokens(c.text) for d in report.documents for c in d.chunks]
    too_long = [(c, estimate_tokens(c.embedding_text())) for d in report.documents for c in d.chunks
                if estimate_tokens(c.embedding_text()) > ENCODER_WINDOW]
    if too_long:
        lines.append(f"{len(too_long)} chunks exceed the encoder's {ENCODER_WINDOW}-token window "
                     "(their tails are not embedded):")
        lines += [f"  {c.source} [{c.start}:{c.end}] ~{n} tokens" for c, n in too_long]
    if sizes:
        lines.append(f"chunk size (estimated word pieces): min {min(sizes)}, "
                     f"median {statistics.median(sizes):.0f}, max {max(sizes)}")
    c = report.changes
    per_doc = {d.document.source: len(d.chunks) for d in report.documents}
    parts = [f"{len(c.unchanged)} unchanged"]
    parts += [f"{len(c.added)} added ({sum(per_doc[s] for s in c.added)} chunks)"] if c.added else []
    parts += [f"{len(c.changed)} changed ({sum(per_doc[s] for s in c.changed)} chunks)"] if c.changed else []
    parts += [f"{len(c.removed)} removed"] if c.removed else []
    lines.append("Documents: " + ", ".join(parts))
    if report.full_reason:
        lines.append(f"Full rebuild: {report.full_reason}")
    lines += [f"Not reused from the previous index: {note}" for note in report.distrusted]
    reused = report.chunk_count - report.embedded_chunks
    lines.append(f"Embedded {report.embedded_chunks} of {report.chunk_count} chunks and "
                 f"{report.embedded_sentences} sentences"
                 + (f"; {reused} chunks reused from the previous index" if reused else ""))
    lines.append(limits_line())
    lines.append(f"Built {report.index_dir}/: {len(report.documents)} documents, "
                 f"{report.chunk_count} chunks, model {report.model}, {report.seconds:.1f} s")
    return "\n".join(lines)


def limits_line() -> str:
    from . import chunking, formats

    return (f"Limits per document: {formats.MAX_FILE_BYTES:,} bytes, {formats.MAX_PDF_PAGES:,} PDF "
            f"pages, {chunking.MAX_SENTENCES_PER_DOCUMENT:,} sentences; sentences are cut at "
            f"{chunking.MAX_SENTENCE_CHARS:,} characters")


def _progress(quiet: bool):
    """A bar on a terminal, a plain line per step otherwise, nothing with --quiet."""
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
    return lambda what, done, total: print(f"{what}: {done}/{total}", file=sys.stderr, flush=True)


def _embedder(args):
    from .embedding import load_embedder
    return load_embedder(args.model, args.encoder)


def run_build(args) -> int:
    from .build import build_index

    log = (lambda _: None) if args.quiet else (lambda message: print(message, flush=True))
    report = build_index(args.corpus, args.index, model=args.model, full=args.full, log=log,
                         progress=_progress(args.quiet), embedder=_embedder(args))
    if not args.quiet:
        print(format_build_report(report))
    return 0


def run_info(args) -> int:
    from .store import index_status, read_manifest, verify_files

    manifest = read_manifest(args.index)
    size = sum(p.stat().st_size for p in args.index.rglob("*") if p.is_file())
    print(f"Index {args.index}/: built {manifest['built_at']} by version {manifest['package_version']}")
    print(f"  model {manifest['model']} ({manifest['dimension']} dimensions, encoder "
          f"{manifest.get('encoder', '?')}), {manifest.get('vector_index', 'exact')} vector search, "
          f"chunker {manifest['chunker']}")
    counts = manifest["counts"]
    print(f"  {len(manifest['sources'])} documents, {counts['chunks']} chunks, "
          f"{counts.get('sentences', 0)} sentences, {size / 1e6:.1f} MB on disk")
    for source, info in manifest["sources"].items():
        print(f"  {info['chunks']:>4} chunks  {source}  \"{info['title']}\"")
    if args.verify:
        verify_files(args.index, manifest, full=True)   # raises IndexCorrupt, naming the file
        print(f"  all {len(manifest['files'])} files match their sha256")
    status = index_status(args.index, args.corpus, model=args.model)
    print(f"Status against {args.corpus}/: {status.state} — {status.reason}")
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
    from .store import load_index

    questions = _questions(args)
    if not questions:
        print("error: no question given — pass one as an argument or on stdin", file=sys.stderr)
        return 2
    checked = _checked(questions)
    index = load_index(args.index, model=args.model, embedder=_embedder(args))
    prepared = [index.prepare(q) for q, problem in checked if not problem]
    results = iter(zip(prepared, index.search_prepared(prepared, k=args.k, mode=args.mode)))
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


def format_answer(answer) -> str:
    from .render import NOT_MEDICAL_ADVICE

    lines = [f"Q: {answer.question}"]
    if answer.searched_for:
        lines.append(f"   searched for: {answer.searched_for}")
    lines += ["", answer.text, ""]
    for ref in answer.sources:
        where = f"{ref.chunk.title} › {ref.chunk.section_label}" if ref.chunk.section else ref.chunk.title
        lines.append(f"[{ref.n}] {where}")
        page = f" {ref.chunk.page_label}" if ref.chunk.page else ""
        lines.append(f"    {ref.chunk.source}{page} [{ref.chunk.start}:{ref.chunk.end}]")
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
    checked = _checked(questions)
    index = load_index(args.index, model=args.model, embedder=_embedder(args))
    for question, problem in checked:
        if problem:       # keeps --json's one line per input line
            if args.json:
                print(json.dumps({"question": question, "error": problem}, ensure_ascii=False))
            continue
        answer = index.answer(question)
        if args.json:
            print(json.dumps({"question": question, **answer.to_record()}, ensure_ascii=False))
        else:
            print(format_answer(answer) + "\n")
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
