"""Measuring helpers shared by the benchmark tiers (bench_seed.py, bench_scale.py): medians and
p95 of repeated timings, whole-process runs, resident memory, the machine's description."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUESTION = "How is MG told apart from ALS?"
DEPTH = 100                # candidates per retriever (settings.SearchSettings.candidates)


def summary(samples: list[float], scale: float = 1000.0) -> dict:
    """Median and p95 of `samples` (seconds), in ms by default."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"median": statistics.median(ordered) * scale, "p95": p95 * scale, "runs": len(ordered)}


def timed(function, *args, **kwargs) -> float:
    began = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - began


def repeat(function, items, passes: int = 1, warmup: int = 3) -> list[float]:
    for item in items[:warmup]:
        function(item)
    return [timed(function, item) for _ in range(passes) for item in items]


def run(command: list[str], cwd: Path, **kwargs) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    began = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, **kwargs)
    return time.perf_counter() - began


def rss_mb(kind: str = "VmRSS") -> float:
    """Resident memory in MB: VmRSS (all), RssAnon (the process's own, not reclaimable) or
    RssFile (mapped file pages: the page cache, which the kernel can drop)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(kind + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    memory = next((int(line.split()[1]) / 1024 ** 2 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    import faiss
    import onnxruntime
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory, 1),
            "python": sys.version.split()[0], "faiss": faiss.__version__,
            "onnxruntime": onnxruntime.__version__}


def build_command(corpus: Path, index: Path, encoder: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "indexer", "build", "--quiet", "--corpus", str(corpus),
            "--index", str(index), "--encoder", encoder, *extra]
