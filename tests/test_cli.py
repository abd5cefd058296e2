"""The CLI end to end (fake embedder in-process; one real subprocess run in test_model.py)."""

import io
import json
import sys

import pytest

from indexer import cli


def test_build_prints_what_was_kept_and_dropped(corpus, fake_model, capsys):
    assert cli.main(["build"]) == 0
    out = capsys.readouterr().out
    assert "corpus/000_b01bdc2a4760374d.txt  \"What Conditions Can Mimic ALS?\"" in out
    assert "dropped [footer] \"Hashtags Try Our AI Features" in out
    assert "dropped [promo] \"Learn from others" in out
    assert "dropped [navigation] \"Table of Contents" in out
    assert "Built index/: 4 documents," in out
    assert "chunk size (estimated word pieces): min" in out


def test_search_json_is_the_hit_records(corpus, fake_model, capsys):
    cli.main(["build", "--quiet"])
    assert capsys.readouterr().out == ""
    assert cli.main(["search", "myasthenia gravis", "--json", "-k", "2"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["rank"] for h in hits] == [1, 2]
    assert set(hits[0]) == {"rank", "source", "start", "end", "score", "title", "section", "text"}
    assert hits[0]["section"] == "Myasthenia gravis"


def test_search_json_batch_from_stdin_one_line_per_question(corpus, fake_model, capsys, monkeypatch):
    cli.main(["build", "--quiet"])
    questions = "myasthenia gravis\n\nhyperthyroidism antithyroid radioactive iodine\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(questions))
    assert cli.main(["search", "--json", "-k", "2"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 2   # the blank line is not a question
    assert rows[0][0]["section"] == "Myasthenia gravis"
    assert rows[1][0]["section"] == "Hyperthyroidism"


def test_search_text_output_names_title_section_and_span(corpus, fake_model, capsys):
    cli.main(["build", "--quiet"])
    assert cli.main(["search", "vitamin B12 deficiency supplementation", "-k", "1"]) == 0
    out = capsys.readouterr().out
    assert "What Conditions Can Mimic ALS? › Vitamin B12 deficiency" in out
    assert "corpus/000_b01bdc2a4760374d.txt [" in out


def test_search_without_index_is_a_plain_error(tmp_path, fake_model, capsys):
    assert cli.main(["search", "anything", "--index", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: No index at") and "python -m indexer build" in err
    assert "Traceback" not in err


def test_search_with_no_question_says_so(tmp_path, fake_model, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("  \n"))
    assert cli.main(["search"]) == 2
    assert "no question given" in capsys.readouterr().err


def test_build_of_missing_corpus_is_a_plain_error(tmp_path, fake_model, capsys):
    assert cli.main(["build", "--corpus", str(tmp_path / "nope")]) == 2
    assert "No corpus folder" in capsys.readouterr().err


def test_build_reports_progress_as_plain_lines_off_a_terminal(corpus, fake_model, capsys):
    assert cli.main(["build"]) == 0
    captured = capsys.readouterr()
    assert "documents: 4/4" in captured.err and "chunks: 75/75" in captured.err
    assert "Documents: 0 unchanged, 4 added (75 chunks)" in captured.out
    # Where the time went, stage by stage, each once.
    [time_line] = [line for line in captured.out.splitlines() if line.startswith("Time: ")]
    assert [part.rsplit(" ", 2)[0] for part in time_line.removeprefix("Time: ").split(" · ")] == [
        "reading and chunking", "vocabulary and glossary", "loading the model and previous vectors",
        "embedding chunks", "embedding sentences", "embedding words", "writing, verifying and swapping in"]
    assert cli.main(["build", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


def test_info_lists_documents_and_staleness(corpus, fake_model, capsys):
    cli.main(["build", "--quiet"])
    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    assert "4 documents, 75 chunks" in out and "MB on disk" in out
    assert "  11 chunks  corpus/000_b01bdc2a4760374d.txt  \"What Conditions Can Mimic ALS?\"" in out
    assert "Status against corpus/: fresh" in out
    (corpus / "new.txt").write_text("New\nSomething new.\n", encoding="utf-8")
    cli.main(["info"])
    assert "Status against corpus/: stale — new since the last build: corpus/new.txt" in capsys.readouterr().out


# Bad input at the command line (issue 12, item 11): each failed before its fix.

def test_a_build_under_a_read_only_parent_is_a_sentence(corpus, fake_model, capsys):
    """Item 11: /proc is read-only even for root."""
    assert cli.main(["build", "--index", "/proc/cited-qa-index"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err and "/proc" in err


def test_binary_and_latin1_lines_on_stdin_do_not_abort_the_batch(corpus, fake_model, capsys,
                                                                 monkeypatch):
    """Item 11: every line is read; undecodable bytes become replacement characters."""
    cli.main(["build", "--quiet"])
    lines = b"myasthenia gravis\n" + "caf\xe9 myasthenia\n".encode("latin-1") + \
        b"\xff\xfe\x00\x81 binary\n" + b"what is PLS?\n"
    for command in ("search", "ask"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines), encoding="utf-8"))
        assert cli.main([command, "--json"]) == 0
        assert len(capsys.readouterr().out.splitlines()) == 4


def test_a_lone_surrogate_in_a_question_is_dropped(corpus, fake_model, capsys):
    """Item 11: a lone surrogate (from argv or the chat) is not an error."""
    from indexer.textmap import normalize
    assert normalize("myasthenia \ud800gravis") == "myasthenia gravis"
    cli.main(["build", "--quiet"])
    assert cli.main(["ask", "myasthenia \ud800 gravis"]) == 0
    assert "[1]" in capsys.readouterr().out


def test_k_below_one_is_a_usage_error_with_exit_2(corpus, fake_model, capsys):
    """Item 11: the README says usage errors exit 2."""
    with pytest.raises(SystemExit) as exit_:
        cli.main(["search", "x", "-k", "0"])
    assert exit_.value.code == 2
    assert "-k" in capsys.readouterr().err
