"""What a sentence or a question is about: the conditions a corpus discusses, told apart from
symptoms and everyday words (answering.py, fit.py).

A condition is a corpus topic one of whose names is "<words> disease/syndrome/…" or a word such
as "hyperthyroidism", with its acronyms ("MS", "multiple sclerosis"); or a capitalised phrase the
topics miss ("Kennedy's disease"). A sentence is about the condition it names first (after a
leading "Unlike X,"), else its nearest heading's, else its document title's.
"""

from __future__ import annotations

import re

from .quotes import PRONOUN_OPENER_RE, asked_before, item_sentences, leans_on
from .scope import EVERYDAY_WORD
from .understanding import term_key
from .vocabulary import english_counts

MAX_CACHED_SENTENCES = 200_000      # what sentences are about, kept per index (bounded)
INSIDE_WORD = 6                     # "thyroid" inside "hyperthyroidism"; shorter pieces are noise
INSIDE_WORD_MAX_COUNT = 5_000_000   # and only a word rarer than this in English
TERM_WORD_RE = re.compile(r"[a-z0-9']+")
CODE_TOKEN_RE = re.compile(r"[a-z]+\d[a-z\d]*")     # letters then digits: "b12", "sod1"

CONDITION_WORD = (r"disease|syndrome|deficiency|disorders?|palsy|atrophy|sclerosis|dystrophy|gravis|paraplegia|"
                  r"\w+(ism|itis|osis|opathy|emia)")
NOT_A_NAME = (r"(?!(?:for|of|the|a|an|with|from|by|and|or|to|in|on|is|are|has|have|does|do|my|his|her|their|any|"
              r"which|what|whose|that|this|these|those|some|every|each|other|another|same|rare|common|causes?|caused)\b)")
# "Kennedy's disease", "post-polio syndrome": a condition the question names in so many words.
CONDITION_PHRASE_RE = re.compile(r"\b((?:" + NOT_A_NAME + r"[\w'’-]+\s+){1,2}(" + CONDITION_WORD + r"))\b", re.I)
# A topic is a condition when one of its names is "<words> disease/syndrome/…" or one word
# such as "hyperthyroidism", "myelopathy" (not "atrophy" alone: a symptom).
CONDITION_WORD_RE = re.compile(CONDITION_WORD, re.I)
GENERIC_ENDINGS = ("syndrome", "disease")
CONDITION_NAME_RE = re.compile(r"(\s(" + CONDITION_WORD + r")|^\w+(ism|itis|osis|opathy|emia))$", re.I)


def phrase_key(phrase: str) -> str:
    """"Kennedy's disease", "kennedys disease" and "Kennedy disease" (a typo corrected) alike."""
    return " ".join(w.rstrip("s") for w in re.sub(r"['’]", "", phrase.lower()).split())


def as_named(phrase: str) -> re.Pattern:
    """A condition phrase with or without its possessive: the question's "kennedys disease" (corrected to
    "kennedy disease") is the sources' "Kennedy's disease"; "stress" and "Ross" keep their last letter."""
    words = [w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w
             for w in re.sub(r"['’]", "", phrase.lower()).split()]
    return re.compile(r"(?<![\w'])" + r"\W+".join(re.escape(w) + r"(?:['’]?s)?" for w in words) + r"(?![\w'])", re.I)


def everyday_free(group) -> set[str]:
    """A topic's names without mined aliases that are everyday words ("is", "all"): those would
    name it in every sentence."""
    english = english_counts()
    return {name for name in group if english.get(term_key(name), 0) < EVERYDAY_WORD}


# Words with a condition's ending that name none ("diagnosis", "mechanism"): a short list of
# English, not of any corpus.
NOT_CONDITIONS = frozenset("diagnosis prognosis analysis basis emphasis hypothesis thesis synthesis "
                           "mechanism organism metabolism criticism".split())
# An alias group this big was merged from unrelated mined aliases, not one condition's names.
MAX_CONDITION_NAMES = 6


def is_condition(group) -> bool:
    """A topic that is a condition (a disease's names and acronyms), not a symptom heading
    such as "muscle weakness"."""
    return len(group) <= MAX_CONDITION_NAMES and any(
        CONDITION_NAME_RE.search(t) and term_key(t) not in NOT_CONDITIONS for t in group)


# "Unlike ALS, MS has…": the condition compared against is not the subject.
UNLIKE_RE = re.compile(r"^\s*((also|but|and|however),?\s+)?(unlike|like|as with|compared (with|to)|in contrast to|"
                       r"(the\s+)?(\w+\s+)?difference from)\s[^,:]*[,:]\s*", re.I)   # "The big difference from ALS: …"
