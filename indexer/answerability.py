"""A learned "do these sources answer this at all?", for the one corpus it was trained on.

The rules (scope.py, hinge.py, asks.py) say "not covered" when a question names something no
passage uses, or asks a kind of statement no line makes. What they miss are near-topic questions
whose every word the sources use: "Does smoking raise the risk of ALS?" (the sources say it of
MS), "Is myasthenia gravis hereditary?", "Can a stroke look like ALS?". The lines found are on
the topic, so support and cosines look like those of a covered question's hedged answer.

What tells them apart is what the corpus covers, which blind helpers' questions measure: three
small networks (32 ReLUs each, their probabilities averaged; a logistic regression until the
eighteenth round) over the question's vector and an answer's scalars (support, confidence,
line cosines, passage scores, length, shape, how near the line map brings the question to a
sentence, how near the nearest covered and left-out training question come), trained by
`eval/train_answerability.py` on the dev halves of the ALS question sets
and the red-team probes (docs/answers.md, "Ninth round" and "Thirteenth round"). Its threshold
was set by cross-validation, refusing at most 1 % of the covered questions answered without it
(3 % until the twenty-first round), and it is asked only when the question has no ask (asks.py)
whose kind of statement the lines make. Its input costs ~40 µs per call (the line map's product
and the passages' sentence cosines) and the memory's cosines once per question (~0.4 ms), then
three 402 × 32 products.

Because it learns *this* corpus's gaps ("driving" is not covered here; another corpus may cover
it), the weights name the corpus they fit: the model and every source's sha256, and the
digest of the query map they read questions through (a retrained map moves those cosines: the
head is then unused until it is retrained too). Heads live in
`answerability_heads/`, a file per corpus (the seed documents' is `seed.npz`), so training one
for another corpus leaves the others; an index takes the one trained for its documents. An index
of other or changed documents gets none (answers then come from the rules alone) until the
script is run again on question files for those documents. A damaged file is no head.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .hinge import asking_part, salience
from .query_map import query_map_for
from .records import Answer
from .settings import AnswerSettings
from .trained import DAMAGED_NPZ, trained_for

HEAD_DIR = Path(__file__).with_name("answerability_heads")
HEAD_FILE = HEAD_DIR / "seed.npz"       # the seed corpus's head (corpus/)
PARAMETERS = ("mean", "scale", "weights", "bias", "threshold")
HIDDEN = ("hidden", "hidden_bias")      # a head of small networks (train_answerability.fit)
LENGTH_SCALE = 30.0         # words: a question's length enters as words / 30
SCALARS = 18
MAX_NAMED = 90              # characters of the question a refusal quotes


def features(index, reply: Answer, question_vector: np.ndarray) -> np.ndarray:
    """The head's input for an answered `reply` (its `rows` are the lines' sentence rows): 18
    scalars, then the question vector. (The product of the question and best line vectors
    added nothing in cross-validation and made the head worse on the red-team probes.)

    Four scalars read the question through the corpus's line map (query_map.py), trained to put a
    covered question next to the sentence that answers it: how near the lines and the passages'
    nearest sentence come, and that sentence's lead over the next. A question the sources leave
    out has no such sentence to be pulled to. Held out by question set, they let the head catch
    144 of 276 answered negatives where it caught 124 (docs/answers.md, "Thirteenth round")."""
    rows = np.asarray(reply.rows, dtype=np.int64)
    lines = np.asarray(index.sentence_matrix[rows]) if len(rows) else np.zeros((1, len(question_vector)))
    cosines = np.sort(lines @ question_vector)[::-1]
    scores = [hit.score for hit in reply.passages[:2]] + [0.0, 0.0]
    # "Confident" is support reaching the default bar (as the hedge was set before the head set
    # it); a refused reply, which only training describes, never is.
    confident = not reply.abstained and reply.support >= AnswerSettings.confident_support
    scalars = [reply.support, float(confident), cosines[0], cosines.mean(),
               cosines[1] if len(cosines) > 1 else 0.0, len(reply.lines), len(reply.question.split()) / LENGTH_SCALE,
               scores[0], scores[0] - scores[1], float(reply.shape == "list"), float(reply.shape == "differential")]
    mapped = (index.query_map.apply_lines(question_vector[None])[0] if index.query_map is not None
              else question_vector)
    by_line = np.sort(lines @ mapped)[::-1]
    passage_rows = [int(index.sentence_offsets[hit.chunk.id]) + k for hit in reply.passages
                    for k in range(len(hit.chunk.sentences))]
    nearest = (np.sort(np.asarray(index.sentence_matrix[np.asarray(passage_rows, dtype=np.int64)]) @ mapped)[::-1]
               if passage_rows else np.zeros(1))
    nearest = np.concatenate([nearest, [0.0, 0.0]])
    scalars += [by_line[0], by_line.mean(), nearest[0], nearest[0] - nearest[1]]
    scalars += _remembered(index, rows, question_vector)
    return np.concatenate([np.asarray(scalars, dtype=np.float32), question_vector])


class AnswerabilityHead:
    """The trained regression, its refusal threshold and what it was trained for (module doc)."""

    def __init__(self, params: dict, fingerprint: str, model: str, sources: int, map_digest: str | None = ""):
        self.params = params
        self.fingerprint, self.model, self.sources = fingerprint, model, sources
        self.map_digest = map_digest    # the query map it read questions through ("" none, None unrecorded)

    def probability(self, x: np.ndarray) -> float:
        """How likely the sources do not answer the question `x` describes (`features`), 0–1: the
        mean over the head's small networks (one ReLU layer, then a logistic unit), or its one
        logistic regression for a head without a hidden layer (trained before the eighteenth round)."""
        p = self.params
        scaled = (x - p["mean"]) / p["scale"]
        if "hidden" in p:
            hidden = np.maximum(np.einsum("d,mdh->mh", scaled, p["hidden"]) + p["hidden_bias"], 0.0)
            z = (hidden * p["weights"]).sum(axis=1) + p["bias"]
        else:
            z = np.array([scaled @ p["weights"] + p["bias"][0]])
        return float(np.mean(1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))))

    def doubts(self, x: np.ndarray) -> bool:
        return self.probability(x) > float(self.params["threshold"][0])

    def fits(self, manifest, map_digest: str) -> bool:
        """Trained for `manifest`'s model and documents (the count first: a large corpus's list of
        hashes is long), through the query map whose digest is `map_digest` ("" for none): four of
        its inputs are cosines through that map, so a head trained through an older map misreads
        them. Asked once per loaded index (`_fitting`), not on every question."""
        return self.fits_documents(manifest) and self.map_digest == map_digest

    def fits_documents(self, manifest) -> bool:
        """For `manifest`'s model and documents, with this answer code's input width."""
        return (len(self.params["mean"]) == SCALARS + manifest.dimension
                and trained_for(manifest, self.model, self.sources, self.fingerprint))


def _remembered(index, rows: np.ndarray, question_vector: np.ndarray) -> tuple[float, float, float]:
    """How near the nearest covered question the map was trained on comes, what share of the
    nearest ones' answers the reply's lines hold, and how near the nearest question the sources
    left out comes (query_map.LineMemory): a reworded covered question has a near twin whose
    answer it repeats; a near-topic one the sources leave out is nearer one of those. Zeros
    without a memory."""
    memory = index.query_map.memory if index.query_map is not None else None
    if memory is None or not len(memory.vectors):
        return 0.0, 0.0, 0.0
    covered, uncovered = memory.cosines(question_vector)
    held = memory.votes(question_vector, rows, AnswerSettings.memory_neighbours, AnswerSettings.memory_temperature)
    return float(np.max(covered)), float(held.sum()), float(np.max(uncovered)) if len(uncovered) else 0.0


def not_answered_sentence(question: str) -> str:
    """The reply when the head doubts an answer, naming what was asked: its question sentence
    ("The sources here don't answer “Can my cat get ALS?”."), the story around it left out and a
    long one cut at a word. The head knows the sources don't answer it, not which part they lack."""
    asked = " ".join(asking_part(question).split())
    if len(asked) > MAX_NAMED:
        asked = asked[:MAX_NAMED].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"The sources here don't answer “{asked}”." if asked else "The sources here don't cover that."


