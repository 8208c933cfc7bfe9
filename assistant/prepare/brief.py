"""Meeting preparation for one organisation: what its latest meetings decided, who was asked to do
what, what is due back, which amounts were decided, and which working-committee proposals still
await the board. Every line carries the citation of its §, built from stored metadata.

Reads the extraction stored with each § (index/parse/extract.py). Whether a later § settles a matter (the
board decided a committee's proposal, an assignment was reported back, an amount was decided again) is
the answer model's call on that later §, made as for a timeline's entries (`later_on`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from assistant.models import Citation, Filters
from assistant.answer.retrieve import matches, one_organisation, search
from assistant.answer.learned import relevant
from index.store.catalog import StoredParagraph
from index.errors import BadInput
from index.store.archive import Store
from index.store.generations import Snapshot
from index.lang.dates import iso_day
from index.lang.phrases import ROUTINE_TITLE
from index.lang.vocabulary import BOARD

# The brief's own words in the two languages of the page; the quoted lines stay as the protocols write them.
WORDS: dict[str, dict[str, Any]] = {
    "sv": {"title": "Inför mötet: {organisation}", "as_of": "Läge per {as_of}. Senaste möten: {meetings}.", "none": "inga",
           "empty": "Inga.", "earlier": "tidigare {value} den {date} {label}", "next_meeting": "nästa möte",
           "sources": "Källor",
           "sections": {"decisions": "Beslut vid de senaste mötena", "assignments": "Öppna uppdrag",
                        "followups": "Uppföljningar och datum framåt", "amounts": "Beslutade belopp",
                        "awaiting_board": "Förslag från arbetsutskottet som väntar på styrelsen",
                        "filed": "Lagt till handlingarna"}},
    "en": {"title": "Before the meeting: {organisation}", "as_of": "As of {as_of}. Latest meetings: {meetings}.",
           "none": "none", "empty": "None.", "earlier": "earlier {value} on {date} {label}", "next_meeting": "next meeting",
           "sources": "Sources",
           "sections": {"decisions": "Decisions of the latest meetings", "assignments": "Open assignments",
                        "followups": "Follow-ups and dates ahead", "amounts": "Amounts decided",
                        "awaiting_board": "Working committee proposals awaiting the board",
                        "filed": "Placed on file"}},
}
LOOKBACK_DAYS = 365  # assignments and amounts older than this are left out of a brief
LATER_CANDIDATES = 10  # later § the search hands the answer model for one matter


@dataclass
class BriefItem:
    """One cited line of a brief; `detail` holds what the line is about (type, who, due, kronor).
    `earlier` holds the same matter's lines from earlier meetings, newest first (an amount that changed)."""

    text: str
    citation: Citation
    detail: dict = field(default_factory=dict)
    earlier: list["BriefItem"] = field(default_factory=list)

    def to_json(self) -> dict:
        earlier = {"earlier": [e.to_json() for e in self.earlier]} if self.earlier else {}
        return {"text": self.text, "citation": self.citation.label(), "source": asdict(self.citation), **self.detail, **earlier}

    def line(self, language: str = "sv") -> str:
        """'**13 500 000 kr**: text (label); tidigare 12 000 000 kr den 2025-09-10 (label)' in Markdown."""
        words = WORDS[language]
        before = "; ".join(words["earlier"].format(value=_kronor(e.detail) or e.text, date=e.citation.date,
                                                   label=e.citation.label()) for e in self.earlier)
        return f"{_prefix(self.detail, language)}{self.text} {self.citation.label()}" + (f"; {before}" if before else "")

    def citations(self) -> list[Citation]:
        return [self.citation] + [e.citation for e in self.earlier]


