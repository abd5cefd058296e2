"""Which list answers a list question ("What are the symptoms of ALS?"): the list shown whole,
under its intro, instead of the best lines (choosing.choose).

A list answers when it is a list of what was asked ("symptoms", "tests": named in its intro or
heading), of the condition asked ("symptoms of spinal cord compression" are not ALS's symptom
list, though the question names ALS too), and says what is not only when the question asks
that ("Which functions does ALS leave alone?"). Another source's list as fitting is shown
under it when it adds items ("Which tests…": the spinal tap and the muscle biopsy). An intro
whose list the source splits under sub-headings ("The most common early signs include:", then
"Muscle Weakness", "Muscle Twitching"…, each a list) is a list too, shown with them (`sub_lists`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .lexical import terms
from .quotes import list_intro, list_lead, list_line, list_size, says_nothing_alone, text_line
from .understanding import LIST_NOUN_KIN, LIST_NOUN_RE, LIST_NOUNS, NEGATION_RE, NEGATIVE_ASK_RE, NOT_LIST_RE

# "symptoms of spinal cord compression", "tests for MS": the condition a list is asked of.
LIST_OF_RE = re.compile(r"\b(" + LIST_NOUNS + r")\s+(of|for|in|with)\s+(?P<what>[^?.,;]+)", re.I)


def fitting_lists(index, candidates, ranked, question: str, settings):
    """For a list question, the candidate whose list to show ([] if no list answers: `_fitting`)
    and, when another document lists the same kind of thing as fitly (its intro alike; its
    heading may differ) and adds MIN_ADDED_ITEMS items or more, that document's list too: "Which
    tests…" gets one source's EMG, NCS, MRI and blood tests, and another's spinal tap and muscle
    biopsy besides, each list whole under its own intro and citation."""
    ranked_lists = _fitting(index, candidates, ranked, question, settings)
    if not ranked_lists:
        return []
    (first, key), *rest = ranked_lists
    if sub_lists(index, first.chunk, first.sentence):    # lists under sub-headings are long enough alone
        return [first]
    shown = [_stems(text) for text in _items(index, first)]
    lead = _lead(index, first)
    others = [(sum(all(_overlap(_stems(text), seen) < SAME_ITEM for seen in shown) for text in _items(index, c)), c)
              for c, k in rest if k[:-1] == key[:-1] and c.chunk.source != first.chunk.source   # (but the heading)
              and _alike(lead, _lead(index, c)) and not sub_lists(index, c.chunk, c.sentence)]
    added, other = max(others, key=lambda pair: pair[0], default=(0, None))
    return [first, other] if added >= MIN_ADDED_ITEMS else [first]


SAME_ITEM = 0.5         # an item sharing this share of its (or the other's) words is the same item
MIN_ADDED_ITEMS = 2     # another source's list is shown too when it adds this many items


def _alike(intro: str, other: str) -> bool:
    """Whether two lists' intro sentences (list_lead) list one kind of thing ("Tests may include:",
    "…diagnostic tests…, including:"), or neither names a kind. "Which curable conditions…" got
    the conditions that mimic ALS, then another page's "Treatments may include…" (twenty-first round)."""
    kinds = [LIST_NOUN_RE.search(text) for text in (intro, other)]
    if not any(kinds):
        return True
    return any(kind and _names(kind.group(0), text) for kind, text in zip(kinds, (other, intro)))


def list_lines(index, c) -> list:
    """The answer lines (candidate, "list", line) of the list `c` was chosen for: the list whole,
    or an intro and each list under its sub-headings (`sub_lists`), each citing its passage."""
    subs = sub_lists(index, c.chunk, c.sentence)
    if not subs:
        return [(c, "list", list_line(c.chunk, c.sentence))]
    parts = [replace(c, chunk=chunk, sentence=first, row=int(index.sentence_offsets[chunk.id]),
                     citations=[(chunk, first)]) for chunk, first in subs]
    return [(c, "list", text_line(c.chunk, c.sentence))] + [(p, "list", list_line(p.chunk, p.sentence)) for p in parts]


