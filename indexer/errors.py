"""Errors the user can act on. Each message says what went wrong and what to do next;
the CLI and the app print the message, never a traceback."""


class IndexerError(Exception):
    """Base class: anything the indexer reports to the user as a plain message."""


class CorpusError(IndexerError):
    """A source file or the corpus folder cannot be read."""


class UnsupportedFormat(CorpusError):
    """A file type the loader does not read (the message names the supported types)."""


class IndexNotFound(IndexerError):
    """There is no index where one was expected."""


class IndexMismatch(IndexerError):
    """The index was built with another model, dimension or chunker setting."""


class IndexCorrupt(IndexerError):
    """The index files are unreadable or inconsistent."""


class IndexNotReady(IndexerError):
    """The first index is still being loaded or built (the chat's LiveIndex)."""


class BuildLocked(IndexerError):
    """Another build holds the lock."""


class OnnxExportError(IndexerError):
    """The model could not be exported to ONNX (the torch encoder still works)."""
