"""Train the answerability head the chat uses to say "not covered" to near-topic questions the
rules answer (indexer/answerability.py; docs/answers.md, "Ninth round").

    python eval/train_answerability.py [--out indexer/answerability_heads/seed.npz]
    python eval/train_answerability.py --corpus my_docs --index my_index --questions a.jsonl b.jsonl
                                       [--probes probes.tsv] [--out indexer/answerability_heads/my_docs.npz]

With no `--questions`, the seed corpus and its question sets (below). For a corpus of one's own,
give question files in the eval format (docs/DESIGN.md) with near-topic negatives, a few hundred
at least; their dev halves are used. Each corpus's head is its own file in
indexer/answerability_heads/ (by default named after the corpus folder): the chat uses a head
only for the documents it was trained on, and training one for your documents leaves the seed's.

Reads the dev halves of the ALS question sets the query map trains on (every set but
train_query_map.HELD_OUT, which stay unseen whole) and of the red-team refusal probes (covered
and not covered; `python eval/refusals.py --split dev`) only, never a test half: those are the
held-out figures. Each question is answered as the chat would without the head; a question the
rules refuse is answered with the support floor and the hinge off, to have lines to describe
(one refused even so is described without lines).
`answerability.features` describes the answer (the same function the chat calls); three small
networks (standardised inputs, 32 ReLUs, their probabilities averaged: `fit`) learn which are
negatives. Its threshold comes from 5-fold cross-validation that keeps a
question and its rewordings (cosine ≥ 0.8) in one fold: half-way between the k-th and (k+1)-th
highest out-of-fold probability of the covered questions the chat answers, with the k (at most
1 % of them) that catches the most negatives net of the k covered questions refused, or the
smallest k within one question of that. The cap was 3 % until the twenty-first round, where the
rule chose 35, 24, 14 and 31 at successive retrains (the curve is flat past ~15): every covered
question refused costs key phrase, the one goal still unmet, while "not covered" meets its goal
either way (docs/answers.md, "Twenty-first round"). The chat asks the head
only when the question has no ask (asks.py) whose kind of statement the lines make.

When the corpus has a query map (indexer/query_map.py), each question is answered through the
map trained without its question file's fold (train_query_map.held_out_maps): the shipped map
has seen the dev questions and ranks them better than a new one, and the head must learn from
answers as a new question gets them. The head fits this corpus, its map and this answer code:
rerun after changing the documents (the chat drops a head whose corpus fingerprint differs), the
map or the answer rules. Deterministic; ~1 min on
2 cores. Never run in CI. Needs scikit-learn (installed with sentence-transformers).
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from refusals import probe_split  # noqa: E402  (eval/, beside this script)
from train_query_map import held_out_maps, save_for_corpus, seed_files  # noqa: E402

from indexer import DEFAULT_CORPUS, DEFAULT_INDEX, AnswerSettings, answer, ensure_index, load_embedder  # noqa: E402
from indexer.answerability import HEAD_DIR, HEAD_FILE, features  # noqa: E402
from indexer.evaluation import QuestionFileError, dev_test_split, load_questions  # noqa: E402

PROBES = Path(__file__).with_name("refusal_probes.tsv")     # red-team probes: C covered, U not, M mixed
WITHOUT_HEAD = AnswerSettings(answerability=False)
ANSWER_ANYWAY = AnswerSettings(min_support=-1.0, hinge=False, answerability=False)
SAME_QUESTION = 0.8
MEMBERS, UNITS, ALPHA = 3, 32, 1.0     # the head's networks, their hidden units and L2 strength (fit)
MOST_REFUSED_SHARE = 0.01   # of the covered dev questions the rules answer, the head may refuse this share
FOLDS = 5
REPEATS = 5                 # cross-validation shuffles, averaged


@contextmanager
def mapped(index, query_map):
    """`index` searching through `query_map` for the duration."""
    kept, index.query_map = index.query_map, query_map
    try:
        yield
    finally:
        index.query_map = kept


def describe(index, question: str) -> tuple[np.ndarray, bool, np.ndarray]:
    """(features, answered without the head, question vector). A question refused even so (it
    names a drug no passage uses…) is described with no lines: its vector still tells a topic
    the sources leave out."""
    reply = answer(index, question, settings=WITHOUT_HEAD)
    shown = reply if not reply.abstained else answer(index, question, settings=ANSWER_ANYWAY)
    vector = index.encode([index.prepare(question).dense_text])[0]
    return features(index, shown, vector), not reply.abstained, vector


def fit(x: np.ndarray, y: np.ndarray) -> tuple[StandardScaler, list[MLPClassifier]]:
    """(scaler, networks): MEMBERS small networks (one layer of UNITS ReLUs, L2 strength ALPHA,
    seeds 0…), whose probabilities the head averages. Held out by question set (each of the 25
    dev files answered by a head trained on the other 24), at 35 covered questions refused they
    caught 193 of the 249 answered negatives where the logistic regression used until the
    eighteenth round (its logits averaged over four strengths) caught 184; every width from 16
    to 128 and strength from 0.3 to 3 caught 189–198 (docs/answers.md, "Eighteenth round")."""
    scaler = StandardScaler().fit(x)      # (the threshold, not class weights, sets how much is refused)
    return scaler, [MLPClassifier((UNITS,), alpha=ALPHA, max_iter=800, random_state=seed).fit(scaler.transform(x), y)
                    for seed in range(MEMBERS)]


def probabilities(head: tuple[StandardScaler, list[MLPClassifier]], x: np.ndarray) -> np.ndarray:
    scaler, networks = head
    return np.mean([network.predict_proba(scaler.transform(x))[:, 1] for network in networks], axis=0)


def head_arrays(scaler: StandardScaler, networks: list[MLPClassifier]) -> dict[str, np.ndarray]:
    """`fit`'s head as the arrays a head file holds (answerability.load_answerability_head)."""
    return dict(mean=scaler.mean_, scale=scaler.scale_, hidden=np.stack([n.coefs_[0] for n in networks]),
                hidden_bias=np.stack([n.intercepts_[0] for n in networks]),
                weights=np.stack([n.coefs_[1][:, 0] for n in networks]),
                bias=np.array([n.intercepts_[1][0] for n in networks]))


