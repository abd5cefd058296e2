"""How a new index replaces the old one on disk: the files beside an index directory.

For an index at `index/`, the siblings are

    .index.lock          held (flock) by the one build running; holds its pid for the message
    .index.tmp-<pid>     the build's staging directory: written, loaded back, then swapped in
    .index.prev          the index the last build replaced: loading falls back to it if
                         index/ is damaged
    .index.swapping      present only between the swap's two renames
    .index.embeddings    vectors a build has embedded so far (journal.py): a killed build's
                         successor resumes from them; deleted when a build succeeds

A swap is two renames (index/ → .index.prev, staging → index/). A build killed between them
leaves `.index.swapping`; the next reader that finds no build running moves `.index.prev`
back. Without that marker a missing index/ is reported as missing: a deleted index is never
silently replaced by an older build.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

from .errors import IndexerError

MANIFEST = "manifest.json"


class BuildLocked(IndexerError):
    """Another build holds the lock."""


def sibling(index_dir: Path, suffix: str) -> Path:
    return index_dir.parent / f".{index_dir.name}.{suffix}"


def previous_dir(index_dir: Path) -> Path:
    """Where the index replaced by the last build is kept, as a fallback."""
    return sibling(index_dir, "prev")


def staging_dir(index_dir: Path) -> Path:
    return sibling(index_dir, f"tmp-{os.getpid()}")


class BuildLock:
    """`.<index>.lock` beside the index, held with `fcntl.flock` while a build runs.

    The kernel releases an flock when its holder dies, however it dies, so a lock is never
    stale and never taken over (a pid file could name a pid reused by another program, and
    two builds could both decide it was stale). The file stays; it holds the last holder's
    pid for the message."""

    def __init__(self, index_dir: Path):
        self.path = sibling(index_dir, "lock")
        self._fd: int | None = None

    def acquire(self, *, wait: bool = False) -> bool:
        """Take the lock; False (without waiting) if another process holds it."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise IndexerError(f"Cannot create the build lock {self.path} ({exc.strerror or exc}): "
                               "choose an --index folder you can write to") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8", errors="replace").strip() or "?"
        except OSError:
            return "?"

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)        # releases the flock
            self._fd = None

    def __enter__(self) -> BuildLock:
        if not self.acquire():
            raise BuildLocked(f"Another build (pid {self.holder()}) is writing {self.path.parent}/ — "
                              "wait for it to finish, then build again")
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, str(os.getpid()).encode(), 0)
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def is_index_dir(path: Path) -> bool:
    """A directory holding a manifest this tool wrote (any format version)."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and {"format_version", "model", "sources"} <= manifest.keys()


def check_target(index_dir: Path) -> None:
    """Refuse to build into (and so, at the next build, to delete) a folder this tool did not
    write: `--index corpus` or `--index ~/Documents` must never lose a file."""
    for path in (index_dir, previous_dir(index_dir)):
        if not (path.exists() or path.is_symlink()):
            continue
        if path.is_symlink() or not path.is_dir():
            raise IndexerError(f"{path} exists and is not an index folder: choose another --index")
        if any(path.iterdir()) and not is_index_dir(path):
            raise IndexerError(f"{path}/ exists and is not an index (it has no manifest written by "
                               "this tool): choose another --index, or empty or remove it yourself")


def remove_leftovers(index_dir: Path) -> list[Path]:
    """Staging directories of builds that died. Call with the lock held: no other build is
    running, so every staging directory but this process's own is a leftover."""
    mine = staging_dir(index_dir)
    removed = []
    for leftover in index_dir.parent.glob(f".{index_dir.name}.tmp-*"):
        if leftover != mine:
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover)
    return removed


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` with `new` by renames, keeping the replaced index as `.<name>.prev`.
    Call with the lock held."""
    previous, marker = previous_dir(target), sibling(target, "swapping")
    if target.exists():
        shutil.rmtree(previous, ignore_errors=True)
        marker.touch()
        os.rename(target, previous)
    os.rename(new, target)
    marker.unlink(missing_ok=True)


def recover_interrupted_swap(target: Path) -> None:
    """If a build died between the swap's two renames, put the previous index back — only if
    no build is running now (one that is would be between its renames)."""
    marker = sibling(target, "swapping")
    if not marker.exists():
        return
    lock = BuildLock(target)
    try:
        if not lock.acquire():
            return
    except IndexerError:
        return
    try:
        if not target.exists() and is_index_dir(previous_dir(target)):
            os.rename(previous_dir(target), target)
        marker.unlink(missing_ok=True)
    finally:
        lock.release()
