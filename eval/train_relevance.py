"""Train the need head search.py uses to choose among the passages of a document a question
names by title (indexer/need_head.py; docs/retrieval.md, "Titles", has its figures).

    python eval/train_relevance.py [--pairs ../shared/data/medquad/train_pairs.jsonl]
                                   [--cache /tmp/relevance-embeddings.npz] [--out indexer/need_head.npz]

Cosine similarity finds sentences on the question's *topic*; it does not tell a treatment
sentence from a symptom sentence about the same condition ("Does ALS affect memory?" got an MS
symptom list; "Is ALS contagious?" got "there is no cure"). This head learns that from MedQuAD's
labelled pairs (NIH pages, CC BY 4.0; Ben Abacha & Demner-Fushman 2019): for a question, the
first sentences of its own answer are positives; the first sentences of the *other* answers of
the same document (same condition, another question type: symptoms vs treatment vs
inheritance…) are hard negatives, and one sentence of another document an easy one.

Inputs are the MiniLM vectors the index already holds (question vector, sentence vector), so
scoring costs one small matrix product per answer: features [q ⊙ s, |q − s|, cos] → 64 ReLU →
1 logistic (indexer/need_head.py, shared with the answer path). Trained with Adam in NumPy,
documents split 90/10 for validation; deterministic (seeded): a second run with the same
embedding cache writes the same weights, and so did a run from nothing (measured 2026-11-29:
1 min 4 s wall on 2 cores, 38,067 texts embedded at ~600/s, 0.9 GB peak). Never run in CI.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.need_head import HEAD_FILE, features, predict  # noqa: E402
from indexer.settings import DEFAULT_MODEL  # noqa: E402

SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
FIRST_SENTENCES = 2           # of an answer: where the answer to its question is stated
HARD_NEGATIVE_ANSWERS = 3     # other answers of the same document per question
HIDDEN = 64
EPOCHS = 6
BATCH = 512
LEARNING_RATE = 2e-3
L2 = 1e-4
SEED = 7


def first_sentences(answer: str) -> list[str]:
    parts = [p.strip() for p in SENTENCE_RE.split(" ".join(answer.split()))]
    return [p for p in parts if 20 <= len(p) <= 400][:FIRST_SENTENCES]


def load_pairs(path: Path):
    pairs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_doc = defaultdict(list)
    for k, p in enumerate(pairs):
        p["sentences"] = first_sentences(p["answer"])
        if p["sentences"]:
            by_doc[p["doc"]].append(k)
    return pairs, by_doc


def embed_all(pairs, cache: Path):
    texts = sorted({p["question"] for p in pairs} | {s for p in pairs for s in p["sentences"]})
    if cache.exists():
        data = np.load(cache, allow_pickle=False)
        if list(data["texts"]) == texts:
            return {t: i for i, t in enumerate(texts)}, data["vectors"]
    from indexer.encoders import load_embedder
    embedder = load_embedder()
    began, vectors = time.monotonic(), []
    for start in range(0, len(texts), 256):
        vectors.append(embedder.encode(texts[start:start + 256]))
        done = start + 256
        if done % 5120 == 0:
            rate = done / (time.monotonic() - began)
            print(f"  embedded {done:,}/{len(texts):,} ({rate:.0f}/s)", flush=True)
    matrix = np.concatenate(vectors).astype(np.float32)
    np.savez(cache, texts=np.array(texts), vectors=matrix)
    return {t: i for i, t in enumerate(texts)}, matrix


def examples(pairs, by_doc, docs, row, rng):
    """(question rows, sentence rows, labels) for the pairs of `docs`."""
    q, s, y = [], [], []
    all_docs = list(by_doc)
    for doc in docs:
        members = by_doc[doc]
        for k in members:
            pair = pairs[k]
            for sentence in pair["sentences"]:
                q.append(row[pair["question"]]), s.append(row[sentence]), y.append(1.0)
            others = [m for m in members if pairs[m]["qtype"] != pair["qtype"]]
            for m in rng.permutation(others)[:HARD_NEGATIVE_ANSWERS] if others else []:
                q.append(row[pair["question"]]), s.append(row[pairs[m]["sentences"][0]]), y.append(0.0)
            other_doc = all_docs[rng.integers(len(all_docs))]
            if other_doc != doc:
                q.append(row[pair["question"]]), s.append(row[pairs[by_doc[other_doc][0]]["sentences"][0]])
                y.append(0.0)
    return np.array(q), np.array(s), np.array(y, dtype=np.float32)


def train(x, y, xv, yv, rng):
    d = x.shape[1]
    params = {"w1": rng.normal(0, (2 / d) ** 0.5, (d, HIDDEN)).astype(np.float32),
              "b1": np.zeros(HIDDEN, np.float32),
              "w2": rng.normal(0, (2 / HIDDEN) ** 0.5, (HIDDEN, 1)).astype(np.float32),
              "b2": np.zeros(1, np.float32)}
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    step = 0
    for epoch in range(EPOCHS):
        order = rng.permutation(len(x))
        for start in range(0, len(x), BATCH):
            idx = order[start:start + BATCH]
            xb, yb = x[idx], y[idx][:, None]
            h = np.maximum(xb @ params["w1"] + params["b1"], 0)
            p = 1 / (1 + np.exp(-(h @ params["w2"] + params["b2"])))
            g = (p - yb) / len(idx)
            grads = {"w2": h.T @ g + L2 * params["w2"], "b2": g.sum(0)}
            gh = (g @ params["w2"].T) * (h > 0)
            grads |= {"w1": xb.T @ gh + L2 * params["w1"], "b1": gh.sum(0)}
            step += 1
            for k in params:
                m, v = moments[k]
                m[:] = 0.9 * m + 0.1 * grads[k]
                v[:] = 0.999 * v + 0.001 * grads[k] ** 2
                params[k] -= LEARNING_RATE * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
        print(f"  epoch {epoch + 1}: validation AUC {auc(predict(params, xv), yv):.3f}", flush=True)
    return params


def auc(scores, labels) -> float:
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    pos = labels == 1
    return float((ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / (pos.sum() * (~pos).sum()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=ROOT.parent / "shared/data/medquad/train_pairs.jsonl")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/relevance-embeddings.npz"))
    parser.add_argument("--out", type=Path, default=HEAD_FILE)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(SEED)
    pairs, by_doc = load_pairs(args.pairs)
    print(f"{len(pairs):,} pairs, {len(by_doc):,} documents", flush=True)
    row, vectors = embed_all(pairs, args.cache)
    docs = sorted(by_doc)
    rng.shuffle(docs)
    held = set(docs[: len(docs) // 10])
    qt, st, yt = examples(pairs, by_doc, [d for d in docs if d not in held], row, rng)
    qv, sv, yv = examples(pairs, by_doc, sorted(held), row, rng)
    x, xv = features(vectors[qt], vectors[st]), features(vectors[qv], vectors[sv])
    print(f"{len(x):,} training and {len(xv):,} validation examples; cosine alone: validation "
          f"AUC {auc(xv[:, -1], yv):.3f}", flush=True)
    params = train(x, yt, xv, yv, rng)
    np.savez(args.out, model=np.array(DEFAULT_MODEL), **{k: v.astype(np.float32) for k, v in params.items()})
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
