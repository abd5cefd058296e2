"""The corpus's words: splitting words run together in capture, and correcting typos.

Both lean on two word lists: the corpus's own term counts (saved in the index as
`vocabulary.json`) and symspellpy's English frequency dictionary (82,765 words, shipped in the
package). symspellpy also does the fuzzy lookup.

* **Run-together words** ("nervesso", "messierand", "evaluationGoogle": a dash lost in capture).
  A word the English dictionary does not know, rare in the corpus, that splits into two common
  English words is split ("nerves so"); a lower→upper case change inside a word splits too.
  The same function runs on chunks (for the indexed text only: citations keep the raw text and
  offsets) and on the question's BM25 terms, so a split that was not needed ("air plane")
  costs nothing; the rest of the answer reads the question unsplit (query.py).
* **Typos** ("gravus", "amyotropic", "parapelgia"): a question word that is neither a corpus
  term nor an English word is replaced by the closest corpus term within edit distance 1
  (2 for words of 8+ letters), unless a common English word is closer (one edit: "steriods"
  is steroids, not the corpus's "serious"; of two such words, "remision" for remission or
  revision, none is sure and the word stays as typed). Correct words, even rare ones, are never
  touched, but one: a question that opens "dose ALS…" means "does" (a real word, so no
  dictionary catches it, and it would read as asking for a dose).
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from symspellpy import SymSpell, Verbosity

# A word unknown to the dictionary is a slip of an English word when one edit away from a word
# at least this common ("wich" → "which"), not a name.
COMMON_ENGLISH = 100_000
FAR_SLIP_COUNT, FAR_SLIP_LENGTH = 10_000_000, 9     # far_slip: how common the word, how long the slip
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
VOCABULARY_FILE = "vocabulary.json"
WORD_RE = re.compile(r"[A-Za-z]+")
# What a question asks a condition or a test to do: after "dose <subject>" it makes "dose" the verb.
_VERBS = (r"(?:start|begin|affect|effect|cause|show|look|feel|work|progress|happen|spread|mean|lead|develop|present|"
          r"come|go|get|differ|compare|cost|attack|target|damage|involve|hurt|destroy|hit)s?\b")
# "dose als efect your eyes?": an opening "dose" before anything a dose is said with ("dose of…",
# "dose for…", "dose is…") is the verb "does".
OPENING_DOES = re.compile(r"^(\W*)(dose)(?=\s+(?!(?:of|for|per|is|are|was|should|needed|range|schedule|and|or|"
                          r"amounts?|adjust\w*|timing|size|level|limits?|info\w*|recommend\w*|changes?)\b)"
                          r"[a-z])"
                          # "what dose the EMG show": after a question word, before the verb's subject
                          # (not "what dose ALS patients take of riluzole", "what dose my husband needs")
                          r"|^(\W*(?:what|how|why|where|when|which|who)\s+)(dose)(?=\s+(?:the|a|an|my|your|his|her|their|"
                          r"it|this|that|he|she|they|you|i|we|someone|(?-i:[A-Z]{2,5}))\b"
                          # or a one-word subject and its verb: "where dose als usualy start"
                          r"|\s+(?!\w+ly\b)\w+\s+(?:\w+ly\s+)?" + _VERBS + ")"
                          r"(?![^?]*\b(?:take|takes|taken|need|needs|prescrib\w*|give|given|of|for|mg)\b)"
                          # or anywhere, "dose it/this" and such a verb: "which part dose it effect" (not
                          # "is the dose this high", "how do I dose it correctly", "what dose it requires")
                          # (not after a word a dose is named with: "the dose that helps", "a dose it needs")
                          r"|^(.*?\b)(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bany )(?<!\bwhat )(?<!\bwhich )(?<!\bthat )"
                          r"(?<!\bthis )(?<!\bsame )(dose)(?=\s+(?:it|this)\s+" + _VERBS + ")", re.I)
MIN_STAND_IN_LENGTH = 3     # shorter corpus words ("of", "mg") stand in for nothing
CAMEL_BREAK_RE = re.compile(r"(?<=[a-z]{3})(?=[A-Z])")

# Splitting: both parts must be common English (counts from the symspellpy dictionary, which
# counts Google Books words: "messier" 508,539; "nerves" 2,418,478). Two-letter parts must be
# function-word common ("so", "an": over 100 million) so that "behavioral" stays whole, and
# three-letter parts over 20 million ("air" 160 million, "age" 132 million): the dictionary also
# counts abbreviations ("sta" 4 million, "vac" 3 million), and a drug or name it lacks split at
# one ("statins" → "sta tins", "Kiernan" → "kier nan") became words no passage uses. Some
# abbreviations pass ("ref", "vat"): questions are not split but for BM25 (query.py).
MIN_SPLIT_WORD_LENGTH = 6
# Two English words run together are at most this long ("neurodegenerative" + "conditions" is
# 27); trying every cut of a longer "word" is quadratic in its length and finds nothing.
MAX_SPLIT_WORD_LENGTH = 40
MIN_PART_COUNT = 100_000
MIN_SHORT_PART_COUNT = 100_000_000
MIN_THREE_LETTER_PART_COUNT = 20_000_000
# A word seen this often in the corpus is a real term of it, whatever the dictionary says.
TRUSTED_CORPUS_COUNT = 3

MIN_CORRECTABLE_LENGTH = 5
LONG_WORD_LENGTH = 8
NEAR_TWO_EDITS_LENGTH = 7
STEM_LETTERS = 5
# Letters past the longest shared beginning an inflection adds ("twitchin|ess"); more make
# another word ("patell|ofemoral" is not "patella", "neurom|yelitis" not "neuromuscular").
MAX_ENDING = 5
LONG_SHARED_BEGINNING = 8     # letters shared that make one word family whatever follows ("immunosup…")


def _one_edit(word: str) -> set[str]:
    if len(word) > MAX_SPLIT_WORD_LENGTH:      # no misspelling is this long; its edits would fill memory
        return set()
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


def far_slip(word: str) -> bool:
    """A word of FAR_SLIP_LENGTH letters or more two edits from a very common English word
    ("nessesary", "compleatly"), beginning as it does: a slip, not a name. What keeps a drug the
    dictionary lacks from reading as a word is the length (at 7 letters "mestinon" was "mention",
    "lipitor" "visitor"), the count (at a million uses "radicava" was "radical") and the first two
    letters. Over the 5,743 questions of eval/ and MedQuAD's sets it changed only "nessesary",
    "compleatly" and "postpolio" (read as "portfolio": no name either way, the sources have
    "post-polio"); a review tried ~300 real drug and disease names and none was a slip."""
    return len(word) >= FAR_SLIP_LENGTH and any(
        found.term[:2] == word[:2] for found in _far_slip_speller().lookup(word, Verbosity.ALL, max_edit_distance=2))


@lru_cache(maxsize=1)
def _far_slip_speller() -> SymSpell:
    """The dictionary's long words used FAR_SLIP_COUNT times or more (1,901; built in 0.02 s, once)."""
    speller = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    for word, count in english_counts().items():
        if count >= FAR_SLIP_COUNT and len(word) >= FAR_SLIP_LENGTH - 1:
            speller.create_dictionary_entry(word, count)
    return speller


