"""What retrieval and answering hand to each other and to the outside: hits, citations, answers."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Literal
from urllib.parse import quote

from index.errors import BadInput
from index.models import StoredParagraph

QuoteKind = Literal["decision", "proposal", "rejected", "postponed", "information", "amount", "person", "date", "reason", ""]
"""What a quoted sentence is: a decision of some kind (index/models.py DecisionKind), the kind of answer it holds
(index/lang/questions.py AnswerType), or '' for none of them."""
SOURCE_ROUTE = "/paragraf/original"  # the app's view of an original protocol file (assistant/ui/app.py serves it)


def source_url(base: str, meeting_id: str, page: int | None = None) -> str:
    """The address of a meeting's original file in the app, at the page where a § starts (PDF viewers read #page=N)."""
    return f"{base.rstrip('/')}{SOURCE_ROUTE}/{quote(meeting_id, safe='')}" + (f"#page={page}" if page else "")


# History JSON is a list of turns; an assistant turn's answer data (what `paragraf ask --json` prints) nests six
# deep (turns > turn > answer > citations > citation > quotes). Anything deeper is not turns, and is refused before
# the parser recurses into it (100 000 levels were a RecursionError).
MAX_HISTORY_DEPTH = 6
_JSON_NESTING = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


class QuestionStopped(BadInput):
    """A question stopped before its answer: past its time budget (PARAGRAF_QUESTION_SECONDS), or a server stopping."""


