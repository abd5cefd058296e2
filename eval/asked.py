"""The questions the eval sets ask, and the line questions that ask none of them.

LINE_QUESTIONS holds three questions a helper wrote for each line of the seed documents (a plain
one, a lay one, a sloppy one), and four for each list, three for each comparison and a long
worried one for a paragraph's main sentences (the helpers saw only the documents:
eval/README.md). They are both query maps' training data beside the sets' dev halves
(train_query_map.line_questions), in every fold, never scored. Written independently, a few ask
what a set asks word for word ("is there a cure for als?"); those are left out, so that no
figure is measured on a question trained on.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

EVAL_DIR = Path(__file__).parent
LINE_QUESTIONS = (EVAL_DIR / "line_questions" / "seed.jsonl", EVAL_DIR / "line_questions" / "seed_lists.jsonl")


def plain(question: str) -> str:
    """A question's words, lower case: "Is there a cure for ALS?" and "is there a cure for als" are one."""
    return " ".join(re.findall(r"[a-z0-9]+", question.lower()))


@lru_cache(maxsize=1)
def asked_in_sets() -> frozenset[str]:
    """Every question of every question set (eval/*questions.jsonl), `plain`."""
    return frozenset(plain(json.loads(line)["question"]) for path in EVAL_DIR.glob("*questions.jsonl")
                     for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def unasked(rows: list[tuple]) -> list[tuple]:
    """The (set, question, …) rows whose question no question set asks."""
    return [row for row in rows if plain(row[1]) not in asked_in_sets()]
