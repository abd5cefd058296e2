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
  from every word of the passages that match the question best (`word_vectors.npy`, written by
  the build). A lay word for something those passages describe has one: "flickers" is near the
  sentences on twitching, "throat" near the word "swallowing", "deadly" near "death";
  "cannabis" and "tracheostomy" are near neither. A word elsewhere in the corpus is no stand-in:
  "marijuana" is near "smoking" (0.69), said of MS's risk, not in the passages on cramps.
  Several such words ("a glass of wine or beer while on riluzole") are weighed together too:
  each alone moves a question about ALS little, all of them a lot.

Only the question's interrogative sentences are read: the story around a question ("Our old
retriever's legs are weak.") sets the scene, the question says what is asked. Left alone: the
people a question is about ("my husband"), words that frame the ask ("worth", "stand for"),
misspellings of words the sources use ("fatuige", "likley", `misspells_a_corpus_word`),
acronyms ("CSF", "UMN", "MuSK": the sources may spell them out), words inside a corpus word
("steroids" in "corticosteroids") and the words of an ask (asks.ASKS: "contagious", "outlook"),
which are checked against what the lines state instead.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from .asks import ASKS
from .glossary import LAY_PREFIX
from .lexical import QUESTION_WORDS, terms, words
from .scope import uses_word
from .understanding import NEGATIVE_ASK_RE
from .vocabulary import COMMON_ENGLISH, MAX_SPLIT_WORD_LENGTH, WORD_RE, english_counts, slips_of

# Tuned on the dev halves of the question sets only (docs/answers.md, "not covered").
MIN_SALIENCE = 0.075     # 1 - cosine(question, question without the word) (0.08 until the eighth round)
# Two or more such words taken out together (dev: negatives 0.12–0.29, answerable at most 0.09,
# "bit by a tick last summer").
MIN_JOINT_SALIENCE = 0.10
JOINER_RE = re.compile(r"\s+((of|or|and|to|a|an|the)\s+)*", re.I)
MAX_STAND_IN = 0.40      # cosine of the word to its nearest passage sentence
# Cosine of the word to its nearest word of the passages that match best, as deep as an ask
# looks (settings.ask_passages, 20; at 5, "yankees baseball" lost "sport", said of Lou Gehrig
# in the 8th passage).
MAX_WORD_STAND_IN = 0.60
# A misspelling's vector stays near its word's ("tounge"/"tongue" 0.54, "vetrans"/"veterans"
# 0.49, "moter"/"motor" 0.33); a new word's does not ("statins"/"starting" 0.23).
MIN_TYPO_COSINE = 0.30
MIN_INSIDE = 6           # a word this long found inside a corpus word is that word's part
MIN_LENGTH = 4
MIN_SLIP_LENGTH = 5       # the passage word a slip stands for ("bowel")
VOWELS = "aeiou"
# An acronym as typed: capitals ("CSF", "UMN"), or two capitals and no run of three small letters
# ("MuSK", "mRNA"; not "McCain", "iPhone", "LeBron").
ACRONYM_RE = re.compile(r"[A-Z]{2,5}s?|(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])(?![A-Za-z]*[a-z]{3})[A-Za-z]{2,6}s?")
# The people a question is about, never what it asks ("Which tests might my husband have to go
# through?"): a closed class, like the question words.
PEOPLE = frozenset(       # singular: "cousins" is found as "cousin"
    "husband wife wives partner spouse mom mum mother dad father parent son daughter child children "
    "kid brother sister sibling grandma grandmother grandpa grandfather grandparent grandson "
    "granddaughter grandchild grandkid toddler stepdad stepmom uncle aunt cousin niece nephew hubby "
    "friend boyfriend girlfriend fiance fiancee neighbor neighbour roommate colleague coworker boss "
    "family relative myself himself herself student nurse teacher caregiver carer".split())
# Words that say how to take the answer, never what it is about ("the most important thing to
# remember", "is it worth using…", "what does ALS stand for", "what are the chances riluzole helps"): a closed
# class, like the people.
FRAME = frozenset("remember worth recommend recommended suggest suggestion realistic realistically honestly "
                  "basically exactly simply tips wondering chance chances odds".split())
FRAME_RE = re.compile(r"\bstands? for\b", re.I)
SENTENCE_RE = re.compile(r"[^.?!]*[.?!]+|[^.?!]+$")


def asking_part(text: str) -> str:
    """The sentences of `text` that ask (end with "?"); all of it when none does."""
    asking = [s for s in SENTENCE_RE.findall(text) if s.rstrip().endswith("?")]
    return " ".join(asking) if asking else text


