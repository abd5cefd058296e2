"""Cited, extractive search over a folder of documents.

load → clean → chunk → embed → FAISS index → search. The app, the CLI and the eval scripts
all go through these names.
"""

__version__ = "0.1.0"

from .chunking import chunk_document  # noqa: E402
from .documents import Document, load_corpus, load_document  # noqa: E402
from .errors import (CorpusError, IndexCorrupt, IndexerError, IndexMismatch,  # noqa: E402
                     IndexNotFound, UnsupportedFormat)
from .records import Chunk, Hit, Sentence  # noqa: E402
from .settings import ChunkSettings  # noqa: E402
from .build import build_index, ensure_index  # noqa: E402
from .store import Index, index_status, load_index  # noqa: E402

__all__ = [
    "Chunk", "ChunkSettings", "CorpusError", "Document", "Hit", "Index", "IndexCorrupt",
    "IndexMismatch", "IndexNotFound", "IndexerError", "Sentence", "UnsupportedFormat",
    "build_index", "chunk_document", "ensure_index", "index_status", "load_corpus", "load_document", "load_index",
]