@dataclass
class Brief:
    organisation: str
    body: str | None
    as_of: str
    meetings: list[str]  # "styrelsen 2026-05-29", the latest meeting of each organ
    decisions: list[BriefItem] = field(default_factory=list)
    filed: list[BriefItem] = field(default_factory=list)  # information laid on the table
    assignments: list[BriefItem] = field(default_factory=list)
    followups: list[BriefItem] = field(default_factory=list)
    amounts: list[BriefItem] = field(default_factory=list)
    awaiting_board: list[BriefItem] = field(default_factory=list)

    SECTIONS = ("decisions", "assignments", "followups", "amounts", "awaiting_board", "filed")

    def to_json(self) -> dict:
        head = {"organisation": self.organisation, "body": self.body, "as_of": self.as_of, "meetings": self.meetings}
        return head | {name: [i.to_json() for i in getattr(self, name)] for name in self.SECTIONS}

    def title(self, language: str = "sv") -> str:
        return WORDS[language]["title"].format(organisation=self.organisation)

    def situation(self, language: str = "sv") -> str:
        """'Läge per 2026-03-05. Senaste möten: arbetsutskottet 2026-03-04.'"""
        words = WORDS[language]
        return words["as_of"].format(as_of=self.as_of, meetings=", ".join(self.meetings) or words["none"])

    def sections(self, language: str = "sv") -> list[tuple[str, list[BriefItem]]]:
        """Each section's heading in `language` and its items."""
        return [(WORDS[language]["sections"][name], getattr(self, name)) for name in self.SECTIONS]

    def to_markdown(self, language: str = "sv") -> str:
        lines = [f"# {self.title(language)}", "", self.situation(language)]
        for heading, items in self.sections(language):
            lines += ["", f"## {heading}", ""]
            lines += [f"- {i.line(language)}" for i in items] or [f"- {WORDS[language]['empty']}"]
        return "\n".join(lines) + "\n"

    def items(self) -> list[BriefItem]:
        return [i for name in self.SECTIONS for i in getattr(self, name)]


def _kronor(detail: dict) -> str:
    return ", ".join(f"{k:,} kr".replace(",", " ") for k in detail.get("kronor") or [])


def _prefix(detail: dict, language: str = "sv") -> str:
    if detail.get("due") or detail.get("next_meeting"):
        by = f" ({detail['by']})" if detail.get("by") else ""
        return f"**{detail.get('due') or WORDS[language]['next_meeting']}**{by}: "
    if detail.get("who"):
        return f"**{detail['who']}**: "
    if detail.get("kronor"):
        return f"**{_kronor(detail)}**: "
    return ""


def brief(store: Store | Snapshot, org: str | None, body: str | None = None, as_of: str | None = None) -> Brief:
    """The brief for the one organisation `org` names (a substring), as of a date (default today)."""
    view = store.snapshot()
    paragraphs = view.paragraphs
    as_of = _check_date(as_of or date.today().isoformat())
    organisation = _one_organisation(paragraphs, org)
    own = [p for p in paragraphs if p.organisation == organisation and p.date and p.date <= as_of]
    if not own:
        raise BadInput(f"no meetings of {organisation} on or before {as_of}")
    shown = [p for p in own if matches(body, p.body, organ=True)]
    if not shown:
        raise BadInput(f"no meetings of '{body}' in {organisation}; organs: {', '.join(sorted({p.body for p in own}))}")
    latest = {b: max(p.date for p in shown if p.body == b) for b in {p.body for p in shown}}
    recent = [p for p in shown if p.date == latest[p.body]]
    since = (date.fromisoformat(as_of) - timedelta(days=LOOKBACK_DAYS)).isoformat()
    window = [p for p in shown if p.date >= since]
    result = Brief(organisation, body, as_of, [f"{b} {d}" for b, d in sorted(latest.items(), key=lambda x: x[1], reverse=True)])
    for p in recent:
        for d in p.extract.decisions if not ROUTINE_TITLE.search(p.title) else []:
            target = result.filed if d.type == "information" else result.decisions
            target.append(_item(p, d.text if d.type != "information" else f"{p.title}: {d.text}", type=d.type))
    amounts = []
    for p in window:
        for a in p.extract.assignments:
            if not later_on(view, a.task, p.organisation, p.date, as_of):
                result.assignments.append(_item(p, a.task, who=a.who, kind=a.kind, kronor=a.kronor))
        for d in p.extract.decisions:
            if d.kronor and d.type != "information":
                amounts.append(_item(p, d.text, kronor=d.kronor))
    result.amounts = latest_values(view, amounts, as_of)
    for p in shown:
        for f in p.extract.followups:
            upcoming = f.due_to and f.due_to >= as_of
            if upcoming or (f.next_meeting and not f.due and p in recent):
                result.followups.append(_item(p, f.text, due=f.due, due_from=f.due_from, due_to=f.due_to,
                                              next_meeting=f.next_meeting, by=f.by))
    result.followups.sort(key=lambda i: i.detail["due_from"] or "9999")
    result.awaiting_board = awaiting_board(view, shown, as_of)
    return result


