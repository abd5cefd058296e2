"""From the question as typed to what each retriever sees.

normalise → correct typos against the corpus → add glossary aliases. The dense side embeds the
corrected question with its aliases appended; the BM25 side takes the stemmed terms of the
same, with run-together words split as the chunks' indexed text has them. Only BM25 sees the
split: a drug or a name the English counts lack is not two words ("ativan" is not "at ivan"),
and the checks for what the sources never mention read `corrected`. `PreparedQuery` keeps every
step so the chat can show "searched for: myasthenia gravis (you typed: gravus)".
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
    lexical_text: str = ""          # `corrected`, run-together words split
    said_terms: tuple[str, ...] = ()     # glossary terms `corrected` says ("magnet machine")

    @property
    def dense_text(self) -> str:
        if not self.expansions:
            return self.corrected
        return f"{self.corrected} ({'; '.join(self.expansions)})"

    @property
    def lexical_terms(self) -> list[str]:
        return terms(" ".join((self.lexical_text or self.corrected, *self.expansions)))


def prepare(question: str, vocabulary: Vocabulary, glossary: Glossary) -> PreparedQuery:
    corrected, corrections = vocabulary.correct(normalize(question), keep=glossary.words)
    expansions, said = glossary.read(corrected)
    return PreparedQuery(question, corrected, tuple(corrections), tuple(expansions),
                         vocabulary.split_run_together(corrected), tuple(said))
