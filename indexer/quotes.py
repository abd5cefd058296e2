"""How a chosen sentence becomes an answer line that quotes its source faithfully.

A sentence alone can mislead: a table cell means nothing without its column's name, a list
item can say the opposite of its list ("It does not typically affect: … Eye movement"). So a
table row is shown with its header's cells, a list item with its list's intro, a whole list
as the source has it. Every piece is a `Fragment`, the normalised text of an exact raw span;
only neutral glue (" — ", ": ", "; ", " … ") joins them.
"""

from __future__ import annotations

import re

from .records import Chunk, Fragment, Sentence

# A sentence opening with one of these leans on the one before it ("They often begin in one
# area…", "But unlike ALS, PLS…"): shown with that sentence, or it answers nothing.
CONNECTIVES = r"however|but|yet|instead|also|in addition|in contrast|otherwise"
PRONOUNS = r"they|it|its|this|these|those|that|such"
LEANING_OPENER_RE = re.compile(r"^(" + PRONOUNS + r"|both|" + CONNECTIVES + r")\b", re.I)
# A sentence whose subject is a pronoun ("It typically presents with…", "They may become…").
PRONOUN_OPENER_RE = re.compile(r"^(" + PRONOUNS + r")\b", re.I)
# "Patients describe it as uncomfortable…": what "it" is, is in the sentence before (not a
# "dummy" it: "…find it hard to…", "makes it easier"). "Distinguishing it from ALS involves…" is
# about what "it" is, not ALS (conditions.CONTRAST_TAIL_RE).
EARLY_PRONOUN_RE = re.compile(r"^[A-Z]\w+(\s+\w+)?\s+(it|them)\b"
                              r"(?!['’]s\b|\s+(is|was|hard|easy|easier|harder|difficult|"
                              r"possible|impossible|important|clear|likely|unlikely)\b)", re.I)
# "However, there are distinct differences.": a connective and a few words say nothing alone.
EMPTY_WORDS = 6
CONNECTIVE_RE = re.compile(r"^(still|" + CONNECTIVES + r")\b", re.I)

Line = tuple[str, tuple[Fragment, ...]]     # the line's text, and the fragments it quotes


def fragment(chunk: Chunk, s: Sentence) -> Fragment:
    return Fragment(chunk.source, s.start, s.end, s.text)


def row_line(chunk: Chunk, row: Sentence) -> Line:
    """"Vision problems — ALS (…): Not typical early; MS (…): Common (…)", every piece verbatim:
    the row's cells and the header's cells, each cited at its own span."""
    header = chunk.table_header(row)
    cells = [fragment(chunk, c) for c in row.cells]
    if not header or len(header.cells) != len(row.cells) or len(cells) < 2:
        return row.text, (fragment(chunk, row),)
    heads = [fragment(chunk, c) for c in header.cells]
    fragments = [cells[0]] + [f for pair in zip(heads[1:], cells[1:]) for f in pair]
    return chunk.sentence_text(row), tuple(fragments)


def item_sentences(chunk: Chunk, sentence: Sentence) -> list[Sentence]:
    """All sentences of the list item `sentence` belongs to (an item can hold several)."""
    if sentence.kind != "item":
        return [sentence]
    lines = chunk.text.split("\n")
    line = next((ln for ln in lines if sentence.text in ln), None)
    if line is None:
        return [sentence]
    return [s for s in chunk.sentences if s.group == sentence.group and s.kind == "item" and s.text in line]


