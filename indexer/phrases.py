"""Names of two or more words that the sources never use together: questions where every word
is in the corpus but the thing named is not.

scope.unmentioned checks a name word by word, which is right for "Radicava" or "Stephen
Hawking", and blind to "Darier disease" once the typo corrector has made it the corpus's
"darker disease", or to "Optic atrophy 2" in a corpus with only type 1. Such a question is
answered from whatever page shares its words, though no page is about what it names. Two kinds
of name are checked as whole phrases:

- a named condition: a capitalised "<one or two words> disease/syndrome/…" (conditions.py's
  CONDITION_PHRASE_RE: "Darier disease", "Proud syndrome");
- a name of two words (scope.names: "Macrocephaly mesodermal", "West Nile").

Only names with a word the sources never use as typed, or with a subtype, are checked whole
(see unknown_phrases): "Thyroid Disease" in the middle of a question is answered from the
sources' "thyroid disorders". One more kind is checked however common its words: the name a
question ends on, capitalised, from a preposition to its end ("What are the symptoms of Gastric
lymphoma?", "Do you have information about Cosmetic Dentistry"): a name of a few words, no
stopword or abbreviation in it, in a question not typed in title case, looked up without the
words at its edges that name nothing in particular ("Too Much Caffeine": `trailing_name`).
MedQuAD dev negatives "not covered" 0.267 → 0.533, its answerable questions and the ALS dev
halves' answers unchanged. And one more in any case: a name spelled out with its acronym
("spinal muscular atrophy (SMA)", "MMN (multifocal motor neuropathy)"), not covered when the
sources have neither the phrase nor the acronym (`defined_acronyms`).

A named condition keeps the number that follows it ("Optic atrophy 2", "Usher syndrome type
3"): a page on type 1 does not answer for type 2.

A phrase is used when its words, stemmed and without stopwords, stand side by side in some
chunk: "Kennedy's disease" is found as "Kennedy disease", "motor neuron disease" as "motor
neurone disease"; numbers and single letters count ("type 1A"). A phrase the typo corrector
changed counts as used if either spelling is ("Kenedy's disease" is "Kennedy's disease"); the
reply names it as typed.
"""

from __future__ import annotations

import re

from .conditions import CONDITION_PHRASE_RE
from .lexical import STOPWORDS, phrase_words
from .scope import EVERYDAY_WORD, SENTENCE_START_RE, names
from .vocabulary import english_counts

ACRONYM_LENGTH = 3         # "Als", "MND": a word this short in a name is an abbreviation
# "… syndrome 2", "… disease type 1A" (not "… disease 10 years ago": a number then a word).
SUBTYPE_RE = re.compile(r"\s+(type\s+\d{1,2}[A-Za-z]?\b|\d{1,2}[A-Za-z]?(?![\w.-]|\s+[a-z]))", re.I)

def named_part(question: str, start: int, end: int) -> str:
    """The part of `question[start:end]` that names something: from its first capitalised word
    that does not open a sentence and is not a stopword ("What causes Proud syndrome" → "Proud
    syndrome"; "Can Graves' disease…" → "Graves' disease"); "" when none comes before its last
    word (a condition named in lower case, "thyroid disease", is a term, not a name)."""
    found = list(re.finditer(r"\S+", question[start:end]))
    for word in found[:-1]:
        text = word.group(0)
        if (text[0].isupper() and text.lower().strip("'’") not in STOPWORDS
                and not SENTENCE_START_RE.search(question[:start + word.start()])):
            return question[start + word.start():end]
    return ""


# The name a question ends on, after a preposition, 2–6 words running to the question's end:
# "What are the symptoms of Gastric lymphoma ?", "Do you have information about Cosmetic
# Dentistry" (capitalised: a name typed).
TRAILING_NAME_RE = re.compile(r"\b(?:of|for|about|on|with|by|to|from)\s+(?:the\s+|a\s+|an\s+)?"
                              r"([A-Z][\w'’-]*(?:,?\s+[\w'’()-]+){1,5})\s*[?.!]?\s*$")
# A question with this share of its content words capitalised is typed in title case: a
# capital then says nothing ("Does Stress Cause Twitching?").
TITLE_CASE_SHARE = 0.6
# Words that name no particular thing, left out of the phrase looked up ("Thyroid Disease" is
# the sources' "thyroid disorders"), with everyday English words ("Too Much Caffeine").
GENERIC_HEADS = frozenset("disease diseases disorder disorders condition conditions illness illnesses "
                          "problem problems issue issues".split())


def trailing_name(question: str) -> tuple[str, str]:
    """The capitalised name a question ends on, and the part of it looked up: the name without
    the words at its edges that name nothing in particular (generic heads, everyday English), if
    two or more words are left. ("", "") when there is none, or the question is typed in title
    case (most content words before the name capitalised). Not a clause ("Lou Gehrig's sounds
    like that": a stopword), nor a name with an abbreviation ("Bulbar Onset ALS", "Als
    Patients": the sources may spell it out or use another form)."""
    m = TRAILING_NAME_RE.search(question)
    if not m:
        return "", ""
    name = m.group(1)
    words = re.findall(r"[\w'’()-]+", name)
    if any(w.lower().strip("()") in STOPWORDS or w.strip("()").isupper()
           or (w.isalpha() and len(w) <= ACRONYM_LENGTH) for w in words):
        return "", ""
    before = [w for w in re.findall(r"[A-Za-z][\w'’-]*", question[:m.start(1)])[1:] if w.lower() not in STOPWORDS]
    if before and sum(w[0].isupper() for w in before) >= TITLE_CASE_SHARE * len(before):
        return "", ""

    def names_something(word: str) -> bool:
        lower = word.lower().strip("()")
        return lower not in GENERIC_HEADS and english_counts().get(lower, 0) < EVERYDAY_WORD
    # Only from its edges: "Too Much Caffeine" is "Caffeine", "Ovarian small cell carcinoma" whole.
    while words and not names_something(words[0]):
        words = words[1:]
    while words and not names_something(words[-1]):
        words = words[:-1]
    return (name, " ".join(words)) if len(words) >= 2 else ("", "")


