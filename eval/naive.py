"""The quick-start RAG baseline, reproduced: LangChain's RecursiveCharacterTextSplitter
(1000 characters, 200 overlap) over each raw file, as loaded (page chrome included),
all-MiniLM-L6-v2, exact FAISS inner product. Dense only, no query processing."""

from __future__ import annotations

from dataclasses import dataclass

import faiss
from langchain_text_splitters import RecursiveCharacterTextSplitter

from indexer.documents import corpus_files, source_name

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200


@dataclass(frozen=True)
class NaiveChunk:
    source: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class NaiveHit:
    chunk: NaiveChunk
    score: float
    rank: int


class NaiveIndex:
    def __init__(self, corpus_dir, embedder):
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                                  add_start_index=True)
        self.chunks: list[NaiveChunk] = []
        for path in corpus_files(corpus_dir):
            if path.suffix.lower() not in (".txt", ".md"):
                continue
            raw = path.read_text(encoding="utf-8", errors="replace")
            for doc in splitter.create_documents([raw]):
                start = doc.metadata["start_index"]
                self.chunks.append(NaiveChunk(source_name(path), start, start + len(doc.page_content),
                                              doc.page_content))
        self.embedder = embedder
        self.vectors = faiss.IndexFlatIP(embedder.dimension)
        self.vectors.add(embedder.encode([c.text for c in self.chunks]))

    def search_batch(self, questions, *, k):
        scores, ids = self.vectors.search(self.embedder.encode(questions), min(k, len(self.chunks)))
        return [[NaiveHit(self.chunks[i], float(s), r) for r, (i, s) in enumerate(zip(row_i, row_s), 1)]
                for row_i, row_s in zip(ids, scores)]