# Before the first of them: the sentence opens with its subject, two words at most ("Both",
# "Spinal cord compression"; "This guide breaks down the difference between ALS and MS" is not).
OPENING_RE = re.compile(r"\s*([\w'’-]+\s+){0,2}")
# Between two conditions one sentence is about at once: "X (x) or a Y (y)", "X and Y", "X, Y".
JOINED_RE = re.compile(r"\s*(\)|\()?\s*(\)\s*)?(,?\s*(or|and|and/or)\s+|,\s*)?((a|an|the)\s+)?\(?\s*", re.I)
# "…, distinguishing it from the irreversible progression of ALS.", "Distinguishing it from ALS
# involves…": what it is told from.
CONTRAST_TAIL_RE = re.compile(r"(,\s*|^\s*)(distinguishing (it|them) from|differentiating (it|them) from|"
                              r"telling (it|them) apart from|unlike|as opposed to|in contrast to)\b[^.;]*?"
                              r"(?=\s+(involves|requires|is|are|depends|relies)\b|[.;]|$)", re.I)


# The question asks what else it could be than the condition it names: "is this ALS or something
# else?", "what else besides ALS could do that?", "a pinched nerve rather than ALS", "can other
# diseases be mistaken for ALS?". The named one is ruled out, not asked of ("besides pills, what
# helps ALS?" still asks of ALS).
ELSE_RE = re.compile(r"\b((some|any)(thing|one) else|what else causes|what else (could|can|might|would) ((it|this|"
                     r"that|these|they|he|she|I) (be|mean)|(cause|explain|do) (this|that|these|it|them|those))|"
                     r"(?<!cause )(?<!causes )(other|another|different) (conditions?|illness(es)?|diseases?|disorders?|"
                     r"causes?|explanations?)|"
                     r"(conditions?|illness(es)?|diseases?|disorders?) (that|which) (\w+ ){0,2}"
                     r"(mimic|resemble|look like|(get|are|is) (confused|mistaken|mixed up)))\b", re.I)
OTHER_THAN_RE = re.compile(r"\b(other than|besides|instead of|rather than|not just)\s+((?:[\w'’-]+\s+){0,2}[\w'’-]+)",
                           re.I)


