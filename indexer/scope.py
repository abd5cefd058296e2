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
from functools import lru_cache

from .lexical import STOPWORDS, terms
from .vocabulary import english_counts

NAME_TOKEN_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’]|-(?=[^\W\d_]))*")
# A code of letters and digits: a gene, a trial drug, a vitamin ("C9orf72", "AMX0035", "SOD1",
# "B12"); not a number with its unit ("10mg", "2nd": those begin with a digit).
CODE_RE = re.compile(r"(?<![\w-])[A-Za-z]+\d[A-Za-z\d]*(?:-[A-Za-z\d]+)*(?![\w-])")
# A word unknown to the dictionary is a slip of an English word when one edit away from a word
# at least this common ("wich" → "which"), not a name.
COMMON_ENGLISH = 100_000
MIN_NAME_LENGTH = 5
EVERYDAY_WORD = 100_000_000         # English count above which a one-word alias is not a name
# A capitalised word this common in English is an ordinary word ("Mum", "Doctor"), not a name;
# one alone (not possessive, hyphenated, all capitals or beside another capitalised word) is a
# name only below RARE_CAPITALISED ("Insomnia", "Steroids", "Heritable" are above it).
COMMON_CAPITALISED = 20_000_000
RARE_CAPITALISED = 100_000
SENTENCE_START_RE = re.compile(r"(^|[.?!:;\n]\s*|[\"“(]\s*)$")
ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _one_edit(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
            | {a + c + b for a, b in splits for c in ALPHABET})


@lru_cache(maxsize=4096)
def slips_of(word: str) -> tuple[str, ...]:
    """The common English words one edit away from `word` ("efect" → "effect", "affect"),
    remembered: the hinge asks it of a word two or three times per question."""
    english = english_counts()
    return tuple(w for w in _one_edit(word) if english.get(w, 0) >= COMMON_ENGLISH)


def is_slip(word: str) -> bool:
    """One edit away from a common English word ("wich" → "which", "efect" → "effect")."""
    return bool(slips_of(word))


def _is_name(word: str) -> bool:
    """Unknown to English and not a slip of a common English word: a drug, brand or person."""
    if len(word) < MIN_NAME_LENGTH or not word.isascii() or word in english_counts():
        return False
    return not is_slip(word)


def bare(word: str) -> str:
    """"Parkinson's" → "parkinson": the word to look up."""
    return re.sub(r"['’]s$", "", word.lower())


def names(question: str) -> list[str]:
    """The question's names (see module doc), as typed, in order, once each. A hyphenated name
    is one name ("Guillain-Barré", "Charcot-Marie-Tooth")."""
    english = english_counts()
    out, seen = [], set()
    matches = list(NAME_TOKEN_RE.finditer(question))
    for k, match in enumerate(matches):
        typed = re.sub(r"['’]$", "", match.group(0))          # "Parkinson's" as typed
        word = bare(typed)
        if word in seen or len(word) < MIN_NAME_LENGTH - 1 or re.fullmatch(r"[A-Z]{1,4}s?", typed):
            continue        # short acronyms ("DMTs", "NCS") often stand for terms the sources spell out
        seen.add(word)
        parts = [bare(p) for p in re.split(r"-", typed) if p]
        if any(_is_name(p) for p in parts if p.isascii()) or _proper_noun(question, matches, k, english):
            previous = matches[k - 1] if k else None
            if (previous is not None and previous.group(0)[0].isupper() and match.start() - previous.end() <= 1
                    and not re.fullmatch(r"[A-Z]{1,5}s?", previous.group(0))
                    and english.get(previous.group(0).lower(), 0) < EVERYDAY_WORD):
                typed = f"{previous.group(0)} {typed}"          # "Stephen Hawking", "West Nile"
            out.append(typed)
    for match in CODE_RE.finditer(question):
        if match.group(0).lower() not in seen:
            seen.add(match.group(0).lower())
            out.append(match.group(0))
    return out


def _proper_noun(question: str, matches, k: int, english) -> bool:
    """A capitalised word inside a sentence that reads as a name, not a capitalised ordinary
    word ("Is ALS Deadly?", "Do Steroids help?"): it is possessive ("Parkinson's", "Graves'"),
    hyphenated ("Guillain-Barré"), all capitals ("COVID"), next to another capitalised word
    ("Stephen Hawking"), or rare in English."""
    match = matches[k]
    typed = match.group(0)
    if not typed[0].isupper() or SENTENCE_START_RE.search(question[:match.start()]):
        return False
    word = bare(typed.rstrip("'’"))
    if english.get(word, 0) >= COMMON_CAPITALISED:
        return False
    # A capitalised neighbour counts unless it is an everyday word opening the sentence ("Can
    # Insomnia…", "Do Steroids…"; not "Stephen Hawking").
    neighbours = [matches[j].group(0) for j in (k - 1, k + 1) if 0 <= j < len(matches)
                  and (matches[j].start() - match.end() if j > k else match.start() - matches[j].end()) <= 2
                  and (english.get(matches[j].group(0).lower(), 0) < EVERYDAY_WORD
                       or not SENTENCE_START_RE.search(question[:matches[j].start()]))]
    return (bool(re.search(r"['’]s?$", typed)) or "-" in typed or typed.isupper()
            or any(n[0].isupper() and not re.fullmatch(r"[A-Z]{1,5}s?", n) for n in neighbours)
            or english.get(word, 0) < RARE_CAPITALISED)


