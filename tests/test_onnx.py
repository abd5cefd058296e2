"""The int8 ONNX encoder (the default): close to torch fp32, as good in retrieval, and no torch
when answering."""

import os
import subprocess
import sys

import numpy as np
import pytest

from indexer import build_index, load_index
from indexer.embedder import encoder_of
from indexer.encoders import load_embedder
from indexer.evaluation import is_relevant, load_questions, question_metrics

from conftest import REPO

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def torch_index(real_index, tmp_path_factory):
    """The same corpus built with the torch fp32 encoder, for comparison."""
    root, _ = real_index
    target = tmp_path_factory.mktemp("torch") / "index"
    embedder = load_embedder(encoder="torch")
    build_index(root / "corpus", target, embedder=embedder, log=lambda _: None)
    return load_index(target, embedder=embedder)


def test_the_default_index_is_built_with_onnx(real_index):
    _, index = real_index
    assert encoder_of(index.embedder) == "onnx" and index.manifest.encoder == "onnx"


def test_onnx_vectors_match_torch_on_the_corpus(real_index, torch_index):
    _, index = real_index
    onnx_vectors = index.vectors.reconstruct_n(0, index.vectors.ntotal)
    torch_vectors = torch_index.vectors.reconstruct_n(0, torch_index.vectors.ntotal)
    cosines = (onnx_vectors * torch_vectors).sum(axis=1)
    assert len(cosines) == len(index.chunks) > 50
    assert cosines.min() >= 0.98 and np.median(cosines) >= 0.99


def _mean_mrr(index) -> float:
    questions = [q for q in load_questions(REPO / "eval" / "questions.jsonl", REPO / "corpus")
                 if q.answerable]
    rows = []
    for q, hits in zip(questions, index.search_batch([q.question for q in questions], k=10)):
        relevant = sum(is_relevant(c, q) for c in index.chunks)
        rows.append(question_metrics([h.chunk for h in hits], q, relevant)["mrr@10"])
    return sum(rows) / len(rows)


def test_hybrid_retrieval_is_as_good_as_the_torch_path(real_index, torch_index):
    _, index = real_index
    onnx_mrr, torch_mrr = _mean_mrr(index), _mean_mrr(torch_index)
    assert abs(onnx_mrr - torch_mrr) <= 0.01, (onnx_mrr, torch_mrr)


def test_answering_never_imports_torch(real_index):
    root, _ = real_index
    script = ("import sys\nfrom pathlib import Path\nfrom indexer import answer, load_index\n"
              "index = load_index(Path('index'))\n"
              "reply = answer(index, 'How is MG told apart from ALS?')\n"
              "assert 'repetitive nerve stimulation' in reply.text\n"
              "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_a_damaged_export_is_made_again(tmp_path, monkeypatch):
    import indexer.onnx_encoder as onnx_encoder

    monkeypatch.setattr(onnx_encoder, "ONNX_CACHE", tmp_path)
    first = onnx_encoder.OnnxEmbedder()
    path = onnx_encoder.export_onnx()
    path.write_bytes(b"not an onnx file")
    again = onnx_encoder.OnnxEmbedder()
    vector = again.encode(["muscle weakness"])
    assert np.allclose(vector, first.encode(["muscle weakness"]), atol=1e-5)


def test_a_model_that_cannot_be_exported_falls_back_to_torch(monkeypatch):
    import indexer.onnx_encoder as onnx_encoder

    def cannot(model=None):
        raise onnx_encoder.OnnxExportError("could not export this model to ONNX (test)")

    monkeypatch.setattr(onnx_encoder, "export_onnx", cannot)
    monkeypatch.delenv("CITED_QA_ENCODER", raising=False)
    warnings = []
    embedder = load_embedder(warn=warnings.append)
    assert encoder_of(embedder) == "torch" and "using the torch encoder" in warnings[0]
    with pytest.raises(onnx_encoder.OnnxExportError):
        load_embedder(encoder="onnx")
