"""The side-by-side view of an "X vs Y" answer (answering.py): a column of sentences for each
condition, each naming its own condition and not the other, so neither column answers for both."""

from __future__ import annotations

from .conditions import UNLIKE_RE
from .understanding import term_pattern


def side_by_side(index, question: str, candidates, ranked, side_lines: int) -> list[tuple[str, list]]:
    """For "X vs Y": up to `side_lines` sentences naming X and not Y, and the same for Y (the
    answer's two columns); [] unless both have some."""
    groups: list[frozenset[str]] = []
    labels: list[str] = []
    for term in index.topics.named(question):
        group = index.topics.group_of(term)
        if group not in groups:
            groups.append(group)
            labels.append(term.upper() if len(term) <= 4 else term.capitalize())
    if len(groups) < 2:
        return []
    patterns = [term_pattern(g) for g in groups[:2]]
    sides = []
    for k in (0, 1):
        mine, other = patterns[k], patterns[1 - k]
        picked = [c for c in (candidates[i] for i in ranked)
                  if c.sentence.kind != "row" and not c.sentence.text.endswith(":")
                  and mine.search(UNLIKE_RE.sub("", c.chunk.sentence_text(c.sentence), count=1))
                  and not other.search(c.chunk.sentence_text(c.sentence))]
        sides.append((labels[k], picked[:side_lines]))
    return sides if all(lines for _, lines in sides) else []

