"""What a question asks and what it is about, read from its words: its shape (fact,
differential, list), whether it is an emergency, whether it is a follow-up, and which topics
(conditions, named things) it names.

The topics come from the corpus, not from code: the glossary's alias groups and the short
section headings ("Myasthenia gravis", "Vitamin B12 deficiency"). `Topics` is built once per
index, at load.

No pattern here has ".*" (or a lazy group followed by optional text) between two parts: with
many repeats of the first part such a pattern is quadratic (10 s on 30,000 characters of
"what about !!!…"). Pairs of words are two linear searches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ("the different types of MS" asks for a list, not a difference; "a different kind of disease
# than MS" is one)
DIFFERENTIAL_RE = re.compile(r"\b(told apart|distinguish\w*|differ\w*(?<!different)|"
                             r"(?<!the )different\b|different(?! (types?|kinds?|forms?|sorts?) of\b)|"
                             r"vs\.?|versus|compared?|separates?|rule out)\b", re.I)
SOFT_CONTRAST_RE = re.compile(r"rule out|compare", re.I)      # words of contrast a list question may carry
TELL_RE, APART_RE = re.compile(r"\b(tell|told)\b", re.I), re.compile(r"\bapart\b|^\W+(\w+\W+){1,3}from\b", re.I)
# What a list question asks a list of, and words a list's intro or heading may use for it.
LIST_NOUNS = (r"symptoms|signs|tests|causes|risk factors|treatments|medicines|medications|drugs|therapies|"
              r"steps|options|red flags|types")
LIST_NOUN_RE = re.compile(r"\b(" + LIST_NOUNS + r")\b", re.I)
LIST_RE = re.compile(r"^\s*(what|which)\s+(are|is)?\s*(the\s+)?((most\s+)?(common|main|usual|typical|early|"
                     r"first)\s+)?((kinds?|types?|sorts?)\s+of\s+)?(warning signs|" + LIST_NOUNS + r")\b|"
                     r"\blist\b|^\s*which\s+\w+\s+(are|help)\b|"
                     # "Which treatable conditions…", "Which body functions…" (a plural asks for
                     # several); "What kind of support…"
                     r"^\s*which\s+(\w+[^\Wsiu]s|\w*[^\Ws]\s+\w+[^\Wsiu]s"
                     r"(?=\s+(can|could|do|does|did|are|were|might|may|would|should|will|usually|often|get|gets|"
                     r"cause|look|mimic)\b))\b|"
                     r"^\s*what\s+(kinds?|types?|sorts?)\s+of\b|"
                     # "What are the different types of MS?" (not "what conditions can look like
                     # ALS?": a plural before its verb picked the wrong list as often as the right one)
                     r"^\s*what\s+(are|is)\s+(the\s+)?((different|main)\s+)?(kinds?|types?|sorts?|forms?)\b", re.I)
LIST_NOUN_KIN = {"symptom": ("sign",), "sign": ("symptom",), "test": ("diagnos",),
                 "medicine": ("medication", "drug", "treatment"), "medication": ("medicine", "drug", "treatment"),
                 "drug": ("medicine", "medication", "treatment"), "treatment": ("therap", "medication"),
                 "red flag": ("warning", "urgent"), "risk factor": ("risk",)}
NEGATION_RE = re.compile(r"\b(not|never|no|without|doesn't|don't|isn't|aren't|won't|rarely|uncommon)\b|n't\b", re.I)
# A question asking a list of what is not ("symptoms ALS does not cause", "the things ALS doesn't
# usually do", "which functions does ALS leave alone?", "signs that point away from ALS"), not
# any "not" ("symptoms I should not ignore"); and a list's intro that gives one ("ALS does not
# typically cause:", "It does not typically affect:"; not "You don't need to self-diagnose…").
_INTRO_VERBS = r"(cause|affect|include|involve)\w*"


def _not(verbs: str) -> str:
    """ "does not (typically) <verb>", "doesn't (usually) <verb>" """
    return rf"\b(not|never|rarely)\s+(\w+\s+)?{verbs}|n't\s+(\w+\s+)?{verbs}"


NEGATIVE_ASK_RE = re.compile(_not(r"(cause|affect|include|involve|do|have|happen|seen|show|expect|typical|usual|"
                                  r"common)\w*")
                             + r"|\bleaves? (\w+ )?alone\b|\bspare[sd]?\b|\bunaffected\b|\b(points?|pointing) away"
                             r"|\bless likely\b", re.I)
NOT_LIST_RE = re.compile(_not(_INTRO_VERBS), re.I)
# Sentences that contrast two conditions or name a test: preferred for differential questions.
CONTRAST_RE = re.compile(r"\b(unlike|distinguish\w*|differentiat\w*|in contrast|whereas|"
                         r"while|but|however|tests?|MRI|EMG|blood|antibod\w*)\b", re.I)
EMERGENCY_RE = re.compile(
    r"\b(can'?t|cannot|can not|unable to|hard to|struggling to|trouble|difficulty)\s+"
    r"(breathe|breathing|swallow\w*)\b|\bchok\w*\b|"
    r"\bemergency\b|\bpassed out\b|\bunconscious\b|"
    # asking when to seek urgent care is asking for the sources' urgent-care advice (not "she
    # ended up in urgent care")
    r"\b(when|should|do|does|need)\b[^?.]{0,60}\b(go to|call|get|seek|visit) (the )?(urgent care|911|hospital|ER)\b",
    re.I)
SUDDEN_RE, WEAK_RE = re.compile(r"\bsudden(ly)?\b", re.I), re.compile(r"\bweak\w*", re.I)
# A source sentence giving urgent-care advice (shown first for an emergency question): it tells
# the reader to seek care, not merely says "immediately" ("no single test confirms ALS
# immediately" is no advice).
URGENT_ADVICE_RE = re.compile(
    r"(?<!when to )\b(seek|get|call|go to|contact|see)\b[^.]{0,60}\b(urgent|emergency|immediate(ly)?|prompt(ly)?)\b|"
    r"\b(urgent|emergency|immediate)\b[^.]{0,40}\b(care|attention|help|evaluation|services|room)\b|"
    r"\blife-threatening\b", re.I)

# What a sentence about one condition speaks of, for lining up a comparison row by row: the
# first aspect whose words it uses, in this order ("tests" before "signs": "an MRI reveals
# lesions" is about tests).
ASPECTS = (
    ("Tests", re.compile(r"\b(tests?|testing|MRI|EMG|scan|biops\w*|blood|puncture|spinal fluid|"
                         r"diagnos\w*|antibod\w*|lesions?|stimulation|criteria|imaging)\b", re.I)),
    ("Treatment", re.compile(r"\b(treat\w*|therap\w*|medication\w*|drugs?|cure\w*|manage\w*|"
                             r"riluzole|edaravone|inhibitors?|supplement\w*)\b", re.I)),
    ("Course", re.compile(r"\b(progress\w*|course|relaps\w*|remit\w*|steady|worsen\w*|over time|"
                          r"come and go|flare\w*|fatal|survival|life expectancy)\b", re.I)),
    ("Cause", re.compile(r"\b(caus\w*|immune\w*|autoimmune|genetic|inherit\w*|degenerat\w*|"
                         r"demyelinat\w*|classified)\b", re.I)),
    ("Signs", re.compile(r"\b(symptoms?|signs?|weak\w*|twitch\w*|fatigue|vision|numb\w*|"
                         r"stiff\w*|onset|early|presents?)\b", re.I)),
)
OTHER_ASPECT = "Other"


def aspect_of(sentence: str) -> str:
    """Which aspect of a condition a sentence speaks of (ASPECTS), else "Other"."""
    return next((name for name, pattern in ASPECTS if pattern.search(sentence)), OTHER_ASPECT)


# "and what about MS?", "how about PLS", "and for MS?". Only the lead is a regex; the subject
# is the rest of the message, trailing punctuation stripped.
WHAT_ABOUT_RE = re.compile(r"\s*(?:and\s+)?(?:what|how)\s+about\s+", re.I)
AND_RE = re.compile(r"\s*and\s+(?:for\s+|with\s+)?", re.I)
TRAILING = " \t\n?.!"
MAX_AND_SUBJECT_CHARS = 60   # "and <subject>" longer than this is a new question, not a follow-up
# A section heading of at most this many words names a topic ("Myasthenia gravis"); longer
# ones are titles of passages ("Why People Confuse ALS and MS").
MAX_TOPIC_HEADING_WORDS = 4


WHAT_RE = re.compile(r"^\W*(what|which)\b", re.I)


# "Is numbness more of an MS thing or an ALS thing?", "is fatigue worse in MS or ALS": which of
# two conditions something points to (with two conditions named) is a differential.
# (within one clause: not "She has MS and is more tired lately. Could it be ALS or stress?")
CHOICE_RE = re.compile(r"\b(more|less|worse|better|rather|mostly|likelier|likely|typical)\b[^?.;!]{0,60}\bor\b", re.I)


def question_shape(question: str, conditions_named=lambda question: ()) -> str:
    """"differential" (two conditions told apart, or which of two named, `conditions_named`, a
    sign points to), "list" (symptoms, tests…) or "fact"."""
    listing = LIST_RE.search(question)
    # "What tests are done to rule out other conditions before calling it ALS?", "list the
    # symptoms of ALS, I want to compare": a list asked of fewer than two named conditions, with
    # no other word of contrast, is a list, not two things told apart (not "What signs differ
    # between ALS and a trapped nerve?")
    if (listing and len(conditions_named(question)) < 2 and not _tells_apart(question)
            and all(SOFT_CONTRAST_RE.fullmatch(m.group(0)) for m in DIFFERENTIAL_RE.finditer(question))):
        return "list"
    if (DIFFERENTIAL_RE.search(question) or _tells_apart(question)
            or (CHOICE_RE.search(question) and len(conditions_named(question)) >= 2)):
        return "differential"
    if listing or (WHAT_RE.match(question) and NEGATIVE_ASK_RE.search(question)):
        return "list"       # ("what does ALS spare?": a list of what it does not affect)
    return "fact"


def _tells_apart(question: str) -> bool:
    """"tell them apart", "tell MS from ALS", "told MG apart"."""
    tell = TELL_RE.search(question)
    return bool(tell and APART_RE.search(question[tell.end():]))


def is_emergency(question: str) -> bool:
    """Breathing or swallowing trouble, choking, sudden weakness…: urgent advice comes first."""
    return bool(EMERGENCY_RE.search(question)
                or (SUDDEN_RE.search(question) and WEAK_RE.search(question)))


def gives_urgent_advice(sentence: str) -> bool:
    return bool(URGENT_ADVICE_RE.search(sentence))


def contrasts(sentence: str) -> bool:
    return bool(CONTRAST_RE.search(sentence))


# "How do they check for that?", "how would doctors know?", "How is MG diagnosed?": the lines
# that name a test or tell two conditions apart answer it (as they do a differential).
HOW_CHECKED_RE = re.compile(
    r"\bhow (do|does|would|will|can|could|did) (they|doctors?|the doctors?|you|neurologists?|the neuro\w*|he|she|"
    r"one|someone|a doctor)\b[^?.]{0,30}?\b(check\w*|test\w*|diagnos\w*|confirm\w*|tell|know|find out|"
    r"figure (it |this |that )?out|rule\w* (it |this |that )?out|decide|detect\w*|spot)\b"
    r"|\bhow (is|are) [^?.]{1,50}?\b(diagnosed|confirmed|detected|checked|tested|found)\b", re.I)


def asks_how_checked(question: str) -> bool:
    return bool(HOW_CHECKED_RE.search(question))


# A question that asks what causes or brings something on ("What everyday things can make your
# muscles twitch?", "what triggers…", "what are the causes"); not any "what … makes" ("Which test
# makes the diagnosis?", "What makes ALS different from MS?") nor "why" (a mechanism, not a cause).
ASKS_CAUSE_RE = re.compile(r"\b(what|which)\b[^?]{0,40}\b(causes?|triggers?|brings? on)\b|\bcaused by\b|"
                           r"\bwhat ([\w'-]+ ){0,3}(can|could|might|would) make\b|"
                           r"\bwhat (is|are) (the )?(causes?|reasons?)\b", re.I)


def asks_cause(question: str) -> bool:
    return bool(ASKS_CAUSE_RE.search(question))


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


def term_key(text: str) -> str:
    """A term as topics are compared: lower-case words, apostrophes folded, one space apart."""
    return " ".join(re.findall(r"[a-z0-9']+", text.lower().replace("’", "'")))


def term_pattern(terms) -> re.Pattern:
    """One regex finding any of `terms` as whole words, whatever separates their words
    ("multiple sclerosis" matches "Multiple  Sclerosis" and "multiple-sclerosis"); longest
    first so that "spinal muscular atrophy" wins over "spinal"."""
    alternatives = [r"\W+".join(map(re.escape, t.split())) for t in sorted(terms, key=len, reverse=True)]
    return re.compile(r"(?<![\w'])(" + "|".join(alternatives) + r")(?![\w'])", re.I)


@dataclass(frozen=True)
class Topics:
    """Everything a question can be about: (key, display form) longest first, and the synonym
    groups, from the corpus's glossary and short headings."""

    table: tuple[tuple[str, str], ...]
    groups: tuple[frozenset[str], ...]

    @classmethod
    def build(cls, groups, headings) -> Topics:
        """From the glossary's alias groups and the corpus's section headings (each once)."""
        topics: dict[str, str] = {}
        for group in groups:
            for term in group:
                topics.setdefault(term_key(term), term)
        for heading in headings:
            if len(heading.split()) <= MAX_TOPIC_HEADING_WORDS and not heading.endswith("?"):
                topics.setdefault(term_key(heading), heading)
        return cls(tuple(sorted(topics.items(), key=lambda kv: -len(kv[0]))),
                   tuple(frozenset(g) for g in groups))

    def named(self, question: str) -> list[str]:
        """Topics the question names, in the order it names them (longest match wins)."""
        text = " " + term_key(question) + " "
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []
        for key, _ in self.table:
            at = text.find(f" {key} ")
            if at < 0 or any(a <= at < b for a, b in taken):
                continue
            taken.append((at, at + len(key) + 2))
            found.append((at, key))
        return [key for _, key in sorted(found)]

    def group_of(self, term: str) -> frozenset[str]:
        """The synonyms of `term` (itself included)."""
        return next((g for g in self.groups if term in g), frozenset({term}))