def sub_lists(index, chunk, sentence) -> list:
    """(passage, first item) of each list an intro ending its passage introduces under sub-headings:
    "Common ALS Symptoms: … The most common early signs include:", then "Muscle Weakness" (its
    items), "Muscle Twitching" (its items)…: the passages that follow in the same document, under
    headings beneath this one, each opening with a list. [] unless there are two or more (one list
    under one sub-heading may be that heading's own, not the intro's)."""
    if (sentence.kind != "text" or not sentence.text.endswith(":") or not chunk.section or not chunk.sentences
            or chunk.sentences[-1].start != sentence.start):     # (under no heading, every section is "beneath")
        return []
    out, depth, k = [], len(chunk.section), chunk.id + 1
    while k < len(index.chunks):
        nxt = index.chunks[k]
        if (nxt.source != chunk.source or len(nxt.section) <= depth or nxt.section[:depth] != chunk.section
                or not nxt.sentences or nxt.sentences[0].kind != "item"):
            break
        out.append((nxt, nxt.sentences[0]))
        k += 1
    return out if len(out) >= 2 else []


def _lead(index, c) -> str:
    """The sentence right above a list's items (list_lead), or the intro of its sub-lists."""
    return c.sentence.text if sub_lists(index, c.chunk, c.sentence) else list_lead(c.chunk, c.sentence)


def _items(index, c) -> list[str]:
    subs = sub_lists(index, c.chunk, c.sentence) or [(c.chunk, c.sentence)]
    return [x.text for chunk, first in subs for x in chunk.sentences if x.group == first.group and x.kind == "item"]


def _stems(text: str) -> set[str]:
    return set(terms(text)) or {text.lower()}


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b))


def _fitting(index, candidates, ranked, question: str, settings):
    """For a list question, (candidate, sort key) for each list that may answer, best first: among
    the top candidates in lists of two or more items (`settings.list_search_depth` of them,
    scoring at least `list_relative_floor` of the best sentence that is in no list: a sentence
    far ahead answers alone); about the condition the list is asked of, if one is
    (`LIST_OF_RE`); not a list of what a condition does *not* cause ("It does not typically
    affect: …") unless the question is negative, when such a list comes first, from any depth
    (it matches the question's words little); then one naming what was asked a list of
    ("symptoms", "tests") in its intro, then in its heading ("Signs & symptoms" heads tests
    too)."""
    negated, negative = NEGATION_RE.search(question), NEGATIVE_ASK_RE.search(question)
    of = LIST_OF_RE.search(question)
    asked_of = index.conditions.all_in(of.group("what"), any_case=True)[:1] if of else []
    alone = [candidates[i].score for i in ranked[:settings.list_search_depth] if _answers_alone(candidates[i])]
    floor = settings.list_relative_floor * max(alone, default=0.0)
    pool = (candidates[i] for i in (ranked if negative else ranked[:settings.list_search_depth])
            if negative or candidates[i].score >= floor)
    lists = [(c, list_intro(c.chunk, c.sentence) or _lead(index, c)) for c in pool
             if list_size(c.chunk, c.sentence) >= 2 or sub_lists(index, c.chunk, c.sentence)]
    lists = [(c, intro) for c, intro in lists
             if (negated or negative or not NEGATION_RE.search(_lead(index, c)))
             and (not asked_of or _subject(index, c) in asked_of)]
    noun = LIST_NOUN_RE.search(question)      # (a negative question: a list of what is not, first)
    # (of two such lists, a list noun asked, "symptoms", is what it does not cause; none, what it
    # does not affect: "what does ALS spare?")
    keyed = [(c, (bool(negative) and not NOT_LIST_RE.search(intro), bool(negative) and ("cause" in intro) != bool(noun),
                  bool(noun) and not _names(noun.group(0), intro),
                  bool(noun) and not _names(noun.group(0), " ".join(c.chunk.section)))) for c, intro in lists]
    return sorted(keyed, key=lambda pair: pair[1])


def _answers_alone(c) -> bool:
    """A sentence in no list that says something ("Blood tests can also detect … antibodies")."""
    return list_size(c.chunk, c.sentence) == 0 and not says_nothing_alone(c.sentence)


def _subject(index, c):
    """What a list is about: what its intro and the item say, else its heading's, its title's."""
    text = f"{list_intro(c.chunk, c.sentence)} {c.chunk.sentence_text(c.sentence)}"
    return index.conditions.subject(text, c.chunk.section, c.chunk.title)


def _names(noun: str, text: str) -> bool:
    stem = noun.lower().rstrip("s")
    return any(word in text.lower() for word in (stem, *LIST_NOUN_KIN.get(stem, ())))
