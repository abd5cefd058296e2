"""BM25 over the chunks (bm25s, Snowball-stemmed terms), saved beside the vectors.

bm25s does the scoring and the sparse-matrix storage (plain .npy and .json files, no pickle);
this module owns the one tokenizer used for chunks and questions alike, so that both sides
stem and drop stopwords identically.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

from .ranking import Ranked, rank_scores

LEXICAL_DIR = "bm25"
TERM_RE = re.compile(r"[^\W_]+")
# One Snowball stemmer per thread: PyStemmer's documentation forbids calling one instance from
# two threads at once, and the chat answers two questions at a time.
_local = threading.local()
# bm25s's English list (33 words) plus the words of a question's form ("how is X told apart
# from Y", "what does it cause"), which say what is asked, not what it is about.
QUESTION_WORDS = frozenset(
    "how what which who whom whose why when where does do did done can could would should will "
    "shall may might must am is are was were been being has have had having i me my mine you your "
    "we our us it its he she his her they them their from about tell told apart versus vs also "
    "any some get got there here than very".split())
STOPWORDS = _STOPWORDS = frozenset(bm25s.stopwords.STOPWORDS_EN) | QUESTION_WORDS
APOSTROPHE_RE = re.compile(r"['’](?=\w)")
# Words this short are mostly acronyms (ALS, MS, MG, EMG): stemming would turn "als" into "al".
MIN_STEM_LENGTH = 4

logging.getLogger("bm25s").setLevel(logging.WARNING)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits; punctuation splits)."""
    return TERM_RE.findall(text.lower())


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer


def phrase_words(text: str) -> list[str]:
    """`words` with an apostrophe inside a word dropped, not splitting it ("Kennedy's" is
    "kennedys", not "kennedy" and "s")."""
    return words(APOSTROPHE_RE.sub("", text))


def phrase_terms(text: str) -> list[str]:
    """`terms` with numbers and single letters kept, for phrases (phrases.py): "Optic atrophy 2"
    is not "Optic atrophy 1"."""
    stem = _stemmer().stemWord
    return [stem(w) if len(w) >= MIN_STEM_LENGTH else w for w in phrase_words(text) if w not in _STOPWORDS]


def terms(text: str) -> list[str]:
    """BM25 terms: words minus stopwords and single letters, Snowball-stemmed when at least
    `MIN_STEM_LENGTH` long ("twitching" → "twitch", "ALS" → "als")."""
    stem = _stemmer().stemWord
    return [stem(w) if len(w) >= MIN_STEM_LENGTH else w
            for w in words(text) if len(w) > 1 and w not in _STOPWORDS]


class LexicalIndex:
    """BM25 scores of a question against every chunk, in chunk-id order."""

    def __init__(self, bm25: bm25s.BM25, size: int):
        self._bm25 = bm25
        self.size = size

    @classmethod
    def build(cls, documents: list[str]) -> LexicalIndex:
        return cls.from_terms([terms(text) for text in documents])

    @classmethod
    def from_terms(cls, documents: list[list[str]]) -> LexicalIndex:
        """From documents already split by `terms` (the benchmark reuses terms of sentences)."""
        bm25 = bm25s.BM25()
        # bm25s cannot index an empty corpus or an empty document; a placeholder term that no
        # question can produce (terms are lower-case) keeps row i = chunk i.
        tokens = [t or ["EMPTY"] for t in documents] or [["EMPTY"]]
        bm25.index(tokens, show_progress=False)
        return cls(bm25, len(documents))

    def scores(self, query_terms: list[str]) -> np.ndarray:
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        known = [t for t in query_terms if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)[: self.size]

    def top(self, query_terms: list[str], depth: int) -> Ranked:
        """The `depth` best-scoring chunks that share a term with the question."""
        return rank_scores(self.scores(query_terms), depth, positive_only=True)

    def chunks_with(self, term: str) -> np.ndarray:
        """The ids of the chunks containing `term`, ascending: its sparse column's rows, which
        bm25s keeps sorted and unique."""
        column = self._bm25.vocab_dict.get(term)
        if column is None:
            return np.zeros(0, dtype=np.int64)
        indptr, indices = self._bm25.scores["indptr"], self._bm25.scores["indices"]
        ids = np.asarray(indices[indptr[column]:indptr[column + 1]], dtype=np.int64)
        return ids[ids < self.size]

    def document_frequency(self, term: str) -> int:
        """Chunks containing `term` (0 if none). bm25s stores one sparse column per term."""
        column = self._bm25.vocab_dict.get(term)
        if column is None:
            return 0
        indptr = self._bm25.scores["indptr"]
        return int(indptr[column + 1] - indptr[column])

    def save(self, directory: Path) -> None:
        self._bm25.save(str(directory / LEXICAL_DIR), show_progress=False)

    @classmethod
    def load(cls, directory: Path, size: int) -> LexicalIndex:
        bm25 = bm25s.BM25.load(str(directory / LEXICAL_DIR), show_progress=False, allow_pickle=False)
        return cls(bm25, size)


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