class Conditions:
    """The conditions a corpus discusses (its topics that are conditions), to tell what a
    sentence is about: the first condition it names, or failing that, its nearest heading's.

    Names are looked up by word n-grams in one dictionary, not one regex per condition: a
    corpus of 5,000 health pages has ~700 conditions, and each answer reads ~40 sentences."""

    def __init__(self, topics):
        # Each topic's synonym group, looked up once (Topics.group_of scans every group: at
        # 10,000 topics that was 0.3 s of every index load).
        member: dict[str, frozenset[str]] = {}
        for group in topics.groups:
            for term in group:
                member.setdefault(term, group)
        groups = []
        for key, _ in topics.table:
            group = member.get(key, frozenset({key}))
            if is_condition(group) and group not in groups and not key.startswith("other "):
                groups.append(group)
        self.groups = groups
        self._names: dict[str, int] = {}
        for k, group in enumerate(groups):
            for name in everyday_free(group):
                key = term_key(name)
                if key and key not in self._names:
                    self._names[key] = k
        # A name of three words or more said without its last word when that is "syndrome" or
        # "disease": "post polio" is post-polio syndrome, "sickle cell" sickle cell disease
        # (not "heart" for heart disease: one word left names a part or a thing).
        for key, k in list(self._names.items()):
            *rest, last = key.split()
            if len(rest) >= 2 and last in GENERIC_ENDINGS:
                self._names.setdefault(" ".join(rest), k)
        self._longest = max((len(n.split()) for n in self._names), default=0)
        self._inside: dict[str, set[int]] | None = None
        self._sentences: dict[tuple[int, int], tuple] = {}

    def all_in(self, text: str, *, any_case: bool = False) -> list:
        """The conditions `text` names, in order: a topic's index, or the key of a condition
        phrase the topics do not list ("Kennedy's disease" → "kennedys disease"; capitalised
        only, unless `any_case`)."""
        return [k for _, _, k in self._named_spans(text, any_case)]

    def _named_spans(self, text: str, any_case: bool = False) -> list[tuple]:
        """`all_in`'s conditions as (start, end, key), in order."""
        words = [(m.start(), m.end(), m.group(0)) for m in TERM_WORD_RE.finditer(text.lower().replace("’", "'"))]
        found, i = [], 0
        while i < len(words):
            for n in range(min(self._longest, len(words) - i), 0, -1):
                k = self._names.get(" ".join(w for _, _, w in words[i:i + n]))
                if k is not None:
                    found.append((words[i][0], words[i + n - 1][1], k))
                    i += n
                    break
            else:
                i += 1
        found += [(m.start(), m.end(), phrase_key(m.group(1))) for m in CONDITION_PHRASE_RE.finditer(text)
                  if (any_case or m.group(1)[0].isupper())
                  and not any(a <= m.start() < b or m.start() <= a < m.end() for a, b, _ in found)]
        return sorted(found, key=lambda f: f[0])

    def subject(self, sentence: str, headings, title: str = ""):
        """What a sentence is about: the first condition it names, not one it is compared with
        ("Unlike ALS, MS has…" and "…, distinguishing it from … ALS" are not about ALS), else
        its nearest heading's, else its document title's; None if none names
        one ("The muscles slowly stop working…" in a page about ALS is about ALS)."""
        return next(iter(self.subjects(sentence, headings, title)), None)

    def subjects(self, sentence: str, headings, title: str = "", *, opening: bool = False) -> tuple:
        """`subject`, with the conditions joined to it by "or"/"and" when the sentence opens with
        them: "Spinal cord compression (myelopathy) or a pinched nerve (radiculopathy) … can also
        cause symptoms similar to ALS" is about both, not ALS; () if none, or if `opening` and the
        sentence does not open with one ("It typically presents with…, while ALS involves…")."""
        own = CONTRAST_TAIL_RE.sub("", UNLIKE_RE.sub("", sentence, count=1))
        named = self._named_spans(own)
        if opening and named and not OPENING_RE.fullmatch(own[:named[0][0]]):
            return ()
        if not named:
            return next(((found[0],) for h in [*reversed(list(headings)), title] if (found := self.all_in(h))), ())
        joined = [named[0][2]]
        for (_, end, _), (start, _, key) in zip(named, named[1:]) if OPENING_RE.fullmatch(own[:named[0][0]]) else ():
            if not JOINED_RE.fullmatch(own[end:start]):
                break
            joined.append(key)
        return tuple(dict.fromkeys(joined))

    def of_sentence(self, chunk, sentence) -> tuple:
        """(subjects, every condition named) of a sentence of the corpus, computed once: "It
        typically presents…" is about what the sentence before it is about, the second
        sentence of a list item about what the item is about, an FAQ's answer ("Not always. …")
        about what its question asks of ("Is MS always progressive?") — unless it names a
        condition itself."""
        key = (chunk.id, sentence.start)
        found = self._sentences.get(key)
        if found is None:
            if len(self._sentences) >= MAX_CACHED_SENTENCES:
                self._sentences.clear()
            before = leans_on(chunk, sentence) or asked_before(chunk, sentence)
            own = " ".join(s.text for s in item_sentences(chunk, sentence))
            text = f"{before.text} {own}" if before else own
            # A table row is about its row label across the table's columns (conditions), so
            # it has no one condition as subject. ("Also, in contrast to ALS, myelopathy can
            # cause…" is about myelopathy whatever the sentence it leans on names.)
            # (A later sentence of an item naming a condition is about it: "Do both cause fatigue?"
            # "Yes, but … prominent in MS." "ALS can also involve fatigue…" is about ALS.)
            # ("It typically presents with…, while ALS involves…": a pronoun is the subject; "However,
            # for many people with MS, …" is about MS.)
            pronoun = bool(PRONOUN_OPENER_RE.match(sentence.text))
            subjects = () if sentence.kind in ("row", "header") else (
                self.subjects(sentence.text, (), opening=pronoun) if own != sentence.text else ()) or (
                self.subjects(own, (), opening=pronoun) if before else ()) or self.subjects(text, chunk.section,
                                                                                             chunk.title)
            found = self._sentences[key] = (frozenset(subjects), frozenset(self.all_in(text)))
        return found

    def named(self, question: str) -> set:
        """What the question asks about: the conditions it names (any case), and those whose
        name contains one of its longer words ("her thyroid" → hyperthyroidism; a later word of
        a name of several only as part of a word: "spastic" legs are not hereditary spastic
        paraplegia) or one of its codes ("low B12" → vitamin B12 deficiency)."""
        if self._inside is None:        # every 6+-letter piece of every condition name's words
            inside: dict[str, set[int]] = {}
            for name, k in self._names.items():
                for t, token in enumerate(name.split()):
                    if CODE_TOKEN_RE.fullmatch(token):      # "b12" names vitamin B12 deficiency
                        inside.setdefault(token, set()).add(k)
                    for a in range(len(token) - INSIDE_WORD + 1):
                        for b in range(a + INSIDE_WORD, len(token) + 1):
                            if t == 0 or token[a:b] != token:
                                inside.setdefault(token[a:b], set()).add(k)
            self._inside = inside
        named = set(self.all_in(question, any_case=True))
        english = english_counts()
        for w in re.findall(rf"[a-z]{{{INSIDE_WORD},}}|\b[a-z]+\d[a-z\d]*\b", question.lower()):
            # "thyroid" names a condition's part; "syndrome", "treatments" name none.
            if english.get(w, 0) < INSIDE_WORD_MAX_COUNT and not CONDITION_WORD_RE.fullmatch(w):
                named |= self._inside.get(w, set())
        return named

    def ruled_out(self, question: str) -> bool:
        """The question names a condition to ask what else it could be (ELSE_RE, or a condition
        right after "other than", "rather than", "besides"…)."""
        return bool(ELSE_RE.search(question)) or any(self.all_in(m.group(2), any_case=True)
                                                     for m in OTHER_THAN_RE.finditer(question))
