"""Vectors a build has embedded so far, on disk as they are made: a build that is killed (or
runs out of memory, or loses power) after an hour of embedding resumes from where it was.

The previous index is the cache of unchanged text (reuse.py), but a build only writes its index
at the end, so until this journal a killed build lost every vector it had made. The journal is
`.<index>.embeddings` beside the index (swap.py's siblings): an SQLite file (the standard
library's; one transaction per batch, so a kill loses at most the batch being embedded)
mapping sha256(model, text) to the float32 vector. It is deleted when a build succeeds — the
new index then holds every vector — and emptied when it was written under another model,
encoder or dimension. A damaged journal is set aside and the build starts from
the previous index alone: losing the journal costs time, never correctness.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

LOOKUP_BATCH = 500     # keys per SELECT (SQLite's default limit on variables is 32,766)


class EmbeddingJournal:
    """Append-only store of (key, vector) for one build signature; see module doc."""

    def __init__(self, path: Path, signature: dict, dimension: int):
        self.path = path
        self.dimension = dimension
        self.resumed = 0        # vectors handed back to the build that opened it
        self._added: set[str] = set()      # this build's own: handing them back is not resuming
        self._db = self._open(json.dumps(signature, sort_keys=True))

    def _open(self, signature: str) -> sqlite3.Connection | None:
        for attempt in range(2):
            db = None
            try:
                db = sqlite3.connect(self.path)
                db.execute("CREATE TABLE IF NOT EXISTS meta (signature TEXT NOT NULL)")
                db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
                row = db.execute("SELECT signature FROM meta").fetchone()
                if row is None or row[0] != signature:       # another model, encoder or dimension
                    db.execute("DELETE FROM vectors")
                    db.execute("DELETE FROM meta")
                    db.execute("INSERT INTO meta VALUES (?)", (signature,))
                    db.commit()
                return db
            except sqlite3.DatabaseError as exc:
                log.warning("the embedding journal %s is damaged (%s); starting without it", self.path, exc)
                if db is not None:
                    db.close()
                try:
                    self.path.unlink(missing_ok=True)
                except OSError:         # a folder of that name: build without a journal
                    return None
                if attempt:
                    return None
        return None

    def __len__(self) -> int:
        try:
            return self._db.execute("SELECT count(*) FROM vectors").fetchone()[0] if self._db else 0
        except sqlite3.DatabaseError:
            return 0

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The journal's vectors for `keys` (those it has, of the right size)."""
        found: dict[str, np.ndarray] = {}
        if not self._db:
            return found
        size = self.dimension * 4
        try:
            for start in range(0, len(keys), LOOKUP_BATCH):
                batch = keys[start:start + LOOKUP_BATCH]
                rows = self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(batch))})",
                                        batch)
                found.update({key: np.frombuffer(blob, dtype=np.float32).copy()
                              for key, blob in rows if len(blob) == size})
            self.resumed += sum(key not in self._added for key in found)
        except sqlite3.DatabaseError as exc:
            log.warning("the embedding journal %s could not be read (%s); embedding again", self.path, exc)
            return {}
        return found

    def add(self, vectors: dict[str, np.ndarray]) -> None:
        """Record one batch; committed at once, so a kill after this call keeps it."""
        if not self._db:
            return
        try:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                 [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()])
            self._db.commit()
            self._added.update(vectors)
        except sqlite3.DatabaseError as exc:      # disk full: the build goes on, unjournalled
            log.warning("the embedding journal %s could not be written (%s)", self.path, exc)

    def close(self, *, remove: bool = False) -> None:
        if self._db:
            self._db.close()
            self._db = None
        if remove:
            for path in (self.path, self.path.with_name(self.path.name + "-journal")):
                path.unlink(missing_ok=True)
