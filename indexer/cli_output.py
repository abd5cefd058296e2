"""What the CLI prints: the build summary, `info`, search hits and answers, as plain text."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

from .settings import MAX_LISTED_DOCUMENTS

PREVIEW_CHARS = 220


def format_build_report(report) -> str:
    from .sentences import estimate_tokens

    lines = []
    # A corpus of thousands: what was dropped, counted by rule (a line per page of 5,000 pages
    # buries what needs reading); `python -m indexer build` on a smaller folder lists them all.
    if len(report.documents) > MAX_LISTED_DOCUMENTS:
        rules = Counter(block.rule for d in report.documents for block in d.cleaning.dropped)
        pages = Counter(rule for d in report.documents for rule in {b.rule for b in d.cleaning.dropped})
        lines += [f"dropped [{rule}] {n:,} blocks in {pages[rule]:,} documents" for rule, n in sorted(rules.items())]
    for chunked in report.documents if len(report.documents) <= MAX_LISTED_DOCUMENTS else ():
        doc, clean = chunked.document, chunked.cleaning
        share = clean.kept_chars / clean.total_chars if clean.total_chars else 0
        lines.append(f"{doc.source}  \"{doc.title}\"")
        lines.append(f"  kept {clean.kept_chars:,} of {clean.total_chars:,} characters ({share:.0%}) "
                     f"→ {len(chunked.chunks)} chunks")
        for block in clean.dropped:
            lines.append(f"  dropped [{block.rule}] \"{block.preview}\"")
    for skipped in report.skipped[:MAX_LISTED_DOCUMENTS]:
        reason = skipped.reason.removeprefix(f"{Path(skipped.source).name}: ")
        lines.append(f"skipped {skipped.source}: {reason}")
    if len(report.skipped) > MAX_LISTED_DOCUMENTS:
        lines.append(f"… and {len(report.skipped) - MAX_LISTED_DOCUMENTS:,} more skipped")
    sizes = [estimate_tokens(c.text) for d in report.documents for c in d.chunks]
    too_long = [(c, estimate_tokens(c.embedding_text())) for d in report.documents for c in d.chunks
                if estimate_tokens(c.embedding_text()) > report.window]
    if too_long:
        lines.append(f"{len(too_long)} chunks exceed the encoder's {report.window}-token window "
                     "(their tails are not embedded):")
        lines += [f"  {c.source} [{c.start}:{c.end}] ~{n} tokens" for c, n in too_long[:MAX_LISTED_DOCUMENTS]]
        if len(too_long) > MAX_LISTED_DOCUMENTS:
            lines.append(f"  … and {len(too_long) - MAX_LISTED_DOCUMENTS:,} more")
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
                 + (f"; {reused} chunks reused (from the previous index or a journal)" if reused else ""))
    lines.append(limits_line())
    lines.append(f"Built {report.index_dir}/: {len(report.documents)} documents, "
                 f"{report.chunk_count} chunks, model {report.model}, {report.seconds:.1f} s")
    if report.stages:
        lines.append("Time: " + " · ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.stages))
    return "\n".join(lines)


def limits_line() -> str:
    from . import formats, sentences

    return (f"Limits per document: {formats.MAX_FILE_BYTES:,} bytes, {formats.MAX_PDF_PAGES:,} PDF "
            f"pages, {sentences.MAX_SENTENCES_PER_DOCUMENT:,} sentences; sentences are cut at "
            f"{sentences.MAX_SENTENCE_CHARS:,} characters")


def format_info(index_dir: Path, manifest, size_bytes: int) -> str:
    lines = [f"Index {index_dir}/: built {manifest.built_at} by version {manifest.package_version}",
             f"  model {manifest.model} ({manifest.dimension} dimensions, encoder {manifest.encoder}), "
             f"{manifest.vector_index} vector search, chunker {manifest.chunker}",
             f"  {len(manifest.sources)} documents, {manifest.counts.get('chunks', 0)} chunks, "
             f"{manifest.counts.get('sentences', 0)} sentences, {size_bytes / 1e6:.1f} MB on disk"]
    lines += [f"  {info['chunks']:>4} chunks  {source}  \"{info['title']}\""
              for source, info in manifest.sources.items()]
    return "\n".join(lines)


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