def unused_words(index, prepared) -> list[str]:
    """Words of the asking part of the question that the corpus never uses in any inflection,
    that are not glossary terms or words of one the question says ("big magnet machine"),
    misspellings of a word the sources use, acronyms, question words or people, and that the
    person typed (a run-together word split in two is not); one per stem ("drinking", "drinks")."""
    text = prepared.corrected
    typed = {w.lower(): w for w in re.findall(r"[^\W\d_]+", prepared.original)}
    # Words of a glossary term the question says, as typed ("eyelids droop": "drooping eyelids").
    said = {w[:LAY_PREFIX] for term in prepared.said_terms for w in term.split()}
    out, stems = [], set()
    # (and the words that ask a list of what is not: "what does ALS spare?")
    asked_parts = [m.group(0) for pattern in (*(ask.asked for ask in ASKS), NEGATIVE_ASK_RE, FRAME_RE)
                   for m in pattern.finditer(text)]
    for word in dict.fromkeys(words(asking_part(text))):
        if (len(word) < MIN_LENGTH or not word.isalpha() or word in QUESTION_WORDS or word[:LAY_PREFIX] in said
                or _is_person(_meant(word)) or word in FRAME
                or word not in typed or ACRONYM_RE.fullmatch(typed.get(word, "")) or not terms(word)):
            continue
        if uses_word(index, word) or misspells_a_corpus_word(index, word):
            continue
        if any(ask.asked.search(w) for ask in ASKS for w in (word, _meant(word))) or any(
                re.search(rf"\b{re.escape(word)}\b", asked, re.I) for asked in asked_parts):
            continue    # "contagious", "contagous", "another name": the ask's own words, checked against the lines
        if len(word) >= MIN_INSIDE and any(word in known for known in index.vocabulary.counts):
            continue
        if terms(word)[0] not in stems:
            stems.add(terms(word)[0])
            out.append(word)
    return out


def _is_person(word: str) -> bool:
    """"husband", "cousins", "fiancé": one of the people a question is about."""
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return plain in PEOPLE or (plain.endswith("s") and plain[:-1] in PEOPLE)


def misspells_a_corpus_word(index, word: str) -> bool:
    """`word` is a misspelling or inflection of a word the sources use: it has a corpus word's
    letters in another order ("fatuige", "sings" for "signs"), or, not being English, begins
    like one ("tingly"), is one edit from one ("gerhig") or from an English word the sources
    use ("efect", "likley"), or two edits from a corpus word whose vector is
    close to its own ("tounge"/"tongue" 0.54, "gherigs"/"gehrig" 0.55). Two edits alone are
    not enough: "statins" is two from "starting" (cosine 0.23), "vacines" two from "varies"
    (0.18), and English "liver" two from "river": the sources use neither drug nor word."""
    near = index.vocabulary.within_two_edits(word)
    if any(sorted(term) == sorted(word) for term, _ in near):
        return True
    if word in english_counts():
        return False
    if index.vocabulary.begins_like(word) or any(distance <= 1 for _, distance in near):
        return True
    if any(uses_word(index, w) for w in (*slips_of(word), _meant(word))):
        return True
    return _near_any(index, word, [term for term, _ in near])


def _near_any(index, word: str, others: list[str]) -> bool:
    """`word`'s vector stays near one of `others`' (a misspelling's or a slip's, not a new word's)."""
    if not others:
        return False
    vectors = index.encode([word, *others])
    return float(np.max(vectors[1:] @ vectors[0])) >= MIN_TYPO_COSINE


def hinge(index, prepared, vector: np.ndarray, sentence_vectors: np.ndarray, depth: int) -> list[str]:
    """The words the question hinges on (see module doc) that have no stand-in among
    `sentence_vectors` (the candidate sentences): the first such word salient on its own, else
    the longest run of them standing together in the question when together they are ("a glass
    of wine or beer", "allowed to drive": each word alone moves the question little, ALS
    dominates its vector); [] when none. A misspelling's stand-ins are those of the word it
    means (`_meant`). `vector` is the vector of `prepared.dense_text`, the text the words are
    taken out of; `depth` how many passages' words may stand in."""
    unused = unused_words(index, prepared)
    if not unused or not len(sentence_vectors):
        return []
    without = [_without(prepared.dense_text, [w]) for w in unused]
    encoded = index.encode(without + [_meant(w) for w in unused])
    own = dict(zip(unused, encoded[len(unused):]))
    # The nearest word of the passages is the costly test (a deeper search): asked last.
    far = [w for w in unused if float(np.max(sentence_vectors @ own[w])) < MAX_STAND_IN]
    nearest: dict[str, float] = {}
    rows: list = []         # the passages' word-vector rows, then their words (read on first need)

    def bare_word(word: str) -> bool:       # no word of the passages stands in for it (read once per word)
        if not rows:
            passages = index.search_encoded(prepared, vector, k=depth)
            rows.append(index.vocabulary.stand_in_rows(hit.chunk.text for hit in passages))
            rows.append({w.lower() for hit in passages for w in WORD_RE.findall(hit.chunk.text)})
        if word not in nearest:
            nearest[word] = _nearest_word(index, own[word], rows[0])
        return nearest[word] < MAX_WORD_STAND_IN and not _slip_of_one(index, word, rows[1])
    for word in far:
        if 1.0 - float(encoded[unused.index(word)] @ vector) >= MIN_SALIENCE and bare_word(word):
            return [word]
    far = _longest_phrase(asking_part(prepared.corrected), far)
    if len(far) < 2 or salience(index, prepared, vector, far) < MIN_JOINT_SALIENCE:
        return []
    bare = [w for w in far if bare_word(w)]
    if len(bare) < 2 or (bare != far and salience(index, prepared, vector, bare) < MIN_JOINT_SALIENCE):
        return []
    return bare


