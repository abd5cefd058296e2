"""Where in a question an ask looks (asks.py): its sentences that ask, and the device, treatment
or procedure a survival or outlook is asked under ("how long do people live on a ventilator?"
needs a line naming the ventilator; "…live with ALS? She is without a caregiver." asks no device),
or the patients it is asked of ("does familial ALS progress faster?" needs a line on familial ALS)."""

from __future__ import annotations

import re

from .conditions import CONDITION_WORD
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


def _ask_sentence(question: str, ask: re.Pattern) -> tuple[re.Match | None, int, int]:
    """The words that ask (`ask`) in the question, and where their sentence starts and ends."""
    asked = ask.search(question)
    if not asked:
        return None, 0, 0
    end = SENTENCE_END_RE.search(question, asked.end())
    return asked, sentence_start(question, asked.start()), end.end() if end else len(question)


def qualifier(question: str, ask: re.Pattern) -> re.Match | None:
    """The device asked under, after the words that ask (`ask`) in their sentence; None for everyday words."""
    asked, _, stop = _ask_sentence(question, ask)
    found = QUALIFIER_RE.search(question, asked.end(), stop) if asked else None
    if found and all(english_counts().get(w, 0) >= EVERYDAY_WORD for w in found.group("thing").lower().split()):
        return None
    return found


# A kind or group of patients an outlook or a pace is asked of: a line must name it to answer.
# Only as the question ties it to the condition, never a word of its story ("I have three kids and…",
# "sporadic twitching", "hereditary spastic paraplegia" is a name): a kind right before the condition's
# name or acronym ("familial ALS", "late-onset myasthenia gravis", "primary progressive MS"), a group
# with it ("veterans with ALS"), or where it starts ("when it starts in the speech muscles", "in their 30s").
_CONDITION_NEXT = r"(?=\s+([A-Za-z]{2,4}\b(?<!\bthe)(?<!\band)|[a-z-]+ (" + CONDITION_WORD + r")\b))"
_DECADES = dict(zip("23456789", ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
                                 "nineties")))
SUBGROUP_RE = re.compile(
    r"\b(?P<kind>familial|juvenile|(primary|secondary)[- ]progressive|"
    r"(bulbar|limb|spinal|late|early|young|adult|childhood)[- ]onset|bulbar|limb)" + _CONDITION_NEXT + "|"
    r"\bin (?P<among>women|men|veterans|children|kids|the elderly|elderly people|older people|younger people|"
    r"young people)\b|"
    r"\b(?P<group>women|men|veterans|children|kids|elderly people|older people|younger people|young people) "
    r"(with|who have|who has)\b|"
    r"\b(starts?|starting|started|begins?|beginning|began|diagnosed|onset|gets?|got|getting)\b[^?.,;!]{0,25}?"
    r"\b(in|with) ((?P<whose>their|your|his|her|my|the) ((early|mid|late)[- ])?"
    r"(?P<age>teens|(?P<decade>[2-9])0['’]?s|" + "|".join(_DECADES.values())
    + r")|(the )?(?P<part>speech|bulbar|mouth|throat|tongue)( muscles)?)\b", re.I)


def subgroups(question: str, ask: re.Pattern) -> list[tuple[str, re.Pattern]]:
    """The kinds of patients the sentence of the words that ask (`ask`) asks of, each as the
    reply names it ("familial", "in veterans", "when it starts in the speech muscles") and as a
    line must name it."""
    asked, start, stop = _ask_sentence(question, ask)
    out = []
    for m in SUBGROUP_RE.finditer(question, start, stop) if asked else ():
        if m.group("kind"):
            name, word = m.group("kind"), re.escape(m.group("kind")).replace(r"\ ", "[- ]").replace(r"\-", "[- ]")
        elif m.group("among"):
            among = m.group("among").removeprefix("the ")
            name, word = f"in {m.group('among')}", among.split()[0]
        elif m.group("group"):
            name, word = f"in {m.group('group')}", m.group("group").split()[0]
        elif m.group("decade"):
            name = f"when it starts in {m.group('whose')} {m.group('age')}"
            word = rf"{m.group('decade')}0['’]?s|{_DECADES[m.group('decade')]}"
        elif m.group("age"):
            name, word = f"when it starts in {m.group('whose')} {m.group('age')}", m.group("age")
        else:
            name, word = f"when it starts in the {m.group('part')} muscles", m.group("part")
        out.append((name, re.compile(rf"\b({word})", re.I)))
    return out


# What else a question may ask beside an ask: "the symptoms and treatment of PLS".
_NEED = (r"(symptoms?|signs?|causes?|treatments?|therap(y|ies)|diagnos(is|ed)|tests?|outlook|prognosis|"
         r"risk factors?|types?|stages?|complications?|effects?)")
_NEED_BEFORE_RE = re.compile(r"\b" + _NEED + r"\s*(,|\band\b|\bor\b|&)\s*$", re.I)
_NEED_AFTER_RE = re.compile(r"\s*(,|\band\b|\bor\b|&)\s*" + _NEED + r"\b", re.I)


def asks_more(question: str, asked: re.Match) -> bool:
    """The question asks something besides what `asked` (an ask's words in it) asks."""
    start, end = asked.span()
    return bool(_NEED_BEFORE_RE.search(question[:start]) or _NEED_AFTER_RE.match(question, end))
