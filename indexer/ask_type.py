"""What an ask is (asks.py holds the table of them): the words that ask it, the kind of
statement a line must make to answer it, the reply when none does, and where in a question it
is heard and of what ("what causes PLS" is asked of PLS; "who was Lou Gehrig" of a person)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .groups import GROUPS_RE, compared_groups
from .qualifiers import STEM, asking_start, qualifier, subgroups


@dataclass(frozen=True)
class Ask:
    """A kind of question whose answer must state something of one kind: a line answers only
    if it `states` it and, when `about_named`, names a condition the question names (in the
    line, its section heading or its document's title)."""

    name: str
    asked: re.Pattern        # the question asks this
    states: re.Pattern       # a line states it
    reply: str               # when no line does; "{about}" is what the question names
    about_named: bool = True
    # "More common in men than in women?": a line answers only if it names one of the groups.
    compares_groups: bool = False
    # What it is asked of is the name right after the ask ("who was Lou Gehrig").
    of_name_after: bool = False
    # The reply names the phrase right after the ask's words ("how accurate is the EMG for ALS": "the EMG").
    of_phrase_after: bool = False
    # "How long do people live on a ventilator?": a line answers only if it names the ventilator;
    # "…with familial ALS?", "…in their 30s?" only if it names those patients (qualifiers.subgroups).
    qualified: bool = False
    refuses: bool = True    # no line states it: "not covered"; False: answered as usual (seek care: ALS, not MS)
    states_names: bool = False  # what it needs is a name: a condition's own name in a line is not masked (fit.py)
    # "What causes PLS?": of the condition right after the ask's words, named in the stating line itself
    # (or its list's intro or heading): not "Muscle twitching… Causes include:" under an ALS heading.
    of_condition_after: bool = False
    # Heard only in the sentences that ask ("I read about the causes of ALS. What are the first signs?").
    in_asking_sentence: bool = False
    # Often of a drug or a test rather than a condition ("the side effects of riluzole", "how long an
    # EMG takes"): "always", lines name that thing too when a condition is named; "unnamed", only when
    # none is ("clinical trials for tofersen", but "trials for ALS" are ALS's).
    of_a_thing: str = ""
    # Heard only when asked of some patients ("does familial ALS progress faster than sporadic?"):
    # "Does PLS progress slower than ALS?" compares two conditions, which the usual lines answer.
    of_some_patients: bool = False

    def find(self, question: str) -> re.Match | None:
        """Where the question asks this: anywhere, or from its first sentence ending in "?"."""
        found = self.asked.search(question, asking_start(question) if self.in_asking_sentence else 0)
        return None if found and self.of_some_patients and not subgroups(question, self.asked) else found

    def name_asked(self, question: str) -> str:
        """The name a person ask is of ("Lou Gehrig"), "" for other asks."""
        asked = self.asked.search(question) if self.of_name_after or self.of_phrase_after else None
        name = (NAME_RE if self.of_name_after else PHRASE_AFTER_RE).match(question, asked.end()) if asked else None
        return name.group("name") if name else ""

    def asked_of_next(self, question: str, patterns) -> bool:
        """False for an ask of the condition right after its words when none of `patterns` (the
        conditions named) starts within NEXT_CHARS of them and ends its phrase ("the causes of
        muscle twitching", "what causes ALS fatigue")."""
        asked = self.find(question)
        return not self.of_condition_after or bool(asked) and any(
            (m := p.search(question, asked.end())) and m.start() - asked.end() <= NEXT_CHARS
            and NAME_ENDS_RE.match(question, m.end()) for p in patterns)

    def must_name(self, question: str) -> list[re.Pattern]:
        """What a line must name one of to answer: the groups compared, or the qualifier."""
        if self.compares_groups:
            return compared_groups(question)
        if kinds := subgroups(question, self.asked) if self.qualified else []:
            return [pattern for _, pattern in kinds]
        found = qualifier(question, self.asked) if self.qualified else None
        return [re.compile(rf"\b{re.escape(found.group('thing')[:STEM])}", re.I)] if found else []

    def not_covered(self, about: str, question: str = "") -> str:
        about = self.name_asked(question) or about
        match = GROUPS_RE.search(question) if self.compares_groups else None
        if match:       # "The sources here don't compare how common ALS is in men and in women."
            first, second = filter(None, match.groups())
            return f"The sources here don't compare how common {about or 'it'} is in {first} and in {second}."
        kind = next(iter(subgroups(question, self.asked)), ("",))[0] if self.qualified else ""
        if kind and not kind.startswith(("in ", "when ")):       # "…how fast familial ALS progresses."
            about = f"{kind} {about}" if about else ""
        reply = self.reply.format(about=about or "that").replace(" for that", "").replace(" of that", "")
        if kind.startswith(("in ", "when ")):       # "…the outlook for ALS in veterans."
            return f"{reply[:-1]} {kind}."
        found = qualifier(question, self.asked) if self.qualified else None     # "…with ALS on a ventilator."
        return f"{reply[:-1]} {found.group(0).lower()}." if found else reply


NEXT_CHARS = 5     # "what causes ALS", "the cause of my MS"
# A condition's name ends the phrase asked of ("what causes ALS?", "…ALS and MS"; not "ALS fatigue").
NAME_ENDS_RE = re.compile(r"['’]?s?\s*([?.,;:!]|$|(and|or|in|to|for|if|when|after|at|among|exactly|usually|besides|"
                          r"other than|except|apart from)\b)", re.I)

PERSON_NAME = r"[A-Z][a-z][\w'’-]*(?: [A-Z][a-z][\w'’-]*)+"
NAME_RE = re.compile(f"(?P<name>{PERSON_NAME})")
# "is the acetylcholine receptor antibody test", "are MRIs" — up to "?", a comma, "for", "in", "at"…
PHRASE_AFTER_RE = re.compile(r"\s+((is|are)\s+)?(?P<name>[\w'’ -]{2,60}?)\s*"
                             r"(?=[?.,;!]|$|\b(for|in|at|when|to|if|with)\b)", re.I)
