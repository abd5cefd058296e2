"""Documents a question names by their title: "What are the treatments for Hypotonia?" names the
page titled "Hypotonia".

A title is a page's own statement of what it is about, and a question that quotes it whole has
said which page it means. Neither retriever knows that: BM25 sees "hypotonia" as one term among
the page's many, and the question's vector is pulled towards whichever page on a neighbouring
topic says "treatments" most. On MedQuAD's dev questions a page of GARD phenotype tables
("Oculoectodermal syndrome") outranked the named page for several questions; preferring the
named page lifted dev Recall@5 0.778 → 0.863 (docs/retrieval.md, "Titles").

Only maximal matches count: in "Is permanent neonatal diabetes mellitus inherited?" the page
"Permanent neonatal diabetes mellitus" is named, the page "Diabetes" is not. A title shared by
many documents ("Overview", "Introduction") names none of them, nor does a title of stopwords.
"""

from __future__ import annotations

import re

from .lexical import STOPWORDS

WORD_RE = re.compile(r"[a-z0-9]+")
# A title this many documents share is a generic heading, not a page's subject.
MAX_DOCUMENTS_PER_TITLE = 5


def title_words(text: str) -> tuple[str, ...]:
    """A title's or question's words, case and punctuation aside ("Alström syndrome" keeps the
    letters it has; the question "Alstrm syndrome" matches the corpus's own spelling only)."""
    return tuple(WORD_RE.findall(text.lower()))


class DocumentTitles:
    """Every document's title, looked up by word n-grams of a question (one dictionary, so a
    question costs its word count × the longest title's, whatever the corpus's size)."""

    def __init__(self, titles: dict[str, str], documents: dict[str, tuple[int, int]]):
        """`titles`: source → title (the manifest's); `documents`: source → (first chunk id,
        chunk count) (the index's)."""
        by_words: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        for source, title in titles.items():
            words = title_words(title)
            if source in documents and words and not all(w in STOPWORDS for w in words):
                by_words.setdefault(words, []).append(tuple(documents[source]))
        self._titles = {words: ranges for words, ranges in by_words.items()
                        if len(ranges) <= MAX_DOCUMENTS_PER_TITLE}
        self._longest = max((len(w) for w in self._titles), default=0)

    def named(self, question: str) -> list[tuple[int, int]]:
        """The (first chunk id, chunk count) of each document whose whole title the question
        quotes, longest titles only: a title inside a longer one the question quotes is not
        named."""
        words = title_words(question)
        found = []
        for i in range(len(words)):
            for n in range(min(self._longest, len(words) - i), 0, -1):
                if words[i:i + n] in self._titles:
                    found.append((i, i + n))
                    break
        maximal = [(a, b) for a, b in found if not any((c, d) != (a, b) and c <= a and b <= d for c, d in found)]
        return sorted({r for a, b in maximal for r in self._titles[words[a:b]]})
