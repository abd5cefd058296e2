"""Train the query map search uses to rank chunks for one corpus (indexer/query_map.py;
docs/retrieval.md, "Twelfth round").

    python eval/train_query_map.py [--out indexer/query_maps/seed.npz]
    python eval/train_query_map.py --corpus my_docs --index my_index --questions a.jsonl b.jsonl
                                   [--out indexer/query_maps/my_docs.npz]
    python eval/train_query_map.py --cv        # grouped cross-validation only: writes nothing

With no `--questions`, the seed corpus and every seed question set but the ones held out whole
(`HELD_OUT`), dev halves only, answerable only: a question's targets are the chunks holding its
evidence (evaluation.is_relevant); both maps also learn from LINE_QUESTIONS.

The map W (d × d) starts as the identity. A question's vector times W, made a unit vector again,
scores every chunk as search does (mean of the chunk's cosine and its best sentence's); the loss
is the cross-entropy of a softmax over all chunks (temperature `--temperature`) against its
evidence chunks, plus `--l2` × ‖W − I‖² to stay near the model's own space. Adam, mini-batches
of 64, a fixed seed and one thread: a second run writes the same file. Seconds on 2 cores for the
seed corpus (75 chunks); many thousand chunks would want a softmax over retrieved candidates.

`--cv` reports grouped cross-validation (4 folds, each question set in one fold, so a set's
rewordings never sit on both sides): dense R@1 / R@5 / MRR@10 for the identity and for each
`--l2` × `--epochs` pair given, then hybrid at several dense weights with the first pair. The
defaults are what it chose (docs/retrieval.md). Never run in CI. Needs torch (installed with
sentence-transformers).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from asked import EVAL_DIR, LINE_QUESTIONS, unasked  # noqa: E402

from indexer import DEFAULT_CORPUS, DEFAULT_INDEX, SearchSettings, ensure_index, load_embedder  # noqa: E402
from indexer.evaluation import QuestionFileError, dev_test_split, is_relevant, load_questions  # noqa: E402
from indexer.query_map import MAP_DIR, SEED_MAP, QueryMap, line_memory  # noqa: E402
from indexer.trained import corpus_fingerprint  # noqa: E402
from indexer.vectors import all_vectors  # noqa: E402

# Set stems never trained on (eval/README.md).
HELD_OUT = (*(f"fresh{n}" for n in range(13, 28)), "answerability8", "answerability9", "answerability10")
FOLDS = 4
DENSE_WEIGHTS = (0.4, 0.6, 0.8, 1.0)
DEFAULTS = dict(temperature=0.05, l2=0.001, epochs=40, lr=1e-3, seed=0)     # chosen by --cv (docs/retrieval.md)


def seed_files() -> list[Path]:
    return sorted(p for p in EVAL_DIR.glob("*questions.jsonl") if not p.name.startswith("medquad")
                  and p.name.removesuffix("_questions.jsonl") not in HELD_OUT)


def examples(index, files: list[Path], corpus: Path, whole=False) -> list[tuple[str, str, list[int], list[int]]]:
    """(set, question, evidence chunk ids, evidence sentence rows) for each answerable dev question
    (each if `whole`) with evidence found; a sentence is evidence if its span overlaps the evidence's."""
    chunks = list(index.chunks)
    spans = [(c.source, s.start, s.end) for c in chunks for s in c.sentences]
    out = []
    for path in files:
        questions = load_questions(path, corpus)
        for q in questions if whole else dev_test_split(questions)["dev"]:
            gold = [i for i, c in enumerate(chunks) if q.answerable and is_relevant(c, q)]
            lines = [r for r, (source, start, end) in enumerate(spans)
                     if any(source == e.source and min(end, e.end) > max(start, e.start) for e in q.evidence)]
            if gold and lines:
                out.append((path.stem, q.question, gold, lines))
    return out


