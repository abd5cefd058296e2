"""One answer as the chat shows it (HTML) and as a note to take to a doctor (plain text).
Document text is data, never markup: every string from a document or a person is escaped.

The answer comes first, as it reads: quoted lines (a list as a real list), each with
citation buttons [n]; a comparison lined up by aspect; then the sources, one compact line each
(title · publisher · date) that opens to the passage with the quoted words marked. For an
emergency, an app-written banner says to call for help before anything is quoted. Terms the
corpus defines ("fasciculations", "muscle twitching") carry their plain words, shown on hover
or tap. File names and character offsets appear only inside "For checking".
"""

from __future__ import annotations

import html
import re

from .records import PARTIAL
from .understanding import OTHER_ASPECT, aspect_of, term_pattern

NOT_MEDICAL_ADVICE = ("Not medical advice: these are passages quoted from the documents, "
                      "for information only. Talk to a doctor about your own health.")
EMERGENCY = "If this is happening now, call your local emergency number."
NOT_STATED = "not stated in these sources"
# Terms defined per answer, first occurrence each: more would turn the answer into a glossary.
MAX_DEFINED_TERMS = 3


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def marked(text: str, quotes: list[str]) -> str:
    """`text` escaped, each quoted piece (found in order) wrapped in <mark>, line breaks kept."""
    spans = sorted((at, at + len(q)) for q in quotes if q and (at := text.find(q)) >= 0)
    out, cursor = [], 0
    for a, b in spans:
        if a < cursor:
            continue
        out += [esc(text[cursor:a]), f"<mark>{esc(text[a:b])}</mark>"]
        cursor = b
    out.append(esc(text[cursor:]))
    return "".join(out).replace("\n", "<br>")


class Definitions:
    """Wraps the first few technical terms of an answer with their plain words (glossary)."""

    def __init__(self, definitions: dict[str, str], pattern=None):
        self.definitions = definitions
        # The index builds the pattern once (3,600 terms on a 5,000-page corpus: 4 ms a build).
        self.pattern = pattern or (term_pattern(definitions) if definitions else None)
        self.used: set[str] = set()

    def html(self, text: str) -> str:
        if self.pattern is None:
            return esc(text)
        out, cursor = [], 0
        lowered = text.lower()
        for match in self.pattern.finditer(text):
            term = " ".join(match.group(0).lower().split())
            plain = self.definitions.get(term)
            if (plain is None or term in self.used or len(self.used) >= MAX_DEFINED_TERMS
                    or plain in lowered):     # "Myasthenia gravis (MG)" explains itself
                continue
            self.used.add(term)
            out += [esc(text[cursor:match.start()]),
                    f'<span class="term" tabindex="0">{esc(match.group(0))}'
                    f'<span class="def"> ({esc(plain)})</span></span>']
            cursor = match.end()
        out.append(esc(text[cursor:]))
        return "".join(out)


def source_meta(ref, sources: dict[str, dict], *, section: bool = False) -> str:
    """"Title · Publisher · Date" of a numbered source (what is known of it); with `section`,
    the passage's heading first ("Myasthenia gravis — Title · Publisher"): on a narrow screen
    the line is cut at its end, and the heading is what tells two passages of one article apart."""
    meta = sources.get(ref.chunk.source, {}).get("meta", {})
    title = (f"{ref.chunk.section[-1]} — " if section and ref.chunk.section else "") + ref.chunk.title
    return " · ".join([title] + [str(meta[k]) for k in ("publisher", "date") if meta.get(k)])


def _cites(citations, titles: dict[int, str]) -> str:
    return "".join(f'<button type="button" class="cite" data-n="{n}" aria-label="Source {n}: '
                   f'{esc(titles.get(n, ""))}">{n}</button>' for n in citations)


