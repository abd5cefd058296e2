"""How the "not covered" replies fare on probing questions: covered ones must be answered,
uncovered ones should be refused.

    python eval/refusals.py [--probes eval/refusal_probes.tsv] [--index index] [--show]

`refusal_probes.tsv` holds 362 questions written by a red-team helper session that read the
corpus and the rules (indexer/scope.py, fit.py) to aim at them, one per line as `LABEL|question`:
C covered by the sources, U not covered, M mixing a covered and an uncovered part. Prints how
many of each were refused; `--show` lists the covered questions refused (the worse error).
`--split dev` or `test` reads one half, split as the question files are (`probe_split`): the
answerability head (indexer/answerability.py) was trained on the dev half, so the test half is
the held-out figure from then on.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from indexer import DEFAULT_INDEX, answer, load_index  # noqa: E402

LABELS = {"C": "covered", "U": "not covered", "M": "mixed"}


def probe_split(path: Path, split: str = "all") -> list[tuple[str, str]]:
    """(label, question) of `path`: all, or the `split` half: within each label the 1st, 3rd,
    5th… probe is dev, the rest test (indexer.evaluation.dev_test_split's rule)."""
    position: dict[str, int] = {}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        label, _, question = line.partition("|")
        if label not in LABELS or not question:
            continue
        position[label] = position.get(label, 0) + 1
        if split == "all" or (split == "dev") == bool(position[label] % 2):
            out.append((label, question))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--probes", type=Path, default=Path(__file__).with_name("refusal_probes.tsv"))
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--show", action="store_true", help="list the covered questions refused")
    parser.add_argument("--split", choices=("all", "dev", "test"), default="all")
    args = parser.parse_args(argv)
    index = load_index(args.index)
    counts: dict[str, list[int]] = {}
    wrong = []
    for label, question in probe_split(args.probes, args.split):
        reply = answer(index, question)
        seen = counts.setdefault(label, [0, 0])
        seen[0] += 1
        seen[1] += reply.abstained
        if label == "C" and reply.abstained:
            wrong.append(f"  {question} → {reply.text}")
    for label, (n, refused) in counts.items():
        print(f"{LABELS[label]:12s} {n:4d} questions, refused {refused:4d} ({refused / n:.2f})")
    if args.show:
        print("covered but refused:", *wrong, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
