"""Sentences and sizes: where a logical line splits into sentences, how many word pieces a
text costs, and the hard bounds every document is held to.

Sentence boundaries come from `sentencex` (maintained, rule-based, no model download); a
"sentence" longer than `MAX_SENTENCE_CHARS` (a paragraph with no sentence break) is cut at a
space. Every sentence keeps its exact raw span.
"""

from __future__ import annotations

import math
import re

from sentencex import segment

from .records import Sentence
from .settings import WORDPIECES_PER_TOKEN
from .textmap import MappedText

TOKEN_RE = re.compile(r"\w+|[^\w\s]")

# Hard bounds, whatever a document looks like (a 19 MB paragraph with no sentence break was one
# chunk and one sentence: every answer quoting it was 38 MB). The seed corpus's longest
# sentence is 353 characters and its longest chunk 1,021, so real prose never meets them.
# A sentence longer than MAX_SENTENCE_CHARS is cut at a space into pieces; a chunk's text stays
# under MAX_CHUNK_CHARS because packing also counts at least one token per CHARS_PER_TOKEN
# characters (long words) and headings are short (structure.MAX_MARKDOWN_HEADING_CHARS).
MAX_SENTENCE_CHARS = 1_500
MAX_CHUNK_CHARS = 4_000
CHARS_PER_TOKEN = 8
# Embedding runs at ~275 sentences/s on 2 cores: 20,000 sentences (a 600-page book) is about
# a minute and a half. A file of 100,000 short lines would take half an hour; it is skipped
# with the reason, and the limit is printed in the build summary.
MAX_SENTENCES_PER_DOCUMENT = 20_000


def estimate_tokens(text: str) -> int:
    """Word pieces the encoder will see, estimated without a tokenizer (see settings)."""
    return math.ceil(len(TOKEN_RE.findall(text)) * WORDPIECES_PER_TOKEN)


def capped_pieces(text: str, a: int, b: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """`text[a:b]` as spans of at most `limit` characters, cut after a space where there is one."""
    pieces = []
    while b - a > limit:
        cut = text.rfind(" ", a + 1, a + limit + 1)
        cut = cut if cut > a else a + limit
        pieces.append((a, cut))
        a = cut + (text[cut] == " ")
    if b > a:
        pieces.append((a, b))
    return pieces


def split_sentences(mapped: MappedText) -> list[Sentence]:
    """Sentences of one logical line, each with its raw span (sentencex does the splitting);
    none longer than `MAX_SENTENCE_CHARS`."""
    sentences, cursor = [], 0
    text = mapped.text
    for piece in segment("en", text):
        stripped = piece.strip()
        if not stripped:
            cursor += len(piece)
            continue
        a = text.find(stripped, cursor)
        if a < 0:  # the segmenter changed the text: fall back to the whole line
            return [Sentence(*mapped.raw_span(x, y), text[x:y])
                    for x, y in capped_pieces(text, 0, len(text))]
        b = a + len(stripped)
        sentences += [Sentence(*mapped.raw_span(x, y), text[x:y]) for x, y in capped_pieces(text, a, b)]
        cursor = b
    return sentences
