"""A meeting as the blocks a secretary's template lays out, before any file format.

Every layout of evals/render/layouts.py is a `Spec` (how § are numbered, how dates are written, whether the
header is prose, label-value fields or a cover grid, whether a decision runs on inline after "Beslut:") and a
writer (plain text or PDF). `compose` turns a meeting into blocks under a Spec; the writers only print them,
so a text and a PDF layout of one Spec say the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from evals.render.markup import Item, Meeting, Person
from index.lang.dates import MONTHS, WEEKDAYS

MONTH_NAMES = tuple(MONTHS)[:12]  # the Swedish names, January first (index/lang/dates.py lists them before the English)
WEEKDAY_NAMES = tuple(f"{day}en" for day in WEEKDAYS[:7])  # 'måndagen': the Swedish days (index/lang/dates.py), definite
# How municipalities and förbund abbreviate an organ before its § numbers ("KS § 12", "SN § 4").
ORGAN_ABBREVIATIONS = {
    "kommunstyrelsen": "KS", "kommunfullmäktige": "KF", "socialnämnden": "SN", "arbetsutskottet": "AU",
    "hälso- och sjukvårdsnämnden": "HSN", "bildningsnämnden": "BN", "direktionen": "DIR", "styrelsen": "STY",
    "kyrkorådet": "KR", "regionstyrelsen": "RS", "regionfullmäktige": "RF",
}


class Numbering(Enum):
    SECTION = "§ 12"
    ORGAN = "KS § 12"
    FINNISH = "12 §"
    POINT = "12."
    NONE = "no numbers"


class DateStyle(Enum):
    ISO = "2025-03-14"
    WORDS = "fredagen den 14 mars 2025"
    FINNISH = "14.03.2025"


class Header(Enum):
    PROSE = "a sentence naming organ, organisation and date, then lists"
    FIELDS = "label: value lines"
    GRID = "a cover page of label and value cells"


class Kind(Enum):
    LETTERHEAD = "letterhead"
    TITLE = "document title"
    LINE = "a line of the header"
    FIELD = "label and value"
    ITEM = "a § heading"
    SUBHEADING = "a section heading inside a §"
    TEXT = "text"
    SIGNATURES = "closing signatures"


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str
    value: str = ""  # FIELD: the value beside the label
    label: str | None = None  # ITEM: the § label (running headers print it)


@dataclass(frozen=True)
class Spec:
    numbering: Numbering = Numbering.SECTION
    dates: DateStyle = DateStyle.ISO
    header: Header = Header.FIELDS
    number_alone: bool = False  # "§ 12" on its own line, the title under it
    inline_decision: bool = False  # "Beslut: Styrelsen beslutar ..." on one line
    upper_titles: bool = False  # "AVFALLSPLAN 2025–2030" as some municipalities print titles


def write_date(day: str | date | None, style: DateStyle) -> str:
    """A date as the layout writes it; '' for none."""
    if not day:
        return ""
    value = date.fromisoformat(day) if isinstance(day, str) else day
    if style is DateStyle.WORDS:
        return f"{WEEKDAY_NAMES[value.weekday()]} den {value.day} {MONTH_NAMES[value.month - 1]} {value.year}"
    if style is DateStyle.FINNISH:
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    return value.isoformat()


def organ_prefix(organ: str) -> str:
    """'Kommunstyrelsen' -> 'KS'; an organ without a usual abbreviation gets its initials."""
    key = organ.lower()
    return ORGAN_ABBREVIATIONS.get(key) or "".join(w[0] for w in organ.split() if w[0].isalpha()).upper()


def number(item: Item, meeting: Meeting, style: Numbering) -> str:
    """The number in front of a § title as printed; '' for an unnumbered heading or an unnumbered layout."""
    if item.label is None or style is Numbering.NONE:
        return ""
    return {
        Numbering.SECTION: f"§ {item.label}",
        Numbering.ORGAN: f"{organ_prefix(meeting.organ)} § {item.label}",
        Numbering.FINNISH: f"{item.label} §",
        Numbering.POINT: f"{item.label}.",
    }[style]


def person(p: Person) -> str:
    """'Anna Lindqvist, ordförande (Norrbo kommun)'"""
    role = f", {p.role}" if p.role else ""
    party = f" ({p.represents})" if p.represents else ""
    return f"{p.name}{role}{party}"


def header(meeting: Meeting, spec: Spec) -> list[Block]:
    """Letterhead, title and the header fields of a meeting."""
    day = write_date(meeting.date, spec.dates)
    number_text = f" {meeting.meeting_no}" if meeting.meeting_no else ""
    out = [Block(Kind.LETTERHEAD, meeting.organisation)]
    if spec.header is Header.PROSE:
        out += [Block(Kind.TITLE, f"PROTOKOLL{number_text}"),
                Block(Kind.LINE, f"fört vid sammanträde med {meeting.organ.lower()} i {meeting.organisation} {day}"
                                 + (f", kl. {meeting.time}" if meeting.time else "")),
                Block(Kind.LINE, f"Plats: {meeting.place}" if meeting.place else "")]
    else:
        out += [Block(Kind.TITLE, f"Sammanträdesprotokoll{number_text}"), Block(Kind.FIELD, "Organ", meeting.organ),
                Block(Kind.FIELD, "Sammanträdesdatum", day),
                Block(Kind.FIELD, "Plats och tid", ", ".join(x for x in (meeting.place, f"kl. {meeting.time}" if meeting.time else "") if x))]
    out += [
        Block(Kind.FIELD, "Beslutande" if spec.header is Header.GRID else "Närvarande", "\n".join(map(person, meeting.present))),
        Block(Kind.FIELD, "Övriga deltagare", "\n".join(map(person, meeting.others))),
        Block(Kind.FIELD, "Frånvarande", "\n".join(map(person, meeting.absent))),
        Block(Kind.FIELD, "Sekreterare", meeting.secretary),
        Block(Kind.FIELD, "Justerare", ", ".join(meeting.adjusters)),
    ]
    if meeting.signing_date:
        where = f"{meeting.signing_place} " if meeting.signing_place else ""
        out.append(Block(Kind.FIELD, "Justeringens plats och tid", f"{where}{write_date(meeting.signing_date, spec.dates)}"))
    labels = [i.label for i in meeting.items if i.label is not None]
    if labels and spec.numbering is not Numbering.NONE:
        first, last = labels[0], labels[-1]
        span = f"{first}–{last}" if first != last else first
        out.append(Block(Kind.FIELD, "Paragrafer", f"{span} §" if spec.numbering is Numbering.FINNISH else f"§ {span}"))
    return [b for b in out if b.text and (b.kind is not Kind.FIELD or b.value)]


def item_blocks(item: Item, meeting: Meeting, spec: Spec) -> list[Block]:
    """One § as heading, diarienummer and sections."""
    title = item.title.upper() if spec.upper_titles else item.title
    shown = number(item, meeting, spec.numbering)
    label = item.label
    if spec.number_alone and shown:
        out = [Block(Kind.ITEM, shown, label=label), Block(Kind.ITEM, title, label=label)]
    else:
        out = [Block(Kind.ITEM, f"{shown} {title}".strip(), label=label)]
    if item.dnr:
        out.append(Block(Kind.TEXT, f"Dnr {item.dnr}"))
    for section in item.sections:
        paragraphs = [p for p in section.text.split("\n\n") if p.strip()]
        if section.heading and spec.inline_decision and paragraphs:
            out.append(Block(Kind.TEXT, f"{section.heading}: {paragraphs[0]}"))
            paragraphs = paragraphs[1:]
        elif section.heading:
            out.append(Block(Kind.SUBHEADING, section.heading))
        out += [Block(Kind.TEXT, p.strip()) for p in paragraphs]
    return out


def closing(meeting: Meeting, spec: Spec) -> list[Block]:
    """The signatures under the last §, and the posting of a public body's protocol."""
    lines = ["Vid protokollet", "", meeting.secretary, "Sekreterare", "", "Justeras", "",
             "    ".join([meeting.chair, *meeting.adjusters]), "    ".join(["Ordförande", *(["Justerare"] * len(meeting.adjusters))])]
    out = [Block(Kind.SIGNATURES, "\n".join(lines))]
    if meeting.posted:
        out.append(Block(Kind.TEXT, f"Protokollet har anslagits på kommunens anslagstavla {write_date(meeting.posted, spec.dates)}."
                         if meeting.organisation_kind.endswith("kommun") else
                         f"Anslaget har satts upp {write_date(meeting.posted, spec.dates)}."))
    return out


def compose(meeting: Meeting, spec: Spec) -> list[Block]:
    """The whole meeting as blocks, in reading order."""
    out = header(meeting, spec)
    for item in meeting.items:
        out += item_blocks(item, meeting, spec)
    return out + closing(meeting, spec)
