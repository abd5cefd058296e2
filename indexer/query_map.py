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


class QueryMap:
    """The trained matrix and what it was trained for (module doc)."""

    def __init__(self, matrix: np.ndarray, lines: np.ndarray, fingerprint: str, model: str, sources: int):
        self.matrix, self.lines = matrix, lines
        self.fingerprint, self.model, self.sources = fingerprint, model, sources
        self.digest = array_digest(matrix, lines)      # what a head trained through this map records

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
    matrices (a megabyte compressed) are never read."""
    try:
        with np.load(path, allow_pickle=False) as data:
            trained = str(data["fingerprint"]), str(data["model"]), int(data["sources"])
            if manifest is not None and not trained_for(manifest, trained[1], trained[2], trained[0]):
                return None
            matrix = np.asarray(data["matrix"], dtype=np.float32)
            lines = np.asarray(data["lines"], dtype=np.float32)
    except DAMAGED_NPZ:
        return None         # missing, truncated, a flipped byte (bad CRC), a key lost
    if not all(m.ndim == 2 and m.shape[0] == m.shape[1] and np.isfinite(m).all() for m in (matrix, lines)):
        return None
    return QueryMap(matrix, lines, *trained)


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