def history_from_json(text: str, source: str = "history", max_chars: int = 0) -> list[dict]:
    """Conversation turns from JSON: a list of {"role": "user"|"assistant", "content": "..."}, oldest first, of at most
    `max_chars` characters of JSON (0: any; settings.QuestionLimits.json_chars); an assistant turn may carry its
    answer as data ("answer": what `paragraf ask --json` prints), which a follow-up reads its context from (the § it
    cited). `source` names where the text came from (a file, the API) in the one-line error."""
    if max_chars and len(text) > max_chars:
        raise BadInput(f"{source}: {len(text):,} characters, more than a conversation within the limits can take "
                       f"({max_chars:,}; PARAGRAF_MAX_HISTORY_CHARS, PARAGRAF_MAX_HISTORY_TURNS)")
    depth = 0
    for token in _JSON_NESTING.finditer(text):
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token[0], 0)
        if depth > MAX_HISTORY_DEPTH:
            raise BadInput(f'{source}: nested deeper than a JSON list of {{"role": …, "content": …}} turns')
    try:
        turns = json.loads(text) if text.strip() else []
    except json.JSONDecodeError as exc:
        raise BadInput(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    if not isinstance(turns, list) or not all(
        isinstance(t, dict) and t.get("role") in ("user", "assistant") and isinstance(t.get("content"), str) for t in turns
    ):
        raise BadInput(f'{source}: expected a JSON list of {{"role": "user"|"assistant", "content": "..."}}')
    return [{"role": t["role"], "content": t["content"], **({"answer": t["answer"]} if isinstance(t.get("answer"), dict) else {})}
            for t in turns]


@dataclass(frozen=True)
class Cited:
    """A § an earlier answer cited: its id and its meeting's date."""

    id: str
    date: str


@dataclass(frozen=True)
class Turn:
    """An earlier question of a conversation and the § its answer cited (carried as data, never read back out of
    the answer's text)."""

    question: str
    cited: tuple[Cited, ...] = ()


def conversation(history: list[dict] | None) -> list[Turn]:
    """The questions of a history of messages, each with the § the answer after it cited (from its "answer" data)."""
    turns: list[Turn] = []
    for message in history or []:
        if message.get("role") == "user":
            turns.append(Turn(str(message.get("content", ""))))
        elif message.get("role") == "assistant" and turns and isinstance(message.get("answer"), dict):
            citations = message["answer"].get("citations") or []
            cited = tuple(Cited(str(c.get("id", "")), str(c.get("date", ""))) for c in citations if isinstance(c, dict))
            turns[-1] = Turn(turns[-1].question, cited)
    return turns


@dataclass(frozen=True)
class Filters:
    """Narrowing of a search; every field optional. Organisation and body match case-insensitively
    as substrings ('Kalmar' matches 'Samordningsförbundet i Kalmar län')."""

    organisation: str | None = None
    body: str | None = None
    date_from: str | None = None  # ISO, inclusive
    date_to: str | None = None  # ISO, inclusive

    def is_empty(self) -> bool:
        return not any((self.organisation, self.body, self.date_from, self.date_to))


class LimitField(str, Enum):
    """What an answer can be limited to."""

    ORGANISATION = "organisation"
    BODY = "body"
    DATES = "dates"


class LimitSource(str, Enum):
    """Where a limit came from: the question's own words, the previous turn of the conversation (the
    question read as its follow-up), or the filters chosen beside the chat."""

    QUESTION = "question"
    PREVIOUS_TURN = "previous_turn"
    FILTERS = "filters"


@dataclass(frozen=True)
class Limit:
    """One limit an answer was made within: 'organisation' = 'Samordningsförbundet i Blekinge', from the previous
    turn. Dates are one limit, `value` 'YYYY-MM-DD' or 'YYYY-MM-DD – YYYY-MM-DD' (an open end left empty)."""

    field: LimitField
    value: str
    source: LimitSource

    def to_json(self) -> dict:
        return {"field": self.field.value, "value": self.value, "source": self.source.value}

    @classmethod
    def from_json(cls, data: dict) -> "Limit":
        return cls(LimitField(data["field"]), data["value"], LimitSource(data["source"]))


@dataclass
class Hit:
    """A § found by a search: the stored § itself (`record`, nothing copied) and how it scored."""

    record: StoredParagraph
    score: float  # the fused score
    dense: float = 0.0  # cosine similarity of the query to this §
    lexical: float = 0.0  # BM25 score of the query against this §
    dense_only: bool = False  # in the pool for dense search's own ranking, below the fused best (retrieve.pool)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def organisation(self) -> str:
        return self.record.organisation

    @property
    def body(self) -> str:
        return self.record.body

    @property
    def date(self) -> str:
        return self.record.date

    @property
    def paragraph(self) -> int:
        """The § number."""
        return self.record.number

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def source_file(self) -> str:
        return self.record.source_file

    @property
    def text(self) -> str:
        return self.record.text

    @property
    def decisions(self) -> list[str]:
        return self.record.decisions

    @property
    def meeting_id(self) -> str:
        return self.record.meeting_id

    @property
    def page(self) -> int | None:
        """1-based page of the source where the § starts; None for text files."""
        return self.record.page

    @property
    def paragraph_label(self) -> str:
        """The § as printed ('12', '3 a', '14:1'); '' for a § known by its heading."""
        return self.record.label

    def to_json(self) -> dict:
        keys = ("id", "organisation", "body", "date", "paragraph", "paragraph_label", "title", "source_file", "score", "text",
                "meeting_id", "page")
        return {k: getattr(self, k) for k in keys}


@dataclass
class Citation:
    """A § an answer rests on; the text of the citation is built from stored metadata, never from a model."""

    organisation: str
    body: str
    date: str
    paragraph: int
    title: str
    source_file: str
    id: str = ""
    quotes: list[str] = field(default_factory=list)  # the sentences of this § used in the answer
    meeting_id: str = ""  # where the original file is found (the source view's address)
    page: int | None = None  # 1-based page of the source where the § starts; None for text files
    # What each quote is, one per quote: 'decision' (or 'proposal', 'rejected', 'postponed', 'information'), 'amount',
    # 'person', 'date', 'reason', or '' for none of them (assistant/answer/compose.py `quote_kind`); empty where an answer
    # does not tell (timelines, briefs, a language model's answer).
    kinds: list[QuoteKind] = field(default_factory=list)
    paragraph_label: str = ""  # the § as printed ('12', '3 a', '14:1'); '' for a § known by its heading

    def __post_init__(self) -> None:
        if not self.paragraph_label and self.paragraph:
            self.paragraph_label = str(self.paragraph)

    @classmethod
    def of(cls, source: Hit | StoredParagraph, quotes: list[str] | None = None,
           kinds: list[QuoteKind] | None = None) -> "Citation":
        """The citation of a stored § (or of the § a hit holds), with the quotes an answer takes from it."""
        p = source.record if isinstance(source, Hit) else source
        return cls(p.organisation, p.body, p.date, p.number, p.title, p.source_file, p.id, quotes or [], p.meeting_id,
                   p.page, kinds or [], p.label)

    def label(self) -> str:
        """'(Samordningsförbundet RAR i Sörmland, arbetsutskottet 2026-03-04, § 22)'; a § without a number is cited by
        its heading: '(Gröna Partiet, styrelsen 2024-03-03, PR och marknadsföring)'."""
        where = f", § {self.paragraph_label}" if self.paragraph_label else (f", {self.title}" if self.title else "")
        return f"({self.organisation}, {self.body} {self.date or 'datum okänt'}{where})"

    def reference(self) -> str:
        """How the § is named on its own: '§ 3 a', or its heading when it has no number."""
        return f"§ {self.paragraph_label}" if self.paragraph_label else self.title

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Draft:
    """An answer while it is being made: its text so far. `checked` is False while a language model writes it:
    its citations are checked only in the final Answer, which replaces the draft."""

    text: str
    checked: bool


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    language: str = "sv"
    resolved_question: str = ""  # the question after follow-up resolution
    filters: Filters = field(default_factory=Filters)
    checks: list[str] = field(default_factory=list)  # which citation checks fired (LLM path)
    mode: str = "extractive"
    scope: list[Limit] = field(default_factory=list)  # what `filters` holds, each limit with where it came from

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "language": self.language,
            "resolved_question": self.resolved_question,
            "filters": asdict(self.filters),
            "checks": self.checks,
            "mode": self.mode,
            "scope": [limit.to_json() for limit in self.scope],
        }
