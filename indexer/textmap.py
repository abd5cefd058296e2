"""Normalise text while remembering, for every output character, where it came from.

Citations must point at the raw file, but search and display want clean text. So
normalisation never works on a bare string: it produces a `MappedText` whose
characters each carry the raw span they came from, and any span of the clean
text maps back to an exact ``raw[start:end]``.

The normalisation (the one documented in the README, "Offsets") is:
  * Unicode NFKC per character cluster (full-width letters, ligatures, NBSP → plain);
  * typographic quotes → ASCII quotes;
  * invisible characters dropped (zero-width, soft hyphen, BOM, bidi controls, C0/C1 controls)
    and lone surrogates (not characters at all: a question with one cannot even be printed);
  * runs of whitespace → one space, trimmed at both ends.
`comparable()` applies the same rules to any string, also drops list-bullet and Markdown
heading markers, and folds all whitespace, which is how tests compare a chunk's text with its raw span.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                            "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})

# Bidi overrides/isolates and zero-width characters: invisible, and a way to make
# text render differently from what is indexed.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad"
                      "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")

# A bullet at the start of a line: "•", "◦", "▪", "*", "-" (also "-Text" with no space,
# as captured web lists often have), en/em dashes used as bullets.
BULLET_RE = re.compile(r"^[ \t]*(?:[•◦▪▸►‣⁃·∙]|[*\-–—](?=\s|[A-Za-z]))[ \t]*")
MARKDOWN_HEADING_RE = re.compile(r"^(#{1,6})\s+")


Offsets = array     # array("q"): one raw offset per clean character


def offsets(values=()) -> Offsets:
    return array("q", values)


def _is_dropped(ch: str) -> bool:
    if ch in INVISIBLE:
        return True
    category = unicodedata.category(ch)
    return (category == "Cc" and not ch.isspace()) or category == "Cs"


@dataclass(frozen=True)
class MappedText:
    """Clean text plus, per character, the raw span ``[starts[i], ends[i])`` it came from.

    The offsets are `array("q")`s, 8 bytes a character: as Python lists of ints they cost ~36,
    and a 20 MB document took 2.4 GB to chunk."""

    text: str
    starts: Offsets
    ends: Offsets

    def raw_span(self, a: int = 0, b: int | None = None) -> tuple[int, int]:
        """Raw-file span covering clean characters ``text[a:b]`` (which must be non-empty)."""
        b = len(self.text) if b is None else b
        if not 0 <= a < b <= len(self.text):
            raise ValueError(f"empty or out-of-range span [{a}:{b}] of {len(self.text)} characters")
        return self.starts[a], self.ends[b - 1]

    def slice(self, a: int, b: int | None = None) -> MappedText:
        """Clean characters ``text[a:b]`` with their raw spans."""
        return MappedText(self.text[a:b], self.starts[a:b], self.ends[a:b])

    @staticmethod
    def join(parts: list[MappedText], sep: str) -> MappedText:
        """Concatenate parts with `sep`; a separator maps to the end of the part before it."""
        text, starts, ends = [], offsets(), offsets()
        for i, part in enumerate(parts):
            if i and sep:
                anchor = ends[-1] if ends else part.starts[0]
                text.append(sep)
                starts.extend([anchor] * len(sep))
                ends.extend([anchor] * len(sep))
            text.append(part.text)
            starts.extend(part.starts)
            ends.extend(part.ends)
        return MappedText("".join(text), starts, ends)


def _clusters(raw: str, start: int, end: int):
    """Yield (raw_start, raw_end) of each base character with its combining marks."""
    i = start
    while i < end:
        j = i + 1
        while j < end and unicodedata.combining(raw[j]):
            j += 1
        yield i, j
        i = j


# Characters the fast path may fold one-for-one: ASCII plus the quotes QUOTE_FOLD maps, minus
# the double prime (NFKC turns it into two primes before the fold).
_FAST_FOLD = {k: v for k, v in QUOTE_FOLD.items() if k != ord("″")}
_SLOW_ASCII = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")   # dropped control characters
_WORD_RUN = re.compile(r"\S+")


def _normalize_simple(segment: str, start: int) -> MappedText | None:
    """`normalize_span` for text that is ASCII once the quotes fold (most of any document):
    one output character per input character, whitespace runs folded. None if not simple."""
    folded = segment.translate(_FAST_FOLD)
    if not folded.isascii() or _SLOW_ASCII.search(folded):
        return None
    pieces: list[str] = []
    starts, ends = offsets(), offsets()
    previous_end = 0
    for match in _WORD_RUN.finditer(folded):
        a, b = match.span()
        if pieces:    # the space stands for the first character of the whitespace run
            gap = start + previous_end
            pieces.append(" ")
            starts.append(gap)
            ends.append(gap + 1)
        pieces.append(match.group())
        starts.extend(range(start + a, start + b))
        ends.extend(range(start + a + 1, start + b + 1))
        previous_end = b
    return MappedText("".join(pieces), starts, ends)


def normalize_span(raw: str, start: int, end: int) -> MappedText:
    """Normalise ``raw[start:end]`` (see module doc), keeping the map back to raw offsets."""
    simple = _normalize_simple(raw[start:end], start)
    if simple is not None:
        return simple
    out: list[str] = []
    starts, ends = offsets(), offsets()
    pending_space: tuple[int, int] | None = None
    for a, b in _clusters(raw, start, end):
        piece = raw[a:b]
        if piece[0].isspace():
            if out and pending_space is None:
                pending_space = (a, b)
            continue
        piece = "".join(ch for ch in piece if not _is_dropped(ch))
        if not piece:
            continue
        piece = unicodedata.normalize("NFKC", piece).translate(QUOTE_FOLD)
        # NFKC can itself produce spaces (e.g. "¼" stays, but "\u2002" → " "); keep them single.
        piece = re.sub(r"\s+", " ", piece)
        if pending_space is not None:
            out.append(" ")
            starts.append(pending_space[0])
            ends.append(pending_space[1])
            pending_space = None
        for ch in piece:
            out.append(ch)
            starts.append(a)
            ends.append(b)
    text = "".join(out)
    # A cluster that normalised to trailing spaces (rare) must not leave them at the edge.
    while text.endswith(" "):
        text, starts, ends = text[:-1], starts[:-1], ends[:-1]
    return MappedText(text, starts, ends)


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


def normalize(text: str) -> str:
    """The normalised form of a plain string (no offsets needed).

    Plain ASCII (nearly every question typed) takes a fast path with the same result: NFKC
    and the quote fold leave ASCII alone, so only control characters go and whitespace folds.
    It saves ~1 ms per question over the offset-mapped walk."""
    if text.isascii():
        return " ".join(_ASCII_CONTROL.sub("", text).split())
    return normalize_span(text, 0, len(text)).text


def comparable(text: str) -> str:
    """Normalised text without bullet or Markdown heading markers, whitespace folded to one space.

    Two strings are "the same modulo normalisation" when their `comparable` forms are equal:
    a chunk's text and ``raw[chunk.start:chunk.end]`` always are.
    """
    lines = (MARKDOWN_HEADING_RE.sub("", BULLET_RE.sub("", line.strip())) for line in text.splitlines())
    return " ".join(" ".join(normalize(line) for line in lines).split())
