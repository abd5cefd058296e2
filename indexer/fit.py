"""Which candidate sentences may answer a question (answering.py): those about the condition
it asks about, and, for an ask that needs a kind of statement (scope.ASKS), those that make it.

"Does ALS affect memory?" must not be answered from MS's symptom list; "PLS vs ALS" not with a
sentence about MS; "Is there any treatment for Kennedy's disease?" not with the treatments of
other conditions. Both take `ranked` (indices into `candidates`, best first) and keep its order.
"""

from __future__ import annotations

from .scope import CONDITION_PHRASE_RE, everyday_free, is_condition
from .understanding import term_pattern


def about_asked(index, question: str, candidates, ranked) -> list[int]:
    """Drop sentences about a condition the question does not name ("Does ALS affect memory?"
    must not get MS's symptom list; "PLS vs ALS" not a sentence about MS). A sentence is about
    the condition it names first, or its nearest heading's; one naming none stays."""
    asked = index.conditions.named(question)
    if not asked:
        return ranked
    subjects = {i: index.conditions.of_sentence(candidates[i].chunk, candidates[i].sentence) for i in ranked}
    # A condition phrase only the question has ("motor neuron disease" for the sources'
    # "motor neurone disease") says nothing about what the passages are about.
    known = {s for s, _ in subjects.values()}
    asked = {k for k in asked if isinstance(k, int) or k in known}
    if not asked:
        return ranked
    comparing = len(asked) >= 2
    kept = []
    for i in ranked:
        subject, names = subjects[i]
        if comparing and names - asked:
            continue    # "X vs Y": not a sentence that also brings in a third condition
        if subject is None or subject in asked:
            kept.append(i)
    return kept or ranked


def fitting(index, question: str, ask, candidates, ranked) -> tuple[list[int], str]:
    """The ranked candidates that state what `ask` needs and, for asks about a condition, name
    a condition the question names (in the sentence, its headings or its document's title);
    and the condition as the question wrote it, for the "not covered" reply. When no passage
    found is about the condition asked (or it is not recognised), nothing here can say the
    sources are silent on it: every candidate is returned, to be answered as usual."""
    patterns = []
    if ask.about_named:
        groups = [index.topics.group_of(t) for t in index.topics.named(question) if not ask.asked.search(t)]
        groups = [names for g in groups if is_condition(g) and (names := everyday_free(g))]
        # "Kennedy's disease": a named condition the topics miss (a capitalised name only:
        # "motor neuron disease" may be the sources' "motor neurone disease").
        groups += [{m.group(1)} for m in CONDITION_PHRASE_RE.finditer(question)
                   if m.group(1)[0].isupper() and not any(m.group(1).lower() in g for g in groups)]
        patterns = [term_pattern(g) for g in groups]
    label = next((m.group(0) for p in patterns if (m := p.search(question))), "")

    def about(c) -> bool:
        context = " ".join([c.chunk.sentence_text(c.sentence), *c.chunk.section, c.chunk.title])
        return not patterns or any(p.search(context) for p in patterns)

    if ask.about_named and not (patterns and any(about(candidates[i]) for i in ranked)):
        return ranked, label
    return [i for i in ranked if ask.states.search(candidates[i].chunk.sentence_text(candidates[i].sentence))
            and about(candidates[i])], label
