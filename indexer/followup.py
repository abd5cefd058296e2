"""Conversation helpers: the conditions a question names, follow-ups, suggested questions.

The vocabulary of "things a question can be about" comes from the index, not from code: the
glossary's alias groups and the short section headings ("Myasthenia gravis", "Vitamin B12
deficiency"). So "and what about MS?" after "How is MG told apart from ALS?" becomes "How is
MS told apart from ALS?": the previous question's shape kept, its subject swapped.
"""

from __future__ import annotations

import re
from functools import lru_cache

# "and what about MS?", "how about PLS", "and for MS?". Only the lead is a regex; the subject is
# the rest of the message, trailing punctuation stripped. (One regex with a lazy subject followed
# by optional punctuation backtracked quadratically: 10 s on "what about " + 30,000 "!".)
WHAT_ABOUT_RE = re.compile(r"\s*(?:and\s+)?(?:what|how)\s+about\s+", re.I)
AND_RE = re.compile(r"\s*and\s+(?:for\s+|with\s+)?", re.I)
TRAILING = " \t\n?.!"
MAX_AND_SUBJECT_CHARS = 60   # "and <subject>" longer than this is a new question, not a follow-up
MAX_HEADING_WORDS = 4
SUGGESTIONS = 3


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower().replace("’", "'")))


@lru_cache(maxsize=8)
def _topics(index) -> tuple[tuple[str, str], ...]:
    """(lower-cased term, display form) of every alias and short heading, longest first."""
    topics: dict[str, str] = {}
    for group in index.glossary.groups:
        for term in group:
            topics.setdefault(_key(term), term)
    for chunk in index.chunks:
        for heading in chunk.section:
            words = heading.split()
            if len(words) <= MAX_HEADING_WORDS and not heading.endswith("?"):
                topics.setdefault(_key(heading), heading)
    return tuple(sorted(topics.items(), key=lambda kv: -len(kv[0])))


def named_topics(index, question: str) -> list[str]:
    """Topics the question names, in the order it names them (longest match wins)."""
    text = " " + _key(question) + " "
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for key, shown in _topics(index):
        at = text.find(f" {key} ")
        if at < 0 or any(a <= at < b for a, b in taken):
            continue
        taken.append((at, at + len(key) + 2))
        found.append((at, key))
    return [key for _, key in sorted(found)]


def group_of(index, term: str) -> set[str]:
    for group in index.glossary.groups:
        if term in group:
            return set(group)
    return {term}


def follow_up_subject(message: str) -> str | None:
    """What a follow-up asks about ("MS" in "and what about MS?"), or None. Linear time."""
    lead = WHAT_ABOUT_RE.match(message)
    if lead:
        return message[lead.end():].rstrip(TRAILING).strip() or None
    lead = AND_RE.match(message)
    if lead:
        subject = message[lead.end():].rstrip(TRAILING).strip()
        if subject and "?" not in subject and len(subject) <= MAX_AND_SUBJECT_CHARS:
            return subject
    return None


def rewrite_follow_up(index, message: str, previous: str | None) -> str | None:
    """The full question a short follow-up stands for, or None if it is not one."""
    new = follow_up_subject(message or "")
    if not new or not previous:
        return None
    old_topics = [t for t in named_topics(index, previous) if t not in index.glossary.ubiquitous]
    if not old_topics:
        return None
    old = old_topics[0]
    pattern = re.compile(r"(?<![\w'])" + r"\W+".join(map(re.escape, old.split())) + r"(?![\w'])", re.I)
    rewritten, count = pattern.subn(new, previous, count=1)
    return rewritten if count else None


def suggestions(index, answer, asked: list[str]) -> list[str]:
    """Up to three next questions, drawn from the headings of the passages near this answer."""
    seen = {_key(q) for q in asked}
    asked_topics = {t for q in asked for t in named_topics(index, q)}
    out: list[str] = []
    for hit in answer.passages:
        if not hit.chunk.section:
            continue
        heading = hit.chunk.section[-1]
        heading = re.sub(r"^\d+[.)]\s*", "", heading)
        if not heading[:1].isalpha():
            continue  # "(References)"
        if heading.endswith("?"):
            if not named_topics(index, heading):
                continue  # "What is it?" means nothing out of its page
            question = heading
        elif re.match(r"(how|what|why|when|who|which)\b", heading, re.I):
            question = heading + "?"
        elif len(heading.split()) <= MAX_HEADING_WORDS and _key(heading) not in asked_topics:
            lead = heading[0].lower() + heading[1:] if heading[1:2].islower() else heading
            question = f"What do the sources say about {lead}?"
        else:
            continue
        if _key(question) not in seen:
            seen.add(_key(question))
            out.append(question)
        if len(out) == SUGGESTIONS:
            break
    return out
