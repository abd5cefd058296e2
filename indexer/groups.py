"""The groups a "more common in men than in women?" question compares (asks.py's frequency ask):
a line answers it only if it names one of them."""

from __future__ import annotations

import re

from .lexical import STOPWORDS
from .statements import one_of

GROUPS_RE = re.compile(
    r"\b(?:more|less) (?:common|likely|frequent)(?: in| among)? ([a-z][\w '-]*?) (?:than|or|compared (?:to|with))"
    r" (?:in |among )?([a-z][\w '-]*?)(?=[?.,;!]|$| to\b| than\b)"
    r"|\b([a-z]+) (?:are |is )?more likely than ([a-z]+)"
    r"|\b(?:more|less) (?:often )?(?:in|among) (men|women|males|females|boys|girls) (?:than|or) (?:in |among )?"
    r"(men|women|males|females|boys|girls)\b", re.I)
# The words of a group that say which group ("certain ethnic groups" → "ethnic").
GROUP_FILLER = frozenset("certain some other others people persons group groups those these ones in among".split())
GROUP_KIN = {"men": ("men", "man", "male", "males"), "women": ("women", "woman", "female", "females"),
             "boys": ("boys", "male", "males"), "girls": ("girls", "female", "females")}
# Each word of a group stands for the whole group, so "more common in woman or men" matches a
# line on "women" (a singular had been looked for as typed, and found in no line).
GROUP_KIN |= {kin: GROUP_KIN[group] for group in ("men", "women") for kin in GROUP_KIN[group]}


def compared_groups(question: str) -> list[re.Pattern]:
    """The groups a "more common in A than B" question compares, as patterns a line must match
    one of to answer it: "men"/"women" (with "male(s)", "female(s)"), "ethnic", "countries"."""
    match = GROUPS_RE.search(question)
    if not match:
        return []
    out = []
    for group in filter(None, match.groups()):
        for word in re.findall(r"[a-z'-]+", group.lower()):
            if word not in GROUP_FILLER and word not in STOPWORDS:
                out.append(one_of(*GROUP_KIN.get(word, (re.escape(word),))))
    return out