def leans_on(chunk: Chunk, sentence: Sentence) -> Sentence | None:
    """The sentence just before `sentence` in the same paragraph, if `sentence` needs it to
    make sense (see LEANING_OPENER_RE)."""
    if sentence.kind != "text" or not (LEANING_OPENER_RE.match(sentence.text)
                                       or EARLY_PRONOUN_RE.match(sentence.text)):
        return None
    k = next((i for i, s in enumerate(chunk.sentences) if s is sentence), 0)
    before = chunk.sentences[k - 1] if k > 0 else None
    if before is None or before.kind != "text":
        return None
    # Across a line break only a pronoun reaches back ("People with MS often learn to budget
    # energy…" / "They may become experts in heat management…"), and not to a line that leans
    # itself; a connective opening a line ("In addition to motor symptoms, radiculopathy also
    # causes…") opens a paragraph that names its subject.
    pronoun = not CONNECTIVE_RE.match(sentence.text) and not LEANING_OPENER_RE.match(before.text)   # (no chains)
    if not any(f"{before.text}{glue}{sentence.text}" in chunk.text for glue in (" ", "\n")[:1 + pronoun]):
        return None
    return before


def asked_before(chunk: Chunk, sentence: Sentence) -> Sentence | None:
    """The question `sentence` answers when the source asks it just before, alone (an FAQ: the
    item "- Can you have both ALS and MS?" then "- It's rare, but overlapping diagnoses can
    occur.", or a paragraph "Is MS always progressive? Not always."); None otherwise — not after
    "1. Monitor progression. Is weakness getting worse? Is it spreading?"."""
    if sentence.kind not in ("item", "text") or "?" not in chunk.text or sentence.text.rstrip().endswith("?"):
        return None     # (most passages ask nothing: every candidate of every answer asks this)
    first = item_sentences(chunk, sentence)[0]
    k = next((i for i, s in enumerate(chunk.sentences) if s is first), 0)
    before = chunk.sentences[k - 1] if k > 0 else None
    if before is None or before.kind != first.kind or not before.text.rstrip().endswith("?"):
        return None
    if first.kind == "item":
        asked = item_sentences(chunk, before)
        alone = before.group == first.group and all(s.text.rstrip().endswith("?") for s in asked)
        return asked[0] if alone and len(asked) == 1 else None
    opener = chunk.sentences[k - 2] if k > 1 else None       # the question opens its paragraph
    if opener is not None and f"{opener.text} {before.text}" in chunk.text:
        return None
    return before if f"{before.text} {first.text}" in chunk.text else None


def says_nothing_alone(sentence: Sentence) -> bool:
    """A bare list intro ("…include:") or a connective with a few words ("However, there are
    distinct differences.")."""
    return sentence.text.endswith(":") or (len(sentence.text.split()) <= EMPTY_WORDS
                                           and bool(CONNECTIVE_RE.match(sentence.text)))


def text_line(chunk: Chunk, sentence: Sentence) -> Line:
    """A prose sentence (with the one before it when it leans on it), or a whole list item
    (all its sentences) preceded by the question it answers (an FAQ), its list's intro, or its
    heading when the list has none (the source's own words, shown as a label like a table's
    header)."""
    before = leans_on(chunk, sentence)
    if before is not None:
        fragments = (fragment(chunk, before), fragment(chunk, sentence))
        return f"{before.text} {sentence.text}", fragments
    members = item_sentences(chunk, sentence)
    asked = asked_before(chunk, sentence)
    if asked is not None:       # the source's own question, as the label of its answer
        fragments = tuple(fragment(chunk, s) for s in [asked, *members])
        return f"{fragments[0].text} — " + " ".join(f.text for f in fragments[1:]), fragments
    intro = [s for s in chunk.sentences if s.group == sentence.group and s.kind == "intro"
             and s.text.endswith(":")] if sentence.kind == "item" else []
    fragments = tuple(fragment(chunk, s) for s in (intro[-1:] + members))
    if intro:
        return f"{fragments[0].text} … " + " ".join(f.text for f in fragments[1:]), fragments
    if sentence.kind == "item" and chunk.section:
        # A list under a heading with no intro line ("Persistent rather than occasional"
        # under "Muscle Twitching (Fasciculations)"): the heading names what the item is about.
        return f"{chunk.section[-1]} — " + " ".join(f.text for f in fragments), fragments
    return " ".join(f.text for f in fragments), fragments


