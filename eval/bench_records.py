"""Chunk records: all parsed at load (the way before indexer/chunk_records.py) against read by id
when asked for, at the seed corpus, a real index given with --index, and synthetic tiers.

    python eval/bench_records.py --index index ../mq/index --synthetic 1000000

Each figure comes from a fresh child process, so its memory is its own: the load time, the
resident memory the records add, and (on demand) the time to read 200 chunks at random ids.
A synthetic tier repeats the seed index's chunk records with new ids up to the size asked.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
READS = 200

CHILD = """
import json, random, resource, sys, time
sys.path.insert(0, {repo!r})
from pathlib import Path
import numpy as np
from indexer.records import Chunk
from indexer.chunk_records import ChunkRecords
def rss_mb():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
directory, way = Path({directory!r}), {way!r}
before = rss_mb()
began = time.perf_counter()
if way == "all":
    with open(directory / "chunks.jsonl", encoding="utf-8") as lines:
        chunks = [Chunk.from_record(json.loads(line)) for line in lines]
    loaded = time.perf_counter() - began
    read = None
else:
    chunks = ChunkRecords(directory / "chunks.jsonl", np.load(directory / "chunk_offsets.npy"))
    loaded = time.perf_counter() - began
    ids = random.Random(0).sample(range(len(chunks)), min({reads}, len(chunks)))
    began = time.perf_counter()
    for i in ids:
        assert chunks[i].id == i
    read = (time.perf_counter() - began) / len(ids) * 1000
print(json.dumps({{"chunks": len(chunks), "load_s": loaded, "rss_mb": rss_mb() - before, "read_ms": read}}))
"""


def measure(directory: Path, way: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD.format(repo=str(REPO), directory=str(directory), way=way,
                                                             reads=READS)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def synthetic(seed: Path, n: int, directory: Path) -> None:
    """n chunk records made of the seed's, renumbered, with their offsets."""
    import numpy as np

    from indexer.chunk_records import line_offsets
    records = [json.loads(line) for line in open(seed / "chunks.jsonl", encoding="utf-8")]
    lines = []
    for i in range(n):
        record = dict(records[i % len(records)], id=i)
        lines.append((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    (directory / "chunks.jsonl").write_bytes(b"".join(lines))
    np.save(directory / "chunk_offsets.npy", line_offsets(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, nargs="*", default=[REPO / "index"],
                        help="built indexes to measure (format 7: with chunk_offsets.npy)")
    parser.add_argument("--synthetic", type=int, nargs="*", default=[],
                        help="synthetic tiers, in chunks (made from the first --index)")
    args = parser.parse_args()
    print(f"{'records':<34}{'chunks':>10}{'way':>11}{'load s':>9}{'+RSS MB':>9}{'read ms':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        places = [(str(p), p) for p in args.index]
        for n in args.synthetic:
            directory = Path(tmp) / f"synthetic-{n}"
            directory.mkdir()
            synthetic(args.index[0], n, directory)
            places.append((f"synthetic {n:,}", directory))
        for label, directory in places:
            for way in ("all", "on demand"):
                m = measure(directory, way)
                read = f"{m['read_ms']:.3f}" if m["read_ms"] is not None else "—"
                print(f"{label[-34:]:<34}{m['chunks']:>10,}{way:>11}{m['load_s']:>9.2f}{m['rss_mb']:>9.0f}{read:>9}",
                      flush=True)
    print(f"(peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
