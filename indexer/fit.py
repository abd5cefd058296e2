"""Which candidate sentences may answer a question (answering.py): those about the condition
it asks about, and, for an ask that needs a kind of statement (asks.ASKS), those that make it.

"Does ALS affect memory?" must not be answered from MS's symptom list; "PLS vs ALS" not with a
sentence about MS; "Is there any treatment for Kennedy's disease?" not with the treatments of
other conditions. Both take `ranked` (indices into `candidates`, best first) and keep its order.
"""

from __future__ import annotations

import os
import re

from .asks import ASKS
from .conditions import CONDITION_PHRASE_RE, as_named, everyday_free
from .lexical import corpus_has_phrase, terms
from .phrases import named_part
from .qualifiers import sentence_start
from .quotes import item_sentences, leans_on, list_intro
from .scope import EVERYDAY_WORD
from .understanding import term_pattern
from .vocabulary import english_counts

# A word in at most this share of passages (and at least RARE_MIN_PASSAGES) names something
# specific enough to check a line is about it.
RARE_SHARE = 0.15
RARE_MIN_PASSAGES = 3
ARTICLE_BEFORE_RE = re.compile(r"\b((?:a|an|the) )$", re.I)
KIND_NOUN_RE = re.compile(r"(\s+[\w-]+){0,2}?\s+(tests?|scans?|infusions?|injections?|shots?|pills?|tablets?|damage|"
                          r"studies|study)\b", re.I)     # ("acetylcholine receptor antibody test")
PHRASE_END_RE = re.compile(r"\s*($|[?.,!;:]|(take|takes|last|lasts|put|placed|done|given|taken|needed|"
                           r"for|in|on|at|after|with|to|is|are)\b)", re.I)
# A thing's second word is at most this many times as common in English as its first.
THING_RARITY = 10
# Indefinite pronouns name no thing ("how long does it take before doctors can say someone has ALS").
INDEFINITE = frozenset("someone somebody anyone anybody everyone everybody nobody something anything "
                       "everything nothing".split())
# An adverb's base is a common English word ("steady" 8 million; not the abbreviation "supp").
ADVERB_BASE_COUNT = 4_000_000
# Passages read to see whether the sources write a word as an acronym.
NAME_CHUNKS = 20
# A condition named only as what another resembles: "like ALS", "mimics ALS", "ALS-like".
COMPARED_BEFORE_RE = re.compile(r"\b(like|mimic\w*|resembl\w*|similar to|mistaken for)\s+$", re.I)
COMPARED_AFTER_RE = re.compile(r"-like\b", re.I)
# When every condition named is only compared with, what else the question names is asked
# of: not these words ("Which diseases that mimic ALS are curable?" asks of no one thing).
NOT_A_THING_RE = re.compile(r"\b(like|mimic\w*|resembl\w*|similar|mistaken|look\w*|"
                            r"(disease|condition|disorder|illness|syndrome|problem|symptom)s?)\b", re.I)


def about_asked(index, question: str, candidates, ranked) -> list[int]:
    """Drop sentences about a condition the question does not name ("Does ALS affect memory?"
    must not get MS's symptom list; "PLS vs ALS" not a sentence about MS). A sentence is about
    the condition it names first, or its nearest heading's; one naming none stays. A question
    asking what else it could be ("ALS or something else?") asks of no condition it names."""
    asked = index.conditions.named(question)
    if not asked or index.conditions.ruled_out(question):
        return ranked
    subjects = {i: index.conditions.of_sentence(candidates[i].chunk, candidates[i].sentence) for i in ranked}
    # A condition phrase only the question has ("motor neuron disease", the sources' "neurone") says
    # nothing about the passages; "tell lyme disease" (in "tell Lyme disease apart") is its tail's.
    known = {s for named, _ in subjects.values() for s in named}
    asked = {k if isinstance(k, int) else next((t for t in _tails(k) if t in known), None) for k in asked} - {None}
    words = set(re.findall(r"[a-z0-9']+", question.lower()))      # "could lyme look like als": Lyme disease
    asked |= {s for s in known if isinstance(s, str) and " " in s and set(s.split()[:-1]) <= words}
    if not asked or all(isinstance(k, int) and _only_compared(
            question, term_pattern(everyday_free(index.conditions.groups[k]))) for k in asked):
        return ranked   # "can a pinched nerve mimic ALS?" asks of what mimics it, in any words
    comparing, kept = len(asked) >= 2, []
    for i in ranked:
        about, names = subjects[i]
        if comparing and names - asked - (about if about & asked else set()):
            continue    # "X vs Y": not a sentence that also brings in a third condition (but "X or Z can…")
        if not about or about & asked:
            kept.append(i)
    return kept or ranked


