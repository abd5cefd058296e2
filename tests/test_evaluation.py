"""The eval harness: question-file validation, metrics on a hand-checked case, the script."""

import json
import math
import os
import subprocess
import sys

import pytest

from indexer.evaluation import (
    Question,
    QuestionFileError,
    Span,
    dev_test_split,
    is_relevant,
    load_questions,
    question_metrics,
)

from conftest import REPO


def write_corpus(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("Alpha\nMG is treated with pills.\nMS is not.\n",
                                               encoding="utf-8")
    return tmp_path / "corpus"


GOOD = {"id": "q1", "question": "How is MG treated?", "type": "fact",
        "evidence": [{"doc": "corpus/a.txt", "text": "MG is treated with pills."}],
        "must_contain": ["pills"]}


def write_questions(tmp_path, *records):
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
                    encoding="utf-8")
    return path


def test_a_good_file_loads_with_evidence_spans(tmp_path):
    corpus = write_corpus(tmp_path)
    negative = {"id": "n1", "question": "Dose?", "type": "negative", "evidence": [], "must_contain": []}
    [q, n] = load_questions(write_questions(tmp_path, GOOD, negative), corpus)
    raw = (corpus / "a.txt").read_text(encoding="utf-8")
    assert raw[q.evidence[0].start:q.evidence[0].end] == "MG is treated with pills."
    assert q.answerable and not n.answerable


@pytest.mark.parametrize("record, reason", [
    ("{not json", "line 2: not valid JSON"),
    ('["a list"]', "line 2: expected a JSON object"),
    ({**GOOD, "id": "q2", "type": "opinion"}, "line 2: unknown type 'opinion'"),
    ({**GOOD, "id": "q1"}, "line 2: duplicate id 'q1'"),
    ({**GOOD, "id": "q2", "question": ""}, "line 2: 'id' and 'question' must not be empty"),
    ({k: v for k, v in GOOD.items() if k != "evidence"} | {"id": "q2"}, "line 2: 'evidence' is missing"),
    ({**GOOD, "id": "q2", "evidence": [{"doc": "corpus/a.txt", "text": "MG is cured."}]},
     "line 2: evidence[0].text is not a verbatim substring of corpus/a.txt"),
    ({**GOOD, "id": "q2", "type": "negative"}, "line 2: a negative question has empty"),
    ({**GOOD, "id": "q2", "evidence": []}, "line 2: an answerable question needs at least one"),
])
def test_malformed_lines_are_rejected_with_line_and_reason(tmp_path, record, reason):
    corpus = write_corpus(tmp_path)
    with pytest.raises(QuestionFileError, match=reason.replace("(", r"\(").replace("[", r"\[")):
        load_questions(write_questions(tmp_path, GOOD, record), corpus)


def test_evidence_is_found_when_the_doc_path_differs(tmp_path):
    corpus = write_corpus(tmp_path)
    moved = {**GOOD, "evidence": [{"doc": "elsewhere/renamed.txt", "text": "MG is treated with pills."}]}
    [q] = load_questions(write_questions(tmp_path, moved), corpus)
    assert q.evidence[0].source == "corpus/a.txt"


def test_evidence_is_found_in_its_own_folder_wherever_the_corpus_lives(tmp_path):
    """MedQuAD repeats file names across folders and texts across files: the doc path decides."""
    corpus = tmp_path / "elsewhere" / "medquad"
    for folder in ("1_first", "2_second"):
        (corpus / folder).mkdir(parents=True)
        (corpus / folder / "0001.txt").write_text("Shared text.\n", encoding="utf-8")
    record = {**GOOD, "evidence": [{"doc": "corpus/1_first/0001.txt", "text": "Shared text."}]}
    [q] = load_questions(write_questions(tmp_path, record), corpus.resolve())
    assert q.evidence[0].source.endswith("medquad/1_first/0001.txt")


def test_metrics_on_a_hand_checked_case():
    q = Question("q", "?", "fact", (Span("d", 100, 200),), (), 1)
    miss, hit = Span("d", 0, 50), Span("d", 90, 160)  # covers 60 of 100 evidence chars: relevant
    assert not is_relevant(Span("d", 160, 300), q)      # covers 40: not relevant
    assert not is_relevant(Span("other", 100, 200), q)
    m = question_metrics([miss, hit, miss, hit], q, relevant_in_collection=2)
    assert m["recall@1"] == 0.0 and m["recall@3"] == 1.0 and m["recall@10"] == 1.0
    assert m["mrr@10"] == 0.5
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    assert m["ndcg@10"] == pytest.approx(dcg / (1 + 1 / math.log2(3)))   # 0.6509
    assert m["ndcg@10"] == pytest.approx(0.6509, abs=1e-4)


