"""With the real all-MiniLM-L6-v2 model: the questions users ask find the right passages."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import REPO

pytestmark = pytest.mark.model


def top_sections(index, question, k=3):
    return [h.chunk.section for h in index.search(question, k=k)]


def test_mg_question_finds_the_mg_passage_in_the_top_3(real_index):
    _, index = real_index
    hits = index.search("how is MG told apart from ALS", k=3)
    mg = [h for h in hits if h.chunk.section == ("Myasthenia gravis",)]
    assert mg, [h.chunk.section for h in hits]
    assert "repetitive nerve stimulation" in mg[0].chunk.text


@pytest.mark.parametrize("question, section", [
    ("Can a vitamin B12 deficiency look like ALS?", "Vitamin B12 deficiency"),
    ("How do doctors tell ALS and MS apart?", "Diagnosis: How Doctors Tell ALS and MS Apart"),
    ("Is muscle twitching on its own a sign of ALS?", "1. Muscle Twitching Is Common"),
])
def test_common_questions_find_their_section(real_index, question, section):
    _, index = real_index
    assert any(section in s for s in top_sections(index, question)), top_sections(index, question)


def test_vectors_are_unit_length_and_model_is_recorded(real_index):
    _, index = real_index
    assert index.manifest.model == "sentence-transformers/all-MiniLM-L6-v2"
    assert index.manifest.dimension == 384
    vectors = index.vectors.reconstruct_n(0, index.vectors.ntotal)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_cli_search_json_in_a_fresh_process(real_index):
    root, _ = real_index
    result = subprocess.run(
        [sys.executable, "-m", "indexer", "search", "--json", "-k", "3"],
        input="how is MG told apart from ALS?\nwhat treatments slow ALS?\n",
        capture_output=True, text=True, cwd=root, timeout=300,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 2
    assert any(h["section"] == "Myasthenia gravis" for h in rows[0])
    assert "Traceback" not in result.stderr
