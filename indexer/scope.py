"""What a question asks that the sources may not cover, so the answer can say so plainly.

Two signs, both general (no list of this corpus's topics):
1. **A name the sources never use.** "How much does Radicava cost?", "Is ALS like
   Guillain-Barré?", "Can statins cause weakness?", "Is it like Parkinson's?": when a question
   names a drug, a disease, a person or a programme that appears nowhere in the corpus, no
   passage can answer it, however close the rest of the question is. A name is a word no
   English dictionary knows that is not a one-letter slip of a common English word
   ("Nuedexta", "statins"; not "wich"), or a capitalised word inside a sentence that is not a
   common English word ("Parkinson's", "Medicare"); not an acronym ("DMTs", "NCS": the sources
   may spell them out). Ordinary words never count, even
   medical-sounding ones: "tingly", "overactive thyroid" and "little needles" are lay words
   for things the sources do describe in their own terms ("tingling", "hyperthyroidism", EMG).
2. **An ask that needs a kind of statement.** A dose needs a dose, a cost needs a cost, "is it
   contagious" needs a statement about contagion. When none of the chosen lines carries one,
   the sources do not answer it, however well the lines match the condition.

Either way the reply names what was asked ("The sources here don't mention Radicava.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexical import terms
from .quotes import item_sentences, leans_on
from .understanding import term_key
from .vocabulary import english_counts

WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’])*")
# A word unknown to the dictionary is a slip of an English word when one edit away from a word
# at least this common ("wich" → "which"), not a name.
COMMON_ENGLISH = 100_000
MIN_NAME_LENGTH = 5
MAX_CACHED_SENTENCES = 200_000      # what sentences are about, kept per index (bounded)
EVERYDAY_WORD = 100_000_000         # English count above which a one-word alias is not a name
INSIDE_WORD = 6                     # "thyroid" inside "hyperthyroidism"; shorter pieces are noise
INSIDE_WORD_MAX_COUNT = 5_000_000   # and only a word rarer than this in English
TERM_WORD_RE = re.compile(r"[a-z0-9']+")
# A capitalised word this common in English is an ordinary word ("Mum", "Doctor"), not a name.
COMMON_CAPITALISED = 20_000_000
SENTENCE_START_RE = re.compile(r"(^|[.?!:;\n]\s*|[\"“(]\s*)$")
ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _one_edit(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
            | {a + c + b for a, b in splits for c in ALPHABET})


def _is_name(word: str) -> bool:
    """Unknown to English and not a slip of a common English word: a drug, brand or person."""
    english = english_counts()
    if len(word) < MIN_NAME_LENGTH or not word.isascii() or word in english:
        return False
    return not any(english.get(w, 0) >= COMMON_ENGLISH for w in _one_edit(word))


def bare(word: str) -> str:
    """"Parkinson's" → "parkinson": the word to look up."""
    return re.sub(r"['’]s$", "", word.lower())


def names(question: str) -> list[str]:
    """The question's names (see module doc), as typed, in order, once each."""
    english = english_counts()
    out, seen = [], set()
    for match in WORD_RE.finditer(question):
        typed = re.sub(r"['’]$", "", match.group(0))          # "Parkinson's" as typed
        word = bare(typed)
        if word in seen or len(word) < MIN_NAME_LENGTH - 1 or re.fullmatch(r"[A-Z]{1,4}s?", typed):
            continue        # short acronyms ("DMTs", "NCS") often stand for terms the sources spell out
        seen.add(word)
        capitalised = (typed[0].isupper() and english.get(word, 0) < COMMON_CAPITALISED
                       and not SENTENCE_START_RE.search(question[:match.start()]))
        if capitalised or _is_name(word):
            out.append(typed)
    return out


def unmentioned(question: str, *, corpus_counts: dict[str, int], document_frequency, lay_terms,
                near_corpus_word=lambda word: False) -> list[str]:
    """The names in `question` that the corpus never uses (in any inflection), that are not
    terms of the glossary, and that are not a slip of a corpus word ("gerhigs" for "Gehrig's")."""
    missing = []
    for word in names(question):
        lower = bare(word)
        if lower in corpus_counts or lower in lay_terms or near_corpus_word(lower):
            continue
        if any(document_frequency(t) > 0 for t in terms(lower)):
            continue
        missing.append(word)
    return missing


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

    def not_covered(self, about: str) -> str:
        return self.reply.format(about=about or "that").replace(" for that", "").replace(" of that", "")


