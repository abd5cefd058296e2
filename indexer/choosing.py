"""Which lines an answer shows, by the question's shape (answering.py, step 4): a table row with its
header; a list question's list (listing.py); else the best sentences within `relative_floor` of
the best, each fact once (citing every source that states it), two items of one list as the list.
`ranked` indexes `candidates`, best first."""

from __future__ import annotations

from dataclasses import dataclass, field

from .listing import fitting_lists, list_lines
from .quotes import (
    Line,
    in_short_list,
    introduces_list,
    item_sentences,
    list_line,
    row_line,
    says_nothing_alone,
    text_line,
    without_repeats,
)
from .records import Chunk, Sentence
from .settings import AnswerSettings


@dataclass
class Candidate:
    """A sentence of the top passages that may be shown, with its line score's parts."""
    chunk: Chunk
    sentence: Sentence
    row: int                     # row in the sentence vector matrix
    score: float = 0.0
    dense: float = 0.0
    coverage: float = 0.0
    citations: list[tuple[Chunk, Sentence]] = field(default_factory=list)     # itself, then other sources


def choose(index, candidates, ranked, vectors, shape, settings: AnswerSettings,
           question: str = "") -> list[tuple[Candidate, str, Line]]:
    """The lines to show, best first, each as (candidate, kind, line); `vectors` are the
    candidates' sentence vectors, for telling one fact stated twice (module doc)."""
    best = candidates[ranked[0]]
    if best.sentence.kind == "row":
        return [(best, "row", row_line(best.chunk, best.sentence))]
    if shape == "list":
        listed = fitting_lists(index, candidates, ranked, question, settings)
        if listed:
            return [line for c in listed for line in list_lines(index, c)]
    def silent(c: Candidate) -> bool:     # "…include:", "However, there are distinct differences."
        return says_nothing_alone(c.sentence) and not introduces_list(c.chunk, c.sentence)

    # The floor is a share of the best line that can be shown: an intro that says nothing alone
    # ("…an odd and frustrating mismatch:") must not set it above the quote it introduces.
    top = next((candidates[i] for i in ranked if not silent(candidates[i])), best)
    chosen: list[int] = []
    for i in ranked:
        c = candidates[i]
        if len(chosen) == settings.max_lines(shape) or c.score < settings.relative_floor * top.score:
            break
        if silent(c):
            continue
        if any(_said_already(index, c, candidates[j], float(vectors[i] @ vectors[j]), settings) for j in chosen):
            continue  # the loop below cites its other source
        chosen.append(i)
    # A chosen fact also stated in another source (a candidate) cites it too: "stated in 2 sources".
    for j in chosen:
        for i in ranked:
            other = candidates[i]
            if (other.chunk.source not in {ch.source for ch, _ in candidates[j].citations}
                    and float(vectors[i] @ vectors[j]) >= settings.duplicate_cosine):
                candidates[j].citations.append((other.chunk, other.sentence))
    # Two or more items of one list: show the list as the source has it, once.
    lists: dict[tuple[int, int], set[int]] = {}
    for i in chosen:     # counted by item: two sentences of one item are not two items
        c = candidates[i]
        if c.sentence.kind == "item":
            lists.setdefault((c.chunk.id, c.sentence.group), set()).add(item_sentences(c.chunk, c.sentence)[0].start)
    out, shown = [], set()
    for i in chosen:
        c = candidates[i]
        key = (c.chunk.id, c.sentence.group)
        if (introduces_list(c.chunk, c.sentence) or (c.sentence.kind == "item" and len(lists.get(key, ())) > 1)
                or in_short_list(c.chunk, c.sentence, settings.short_list_items, settings.short_item_words)):
            if key not in shown:
                shown.add(key)
                out.append((c, "list", list_line(c.chunk, c.sentence)))
        elif c.sentence.kind == "item":
            item = (c.chunk.id, item_sentences(c.chunk, c.sentence)[0].start)
            if item not in shown:     # one line per item, however many of its sentences were chosen
                shown.add(item)
                out.append((c, "text", text_line(c.chunk, c.sentence)))
        elif c.sentence.kind == "row":
            out.append((c, "row", row_line(c.chunk, c.sentence)))
        else:
            out.append((c, "text", text_line(c.chunk, c.sentence)))
    return without_repeats(out)


def _said_already(index, c: Candidate, kept: Candidate, cosine: float, settings: AnswerSettings) -> bool:
    """`c` states what `kept` does. Sentence vectors carry their heading, so two lines under one
    heading are close whatever they say; of those, two about different conditions ("ALS treatment
    focuses on…", "MS treatment primarily targets…") are a contrast, not one fact twice."""
    if cosine < settings.duplicate_cosine:
        return False
    if c.chunk.source != kept.chunk.source or c.chunk.section != kept.chunk.section:
        return True
    mine, theirs = (index.conditions.of_sentence(x.chunk, x.sentence)[0] for x in (c, kept))
    return not (mine and theirs and not mine & theirs)
