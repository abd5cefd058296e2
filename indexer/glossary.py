"""Aliases mined from the corpus at build time, used to expand questions.

Users say "MG", the source says "Myasthenia gravis (MG)"; users say "Lou Gehrig's", the source
"ALS … sometimes called Lou Gehrig's disease". Three patterns, on any document, no code change:

1. **Abbreviation definitions**, both orders: "Myasthenia gravis (MG)", "MS (multiple sclerosis)".
   The long form is found with the Schwartz–Hearst rule (2003): the short form's letters,
   right to left, appear in order in the words before the parenthesis, its first letter
   starting a word.
2. **Parenthetical synonyms**: "difficulty swallowing (dysphagia)", "a pinched nerve
   (radiculopathy)", "Riluzole (Rilutek)": a 1–2 word parenthesis after a 1–3 word phrase.
3. **Naming phrases**: "X, also called / sometimes called / aka / also known as Y".

Aliases form synonym groups. A question naming one member is expanded with the others —
unless the group is everywhere in the corpus ("ALS": in most chunks), where expanding would only
blur the question. `lay_terms.json` (data, hand-kept) adds common lay names for clinical terms.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from .vocabulary import english_counts

GLOSSARY_FILE = "glossary.json"
LAY_TERMS = "lay_terms.json"
LAY_PREFIX = 5       # "droop" is droopy, drooping, droops
LAY_SLACK = 1        # words between a lay phrase's own, beyond its length

SHORT_FORM_RE = re.compile(r"^[A-Z][A-Za-z0-9]{1,7}$")
PAREN_RE = re.compile(r"\(([^()]{1,80})\)")
NAMING_RE = re.compile(r"\b(?:also called|sometimes called|also known as|known as|aka|a\.k\.a\.)\s+"
                       r"([A-Za-z0-9'’ -]{3,60}?)(?=[,.;:)]|$)", re.I)
WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
PHRASE_STOPWORDS = frozenset("a an the and or of in on to for with by as is are was be can "
                             "may like such this that these those your you its it no not "
                             "from into including especially e.g i.e see".split())
# A term found in more than this share of chunks says nothing about which chunk is meant:
# a question that already uses it ("ALS") is not expanded with its aliases.
MAX_EXPANSION_CHUNK_SHARE = 0.3
# Phrases before a parenthesis: at most two words ("difficulty swallowing (dysphagia)"); longer
# ones drag in verbs ("affects nerve cells") and chain unrelated groups together.
MAX_PHRASE_WORDS = 2
# A synonym group is a handful of names for one thing. Mined aliases chain ("absent" → "absent
# teeth" → "hypodontia" → …): on MedQuAD's 5,393 pages unbounded chaining made one group of 1,018
# terms and two of 65, and 86 of its 263 questions were expanded with dozens of unrelated terms.
# An alias that would grow a group past this is not added (the seed corpus's largest has 5).
MAX_GROUP_NAMES = 8
# A one-word phrase this common in English ("common (fasciculations)", "go (relapsing-remitting)")
# is a word of the sentence, not a name.
MAX_SINGLE_WORD_ENGLISH_COUNT = 50_000_000


def _chunk_counts(terms: set[str], texts: list[str]) -> Counter:
    """In how many of `texts` each term occurs as whole words. One pass over each text's words,
    trying only the term lengths that start with each word: scanning every text for every term
    took 135 s of a 155 s rebuild on MedQuAD (29,118 chunks, ~10,000 terms)."""
    lengths: dict[str, set[int]] = {}
    for term in terms:
        words = term.split()
        if words:
            lengths.setdefault(words[0], set()).add(len(words))
    counts: Counter = Counter()
    for text in texts:
        words = normalize_term(text).split()
        found = set()
        for i, word in enumerate(words):
            for n in lengths.get(word, ()):
                phrase = " ".join(words[i:i + n])
                if phrase in terms:
                    found.add(phrase)
        counts.update(found)
    return counts


def _loosely_in(phrase: str, words: list[str]) -> bool:
    """A lay phrase of two words said in other forms and order: "drooping eyelids" in "her
    eyelids droop" (each word by its first LAY_PREFIX letters, both within a few words)."""
    keys = [w[:LAY_PREFIX] for w in phrase.split()]
    if len(keys) != 2 or min(map(len, keys)) < 4:     # not "pins and needles", "motor neurone disease"
        return False
    where = [[i for i, w in enumerate(words) if w.startswith(k) and (len(k) == LAY_PREFIX or w == k)] for k in keys]
    return all(where) and any(
        max(min(abs(i - j) for j in w) for w in where) <= len(keys) + LAY_SLACK for i in where[0])


def normalize_term(term: str) -> str:
    return " ".join(WORD_RE.findall(term.replace("’", "'"))).lower()


