"""Turn answers into the Markdown the chat shows. Document text is data, never markup.

Everything that comes from a document (titles, headings, passages) is HTML-escaped and has
its Markdown control characters backslash-escaped, so a document cannot inject a link,
an image, a script or formatting into the page.
"""

from __future__ import annotations

import html
import re

from .records import NOT_COVERED, PARTIAL

NOT_MEDICAL_ADVICE = ("Not medical advice: these are passages quoted from the documents, "
                      "for information only. Talk to a doctor about your own health.")

# Markdown's punctuation; "<", ">" and "&" are left to html.escape, which runs second so
# that its entities ("&lt;") are not themselves backslash-escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def escape_markdown(text: str) -> str:
    """Show `text` literally in a Markdown/HTML message."""
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)


def _marked(text: str, quotes: list[str], escape) -> str:
    """`text` escaped with `escape`, each quoted piece (found in order) wrapped in <mark>."""
    spans = sorted((at, at + len(q)) for q in quotes if q and (at := text.find(q)) >= 0)
    out, cursor = [], 0
    for a, b in spans:
        if a < cursor:
            continue
        out.append(escape(text[cursor:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        cursor = b
    out.append(escape(text[cursor:]))
    return "".join(out)


def _highlighted(text: str, quotes: list[str]) -> str:
    """For the chat (Markdown): line breaks kept as Markdown hard breaks."""
    return _marked(text, quotes, escape_markdown).replace("\n", "  \n")


def _source_block(ref, sources: dict[str, dict], quotes: list[str]) -> str:
    chunk = ref.chunk
    heading = escape_markdown(chunk.title)
    if chunk.section:
        heading += " — " + escape_markdown(chunk.section_label)
    meta = sources.get(chunk.source, {}).get("meta", {})
    # The file name is escaped like any document text (a code span would end at a backtick
    # in the name, and the rest would render as live Markdown).
    where = [escape_markdown(chunk.source) + (f" {chunk.page_label}" if chunk.page else "")
             + f" characters {chunk.start}–{chunk.end}"]
    where += [escape_markdown(str(meta[key])) for key in ("publisher", "date") if meta.get(key)]
    return (f"**[{ref.n}] {heading}**  \n<small>{' · '.join(where)}</small>\n\n"
            f"> {_highlighted(chunk.text, quotes)}")


def answer_markdown(answer, sources: dict[str, dict], understood_as: str | None = None) -> str:
    """The chat's reply: urgent advice first, the cited answer (or "not covered" with related
    passages collapsed), the side-by-side view for differentials, then the numbered sources
    with the quoted sentences highlighted. `understood_as`: a follow-up's rewritten question."""
    out: list[str] = []
    if understood_as:
        out.append(f"<small>Understood as: **{escape_markdown(understood_as)}**</small>")
    if answer.searched_for:
        out.append(f"<small>Searched for: {escape_markdown(answer.searched_for)}</small>")
    for line in answer.urgent:
        out.append(f"> ⚠️ **If this is happening now:** {escape_markdown(line.text)} "
                   + "".join(f"[{n}]" for n in line.citations))
    if answer.abstained:
        out.append(f"**{NOT_COVERED}**")
    else:
        if not answer.confident:
            out.append(f"_{PARTIAL}_")
        for line in answer.lines:
            markers = "".join(f"[{n}]" for n in line.citations)
            many = f" _(stated in {len(line.citations)} sources)_" if len(line.citations) > 1 else ""
            body = escape_markdown(line.text).replace("\n", "  \n")
            out.append(f"{body} **{markers}**{many}")
    if answer.sides and not answer.abstained:
        out.append(sides_markdown(answer))
    quotes = answer.quotes_by_source()
    if answer.sources:
        out.append("**Sources**")
        out += [_source_block(ref, sources, quotes.get(ref.n, [])) for ref in answer.sources]
    if answer.abstained and answer.related:
        related = "\n\n".join(
            f"- **{escape_markdown(h.chunk.title)}** — {escape_markdown(h.chunk.section_label)}: "
            f"{escape_markdown(h.chunk.text[:300])}…" for h in answer.related)
        out.append(f"<details><summary>Closest passages (related, not an answer)</summary>\n\n"
                   f"{related}\n\n</details>")
    out.append("_" + NOT_MEDICAL_ADVICE + "_")
    return "\n\n".join(out)


def sides_markdown(answer) -> str:
    """The two-column view of a differential answer, as a Markdown table of verbatim lines."""
    if not answer.sides:
        return ""
    (left, left_lines), (right, right_lines) = answer.sides
    rows = max(len(left_lines), len(right_lines))

    def cell(lines, k):
        if k >= len(lines):
            return ""
        line = lines[k]
        return escape_markdown(line.text).replace("\n", " ") + " **" + "".join(
            f"[{n}]" for n in line.citations) + "**"
    table = [f"| {escape_markdown(left)} | {escape_markdown(right)} |", "|---|---|"]
    table += [f"| {cell(left_lines, k)} | {cell(right_lines, k)} |" for k in range(rows)]
    return "**Side by side**\n\n" + "\n".join(table)


def source_label(ref) -> str:
    """How a numbered source is offered in the source picker."""
    where = ref.chunk.title + (f" — {ref.chunk.section_label}" if ref.chunk.section else "")
    return f"[{ref.n}] {where}"


def document_html(chunks, cited_id: int, quotes: list[str]) -> str:
    """A whole cleaned document (its chunks in order) with the cited passage framed and the
    quoted text marked; everything escaped. The passage carries id="cited-passage" so the page
    can scroll to it."""
    parts = []
    for chunk in sorted(chunks, key=lambda c: c.start):
        if chunk.id == cited_id:
            body = _highlighted_html(chunk.text, quotes)
            parts.append(f'<div id="cited-passage" class="cited-passage">{body}</div>')
        else:
            parts.append(f"<p>{html.escape(chunk.text).replace(chr(10), '<br>')}</p>")
    return "\n".join(parts)


def _highlighted_html(text: str, quotes: list[str]) -> str:
    """For the source viewer (HTML)."""
    return _marked(text, quotes, html.escape).replace("\n", "<br>")