def _only_compared(question: str, named: re.Pattern) -> bool:
    """The question names what `named` finds only as what something resembles ("like ALS", "ALS-like")."""
    found = list(named.finditer(question))
    return bool(found) and all(COMPARED_BEFORE_RE.search(question[:m.start()])
                               or COMPARED_AFTER_RE.match(question[m.end():]) for m in found)


def _tails(phrase: str) -> list[str]:      # "tell lyme disease", "lyme disease"
    return [" ".join(phrase.split()[k:]) for k in range(len(phrase.split()) - 1)] or [phrase]


def fitting(index, question: str, ask, candidates, ranked) -> tuple[list[int] | None, str]:
    """The ranked candidates that state what `ask` needs and, for asks about a condition, name
    a condition the question names (in the sentence, its headings or its document's title);
    and the condition as the question wrote it, for the "not covered" reply. When no passage
    found is about the condition asked (or it is not recognised), nothing here can say the
    sources are silent on it: None, for the caller to look deeper or answer as usual; but a
    condition named in so many words that no passage names at all cannot be stated: []. An ask
    that does not refuse (`Ask.refuses`) gives None, not [], when no line states it.
    A duration, recovery or side effects asked of a thing ("recovery after a feeding tube for
    ALS", "riluzole's side effects in ALS") needs lines naming the thing too, a person ask the
    person."""
    patterns, phrases, named = [], [], []
    if ask.about_named:
        # The corpus's conditions the question names, and a capitalised condition the topics miss
        # ("Kennedy's disease"; not "motor neuron disease": the sources may say "neurone") (in order;
        # when none by its name, those named in other words: "motor neuron disease" for "neurone")
        named = [k for k in index.conditions.all_in(question) if isinstance(k, int)]
        named = named or sorted(k for k in index.conditions.named(question) if isinstance(k, int))
        groups = [everyday_free(index.conditions.groups[k]) for k in dict.fromkeys(named)]
        # (lower-case too when every word of it is the corpus's: "benign fasciculation syndrome").
        # A phrase runs from its first capitalised word ("treat Lyme disease" names Lyme
        # disease); in lower case, from its first word that is not the ask's ("cure lyme disease").
        phrases = [named_part(question, m.start(1), m.end(1)) or _without_ask_words(m.group(1), ask)
                   for m in CONDITION_PHRASE_RE.finditer(question)]
        known = [term_pattern(g) for g in groups if g]      # (holding one: "get myasthenia gravis" is MG)
        unlisted = [p for p in phrases
                    if (p[0].isupper() or all(w in index.vocabulary.counts for w in p.lower().split())
                        or corpus_has_phrase(p, index.lexical, index.chunks))     # "kennedy's disease"
                    and not any(p.lower() in g for g in groups) and not any(k.search(p) for k in known)]
        patterns = known + [as_named(p) for p in unlisted]
        # Of two or more, the one the ask is of: not one only compared with ("ALS-like
        # weakness", "when it looks like ALS"), then the first named after the ask ("antibiotics
        # to treat Lyme disease when it mimics ALS" asks of Lyme disease).
        compared = [_only_compared(question, p) for p in patterns]
        if any(compared) and not all(compared):
            patterns = [p for p, c in zip(patterns, compared) if not c]
        elif compared and all(compared):    # "drugs for HIV nerve problems that mimic ALS": of HIV
            spans = [m.span() for p in patterns for m in p.finditer(question)]
            spans += [m.span() for m in NOT_A_THING_RE.finditer(question)]
            names = [w for w in thing_words(index, question, ask, spans)[:1] if _written_as_acronym(index, w)]
            patterns = [re.compile(rf"\b{re.escape(w)}\b", re.I) for w in names] or patterns
        asked_at = ask.asked.search(question)
        opens = sentence_start(question, asked_at.start()) if asked_at else 0
        def named_in(start: int, end: int, only: bool = False) -> list[tuple[int, int]]:
            found = sorted((m.start(), k) for k, p in enumerate(patterns) if (m := p.search(question, start, end)))
            return [] if only and len({k for _, k in found}) > 1 else found
        # (else the only one inside the ask's words, "people with PLS live?", or before them in its sentence)
        after = (named_in(asked_at.end(), len(question)) or named_in(asked_at.start(), asked_at.end(), only=True)
                 or named_in(opens, asked_at.start(), only=True)) if asked_at else []
        if len(patterns) > 1 and after:     # (one named in other words stays: "motor neuron disease" is ALS)
            patterns = [patterns[after[0][1]]] + [p for p in patterns if not p.search(question)]
        if not ask.asked_of_next(question, patterns):
            return None, ""     # ("what are the harmless causes of muscle twitching?", ALS told before)
    things = []
    if ask.of_name_after and (person := ask.name_asked(question)):  # "Lou Gehrig", not "Lou Gehrig's disease"
        things = [re.compile(rf"\b{re.escape(person)}\b(?!['’]s)")]
    elif ask.name == "pain" and not patterns:
        # "Does the EMG hurt?": a test the sources write as an acronym (not "Is a DMT the best treatment?").
        acronyms = [w for w in re.findall(r"\b[A-Za-z]{2,5}\b", question)
                    if _english(w) < EVERYDAY_WORD and _written_as_acronym(index, w)]
        patterns = [re.compile(rf"\b{re.escape(w)}\b", re.I) for w in acronyms[:1]]
    elif ask.of_a_thing == "always" or (ask.of_a_thing == "unnamed" and not patterns):     # (Ask.of_a_thing)
        # No condition named: the question may be about a drug or a test ("the side effects of
        # riluzole", "how long an EMG takes"). Named: the lines must name the thing too.
        things = asked_things(index, question, ask, [m.span() for p in patterns for m in p.finditer(question)])
        if not patterns:
            patterns, things = things, []
    label = _reply_label(question, things or patterns, phrases, ask.of_a_thing == "always")

    def about(c) -> bool:
        before = leans_on(c.chunk, c.sentence)     # "Patients describe it as uncomfortable…": "it" is there
        context = " ".join([*(c.chunk.sentence_text(s) for s in item_sentences(c.chunk, c.sentence)), *c.chunk.section,
                            c.chunk.title, c.chunk.sentence_text(before) if before else "",
                            list_intro(c.chunk, c.sentence) if c.sentence.kind == "item" else ""])   # (the whole item)
        return ((not patterns or any(p.search(context) for p in patterns))
                and (not things or any(t.search(context) for t in things)))

    if ask.about_named and not (patterns and any(about(candidates[i]) for i in ranked)):
        # A condition named in so many words that no passage names ("is spinal muscular atrophy
        # treatable?"): the sources cannot state it; else nothing here can tell.
        unnamed = phrases and not named and not any(corpus_has_phrase(p, index.lexical, index.chunks) for p in phrases)
        return ([] if unnamed else None), label
    groups = ask.must_name(question)

    def states(c) -> bool:
        """A list item states it with its list's intro, or its heading when the list has none."""
        text = c.chunk.sentence_text(c.sentence)
        if c.sentence.kind == "item":
            label = list_intro(c.chunk, c.sentence) or (c.chunk.section[-1] if c.chunk.section else "")
            text = f"{label} {text}"
        if ask.of_condition_after and patterns and not any(p.search(text) for p in patterns):
            return False    # (not "Muscle twitching … Causes include:" under an ALS heading)
        for name in patterns if not ask.states_names else ():   # a name is no statement:
            text = name.sub(" ", text)      # "Progressive muscular atrophy" says no pace
        return bool(ask.states.search(text)) and (not groups or any(g.search(text) for g in groups))
    found = [i for i in ranked if states(candidates[i]) and about(candidates[i])]     # (None: answered as usual)
    return (found if found or ask.refuses else None), label


