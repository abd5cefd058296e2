"""Probe (not used by the chat): could a small learned classifier tell the near-topic questions
the chat still answers from the covered ones better than a support threshold does?

    python eval/answerability_probe.py

Reads the dev halves of the ALS question sets only. Each question is answered as the chat would
(a refused one with the support floor and the hinge off, to have lines), and described by its
support, confidence, the cosines of its lines to the question, its length, and the question's
vector with its best line's (element-wise product). A logistic regression is scored by 5-fold
cross-validation, a question and its rewordings (cosine ≥ 0.8) kept in one fold, on the
questions the chat answers today: how many of their negatives it catches when it may refuse
k more covered ones (docs/answers.md, "Eighth round").
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from indexer import DEFAULT_CORPUS, DEFAULT_INDEX, AnswerSettings, answer, ensure_index, load_embedder  # noqa: E402
from indexer.evaluation import dev_test_split, load_questions  # noqa: E402

SETS = ["questions", "lay_questions", "blind_questions", "heldout_questions", "fresh_questions", "fresh2_questions",
        "fresh3_questions", "fresh4_questions", "fresh5_questions", "fresh6_questions", "fresh7_questions"]
ANSWER_ANYWAY = AnswerSettings(min_support=-1.0, hinge=False)
SAME_QUESTION = 0.8


def describe(index, question: str) -> tuple[np.ndarray, bool, np.ndarray]:
    """(features, answered today, question vector)."""
    reply = answer(index, question)
    shown = reply if not reply.abstained else answer(index, question, settings=ANSWER_ANYWAY)
    asked = index.encode([index.prepare(question).dense_text])[0]
    lines = index.encode([line.text for line in shown.lines] or [""])
    cosines = lines @ asked
    scalars = [shown.support, float(shown.confident), float(cosines.max()), float(cosines.mean()),
               len(shown.lines), len(question.split()) / 30]
    return np.concatenate([scalars, asked * lines[int(np.argmax(cosines))], asked]), not reply.abstained, asked


def main() -> int:
    index = ensure_index(DEFAULT_CORPUS, DEFAULT_INDEX, embedder=load_embedder())
    rows = [(describe(index, q.question), not q.answerable)
            for name in SETS for q in dev_test_split(load_questions(Path(f"eval/{name}.jsonl"), DEFAULT_CORPUS))["dev"]]
    x = np.array([features for (features, _, _), _ in rows])
    answered = np.array([shown for (_, shown, _), _ in rows])
    vectors = np.array([vector for (_, _, vector), _ in rows])
    negative = np.array([label for _, label in rows], dtype=int)
    groups = -np.ones(len(rows), dtype=int)
    for i in range(len(rows)):
        if groups[i] < 0:
            groups[(vectors @ vectors[i] >= SAME_QUESTION) & (groups < 0)] = i
    target = int((negative & answered).sum())
    print(f"dev questions {len(rows)}, negatives {negative.sum()}; answered today {answered.sum()}, "
          f"of them negatives {target}")
    for c in (0.3, 1.0, 3.0):
        p = np.zeros(len(rows))
        for train, test in GroupKFold(5).split(x, negative, groups):
            model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x[train], negative[train])
            p[test] = model.predict_proba(x[test])[:, 1]
        order = [i for i in np.argsort(-p) if answered[i]]
        caught = []
        for k in (1, 3, 5, 10):
            refused = np.cumsum([negative[i] == 0 for i in order])
            caught.append(f"{k} → {int(sum(negative[i] for i, r in zip(order, refused) if r <= k))}")
        print(f"C={c}: covered refused → answered negatives caught (of {target}): " + ", ".join(caught))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
