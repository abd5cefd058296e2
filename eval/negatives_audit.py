"""Which negatives of a question file name something the corpus still names, and how each kind
is answered.

    python eval/negatives_audit.py --questions questions.jsonl --corpus corpus [--index DIR]
                                   [--split all|dev|test]

MedQuAD's negatives are the questions of pages left out of the corpus ("What is (are)
Constipation ?"), but other pages may discuss the same thing: then "not covered" would be a false
reply. A negative's focus is its question without MedQuAD's template; it is *named elsewhere*
when some corpus file holds it verbatim (case, accents and punctuation aside), or with one letter
of a long word missing (MedQuAD's files lost their non-ASCII letters: "Imerslund-Grsbeck"). With --index,
each negative is answered as the chat would, and the share answered "not covered" is printed
per kind (docs/answers.md, "Fourth round").
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.documents import corpus_files  # noqa: E402
from indexer.evaluation import dev_test_split, load_questions  # noqa: E402
from indexer.titles import title_words  # noqa: E402

# MedQuAD's question templates, the focus in the group; the last is the catch-all.
TEMPLATES = [re.compile(p, re.I) for p in (
    r"what are the symptoms of (.+)", r"how to diagnose (.+)", r"what is \(are\) (.+)",
    r"what is the outlook for (.+)", r"do you have information about (.+)", r"what causes (.+)",
    r"how many people are affected by (.+)", r"is (.+) inherited", r"what are the treatments for (.+)",
    r"what are the genetic changes related to (.+)", r"how to prevent (.+)", r"what to do for (.+)",
    r"what research \(or clinical trials\) is being done for (.+)", r"who is at risk for (.+?)\??",
    r"what are the complications of (.+)", r"what are the stages of (.+)", r"what is (.+)")]


LOST_LETTER_MIN_LENGTH = 7      # words shorter than this lose a letter into another word too often


def plain(text: str) -> str:
    """Lower-case ASCII words joined by single spaces ("Alström's" → "alstrom s"), as titles
    are compared (titles.title_words)."""
    return " ".join(title_words(text))


def focus(question: str) -> str:
    """The thing a templated question is about: "What is (are) Mumps ?" → "Mumps"."""
    text = question.strip().rstrip("?").strip()
    for template in TEMPLATES:
        if m := template.fullmatch(text):
            return m.group(1).strip()
    return text


def files_naming(phrase: str, texts: list[str]) -> int:
    """How many of `texts` (already `plain`, space-padded) hold `phrase` as whole words."""
    wanted = f" {plain(phrase)} "
    return sum(wanted in text for text in texts)


def lost_letter_spelling(phrase: str, joined: str) -> str:
    """`phrase` as the corpus may spell it with one letter of a long word missing: MedQuAD's files
    lost their non-ASCII letters ("Mnire's disease", "Imerslund-Grsbeck syndrome"), so a question
    typed "Imerslund-Grasbeck" names a page that is there (`joined`: the `plain` texts, joined). ""
    when no such spelling is found."""
    words = plain(phrase).split()
    for k, word in enumerate(words):
        for i in range(1, len(word) - 1) if len(word) >= LOST_LETTER_MIN_LENGTH else ():
            variant = " ".join([*words[:k], word[:i] + word[i + 1:], *words[k + 1:]])
            if f" {variant} " in joined:
                return variant
    return ""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index", type=Path, help="answer each negative with this index too")
    parser.add_argument("--split", choices=("all", "dev", "test"), default="all")
    args = parser.parse_args(argv)
    questions = load_questions(args.questions, args.corpus)
    if args.split != "all":
        questions = dev_test_split(questions)[args.split]
    texts = [f" {plain(p.read_text(encoding='utf-8', errors='replace'))} " for p in corpus_files(args.corpus)]
    index = None
    if args.index:
        from indexer import answer, load_embedder, load_index
        index = load_index(args.index, embedder=load_embedder())
    joined = "\n".join(texts)      # (once: 21 MB on MedQuAD)
    kinds: dict[str, list[bool]] = {"named nowhere": [], "named elsewhere": []}
    for q in (q for q in questions if not q.answerable):
        count = files_naming(focus(q.question), texts)
        spelt = "" if count else lost_letter_spelling(focus(q.question), joined)
        if spelt:
            count = files_naming(spelt, texts)
        kind = "named elsewhere" if count else "named nowhere"
        refused = answer(index, q.question).abstained if index else None
        kinds[kind].append(bool(refused))
        shown = "" if refused is None else ("  not covered" if refused else "  answered")
        print(f"{count:6d} files  {focus(q.question)}{f' (as {spelt!r})' if spelt else ''}{shown}")
    for kind, refused in kinds.items():
        rate = f", answered \"not covered\": {sum(refused)}/{len(refused)}" if index else ""
        print(f"{kind}: {len(refused)}{rate}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