def _words(*alternatives: str) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b", re.I)


# In the order they are tried: the first the question asks is the one checked.
ASKS = (
    Ask("dose", _words(r"how many (mg|milligrams?)", r"\d+\s?mg", r"milligrams?", r"doses?", "dosage", "dosing"),
        _words(r"\d+\s?(mg|milligrams?)", r"doses?", "dosage", "dosing"),
        "The sources here don't give doses.", about_named=False),
    Ask("cost", _words(r"costs?", "price", r"pa(y|id) for", "afford", r"insur\w*", "medicare", "medicaid",
                       "expensive", "cheap"),
        re.compile(r"(\bcosts?\b|\bprice|\binsur|\bafford|\bexpensive|\$\s?\d)", re.I),
        "The sources here don't cover costs or insurance.", about_named=False),
    Ask("contagion", _words("contagious", "infectious", r"catch (it|als|this|that)", "caught from",
                            "spread from person"),
        _words("contagious", "infectious", r"transmit\w*", "catch"),
        "The sources here don't say whether {about} is contagious."),
    Ask("side effects", _words(r"side[- ]effects?", r"adverse (effects?|reactions?)"),
        _words(r"side[- ]effects?", "adverse"),
        "The sources here don't describe the side effects of {about}."),
    Ask("duration", re.compile(r"\bhow long (does|do|will|would|is|are)\b[^?]*\b(take|last|lasts|go on)\b|"
                               r"\brecovery time\b|\bhow long to recover\b", re.I),
        _words(r"minutes?", r"hours?", r"days?", r"weeks?", r"months?", r"years?", r"decades?"),
        "The sources here don't say how long {about} takes or lasts."),
    Ask("frequency", _words("how common", "how rare", r"how many (people|persons|cases|men|women|children|americans)",
                            "percentage", r"what percent", "incidence", "prevalence"),
        re.compile(r"(\d|%|\bpercent|\bcommon|\brare|\bincidence|\bprevalen)", re.I),
        "The sources here don't give figures on how common {about} is."),
    Ask("outlook", _words("life expectancy", r"surviv\w*", "prognosis", "outlook", "fatal", "terminal",
                          r"die (of|from)", r"how long (do|does|will|can|would) [^?]*\b(live|last)"),
        _words("life expectancy", r"surviv\w*", "prognosis", "outlook", "fatal", r"years?", r"months?",
               r"liv(e|es|ing)", "death", r"die[sd]?", "progressive", r"progress\w*", "disability"),
        "The sources here don't give the outlook for {about}."),
    Ask("treatment", _words(r"treat(s|ed|ment|ments|able|ing)?", r"cur(e|es|ed|able)", r"therap(y|ies)",
                            r"medications?", r"medicines?", r"drugs?"),
        _words(r"treat\w*", r"cur(e|es|ed|able)", r"therap\w*", r"medications?", r"medicines?", r"drugs?",
               r"supplement\w*", r"inhibitors?", r"\w*steroids?", "surgery", "surgical", r"manag\w*",
               r"relie\w*", r"improv\w*", r"revers\w*", "riluzole", "edaravone", r"rehabilitation", r"physical therapy",
               r"slow(s|ing)? (the )?(progression|disease)"),
        "The sources here don't say how {about} is treated."),
)


CONDITION_WORD = (r"disease|syndrome|deficiency|disorders?|palsy|atrophy|sclerosis|dystrophy|gravis|paraplegia|"
                  r"\w+(ism|itis|osis|opathy|emia)")
NOT_A_NAME = (r"(?!(?:for|of|the|a|an|with|from|and|or|to|in|on|is|are|has|have|does|do|my|his|her|their|any|"
              r"which|what|whose|that|this|these|those|some|every|each|other|another|same|rare|common)\b)")
# "Kennedy's disease", "post-polio syndrome": a condition the question names in so many words.
CONDITION_PHRASE_RE = re.compile(r"\b((?:" + NOT_A_NAME + r"[\w'’-]+\s+){1,2}(" + CONDITION_WORD + r"))\b", re.I)
# A topic is a condition when one of its names is "<words> disease/syndrome/…" or one word
# such as "hyperthyroidism", "myelopathy" (not "atrophy" alone: a symptom).
CONDITION_WORD_RE = re.compile(CONDITION_WORD, re.I)
CONDITION_NAME_RE = re.compile(r"(\s(" + CONDITION_WORD + r")|^\w+(ism|itis|osis|opathy|emia))$", re.I)


