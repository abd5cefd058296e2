"""Thumbs up/down on answers, appended to a JSON Lines file so bad answers can become eval
questions. One line per click:

    {"time": "2026-11-21T23:30:00Z", "liked": false, "question": "...", "asked": "...",
     "answer": "... [1]", "abstained": false,
     "citations": [{"source": "corpus/...", "start": 675, "end": 1374}], "index_built_at": "...",
     "reasons": ["Wrong source"]}

`question` is what the user typed, `asked` the question answered (a follow-up rewritten). The
fields are taken when the answer is shown (`feedback_fields`) and kept with the conversation,
so the line records what the user saw, even if the index changed since. `reasons` are the
chips ticked after a thumbs down ("Wrong source", "Didn't answer my question", "Too
technical"): each change appends a line, the last one for an answer holding all its reasons.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

FEEDBACK_FILE = "feedback.jsonl"
_lock = threading.Lock()


def feedback_fields(*, question: str, asked: str, answer, index_built_at: str) -> dict:
    """What a thumbs up/down on this answer will record (all but the time and the verdict)."""
    record = answer.to_record()
    return {
        "question": question, "asked": asked, "answer": record["text"],
        "abstained": record["abstained"],
        "citations": [{"source": f["source"], "start": f["start"], "end": f["end"]}
                      for s in record["sentences"] for f in s["fragments"]],
        "index_built_at": index_built_at,
    }


def record_feedback(data_dir: Path, fields: dict, *, liked: bool) -> Path:
    line = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "liked": liked, **fields}
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / FEEDBACK_FILE
    with _lock, open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path