def unanswered(index, reply: Answer, question_vector: np.ndarray) -> tuple[float, bool] | None:
    """The head trained for `index`'s corpus on the answered `reply`: how likely the sources do
    not answer what it answers, and whether that is past the head's refusal threshold; None
    without such a head or an answer."""
    head = None if reply.abstained else head_for(index)
    if head is None:
        return None
    x = features(index, reply, question_vector)
    return head.probability(x), head.doubts(x)


def hinge_stands(index, unhinged: Answer, prepared, question_vector: np.ndarray, words: list[str], settings) -> bool:
    """Whether the words a question hinges on (hinge.py) still mean "not covered" once the answer
    without that rule (`unhinged`) is known. Idioms fail the hinge's word tests ("a one-way
    **ticket** downhill", "running on **empty**", "a **death sentence**": the sources use none of
    these words, and each moves the question's vector), so a hinge refusal stands only when that
    answer is refused anyway, the words move the question far (`settings.hinge_sure_salience`),
    no head was trained for this corpus, or the head leans towards "not answered"
    (`settings.hinge_head_floor`, well below its own refusal threshold)."""
    if (not settings.answerability or unhinged.abstained
            or salience(index, prepared, question_vector, words) >= settings.hinge_sure_salience):
        return True
    return not head_vouches(index, unhinged, question_vector, settings.hinge_head_floor)


