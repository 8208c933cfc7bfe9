"""The domain of a protocol archive: meetings and their § paragraphs.

Metadata keys are defined here once; the store, the retriever and the UI all
read paragraphs through them, so a key is never spelt twice.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Literal

from index.lang.tokens import slug

# Metadata keys stored with every paragraph node (LlamaIndex node metadata and Chroma).
K_ID = "id"
K_ORG = "organisation"
K_BODY = "body"
K_DATE = "date"  # ISO YYYY-MM-DD
K_DATE_INT = "date_int"  # YYYYMMDD, because Chroma compares numbers only
K_NUMBER = "paragraph"  # the § number as an integer (the label's whole number; 0 for a § known by its heading)
K_LABEL = "paragraph_label"  # the § as printed: '12', '3 a', '14:1'; '' for a § known by its heading
K_TITLE = "title"
K_SOURCE = "source_file"
K_SOURCE_HASH = "source_hash"
K_DECISIONS = "decisions"  # JSON list of decision sentences
K_EXTRACT = "extract"  # JSON of the structured extraction (index/parse/extract.py)
K_MEETING = "meeting_id"
K_ORDINAL = "ordinal"  # position of the § in its protocol

# The title of the one § a protocol without any heading is kept as (index/parse/protocol.py searchable_paragraphs).
WHOLE_TEXT_TITLE = "Protokoll utan §-indelning"
# Hex characters of the source's sha256 in meeting and § ids: 40 bits, so an archive of a million files
# has a chance of about 1 in 2 000 that two ever share a prefix.
SOURCE_KEY_CHARS = 10

# Keys too bulky or too technical to embed or to show to a language model.
EXCLUDED_FROM_EMBEDDING = [K_ID, K_DATE_INT, K_SOURCE_HASH, K_DECISIONS, K_EXTRACT, K_MEETING, K_ORDINAL]


def date_number(iso: str) -> int:
    """'2026-03-04' -> 20260304 (0 when unknown): the form Chroma's range filters can compare."""
    return int(iso.replace("-", "") or 0)


def date_bounds(date_from: str | None, date_to: str | None) -> tuple[int | None, int | None]:
    """Inclusive YYYYMMDD bounds of a date range, None where open. With either end given the lower bound is
    at least 1: an unknown date (0) lies in no range. The § table and Chroma's filter both use these."""
    if not (date_from or date_to):
        return None, None
    return max(date_number(date_from or ""), 1), date_number(date_to) if date_to else None


def paragraph_metadata(pid: str, organisation: str, body: str, date: str, number: int, title: str, source_file: str,
                       label: str = "") -> dict:
    """The metadata every stored vector and every LlamaIndex node of a § carries."""
    return {K_ID: pid, K_ORG: organisation, K_BODY: body, K_DATE: date, K_DATE_INT: date_number(date), K_NUMBER: number,
            K_LABEL: label or (str(number) if number else ""), K_TITLE: title, K_SOURCE: source_file}


_LABEL_RE = re.compile(r"(\d+)\s*(½)?(?::(\d+))?\s*([a-zåäö])?", re.IGNORECASE)


def label_key(label: str) -> tuple[int, float, int, str]:
    """How § labels sort: '4' < '4 a' < '4 b' < '4½' < '5' < '14' < '14:1' < '14:2'; a label without a
    number (a § known by its heading) sorts first, and document order decides among those."""
    match = _LABEL_RE.match(label.strip())
    if not match:
        return (0, 0.0, 0, "")
    number, half, sub, letter = match.groups()
    return (int(number), 0.5 if half else 0.0, int(sub or 0), (letter or "").lower())


def label_slug(label: str) -> str:
    """A label as a piece of an id: '3 a' -> '3-a', '14:1' -> '14-1', '4½' -> '4half'."""
    return re.sub(r"[^0-9a-z]+", "-", label.lower().replace("½", "half")).strip("-")


@dataclass
class Paragraph:
    """One § of a protocol: the unit of retrieval and of citation. Its `label` is the § as printed ('12',
    '3 a', '14:1', '4½'); `number` is the label's whole number (what sorts it first, and what stores made
    before labels know). A § known only by its heading has neither: label '' and number 0, and is cited
    by its title."""

    number: int
    title: str
    text: str
    decisions: list[str] = field(default_factory=list)
    id: str = ""
    page: int | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label and self.number:
            self.label = str(self.number)

    @property
    def sort_key(self) -> tuple[int, float, int, str]:
        return label_key(self.label)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Evidence:
    """A value read from a protocol and where it was read ('Sammanträdesdatum field', 'letterhead')."""

    value: str
    source: str


@dataclass
class Provenance:
    """Where a meeting's metadata came from, so a reader can judge how sure the parser is; '' = not found."""

    organisation: str = ""
    body: str = ""
    date: str = ""
    numbering: str = ""  # the § numbering found, e.g. 'KS § N' or 'N §'


