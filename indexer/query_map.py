"""A learned map of question vectors, for the one corpus it was trained on.

MiniLM puts a question in everyday words far from the passage that answers it: "Dad can't get
his key to turn in the door" is nearer to passages about daily life than to "weakness in the
hands", and "is it worth seeing a neurologist" nearer to any passage about doctors than to the
one about when to be seen. The corpus's readers ask the same kinds of questions again and again,
so what they mean can be learned from their questions: a linear map W (d × d, trained from the
identity by `eval/train_query_map.py`) sends a question's vector where the search's own dense
score (chunk cosine and best sentence cosine, vectors.dense_scores) puts the chunks holding its
evidence first, over the dev halves of the corpus's question sets.

The ranking of chunks uses it (store.Index.search_prepared). A second matrix, trained the same
way against the sentences overlapping the evidence (softmax over every sentence), adds a term to
the answer's line score (`AnswerSettings.weight_line_map`): out of fold, the evidence sentence
is the corpus's nearest for 0.78 of dev questions through it, 0.42 without. Everything else
(the line cosines that support, the hinge and the answerability head read) keeps the question's
own vector, so their thresholds mean what they meant. Mapping costs a d × d product (microseconds).

The file also keeps the training questions themselves (`LineMemory`: their vectors and the
sentence rows that answered them, and the dev questions the sources leave out): a line gains its
share of the answers to the ten nearest ones (`AnswerSettings.weight_line_memory`), and the
answerability head reads how near a new question comes to each kind. Twentieth round.

Like the answerability head it names the corpus it fits (model and every source's sha256,
trained.py): maps live in `query_maps/`, a file per corpus, and an index of
other or changed documents gets none (its search is as before) until the script is run again on
question files for those documents. A damaged file is no map.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .manifest import Manifest
from .trained import DAMAGED_NPZ, array_digest, trained_for

MAP_DIR = Path(__file__).with_name("query_maps")
SEED_MAP = MAP_DIR / "seed.npz"         # the seed corpus's map (corpus/)


class LineMemory:
    """The questions the map was trained on, each with the sentence rows that answered it.

    A linear map generalises what a thousand questions share; a reader's new wording is often
    a near copy of one asked before ("can it be passed to my kids" / "will my children get it"),
    and the lines that answered that one are the likeliest answer again. Out of fold on the dev
    halves, the ten nearest questions' lines added to the map's score put the evidence line
    first among all sentences for 0.795 of questions, against 0.779 with the map alone
    (docs/answers.md, "Twentieth round"). A few thousand vectors: ~0.4 ms a question."""

    def __init__(self, vectors: np.ndarray, rows: np.ndarray, offsets: np.ndarray, uncovered: np.ndarray | None = None):
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.rows, self.offsets = np.asarray(rows, dtype=np.int64), np.asarray(offsets, dtype=np.int64)
        # The training sets' questions the sources do not answer: the answerability head reads
        # how near a new question comes to one (answerability._remembered).
        self.uncovered = (np.asarray(uncovered, dtype=np.float32) if uncovered is not None
                          else np.zeros((0, self.vectors.shape[-1] if self.vectors.ndim else 0), dtype=np.float32))
        self._last: tuple = (None, None, None)      # (question vector's bytes, its two cosine arrays)

    def cosines(self, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`vector`'s cosines to the covered questions and to the left-out ones, computed once per
        question (the line score and the head both ask). einsum, not a BLAS product: right after
        the ONNX encoder has run, OpenBLAS's threads wait on its spinning ones, and a
        2,400 × 384 product took ~2 ms there instead of 0.02 ms (einsum: ~0.4 ms)."""
        vector = np.asarray(vector, dtype=np.float32)
        key, last = vector.tobytes(), self._last
        if last[0] != key:
            last = (key, np.einsum("ij,j->i", self.vectors, vector),
                    np.einsum("ij,j->i", self.uncovered, vector))
            self._last = last       # one tuple, rebound whole: a concurrent reader sees old or new
        return last[1], last[2]

    def votes(self, vector: np.ndarray, rows, neighbours: int, temperature: float) -> np.ndarray:
        """For each sentence row in `rows`, the share of the `neighbours` nearest questions'
        weight (softmax of their cosine to `vector` at `temperature`) whose answer held it; a
        question answered by two lines gives each half."""
        sims = self.cosines(vector)[0]
        nearest = np.argsort(-sims, kind="stable")[:neighbours]
        weight = np.exp((sims[nearest] - sims[nearest].max()) / temperature)
        weight /= weight.sum()
        share: dict[int, float] = {}
        for w, q in zip(weight, nearest):
            held = self.rows[self.offsets[q]:self.offsets[q + 1]]
            for row in held:
                share[int(row)] = share.get(int(row), 0.0) + float(w) / len(held)
        return np.array([share.get(int(r), 0.0) for r in rows], dtype=np.float32)

    def arrays(self) -> dict[str, np.ndarray]:
        """What a map file stores of it (float16 vectors: half the size, votes unchanged)."""
        return dict(asked=self.vectors.astype(np.float16), asked_rows=self.rows.astype(np.int32),
                    asked_offsets=self.offsets.astype(np.int32), uncovered=self.uncovered.astype(np.float16))


