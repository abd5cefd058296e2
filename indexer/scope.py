"""What a question names that the sources never use, so the answer can say so plainly (the
other sign of "not covered", an ask that needs a kind of statement, is asks.py).

"How much does Radicava cost?", "Is ALS like Guillain-Barré?", "Can statins cause weakness?",
"Is it like Parkinson's?": when a question names a drug, a disease, a person or a programme that
appears nowhere in the corpus, no passage can answer it, however close the rest of the question
is. A name is a word no English dictionary knows that is not a one-letter slip of a common
English word ("Nuedexta", "statins"; not "wich"), or a capitalised word inside a sentence that
is not a common English word ("Parkinson's", "Medicare"); not an acronym ("DMTs", "NCS": the
sources may spell them out). Ordinary words never count, even medical-sounding ones: "tingly",
"overactive thyroid" and "little needles" are lay words for things the sources do describe in
their own terms ("tingling", "hyperthyroidism", EMG). The reply names what was asked ("The
sources here don't mention Radicava.").
"""

from __future__ import annotations

import re

from .lexical import STOPWORDS, corpus_has_phrase, terms
from .vocabulary import english_counts, far_slip, slips_of

NAME_TOKEN_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’]|-(?=[^\W\d_]))*")
# A code of letters and digits: a gene, a trial drug, a vitamin ("C9orf72", "AMX0035", "SOD1",
# "B12"); not a number with its unit ("10mg", "2nd": those begin with a digit).
CODE_RE = re.compile(r"(?<![\w-])[A-Za-z]+\d[A-Za-z\d]*(?:-[A-Za-z\d]+)*(?![\w-])")
MIN_NAME_LENGTH = 5
IRREGULAR_NOT = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}     # "can't" is "can", not "ca"
MIN_PART = 3                # letters of each word a closed-up pair is read as ("postpolio": "post" + "polio")
EVERYDAY_WORD = 100_000_000         # English count above which a one-word alias is not a name
# A capitalised word this common in English is an ordinary word ("Mum", "Doctor"), not a name;
# one alone (not possessive, hyphenated, all capitals or beside another capitalised word) is a
# name only below RARE_CAPITALISED ("Insomnia", "Steroids", "Heritable" are above it).
COMMON_CAPITALISED = 20_000_000
RARE_CAPITALISED = 100_000
SENTENCE_START_RE = re.compile(r"(^|[.?!:;\n]\s*|[\"“(]\s*)$")


def is_slip(word: str) -> bool:
    """One edit away from a common English word ("wich" → "which", "efect" → "effect"), or two
    from a very common one ("nessesary")."""
    return bool(slips_of(word)) or far_slip(word)


def _is_name(word: str) -> bool:
    """Unknown to English and not a slip of a common English word: a drug, brand or person."""
    if len(word) < MIN_NAME_LENGTH or not word.isascii() or word in english_counts():
        return False
    return not is_slip(word)


def bare(word: str) -> str:
    """"Parkinson's" → "parkinson", "I've" → "i", "What's" → "what": the word to look up (a
    contraction is its word: "What's tofersen" is not a two-word name, nor "Mostly I've")."""
    lower = re.sub(r"^(ca|wo|sha|ai)n['’]t$", lambda m: IRREGULAR_NOT[m.group(1)], word.lower())   # "can't"
    return re.sub(r"n['’]t$|['’](s|ve|re|ll|d|m)$", "", lower)


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
                    and english.get(bare(previous.group(0)), 0) < EVERYDAY_WORD):
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
    """`corpus_uses` with `index`'s own word counts, term frequencies and glossary, or `word` is
    two of the corpus's words written as one ("postpolio" for its "post-polio")."""
    return corpus_uses(word, corpus_counts=index.vocabulary.counts, document_frequency=index.lexical.document_frequency,
                       lay_terms=index.glossary_terms) or joins_corpus_words(index, word)


def joins_corpus_words(index, word: str) -> bool:
    """`word` is two words the corpus uses side by side, typed closed up ("postpolio", "bloodtest";
    the corpus's "post-polio", "blood test"): a lay spelling of what the sources name."""
    def used(part: str) -> bool:     # a word of its own, in some inflection ("neurone", "tubes")
        return part not in STOPWORDS and corpus_uses(part, corpus_counts=index.vocabulary.counts,
                                                     document_frequency=index.lexical.document_frequency, lay_terms=())
    return any(used(word[:i]) and used(word[i:]) and corpus_has_phrase(f"{word[:i]} {word[i:]}", index.lexical,
                                                                        index.chunks)
               for i in range(MIN_PART, len(word) - MIN_PART + 1))


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


def unmentioned_in(index, question: str) -> list[str]:
    """`unmentioned` with `index`'s own word counts, term frequencies, glossary, slips and closed-up
    pairs of its words."""
    return unmentioned(question, corpus_counts=index.vocabulary.counts,
                       document_frequency=index.lexical.document_frequency, lay_terms=index.glossary_terms,
                       near_corpus_word=lambda word: index.vocabulary.near(word) or joins_corpus_words(index, word))


def not_mentioned_sentence(words: list[str]) -> str:
    named = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    return f"The sources here don't mention {named}."
