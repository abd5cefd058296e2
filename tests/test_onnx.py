"""The int8 ONNX encoder: close to torch, as good in retrieval, and no torch when answering."""

import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import REPO
from indexer.embedding import load_embedder
from indexer.evaluation import is_relevant, load_questions, question_metrics

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def onnx_embedder():
    return load_embedder(encoder="onnx")


def test_onnx_vectors_match_torch_on_the_corpus(real_index, onnx_embedder):
    _, index = real_index
    texts = [c.embedding_text() for c in index.chunks]
    torch_vectors = index.vectors.reconstruct_n(0, index.vectors.ntotal)
    cosines = (onnx_embedder.encode(texts) * torch_vectors).sum(axis=1)
    assert cosines.min() >= 0.98 and np.median(cosines) >= 0.99


def test_hybrid_retrieval_is_as_good_with_onnx_questions(real_index, onnx_embedder):
    _, index = real_index
    questions = [q for q in load_questions(REPO / "eval" / "questions.jsonl", REPO / "corpus")
                 if q.answerable]
    mrr, original = {}, index.embedder
    try:
        for name, embedder in (("torch", original), ("onnx", onnx_embedder)):
            index.embedder = embedder
            rows = []
            for q, hits in zip(questions, index.search_batch([q.question for q in questions], k=10)):
                relevant = sum(is_relevant(c, q) for c in index.chunks)
                rows.append(question_metrics([h.chunk for h in hits], q, relevant)["mrr@10"])
            mrr[name] = sum(rows) / len(rows)
    finally:
        index.embedder = original
    assert abs(mrr["onnx"] - mrr["torch"]) <= 0.01, mrr


def test_answering_with_onnx_never_imports_torch(real_index, onnx_embedder):
    root, _ = real_index
    script = ("import sys\nfrom pathlib import Path\nfrom indexer import load_index\n"
              "from indexer.embedding import load_embedder\n"
              "index = load_index(Path('index'), embedder=load_embedder(encoder='onnx'))\n"
              "answer = index.answer('How is MG told apart from ALS?')\n"
              "assert 'repetitive nerve stimulation' in answer.text\n"
              "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