def test_split_alternates_within_each_type(tmp_path):
    qs = [Question(f"{t}{i}", "?", t, (), (), 1) for t in ("fact", "typo") for i in range(3)]
    split = dev_test_split(qs)
    assert [q.id for q in split["dev"]] == ["fact0", "fact2", "typo0", "typo2"]
    assert [q.id for q in split["test"]] == ["fact1", "typo1"]


def test_the_repository_question_set_is_valid():
    questions = load_questions(REPO / "eval" / "questions.jsonl", REPO / "corpus")
    assert len(questions) >= 60
    assert sum(q.type == "negative" for q in questions) >= 10
    assert {q.type for q in questions} == {"fact", "differential", "paraphrase", "acronym",
                                          "list", "typo", "negative"}


def run_eval(args, cwd):
    return subprocess.run([sys.executable, str(REPO / "eval" / "retrieval.py"), *args],
                          capture_output=True, text=True, cwd=cwd, timeout=600,
                          env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)})


def test_script_rejects_a_malformed_file_with_exit_2(tmp_path):
    write_corpus(tmp_path)
    bad = write_questions(tmp_path, GOOD, "{oops")
    result = run_eval(["--questions", str(bad)], tmp_path)
    assert result.returncode == 2
    assert "line 2: not valid JSON" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.model
def test_script_prints_all_modes_and_writes_the_report(corpus, tmp_path):
    questions = write_questions(tmp_path, {
        "id": "q1", "question": "How is MG told apart from ALS?", "type": "differential",
        "evidence": [{"doc": "corpus/000_b01bdc2a4760374d.txt",
                      "text": "Doctors distinguish MG from ALS through specialized tests like "
                              "repetitive nerve stimulation"}],
        "must_contain": []}, {"id": "n1", "question": "Riluzole dose?", "type": "negative",
                              "evidence": [], "must_contain": []})
    result = run_eval(["--questions", str(questions), "--mode", "all", "--out", "r.json"], tmp_path)
    assert result.returncode == 0, result.stderr
    for mode in ("naive", "bm25", "dense", "hybrid"):
        assert f"\n{mode} " in result.stdout
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["config"]["mode"] == "hybrid" and report["config"]["k"] == 10
    assert set(report["metrics"]) >= {"recall@1", "recall@5", "mrr@10", "ndcg@10"}
    assert report["metrics"]["recall@1"] == 1.0
    item = report["items"][0]
    assert item["id"] == "q1" and len(item["hits"]) == 10
    assert set(item["hits"][0]) == {"source", "start", "end", "score"}
    assert json.loads((tmp_path / "r.naive.json").read_text())["config"]["mode"] == "naive"


def test_the_negatives_audit_tells_a_focus_other_files_name_from_one_none_names(tmp_path, capsys):
    import negatives_audit
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Gut health\n\nConstipation is common. Alström's syndrome is rare.\n",
                                  encoding="utf-8")
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "n1", "question": "What is (are) Constipation ?", "evidence": [], "must_contain": [], '
        '"type": "negative"}\n'
        '{"id": "n2", "question": "What are the symptoms of Gastric lymphoma ?", "evidence": [], '
        '"must_contain": [], "type": "negative"}\n', encoding="utf-8")
    assert negatives_audit.focus("Is Alstrom syndrome inherited ?") == "Alstrom syndrome"
    assert negatives_audit.main(["--questions", str(questions), "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "     1 files  Constipation" in out and "     0 files  Gastric lymphoma" in out
    assert "named nowhere: 1" in out and "named elsewhere: 1" in out


@pytest.mark.model
def test_the_pooled_eval_prints_each_set_and_their_pool_and_writes_each_outcome(tmp_path, capsys):
    import pooled
    out = tmp_path / "outcomes.jsonl"
    sets = f"{REPO / 'eval' / 'questions.jsonl'},{REPO / 'eval' / 'heldout_questions.jsonl'}"
    assert pooled.main(["--split", "test", "--sets", sets, "--corpus", str(REPO / "corpus"),
                        "--index", str(tmp_path / "index"), "--per-question", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "\nquestions " in printed and "\nheldout_questions " in printed and "POOLED (2 sets)" in printed
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert {line["set"] for line in lines} == {"questions", "heldout_questions"}
    assert {line["outcome"] for line in lines} <= {"kp1", "kp0", "refused", "neg-ok", "neg-answered"}
    assert any(line["outcome"] == "kp1" for line in lines) and any(line["outcome"] == "neg-ok" for line in lines)


def test_the_pooled_eval_rejects_a_malformed_set_with_exit_2(tmp_path, capsys):
    import pooled
    write_corpus(tmp_path)
    bad = write_questions(tmp_path, GOOD, "{oops")
    assert pooled.main(["--sets", str(bad), "--corpus", str(tmp_path / "corpus")]) == 2
    assert "line 2: not valid JSON" in capsys.readouterr().err