def corpus_uses(word: str, *, corpus_counts: dict[str, int], document_frequency, lay_terms) -> bool:
    """The corpus uses `word` (lower case) in some inflection, or the glossary knows it: the one
    test of "the sources have this word" for names here and for hinge words (hinge.py)."""
    return word in corpus_counts or word in lay_terms or any(document_frequency(t) > 0 for t in terms(word))


def uses_word(index, word: str) -> bool:
    """`corpus_uses` with `index`'s own word counts, term frequencies and glossary."""
    return corpus_uses(word, corpus_counts=index.vocabulary.counts, document_frequency=index.lexical.document_frequency,
                       lay_terms=index.glossary_terms)


def unmentioned(question: str, *, corpus_counts: dict[str, int], document_frequency, lay_terms,
                near_corpus_word=lambda word: False) -> list[str]:
    """The names in `question` that the corpus never uses (in any inflection), that are not
    terms of the glossary, and that are not near a corpus word (`near_corpus_word`: a slip like
    "gerhigs", or a word beginning like one, "Tingly" for "tingling")."""
    missing = []
    for name in names(question):
        lower = bare(name.split()[-1])
        if corpus_uses(lower, corpus_counts=corpus_counts, document_frequency=document_frequency,
                       lay_terms=lay_terms):
            continue
        # A slip of a corpus word ("gerhigs") is one word; a two-word name is not a slip
        # ("Stephen Hawking", though "hawking" is two letters from "walking").
        if " " not in name and near_corpus_word(lower):
            continue
        missing.append(name)
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
    # "More common in men than in women?": a line answers only if it names one of the groups.
    compares_groups: bool = False

    def not_covered(self, about: str, question: str = "") -> str:
        match = GROUPS_RE.search(question) if self.compares_groups else None
        if match:       # "The sources here don't compare how common ALS is in men and in women."
            first, second = filter(None, match.groups())
            return f"The sources here don't compare how common {about or 'it'} is in {first} and in {second}."
        return self.reply.format(about=about or "that").replace(" for that", "").replace(" of that", "")


def _words(*alternatives: str) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b", re.I)