def described(index, asked, through) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(features, answered without the head, question vectors, negative) of `asked`'s (question,
    negative, file name) rows. The shipped query map has seen the dev questions, and ranks them
    better than it will rank a new one: each is described through the map trained without its
    file's fold (`through`, by file name; query_map.py)."""
    rows = []
    for question, negative, name in asked:
        with mapped(index, through.get(name, index.query_map)):
            rows.append((describe(index, question), negative))
    return (np.array([features for (features, _, _), _ in rows], dtype=np.float64),
            np.array([shown for (_, shown, _), _ in rows]), np.array([vector for (_, _, vector), _ in rows]),
            np.array([label for _, label in rows], dtype=int))


def cross_validate(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each question's probability from heads trained on the folds without it (and without
    its rewordings: `groups`), averaged over REPEATS shuffles of the folds: one split's luck
    moved the negatives caught by ±15 of 194 when a glossary word changed a few groups."""
    out_of_fold = np.zeros(len(y))
    for repeat in range(REPEATS):
        for train, test in GroupKFold(FOLDS, shuffle=True, random_state=repeat).split(x, y, groups):
            out_of_fold[test] += probabilities(fit(x[train], y[train]), x[test]) / REPEATS
    return out_of_fold


def choose_threshold(out_of_fold, answered, negative, most: int) -> tuple[int, float, dict[int, int]]:
    """(k, threshold, negatives caught for each k ≤ `most`): the threshold half-way between the
    k-th and (k+1)-th highest probability of the covered questions answered, with the smallest k
    that catches within one of the most answered negatives net of k."""
    covered = np.sort(out_of_fold[answered & (negative == 0)])[::-1]
    cuts = {k: float(covered[k - 1] + covered[k]) / 2 for k in range(1, min(most, len(covered) - 1) + 1)}
    caught = {k: int(((out_of_fold > cut) & answered & (negative == 1)).sum()) for k, cut in cuts.items()}
    if not cuts:
        return 0, 1.0, {}
    most_net = max(caught[k] - k for k in cuts)
    # (the fewest refused within one question of the most net: past that the curve is flat, and the
    # last covered questions it refuses flip with each retrain)
    best = min(k for k in cuts if caught[k] - k >= most_net - 1)
    return best, cuts[best], caught


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--questions", type=Path, nargs="+", help="question files (default: the seed sets)")
    parser.add_argument("--probes", type=Path, help="LABEL|question lines (default with the seed sets: "
                        "eval/refusal_probes.tsv)")
    parser.add_argument("--out", type=Path, help=f"default: {HEAD_FILE} for the seed sets, else "
                        f"{HEAD_DIR}/<corpus folder name>.npz")
    args = parser.parse_args()
    args.out = args.out or (HEAD_DIR / f"{args.corpus.resolve().name}.npz" if args.questions else HEAD_FILE)
    files = args.questions or seed_files()
    probes = args.probes or (None if args.questions else PROBES)
    map_files = files       # what the corpus's query map was trained on
    try:
        asked = [(q.question, not q.answerable, path.stem) for path in files
                 for q in dev_test_split(load_questions(path, args.corpus))["dev"]]
    except QuestionFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if probes:
        asked += [(question, label == "U", "") for label, question in probe_split(probes, "dev") if label != "M"]
    if sum(negative for _, negative, _ in asked) < FOLDS or sum(not negative for _, negative, _ in asked) < FOLDS:
        print(f"error: the dev halves hold too few covered questions or negatives to train on "
              f"(at least {FOLDS} of each; a few hundred make a useful head)", file=sys.stderr)
        return 2
    index = ensure_index(args.corpus, args.index, embedder=load_embedder())
    through = held_out_maps(index, map_files, args.corpus) if index.query_map is not None else {}
    x, answered, vectors, negative = described(index, asked, through)
    groups = -np.ones(len(x), dtype=int)
    for i in range(len(x)):
        if groups[i] < 0:
            groups[(vectors @ vectors[i] >= SAME_QUESTION) & (groups < 0)] = i
    target = int((negative & answered).sum())
    covered_answered = int((answered & (negative == 0)).sum())
    most = max(1, int(MOST_REFUSED_SHARE * covered_answered))
    print(f"dev questions {len(x)}, negatives {negative.sum()}; answered without the head {answered.sum()}, "
          f"of them negatives {target}; the head may refuse at most {most} of the {covered_answered} covered")
    out_of_fold = cross_validate(x, negative, groups)
    best, threshold, caught = choose_threshold(out_of_fold, answered, negative, most)
    print(f"cross-validated, refusing k covered catches (k: caught of {target}) "
          + " ".join(f"{n}: {m}" for n, m in caught.items()))
    if caught.get(best, 0) - best <= 0:
        print(f"no head written: out of fold it refuses as many covered questions as it catches negatives; "
              f"{args.out} is unchanged", file=sys.stderr)
        return 1
    print(f"chosen: refusing {best} covered to catch {caught[best]} (fewest refused within one of the most net)")
    save_for_corpus(args.out, index.manifest, **head_arrays(*fit(x, negative)), threshold=np.array([threshold]),
                    map_digest=np.array(index.query_map.digest if index.query_map is not None else ""))
    print(f"threshold {threshold:.4f}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
