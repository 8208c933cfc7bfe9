"""What retrieval and answering hand to each other and to the outside: hits, citations, answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


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

    def to_json(self) -> dict:
        keys = ("id", "organisation", "body", "date", "paragraph", "title", "source_file", "score", "text")
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

    @classmethod
    def of(cls, hit: Hit, quotes: list[str] | None = None) -> "Citation":
        return cls(hit.organisation, hit.body, hit.date, hit.paragraph, hit.title, hit.source_file, hit.id, quotes or [])

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