def line_questions(index, corpus: Path) -> tuple[np.ndarray, list[list[int]], list[list[int]]]:
    """The vectors, evidence chunk ids and evidence sentence rows of LINE_QUESTIONS for the seed
    corpus (none for another). They teach both maps, in every fold; in the memory they cost
    answers out of fold (docs/answers.md, "Twenty-first round" and "Twenty-second round")."""
    files = [path for path in LINE_QUESTIONS if path.exists()]
    if corpus.resolve() != DEFAULT_CORPUS.resolve() or not files:
        return np.zeros((0, index.vectors.d), dtype=np.float32), [], []
    rows = unasked(examples(index, files, corpus, whole=True))
    return question_vectors(index, rows), [r[2] for r in rows], [r[3] for r in rows]


def uncovered(files: list[Path], corpus: Path) -> list[tuple[str, str]]:
    """(set, question) for each dev question the sources do not answer: the map's memory keeps
    them for the answerability head (query_map.LineMemory)."""
    return [(path.stem, q.question) for path in files
            for q in dev_test_split(load_questions(path, corpus))["dev"] if not q.answerable]


def question_vectors(index, rows) -> np.ndarray:
    """The question vectors of `rows` ((set, question, …) tuples), as answering encodes them."""
    return index.encode([index.prepare(row[1]).dense_text for row in rows])


class Scorer:
    """Search's dense score of every chunk, in torch so the map can learn through it."""

    def __init__(self, index):
        import torch
        torch.set_num_threads(1)        # the same sums in the same order: the same map on any machine
        self.torch = torch
        self.chunks = torch.tensor(all_vectors(index.vectors))
        self.sentences = torch.tensor(np.asarray(index.sentence_matrix))
        counts = np.diff(index.sentence_offsets)
        self.owner = torch.tensor(np.repeat(np.arange(len(counts)), counts))

    def lines(self, queries):
        """Every sentence's cosine: what the answer's line score reads."""
        return queries @ self.sentences.T

    def __call__(self, queries):
        n = self.chunks.shape[0]
        best = self.torch.full((queries.shape[0], n), -1.0).scatter_reduce(
            1, self.owner.expand(queries.shape[0], -1), queries @ self.sentences.T, "amax")
        chunk = queries @ self.chunks.T
        has = self.torch.bincount(self.owner, minlength=n) > 0      # a chunk without sentences: its own cosine
        return (chunk + self.torch.where(has, best, chunk)) / 2


def train(scorer: Scorer, vectors: np.ndarray, golds: list[list[int]], *, temperature: float, l2: float,
          epochs: int, lr: float, seed: int, lines: bool = False) -> np.ndarray:
    """The map for ranking chunks (`golds`: chunk ids), or with `lines` sentences (sentence rows)."""
    torch = scorer.torch
    torch.manual_seed(seed)
    score = scorer.lines if lines else scorer
    x = torch.tensor(vectors, dtype=torch.float32)
    target = torch.zeros(len(golds), (scorer.sentences if lines else scorer.chunks).shape[0], dtype=torch.bool)
    for i, gold in enumerate(golds):
        target[i, gold] = True
    delta = torch.zeros(x.shape[1], x.shape[1], requires_grad=True)
    optimiser = torch.optim.Adam([delta], lr=lr)
    for _ in range(epochs):
        order = torch.randperm(len(golds))
        for start in range(0, len(golds), 64):
            batch = order[start:start + 64]
            mapped = x[batch] + x[batch] @ delta
            mapped = mapped / mapped.norm(dim=1, keepdim=True)
            log_p = (score(mapped) / temperature).log_softmax(1)
            loss = -torch.logsumexp(log_p.masked_fill(~target[batch], -1e9), 1).mean() + l2 * (delta ** 2).sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return (torch.eye(x.shape[1]) + delta).detach().numpy().astype(np.float32)


def ranks(order: np.ndarray, golds: list[list[int]]) -> np.ndarray:
    """R@1, R@5 and MRR@10 of rankings `order` (chunk ids, best first)."""
    rows = []
    for ids, gold in zip(order, golds):
        first = next((k for k, c in enumerate(ids[:10]) if c in set(gold)), None)
        rows.append((first == 0, first is not None and first < 5, 0.0 if first is None else 1 / (first + 1)))
    return np.mean(rows, axis=0)


