"""From the question as typed to what each retriever sees.

normalise → split run-together words → correct typos against the corpus → add glossary
aliases. The dense side embeds the corrected question with its aliases appended; the BM25 side
takes the stemmed terms of the same. `PreparedQuery` keeps every step so the chat can show
"searched for: myasthenia gravis (you typed: gravus)".
"""

from __future__ import annotations

from dataclasses import dataclass

from .glossary import Glossary
from .lexical import terms
from .textmap import normalize
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class PreparedQuery:
    original: str
    corrected: str
    corrections: tuple[tuple[str, str], ...]
    expansions: tuple[str, ...]

    @property
    def dense_text(self) -> str:
        if not self.expansions:
            return self.corrected
        return f"{self.corrected} ({'; '.join(self.expansions)})"

    @property
    def lexical_terms(self) -> list[str]:
        return terms(" ".join((self.corrected, *self.expansions)))


def prepare(question: str, vocabulary: Vocabulary, glossary: Glossary) -> PreparedQuery:
    text = vocabulary.split_run_together(normalize(question))
    corrected, corrections = vocabulary.correct(text)
    return PreparedQuery(question, corrected, tuple(corrections),
                         tuple(glossary.expansions(corrected)))