def line_memory(vectors: np.ndarray, answered: list[list[int]], uncovered: np.ndarray | None = None) -> LineMemory:
    """The memory of questions `vectors`, the i-th answered by sentence rows `answered[i]`, and
    of the questions `uncovered` the sources leave out; float16 values, as a map file keeps them."""
    offsets = np.concatenate([[0], np.cumsum([len(rows) for rows in answered])])
    rows = np.concatenate([np.asarray(r, dtype=np.int64) for r in answered]) if answered else np.zeros(0)

    def stored(m):
        return None if m is None else np.asarray(m, dtype=np.float16).astype(np.float32)
    return LineMemory(stored(vectors), rows, offsets, stored(uncovered))


class QueryMap:
    """The trained matrix and what it was trained for (module doc)."""

    def __init__(self, matrix: np.ndarray, lines: np.ndarray, fingerprint: str, model: str, sources: int,
                 memory: LineMemory | None = None):
        self.matrix, self.lines = matrix, lines
        self.fingerprint, self.model, self.sources = fingerprint, model, sources
        self.memory = memory
        # What a head trained through this map records (the memory moves answers too).
        self.digest = array_digest(matrix, lines, *([] if memory is None else
                                                    (memory.vectors, memory.rows, memory.offsets, memory.uncovered)))

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        """`vectors` (unit rows) mapped for ranking chunks, as unit rows: search scores cosines."""
        return _unit(np.asarray(vectors, dtype=np.float32) @ self.matrix)

    def apply_lines(self, vectors: np.ndarray) -> np.ndarray:
        """`vectors` mapped for scoring lines (trained on evidence sentences, not chunks)."""
        return _unit(np.asarray(vectors, dtype=np.float32) @ self.lines)

    def fits(self, manifest: Manifest) -> bool:
        square = (manifest.dimension, manifest.dimension)
        return (self.matrix.shape == self.lines.shape == square
                and trained_for(manifest, self.model, self.sources, self.fingerprint))


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def load_query_map(path: Path, manifest: Manifest | None = None) -> QueryMap | None:
    """The map in `path`; None when the file is missing or damaged (search then uses the
    question's own vector), or, given a `manifest`, trained for other documents: then its
    matrices and memory (3 MB compressed) are never read."""
    try:
        with np.load(path, allow_pickle=False) as data:
            trained = str(data["fingerprint"]), str(data["model"]), int(data["sources"])
            if manifest is not None and not trained_for(manifest, trained[1], trained[2], trained[0]):
                return None
            matrix = np.asarray(data["matrix"], dtype=np.float32)
            lines = np.asarray(data["lines"], dtype=np.float32)
            memory = (LineMemory(data["asked"], data["asked_rows"], data["asked_offsets"],
                                 data["uncovered"] if "uncovered" in data.files else None)
                      if "asked" in data.files else None)
    except DAMAGED_NPZ:
        return None         # missing, truncated, a flipped byte (bad CRC), a key lost
    if not all(m.ndim == 2 and m.shape[0] == m.shape[1] and np.isfinite(m).all() for m in (matrix, lines)):
        return None
    if memory is not None and not _memory_fits(memory, matrix.shape[0]):
        memory = None
    return QueryMap(matrix, lines, *trained, memory=memory)


def _memory_fits(memory: LineMemory, dimension: int) -> bool:
    """A memory whose arrays disagree (a hand-edited or half-written file) is left out, not trusted."""
    offsets = memory.offsets
    return (memory.vectors.ndim == 2 and memory.vectors.shape[1] == dimension and np.isfinite(memory.vectors).all()
            and memory.uncovered.ndim == 2 and memory.uncovered.shape[1] == dimension
            and np.isfinite(memory.uncovered).all()
            and offsets.ndim == 1 and len(offsets) == len(memory.vectors) + 1 and offsets[0] == 0
            and memory.rows.ndim == 1 and bool(np.all(np.diff(offsets) > 0)) and offsets[-1] == len(memory.rows)
            and bool(np.all(memory.rows >= 0)))


def query_map_for(manifest: Manifest, folder: Path = MAP_DIR) -> tuple[Path, QueryMap] | None:
    """The first map in `folder` (by file name) trained for `manifest`'s documents and model, with
    its file; read once per loaded index."""
    maps = ((path, load_query_map(path, manifest)) for path in sorted(Path(folder).glob("*.npz")))
    return next(((path, m) for path, m in maps if m is not None and m.fits(manifest)), None)


def query_map_note(manifest: Manifest, folder: Path = MAP_DIR) -> str:
    """Whether search uses a map, for `python -m indexer info`: a maintainer who adds a document
    should learn that the learned map is off until retrained."""
    found = query_map_for(manifest, folder)
    if found is not None:
        return f"used ({found[0].name}, trained for these documents)"
    return ("none for these documents: search uses the question's own vector; to train one, run "
            f"python eval/train_query_map.py --corpus … --index … --questions … --out {folder}/<name>.npz")