def later_on(view: Snapshot, matter: str, organisation: str, day: str, until: str, body: str | None = None) -> set[str]:
    """The ids of the organisation's § (of `body`, when given) dated after `day` and up to `until` that the
    answer model finds on `matter`, each judged on its own (as a timeline's entries are)."""
    after = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    if after > until:
        return set()
    hits = [h for h in search(view, matter, LATER_CANDIDATES, Filters(organisation, body, after, until))
            if h.organisation == organisation]
    return {c.hit.id for c in relevant(view, matter, hits)}


def latest_values(view: Snapshot, items: list[BriefItem], until: str) -> list[BriefItem]:
    """One line per matter: an amount decided again at a later meeting on the same matter (a later § the
    answer model finds on the earlier § title) shows its latest value, with the earlier values dated beneath
    it. Items of one meeting never replace each other: only a later meeting changes a value."""
    current: list[BriefItem] = []
    for item in sorted(items, key=lambda i: i.citation.date, reverse=True):
        newer = [c for c in current if c.citation.date > item.citation.date]
        cited = item.citation
        same = later_on(view, cited.title, cited.organisation, cited.date, until) if newer else set()
        match = next((c for c in newer if c.citation.id in same), None)
        if match is None:
            current.append(item)
        else:
            match.earlier.append(item)
    order = {id(i): n for n, i in enumerate(items)}
    return sorted(current, key=lambda i: order[id(i)])


def awaiting_board(view: Snapshot, shown: list[StoredParagraph], until: str) -> list[BriefItem]:
    """Proposals of a working committee to the board with no later board § on the same matter."""
    waiting = []
    for p in shown:
        proposals = [d for d in p.extract.decisions if d.type == "proposal"]
        if BOARD in p.body.lower() or not proposals or later_on(view, p.title, p.organisation, p.date, until, BOARD):
            continue
        waiting += [_item(p, f"{p.title}: {d.text}", type="proposal") for d in proposals]
    return waiting


def _item(p: StoredParagraph, text: str, **detail) -> BriefItem:
    citation = Citation.of(p, [text])
    return BriefItem(text, citation, detail)


def _one_organisation(paragraphs: list[StoredParagraph], org: str | None) -> str:
    names = sorted({p.organisation for p in paragraphs})
    if not names:
        raise BadInput("the archive is empty; index some protocols first")
    if org:
        return one_organisation(org, names)
    if len(names) > 1:
        raise BadInput(f"choose an organisation; one of: {'; '.join(names)}")
    return names[0]


def _check_date(value: str) -> str:
    try:
        return iso_day(value)
    except ValueError:
        raise BadInput(f"not a date (YYYY-MM-DD): {value}") from None


def sources(b: Brief) -> list[Citation]:
    """Each § the brief cites, once (keyed on the paragraph id), in order of first mention."""
    seen: dict[str, Citation] = {}
    for item in b.items():
        for c in item.citations():
            seen.setdefault(c.id, c)
    return list(seen.values())
