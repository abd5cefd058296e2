"""The word a question hinges on that the sources never use: "Can medical cannabis help ALS
cramps?", "How long will he live with a tracheostomy?", "Do concussions raise the risk?".

The sources describe cramps, survival and risk, so the passages match the question well, yet
none says a word about cannabis, tracheostomy or concussions: the honest reply is "not
covered". scope.unmentioned catches names (drugs, people, brands); this catches ordinary words.
Many ordinary words the sources never use are not what is asked, though: "my husband", "I'm
terrified", "her foot sort of slaps down". Two measurements tell them apart, both with the
model the index already runs:

- **salience**: how far the question's vector moves when the word is taken out. "Is ALS
  contagious?" without "contagious" is another question; without "husband" it is the same one.
- **no stand-in**: the word's own vector is far from every sentence of the passages found and
  from every word of the corpus (`word_vectors.npy`, written by the build). A lay word for
  something the sources describe has one: "flickers" is near the sentences on twitching,
  "throat" near the word "swallowing", "deadly" near "death"; "cannabis" and "tracheostomy"
  are near neither. Several such words ("a glass of wine or beer while on riluzole") are
  weighed together too: each alone moves a question about ALS little, all of them a lot.

Only the question's interrogative sentences are read: the story around a question ("Our old
retriever's legs are weak.") sets the scene, the question says what is asked. Left alone: short
capitalised acronyms ("CSF", "UMN": the sources may spell them out), words inside a corpus word
("steroids" in "corticosteroids") and the words of an ask (scope.ASKS: "contagious", "outlook"),
which are checked against what the lines state instead.
"""

from __future__ import annotations

import re

import numpy as np

from .lexical import QUESTION_WORDS, terms, words
from .scope import ASKS, corpus_uses, slips_of
from .vocabulary import english_counts

# Tuned on the dev halves of the question sets only (docs/answers.md, "not covered").
MIN_SALIENCE = 0.08      # 1 - cosine(question, question without the word)
# Two or more such words taken out together (dev: negatives 0.12–0.29, answerable at most 0.09,
# "bit by a tick last summer").
MIN_JOINT_SALIENCE = 0.10
MAX_STAND_IN = 0.40      # cosine of the word to its nearest passage sentence
MAX_WORD_STAND_IN = 0.60     # cosine of the word to its nearest corpus word
WORD_BLOCK = 65_536
# A misspelling's vector stays near its word's ("tounge"/"tongue" 0.54, "vetrans"/"veterans"
# 0.49, "moter"/"motor" 0.33); a new word's does not ("statins"/"starting" 0.23).
MIN_TYPO_COSINE = 0.30
MIN_INSIDE = 6           # a word this long found inside a corpus word is that word's part
MIN_LENGTH = 4
ACRONYM_RE = re.compile(r"[A-Z]{2,5}s?")
# The people a question is about, never what it asks ("Which tests might my husband have to go
# through?"): a closed class, like the question words.
PEOPLE = frozenset(
    "husband husbands wife wives partner spouse mom moms mum mums mother mothers dad dads father fathers "
    "parent parents son sons daughter daughters child children kid kids brother brothers sister "
    "sisters sibling siblings grandma grandmother grandpa grandfather grandparent grandparents uncle "
    "aunt cousin niece nephew friend friends boyfriend girlfriend fiance fiancee neighbor neighbour "
    "colleague coworker boss family relative relatives myself himself herself".split())
SENTENCE_RE = re.compile(r"[^.?!]*[.?!]+|[^.?!]+$")


def asking_part(text: str) -> str:
    """The sentences of `text` that ask (end with "?"); all of it when none does."""
    asking = [s for s in SENTENCE_RE.findall(text) if s.rstrip().endswith("?")]
    return " ".join(asking) if asking else text


