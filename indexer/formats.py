"""Reading each file type into text the chunker can cut, with a map back to the cited text.

* `.txt`, `.md`: the bytes decoded (UTF-8, else the encoding charset-normalizer detects; a
  file no common encoding decodes is refused). The cited text *is* the decoded file.
* `.html`, `.htm`: the cited text is the decoded HTML source. The chunker reads a *view*: the
  visible text, one block per line, headings as Markdown `#` lines, list items as "- ";
  `<script>`, `<style>`, `<nav>`, `<header>`, `<footer>`, `<aside>`, `<form>` and comments are
  dropped. Every view character maps to the source span it came from, so chunks still cite
  exact offsets into the HTML. (A small standard-library parser rather than trafilatura:
  trafilatura's main-text extraction returns text without source offsets.)
* `.pdf`: the cited text is pypdf's extracted text, pages joined by a form feed; each chunk
  records the page it starts on.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .errors import CorpusError
from .textmap import Offsets, offsets

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES
PAGE_BREAK = "\f"
# Files bigger than this are refused rather than read (a corpus of articles, not a data dump):
# normalising text costs ~2 s per MB on these machines, so 20 MB bounds a file to ~40 s.
MAX_FILE_BYTES = 20_000_000
# Prose has no 1,000-character run without whitespace; base64, minified data or a binary
# blob does, and chunking one would take minutes for nothing (1 MB such run: 6.4 s).
MAX_RUN_CHARS = 1_000
MAX_PDF_PAGES = 2_000
SKIPPED_TAGS = frozenset("head title script style nav header footer aside form noscript template svg".split())
BLOCK_TAGS = frozenset("p div section article main li ul ol table tr td th h1 h2 h3 h4 h5 h6 br "
                       "blockquote pre dt dd figcaption caption hr".split())


@dataclass(frozen=True)
class Loaded:
    """A file's cited text, and (for HTML) the view the chunker reads with its span map."""

    raw: str
    view: str | None = None
    view_starts: Offsets = field(default_factory=offsets)   # HTML: source span of each view character
    view_ends: Offsets = field(default_factory=offsets)
    page_starts: tuple[int, ...] = ()      # PDF: offset where each page's text begins
    encoding: str = "utf-8"
    sha256: str = ""                       # of the bytes that were parsed

    def page_of(self, offset: int) -> int:
        """1-based page number of `offset` (0 when the format has no pages)."""
        return bisect.bisect_right(self.page_starts, offset) if self.page_starts else 0


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Text and encoding: UTF-8 first, else a confident detection; refuse binary data."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    text = str(best) if best is not None else None
    if text is None or "\x00" in text or sum(ch < " " and ch not in "\t\n\r\f" for ch in text) > len(text) // 100:
        raise CorpusError(f"{name}: not text in any common encoding (UTF-8, Latin-1, Windows-1252, …); "
                          "save it as UTF-8 and rebuild")
    return text, best.encoding


class _Viewer(HTMLParser):
    """Builds the view of an HTML page, remembering each view character's source span."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.out: list[str] = []
        self.starts, self.ends = offsets(), offsets()
        self.skip_depth = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _emit(self, text: str, start: int, end: int) -> None:
        for ch in text:
            self.out.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def _break(self) -> None:
        if self.out and self.out[-1] != "\n":
            at = self._offset()
            self._emit("\n", at, at)

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skip_depth += 1
        if self.skip_depth:
            return
        if tag in BLOCK_TAGS:
            self._break()
        at = self._offset()
        if re.fullmatch(r"h[1-6]", tag):
            self._emit("#" * int(tag[1]) + " ", at, at)
        elif tag == "li":
            self._emit("- ", at, at)

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skip_depth:
            self.skip_depth -= 1
            return
        if not self.skip_depth and tag in BLOCK_TAGS:
            self._break()

    def handle_data(self, data):
        if self.skip_depth:
            return
        start = self._offset()
        for k, ch in enumerate(data):
            self._emit("\n" if ch == "\n" else ch, start + k, start + k + 1)

    def _entity(self, raw: str) -> None:
        if self.skip_depth:
            return
        start = self._offset()
        self._emit(html.unescape(raw), start, start + len(raw))

    def handle_entityref(self, name):
        self._entity(f"&{name};")

    def handle_charref(self, name):
        self._entity(f"&#{name};")


def html_view(source: str) -> tuple[str, Offsets, Offsets]:
    viewer = _Viewer(source)
    viewer.feed(source)
    viewer.close()
    return "".join(viewer.out), viewer.starts, viewer.ends


def read_pdf(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise CorpusError(f"{path.name}: {len(reader.pages):,} pages is over the "
                              f"{MAX_PDF_PAGES:,}-page limit for one document")
        pages = [(page.extract_text() or "") for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorpusError(f"{path.name}: not a readable PDF ({exc})") from exc
    starts, text = [], ""
    for k, page in enumerate(pages):
        if k:
            text += PAGE_BREAK
        starts.append(len(text))
        text += page
    return text, tuple(starts)


def read_source(path: Path) -> bytes:
    """A file's bytes, read once: what is parsed is what is hashed, even if the file is saved
    again while a build reads it. Refuses files over `MAX_FILE_BYTES` (checked on the bytes
    read too: a file can grow between the size check and the read)."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CorpusError(f"{path.name}: {path.stat().st_size:,} bytes is over the "
                          f"{MAX_FILE_BYTES:,}-byte limit for one document")
    with open(path, "rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise CorpusError(f"{path.name}: over the {MAX_FILE_BYTES:,}-byte limit for one document")
    return data


def load_file(path: Path) -> Loaded:
    """Read one file by its type (see module doc); `CorpusError` says why one cannot be."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusError(f"{path.name}: unsupported file type '{path.suffix or '(none)'}'; "
                          f"supported types are {', '.join(SUPPORTED_SUFFIXES)}")
    data = read_source(path)
    digest = hashlib.sha256(data).hexdigest()
    if suffix in PDF_SUFFIXES:
        text, pages = read_pdf(path, data)
        _check_prose(text, path.name)
        return Loaded(text, page_starts=pages, encoding="pdf", sha256=digest)
    raw, encoding = decode_text(data, path.name)
    if suffix in HTML_SUFFIXES:
        view, starts, ends = html_view(raw)
        _check_prose(view, path.name)
        return Loaded(raw, view, starts, ends, encoding=encoding, sha256=digest)
    _check_prose(raw, path.name)
    return Loaded(raw, encoding=encoding, sha256=digest)


def _check_prose(text: str, name: str) -> None:
    run = re.search(rf"\S{{{MAX_RUN_CHARS},}}", text)
    if run:
        length = len(re.match(r"\S+", text[run.start():]).group(0))
        raise CorpusError(f"{name}: a {length:,}-character run without spaces at character "
                          f"{run.start():,} — not prose (binary, base64 or minified data?)")


def visible_text(source: str, text: str) -> str:
    """What a reader sees of `text`, a span of the file cited as `source` (HTML: tags dropped,
    entities decoded); used to check that an answer quotes its span verbatim."""
    if source.lower().endswith(HTML_SUFFIXES):
        return html_view(text)[0]
    return text
