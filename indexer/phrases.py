"""Names of two or more words that the sources never use together: questions where every word
is in the corpus but the thing named is not.

scope.unmentioned checks a name word by word, which is right for "Radicava" or "Stephen
Hawking", and blind to "Darier disease" in a corpus that says "disease" everywhere, or to
"Cosmetic Dentistry" in one that mentions cosmetics and dentistry apart. Such a question is
answered from whatever page shares its words, though no page is about what it names. Two kinds
of name are checked as whole phrases:

- a named condition: a capitalised "<one or two words> disease/syndrome/…" (conditions.py's
  CONDITION_PHRASE_RE: "Darier disease", "Proud syndrome");
- a name of two words (scope.names: "Cosmetic Dentistry", "West Nile").

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
from .lexical import MIN_STEM_LENGTH, STOPWORDS, _stemmer, terms, words
from .scope import names

# "Kennedy's" is "Kennedy", "don't" is "dont": an apostrophe does not split a word in two.
APOSTROPHE_RE = re.compile(r"['’](?=\w)")
# "… syndrome 2", "… disease type 1A" (not "… disease 10 years ago": a number then a word).
SUBTYPE_RE = re.compile(r"\s+(type\s+\d{1,2}[A-Za-z]?\b|\d{1,2}[A-Za-z]?(?![\w.-]|\s+[a-z]))", re.I)

# Chunks read to look for a phrase; when more hold all its words, it is taken as used (a word
# pair that common is not a name the sources lack). Reading and stemming 209 MedQuAD chunks
# ("optic" and "atrophy", looking for "Optic atrophy 2") took 13 ms.
MAX_PHRASE_CHUNKS = 300


def phrase_terms(text: str) -> list[str]:
    """`lexical.terms` with numbers and single letters kept: "Optic atrophy 2" is not "Optic
    atrophy 1"."""
    stem = _stemmer().stemWord
    return [stem(w) if len(w) >= MIN_STEM_LENGTH else w for w in words(APOSTROPHE_RE.sub("", text))
            if w not in STOPWORDS]


def corpus_has_phrase(phrase: str, lexical, chunks) -> bool:
    """Whether some chunk has `phrase`'s terms side by side, in order. `lexical`: the index's
    LexicalIndex (which chunks hold each term); `chunks`: its chunk records, read by id."""
    wanted = phrase_terms(phrase)
    if len(wanted) < 2:
        return True
    holding = None
    for term in terms(phrase):
        ids = lexical.chunks_with(term)
        holding = ids if holding is None else np.intersect1d(holding, ids, assume_unique=True)
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


def _capitalised(phrase: str) -> str:
    """The phrase from its first capitalised word ("causes Proud syndrome" → "Proud syndrome");
    "" when it has none before its last word (a condition named in lower case, "motor neuron
    disease", is a term, not a name)."""
    words = phrase.split()
    start = next((k for k, w in enumerate(words[:-1]) if w[0].isupper()), None)
    return " ".join(words[start:]) if start is not None else ""


def _as_corrected(phrase: str, corrections) -> str:
    for wrong, right in corrections:
        phrase = phrase.replace(wrong, right)
    return phrase


def unknown_phrases(question: str, corrections, has_phrase) -> list[str]:
    """The named conditions and two-word names in `question` (as typed) that the corpus never
    uses as a phrase, in either spelling (`corrections`: the typo corrector's (typed, corpus
    word) pairs); `has_phrase(phrase) -> bool` looks one up."""
    found = [named + (subtype.group(0) if (subtype := SUBTYPE_RE.match(question, m.end())) else "")
             for m in CONDITION_PHRASE_RE.finditer(question) if (named := _capitalised(m.group(1)))]
    found += [name for name in names(question) if " " in name and name not in found]
    return [phrase for phrase in dict.fromkeys(found)
            if not has_phrase(phrase) and not has_phrase(_as_corrected(phrase, corrections))]