def unused_words(index, prepared) -> list[str]:
    """Words of the asking part of the question that the corpus never uses in any inflection,
    that are not glossary terms, misspellings of a word the sources use, acronyms or question
    words, and that the person typed (a run-together word split in two is not). An English word
    is never taken for a misspelling: "liver" is two edits from "river", and no passage says it."""
    text = prepared.corrected
    typed = {w.lower(): w for w in re.findall(r"[^\W\d_]+", prepared.original)}
    english = english_counts()
    out = []
    for word in dict.fromkeys(words(asking_part(text))):
        if (len(word) < MIN_LENGTH or not word.isalpha() or word in QUESTION_WORDS or word in PEOPLE
                or word not in typed or ACRONYM_RE.fullmatch(typed.get(word, "")) or not terms(word)):
            continue
        if corpus_uses(word, corpus_counts=index.vocabulary.counts, document_frequency=index.lexical.document_frequency,
                       lay_terms=index.glossary_terms):
            continue
        if word not in english and _misspells_a_corpus_word(index, word):
            continue
        if any(ask.asked.search(word) for ask in ASKS):
            continue
        if len(word) >= MIN_INSIDE and any(word in known for known in index.vocabulary.counts):
            continue
        out.append(word)
    return out


def _misspells_a_corpus_word(index, word: str) -> bool:
    """`word` (not English) is a misspelling or inflection of a word the sources use: it begins
    like one ("tingly"), is one edit from an English word they use ("efect", "likley"), or is
    within two edits of a corpus word whose vector is close to its own ("tounge"/"tongue" 0.54,
    "gherigs"/"gehrig" 0.55). Two edits alone are not enough: "statins" is two from "starting"
    (cosine 0.23) and "vacines" two from "varies" (0.18), and the sources use neither drug nor
    vaccine."""
    if index.vocabulary.begins_like(word):
        return True
    uses = lambda w: corpus_uses(w, corpus_counts=index.vocabulary.counts,   # noqa: E731
                                 document_frequency=index.lexical.document_frequency, lay_terms=index.glossary_terms)
    if any(uses(w) for w in slips_of(word)):
        return True
    near = index.vocabulary.within_two_edits(word)
    if not near:
        return False
    vectors = index.encode([word] + near)
    return float(np.max(vectors[1:] @ vectors[0])) >= MIN_TYPO_COSINE


def hinge(index, prepared, vector: np.ndarray, sentence_vectors: np.ndarray) -> list[str]:
    """The words the question hinges on (see module doc) that have no stand-in among
    `sentence_vectors` (the candidate sentences): the first such word salient on its own, else
    all of them when together they are ("a glass of wine or beer", "allowed to drive": each
    word alone moves the question little, ALS dominates its vector); [] when none. `vector` is
    the vector of `prepared.dense_text`, the text the words are taken out of."""
    unused = unused_words(index, prepared)
    if not unused or not len(sentence_vectors):
        return []
    without = [_without(prepared.dense_text, [w]) for w in unused]
    encoded = index.encode(without + unused)
    own = dict(zip(unused, encoded[len(unused):]))
    # The nearest corpus word is the costly test (every word vector is read): asked last.
    far = [w for w in unused if float(np.max(sentence_vectors @ own[w])) < MAX_STAND_IN]
    for word in far:
        salience = 1.0 - float(encoded[unused.index(word)] @ vector)
        if salience >= MIN_SALIENCE and _nearest_word(index, own[word]) < MAX_WORD_STAND_IN:
            return [word]
    if len(far) < 2 or _joint_salience(index, prepared, vector, far) < MIN_JOINT_SALIENCE:
        return []
    bare = [w for w in far if _nearest_word(index, own[w]) < MAX_WORD_STAND_IN]
    if len(bare) < 2 or (bare != far and _joint_salience(index, prepared, vector, bare) < MIN_JOINT_SALIENCE):
        return []
    return bare


def _joint_salience(index, prepared, vector: np.ndarray, words: list[str]) -> float:
    return 1.0 - float(index.encode([_without(prepared.dense_text, words)])[0] @ vector)


def _without(text: str, words: list[str]) -> str:
    for word in words:
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text, flags=re.I)
    return text


def _nearest_word(index, vector: np.ndarray) -> float:
    """Cosine of `vector` to the nearest corpus word's vector, read in blocks (the file is
    memory-mapped: a large corpus's words need not all be in memory at once)."""
    words = index.word_vectors
    best = -1.0
    for start in range(0, len(words), WORD_BLOCK):
        best = max(best, float(np.max(np.asarray(words[start:start + WORD_BLOCK]) @ vector)))
    return best
