"""Turn hits into the Markdown the chat shows. Document text is data, never markup.

Everything that comes from a document (titles, headings, passages) is HTML-escaped and has
its Markdown control characters backslash-escaped, so a document cannot inject a link,
an image, a script or formatting into the page.
"""

from __future__ import annotations

import html
import re

from .records import Hit

NOT_MEDICAL_ADVICE = ("Not medical advice: these are passages quoted from the documents, "
                      "for information only. Talk to a doctor about your own health.")

# Markdown's punctuation; "<", ">" and "&" are left to html.escape, which runs second so
# that its entities ("&lt;") are not themselves backslash-escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def escape_markdown(text: str) -> str:
    """Show `text` literally in a Markdown/HTML message."""
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)


def _where(hit: Hit, meta: dict) -> str:
    chunk = hit.chunk
    parts = [f"`{chunk.source}` characters {chunk.start}–{chunk.end}"]
    parts += [escape_markdown(str(meta[key])) for key in ("publisher", "date") if meta.get(key)]
    parts.append(f"match {hit.score:.2f}")
    return " · ".join(parts)


def passages_markdown(question: str, hits: list[Hit], sources: dict[str, dict],
                      searched_for: str | None = None) -> str:
    """The passages for a question, best first, each with document title, section and source.

    `sources` is the manifest's per-source record (title and metadata); `searched_for` is the
    question as searched (typos corrected, aliases added) when that differs from what was typed.
    """
    if not hits:
        return "The index holds no passages yet.\n\n_" + NOT_MEDICAL_ADVICE + "_"
    out = ["**Passages that best match your question**, best first:"]
    if searched_for:
        out.insert(0, f"<small>Searched for: {escape_markdown(searched_for)}</small>")
    for hit in hits:
        chunk = hit.chunk
        heading = escape_markdown(chunk.title)
        if chunk.section:
            heading += " — " + escape_markdown(chunk.section_label)
        meta = sources.get(chunk.source, {}).get("meta", {})
        body = "  \n".join(escape_markdown(line) for line in chunk.text.split("\n"))
        out.append(f"**[{hit.rank}] {heading}**  \n<small>{_where(hit, meta)}</small>\n\n> {body}")
    out.append("_" + NOT_MEDICAL_ADVICE + "_")
    return "\n\n".join(out)