def _slip_of_one(index, word: str, found: set[str]) -> bool:
    """`word` is a word of `found` with a vowel dropped or added ("bowl" for "bowel") or a letter
    doubled or undoubled ("blader" for "bladder"), and its vector stays near that word's: a real
    word typed for one of the passages', not a new word. Other edits are not counted: "rain" is
    no slip for "brain", "massage" none for "message", "wine" none for "wide"."""
    if len(word) > MAX_SPLIT_WORD_LENGTH:     # no typed word is this long (its edits would fill memory)
        return False
    vowel = ({word[:i] + v + word[i:] for i in range(len(word) + 1) for v in VOWELS}
             | {word[:i] + word[i + 1:] for i, c in enumerate(word) if c in VOWELS})
    double = ({word[:i] + c + word[i:] for i, c in enumerate(word)}
              | {word[:i] + word[i + 1:] for i in range(1, len(word)) if word[i] == word[i - 1]})
    return _near_any(index, word, [w for w in vowel | double if len(w) >= MIN_SLIP_LENGTH and w in found and w != word])


def _longest_phrase(text: str, found: list[str]) -> list[str]:
    """The longest run of `found` that stands together in `text`, joined at most by "of", "or",
    "and", "to" or an article ("a glass of wine or beer", "allowed to drive", "mercury
    poisoning"): words scattered over a question ("what does ALS stand for, and what's its other
    name") are not one thing asked."""
    at = sorted((m.start(), m.end(), w) for w in found
                if (m := re.search(rf"\b{re.escape(w)}\b", text, re.I)))
    runs, run = [], at[:1]
    for previous, current in zip(at, at[1:]):
        if JOINER_RE.fullmatch(text[previous[1]:current[0]]):
            run.append(current)
        else:
            runs.append(run)
            run = [current]
    runs.append(run)
    return [w for *_, w in max(runs, key=len)] if at else []


@lru_cache(maxsize=4096)
def _meant(word: str) -> str:
    """The word a misspelling of English most likely means: the commonest English word one
    edit away ("constipaton" → "constipation", "warnign" → "warning") or with its letters
    ("hapnpes" → "happens"). A misspelling's stand-ins are looked up for that word, whose
    vector is the model's, not a misspelling's; `word` itself when it is English or neither is."""
    english = english_counts()
    if word in english:
        return word
    slips = slips_of(word)
    if slips:
        return max(slips, key=english.__getitem__)
    return _english_anagrams().get("".join(sorted(word)), word)


def as_meant(index, text: str) -> str:
    """`text` with each misspelling of an English word the sources never use replaced by that
    word ("is ALS contagous?" → "is ALS contagious?"): what an ask is read from (asks.ASKS), as
    the typo corrector only knows the corpus's words."""
    def fix(match: re.Match) -> str:
        word = match.group(0)
        lower = word.lower()
        return word if lower in english_counts() or uses_word(index, lower) else _meant(lower)
    return re.sub(rf"[A-Za-z]{{{MIN_LENGTH},}}", fix, text)


@lru_cache(maxsize=1)
def _english_anagrams() -> dict[str, str]:
    """Sorted letters → the commonest English word of those letters."""
    out: dict[str, tuple[int, str]] = {}
    for word, count in english_counts().items():
        if count >= COMMON_ENGLISH:
            key = "".join(sorted(word))
            out[key] = max(out.get(key, (0, "")), (count, word))
    return {key: word for key, (_, word) in out.items()}


def salience(index, prepared, vector: np.ndarray, words: list[str]) -> float:
    """How far the question's vector moves when `words` are taken out of it (1 − cosine)."""
    return 1.0 - float(index.encode([_without(prepared.dense_text, words)])[0] @ vector)



def _without(text: str, words: list[str]) -> str:
    for word in words:
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text, flags=re.I)
    return text


def _nearest_word(index, vector: np.ndarray, rows: list[int]) -> float:
    """Cosine of `vector` to the nearest of the corpus words at `rows` of `word_vectors.npy`
    (memory-mapped: only those rows are read), -1 when there are none."""
    if not rows:
        return -1.0
    return float(np.max(np.asarray(index.word_vectors[np.asarray(rows, dtype=np.int64)]) @ vector))
