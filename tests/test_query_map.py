"""The query map (indexer/query_map.py): questions in everyday words find their passage on the
corpus the map was trained for; an index of other documents searches as before; a damaged map
is none; the training script writes a map that fits, the same one twice."""

import sys

import numpy as np
import pytest

from indexer import AnswerSettings, answer
from indexer.answering import _answer
from indexer.evaluation import load_questions
from indexer.query_map import SEED_MAP, LineMemory, line_memory, load_query_map, query_map_for, query_map_note

from conftest import REPO

sys.path.insert(0, str(REPO / "eval"))
import asked  # noqa: E402
import train_query_map  # noqa: E402


def test_the_shipped_map_fits_the_shipped_corpus(real_index):
    # Fails when a seed document changes and `python eval/train_query_map.py` was not run again.
    _, index = real_index
    assert index.query_map is not None
    assert query_map_note(index.manifest) == "used (seed.npz, trained for these documents)"


@pytest.mark.parametrize("question, passage", [
    # Test halves of older sets (never trained on): the passage that answers comes first.
    ("can als make you cry or laugh at the wrong times", "Inappropriate crying, laughing or yawning"),
    ("Does the EMG hurt, and what is it like for people with ALS? My dad has his next week and he's scared.",
     "Patients describe it as uncomfortable"),
    ("can women get kennedy's disease or only men", "affects mostly males"),
])
def test_everyday_questions_find_the_passage_that_answers(real_index, question, passage):
    _, index = real_index
    assert passage in index.search(question, k=1)[0].chunk.text


def test_the_maps_rank_passages_and_lines_and_nothing_else(real_index, monkeypatch):
    # Given the passages the map ranked, and without the line map's and its memory's terms, the
    # answer is the one the question's own vector makes: support and the hinge never see a mapped
    # vector. (The head reads the map by design, and an index without a map has none: it is left
    # out of both.)
    _, index = real_index
    question = "My wife's walking gets worse after a hot bath. Is that a known thing with MS?"
    own = AnswerSettings(weight_line_map=0.0, weight_line_memory=0.0, answerability=False)
    mapped = answer(index, question, settings=own)
    prepared = index.prepare(question)
    vector = index.encode([prepared.dense_text])
    hits = index.search_encoded(prepared, vector[0], k=AnswerSettings().passages)
    monkeypatch.setattr(index, "query_map", None)
    assert [h.chunk.id for h in index.search_encoded(prepared, vector[0], k=5)] != [h.chunk.id for h in hits[:5]]
    assert _answer(index, question, prepared, vector, hits, own) == mapped


def test_an_index_of_other_documents_gets_no_map(fake_index):
    assert fake_index.query_map is None                     # another model's vectors
    assert query_map_note(fake_index.manifest).startswith("none for these documents")


def test_a_damaged_map_is_none_and_the_fitting_one_is_found(real_index, tmp_path):
    _, index = real_index
    (tmp_path / "a_damaged.npz").write_bytes(b"not an npz file")
    np.savez(tmp_path / "b_other.npz", **{**dict(np.load(SEED_MAP)), "fingerprint": np.array("0" * 64)})
    np.savez(tmp_path / "c_nan.npz", **{**dict(np.load(SEED_MAP)), "matrix": np.full((384, 384), np.nan)})
    assert load_query_map(tmp_path / "a_damaged.npz") is None
    assert load_query_map(tmp_path / "missing.npz") is None
    assert load_query_map(tmp_path / "c_nan.npz") is None
    assert query_map_for(index.manifest, tmp_path) is None
    shipped = dict(np.load(SEED_MAP))
    np.savez(tmp_path / "e_memory.npz", **{**shipped, "asked_offsets": shipped["asked_offsets"][::-1]})
    odd = load_query_map(tmp_path / "e_memory.npz")     # a memory at odds with itself: the map without it
    assert odd is not None and odd.memory is None and np.array_equal(odd.matrix, shipped["matrix"])
    flat = {**shipped, "asked": np.zeros(5, dtype=np.float16), "asked_rows": np.array(3)}
    np.savez(tmp_path / "f_flat.npz", **{k: v for k, v in flat.items() if k != "uncovered"})
    assert load_query_map(tmp_path / "f_flat.npz").memory is None      # the wrong shapes: no crash
    (tmp_path / "d_seed.npz").write_bytes(SEED_MAP.read_bytes())
    assert query_map_for(index.manifest, tmp_path)[0].name == "d_seed.npz"


