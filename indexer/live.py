"""An index that follows rebuilds: the running chat picks up a new build between requests.

`LiveIndex.current()` is called at the start of each request. It compares the manifest of the
*configured* index directory (inode, size and modification time: a build swaps in a whole new
directory, so the manifest file changes) and, when it changed, loads the new index. That holds
even when the chat started on the previous build (`.index.prev`, because index/ was damaged):
the next build at index/ is picked up. Requests in flight keep the `Index` object they started
with, so a swap never breaks an answer half-way; if the new index does not load, the old one
keeps serving and the problem is logged. If the index directory is deleted, the loaded index
keeps serving (it is in memory) and the deletion is logged once.

`LiveIndex.in_background(load, index_dir)` starts serving before the index is ready: the chat
page is up in seconds even when the first start has to build the index, and a request made
meanwhile waits for it (see `current`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from .errors import IndexerError, IndexNotReady
from .store import Index, load_index
from .swap import MANIFEST

READY_TIMEOUT = 600.0   # seconds a request waits for the first index (a first build is ~20 s)


def _stamp(index_dir: Path) -> tuple[int, int, int] | None:
    try:
        stat = (index_dir / MANIFEST).stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


class LiveIndex:
    def __init__(self, index: Index | None = None, *, index_dir: Path | None = None,
                 log: Callable[[str], None] = print):
        self._index = index
        self._dir = index_dir or (index.configured_path if index is not None else None)
        self._stamp = _stamp(self._dir) if index is not None else None
        self._reported_missing = False
        self._lock = threading.Lock()
        self._log = log
        self._ready = threading.Event()
        self._failure: IndexerError | None = None
        if index is not None:
            self._ready.set()

    @classmethod
    def in_background(cls, load: Callable[[], Index], index_dir: Path, *,
                      log: Callable[[str], None] = print, start: bool = True) -> LiveIndex:
        """Run `load` (e.g. ensure_index: load, or build then load) on a thread; serve its
        index once it returns. If it raises, every request gets its error."""
        live = cls(index_dir=index_dir, log=log)
        live._load = load

        def run() -> None:
            try:
                index = load()
                live._index, live._stamp = index, _stamp(live._dir)
            except IndexerError as exc:
                live._failure = exc
            except Exception:  # noqa: BLE001 — reported to every request, not lost
                # Its text may hold library internals (C++ paths): users get a sentence, the
                # server log gets the traceback.
                logging.getLogger("indexer").exception("loading the index failed")
                live._failure = IndexerError("loading the index failed unexpectedly; the server "
                                             "log says why")
            finally:
                live._stamp = _stamp(live._dir) if live._failure else live._stamp
                live._ready.set()

        live._loader = threading.Thread(target=run, name="load-index", daemon=True)
        if start:
            live.start()
        return live

    def start(self) -> None:
        """Begin loading (for `in_background(..., start=False)`)."""
        self._loader.start()

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self._failure is None

    def current(self, timeout: float = READY_TIMEOUT) -> Index:
        """The index to serve this request (waiting up to `timeout` s for the first one)."""
        if not self._ready.wait(timeout):
            raise IndexNotReady("The index is still being prepared; please ask again in a moment")
        if self._failure is not None:
            self._retry_after_failure()
        stamp = _stamp(self._dir)
        if stamp is None:
            if not self._reported_missing:
                self._reported_missing = True
                self._log(f"warning: the index at {self._dir}/ was removed; still serving the one "
                          f"loaded before (built {self._index.manifest.built_at}) — run "
                          "`python -m indexer build` to make a new one")
            return self._index
        self._reported_missing = False
        if stamp == self._stamp:
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
            self._log(f"Switched to the index built {fresh.manifest.built_at}")
            return fresh

    def _retry_after_failure(self) -> None:
        """No index could be served at start. If one has been built since (the manifest
        changed, e.g. `python -m indexer build` after fixing the corpus), load it the way the
        start-up did (same model and settings) and serve it; else raise the start-up error."""
        with self._lock:
            if self._failure is None:
                return
            stamp = _stamp(self._dir)
            if stamp is None or stamp == self._stamp:
                raise self._failure
            try:
                self._index = self._load()
            except IndexerError as exc:
                self._stamp, self._failure = stamp, exc
                raise
            self._stamp, self._failure = stamp, None
            self._log(f"Serving the index built {self._index.manifest.built_at}")