def _reply_label(question: str, patterns, phrases: list[str], of_a_thing: bool) -> str:
    """What a "not covered" reply names, as the question wrote it: the thing asked about ("the
    side effects of riluzole" for ALS, "how long a feeding tube" takes) or the first condition
    named (`patterns`), two side by side together, with the kind of thing after it ("blood
    tests") and the article before it when it ends its phrase ("a feeding tube", not "a PLS"
    cure); else the first condition phrase."""
    found = sorted((m.start(), m.end()) for p in patterns if (m := p.search(question)))
    if not found:
        return phrases[0] if phrases else ""
    if len(found) > 1 and not question[found[0][1]:found[1][0]].isspace():
        found = found[:1]       # not side by side: the first only
    start, end = found[0][0], found[-1][1]
    noun = KIND_NOUN_RE.match(question, end) if of_a_thing else None
    end = noun.end() if noun else end
    article = ARTICLE_BEFORE_RE.search(question[:start])
    if article and PHRASE_END_RE.match(question[end:]):
        start = article.start(1)
    return question[start:end]


def _without_ask_words(phrase: str, ask) -> str:
    """`phrase` from its first word that is not a word of an ask: "cure lyme disease" is
    "lyme disease" (for "which antibiotics cure…" too); "spinal muscular atrophy" stays whole."""
    words = phrase.split()
    while len(words) > 2 and any(a.asked.fullmatch(words[0]) for a in (ask, *ASKS)):
        words = words[1:]
    return " ".join(words)