def test_the_training_script_writes_a_map_that_fits_and_the_same_one_twice(real_index, tmp_path):
    root, index = real_index
    common = ["--corpus", str(root / "corpus"), "--index", str(root / "index"),
              "--questions", str(REPO / "eval" / "questions.jsonl"), "--epochs", "2"]
    assert train_query_map.main([*common, "--out", str(tmp_path / "one.npz")]) == 0
    assert train_query_map.main([*common, "--out", str(tmp_path / "two.npz")]) == 0
    trained = load_query_map(tmp_path / "one.npz")
    assert trained is not None and trained.fits(index.manifest)
    assert not np.allclose(trained.matrix, np.eye(384))
    assert trained.memory is not None and len(trained.memory.vectors) == len(trained.memory.offsets) - 1 > 0
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()
    assert train_query_map.main([*common, "--cv"]) == 2         # one question file cannot be cross-validated


def test_the_line_questions_are_verbatim_and_none_trained_on_is_asked_by_a_set():
    # Both maps learn from them; a figure measured on a question they learned from would flatter.
    questions = [q for path in asked.LINE_QUESTIONS
                 for q in load_questions(path, REPO / "corpus")]     # evidence verbatim, or it raises
    rows = [("line questions", q.question) for q in questions]
    kept = asked.unasked(rows)
    assert len(questions) > 1700 and len(rows) - 50 < len(kept) < len(rows)
    assert ("line questions", "Is there a cure for ALS?") in rows       # a set asks it too ...
    assert all(asked.plain(q) != "is there a cure for als" for _, q in kept)     # ... so it is left out


def test_a_malformed_question_file_is_an_error_not_a_map(real_index, tmp_path, capsys):
    root, _ = real_index
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "X1", "question": "no evidence field"}\n', encoding="utf-8")
    code = train_query_map.main(["--corpus", str(root / "corpus"), "--index", str(root / "index"),
                                 "--questions", str(bad), "--out", str(tmp_path / "m.npz")])
    assert code == 2 and "error:" in capsys.readouterr().err and not (tmp_path / "m.npz").exists()


def test_the_memory_votes_for_the_lines_that_answered_the_nearest_questions():
    asked = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.6, 0.8, 0.0]])
    memory = line_memory(asked, [[7], [3, 4], [9]])
    votes = memory.votes(np.array([1.0, 0.0, 0.0]), [3, 4, 7, 9, 11], neighbours=2, temperature=0.02)
    assert votes[2] > 0.99 and votes[3] < 0.01 and votes[0] == votes[1] == votes[4] == 0.0   # two nearest only
    halves = memory.votes(np.array([0.0, 1.0, 0.0]), [3, 4], neighbours=1, temperature=0.02)
    assert np.allclose(halves, [0.5, 0.5])         # a question two lines answered gives each half
    assert isinstance(memory, LineMemory) and memory.arrays()["asked"].dtype == np.float16


@pytest.mark.parametrize("question, first", [
    # Test halves of older sets (never trained on): the first line answers, as it did not before
    # the memory (twentieth round).
    # (Not "What symptoms would point to a pinched nerve rather than ALS?": it opens on the list of
    # mimics since the line map learned from the line questions; docs/answers.md, "Twenty-first round".)
    ("is MS always getting worse", "Not always."),
    ("Which illness makes the body's defenses eat away the coating around nerves?", "attacks myelin"),
])
def test_a_question_like_ones_answered_before_opens_on_their_answer(real_index, question, first):
    _, index = real_index
    reply = answer(index, question)
    assert not reply.abstained and first in reply.lines[0].text


def test_the_shipped_memory_holds_covered_and_left_out_questions(real_index):
    _, index = real_index
    memory = index.query_map.memory
    assert memory is not None and len(memory.vectors) > 1000 and len(memory.uncovered) > 1000
    assert load_query_map(SEED_MAP).digest == index.query_map.digest     # what the head was trained through
