"""An answer's record from the lines chosen (answering.py): sources numbered by first citation,
the quoted spans marked in each, the urgent-care line first; or a "not covered" record.

Nothing here chooses or writes text: every line's words are the fragments quotes.py cut.
"""

from __future__ import annotations

from .quotes import fragment, text_line
from .records import Answer, AnswerLine, Chunk, SourceRef


def numbers_of(chunks_in_order: list[Chunk]) -> dict[int, int]:
    """Source numbers [1], [2]… by first citation."""
    return {chunk_id: n for n, chunk_id in enumerate(dict.fromkeys(c.id for c in chunks_in_order), start=1)}


def assemble(*, question, chosen, hits, urgent, shape, support, confident, searched_for,
              sides, corrections) -> Answer:
    order = {h.chunk.source: k for k, h in enumerate(hits)}
    if any(kind != "list" for _, kind, _ in chosen):     # (lists come in the order they fit: listing.py)
        chosen.sort(key=lambda item: (-item[0].score, order.get(item[0].chunk.source, 99), item[0].sentence.start))
    cited = [chunk for chunk, _ in urgent] + [ch for cand, _, _ in chosen for ch, _ in cand.citations]
    cited += [cand.chunk for _, cands in sides for cand in cands]
    numbers = numbers_of(cited)
    highlights: dict[int, list[tuple[int, int]]] = {}
    urgent_lines = []
    for chunk, sentence in urgent:
        urgent_lines.append(AnswerLine(sentence.text, (fragment(chunk, sentence),), (numbers[chunk.id],), "urgent"))
        highlights.setdefault(chunk.id, []).append((sentence.start, sentence.end))
    lines = []
    for cand, kind, (text, fragments) in chosen:
        refs = tuple(dict.fromkeys(numbers[ch.id] for ch, _ in cand.citations))
        lines.append(AnswerLine(text, fragments, refs, kind))
        for f in fragments:
            highlights.setdefault(cand.chunk.id, []).append((f.start, f.end))
        for other, twin in cand.citations[1:]:
            highlights.setdefault(other.id, []).append((twin.start, twin.end))
    side_views = []
    for label, cands in sides:
        side_lines = []
        for cand in cands:
            text, fragments = text_line(cand.chunk, cand.sentence)
            side_lines.append(AnswerLine(text, fragments, (numbers[cand.chunk.id],), "side"))
            for f in fragments:
                highlights.setdefault(cand.chunk.id, []).append((f.start, f.end))
        side_views.append((label, tuple(side_lines)))
    by_id = {c.id: c for c in cited}
    sources = tuple(SourceRef(n, by_id[cid], tuple(dict.fromkeys(highlights.get(cid, ()))))
                    for cid, n in sorted(numbers.items(), key=lambda kv: kv[1]))
    return Answer(question, tuple(lines), sources, False, (), tuple(urgent_lines), shape, support, confident,
                  searched_for, tuple(hits), tuple(side_views), tuple(corrections),
                  rows=tuple(c.row for c, _, _ in chosen))


def abstain(*, question, hits, urgent, shape, support, searched_for, corrections, not_covered="") -> Answer:
    numbers = numbers_of([c for c, _ in urgent])
    urgent_lines = tuple(AnswerLine(s.text, (fragment(c, s),), (numbers[c.id],), "urgent") for c, s in urgent)
    sources = tuple(SourceRef(numbers[c.id], c, ((s.start, s.end),)) for c, s in urgent)
    return Answer(question, (), sources, True, tuple(hits[:3]), urgent_lines, shape, support,
                  False, searched_for, tuple(hits), corrections=tuple(corrections), not_covered=not_covered)
