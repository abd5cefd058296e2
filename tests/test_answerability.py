"""The answerability head (indexer/answerability.py): near-topic questions the rules answer get a
plain "not covered" on the corpus the head was trained for, and the head is used nowhere else."""

from types import SimpleNamespace

import numpy as np
import pytest

from indexer import AnswerSettings, answer
from indexer.answerability import (
    HEAD_FILE,
    answerability_note,
    features,
    head_for,
    load_answerability_head,
    not_answered_sentence,
)
from indexer.records import PARTIAL

WITHOUT_HEAD = AnswerSettings(answerability=False)


def test_the_shipped_head_fits_the_shipped_corpus(real_index):
    # Fails when a seed document changes and `python eval/train_answerability.py` was not run again.
    _, index = real_index
    assert head_for(index) is not None


@pytest.mark.parametrize("question", [
    "Can a person with ALS still drive a car safely, and when should they stop?",
    "Does medical marijuana or CBD oil help with ALS cramps?",
    "Can my cat get ALS?",
])
def test_near_topic_questions_the_rules_answer_are_not_covered(real_index, question):
    _, index = real_index
    assert not answer(index, question, settings=WITHOUT_HEAD).abstained     # "may not answer this directly…"
    reply = answer(index, question)
    assert reply.abstained and reply.not_covered_text == f"The sources here don't answer “{question}”."
    assert reply.related        # related passages still shown, as reading


@pytest.mark.parametrize("question", [
    "How is MG told apart from ALS?", "What conditions can mimic ALS?", "Does ALS affect the mind or memory?",
    "my calves twitch all day, is it ALS?", "What is Kennedy's disease?",
    # (the head alone doubted these: "how fast" is now an ask whose lines the rules check)
    "How fast does ALS progress?", "How fast does MS progress?", "how fast does als progress",
])
def test_covered_questions_stay_answered(real_index, question):
    _, index = real_index
    lines = [line.text for line in answer(index, question).lines]
    assert lines and lines == [line.text for line in answer(index, question, settings=WITHOUT_HEAD).lines]


@pytest.mark.parametrize("question", ["Is ALS fatal?", "Will ALS kill me?", "Does ALS affect the mind or memory?"])
def test_an_answer_the_head_is_sure_of_is_shown_without_the_hedge(real_index, question):
    # Their lines match few of the question's words, so support alone opened with the hedge.
    _, index = real_index
    alone = answer(index, question, settings=WITHOUT_HEAD)
    assert not alone.confident and alone.text.startswith(PARTIAL)
    reply = answer(index, question)
    assert reply.confident and not reply.text.startswith(PARTIAL) and reply.lines == alone.lines


def test_an_answer_the_head_is_unsure_of_keeps_the_hedge(real_index):
    _, index = real_index       # the sources never say whether MS is deadly: they list its courses
    reply = answer(index, "is MS deadly")
    assert not reply.abstained and not reply.confident and reply.text.startswith(PARTIAL)


def test_an_ask_whose_kind_of_statement_the_lines_make_is_never_overruled(real_index):
    # The sources' "motor neurone disease" is ALS by the lay glossary: the head alone doubts it.
    _, index = real_index
    question = "How long can someone live with motor neuron disease?"
    reply = answer(index, question, settings=WITHOUT_HEAD)
    vector = index.encode([index.prepare(question).dense_text])[0]
    assert head_for(index).doubts(features(index, reply, vector))
    assert not answer(index, question).abstained


def test_another_corpus_or_model_gets_no_head(fake_index, real_index):
    assert head_for(fake_index) is None         # the seed documents, another model's vectors
    _, index = real_index
    manifest = index.manifest
    changed = dict(manifest.sources)
    source = next(iter(changed))
    changed[source] = {**changed[source], "sha256": "0" * 64}       # one document edited
    moved = {f"/elsewhere/{source}": record for source, record in manifest.sources.items()}
    assert head_for(SimpleNamespace(manifest=SimpleNamespace(model=manifest.model, dimension=384, sources=moved),
                                    query_map=index.query_map)) is not None     # same files
    for other in [SimpleNamespace(model=manifest.model, dimension=384, sources=changed),
                  SimpleNamespace(model=manifest.model, dimension=384, sources={**changed, "corpus/new.txt": {}}),
                  SimpleNamespace(model=manifest.model, dimension=64, sources=manifest.sources),
                  SimpleNamespace(model="another-model", dimension=384, sources=manifest.sources)]:
        # the seed's own map, so only what differs in the documents or model can turn the head away
        assert head_for(SimpleNamespace(manifest=other, query_map=index.query_map)) is None
    assert head_for(SimpleNamespace(manifest=SimpleNamespace(model=manifest.model, dimension=384,
                                                              sources=manifest.sources),
                                    query_map=index.query_map)) is not None