def _as_corrected(phrase: str, corrections) -> str:
    for wrong, right in corrections:
        phrase = re.sub(rf"\b{re.escape(wrong)}\b", right, phrase)
    return phrase


def unknown_phrases(question: str, corrections, has_phrase, uses_word, misspelt=lambda word: False) -> list[str]:
    """The named conditions and two-word names in `question` (as typed) that the corpus never
    uses as a phrase, in either spelling (`corrections`: the typo corrector's (typed, corpus
    word) pairs); `has_phrase(phrase) -> bool` looks one up, `uses_word(word) -> bool` one word;
    `misspelt(word) -> bool`: a slip of a corpus word ("gherigs"), for names typed in lower case.

    Only a name with a word the corpus never uses as typed, or with a subtype, is checked: one
    made of words the sources all use may be said there in other words ("Thyroid Disease" is
    their "thyroid disorders"; "Bulbar Onset ALS" their "bulbar symptoms"), and the verdict
    must not depend on a question typed in title case. The exception is the name a question
    ends on (`trailing_name`), checked by the words of it that name something ("Gastric
    lymphoma"; not "Thyroid Disease", "Too Much Caffeine"). A phrase inside a longer one found
    is not listed again ("Spinal Muscular" in "Spinal Muscular Atrophy")."""
    found = []
    for m in CONDITION_PHRASE_RE.finditer(question):
        named = (named_part(question, m.start(1), m.end(1))
                 or _lower_case_name(question, m, lambda w: uses_word(w) or misspelt(w)))
        subtype = SUBTYPE_RE.match(question, m.end())
        if named and (subtype or not all(uses_word(w) for w in phrase_words(named))):
            found.append(named + (subtype.group(0) if subtype else ""))
    found += [name for name in names(question)
              if " " in name and not all(uses_word(w) for w in phrase_words(name))]
    found = [p for p in dict.fromkeys(found) if not any(p != q and p in q for q in found)]

    def used(phrase: str) -> bool:
        corrected = _as_corrected(phrase, corrections)
        return has_phrase(phrase) or (corrected != phrase and has_phrase(corrected))
    missing = [phrase for phrase in found if not used(phrase)]
    tail, core = trailing_name(question)
    if core and not any(tail in p or p in tail for p in found) and not used(core):
        missing.append(tail)
    missing += [shown for phrase, acronym, shown in defined_acronyms(question)
                if not used(phrase) and not uses_word(acronym.lower()) and shown not in missing]
    return missing


def _lower_case_name(question: str, m: re.Match, uses_word) -> str:
    """A condition typed in lower case whose word right before "disease"/"syndrome"… is one the
    sources never use and no English word ("parkinsons disease", "huntingtons disease"): a name,
    however typed; "thyroid disease" and "kidney disease" stay terms. "" otherwise."""
    last = list(re.finditer(r"\S+", question[m.start(1):m.start(2)]))[-1:]
    word = last[0].group(0).strip("'’").lower() if last else ""
    if not word.isalpha() or word in STOPWORDS or word in english_counts() or uses_word(word):
        return ""
    return question[m.start(1) + last[0].start():m.end(1)]


# "spinal muscular atrophy (SMA)", "MMN (multifocal motor neuropathy)": a name the question
# spells out with its acronym is a thing named, whatever case it is typed in.
ACRONYM_AFTER_RE = re.compile(r"\(([A-Z]{2,6})\)")
ACRONYM_REACH = 120      # characters before "(SMA)" read for its words
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
ACRONYM_BEFORE_RE = re.compile(r"\b([A-Z]{2,6})\s*\(([^()]{3,80})\)")


def defined_acronyms(question: str) -> list[tuple[str, str, str]]:
    """(phrase, acronym, as typed) for each acronym the question defines, its letters the
    initials of the phrase's last words ("spinal muscular atrophy (SMA)")."""
    out = []
    for m in ACRONYM_AFTER_RE.finditer(question):
        acronym, reach = m.group(1), max(0, m.start() - ACRONYM_REACH)
        before = question[reach:m.start()].rstrip()
        words = list(WORD_RE.finditer(before))[-len(acronym):]
        if words and words[-1].end() == len(before) and _initials(words) == acronym:
            start = reach + words[0].start()
            out.append((question[start:reach + len(before)], acronym, question[start:m.end()]))
    for m in ACRONYM_BEFORE_RE.finditer(question):
        acronym, phrase = m.group(1), m.group(2).strip()
        if _initials(list(WORD_RE.finditer(phrase))) == acronym:
            out.append((phrase, acronym, m.group(0)))
    return out


def _initials(words: list[re.Match]) -> str:
    """The words' initials, upper case; "" when one is a stopword ("my dad (MD)" defines nothing)."""
    if any(w.group(0).lower() in STOPWORDS for w in words):
        return ""
    return "".join(w.group(0)[0] for w in words).upper()
