"""Drop page chrome (navigation, promos, widgets, footers) before anything is indexed.

The rules are general, for web pages captured as text; none names a file. In order:

1. **footer** — a footer marker line ("Related Articles", "Comments", "Hashtags", "Latest
   discussions", "Was this page helpful?", "Thinking about asking ChatGPT?" …) in the second
   half of the document starts the page footer: it and everything after it are dropped. (In
   the first half such a line is dropped alone: an article may have a "Comments" heading.)
2. **navigation** — a "Table of Contents" / "In this article" line and the list under it.
   Its entries are kept aside: they tell which headings are top level.
3. **header** — when the document's title (from the metadata file) appears among the first
   lines, what stands above it (logo text, a dateline) is site header.
4. **promo** — a short block (≤ 5 lines, ≤ 60 words, set off by blank lines) containing a call
   to action or community blurb (`PROMO_PATTERNS`); in longer blocks, such a line alone.
5. **label** — a lone lower-case line of ≤ 4 words with no punctuation set off by blank lines:
   image alt text or a widget label ("answer background").
6. **empty heading** — (applied after headings are found, in `structure`) a heading that
   introduces no text ("Explanation", "13 Alikes with …").

Every dropped line is reported, grouped into blocks, so a maintainer can see what went.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .structure import BLANK, HEADING, TITLE, Line, same_text
from .textmap import BULLET_RE

FOOTER_MARKERS = re.compile(
    r"^(?:related (?:articles|posts|stories|content)|you (?:may|might) also like|more from\b.*"
    r"|latest discussions|comments?|no comments yet\W*|hashtags|tags|share this(?: article)?"
    r"|was this (?:page|article) helpful\??|thinking about asking \w+\?.*|try our ai features"
    r"|recommended(?: for you)?|popular (?:posts|articles)|advertisement)$", re.I)

NAVIGATION_MARKERS = re.compile(
    r"^(?:table of contents|contents|in this article|on this page|jump to)\b.{0,40}$", re.I)

PROMO_PATTERNS = re.compile("|".join([
    r"\btry our\b.*\bfeatures?\b", r"\bexplore what\b.*\bcan do for you\b",
    r"\bthinking about asking\b", r"\bask me instead\b", r"\btell your friends\b",
    r"\bwe would love to help\b", r"\bwas this (?:page|article) helpful\b",
    r"\blearn from others\b", r"\bfind people who\b", r"\bjoin (?:our|the) community\b",
    r"\bsign up\b", r"\bsubscribe\b", r"\bnewsletter\b", r"\bshare (?:this|on)\b",
    r"\byour submission has been received\b", r"\b100% free\b",
    r"\blearn more about our editorial\b", r"\bno comments yet\b", r"\bleave a comment\b",
    r"\bfor first time users\b", r"\blogo\s*$", r"^(?:published|updated|posted)(?: on)?:",
    r"^advertisement$", r"\bcommunity\b.*\b(?:experiencing|join|members)\b",
]), re.I)

PROMO_MAX_LINES = 5
PROMO_MAX_WORDS = 60
LABEL_MAX_WORDS = 4
HEADER_SEARCH_LINES = 10
PREVIEW_WORDS = 8


@dataclass(frozen=True)
class DroppedBlock:
    """A run of dropped lines, for the build summary: which rule, where, and how it starts."""

    rule: str
    start: int
    end: int
    preview: str


@dataclass(frozen=True)
class CleaningReport:
    kept_chars: int
    total_chars: int
    dropped: tuple[DroppedBlock, ...]
    toc: tuple[str, ...]


def _drop(line: Line, rule: str) -> None:
    if line.kind != BLANK and not line.dropped:
        line.dropped = rule


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines separated by blank lines."""
    blocks, current = [], []
    for line in lines:
        if line.kind == BLANK:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def drop_footer(lines: list[Line]) -> None:
    content = [line for line in lines if line.kind != BLANK]
    for position, line in enumerate(content):
        if FOOTER_MARKERS.match(line.text):
            if position >= len(content) / 2:
                for rest in content[position:]:
                    _drop(rest, "footer")
                return
            _drop(line, "footer")


def drop_navigation(lines: list[Line]) -> list[str]:
    entries: list[str] = []
    content = [line for line in lines if line.kind != BLANK]
    for i, line in enumerate(content):
        if line.dropped or not NAVIGATION_MARKERS.match(line.text):
            continue
        _drop(line, "navigation")
        for item in content[i + 1:]:
            if not BULLET_RE.match(item.text):
                break
            entries.append(BULLET_RE.sub("", item.text))
            _drop(item, "navigation")
    return entries


def drop_header(lines: list[Line], title: str) -> None:
    content = [line for line in lines if line.kind != BLANK and not line.dropped]
    for i, line in enumerate(content[:HEADER_SEARCH_LINES]):
        if same_text(line.text, title):
            for above in content[:i]:
                _drop(above, "header")
            return


def drop_promos(lines: list[Line]) -> None:
    for block in _blocks(lines):
        words = sum(len(line.text.split()) for line in block)
        if len(block) <= PROMO_MAX_LINES and words <= PROMO_MAX_WORDS:
            if PROMO_PATTERNS.search(" ".join(line.text for line in block)):
                for line in block:
                    _drop(line, "promo")
        else:
            for line in block:
                if len(line.text.split()) <= 20 and PROMO_PATTERNS.search(line.text):
                    _drop(line, "promo")


def drop_labels(lines: list[Line], title: str = "") -> None:
    """A lone short lower-case line (image alt text), unless it is the title: a page may name
    its subject in lower case ("achondroplasia")."""
    for block in _blocks(lines):
        if len(block) != 1:
            continue
        text = block[0].text
        if (len(text.split()) <= LABEL_MAX_WORDS and text[:1].islower() and not same_text(text, title)
                and not re.search(r"[.!?:;,]", text)):
            _drop(block[0], "label")


def drop_empty_headings(lines: list[Line]) -> None:
    """A heading followed (past blanks) by a heading at its level or above, a title, or the end."""
    kept = [line for line in lines if line.kept]
    for i, line in enumerate(kept):
        if line.kind != HEADING:
            continue
        following = next((n for n in kept[i + 1:] if not n.dropped), None)
        if following is None or following.kind == TITLE or (
                following.kind == HEADING and following.level <= line.level):
            _drop(line, "empty heading")


def clean_lines(lines: list[Line], title: str) -> list[str]:
    """Apply rules 1–5 in place; returns the table-of-contents entries found."""
    drop_footer(lines)
    toc = drop_navigation(lines)
    drop_header(lines, title)
    drop_promos(lines)
    drop_labels(lines, title)
    return toc


def report(lines: list[Line], toc: list[str]) -> CleaningReport:
    """Group dropped lines into blocks (consecutive, same rule) and count what was kept."""
    dropped: list[DroppedBlock] = []
    run: list[Line] = []

    def flush():
        if run:
            words = " ".join(line.text for line in run).split()
            preview = " ".join(words[:PREVIEW_WORDS]) + (" …" if len(words) > PREVIEW_WORDS else "")
            dropped.append(DroppedBlock(run[0].dropped, run[0].start, run[-1].end, preview))
            run.clear()

    for line in lines:
        if line.kind == BLANK:
            continue
        if line.dropped and run and run[0].dropped == line.dropped:
            run.append(line)
        else:
            flush()
            if line.dropped:
                run.append(line)
    flush()
    content = [line for line in lines if line.kind != BLANK]
    kept = sum(line.end - line.start for line in content if not line.dropped)
    total = sum(line.end - line.start for line in content)
    return CleaningReport(kept, total, tuple(dropped), tuple(toc))

