"""The index's manifest: one frozen record, parsed once per load, and the checks it makes.

`manifest.json` (a contract, docs/DESIGN.md) says what the index was built from and with:
model, encoder, dimension, chunker settings, each source's sha256, title and metadata, the
chunk/vector/sentence counts, the build time and package version, the vector index type, and
the size and sha256 of every other file. It is written last, so a directory without one is
never taken for an index; loading checks the model, settings and checksums against it before
reading anything else, and says what to do on a mismatch.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .documents import file_sha256
from .errors import IndexCorrupt, IndexMismatch, IndexNotFound
from .settings import ChunkSettings
from .swap import MANIFEST, recover_interrupted_swap
from .version import __version__

# 8: synonym groups capped at glossary.MAX_GROUP_NAMES (a format-7 index may hold groups of
# hundreds of unrelated terms, which every question naming one of them was expanded with).
# 9: a run-together word splits at a three-letter part only when that part is an everyday word
# (vocabulary.py): a format-8 index holds "kier nan" where questions now keep "Kiernan".
# 10: lay names read at build time (lay_terms.json) gained "magnet scan"/"magnet machine" (MRI).
# 11: lay names gained "csf", "lp" and "spinal fluid test" (cerebrospinal fluid, lumbar puncture).
# 12: and "warning signs" (red flags), "get checked", "get seen", "see a doctor" (medical evaluation).
# 13: and "gp", "family doctor", "regular doctor" (primary care physician), "neuro" (neurologist).
# 14: "warning signs" dropped ("the early warning signs of ALS" are its symptoms, not the red flags
# that push a workup one way or the other).
# 15: and "overactive thyroid" (hyperthyroidism): the hinge no longer finds "proactively" a stand-in;
# 16: and "physio", "physiotherapy" (physical therapy).
# 17: each question and answer of an FAQ list is a chunk of its own (blocks.py): the seed corpus has 75.
# 18: and "ncs" (nerve conduction studies), "bfs" (benign fasciculation syndrome).
# 19: and lay words for passing down, peeing, mushy speech, brain fog, unsteadiness, "lumber puncture".
# 20: and lay words for anxiety ("on edge", "nervous", "spiraling").
# 21: not "nervous": the sources say it only of the nervous system.
# 22: and "energy drink(s)" (caffeine).
# 23: and "bloodwork", "blood work" (blood tests).
FORMAT_VERSION = 23
BUILD_HINT = "run `python -m indexer build`"
# Files up to this size are hashed whole at every load (~40 ms for 64 MiB). Bigger ones (the
# vectors of a million chunks are gigabytes; hashing them would take seconds per start) are
# checked by size and by the hash of SAMPLE_BLOCKS blocks spread over the file, first and last
# included; `python -m indexer info --verify` hashes everything.
FULL_CHECK_BYTES = 64 << 20
SAMPLE_BLOCKS, SAMPLE_BLOCK_BYTES = 64, 64 << 10


@dataclass(frozen=True)
class Manifest:
    """What an index was built from and with (see module doc). Read-only by convention: the
    dicts inside are the parsed JSON."""

    model: str
    dimension: int
    chunker: dict
    sources: dict                       # source → {"sha256", "title", "meta", "chunks"}
    encoder: str = "custom"
    counts: dict = field(default_factory=dict)   # {"chunks", "vectors", "sentences"}
    built_at: str = ""
    format_version: int = 0
    package_version: str = __version__
    vector_index: str = "exact"
    files: dict = field(default_factory=dict)   # name → {"bytes", "sha256"[, "sampled_sha256"]}

    @classmethod
    def new(cls, *, model: str, encoder: str, dimension: int, settings: ChunkSettings,
            sources: dict, chunks: int, sentences: int) -> Manifest:
        return cls(model=model, encoder=encoder, dimension=dimension, chunker=settings.to_record(),
                   sources=sources, counts={"chunks": chunks, "vectors": chunks, "sentences": sentences},
                   built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                   format_version=FORMAT_VERSION)

    @classmethod
    def from_record(cls, record: dict) -> Manifest:
        """Raises KeyError/TypeError/ValueError on a record that is not a manifest."""
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in record.items() if k in known}
        manifest = cls(**values)
        if not (isinstance(manifest.sources, dict) and isinstance(manifest.chunker, dict)
                and isinstance(manifest.counts, dict) and isinstance(manifest.files, dict)):
            raise TypeError("sources, chunker, counts and files must be objects")
        return manifest

    def to_record(self) -> dict:
        return asdict(self)

    def with_files(self, directory: Path, vector_index: str) -> Manifest:
        """This manifest plus the checksums of every file now in `directory`."""
        files = {p.relative_to(directory).as_posix(): _checksums(p)
                 for p in sorted(directory.rglob("*")) if p.is_file() and p.name != MANIFEST}
        return replace(self, files=files, vector_index=vector_index)

    def write(self, directory: Path) -> None:
        (directory / MANIFEST).write_text(json.dumps(self.to_record(), indent=2, ensure_ascii=False),
                                          encoding="utf-8")


def _sampled_sha256(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for k in range(SAMPLE_BLOCKS):
            f.seek(max(size - SAMPLE_BLOCK_BYTES, 0) * k // (SAMPLE_BLOCKS - 1))
            digest.update(f.read(SAMPLE_BLOCK_BYTES))
    return digest.hexdigest()


def _checksums(path: Path) -> dict:
    size = path.stat().st_size
    record = {"bytes": size, "sha256": file_sha256(path)}
    if size > FULL_CHECK_BYTES:
        record["sampled_sha256"] = _sampled_sha256(path, size)
    return record


def file_matches(index_dir: Path, manifest: Manifest, name: str, *, full: bool = True) -> bool:
    """Whether `name` exists with the size and checksum the manifest records (big files by
    their sampled checksum unless `full`). Never raises: a file that cannot be read does not
    match."""
    record = manifest.files.get(name)
    path = index_dir / name
    try:
        size = path.stat().st_size
        if not isinstance(record, dict) or size != record["bytes"]:
            return False
        if "sampled_sha256" in record and not full:
            return _sampled_sha256(path, size) == record["sampled_sha256"]
        return file_sha256(path) == record["sha256"]
    except (OSError, KeyError, TypeError):
        return False


def verify_files(index_dir: Path, manifest: Manifest, *, full: bool = False) -> None:
    """Every file the manifest lists exists with its recorded size and checksum (Lucene-style:
    never serve bytes that changed after they were written). Big files get the sampled check
    unless `full`."""
    if not manifest.files:
        raise IndexCorrupt(f"The index at {index_dir}/ has no file checksums — {BUILD_HINT}")
    for name in manifest.files:
        if not (index_dir / name).is_file():
            raise IndexCorrupt(f"The index at {index_dir}/ is missing {name} — {BUILD_HINT}")
        if not file_matches(index_dir, manifest, name, full=full):
            raise IndexCorrupt(f"The index file {index_dir}/{name} does not match its checksum "
                               f"(damaged or changed after the build, or unreadable) — {BUILD_HINT}")


def read_manifest(index_dir: Path) -> Manifest:
    """The manifest of the index at `index_dir` (an interrupted swap is rolled back first)."""
    recover_interrupted_swap(index_dir)
    path = index_dir / MANIFEST
    if not path.exists():
        raise IndexNotFound(f"No index at {index_dir}/ — {BUILD_HINT}")
    try:
        return Manifest.from_record(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise IndexCorrupt(f"The index manifest {path} cannot be read ({exc.strerror or exc}): "
                           "check the folder's permissions") from exc
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError) as exc:
        raise IndexCorrupt(f"The index manifest {path} is unreadable ({exc}) — {BUILD_HINT}") from exc


def previous_manifest(index_dir: Path) -> Manifest | None:
    """The manifest of a previous build, for reuse; None if there is none or it is unreadable."""
    try:
        return Manifest.from_record(json.loads((index_dir / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def check_manifest(manifest: Manifest, *, model: str, dimension: int | None,
                   settings: ChunkSettings, index_dir: Path) -> None:
    """Refuse an index built differently from what is asked for, saying how to fix it."""
    rebuild = f"rebuild it with `python -m indexer build --index {index_dir}`"
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatch(f"The index at {index_dir}/ has format {manifest.format_version}, "
                            f"this version reads format {FORMAT_VERSION}: {rebuild}")
    if manifest.model != model:
        raise IndexMismatch(f"The index at {index_dir}/ was built with model {manifest.model}, "
                            f"not {model}: {rebuild} (add --model to choose the model)")
    if dimension is not None and manifest.dimension != dimension:
        raise IndexMismatch(f"The index at {index_dir}/ holds {manifest.dimension}-dimensional "
                            f"vectors but the model gives {dimension}: {rebuild}")
    if manifest.chunker != settings.to_record():
        raise IndexMismatch(f"The index at {index_dir}/ was built with chunker settings "
                            f"{manifest.chunker}, not {settings.to_record()}: {rebuild}")