@dataclass
class Meeting:
    """One protocol: who met, when, and the § paragraphs it recorded."""

    source_file: str
    organisation: str
    body: str
    date: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)
    text: str = ""  # cleaned full text, kept for protocols without any §
    source_hash: str = ""  # sha256 of the source file: two protocols never share an id, whatever their header says
    provenance: Provenance = field(default_factory=Provenance)
    reread_pages: tuple[int, ...] = ()  # PDF pages whose poor text layer OCR read again

    @property
    def id(self) -> str:
        """Readable, and unique by the source's content: two headerless protocols, two meetings of one organ on
        one day, two files named protokoll.txt all get their own id."""
        key = f"-{self.source_hash[:SOURCE_KEY_CHARS]}" if self.source_hash else ""
        return f"{slug(self.organisation)}-{slug(self.body)}-{self.date}{key}"

    def assign_ids(self) -> None:
        """Give each § a stable id from its label ('-p12', '-p3-a'; a § known by its heading '-h' and its place
        among those); a label used twice gets a suffix instead of overwriting."""
        seen: dict[str, int] = {}
        headed = 0
        for paragraph in self.paragraphs:
            if paragraph.label or not paragraph.title or paragraph.number:
                key = f"p{label_slug(paragraph.label) or paragraph.number}"
            else:
                headed += 1
                key = f"h{headed}"
            seen[key] = seen.get(key, 0) + 1
            suffix = "" if seen[key] == 1 else f"-{seen[key]}"
            paragraph.id = f"{self.id}-{key}{suffix}"

    def reading(self) -> str:
        """How the protocol was read, for the person indexing it: '12 § (KS § N), date from 'Sammanträdesdatum' field'."""
        numbered = [p for p in self.paragraphs if p.label]
        headed = [p for p in self.paragraphs if not p.label and p.title and p.title != WHOLE_TEXT_TITLE]
        if numbered:
            found = f"{len(numbered)} § ({self.provenance.numbering})"
        elif headed:
            found = f"{len(headed)} § by their headings (no numbers)"
        else:
            found = "no § found; indexed as one text"
        when = f"date from {self.provenance.date}" if self.date else "no meeting date found"
        who = f"organisation from {self.provenance.organisation}" if self.provenance.organisation else "organisation unknown"
        ocr = f", pages {', '.join(map(str, self.reread_pages))} read again by OCR" if self.reread_pages else ""
        return f"{found}, {when}, {who}{ocr}"

    def to_json(self) -> dict:
        return {
            "source_file": self.source_file,
            "organisation": self.organisation,
            "body": self.body,
            "date": self.date,
            "attendees": self.attendees,
            "provenance": asdict(self.provenance),
            "reread_pages": list(self.reread_pages),
            "paragraphs": [p.to_json() for p in self.paragraphs],
        }


# --- facts of a §, extracted at indexing (index/parse/extract.py) ---------------------------
DecisionKind = Literal["decision", "proposal", "postponed", "rejected", "information"]
"""What a decision sentence records: a decision, a proposal to a higher organ, a postponement, a rejection, or
information filed."""


@dataclass(frozen=True)
class Decision:
    """A decision sentence and its kind."""

    text: str
    type: DecisionKind
    kronor: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class AmountFact:
    """An amount the § writes, in kronor, and whether a decision sentence states it."""

    text: str
    kronor: int
    decided: bool = False


@dataclass(frozen=True)
class Assignment:
    """Who was asked to do what: kind 'assignment', 'mandate' or 'commitment'."""

    kind: str
    who: str
    task: str
    text: str
    kronor: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class FollowUp:
    """What is due back and when (a day, week, quarter or month, or the next meeting), and who follows it up."""

    text: str
    due: str | None = None  # '2026-10-05', '2026-W12', '2026-Q3', '2026-10'
    due_from: str | None = None
    due_to: str | None = None
    next_meeting: bool = False
    by: str | None = None


@dataclass(frozen=True)
class Facts:
    """Everything extracted from one §; stored as JSON with it in the catalog."""

    decisions: list[Decision] = field(default_factory=list)
    amounts: list[AmountFact] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    people: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Facts":
        """The stored JSON (a store indexed before a kind of fact was extracted lacks its key: none of that kind)."""
        return cls([Decision(**d) for d in data.get("decisions", [])], [AmountFact(**a) for a in data.get("amounts", [])],
                   [Assignment(**a) for a in data.get("assignments", [])], [FollowUp(**f) for f in data.get("followups", [])],
                   list(data.get("people", [])))


@dataclass
class StoredParagraph:
    """A § as the archive holds it: the paragraph with its meeting's metadata and its facts. It is the one record of a
    §: a search hit (assistant/models.py `Hit`) holds it, a citation, a timeline entry and a brief line are views of
    it, and the vector store's metadata is made from it (`metadata`)."""

    id: str
    organisation: str
    body: str
    date: str
    number: int
    title: str
    text: str
    source_file: str
    decisions: list[str]
    extract: Facts
    meeting_id: str
    ordinal: int
    page: int | None = None  # 1-based page of the source where the § starts; None for text files
    label: str = ""  # the § as printed ('12', '3 a', '14:1'); '' for a § known by its heading only

    def __post_init__(self) -> None:
        if not self.label and self.number:
            self.label = str(self.number)

    def metadata(self) -> dict:
        """The metadata each of its vectors carries (the keys above)."""
        return paragraph_metadata(self.id, self.organisation, self.body, self.date, self.number, self.title, self.source_file,
                                  self.label)

    def document(self) -> str:
        """The text that lexical and dense search see: '§ label' and title (or the heading), then body."""
        if self.label:
            return f"§ {self.label} {self.title}\n{self.text}"
        return f"{self.title}\n{self.text}" if self.title and self.title != WHOLE_TEXT_TITLE else self.text
