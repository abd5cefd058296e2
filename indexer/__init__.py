"""Cited, extractive answers over a folder of documents.

The table of contents. A question flows one way: the chat or CLI → `answer` → `Index`
(prepare, encode, search) → search and fusion; nothing below calls up. docs/DESIGN.md walks it
function by function.

Names load lazily (PEP 562), so `python -m indexer --help` imports neither FAISS nor bm25s.
"""

from __future__ import annotations

import importlib

from .version import __version__

_TABLE = {
    # documents → chunks → index
    "Document": "documents", "load_corpus": "documents", "load_document": "documents",
    "chunk_document": "chunking",
    "build_index": "build", "ensure_index": "build", "BuildReport": "build",
    "Index": "store", "load_index": "store",
    "IndexStatus": "status", "index_status": "status",
    "Manifest": "manifest",
    "LiveIndex": "live",
    # the model
    "Embedder": "embedder", "load_embedder": "encoders",
    # questions and answers
    "answer": "answering",
    "Answer": "records", "AnswerLine": "records", "Chunk": "records", "Fragment": "records",
    "Hit": "records", "Sentence": "records", "SourceRef": "records",
    "NOT_COVERED": "records",
    # settings
    "AnswerSettings": "settings", "ChunkSettings": "settings", "SearchSettings": "settings",
    "DEFAULT_CORPUS": "settings", "DEFAULT_INDEX": "settings",
    # the chat's library
    "take_turn": "chat", "respond": "chat", "page_html": "chat", "whole_document": "chat", "feedback_on": "chat",
    "PREPARING": "chat", "SORRY": "chat", "status_line": "chat", "static_text": "page",
    "FEEDBACK_REASONS": "page",
    "Conversation": "conversation", "Turn": "conversation", "check_question": "conversation",
    "echo": "conversation", "suggestions": "conversation", "MAX_QUESTION_CHARS": "conversation",
    "MAX_RAW_QUESTION_CHARS": "conversation",
    "answer_html": "render", "note_text": "render", "document_html": "render",
    "NOT_MEDICAL_ADVICE": "render", "EMERGENCY": "render",
    "feedback_fields": "feedback", "record_feedback": "feedback",
    "RequestGuard": "serving",
    # errors
    "IndexerError": "errors", "CorpusError": "errors", "UnsupportedFormat": "errors",
    "IndexNotFound": "errors", "IndexMismatch": "errors", "IndexCorrupt": "errors",
    "IndexNotReady": "errors", "BuildLocked": "errors",
}

__all__ = ["__version__", *sorted(_TABLE)]


def __getattr__(name: str):
    module = _TABLE.get(name)
    if module is None:
        raise AttributeError(f"module 'indexer' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