def phrase_key(phrase: str) -> str:
    """"Kennedy's disease", "kennedys disease" and "Kennedy disease" (a typo corrected) alike."""
    return " ".join(w.rstrip("s") for w in re.sub(r"['’]", "", phrase.lower()).split())


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
UNLIKE_RE = re.compile(r"^\s*(unlike|like|as with|compared (with|to)|in contrast to)\s[^,]*,\s*", re.I)


class Conditions:
    """The conditions a corpus discusses (its topics that are conditions), to tell what a
    sentence is about: the first condition it names, or failing that, its nearest heading's.

    Names are looked up by word n-grams in one dictionary, not one regex per condition: a
    corpus of 5,000 health pages has ~700 conditions, and each answer reads ~40 sentences."""

    def __init__(self, topics):
        groups = []
        for key, _ in topics.table:
            group = topics.group_of(key)
            if is_condition(group) and group not in groups and not key.startswith("other "):
                groups.append(group)
        self.groups = groups
        self._names: dict[str, int] = {}
        for k, group in enumerate(groups):
            for name in everyday_free(group):
                key = term_key(name)
                if key and key not in self._names:
                    self._names[key] = k
        self._longest = max((len(n.split()) for n in self._names), default=0)
        self._inside: dict[str, set[int]] | None = None
        self._sentences: dict[tuple[int, int], tuple] = {}

    def all_in(self, text: str, *, any_case: bool = False) -> list:
        """The conditions `text` names, in order: a topic's index, or the key of a condition
        phrase the topics do not list ("Kennedy's disease" → "kennedys disease"; capitalised
        only, unless `any_case`)."""
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
        return [k for _, _, k in sorted(found, key=lambda f: f[0])]

    def subject(self, sentence: str, headings):
        """What a sentence is about: the first condition it names ("Unlike ALS, MS has…" is
        about MS), else its nearest heading's; None if neither names one."""
        named = self.all_in(UNLIKE_RE.sub("", sentence, count=1))
        if named:
            return named[0]
        return next((found[0] for h in reversed(list(headings)) if (found := self.all_in(h))), None)

    def of_sentence(self, chunk, sentence) -> tuple:
        """(subject, every condition named) of a sentence of the corpus, computed once: "It
        typically presents…" is about what the sentence before it is about, the second
        sentence of a list item about what the item is about."""
        key = (chunk.id, sentence.start)
        found = self._sentences.get(key)
        if found is None:
            if len(self._sentences) >= MAX_CACHED_SENTENCES:
                self._sentences.clear()
            before = leans_on(chunk, sentence)
            text = " ".join(s.text for s in ([before] if before else []) + item_sentences(chunk, sentence))
            # A table row is about its row label across the table's columns (conditions), so
            # it has no one condition as subject.
            subject = None if sentence.kind in ("row", "header") else self.subject(text, chunk.section)
            found = self._sentences[key] = (subject, frozenset(self.all_in(text)))
        return found

    def named(self, question: str) -> set:
        """What the question asks about: the conditions it names (any case), and those whose
        name contains one of its longer words ("her thyroid" → hyperthyroidism)."""
        if self._inside is None:        # every 6+-letter piece of every condition name's words
            inside: dict[str, set[int]] = {}
            for name, k in self._names.items():
                for token in name.split():
                    for a in range(len(token) - INSIDE_WORD + 1):
                        for b in range(a + INSIDE_WORD, len(token) + 1):
                            inside.setdefault(token[a:b], set()).add(k)
            self._inside = inside
        named = set(self.all_in(question, any_case=True))
        english = english_counts()
        for w in re.findall(rf"[a-z]{{{INSIDE_WORD},}}", question.lower()):
            # "thyroid" names a condition's part; "syndrome", "treatments" name none.
            if english.get(w, 0) < INSIDE_WORD_MAX_COUNT and not CONDITION_WORD_RE.fullmatch(w):
                named |= self._inside.get(w, set())
        return named


def ask_of(question: str) -> Ask | None:
    return next((ask for ask in ASKS if ask.asked.search(question)), None)


def not_mentioned_sentence(words: list[str]) -> str:
    named = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    return f"The sources here don't mention {named}."
