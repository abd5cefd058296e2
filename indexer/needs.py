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
from .understanding import asks_cause

# (not "due to" or "because": "MG can mimic ALS due to shared symptoms" gives no cause of MG)
STATES_CAUSE_RE = re.compile(r"\bcaus\w*|\btrigger\w*|\bleads? to\b|\bresults? from\b", re.I)


def states_cause(chunk, sentence) -> bool:
    """The line says what causes something, or is an item of a list that does ("Causes include:
    • Stress and anxiety")."""
    lead = list_lead(chunk, sentence) if sentence.kind == "item" else ""
    return bool(STATES_CAUSE_RE.search(f"{chunk.sentence_text(sentence)} {lead}"))


def line_needs(question: str, settings) -> list[tuple]:
    """What a line gains for carrying what `question` needs, as (test of a line, bonus): a cause
    when one is asked (`states_cause`). (A line spelling out the acronym asked, for "What does ALS
    stand for?", was tried in the eleventh round: retrieval rarely brings that line, so no change.)"""
    return [(states_cause, settings.cause_bonus)] if asks_cause(question) else []