def asked_things(index, question: str, ask, named_spans) -> list[re.Pattern]:
    """What a duration or side effects is asked of: the question's two rarest words the corpus
    uses, found by the part they share with their stem ("diagnosed" finds "diagnosis", "biopsy"
    "biopsies") and inside a word ("thyroid" in "hyperthyroidism"); not a word of a condition
    named (`named_spans`: in "how long does benign fasciculation syndrome last" the condition
    is the thing), and a second word only about as rare as the first ("feeding tube", not
    "relapse usually")."""
    rare = thing_words(index, question, ask, named_spans)
    prefixes = [os.path.commonprefix([w.lower(), stem]) for w in rare for stem in terms(w)[:1]]
    return [re.compile(rf"\b\w*{re.escape(p)}\w*", re.I) for p in prefixes if p]


def thing_words(index, question: str, ask, named_spans) -> list[str]:
    """`asked_things`'s words, as typed."""
    rare = [w for w in rarest_corpus_words(index, question, ask, most=2)
            if not any(a <= m.start() < b for a, b in named_spans
                       for m in re.finditer(rf"\b{re.escape(w)}\b", question))]
    return [w for w in rare if _english(w) <= THING_RARITY * max(_english(rare[0]), 1)]


def _written_as_acronym(index, word: str) -> bool:
    """The sources write `word` in capitals ("HIV"), in some passage that has it: a name a
    question may ask of, typed in any case, unlike "feels" or "stiffness" (which title-case
    headings capitalise too)."""
    shape = re.compile(rf"\b{re.escape(word.upper())}\b")
    term = (terms(word) or [word.lower()])[0]
    return len(word) >= 2 and any(shape.search(index.chunks[int(k)].text)
                                  for k in index.lexical.chunks_with(term)[:NAME_CHUNKS])


def _english(word: str) -> int:
    return english_counts().get(word.lower(), 0)


def rarest_corpus_words(index, question: str, ask, *, most: int = 1) -> list[str]:
    """The question's words the corpus uses in few passages (at most RARE_SHARE of them), rarest
    in English first, leaving out the words of the ask itself ("how long", "side effects"), everyday
    words and adverbs: "riluzole", "EMG", "edaravone"; not "ALS", "people", "take", "usually"."""
    limit = max(RARE_MIN_PASSAGES, RARE_SHARE * len(index.chunks))
    scored = []
    for word in set(re.findall(r"[A-Za-z][A-Za-z'\d]{2,}", ask.asked.sub(" ", question))):   # "high-dose": 2; "B12"
        english = _english(word)
        if english >= EVERYDAY_WORD or _is_adverb(word) or word.lower() in INDEFINITE:
            continue        # "take", "test", "usually": the question's frame, not what it is about
        counts = [index.lexical.document_frequency(t) for t in terms(word)]
        if counts and 0 < min(counts) <= limit:
            scored.append((english, min(counts), word))     # rarest in English first: "EMG", not "anything"
    return [w for *_, w in sorted(scored)[:most]]


def _is_adverb(word: str) -> bool:
    """"usually", "steadily", "probably": a common English word of four letters or more plus
    "-ly" (its "-y" or "-le" made "-i-", "-b-"), which names nothing; not "belly", "supply"."""
    word = word.lower()
    if not word.endswith("ly"):
        return False
    stem = word[:-2]
    bases = [stem, stem[:-1] + "y" if stem.endswith("i") else "", stem + "le" if stem.endswith("b") else ""]
    return any(len(base) >= 4 and _english(base) >= ADVERB_BASE_COUNT for base in bases)
