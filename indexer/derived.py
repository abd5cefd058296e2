"""derived.json: what a loaded index needs from every chunk, computed once at build.

Headings (the topics a question can name), each document's first question headings (example
questions), the sentences giving urgent-care advice and each document's chunk range. Computing
them at load meant reading every chunk record, which at a million chunks is most of a start
(chunk_records.py); read from here, a load touches no chunk.
"""

from __future__ import annotations

from .records import Chunk
from .understanding import gives_urgent_advice

DERIVED = "derived.json"
QUESTIONS_PER_DOCUMENT = 2      # question headings kept per document, for example questions


def derive(chunks: list[Chunk]) -> dict:
    """What a loaded index needs from every chunk, computed once at build (see chunk_records.py)."""
    documents: dict[str, list[int]] = {}
    for chunk in chunks:
        documents.setdefault(chunk.source, [chunk.id, 0])[1] += 1
    questions: dict[str, list[str]] = {}        # each document's first question headings
    for chunk in chunks:
        asked = questions.setdefault(chunk.source, [])
        for heading in chunk.section:
            if heading.endswith("?") and heading not in asked and len(asked) < QUESTIONS_PER_DOCUMENT:
                asked.append(heading)
    return {"headings": sorted({h for c in chunks for h in c.section}),
            "question_headings": [q for asked in questions.values() for q in asked],
            "urgent": [[c.id, k] for c in chunks for k, s in enumerate(c.sentences)
                       if s.kind in ("text", "item") and gives_urgent_advice(s.text)],
            "documents": documents}


def checked_derived(derived: dict, chunk_count: int) -> dict:
    """derived.json as `derive` writes it, its chunk ids in range; ValueError otherwise (the
    caller reports it as damage, so a previous index can be served)."""
    if not (isinstance(derived.get("headings"), list) and isinstance(derived.get("question_headings"), list)
            and isinstance(derived.get("urgent"), list) and isinstance(derived.get("documents"), dict)):
        raise ValueError(f"{DERIVED} lacks what the build writes")
    if not all(isinstance(u, list) and len(u) == 2 and 0 <= int(u[0]) < chunk_count for u in derived["urgent"]):
        raise ValueError(f"{DERIVED} names a chunk the index does not hold")
    if not all(isinstance(r, list) and len(r) == 2 and 0 <= int(r[0]) and int(r[0]) + int(r[1]) <= chunk_count
               for r in derived["documents"].values()):
        raise ValueError(f"{DERIVED} gives a document chunks the index does not hold")
    return derived