def _is_short_form(text: str) -> bool:
    return bool(SHORT_FORM_RE.match(text)) and sum(ch.isupper() for ch in text) >= 2


def schwartz_hearst(short: str, candidate: str) -> str | None:
    """The long form for `short` at the end of `candidate`, or None (Schwartz & Hearst 2003)."""
    s, c = len(short) - 1, len(candidate) - 1
    while s >= 0:
        ch = short[s].lower()
        if not ch.isalnum():
            s -= 1
            continue
        while c >= 0 and (candidate[c].lower() != ch or (s == 0 and c > 0 and candidate[c - 1].isalnum())):
            c -= 1
        if c < 0:
            return None
        c -= 1
        s -= 1
    start = candidate.rfind(" ", 0, c + 1) + 1
    long_form = candidate[start:].strip(" ,;:-")
    words = long_form.split()
    if not words or len(words) > len(short) + 3 or long_form.lower() == short.lower():
        return None
    return long_form


def _preceding_words(text: str, end: int, limit: int) -> list[str]:
    """Up to `limit` words right before `end`, stopping at punctuation or a line break."""
    line = text[:end].rsplit("\n", 1)[-1]
    words = re.findall(r"[A-Za-z0-9'’-]+|[^\sA-Za-z0-9'’-]", line)[::-1]
    out = []
    for word in words:
        if not re.match(r"[A-Za-z0-9]", word) or len(out) == limit:
            break
        out.append(word)
    return out[::-1]


def mine_aliases(text: str) -> list[tuple[str, str]]:
    """(term, alias) pairs found in one passage (see module doc)."""
    pairs: list[tuple[str, str]] = []
    for match in PAREN_RE.finditer(text):
        inner = match.group(1).strip()
        if not re.search(r"[A-Za-z]{2}", inner):
            continue  # "(7)", "(2020)": citations and counts
        before = _preceding_words(text, match.start(), 10)
        first = inner.split(",")[0].strip()
        if _is_short_form(inner.rstrip("s") if inner.endswith("s") and inner[:-1].isupper() else inner):
            long_form = schwartz_hearst(inner.rstrip("s"), " ".join(before))
            if long_form:
                pairs.append((long_form, inner.rstrip("s") if inner[:-1].isupper() else inner))
            continue
        if before and _is_short_form(before[-1]):
            long_form = schwartz_hearst(before[-1], first)
            if long_form and long_form == first:
                pairs.append((first, before[-1]))
                continue
        inner_words = inner.split()
        if (1 <= len(inner_words) <= 2 and "," not in inner and inner_words[0].lower() not in PHRASE_STOPWORDS
                and not (len(inner_words) > 1 and all(w[:1].isupper() for w in inner_words))):
            phrase = []
            for word in reversed(before[-MAX_PHRASE_WORDS:]):
                if word.lower() in PHRASE_STOPWORDS:
                    break
                phrase.insert(0, word)
            if phrase and not (len(phrase) == 1 and english_counts().get(phrase[0].lower(), 0)
                                   > MAX_SINGLE_WORD_ENGLISH_COUNT):
                pairs.append((" ".join(phrase), inner))
    for match in NAMING_RE.finditer(text):
        alias = match.group(1).strip()
        head = text[:match.start()]
        head = head[head.rfind(". ") + 1:]  # the subject is named in the same sentence
        found = re.findall(r"\b([A-Z][A-Za-z0-9]{1,7})\s*\(|\(([A-Z][A-Za-z0-9]{1,7})\)", head)
        subject = next((s for s in reversed([a or b for a, b in found]) if _is_short_form(s)), None)
        if subject:
            pairs.append((subject, alias))
    return [(a, b) for a, b in pairs if normalize_term(a) and normalize_term(b)
            and normalize_term(a) != normalize_term(b)]