def _line_html(line, terms: Definitions, titles: dict[int, str]) -> str:
    cites = _cites(line.citations, titles)
    many = (f'<span class="many">stated in {len(line.citations)} sources</span>'
            if len(line.citations) > 1 else "")
    if line.kind == "list":     # intro lines (a lead sentence, "Causes include:", a heading), then bullets
        rows = line.text.split("\n")
        lead = next((k for k, row in enumerate(rows) if row.startswith("- ")), len(rows))
        intro = "".join(f"<p>{terms.html(row)}</p>" for row in rows[:lead])
        bullets = "".join(f"<li>{terms.html(item.removeprefix('- '))}</li>" for item in rows[lead:])
        listed = f"<ul>{bullets}</ul>" if bullets else ""     # (an intro whose lists follow: listing.sub_lists)
        return f'<div class="line">{intro}{listed}<p class="cited">{cites}{many}</p></div>'
    first = line.fragments[0].text if line.fragments else ""
    if line.kind == "text" and first.endswith(":") and line.text.startswith(first + " … "):
        item = line.text[len(first) + 3:]       # a list item shown under its intro
        return (f'<div class="line"><p>{terms.html(first)}</p><ul><li>{terms.html(item)} {cites}'
                f'{many}</li></ul></div>')
    return f'<p class="line">{terms.html(line.text)} {cites}{many}</p>'