def head_vouches(index, reply: Answer, question_vector: np.ndarray, below: float) -> bool:
    """The head trained for `index`'s corpus finds the answered `reply` answered, surely: its
    probability of "not answered" is under `below`; False without a head or an answer."""
    verdict = unanswered(index, reply, question_vector)
    return verdict is not None and verdict[0] < below


def answerability_note(manifest, folder: Path = HEAD_DIR, map_digest: str | None = None) -> str:
    """Whether answers from this index use a head, for `python -m indexer info`: a maintainer
    who adds a document or retrains the query map should learn that the learned "not covered" is
    off until retrained. `map_digest` is the map's in use (default: the one found for `manifest`)."""
    if map_digest is None:
        found = query_map_for(manifest)
        map_digest = found[1].digest if found else ""
    fitting = _fitting(manifest, folder, map_digest)
    if fitting is not None:
        return f"used ({fitting[0].name}, trained for these documents)"
    heads = [head for head in map(load_answerability_head, Path(folder).glob("*.npz")) if head is not None]
    if not heads:
        return f"none ({folder} holds no readable head): near-topic questions get the rules alone"
    mine = [h for h in heads if h.fits_documents(manifest)]
    if mine:      # through another query map, or before heads recorded theirs
        why = "another query map (or none)" if any(h.map_digest is not None for h in mine) else "an unrecorded map"
        return (f"not used: the head for these documents was trained through {why}; rerun "
                "python eval/train_answerability.py (it reads the query map in use)")
    if any(trained_for(manifest, h.model, h.sources, h.fingerprint) for h in heads):     # an older input width
        return ("not used: the head for these documents was trained for an older answer code; rerun "
                "python eval/train_answerability.py with the question files it was trained on")
    return ("not used: no head was trained for these documents and this model; to train one, run "
            "python eval/train_answerability.py --corpus … --index … --questions … --out "
            f"{folder}/<name>.npz")


def head_for(index, folder: Path = HEAD_DIR) -> AnswerabilityHead | None:
    """The head in `folder` trained for `index`'s corpus and model through its query map, else None."""
    query_map = getattr(index, "query_map", None)
    fitting = _fitting(index.manifest, folder, query_map.digest if query_map is not None else "")
    return fitting[1] if fitting is not None else None


_CHOSEN: tuple = (None, None, None, None)     # (manifest, folder, map digest, (path, head) or None), rebound whole


def _fitting(manifest, folder: Path, map_digest: str) -> tuple[Path, AnswerabilityHead] | None:
    """The first head in `folder` (by file name) trained for `manifest` through the map of
    `map_digest`, looked for once per loaded index: a head trained while the chat runs is used
    from the next reload."""
    chosen = _CHOSEN
    if chosen[0] is not manifest or chosen[1] != folder or chosen[2] != map_digest:
        heads = ((path, load_answerability_head(path)) for path in sorted(Path(folder).glob("*.npz")))
        chosen = (manifest, folder, map_digest,
                  next(((p, h) for p, h in heads if h is not None and h.fits(manifest, map_digest)), None))
        globals()["_CHOSEN"] = chosen
    return chosen[3]


def load_answerability_head(path: Path = HEAD_FILE) -> AnswerabilityHead | None:
    """The head in `path`; None when the file is missing or damaged (answers then come from the
    rules alone)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            params = {k: np.asarray(data[k], dtype=np.float64) for k in PARAMETERS + HIDDEN if k in data.files}
            trained = str(data["fingerprint"]), str(data["model"]), int(data["sources"])
            through = str(data["map_digest"]) if "map_digest" in data.files else None    # older: unrecorded
    except DAMAGED_NPZ:
        return None         # missing, truncated, a flipped byte (bad CRC), a key lost
    if not all(k in params for k in PARAMETERS):
        return None
    width = params["mean"].shape
    shapes_fit = len(width) == 1 and params["scale"].shape == width and params["threshold"].shape == (1,)
    if all(k in params for k in HIDDEN):      # networks: (members, inputs, units) …
        members, inputs, units = params["hidden"].shape if params["hidden"].ndim == 3 else (0, 0, 0)
        shapes_fit = (shapes_fit and members > 0 and (inputs,) == width
                      and params["hidden_bias"].shape == (members, units)
                      and params["weights"].shape == (members, units) and params["bias"].shape == (members,))
    else:       # a logistic regression
        shapes_fit = shapes_fit and params["weights"].shape == width and params["bias"].shape == (1,)
    if not shapes_fit or not all(np.isfinite(v).all() for v in params.values()) or not (params["scale"] > 0).all():
        return None
    return AnswerabilityHead(params, *trained, through)
