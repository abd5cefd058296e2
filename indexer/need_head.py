"""A learned score for "does this passage state what the question asks?", used to choose among
the passages of a document the question names by title (search.py).

Once a question has named its page ("Is Marfan syndrome inherited?"), every passage of that page
is about Marfan syndrome, and cosine similarity cannot tell the inheritance paragraph from the
symptoms one. The head was trained for exactly that choice: on MedQuAD's labelled pairs
(`eval/train_relevance.py`, NIH pages, CC BY 4.0), a question's own answer against the *other*
answers of the same page. It reads the MiniLM vectors the index already holds (the question's,
and the first sentences of a passage, where a page's answer states what it answers), so a
question costs one small matrix product: features [q ⊙ s, |q − s|, cos] → 64 ReLU → 1 logistic.

It orders only the passages of the pages a question names (one page, or a few sharing a title):
as a reranker of any top 20 passages it lifted MedQuAD but made the ALS answers worse
(docs/retrieval.md). The weights fit one model's vectors; an index built with another model, or
a missing or damaged weights file, gets no head (a named page's passages keep their fused order).
"""

from __future__ import annotations

import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

HEAD_FILE = Path(__file__).with_name("need_head.npz")
PARAMETERS = ("w1", "b1", "w2", "b2")


def features(questions: np.ndarray, sentences: np.ndarray) -> np.ndarray:
    """[q ⊙ s, |q − s|, cos] of unit vectors, one row per (question, sentence) pair."""
    return np.concatenate([questions * sentences, np.abs(questions - sentences),
                           (questions * sentences).sum(1, keepdims=True)], axis=1)


def predict(params: dict, x: np.ndarray) -> np.ndarray:
    """The head's probability for each row of `features`."""
    hidden = np.maximum(x @ params["w1"] + params["b1"], 0)
    return (1 / (1 + np.exp(-(hidden @ params["w2"] + params["b2"]))))[:, 0]


class NeedHead:
    """The trained head (its weights; `load_need_head` checks they fit the index's model)."""

    def __init__(self, params: dict):
        self.params = params

    def score(self, question: np.ndarray, sentences: np.ndarray) -> float:
        """How well the best of `sentences` (rows of unit vectors) states what `question` (a
        unit vector) asks, 0–1; 0 for no sentence."""
        if not len(sentences):
            return 0.0
        pairs = features(np.broadcast_to(question, sentences.shape), sentences)
        return float(predict(self.params, pairs).max())


@lru_cache(maxsize=4)
def load_need_head(model: str, dimension: int, path: Path = HEAD_FILE) -> NeedHead | None:
    """The head for `model`'s `dimension`-wide vectors, or None when the file is missing,
    damaged, or trained on another model's vectors (search then ranks a named page's passages
    without it)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            params = {k: np.asarray(data[k], dtype=np.float32) for k in PARAMETERS}
            trained_on = str(data["model"])
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile, zlib.error):
        return None         # missing, truncated, a flipped byte (bad CRC), a key lost
    w1 = params["w1"]
    hidden = w1.shape[1] if w1.ndim == 2 else -1
    shapes_fit = (w1.ndim == 2 and w1.shape[0] == 2 * dimension + 1 and params["b1"].shape == (hidden,)
                  and params["w2"].shape == (hidden, 1) and params["b2"].shape == (1,))
    if trained_on != model or not shapes_fit or not all(np.isfinite(v).all() for v in params.values()):
        return None
    return NeedHead(params)
