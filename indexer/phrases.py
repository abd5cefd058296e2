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
question ends on, capitalised, after its last preposition ("What are the symptoms of Gastric
lymphoma?", "Do you have information about Cosmetic Dentistry"): a name of a few words, none a
stopword, not opened by an acronym, in a question not typed in title case (`trailing_name`).
MedQuAD dev negatives "not covered" 0.267 → 0.533, its answerable questions and the ALS dev
halves' answers unchanged.

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

import numpy as np

from .conditions import CONDITION_PHRASE_RE
from .lexical import STOPWORDS, phrase_terms, phrase_words, terms
from .scope import SENTENCE_START_RE, names

# "… syndrome 2", "… disease type 1A" (not "… disease 10 years ago": a number then a word).
SUBTYPE_RE = re.compile(r"\s+(type\s+\d{1,2}[A-Za-z]?\b|\d{1,2}[A-Za-z]?(?![\w.-]|\s+[a-z]))", re.I)

# Chunks read to look for a phrase; when more hold all its words, it is taken as used (a word
# pair that common is not a name the sources lack). Reading and stemming 209 MedQuAD chunks
# ("optic" and "atrophy", looking for "Optic atrophy 2") took 13 ms.
MAX_PHRASE_CHUNKS = 300


def corpus_has_phrase(phrase: str, lexical, chunks) -> bool:
    """Whether some chunk has `phrase`'s terms side by side, in order. `lexical`: the index's
    LexicalIndex (which chunks hold each term); `chunks`: its chunk records, read by id."""
    wanted = phrase_terms(phrase)
    if len(wanted) < 2:
        return True
    # The rarest term's chunks, kept where every other term's sorted column holds them too.
    columns = sorted((lexical.chunks_with(t) for t in set(terms(phrase))), key=len)
    holding = columns[0] if columns else np.zeros(0, dtype=np.int64)
    for column in columns[1:]:
        if not len(holding):
            break
        at = np.minimum(np.searchsorted(column, holding), max(len(column) - 1, 0))
        holding = holding[column[at] == holding] if len(column) else holding[:0]
    if not len(holding):
        return False
    if len(holding) > MAX_PHRASE_CHUNKS:
        return True
    n = len(wanted)
    for chunk_id in holding:
        found = phrase_terms(chunks[int(chunk_id)].text)
        if any(found[i:i + n] == wanted for i in range(len(found) - n + 1)):
            return True
    return False


def _named_from(question: str, start: int, end: int) -> str:
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


# The name a question ends on, after its last preposition, 2–6 words: "What are the symptoms
# of Gastric lymphoma ?", "Do you have information about Cosmetic Dentistry" (capitalised: a
# name typed).
TRAILING_NAME_RE = re.compile(r"\b(?:of|for|about|on|with|by|to|from)\s+(?:the\s+|a\s+|an\s+)?"
                              r"([A-Z][\w'’-]*(?:,?\s+[\w'’()-]+){1,5})\s*[?.!]?\s*$")
# A question with this share of its content words capitalised is typed in title case: a
# capital then says nothing ("Does Stress Cause Twitching?").
TITLE_CASE_SHARE = 0.6


def trailing_name(question: str) -> str:
    """The capitalised name of two or more words a question ends on, or ""; none in a question
    typed in title case (most content words before the name capitalised)."""
    m = TRAILING_NAME_RE.search(question)
    if not m:
        return ""
    name = m.group(1)
    words = re.findall(r"[\w'’()-]+", name)
    # A name, not a clause: no stopword ("Lou Gehrig's sounds like that"), not opened by an
    # acronym ("ALS clinic care team", "MS drugs are given as infusions").
    if words[0].isupper() or any(w.lower().strip("()") in STOPWORDS for w in words):
        return ""
    before = [w for w in re.findall(r"[A-Za-z][\w'’-]*", question[:m.start(1)])[1:] if w.lower() not in STOPWORDS]
    if before and sum(w[0].isupper() for w in before) >= TITLE_CASE_SHARE * len(before):
        return ""
    return name


def _as_corrected(phrase: str, corrections) -> str:
    for wrong, right in corrections:
        phrase = re.sub(rf"\b{re.escape(wrong)}\b", right, phrase)
    return phrase


def unknown_phrases(question: str, corrections, has_phrase, uses_word) -> list[str]:
    """The named conditions and two-word names in `question` (as typed) that the corpus never
    uses as a phrase, in either spelling (`corrections`: the typo corrector's (typed, corpus
    word) pairs); `has_phrase(phrase) -> bool` looks one up, `uses_word(word) -> bool` one word.

    Only a name with a word the corpus never uses as typed, or with a subtype, is checked: one
    made of words the sources all use may be said there in other words ("Thyroid Disease" is
    their "thyroid disorders"; "Bulbar Onset ALS" their "bulbar symptoms"), and the verdict
    must not depend on a question typed in title case. A phrase inside a longer one found is
    not listed again ("Spinal Muscular" in "Spinal Muscular Atrophy")."""
    found = []
    for m in CONDITION_PHRASE_RE.finditer(question):
        named = _named_from(question, m.start(1), m.end(1))
        subtype = SUBTYPE_RE.match(question, m.end())
        if named and (subtype or not all(uses_word(w) for w in phrase_words(named))):
            found.append(named + (subtype.group(0) if subtype else ""))
    if (tail := trailing_name(question)) and len(phrase_words(tail)) >= 2:
        found.append(tail)
    found += [name for name in names(question)
              if " " in name and not all(uses_word(w) for w in phrase_words(name))]
    found = [p for p in dict.fromkeys(found) if not any(p != q and p in q for q in found)]

    def used(phrase: str) -> bool:
        corrected = _as_corrected(phrase, corrections)
        return has_phrase(phrase) or (corrected != phrase and has_phrase(corrected))
    return [phrase for phrase in found if not used(phrase)]