def _comparison_html(sides, terms: Definitions, titles: dict[int, str]) -> str:
    """"X vs Y" lined up by aspect (tests, treatment, course…): a cell no source fills says so.
    On a narrow screen the CSS stacks each aspect's two cells."""
    (left, left_lines), (right, right_lines) = sides
    aspects: dict[str, tuple[list, list]] = {}
    for k, lines in ((0, left_lines), (1, right_lines)):
        for line in lines:
            aspects.setdefault(aspect_of(line.text), ([], []))[k].append(line)
    order = sorted(aspects, key=lambda a: a == OTHER_ASPECT)

    def cell(lines, label):
        if not lines:
            return f'<td data-label="{esc(label)}" class="unstated">{NOT_STATED}</td>'
        body = " ".join(f"{terms.html(line.text)} {_cites(line.citations, titles)}" for line in lines)
        return f'<td data-label="{esc(label)}">{body}</td>'
    rows = "".join(f'<tr><th scope="row">{esc(aspect)}</th>{cell(aspects[aspect][0], left)}'
                   f"{cell(aspects[aspect][1], right)}</tr>" for aspect in order)
    return (f'<table class="compare"><caption>Side by side</caption><thead><tr><td></td>'
            f'<th scope="col">{esc(left)}</th><th scope="col">{esc(right)}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def passage_html(ref, sources: dict[str, dict], quotes: list[str]) -> str:
    """A numbered source opened: where it is, the passage with the quoted words marked, a link
    to the original (when the corpus metadata has a url), and the exact span for checking."""
    chunk = ref.chunk
    meta = sources.get(chunk.source, {}).get("meta", {})
    where = esc(chunk.title) + (f" — {esc(chunk.section_label)}" if chunk.section else "")
    url = str(meta.get("url", ""))
    link = (f'<p><a href="{esc(url)}" target="_blank" rel="noopener noreferrer">Read the original'
            "</a></p>") if re.match(r"https?://", url) else ""
    page = f", {chunk.page_label}" if chunk.page else ""
    return (f'<div class="passage" data-n="{ref.n}"><p class="where">{where}</p>'
            f"<blockquote>{marked(chunk.text, quotes)}</blockquote>{link}"
            f'<details class="check"><summary>For checking</summary><p>{esc(chunk.source)}{page}, '
            f"characters {chunk.start}–{chunk.end}</p></details></div>")


def answer_html(answer, sources: dict[str, dict], definitions: dict[str, str], definition_pattern=None) -> str:
    """The answer block of one turn (see module doc); `definition_pattern` finds the defined
    terms (`Index.definition_pattern`; built from `definitions` if not given)."""
    terms = Definitions(definitions, definition_pattern)
    titles = {ref.n: ref.chunk.title for ref in answer.sources}
    out = []
    if answer.urgent:
        urgent = "".join(_line_html(line, terms, titles) for line in answer.urgent)
        out.append(f'<div class="emergency" role="alert"><p class="call">{EMERGENCY}</p>{urgent}</div>')
    urgent_spans = {(f.source, f.start, f.end) for line in answer.urgent for f in line.fragments}
    if answer.abstained:
        # Names typed by the person may be in it ("…don't mention Nuedexta"): escaped.
        out.append(f'<p class="not-covered">{html.escape(answer.not_covered_text, quote=False)}</p>')
    else:   # the banner's sentence is not repeated below it
        lines = [line for line in answer.lines
                 if not any((f.source, f.start, f.end) in urgent_spans for f in line.fragments)]
        if answer.not_covered:      # the half of a two-part question the sources do not cover
            out.append(f'<p class="not-covered">{html.escape(answer.not_covered, quote=False)}</p>')
        if lines and not answer.confident and not answer.urgent:
            out.append(f'<p class="partial">{PARTIAL}</p>')
        out += [_line_html(line, terms, titles) for line in lines]
        if answer.sides:
            out.append(_comparison_html(answer.sides, terms, titles))
    quotes = answer.quotes_by_source()
    if answer.sources:
        items = "".join(f'<li><details><summary><span class="n">{ref.n}</span> '
                        f"{esc(source_meta(ref, sources, section=True))}</summary>"
                        f"{passage_html(ref, sources, quotes.get(ref.n, []))}</details></li>"
                        for ref in answer.sources)
        out.append(f'<section class="sources"><h3>Sources</h3><ol>{items}</ol></section>')
    if answer.abstained and answer.related:
        related = "".join(f"<li><strong>{esc(h.chunk.title)}</strong> — {esc(h.chunk.section_label)}: "
                          f"{esc(h.chunk.text[:300])}…</li>" for h in answer.related)
        out.append(f'<details class="related"><summary>Closest passages (related reading, not an '
                   f"answer)</summary><ul>{related}</ul></details>")
    return "".join(out)


def note_text(question: str, answer, sources: dict[str, dict]) -> str:
    """The answer as plain text to copy and bring to a doctor's visit: the question, the
    quoted lines with their [n], the numbered references (title, publisher, date, link)."""
    out = [f"Question: {question}", ""]
    if answer.urgent:
        out += [EMERGENCY] + [f"{line.text} [{', '.join(map(str, line.citations))}]"
                              for line in answer.urgent] + [""]
    if answer.abstained or answer.not_covered:
        out.append(answer.not_covered_text)
    for line in answer.lines:
        marks = "".join(f"[{n}]" for n in line.citations)
        out.append("- " + line.text.replace("\n- ", "\n    - ").replace("\n", "\n  ") + f" {marks}")
    for label, lines in answer.sides:         # the side-by-side table, so its [n] are in the note
        out += [""] if lines else []
        out += [f"{label}: {line.text} {''.join(f'[{n}]' for n in line.citations)}" for line in lines]
    if answer.sources:
        out += ["", "Sources"]
        for ref in answer.sources:
            url = sources.get(ref.chunk.source, {}).get("meta", {}).get("url")
            out.append(f"[{ref.n}] {source_meta(ref, sources, section=True)}" + (f". {url}" if url else ""))
    out += ["", "Quoted word for word from the sources above. " + NOT_MEDICAL_ADVICE]
    return "\n".join(out)


def document_html(chunks, cited_id: int, quotes: list[str]) -> str:
    """A whole cleaned document (its chunks in order) with the cited passage framed and the
    quoted text marked; everything escaped. The passage carries the class "cited-passage"."""
    parts = []
    for chunk in sorted(chunks, key=lambda c: c.start):
        if chunk.id == cited_id:
            parts.append(f'<div class="cited-passage">{marked(chunk.text, quotes)}</div>')
        else:
            parts.append(f"<p>{esc(chunk.text).replace(chr(10), '<br>')}</p>")
    return "\n".join(parts)
