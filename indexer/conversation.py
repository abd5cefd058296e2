"""A chat conversation, kept on the server: what was typed, how it was understood, what was
shown, and what to suggest next.

The browser never sends the history back. A client could send anything as "history" (a
30,000-character message re-read on every later turn, a file path for the server to copy); the
conversation lives in the server's per-session state instead, bounded to `MAX_TURNS` turns of
bounded size, and each turn is understood from the previous one alone.

Every user-controlled string is checked on its raw length before any normalisation or regex
(`check_question`): a 10-million-character paste is refused in microseconds.

Follow-ups keep the previous question's shape and swap its subject: "and what about MS?" after
"How is MG told apart from ALS?" is answered as "How is MS told apart from ALS?". Suggested
next questions come from the headings of the passages near an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textmap import normalize
from .understanding import MAX_TOPIC_HEADING_WORDS, follow_up_subject, term_key, term_pattern

# Long enough for any real question (the longest of our eval sets is ~250 characters), short
# enough that a pasted document does not become a 256-token query.
MAX_QUESTION_CHARS = 500
# Raw input longer than this is refused before it is normalised: invisible and combining
# characters can shrink a question, never by 4×.
MAX_RAW_QUESTION_CHARS = 4 * MAX_QUESTION_CHARS
# Turns a session keeps (older ones leave the screen): bounds a session's memory.
MAX_TURNS = 20
# A refused message is shown back this long at most.
ECHO_CHARS = 200

SUGGESTIONS = 3

EMPTY_PROMPT = "Please type a question, for example: *How is MG told apart from ALS?*"


def too_long(length: int) -> str:
    return (f"That question is {length:,} characters long; please keep it under "
            f"{MAX_QUESTION_CHARS} characters (one question at a time works best).")


@dataclass(frozen=True)
class Checked:
    """A message as it will be answered (`question`), or why it will not be (`problem`)."""

    question: str
    problem: str = ""


def check_question(message: object) -> Checked:
    """The question as searched (Unicode NFKC, control, zero-width and bidi characters removed,
    whitespace collapsed), or the message to show instead. Never looks at more than
    `MAX_RAW_QUESTION_CHARS` characters of a message."""
    if not isinstance(message, str):
        message = ""
    if len(message) > MAX_RAW_QUESTION_CHARS:
        return Checked("", too_long(len(message)))
    question = normalize(message)
    if not question:
        return Checked("", EMPTY_PROMPT)
    if len(question) > MAX_QUESTION_CHARS:
        return Checked("", too_long(len(question)))
    return Checked(question)


def echo(message: object) -> str:
    """How a user's message is shown back: at most `ECHO_CHARS` characters of it."""
    text = message if isinstance(message, str) else ""
    text = normalize(text[:4 * ECHO_CHARS])
    return text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS] + " …"


@dataclass(frozen=True)
class Turn:
    """One exchange. `asked` is the question answered (a follow-up rewritten), empty when the
    message was refused; `reply` the answer block as the page shows it (HTML, escaped);
    `note` the same as plain text for "Copy as note"; `feedback` what a thumbs up/down records;
    `options` suggested next questions ({"value", "label"}); `refs` the numbered sources
    ({"n", "source", "chunk", "quotes"}, for "show in the whole article"); `read_as` typos read
    as corpus words; `emergency` whether an urgent-care banner leads the reply."""

    typed: str
    asked: str
    reply: str
    feedback: dict | None = None
    options: tuple[dict, ...] = ()
    note: str = ""
    refs: tuple[dict, ...] = ()
    read_as: tuple[tuple[str, str], ...] = ()
    emergency: bool = False


@dataclass(frozen=True)
class Conversation:
    """The turns kept (the last MAX_TURNS) and how many older ones were dropped: a turn's
    number (`dropped` + its position) stays the same as older turns leave, so a button on the
    page still names its own turn."""

    turns: tuple[Turn, ...] = ()
    dropped: int = 0

    def with_turn(self, turn: Turn) -> Conversation:
        turns = (*self.turns, turn)
        extra = max(0, len(turns) - MAX_TURNS)
        return Conversation(turns[extra:], self.dropped + extra)

    def number_of(self, position: int) -> int:
        return self.dropped + position

    @property
    def last_asked(self) -> str | None:
        return next((t.asked for t in reversed(self.turns) if t.asked), None)

    def understand(self, index, question: str) -> str:
        """The question to answer: a follow-up ("and what about MS?") rewritten on the last
        question asked, else the question itself."""
        return rewrite_follow_up(index, question, self.last_asked) or question

    @property
    def asked(self) -> list[str]:
        return [t.asked for t in self.turns if t.asked]

    def turn_at(self, number) -> Turn | None:
        """The turn the page numbers `number` (see `number_of`), if it is still kept."""
        if isinstance(number, bool) or not isinstance(number, int):
            return None
        position = number - self.dropped
        return self.turns[position] if 0 <= position < len(self.turns) else None


def rewrite_follow_up(index, message: str, previous: str | None) -> str | None:
    """The full question a short follow-up stands for, or None if it is not one."""
    new = follow_up_subject(message or "")
    if not new or not previous:
        return None
    old_topics = [t for t in index.topics.named(previous) if t not in index.glossary.ubiquitous]
    if not old_topics:
        return None
    rewritten, count = term_pattern([old_topics[0]]).subn(lambda _: new, previous, count=1)
    return rewritten if count else None


def suggestions(index, answer, asked: list[str]) -> list[str]:
    """Up to three next questions, drawn from the headings of the passages near this answer."""
    seen = {term_key(q) for q in asked}
    asked_topics = {t for q in asked for t in index.topics.named(q)}
    out: list[str] = []
    for hit in answer.passages:
        if not hit.chunk.section:
            continue
        heading = re.sub(r"^\d+[.)]\s*", "", hit.chunk.section[-1])
        if not heading[:1].isalpha():
            continue  # "(References)"
        if heading.endswith("?"):
            if not index.topics.named(heading):
                continue  # "What is it?" means nothing out of its page
            question = heading
        elif re.match(r"(how|what|why|when|who|which)\b", heading, re.I):
            continue  # "How ALS Is Diagnosed" is a title, not a question; made one, it reads wrong
        elif (len(heading.split()) <= MAX_TOPIC_HEADING_WORDS and term_key(heading) not in asked_topics
              and not re.match(r"(for|about|in|on|with|and|or|the|a|an)\b", heading, re.I)):
            # "What do the sources say about speech and swallowing changes?": the heading in
            # lower case but for acronyms ("MS", "ALS", "(DMTs)").
            lead = " ".join(w if sum(c.isupper() for c in w) > 1 else w.lower() for w in heading.split())
            question = f"What do the sources say about {lead}?"
        else:
            continue
        if term_key(question) not in seen:
            seen.add(term_key(question))
            out.append(question)
        if len(out) == SUGGESTIONS:
            break
    return out