def test_a_head_trained_through_another_query_map_is_not_used(real_index, tmp_path):
    # Four of its inputs are cosines through the map: retraining the map alone must not leave it
    # refusing on inputs it never saw. Retrain the head and it is used again.
    _, index = real_index
    assert index.query_map is not None and head_for(index) is not None
    params = dict(np.load(HEAD_FILE))
    for name, digest in (("older_map", np.array("0" * 64)), ("no_map", np.array(""))):
        folder = tmp_path / name
        folder.mkdir()
        np.savez(folder / "seed.npz", **{**params, "map_digest": digest})
        assert head_for(index, folder) is None
        assert "another query map" in answerability_note(index.manifest, folder)
        assert "rerun python eval/train_answerability.py" in answerability_note(index.manifest, folder)
    unrecorded = tmp_path / "unrecorded"        # trained before heads recorded their map
    unrecorded.mkdir()
    np.savez(unrecorded / "seed.npz", **{k: v for k, v in params.items() if k != "map_digest"})
    assert head_for(index, unrecorded) is None
    assert "an unrecorded map" in answerability_note(index.manifest, unrecorded)
    # An index with no map takes a head trained with none.
    no_map = SimpleNamespace(manifest=index.manifest, query_map=None)
    assert head_for(no_map, tmp_path / "no_map") is not None and head_for(no_map) is None


def test_a_damaged_head_is_no_head_not_a_crash(tmp_path):
    whole = HEAD_FILE.read_bytes()
    flipped = bytearray(whole)
    flipped[len(whole) // 2] ^= 0xFF
    for k, damage in enumerate([b"not an npz file", whole[:100], whole[: len(whole) // 2], bytes(flipped)]):
        path = tmp_path / f"head{k}.npz"
        path.write_bytes(damage)
        assert load_answerability_head(path) is None
    params = dict(np.load(HEAD_FILE))
    params["scale"] = np.zeros_like(params["scale"])        # would divide by zero
    np.savez(tmp_path / "zero.npz", **params)
    assert load_answerability_head(tmp_path / "zero.npz") is None
    params = dict(np.load(HEAD_FILE))
    params["hidden_bias"] = params["hidden_bias"][:, 1:]     # a unit short: the networks do not fit together
    np.savez(tmp_path / "units.npz", **params)
    assert load_answerability_head(tmp_path / "units.npz") is None
    params = dict(np.load(HEAD_FILE))       # a head of one logistic regression (before the eighteenth round) loads
    regression = {k: v for k, v in params.items() if k not in ("hidden", "hidden_bias")}
    np.savez(tmp_path / "regression.npz", **{**regression, "weights": params["mean"] * 0 + 0.01, "bias": np.zeros(1)})
    assert 0 < load_answerability_head(tmp_path / "regression.npz").probability(params["mean"]) == 0.5
    params["sources"] = np.array([4, 4])                    # not a count
    np.savez(tmp_path / "sources.npz", **params)
    assert load_answerability_head(tmp_path / "sources.npz") is None
    assert load_answerability_head(HEAD_FILE) is not None


def test_info_says_whether_the_head_is_used(real_index, fake_index, tmp_path):
    _, index = real_index
    assert answerability_note(index.manifest).startswith("used")
    assert answerability_note(fake_index.manifest).startswith("not used: no head was trained")      # another model
    assert answerability_note(index.manifest, tmp_path).startswith("none")         # an empty folder
    # The head for these documents, trained before its input grew (11 scalars, not 15): retrain it.
    params = dict(np.load(HEAD_FILE))
    narrower = {"mean": params["mean"][4:], "scale": params["scale"][4:], "hidden": params["hidden"][:, 4:]}
    np.savez(tmp_path / "seed.npz", **{**params, **narrower})
    assert head_for(index, tmp_path) is None
    assert "older answer code" in answerability_note(index.manifest, tmp_path)


def test_each_corpus_uses_the_head_trained_for_it_and_a_damaged_one_is_skipped(real_index, tmp_path):
    # A head trained for a maintainer's own documents sits beside the seed's; neither displaces the other.
    _, index = real_index
    params = dict(np.load(HEAD_FILE))
    for folder in (tmp_path / "others", tmp_path / "with_seed"):
        folder.mkdir()
        np.savez(folder / "a_other.npz", **{**params, "fingerprint": np.array("0" * 64)})
        (folder / "b_damaged.npz").write_bytes(b"not an npz file")
    (tmp_path / "with_seed" / "c_seed.npz").write_bytes(HEAD_FILE.read_bytes())
    assert head_for(index, tmp_path / "others") is None
    assert answerability_note(index.manifest, tmp_path / "others").startswith("not used")
    assert head_for(index, tmp_path / "with_seed").fingerprint == str(params["fingerprint"])
    note = answerability_note(index.manifest, tmp_path / "with_seed")
    assert note == "used (c_seed.npz, trained for these documents)"


def test_a_refusal_names_the_question_asked_not_its_story():
    assert not_answered_sentence("We have a ski trip planned at 9000 feet.  Is high altitude dangerous for him?") == (
        "The sources here don't answer “Is high altitude dangerous for him?”.")
    long = "Is it safe " + "and fine " * 20 + "to fly?"
    named = not_answered_sentence(long)
    assert named.endswith("…”.") and len(named) < 140 and " fi…" not in named      # cut at a word


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "He's drooling a lot and tossing and turning all night — are there meds for that kind of stuff?",   # the floor
    "What do they give you to knock down an MS flare?",                                               # the hinge
])
def test_with_the_head_off_the_rules_it_overrules_stand(real_index, question):
    # (review of the eleventh round: the head still let these through with answerability off)
    _, index = real_index
    assert not answer(index, question).abstained
    assert answer(index, question, settings=AnswerSettings(answerability=False)).abstained