def dense_figures(scorer: Scorer, matrix: np.ndarray, vectors: np.ndarray, golds) -> np.ndarray:
    mapped = QueryMap(matrix, matrix, "", "", 0).apply(vectors)
    with scorer.torch.no_grad():
        scores = scorer(scorer.torch.tensor(mapped)).numpy()
    return ranks(np.argsort(-scores, axis=1, kind="stable"), golds)


def hybrid_figures(index, matrix, questions, golds, dense_weight: float) -> np.ndarray:
    index.query_map = QueryMap(matrix, matrix, "", "", 0)
    hits = index.search_batch(questions, k=10, settings=SearchSettings(mapped_dense_weight=dense_weight))
    return ranks(np.array([[h.chunk.id for h in row] + [-1] * (10 - len(row)) for row in hits]), golds)


def save_for_corpus(path: Path, manifest, **arrays) -> None:
    """`arrays` and what they were trained for (model, documents: trained.trained_for), written
    whole beside `path` and then moved over it: a killed run leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as out:
        np.savez_compressed(out, **arrays, fingerprint=np.array(corpus_fingerprint(manifest)),
                            model=np.array(manifest.model), sources=np.array(len(manifest.sources)))
    os.replace(partial, path)


def folds_of(sets) -> list[list[str]]:
    """The cross-validation folds: every FOLDS-th question set, by name."""
    ordered = sorted(set(sets))
    return [ordered[i::FOLDS] for i in range(FOLDS)]


def held_out_maps(index, files: list[Path], corpus: Path) -> dict[str, QueryMap]:
    """For each question file's name, the map trained (with the defaults) on the other folds'
    files: what the answerability head must see a question through, since the shipped map has
    seen its dev questions and ranks them better than it will rank a new one."""
    rows, left_out = examples(index, files, corpus), uncovered(files, corpus)
    kept, index.query_map = index.query_map, None
    scorer = Scorer(index)
    vectors, others = question_vectors(index, rows), question_vectors(index, left_out)
    written, written_chunks, written_lines = line_questions(index, corpus)
    index.query_map = kept
    maps = {}
    for fold in folds_of(s for s, *_ in rows):
        kept_rows = [s not in fold for s, *_ in rows]
        chunks, lines = ([r[k] for r, t in zip(rows, kept_rows) if t] for k in (2, 3))
        trained_on = vectors[np.array(kept_rows)]
        memory = line_memory(trained_on, lines, others[np.array([s not in fold for s, _ in left_out], dtype=bool)])
        both = np.vstack([trained_on, written])
        maps |= dict.fromkeys(fold, QueryMap(train(scorer, both, chunks + written_chunks, **DEFAULTS),
                                             train(scorer, both, lines + written_lines, **DEFAULTS, lines=True),
                                             "", "", 0, memory=memory))
    return maps


def cross_validate(index, scorer, rows, vectors, written, args) -> None:
    """Grouped cross-validation (module doc); the line questions (`written`: vectors, chunk ids) train every fold."""
    sets = sorted({s for s, *_ in rows})
    folds = folds_of(sets)
    splits = [(np.array([s not in fold for s, *_ in rows]), np.array([s in fold for s, *_ in rows]))
              for fold in folds]
    golds = [g for _, _, g, _ in rows]

    def pooled(figure) -> str:
        """`figure(fold, train rows, test rows)` weighted by the test rows, over the folds."""
        total = sum(figure(k, tr, te) * te.sum() for k, (tr, te) in enumerate(splits))
        return " / ".join(f"{v:.3f}" for v in total / len(rows))

    def of(te):
        return [g for g, t in zip(golds, te) if t]

    def fitted(train_rows, l2, epochs):
        return train(scorer, np.vstack([vectors[train_rows], written[0]]), of(train_rows) + written[1],
                     temperature=args.temperature, l2=l2, epochs=epochs, lr=args.lr, seed=args.seed)

    identity = np.eye(vectors.shape[1], dtype=np.float32)
    questions = np.array([q for _, q, *_ in rows], dtype=object)
    print(f"{len(rows)} dev questions in {len(sets)} sets, {FOLDS} folds; R@1 / R@5 / MRR@10, out of fold")
    print("dense, identity:", pooled(lambda k, tr, te: dense_figures(scorer, identity, vectors[te], of(te))))
    for l2 in args.l2_grid:
        for epochs in args.epochs_grid:
            print(f"dense, l2 {l2}, epochs {epochs}:", pooled(
                lambda k, tr, te, l2=l2, epochs=epochs: dense_figures(scorer, fitted(tr, l2, epochs), vectors[te],
                                                                      of(te))))
    maps = [fitted(tr, args.l2_grid[0], args.epochs_grid[0]) for tr, _ in splits]
    for weight in DENSE_WEIGHTS:
        print(f"hybrid, mapped dense weight {weight}:", pooled(
            lambda k, tr, te, weight=weight: hybrid_figures(index, maps[k], list(questions[te]), of(te), weight)))
    plain = SearchSettings().dense_weight
    print(f"hybrid, identity (dense weight {plain}):", pooled(
        lambda k, tr, te: hybrid_figures(index, identity, list(questions[te]), of(te), plain)))

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--questions", type=Path, nargs="+", help="question files (default: the seed sets)")
    parser.add_argument("--out", type=Path, help=f"default: {SEED_MAP} for the seed sets, else "
                        f"{MAP_DIR}/<corpus folder name>.npz")
    parser.add_argument("--cv", action="store_true", help="report grouped cross-validation; write nothing")
    parser.add_argument("--temperature", type=float, default=DEFAULTS["temperature"])
    parser.add_argument("--l2", type=float, default=DEFAULTS["l2"])
    parser.add_argument("--epochs", type=int, default=DEFAULTS["epochs"])
    parser.add_argument("--l2-grid", type=float, nargs="+", help="--cv: l2 values (first: the hybrid rows')")
    parser.add_argument("--epochs-grid", type=int, nargs="+", help="--cv: epoch counts")
    parser.add_argument("--lr", type=float, default=DEFAULTS["lr"])
    parser.add_argument("--seed", type=int, default=DEFAULTS["seed"])
    args = parser.parse_args(argv)
    args.l2_grid, args.epochs_grid = args.l2_grid or [args.l2], args.epochs_grid or [args.epochs]
    args.out = args.out or (MAP_DIR / f"{args.corpus.resolve().name}.npz" if args.questions else SEED_MAP)
    try:
        index = ensure_index(args.corpus, args.index, embedder=load_embedder())
        rows = examples(index, args.questions or seed_files(), args.corpus)
    except (QuestionFileError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if len({s for s, *_ in rows}) < (FOLDS if args.cv else 1) or len(rows) < 2:
        print("error: too few answerable dev questions with evidence in this index to learn from "
              f"(cross-validation needs {FOLDS} question files)", file=sys.stderr)
        return 2
    index.query_map = None
    scorer = Scorer(index)
    vectors = question_vectors(index, rows)
    written, written_chunks, written_lines = line_questions(index, args.corpus)
    if args.cv:
        cross_validate(index, scorer, rows, vectors, (written, written_chunks), args)
        return 0
    hyper = dict(temperature=args.temperature, l2=args.l2, epochs=args.epochs, lr=args.lr, seed=args.seed)
    matrix = train(scorer, np.vstack([vectors, written]), [g for _, _, g, _ in rows] + written_chunks, **hyper)
    lines = train(scorer, np.vstack([vectors, written]), [r for *_, r in rows] + written_lines, **hyper, lines=True)
    before, after = (" / ".join(f"{v:.3f}" for v in dense_figures(scorer, m, vectors, [g for _, _, g, _ in rows]))
                     for m in (np.eye(len(matrix), dtype=np.float32), matrix))
    print(f"{len(rows)} dev questions; dense R@1 / R@5 / MRR@10 on them (trained on, not held out): "
          f"{before} → {after} (--cv gives held-out figures)")
    left_out = uncovered(args.questions or seed_files(), args.corpus)
    memory = line_memory(vectors, [r for *_, r in rows], question_vectors(index, left_out))
    save_for_corpus(args.out, index.manifest, matrix=matrix, lines=lines, **memory.arrays())
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
