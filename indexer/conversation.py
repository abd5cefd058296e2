"""A chat conversation, kept on the server: what was typed, how it was understood, what was shown.

The browser never sends the history back. A client could send anything as "history" (a
30,000-character message re-read on every later turn, a file path for the server to copy); the
conversation lives in the server's per-session state instead, bounded to `MAX_TURNS` turns of
bounded size, and each turn is understood from the previous one alone.

Every user-controlled string is checked on its raw length before any normalisation or regex
(`check_question`): a 10-million-character paste is refused in microseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from .followup import rewrite_follow_up
from .render import escape_markdown
from .textmap import normalize

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
    message was refused; `feedback` holds what a thumbs up/down records about the reply;
    `options` are suggested next questions ({"value", "label"}), offered under the latest reply."""

    typed: str
    asked: str
    reply: str
    feedback: dict | None = None
    options: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Conversation:
    turns: tuple[Turn, ...] = ()

    def with_turn(self, turn: Turn) -> "Conversation":
        return Conversation((*self.turns, turn)[-MAX_TURNS:])

    @property
    def last_asked(self) -> str | None:
        return next((t.asked for t in reversed(self.turns) if t.asked), None)

    def understand(self, index, question: str) -> str:
        """The question to answer: a follow-up ("and what about MS?") rewritten on the last
        question asked, else the question itself."""
        return rewrite_follow_up(index, question, self.last_asked) or question

    def messages(self) -> list[dict]:
        """The chat as the Chatbot shows it: user and assistant messages, oldest first."""
        out: list[dict] = []
        for k, turn in enumerate(self.turns):
            out.append({"role": "user", "content": escape_markdown(turn.typed)})
            reply = {"role": "assistant", "content": turn.reply}
            if turn.options and k == len(self.turns) - 1:
                reply["options"] = list(turn.options)
            out.append(reply)
        return out

    def turn_of_message(self, position: int) -> Turn | None:
        """The turn whose reply is message `position` of `messages()`."""
        if not isinstance(position, int) or position < 0 or position % 2 != 1:
            return None
        k = position // 2
        return self.turns[k] if k < len(self.turns) else None
