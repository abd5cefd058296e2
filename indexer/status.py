"""Whether an index can serve its corpus as the corpus is now: fresh, missing or stale.

Compares the manifest with the corpus files (by sha256) and the requested model and settings;
`ensure_index` rebuilds when it is not fresh, `python -m indexer info` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .documents import corpus_files, file_sha256, load_corpus, source_name
from .embedder import Embedder, model_name
from .errors import IndexCorrupt, IndexMismatch, IndexNotFound
from .manifest import check_manifest, read_manifest
from .settings import ChunkSettings


@dataclass(frozen=True)
class IndexStatus:
    """state is "fresh", "missing" or "stale"; reason says why, for people."""

    state: str
    reason: str


def index_status(index_dir: Path, corpus_dir: Path, *, model: str | None = None,
                 settings: ChunkSettings = ChunkSettings(),
                 embedder: Embedder | None = None) -> IndexStatus:
    try:
        manifest = read_manifest(index_dir)
        check_manifest(manifest, model=embedder.name if embedder else model_name(model),
                       dimension=embedder.dimension if embedder else None,
                       settings=settings, index_dir=index_dir)
    except IndexNotFound as exc:
        return IndexStatus("missing", str(exc))
    except (IndexMismatch, IndexCorrupt) as exc:
        return IndexStatus("stale", str(exc))
    current: dict[str, str] = {}
    unreadable: dict[str, str] = {}
    for path in corpus_files(corpus_dir):
        try:
            current[source_name(path)] = file_sha256(path)
        except OSError as exc:
            unreadable[source_name(path)] = exc.strerror or str(exc)
    # A file that cannot be read now is neither changed nor removed: the index keeps the text
    # it last read (a rebuild would skip the file and lose it).
    indexed = {source: info["sha256"] for source, info in manifest.sources.items()}
    changed = [s for s in indexed if s not in unreadable and current.get(s) != indexed[s]]
    note = ("; cannot be read now (kept as last indexed): "
            + ", ".join(f"{s} ({why})" for s, why in unreadable.items())) if unreadable else ""
    if changed:
        return IndexStatus("stale", f"changed or removed since the last build: {', '.join(changed)}{note}")
    if set(current) - set(indexed):
        # Files the last build skipped (unsupported types) are new only if they are loadable.
        loadable, _ = load_corpus(corpus_dir)
        new = sorted({d.source for d in loadable} - set(indexed))
        if new:
            return IndexStatus("stale", f"new since the last build: {', '.join(new)}{note}")
    return IndexStatus("fresh", f"index at {index_dir}/ matches {corpus_dir}/{note}")