def without_repeats(lines: list[tuple]) -> list[tuple]:
    """`lines` (tuples ending in a Line) with no sentence shown twice: a line inside a longer one
    (a sentence chosen alone and again with the sentence leaning on it, or inside a list) gives
    way to it, at its own place; a line sharing a sentence with an earlier one ("A B", "B C") is
    dropped."""
    def spans(line) -> frozenset:
        return frozenset((f.source, f.start) for f in line[-1][1])
    out: list[tuple] = []
    for line in lines:
        inside = [k for k, kept in enumerate(out) if spans(kept) < spans(line)]
        if inside:
            out = [line if k == inside[0] else kept for k, kept in enumerate(out) if k not in inside[1:]]
        elif not any(spans(line) & spans(kept) for kept in out):
            out.append(line)
    return out


def list_size(chunk: Chunk, sentence: Sentence) -> int:
    """Items in the list `sentence` introduces or belongs to (0 if it is not in a list)."""
    if sentence.kind not in ("intro", "item"):
        return 0
    return sum(1 for x in chunk.sentences if x.group == sentence.group and x.kind == "item")


def list_intro(chunk: Chunk, sentence: Sentence) -> str:
    """The intro of the list `sentence` belongs to ("" if it has none)."""
    return " ".join(s.text for s in _intro_sentences(chunk, sentence))


def list_lead(chunk: Chunk, sentence: Sentence) -> str:
    """The intro sentence right above the list's items: what says whether it lists what is not
    ("It does not typically affect:"); an earlier one may say "not" of something else
    ("Treatments can't reverse the damage… Treatments may include medication:")."""
    intro = _intro_sentences(chunk, sentence)
    return intro[-1].text if intro else ""


def _intro_sentences(chunk: Chunk, sentence: Sentence) -> list[Sentence]:
    return [s for s in chunk.sentences if s.group == sentence.group and s.kind == "intro"]


def list_line(chunk: Chunk, anchor: Sentence) -> Line:
    """The whole list `anchor` belongs to, intro first (a list with none under its heading, as
    `text_line` labels an item), one "- " item per line: an item of two sentences is one bullet
    ("- Primary lateral sclerosis (PLS): … But unlike ALS, …"), not two."""
    members = [s for s in chunk.sentences if s.group == anchor.group and s.kind in ("intro", "item")]
    fragments = tuple(fragment(chunk, s) for s in members)
    labelled = bool(members) and members[0].kind != "intro" and bool(chunk.section)
    lines: list[str] = [chunk.section[-1]] if labelled else []
    items: set[int] = set()
    for s, f in zip(members, fragments):
        item = item_sentences(chunk, s)[0].start if s.kind == "item" else None
        if item is not None and item in items:
            lines[-1] += f" {f.text}"       # the item's next sentence
        else:
            lines.append(f.text if item is None else f"- {f.text}")
            items.add(item)
    return "\n".join(lines), fragments


def in_short_list(chunk: Chunk, sentence: Sentence, most_items: int, most_words: int) -> bool:
    """A short item (at most `most_words` words) of a list of 2 to `most_items` items under a
    heading, with no intro line: such an item ("Persistent rather than occasional" under "Muscle
    Twitching (Fasciculations)") is a fragment of the list, shown whole. An item under its intro
    says what it is with it ("ALS does not typically cause: … Numbness or tingling"), a long one
    alone; an FAQ's answer (a list that asks) is shown under its question (`text_line`)."""
    group = [s for s in chunk.sentences if s.group == sentence.group]
    items = [s for s in group if s.kind == "item"]
    return (sentence.kind == "item" and 2 <= len(items) <= most_items and len(sentence.text.split()) <= most_words
            and not any(s.kind == "intro" for s in group) and not any(s.text.rstrip().endswith("?") for s in items))


def introduces_list(chunk: Chunk, sentence: Sentence) -> bool:
    """A bare intro of a list ("A physical exam checks:"): chosen, it is shown with its list."""
    return sentence.kind == "intro" and says_nothing_alone(sentence) and list_size(chunk, sentence) >= 2
