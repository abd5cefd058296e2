"""Chunk records read from disk when asked for, not all at load.

A loaded index used to parse every line of `chunks.jsonl` into a `Chunk`: 28,738 chunks of
MedQuAD are ~0.3 GB of Python objects, a million would not fit a laptop. `chunk_offsets.npy`
(written by the build, int64: where each chunk's line starts, then the file's end) lets one
chunk be read by its id with one seek; the few hundred an answer touches stay in a small LRU
cache. The chunk file stays the contract's JSON Lines, one record per line, in id order.

What used to be derived from every chunk at load (section headings for topics, sentences giving
urgent-care advice, each document's chunk range) is derived at build and stored in
`derived.json`, so load time and memory grow with what is read, not with the corpus.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from .errors import IndexCorrupt
from .manifest import BUILD_HINT
from .records import Chunk

CHUNK_OFFSETS = "chunk_offsets.npy"
CACHED_CHUNKS = 4_096      # an answer reads ≤ 20 passages; the chat's source panel a document's


def line_offsets(lines: list[bytes]) -> np.ndarray:
    """Start offset of each line, then the end: what `ChunkRecords` seeks by."""
    return np.concatenate([[0], np.cumsum([len(line) for line in lines], dtype=np.int64)]).astype(np.int64)


class ChunkRecords(Sequence):
    """`chunks.jsonl` as a read-only sequence of `Chunk` by id (see module doc)."""

    def __init__(self, path: Path, offsets: np.ndarray, sentence_counts: np.ndarray | None = None):
        self.path = path.resolve()          # a later chdir must not lose it
        self.offsets = offsets
        # Each chunk's sentence rows in the sentence matrix: a record read that disagrees is
        # damage (the whole file was checked at load when it was read whole; now per read).
        self.sentence_counts = sentence_counts
        self._cache: OrderedDict[int, Chunk] = OrderedDict()
        self._lock = threading.Lock()        # the chat answers two questions at a time
        self._file = open(path, "rb")        # noqa: SIM115 (held for the index's lifetime)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(f"chunk {i} of {len(self)}")
        with self._lock:
            chunk = self._cache.get(i)
            if chunk is not None:
                self._cache.move_to_end(i)
                return chunk
            self._file.seek(int(self.offsets[i]))
            line = self._file.read(int(self.offsets[i + 1] - self.offsets[i]))
            try:
                chunk = Chunk.from_record(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                raise IndexCorrupt(f"chunk {i} of {self.path} is damaged ({exc}) — {BUILD_HINT}") from exc
            if chunk.id != i or (self.sentence_counts is not None and len(chunk.sentences) != self.sentence_counts[i]):
                raise IndexCorrupt(f"chunk {i} of {self.path} does not match the index's other files — {BUILD_HINT}")
            self._cache[i] = chunk
            if len(self._cache) > CACHED_CHUNKS:
                self._cache.popitem(last=False)
            return chunk

    def __iter__(self) -> Iterator[Chunk]:
        """Every chunk in id order, streamed (not cached): for builds and evaluations."""
        with open(self.path, "rb") as lines:
            for line in lines:
                yield Chunk.from_record(json.loads(line))

    def range_of(self, first: int, count: int) -> list[Chunk]:
        return [self[i] for i in range(first, first + count)]

    def close(self) -> None:
        self._file.close()