@dataclass
class Glossary:
    """Synonym groups (lower-cased terms), and the terms too common in the corpus to expand."""

    groups: list[list[str]]
    ubiquitous: set[str]
    lay: set[str] = field(default_factory=set)   # lay names: they trigger expansion, never added

    @classmethod
    def build(cls, texts: list[str], *, lay_terms: dict[str, list[str]] | None = None) -> Glossary:
        parent: dict[str, str] = {}

        def find(term: str) -> str:
            while parent.setdefault(term, term) != term:
                parent[term] = parent[parent[term]]
                term = parent[term]
            return term

        mined_pairs = [pair for text in texts for pair in mine_aliases(text)]
        mined = {normalize_term(t) for pair in mined_pairs for t in pair}
        lay_terms = load_lay_terms() if lay_terms is None else lay_terms
        # The hand-kept lay names first: a group full of mined aliases must not refuse them.
        pairs = [(lay, clinical) for lay, clinicals in lay_terms.items() for clinical in clinicals] + mined_pairs
        size: dict[str, int] = {}
        for a, b in pairs:
            ra, rb = find(normalize_term(a)), find(normalize_term(b))
            if ra != rb and size.get(ra, 1) + size.get(rb, 1) <= MAX_GROUP_NAMES:
                parent[ra] = rb
                size[rb] = size.get(ra, 1) + size.get(rb, 1)
        members: dict[str, list[str]] = {}
        for term in parent:
            members.setdefault(find(term), []).append(term)
        groups = sorted(sorted(g) for g in members.values() if len(g) > 1)      # not a refused alias alone
        limit = MAX_EXPANSION_CHUNK_SHARE * max(len(texts), 1)
        counts = _chunk_counts({m for group in groups for m in group}, texts)
        ubiquitous = {m for m, n in counts.items() if n > limit}
        lay = {normalize_term(t) for t in lay_terms} - mined
        return cls(groups, ubiquitous, lay)

    @cached_property
    def words(self) -> frozenset[str]:
        """The one-word terms ("gp", "neuro", "mnd"): never typos, whatever the corpus says."""
        return frozenset(m for group in self.groups for m in group if " " not in m)

    def read(self, question: str) -> tuple[list[str], list[str]]:
        """In one pass over the groups: the aliases to add to `question` (the other members of
        each group it names, unless it already names the group by a term that is everywhere in
        the corpus), and the terms it says ("big magnet machine" says "magnet machine")."""
        q = " " + normalize_term(question) + " "
        words = q.split()
        added: list[str] = []
        said: list[str] = []
        for group in self.groups:
            named = [m for m in group if f" {m} " in q or (m in self.lay and _loosely_in(m, words))]
            said += named
            if named and not any(m in self.ubiquitous for m in named):
                added += [m for m in group if m not in named and m not in added and m not in self.lay]
        return added, said

    def definitions(self) -> dict[str, str]:
        """Technical term → plain words, for a tap-to-define hint on answers ("fasciculations" →
        "muscle twitching", "MG" → "myasthenia gravis"): within each alias group, an acronym is
        defined by its long form, and a rare term by the group's plainest member, if clearly
        plainer (by English word frequency). Lay names are never defined."""
        out: dict[str, str] = {}
        for group in self.groups:
            for term in group:
                if term in self.lay:
                    continue
                expansions = [m for m in group if m != term and _spells_out(term, m)]
                # An acronym: short, and not an English word ("shrink" spells out "shrinking").
                if len(term) <= 6 and " " not in term and term not in english_counts() and expansions:
                    out[term] = max(expansions, key=len)
                    continue
                plainest = max((m for m in group if m != term), key=_plainness)
                if _plainness(plainest) >= _plainness(term) + PLAINER_BY and _plainness(term) < TECHNICAL_BELOW:
                    out[term] = plainest
        return out

    def save(self, directory: Path) -> None:
        data = {"groups": self.groups, "ubiquitous": sorted(self.ubiquitous), "lay": sorted(self.lay)}
        (directory / GLOSSARY_FILE).write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Glossary:
        data = json.loads((directory / GLOSSARY_FILE).read_text(encoding="utf-8"))
        return cls([list(g) for g in data["groups"]], set(data["ubiquitous"]), set(data.get("lay", [])))


# Plainness: the mean log10(1 + English frequency) of a phrase's words (symspellpy's counts
# from Google Books). A term under TECHNICAL_BELOW ("fasciculations" 0, "dysphagia" 5.5,
# "spasticity" 5.2) gets a definition if another member of its group is at least PLAINER_BY
# plainer ("muscle twitching" 6.4, "difficulty swallowing" 6.7); "numbness" (5.8) and
# "fatigue" (6.7) are plain already.
TECHNICAL_BELOW = 5.6
PLAINER_BY = 0.8


def _spells_out(short: str, phrase: str) -> bool:
    """Whether `phrase` could be what the acronym `short` stands for: it starts with the
    acronym's first letter and holds all its letters in order ("emg" in "electromyography")."""
    letters, at = short.lower(), 0
    if len(phrase) <= len(short) or not phrase.startswith(letters[:1]):
        return False
    for ch in letters:
        at = phrase.find(ch, at)
        if at < 0:
            return False
        at += 1
    return True


def _plainness(phrase: str) -> float:
    words = re.findall(r"[a-z]+", phrase.lower())
    if not words:
        return 0.0
    counts = english_counts()
    return sum(math.log10(counts.get(w, 0) + 1) for w in words) / len(words)


def load_lay_terms() -> dict[str, list[str]]:
    data = json.loads(resources.files("indexer").joinpath(LAY_TERMS).read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}
