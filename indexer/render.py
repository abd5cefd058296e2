"""Turn answers into the Markdown the chat shows. Document text is data, never markup.

Everything that comes from a document (titles, headings, passages) is HTML-escaped and has
its Markdown control characters backslash-escaped, so a document cannot inject a link,
an image, a script or formatting into the page.
"""

from __future__ import annotations

import html
import re


NOT_MEDICAL_ADVICE = ("Not medical advice: these are passages quoted from the documents, "
                      "for information only. Talk to a doctor about your own health.")

# Markdown's punctuation; "<", ">" and "&" are left to html.escape, which runs second so
# that its entities ("&lt;") are not themselves backslash-escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def escape_markdown(text: str) -> str:
    """Show `text` literally in a Markdown/HTML message."""
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)


def _highlighted(text: str, quotes: list[str]) -> str:
    """`text` escaped for Markdown, with each quoted piece wrapped in <mark>."""
    marks: list[tuple[int, int]] = []
    for quote in quotes:
        at = text.find(quote)
        if at >= 0 and quote:
            marks.append((at, at + len(quote)))
    marks.sort()
    out, cursor = [], 0
    for a, b in marks:
        if a < cursor:
            continue
        out.append(escape_markdown(text[cursor:a]))
        out.append(f"<mark>{escape_markdown(text[a:b])}</mark>")
        cursor = b
    out.append(escape_markdown(text[cursor:]))
    return "".join(out).replace("\n", "  \n")


def _source_block(ref, sources: dict[str, dict], quotes: list[str]) -> str:
    chunk = ref.chunk
    heading = escape_markdown(chunk.title)
    if chunk.section:
        heading += " — " + escape_markdown(chunk.section_label)
    meta = sources.get(chunk.source, {}).get("meta", {})
    where = [f"`{chunk.source}` characters {chunk.start}–{chunk.end}"]
    where += [escape_markdown(str(meta[key])) for key in ("publisher", "date") if meta.get(key)]
    return (f"**[{ref.n}] {heading}**  \n<small>{' · '.join(where)}</small>\n\n"
            f"> {_highlighted(chunk.text, quotes)}")


def answer_markdown(answer, sources: dict[str, dict]) -> str:
    """The chat's reply: urgent advice first, the cited answer (or "not covered" with related
    passages collapsed), then the numbered sources with the quoted sentences highlighted."""
    from .answer import NOT_COVERED, PARTIAL

    out: list[str] = []
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
    quotes: dict[int, list[str]] = {}
    for line in (*answer.urgent, *answer.lines):
        for ref_n in line.citations:
            quotes.setdefault(ref_n, []).extend(f.text for f in line.fragments)
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
