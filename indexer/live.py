"""An index that follows rebuilds: the running chat picks up a new build between requests.

`LiveIndex.current()` is called at the start of each request. It compares the index's
manifest (size and modification time: a build swaps in a whole new directory, so the
manifest file changes) and, when it changed, loads the new index. Requests in flight keep the
`Index` object they started with, so a swap never breaks an answer half-way; if the new index
does not load, the old one keeps serving and the problem is logged.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from .errors import IndexerError
from .store import MANIFEST, Index, load_index


def _stamp(index_dir: Path) -> tuple[int, int, int] | None:
    try:
        stat = (index_dir / MANIFEST).stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


class LiveIndex:
    def __init__(self, index: Index, *, log: Callable[[str], None] = print):
        self._index = index
        self._dir = index.path
        self._stamp = _stamp(self._dir)
        self._lock = threading.Lock()
        self._log = log

    def current(self) -> Index:
        stamp = _stamp(self._dir)
        if stamp is None or stamp == self._stamp:
            return self._index
        with self._lock:
            if _stamp(self._dir) == self._stamp:
                return self._index
            try:
                fresh = load_index(self._dir, embedder=self._index.embedder)
            except IndexerError as exc:
                self._log(f"warning: a new index at {self._dir}/ did not load ({exc}); "
                          "still serving the previous one")
                self._stamp = stamp    # do not retry on every request; a new build changes it
                return self._index
            self._index, self._stamp = fresh, stamp
            self._log(f"Switched to the index built {fresh.manifest['built_at']}")
            return fresh
