"""Read source files into `Document`s: raw text exactly as decoded, plus title and metadata.

Offsets everywhere are character offsets into `Document.raw`, the file's bytes decoded as
UTF-8 and nothing else: no newline translation, no BOM stripping, so a citation's
``raw[start:end]`` is what a reader sees when they open the file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CorpusError, UnsupportedFormat
from .formats import SUPPORTED_SUFFIXES, Loaded, load_file
from .textmap import normalize

# Optional per-document metadata lives beside the documents in this file (see README).
METADATA_FILE = "metadata.json"
# A title is shown with every passage and embedded with every chunk; a first line longer than
# this is cut (at a space) for the title.
MAX_TITLE_CHARS = 200


@dataclass(frozen=True)
class Document:
    """One source file. `source` is its path as cited (relative to the repository root)."""

    source: str
    raw: str
    title: str
    sha256: str
    meta: dict = field(default_factory=dict)
    loaded: Loaded | None = None       # how it was read: HTML view and map, PDF pages

    @property
    def text_for_chunking(self) -> str:
        """What the chunker reads: the HTML view, else the cited text itself."""
        return self.loaded.view if self.loaded and self.loaded.view is not None else self.raw


@dataclass(frozen=True)
class Skipped:
    """A file the build did not index, and the one-line reason shown in the build summary."""

    source: str
    reason: str


def file_sha256(path: Path) -> str:
    """Streamed, so an index file of gigabytes is hashed without being held in memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_name(path: Path, root: Path | None = None) -> str:
    """How a file is cited: relative to `root` (the working directory) when inside it."""
    root = (root or Path.cwd()).resolve()
    resolved = path.resolve()
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return resolved.as_posix()


def _first_line_title(raw: str) -> str:
    for line in raw.splitlines():
        text = normalize(line[:4 * MAX_TITLE_CHARS])
        if text:
            return text.lstrip("#").strip()
    return ""


def _short(title: str) -> str:
    if len(title) <= MAX_TITLE_CHARS:
        return title
    cut = title.rfind(" ", 0, MAX_TITLE_CHARS)
    return title[:cut if cut > 0 else MAX_TITLE_CHARS] + " …"


def load_document(path: Path, *, meta: dict | None = None, source: str | None = None) -> Document:
    """Load one file. Raises `UnsupportedFormat` or `CorpusError` with a message for the user."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(
            f"{path.name}: unsupported file type '{path.suffix or '(none)'}'; "
            f"supported types are {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        loaded = load_file(path)
    except OSError as exc:
        raise CorpusError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    readable = loaded.view if loaded.view is not None else loaded.raw
    if not readable.strip():
        raise CorpusError(f"{path.name}: empty document (no text to index)")
    meta = dict(meta or {})
    title = _short(normalize(str(meta.get("title", ""))) or _first_line_title(readable) or path.stem)
    return Document(source=source or source_name(path), raw=loaded.raw, title=title,
                    sha256=loaded.sha256, meta=meta, loaded=loaded)


def load_metadata(corpus_dir: Path) -> dict[str, dict]:
    """Per-file metadata keyed by file name; a missing file means no metadata at all."""
    path = corpus_dir / METADATA_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: not valid JSON ({exc}); fix or delete it and rebuild") from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise CorpusError(f"{path}: expected an object mapping file names to "
                          '{"title": ..., "publisher": ..., "date": ...}')
    return data


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The files a build considers, in a stable order (hidden files and the metadata file aside).
    Symbolic links are not followed: a link could point anywhere on the machine."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"No corpus folder at {corpus_dir} — create it and put documents "
                          f"({', '.join(SUPPORTED_SUFFIXES)}) in it")
    return sorted(p for p in corpus_dir.rglob("*")
                  if p.is_file() and not p.is_symlink() and p.name != METADATA_FILE
                  and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts))


def load_corpus(corpus_dir: Path) -> tuple[list[Document], list[Skipped]]:
    """Every loadable document under `corpus_dir`, and the files skipped with their reason."""
    metadata = load_metadata(corpus_dir)
    documents: list[Document] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}           # sha256 → source: the same content is indexed once
    for path in corpus_files(corpus_dir):
        relative = path.relative_to(corpus_dir).as_posix()
        try:
            document = load_document(path, meta=metadata.get(relative))
        except CorpusError as exc:
            skipped.append(Skipped(source_name(path), str(exc)))
            continue
        if document.sha256 in seen:
            skipped.append(Skipped(document.source, f"same content as {seen[document.sha256]}"))
            continue
        seen[document.sha256] = document.source
        documents.append(document)
    return documents, skipped
