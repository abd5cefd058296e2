"""Extractive answers: sentences copied verbatim from the top passages, each cited.

    answer(index, question, *, settings=AnswerSettings()) -> Answer

Nothing here writes medical text. An answer line is made of `Fragment`s, each the normalised
text of an exact raw span (quotes.py), so every word can be checked against its source.

Read top-down, `answer` does:
1. search: prepare the question, encode it once, take the top `settings.passages` passages;
2. candidates: every sentence of those passages (not table headers or FAQ questions), each scored as weight_dense ·
   cosine to the question (its vector made at build time) + weight_coverage · the IDF-weighted share of the question's
   terms it holds (with its heading path) + weight_passage · its passage's search score; an FAQ's answer also by its
   question, gaining `faq_bonus` when that question is close (`faq_cosine`); differential questions favour contrasting
   sentences and table rows, and sentences naming both conditions asked; lines stating what it needs (a cause);
3. abstain when no single sentence has support (0.5 · cosine + 0.5 · its own coverage) of at least `min_support`
   (`min_support_long` for a long question) and the corpus's head does not vouch for the answer without that floor,
   when the question names a drug, disease or person no passage uses (scope.unmentioned) or a condition no passage
   names as such (phrases.py), or hinges on a word no passage uses (hinge.py; an idiom's word passes when the head
   vouches): "not covered", naming it; keep only sentences about the condition asked (fit.about_asked); for an ask
   that needs a kind of statement (a dose, a cost, contagion, survival, pace…: asks.ASKS), only those that make it
   about that condition (fit.fitting), saying plainly that the sources don't when none does;
4. choose lines by shape (choosing.py): a table row with its header; a list question's list (listing.py); else
   the best sentences within `relative_floor` of the best (duplicates once, citing both; two items of a list as it);
5. for "X vs Y", a side-by-side view of sentences naming only X and only Y (sides.py);
6. order the lines best first (by score; ties in reading order), number the sources and mark the quoted spans in each;
   "not covered" after all, quoting the question, when it has no ask whose statement the lines were checked for (an
   ask of a condition no passage found is about is unchecked) and the head learned for this corpus doubts the
   answer (answerability.py); shown plainly only when that head is sure it answers (without a head: when support
   reached `confident_support`), else under "may not answer this directly". An emergency question gets the corpus's
   urgent-care sentence first.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .answerability import head_vouches, hinge_stands, not_answered_sentence, unanswered
from .asks import ask_of
from .assembly import abstain, assemble
from .choosing import Candidate, choose
from .fit import about_asked, fitting
from .hinge import as_meant, hinge, misspells_a_corpus_word
from .lexical import corpus_has_phrase
from .needs import line_needs
from .phrases import unknown_phrases
from .qualifiers import asks_more
from .quotes import asked_before
from .records import Answer, Chunk, Hit, Sentence
from .scope import not_mentioned_sentence, unmentioned_in, uses_word
from .settings import AnswerSettings
from .sides import side_by_side
from .textmap import normalize
from .understanding import NEGATIVE_ASK_RE, asks_how_checked, contrasts, is_emergency, question_shape


def answer(index, question: str, *, settings: AnswerSettings = AnswerSettings()) -> Answer:
    """The cited, extractive answer to `question` from `index` (see module doc)."""
    prepared = index.prepare(question)
    vector = index.encode([prepared.dense_text])
    return _answer(index, question, prepared, vector, index.search_encoded(prepared, vector[0], k=settings.passages),
                   settings)


def _answer(index, question: str, prepared, vector, hits, settings: AnswerSettings) -> Answer:
    """`answer` once the question is prepared, encoded and searched: a rule that gives way (the
    support floor, the hinge) answers again from here with that rule off, not from the start."""
    searched_for = prepared.dense_text if (prepared.corrections or prepared.expansions) else None
    shape = question_shape(prepared.corrected, index.conditions.named)
    urgent = _urgent_advice(index, vector[0]) if is_emergency(question) else []
    context = dict(question=question, hits=hits, urgent=urgent, shape=shape, searched_for=searched_for,
                   corrections=prepared.corrections)
    if not hits:
        return abstain(support=0.0, **context)
    missing = unmentioned_in(index, prepared.corrected)
    missing = missing or unknown_phrases(
        normalize(question), prepared.corrections,
        lambda phrase: corpus_has_phrase(phrase, index.lexical, index.chunks),
        lambda word: uses_word(index, word), lambda word: misspells_a_corpus_word(index, word))
    if missing:     # "Radicava", "statins": no passage can answer for a word none of them uses
        return abstain(support=0.0, not_covered=not_mentioned_sentence(missing), **context)
    asked_of = index.conditions.named(prepared.corrected) if shape == "differential" else set()  # two named gain
    needs = line_needs(prepared.corrected, settings)
    contrasting = shape == "differential" or asks_how_checked(prepared.corrected)   # tests and contrasts gain

    mapped = (index.query_map.apply_lines(vector)[0]         # the corpus's learned line map (query_map.py)
              if index.query_map is not None and settings.weight_line_map else None)

    def ranked_candidates(passages):
        candidates = _candidates(index, passages)
        vectors = np.asarray(index.sentence_matrix[np.asarray([c.row for c in candidates], dtype=np.int64)])
        _score(index, candidates, vectors @ vector[0], passages, prepared.lexical_terms, contrasting, settings,
               vector[0], asked_of, needs, _learned(index, candidates, vectors, vector[0], mapped, settings))
        ranked = sorted(range(len(candidates)), key=lambda i: -candidates[i].score)
        return candidates, vectors, about_asked(index, prepared.corrected, candidates, ranked)

    if shape == "list" and NEGATIVE_ASK_RE.search(prepared.corrected):     # "what does ALS spare?": its list
        hits = index.search_encoded(prepared, vector[0], k=settings.ask_passages)    # matches little; look deep
    candidates, vectors, ranked = ranked_candidates(hits)
    # Evidence that some one sentence answers: its cosine and its own term coverage (pooled over
    # sentences, "side effects" in one and "riluzole" in another would vouch for an unanswered one).
    support = max(0.5 * c.dense + 0.5 * c.coverage for c in candidates)
    ask = (ask_of(prepared.corrected) or ask_of(as_meant(index, prepared.corrected))) if settings.asks else None
    if support < settings.support_floor(question):      # a cost or a dose no line states is named
        fits, about = fitting(index, prepared.corrected, ask, candidates, ranked) if ask else (None, "")
        named = ask.not_covered(about, prepared.corrected) if fits == [] and not ask.about_named else ""
        floorless = settings.answerability and not ask and _answer(index, question, prepared, vector, hits,
                                                                   settings.floorless())
        if floorless and head_vouches(index, floorless, vector[0], settings.support_head_ceiling):
            # "Mealtimes have become a real battle for him. What kind of help is out there?": given
            # on the head's word alone, so always under the hedge
            return replace(floorless, confident=False)
        return abstain(support=support, not_covered=named, **context)
    hinging = settings.hinge and not (ask and ask.of_name_after)     # "Who was Lou Gehrig, the baseball player?"
    hinged = hinge(index, prepared, vector[0], vectors, settings.ask_passages) if hinging else []
    if hinged:      # "cannabis", "tracheostomy": what is asked is a word no passage uses (unless an idiom's)
        unhinged = _answer(index, question, prepared, vector, hits, replace(settings, hinge=False))
        if not hinge_stands(index, unhinged, prepared, vector[0], hinged, settings):
            return unhinged
        return abstain(support=support, not_covered=not_mentioned_sentence([f"“{w}”" for w in hinged]), **context)
    unchecked = not ask     # no ask's statement was checked in the lines: the head may refuse
    if ask:     # only lines that state what is asked, about what is asked, may answer
        fits, about = fitting(index, prepared.corrected, ask, candidates, ranked)
        if not fits:    # none states it, or none is about the condition asked: look deeper
            shallow = candidates, vectors, ranked, fits, about
            deeper = index.search_encoded(prepared, vector[0], k=settings.ask_passages)
            candidates, vectors, ranked = ranked_candidates(deeper)
            fits, about = fitting(index, prepared.corrected, ask, candidates, ranked)
            if fits is None:    # deeper, the condition asked is not in reach: the first verdict stands
                candidates, vectors, ranked, fits, about = shallow
                unchecked = fits is None
                fits = ranked if fits is None else fits     # not in reach either: answered as usual
        if not fits:
            not_covered = ask.not_covered(about, prepared.corrected)
            rest = (_answer(index, question, prepared, vector, hits, replace(settings, asks=False))
                    if (found := ask.find(prepared.corrected)) and asks_more(prepared.corrected, found) else None)
            if rest is not None and not rest.abstained:     # "the symptoms and treatment of PLS": the symptoms
                return replace(rest, not_covered=not_covered)
            return abstain(support=support, not_covered=not_covered, **context)
        ranked = fits
    chosen = choose(index, candidates, ranked, vectors, shape, settings, prepared.corrected)
    if not chosen:      # every fitting sentence says nothing alone: never an empty answer
        return abstain(support=support, **context)
    sides = (side_by_side(index, prepared.corrected, candidates, ranked, settings.side_lines)
             if shape == "differential" else [])
    reply = assemble(chosen=chosen, sides=sides, support=support, confident=support >= settings.confident_support,
                      **context)
    verdict = unanswered(index, reply, vector[0]) if settings.answerability else None    # learned for this corpus
    if verdict is None:
        return reply
    if verdict[1] and unchecked:    # (see module doc; "what lyme meds…": no line about Lyme disease was found)
        return abstain(support=support, not_covered=not_answered_sentence(question), **context)
    return replace(reply, confident=verdict[0] < settings.plain_head_ceiling)    # hedged unless it is sure


def _candidates(index, hits: list[Hit]) -> list[Candidate]:
    out = []
    for hit in hits:
        first = int(index.sentence_offsets[hit.chunk.id])
        for k, s in enumerate(hit.chunk.sentences):
            if s.kind != "header" and not s.text.rstrip('"\'”’)').endswith("?"):
                out.append(Candidate(hit.chunk, s, first + k, citations=[(hit.chunk, s)]))
    return out


def _score(index, candidates, dense, hits, question_terms, contrasting: bool, settings: AnswerSettings,
           vector: np.ndarray | None = None, asked_of: set = frozenset(), needs=(), learned=None) -> None:
    n = max(len(index.chunks), 1)
    weights = {t: math.log(1 + n / (1 + index.lexical.document_frequency(t))) for t in set(question_terms)}
    total = sum(weights.values())
    passage = {h.chunk.id: h.score for h in hits}
    top_passage = max(passage.values()) or 1.0
    for i, (c, d) in enumerate(zip(candidates, dense)):
        held = index.sentence_terms(c.chunk, c.sentence, c.row)
        asked, faq = asked_before(c.chunk, c.sentence) if vector is not None else None, 0.0
        if asked is not None:   # an FAQ's answer matches by its question too ("Can you have both ALS and MS?")
            row = int(index.sentence_offsets[c.chunk.id]) + next(k for k, s in enumerate(c.chunk.sentences)
                                                                 if s is asked)
            held = held | index.sentence_terms(c.chunk, asked, row)
            faq = float(np.asarray(index.sentence_matrix[row]) @ vector)    # the source's question's cosine
            d = max(float(d), faq)
        c.dense = float(d)
        c.coverage = sum(w for t, w in weights.items() if t in held) / total if total else 0.0
        c.score = (settings.weight_dense * c.dense + settings.weight_coverage * c.coverage
                   + settings.weight_passage * passage[c.chunk.id] / top_passage
                   + settings.faq_bonus * (faq >= settings.faq_cosine))
        if contrasting and (c.sentence.kind == "row" or contrasts(c.sentence.text)):
            c.score += settings.differential_bonus
        if (len(asked_of) >= 2 and c.sentence.kind != "row"
                and len(asked_of & index.conditions.of_sentence(c.chunk, c.sentence)[1]) >= 2):
            c.score += settings.both_named_bonus    # "…help a doctor distinguish MS from ALS."
        c.score += sum(bonus for states, bonus in needs if states(c.chunk, c.sentence))    # needs.py
        if learned is not None:
            c.score += float(learned[i])


def _learned(index, candidates, vectors, vector, mapped, settings: AnswerSettings) -> np.ndarray | None:
    """The line score's learned terms (query_map.py): the line's cosine to the question through
    the line map, and its share of the answers to the nearest questions the map was trained on."""
    memory = index.query_map.memory if index.query_map is not None and settings.weight_line_memory else None
    if mapped is None and memory is None:
        return None
    learned = (settings.weight_line_map * (vectors @ mapped).astype(np.float64) if mapped is not None
               else np.zeros(len(candidates)))
    if memory is not None:
        learned += settings.weight_line_memory * memory.votes(vector, [c.row for c in candidates],
                                                              settings.memory_neighbours, settings.memory_temperature)
    return learned


def _urgent_advice(index, vector: np.ndarray) -> list[tuple[Chunk, Sentence]]:
    """The source sentence giving urgent-care advice closest to the question."""
    if not index.urgent:
        return []
    rows = np.asarray([row for _, _, row in index.urgent], dtype=np.int64)
    chunk_id, k, _ = index.urgent[int(np.argmax(np.asarray(index.sentence_matrix[rows]) @ vector))]
    chunk = index.chunks[chunk_id]
    return [(chunk, chunk.sentences[k])]
