"""What retrieval and answering hand to each other and to the outside: hits, citations, answers."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from urllib.parse import quote

from index.errors import BadInput

SOURCE_ROUTE = "/paragraf/original"  # the app's view of an original protocol file (assistant/ui/app.py serves it)


def source_url(base: str, meeting_id: str, page: int | None = None) -> str:
    """The address of a meeting's original file in the app, at the page where a § starts (PDF viewers read #page=N)."""
    return f"{base.rstrip('/')}{SOURCE_ROUTE}/{quote(meeting_id, safe='')}" + (f"#page={page}" if page else "")


# History JSON is a list of objects holding strings: anything nested deeper is not turns, and is refused before
# the parser recurses into it (100 000 levels were a RecursionError).
MAX_HISTORY_DEPTH = 2
_JSON_NESTING = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


class QuestionStopped(BadInput):
    """A question stopped before its answer: past its time budget (PARAGRAF_QUESTION_SECONDS), or a server stopping."""


def history_from_json(text: str, source: str = "history", max_chars: int = 0) -> list[dict]:
    """Conversation turns from JSON: a list of {"role": "user"|"assistant", "content": "..."}, oldest first, of at most
    `max_chars` characters of JSON (0: any; settings.QuestionLimits.json_chars). `source` names where the text came
    from (a file, the API) in the one-line error."""
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
    return [{"role": t["role"], "content": t["content"]} for t in turns]


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


@dataclass
class Hit:
    """One retrieved § with its metadata, text and fused score."""

    id: str
    organisation: str
    body: str
    date: str
    paragraph: int
    title: str
    source_file: str
    text: str
    score: float
    decisions: list[str] = field(default_factory=list)
    dense: float = 0.0  # cosine similarity of the query to this §
    lexical: float = 0.0  # BM25 score of the query against this §
    meeting_id: str = ""
    page: int | None = None  # 1-based page of the source where the § starts; None for text files

    def to_json(self) -> dict:
        keys = ("id", "organisation", "body", "date", "paragraph", "title", "source_file", "score", "text", "meeting_id", "page")
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
    kinds: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, hit: Hit, quotes: list[str] | None = None, kinds: list[str] | None = None) -> "Citation":
        return cls(hit.organisation, hit.body, hit.date, hit.paragraph, hit.title, hit.source_file, hit.id, quotes or [],
                   hit.meeting_id, hit.page, kinds or [])

    def label(self) -> str:
        """'(Samordningsförbundet RAR i Sörmland, arbetsutskottet 2026-03-04, § 22)'"""
        paragraph = f", § {self.paragraph}" if self.paragraph else ""
        return f"({self.organisation}, {self.body} {self.date or 'datum okänt'}{paragraph})"

    def to_json(self) -> dict:
        return asdict(self)


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
        }
