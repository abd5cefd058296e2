"""Build progress for a log: a few lines with the time left, not one line per step.

On a terminal the build shows tqdm's bars (cli.py); written to a file or a CI log, a bar is
noise and one line per document is 5,000 lines. These lines come at the start and end of each
stage and at most every `every` seconds between, each with the share done and an estimate of
the time left from the stage's rate so far ("chunks: 6,400/28,738 (22%), 1:35 so far, about
5:31 left").
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


def clock_text(seconds: float) -> str:
    """"1:05:09", "5:31", "0:07"."""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class ProgressLines:
    """A `Progress` callback (what, done, total) writing rate-limited lines with an ETA."""

    def __init__(self, write: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
                 *, every: float = 10.0, clock: Callable[[], float] = time.monotonic):
        self.write, self.every, self.clock = write, every, clock
        self._began: dict[str, float] = {}
        self._last: dict[str, float] = {}

    def __call__(self, what: str, done: int, total: int) -> None:
        now = self.clock()
        began = self._began.setdefault(what, now)
        finished = done >= total
        if not finished and what in self._last and now - self._last[what] < self.every:
            return
        self._last[what] = now
        elapsed = now - began
        line = f"{what}: {done:,}/{total:,} ({100 * done // max(total, 1)}%), {clock_text(elapsed)} so far"
        if finished:
            self._began.pop(what)
            self._last.pop(what)
        elif done and elapsed > 0:
            line += f", about {clock_text(elapsed / done * (total - done))} left"
        self.write(line)