# In the order they are tried: the first the question asks is the one checked.
ASKS = (
    Ask("dose", _words(r"how many (mg|milligrams?|micrograms?|mcg|units|pills|tablets)", r"\d+\s?(mg|mcg)",
                       r"milligrams?", r"micrograms?", r"(?<![-\w])doses?", "dosage", "dosing",
                       r"how much [\w ]{0,30}should (i|he|she|they|you|we) take",
                       # a schedule is a dose too ("how often do you get natalizumab infusions")
                       r"how often (do|does|should|would|will|is|are) [^?]*\b(infusions?|injections?|shots?|pills?|"
                       r"tablets?|doses?|taken|given)"),
        _words(r"\d+\s?(mg|milligrams?)", r"(?<![-\w])doses?", "dosage", "dosing",
               r"every (\d+|other|few) (days?|weeks?|months?)",
               r"(once|twice|\d+ times) (a|per|every) (day|week|month)"),
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
    Ask("recovery", re.compile(r"\bhow long (is|does|will|would) [^?]*\brecover(y|ing)?\b", re.I),
        _words(r"minutes?", r"hours?", r"days?", r"weeks?", r"months?", r"years?"),
        "The sources here don't say how long recovery from {about} takes."),
    # (Only "how long" is the ask's own words: what takes long is what it is about.)
    Ask("duration", re.compile(r"\bhow long(?= (does|do|will|would|is|are)\b[^?]*\b(take|last|lasts|go on)\b)|"
                               r"\brecovery time\b|\bhow long to recover\b", re.I),
        _words(r"minutes?", r"hours?", r"days?", r"weeks?", r"months?", r"years?", r"decades?"),
        "The sources here don't say how long {about} takes or lasts."),
    # A number asked for needs a number: "rare" does not say what percentage or how many.
    Ask("figure", _words(r"what percent(age)?", r"percentages?", r"percent chance", r"what (proportion|fraction|share)",
                         r"how many (new )?([\w'-]+ ){0,2}?"
                         r"(people|persons|patients|cases|men|women|children|americans)"),
        # A count or a share, not any number ("between ages 40 and 70" is not one); or that the
        # count is not known ("a rare condition, although its prevalence is unknown").
        re.compile(r"(\d[\d,.]*\s*(%|percent|per cent|in \d|out of|of (all|every)|cases|people|patients|persons|"
                   r"americans|men|women|per\b|each year|a year)|\bpercent|\bhalf\b|\bone in\b|\ba third\b|"
                   r"\ba quarter\b|\bmillions?\b|\bthousands?\b|"
                   r"\b(prevalence|incidence|number of affected \w+)( \w+){0,3} (is|are|remains?) unknown)", re.I),
        "The sources here don't give that figure for {about}."),
    Ask("frequency", _words("how common", "how rare", "incidence", "prevalence",
                            r"(more|less) (common|frequent)", r"(more|less) likely than"),
        # A figure, or a plain "is rare/uncommon/common", "more/less common": not any "common"
        # ("A common MS scenario", "FAQ: Quick Answers to Common Questions").
        re.compile(r"(\d|%|\bpercent|\bincidence|\bprevalen|\brare\b|\buncommon\b|"
                   r"\b(is|are) (very |relatively |quite )?common\b|\b(more|less) common\b|"
                   r"\baffects (about|around|approximately)\b)", re.I),
        "The sources here don't give figures on how common {about} is.", compares_groups=True),
    # How long people live needs a line on living or dying, not one that a condition is progressive.
    Ask("survival", _words("life expectancy", r"surviv\w*", r"how long (do|does|will|can|would) [^?]*\blive"),
        _words("life expectancy", r"surviv\w*", "fatal", r"liv(e|es|ing)", "lifespan", "death", r"die[sd]?",
               r"years?", r"decades?"),     # "a condition people manage over decades"
        "The sources here don't say how long people live with {about}."),
    Ask("outlook", _words("prognosis", "outlook", "fatal", "terminal", r"die (of|from)",
                          r"how long (do|does|will|can|would) [^?]*\blast"),
        _words("life expectancy", r"surviv\w*", "prognosis", "outlook", "fatal", r"years?", r"months?",
               r"liv(e|es|ing)", "death", r"die[sd]?", "progressive", r"progress\w*", "disability",
               r"stable", r"stabili\w*"),
        "The sources here don't give the outlook for {about}."),
    Ask("treatment", _words(r"treat(s|ed|ment|ments|able|ing)?", r"cur(e|es|ed|able)", r"therap(y|ies)",
                            r"medications?", r"medicines?", r"drugs?",
                            # as a treatment, not a cause or a risk ("Did my back surgery cause…")
                            r"(surger(y|ies)|antibiotics?)\s+(for|to|would|will|do|does)",
                            r"(what|which) (kinds? of |sorts? of )?(surger(y|ies)|antibiotics?)"),
        _words(r"treat\w*", r"cur(e|es|ed|able)", r"therap\w*", r"medications?", r"medicines?", r"drugs?",
               r"antibiotics?",
               r"supplement\w*", r"inhibitors?", r"\w*steroids?", "surgery", "surgical", r"manag\w*",
               r"relie\w*", r"improv\w*", r"revers\w*", "riluzole", "edaravone", r"rehabilitation", r"physical therapy",
               r"slow(s|ing)? (the )?(progression|disease)"),
        "The sources here don't say how {about} is treated."),
)


GROUPS_RE = re.compile(
    r"\b(?:more|less) (?:common|likely|frequent)(?: in| among)? ([a-z][\w '-]*?) (?:than|or|compared (?:to|with))"
    r" (?:in |among )?([a-z][\w '-]*?)(?=[?.,;!]|$| to\b| than\b)"
    r"|\b([a-z]+) (?:are |is )?more likely than ([a-z]+)", re.I)
# The words of a group that say which group ("certain ethnic groups" → "ethnic").
GROUP_FILLER = frozenset("certain some other others people persons group groups those these ones in among".split())
GROUP_KIN = {"men": ("men", "man", "male", "males"), "women": ("women", "woman", "female", "females"),
             "boys": ("boys", "male", "males"), "girls": ("girls", "female", "females")}


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
                out.append(_words(*GROUP_KIN.get(word, (re.escape(word),))))
    return out


def ask_of(question: str) -> Ask | None:
    return next((ask for ask in ASKS if ask.asked.search(question)), None)


def not_mentioned_sentence(words: list[str]) -> str:
    named = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    return f"The sources here don't mention {named}."