@lru_cache(maxsize=1)
def english_counts() -> dict[str, int]:
    text = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text()
    counts = {}
    for line in text.splitlines():
        word, count = line.split()
        counts[word] = int(count)
    return counts


def _least_part_count(part: str) -> int:
    return {2: MIN_SHORT_PART_COUNT, 3: MIN_THREE_LETTER_PART_COUNT}.get(len(part), MIN_PART_COUNT)


def _best_split(word: str) -> tuple[str, str] | None:
    english = english_counts()
    best, best_score = None, -1.0
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        counts = [english.get(part, 0) for part in (left, right)]
        if all(count >= _least_part_count(part) for part, count in zip((left, right), counts)):
            score = min(math.log(c) for c in counts)
            if score > best_score:
                best, best_score = (left, right), score
    return best


@dataclass
class Vocabulary:
    """Term counts of the corpus (lower-cased words of the chunks' text)."""

    counts: dict[str, int]

    @classmethod
    def from_texts(cls, texts: list[str]) -> Vocabulary:
        counts = Counter(w.lower() for text in texts for w in WORD_RE.findall(text))
        return cls(dict(counts))

    def stand_in_words(self) -> list[str]:
        """The corpus words that get a vector of their own (`word_vectors.npy`, one row each, in
        this order): what a question word the corpus never uses is compared with (hinge.py)."""
        return sorted(w for w in self.counts if len(w) >= MIN_STAND_IN_LENGTH)

    def stand_in_rows(self, texts) -> list[int]:
        """The rows of `word_vectors.npy` (`stand_in_words` order) of the words of `texts`."""
        if not hasattr(self, "_rows"):
            self._rows = {w: i for i, w in enumerate(self.stand_in_words())}
        return sorted({row for text in texts for w in WORD_RE.findall(text)
                       if (row := self._rows.get(w.lower())) is not None})

    def is_known(self, word: str) -> bool:
        w = word.lower()
        return w in self.counts or w in english_counts()

    def split_run_together(self, text: str) -> str:
        """`text` with run-together words split (see module doc); everything else unchanged."""
        def fix(match: re.Match) -> str:
            word = match.group(0)
            parts = CAMEL_BREAK_RE.split(word)
            if len(parts) > 1 and english_counts().get(parts[0].lower(), 0) >= MIN_PART_COUNT:
                return " ".join(parts)
            lower = word.lower()
            if (not MIN_SPLIT_WORD_LENGTH <= len(word) <= MAX_SPLIT_WORD_LENGTH
                    or lower in english_counts()
                    or self.counts.get(lower, 0) >= TRUSTED_CORPUS_COUNT):
                return word
            split = _best_split(lower)
            if split is None:
                return word
            cut = len(split[0])
            return f"{word[:cut]} {word[cut:]}"
        return WORD_RE.sub(fix, text)

    @property
    def _speller(self) -> SymSpell:
        if not hasattr(self, "_symspell"):
            speller = SymSpell(max_dictionary_edit_distance=2)
            for word, count in self.counts.items():
                if len(word) >= MIN_CORRECTABLE_LENGTH - 1:
                    speller.create_dictionary_entry(word, count)
            self._symspell = speller
        return self._symspell

    def near(self, word: str) -> bool:
        """Whether `word` is within two edits of a corpus term ("fatuige", "gerhigs"; one edit
        below seven letters) or begins like one ("tingly"): the sources' own word, misspelt or
        inflected, too far for `correct` to replace safely but not a new name."""
        if len(word) < MIN_CORRECTABLE_LENGTH:
            return False
        word = word.lower()
        if self.begins_like(word):
            return True
        distance = 2 if len(word) >= NEAR_TWO_EDITS_LENGTH else 1    # "covid" is not "could"
        return bool(self._speller.lookup(word, Verbosity.TOP, max_edit_distance=distance))

    def within_two_edits(self, word: str) -> list[tuple[str, int]]:
        """The corpus terms at most two edits from `word` and their distance, closest first
        ("tounge": tongue 2, tone 2; "statins": starting 2, stairs 2): what it may misspell."""
        return [(s.term, s.distance) for s in self._speller.lookup(word.lower(), Verbosity.ALL, max_edit_distance=2)]

    def begins_like(self, word: str) -> bool:
        """A corpus word begins like `word` (5 letters; 6 from seven-letter words on), and what
        `word` goes on with past the longest beginning it shares with one is at most an ending, or
        that shared beginning is long: "tingly"/"tingling", "twitchiness"/"twitching",
        "immunosupressants"/"immunosuppressive" are one word to a reader; "patellofemoral" (a
        corpus with "patella") and "neuromyelitis" (one with "neuromuscular") are not: on a corpus
        of thousands of pages some word begins like almost any long one, and a condition the
        sources never name passed for theirs."""
        n = STEM_LETTERS + (len(word) >= NEAR_TWO_EDITS_LENGTH)
        if len(word) < n:
            return False
        if not hasattr(self, "_sorted"):
            self._sorted = sorted(self.counts)
        at = bisect.bisect_left(self._sorted, word)
        shared = max((len(os.path.commonprefix([word, self._sorted[k]])) for k in (at - 1, at)
                      if 0 <= k < len(self._sorted)), default=0)
        return shared >= n and (len(word) - shared <= MAX_ENDING or shared >= LONG_SHARED_BEGINNING)

    def correct(self, text: str, keep: frozenset[str] = frozenset()) -> tuple[str, list[tuple[str, str]]]:
        """`text` with misspelled words replaced by corpus terms, and the (wrong, right) pairs;
        words in `keep` (lower case: the glossary's, "neuro") are never misspellings."""
        corrections: list[tuple[str, str]] = []
        if opening := OPENING_DOES.match(text):
            before, dose = next(opening.group(i, i + 1) for i in (1, 3, 5) if opening.group(i + 1))
            corrections.append((dose, "does"))
            text = before + ("Does" if dose[0].isupper() else "does") + text[opening.end():]

        def fix(match: re.Match) -> str:
            word = match.group(0)
            if len(word) < MIN_CORRECTABLE_LENGTH or self.is_known(word) or word.lower() in keep:
                return word
            distance = 2 if len(word) >= LONG_WORD_LENGTH else 1
            found = self._speller.lookup(word.lower(), Verbosity.CLOSEST, max_edit_distance=distance)
            if not found and word[-1:].lower() == "s" and len(word) > MIN_CORRECTABLE_LENGTH:
                # A possessive typed without its apostrophe, misspelt ("kenedys disease"): the
                # corpus word is "Kennedy" (of "Kennedy's"), two edits from "kenedys", one from "kenedy".
                owner = self._speller.lookup(word[:-1].lower(), Verbosity.CLOSEST, max_edit_distance=1)
                # (a letter left out or in, as in a name; "trachs" is not "track's")
                if owner and not self.is_known(word[:-1]) and len(owner[0].term) != len(word) - 1:
                    corrections.append((word, f"{owner[0].term}'s"))
                    return f"{owner[0].term}'s"
            if not found:
                return word
            closest = max(found, key=lambda s: (-s.distance, s.count))
            best = closest.term
            if closest.distance > 1 and (slips := slips_of(word.lower())):
                # One edit from an English word the sources don't use: that word was meant
                # ("steriods" is steroids, not the corpus's "serious"); of two, none is sure
                # ("remision": remission or revision; never the corpus's "decision").
                if len(slips) > 1:
                    return word
                best = slips[0]
            corrections.append((word, best))
            return best
        return WORD_RE.sub(fix, text), corrections

    def save(self, directory: Path) -> None:
        (directory / VOCABULARY_FILE).write_text(
            json.dumps(self.counts, ensure_ascii=False, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Vocabulary:
        return cls(json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8")))
