"""Where in a question an ask looks (asks.py): its sentences that ask, and the device, treatment
or procedure a survival or outlook is asked under ("how long do people live on a ventilator?"
needs a line naming the ventilator; "…live with ALS? She is without a caregiver." asks no device)."""

from __future__ import annotations

import re

from .scope import EVERYDAY_WORD
from .vocabulary import english_counts

# A device, treatment or procedure an outlook is asked under ("live on a ventilator", "after
# getting a feeding tube", "with a trach", "without a feeding tube"), after what asks it: not a
# time ("after the symptoms start", "after getting diagnosed"), the condition ("with ALS", no
# article), a person or an everyday word ("with the right care", "on the type": `thing` checks).
_TIME = r"(first|symptoms?|signs?|diagnos\w*|onset|start\w*|begin\w*|appear\w*)\b"
_NOT_A_THING = (r"(the|a|an|it|its|that|this|these|those|being|having|getting|receiving|they|he|she|you|your|his|"
                r"her|my|our|their|with|for|and|or|in|if|" + _TIME[1:])
QUALIFIER_RE = re.compile(r"\b(on|using|(after|with|without) (getting|starting|having|a|an|the)|after)\s+"
                          r"((a|an|the) )?"
                          rf"(?!{_NOT_A_THING})(?P<thing>[a-z][a-z-]{{2,}}\b( (?!{_NOT_A_THING})[a-z][a-z-]{{2,}}\b)?)"
                          rf"(?! {_TIME})", re.I)
STEM = 5        # "ventilator" is named by "ventilat…", "trach" by "trach…" (tracheostomy)


SENTENCE_END_RE = re.compile(r"[.?!]")


def sentence_start(text: str, at: int, stops: str = ".?!") -> int:
    """Where the sentence holding position `at` of `text` begins."""
    return max(text.rfind(stop, 0, at) for stop in stops) + 1


def asking_start(question: str) -> int:
    """Where the question's first sentence ending in "?" begins (0 when none does): where
    hinge.asking_part's text starts, as a position in the question."""
    ends = question.find("?")
    return 0 if ends < 0 else sentence_start(question, ends, ".!?\n")


def qualifier(question: str, ask: re.Pattern) -> re.Match | None:
    """The device asked under, after the words that ask (`ask`) in their sentence; None for everyday words."""
    asked = ask.search(question)
    end = SENTENCE_END_RE.search(question, asked.end()) if asked else None
    found = QUALIFIER_RE.search(question, asked.end(), end.end() if end else len(question)) if asked else None
    if found and all(english_counts().get(w, 0) >= EVERYDAY_WORD for w in found.group("thing").lower().split()):
        return None
    return found


# What else a question may ask beside an ask: "the symptoms and treatment of PLS".
_NEED = (r"(symptoms?|signs?|causes?|treatments?|therap(y|ies)|diagnos(is|ed)|tests?|outlook|prognosis|"
         r"risk factors?|types?|stages?|complications?|effects?)")
_NEED_BEFORE_RE = re.compile(r"\b" + _NEED + r"\s*(,|\band\b|\bor\b|&)\s*$", re.I)
_NEED_AFTER_RE = re.compile(r"\s*(,|\band\b|\bor\b|&)\s*" + _NEED + r"\b", re.I)


def asks_more(question: str, asked: re.Match) -> bool:
    """The question asks something besides what `asked` (an ask's words in it) asks."""
    start, end = asked.span()
    return bool(_NEED_BEFORE_RE.search(question[:start]) or _NEED_AFTER_RE.match(question, end))
