"""What a line gains for carrying what the question needs, beyond its words.

A question's words say what it is about; some also say what kind of line answers it. "What
everyday things can make your muscles twitch?" needs a cause ("Causes include: • Stress and
anxiety"), not the twitching list that matches its words best. Such a line gains a bonus in
the line score (answering._score); nothing is refused for lacking one (that is asks.py's job,
for the kinds of statement whose absence means "not covered").

    line_needs(question, settings) -> [(test of a line, bonus), …]
"""

from __future__ import annotations

import re

from .quotes import list_lead
from .understanding import NOT_LIST_RE, asks_cause

# (not "due to" or "because": "MG can mimic ALS due to shared symptoms" gives no cause of MG)
STATES_CAUSE_RE = re.compile(r"\bcaus\w*|\btrigger\w*|\bleads? to\b|\bresults? from\b", re.I)


# "What are the early warning signs?" asks what shows first; a line about what comes later
# ("As the disease progresses, symptoms may include: • Trouble breathing") answers another question.
ASKS_EARLY_RE = re.compile(r"\b(early|earliest|first|initial)\b[^.?!]*\b(signs?|symptoms?|clues?)\b"
                           r"|\b(signs?|symptoms?)\b[^.?!]*\b(early on|first|at first|start|begin)", re.I)
STATES_LATER_RE = re.compile(r"\bas (the )?(disease|condition|illness|it) (progresses|advances)\b|\badvanced\b"
                             r"|\blater(?: on| stages?)\b|\blate[- ]stage\b", re.I)


def _with_lead(chunk, sentence) -> str:
    lead = list_lead(chunk, sentence) if sentence.kind == "item" else ""
    return f"{chunk.sentence_text(sentence)} {lead}"


def states_later(chunk, sentence) -> bool:
    """The line is about a later stage, or an item of a list that is."""
    return bool(STATES_LATER_RE.search(_with_lead(chunk, sentence)))


def states_cause(chunk, sentence) -> bool:
    """The line says what causes something, or is an item of a list that does ("Causes include:
    • Stress and anxiety"; not of one listing what does not: "ALS does not typically cause: •
    Isolated twitching…")."""
    if sentence.kind == "item" and NOT_LIST_RE.search(list_lead(chunk, sentence)):
        return False
    return bool(STATES_CAUSE_RE.search(_with_lead(chunk, sentence)))


def line_needs(question: str, settings) -> list[tuple]:
    """What a line gains for carrying what `question` needs, as (test of a line, bonus): a cause
    when one is asked (`states_cause`). (A line spelling out the acronym asked, for "What does ALS
    stand for?", was tried in the eleventh round: retrieval rarely brings that line, so no change.)"""
    needs = [(states_cause, settings.cause_bonus)] if asks_cause(question) else []
    if ASKS_EARLY_RE.search(question):
        needs.append((states_later, -settings.later_penalty))
    return needs
