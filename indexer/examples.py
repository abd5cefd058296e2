"""Example questions for the empty chat, drawn from the corpus it answers from.

Hard-coded examples ("How is MG told apart from ALS?") suit one corpus; a maintainer who
indexes NIH pages on five thousand conditions must not be shown ALS. The corpus's own question
headings ("How do doctors either confirm or rule out ALS?", "What Is ALS?") are questions its
passages answer, in its own words: the examples
are up to four of them, spread evenly over the corpus (each document offers at most two). A heading that needs its page
to make sense ("What is it?", "Treatment: What Helps ALS vs. What Helps MS?"), that asks for
personal advice ("Which Treatment Is Best for You?") or does not open with a question word
("Read more under How is … treated?") is left out.
Without such headings, "What is <title>?" for documents whose title is a short name
("Acromegaly", "Amyotrophic Lateral Sclerosis (ALS)").
"""

from __future__ import annotations

import re

COUNT = 4
MIN_WORDS = 3
MAX_WORDS = 14
MAX_TITLE_WORDS = 5
VAGUE_RE = re.compile(r"\b(it|this|that|they|these|those|them)\?$", re.I)
ASKING_RE = re.compile(r"^(what|how|why|who|when|where|which|is|are|can|could|does|do|should|will)\b", re.I)
PERSONAL_RE = re.compile(r"\b(you|your|yours|i|my|me)\b", re.I)     # personal advice is not the corpus's


def _self_contained(heading: str) -> bool:
    words = heading.split()
    return (heading.endswith("?") and MIN_WORDS <= len(words) <= MAX_WORDS and ":" not in heading
            and ASKING_RE.match(heading) is not None and not VAGUE_RE.search(heading)
            and not PERSONAL_RE.search(heading))


def example_questions(index, count: int = COUNT) -> list[str]:
    """Up to `count` questions the corpus's headings ask (see module doc), in corpus order."""
    questions, seen = [], set()
    for heading in index.question_headings:
        if _self_contained(heading) and heading.casefold() not in seen:
            seen.add(heading.casefold())
            questions.append(heading)
    if len(questions) > count:          # spread over the corpus, not its first documents
        step = len(questions) / count
        questions = [questions[int(k * step)] for k in range(count)]
    if not questions:
        titles = [info.get("title", "") for info in index.manifest.sources.values()]
        questions = [f"What is {t}?" for t in titles if t and len(t.split()) <= MAX_TITLE_WORDS and "?" not in t]
        if len(questions) > count:
            questions = [questions[int(k * len(questions) / count)] for k in range(count)]
    return questions[:count]
