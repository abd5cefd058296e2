"""Documents a question names by their title: "What are the treatments for Hypotonia?" names the
page titled "Hypotonia".

A title is a page's own statement of what it is about, and a question that quotes it whole has
said which page it means. Neither retriever knows that: BM25 sees "hypotonia" as one term among
the page's many, and the question's vector is pulled towards whichever page on a neighbouring
topic says "treatments" most. On MedQuAD's dev questions a page of GARD phenotype tables
("Oculoectodermal syndrome") outranked the named page for several questions; putting the named
page first lifted dev Recall@5 0.778 → 0.932 (docs/retrieval.md, "Titles").

Only maximal matches count: in "Is permanent neonatal diabetes mellitus inherited?" the page
"Permanent neonatal diabetes mellitus" is named, the page "Diabetes" is not. Some titles name no
page: one shared by many documents ("Overview", "Introduction"), one of stopwords, and one whose
every term is in more than 30% of the chunks (a notice titled "ALS" in a corpus about ALS: the
question's "ALS" says nothing about which page is meant; glossary.MAX_EXPANSION_CHUNK_SHARE).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from .glossary import MAX_EXPANSION_CHUNK_SHARE
from .lexical import STOPWORDS, terms

WORD_RE = re.compile(r"[a-z0-9]+")
# A title this many documents share is a generic heading, not a page's subject.
MAX_DOCUMENTS_PER_TITLE = 5


def title_words(text: str) -> tuple[str, ...]:
    """A title's or question's words, case, accents and punctuation aside ("Alström syndrome" is
    "alstrom syndrome"; MedQuAD's "Alstrm syndrome", its ö lost, matches only itself)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return tuple(WORD_RE.findall(plain.lower()))


class DocumentTitles:
    """Every document's title, looked up by word n-grams of a question (one dictionary, so a
    question costs its word count × the longest title's, whatever the corpus's size)."""

    def __init__(self, titles: dict[str, str], documents: dict[str, tuple[int, int]], *,
                 everywhere: Callable[[str], bool] = lambda title: False):
        """`titles`: source → title (the manifest's); `documents`: source → (first chunk id,
        chunk count) (the index's); `everywhere(title)`: its terms are in too many chunks to
        tell a page (see `for_index`)."""
        by_words: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        for source, title in titles.items():
            words = title_words(title)
            if (source in documents and words and not all(w in STOPWORDS for w in words)
                    and not everywhere(title)):
                by_words.setdefault(words, []).append(tuple(documents[source]))
        self._titles = {words: ranges for words, ranges in by_words.items()
                        if len(ranges) <= MAX_DOCUMENTS_PER_TITLE}
        self._longest = max((len(w) for w in self._titles), default=0)

    @classmethod
    def for_index(cls, sources: dict, documents: dict[str, tuple[int, int]], lexical,
                  chunk_count: int) -> DocumentTitles:
        """The titles of an index: `sources` its manifest's, `lexical` its LexicalIndex."""
        limit = MAX_EXPANSION_CHUNK_SHARE * max(chunk_count, 1)

        def everywhere(title: str) -> bool:
            found = terms(title)
            return bool(found) and min(lexical.document_frequency(t) for t in found) > limit
        return cls({s: info.get("title", "") for s, info in sources.items()}, documents, everywhere=everywhere)

    def named(self, question: str) -> list[tuple[int, int]]:
        """The (first chunk id, chunk count) of each document whose whole title the question
        quotes, longest titles only: a title inside a longer one the question quotes is not
        named, nor a one-word title right after a word that is no stopword (`_content`).
        Blind MedQuAD-corpus questions in everyday words, dev half: Recall@1 0.417 → 0.500
        with that rule, MedQuAD's own dev questions unchanged."""
        return self.named_and_rest(question)[0]

    def named_and_rest(self, question: str) -> tuple[list[tuple[int, int]], str]:
        """`named`, and the question's words without the titles it quotes: what is left says
        which part of a named page is wanted ("what are the genetic changes related to")."""
        words = title_words(question)
        found = []
        for i in range(len(words)):
            for n in range(min(self._longest, len(words) - i), 0, -1):
                if words[i:i + n] in self._titles:
                    found.append((i, i + n))
                    break
        maximal = [(a, b) for a, b in found if not any((c, d) != (a, b) and c <= a and b <= d for c, d in found)]
        named = [(a, b) for a, b in maximal if b - a > 1 or not _content(words, a - 1)]
        quoted = {k for a, b in named for k in range(a, b)}
        rest = " ".join(w for k, w in enumerate(words) if k not in quoted)
        return sorted({r for a, b in named for r in self._titles[words[a:b]]}), rest


def _content(words: tuple[str, ...], k: int) -> bool:
    """Whether words[k] exists and is no stopword: a one-word title after one is the end of a
    longer term ("cat scratch fever", "breast cancer", "antibody blood test"), not the page
    "Fever", "Cancer" or "Blood" named. (After a verb, "what causes hypotonia", the title is
    not taken either: the page then competes as any other, as it did before titles counted.)"""
    return 0 <= k < len(words) and words[k] not in STOPWORDS
