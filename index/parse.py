"""Protocol text -> Meeting with its § paragraphs.

The steps follow the trouble real protocols make:
1. find heading candidates ('§1 Titel', '§ 35 Titel', a heading after a sentence
   on the same line, a title over two lines);
2. drop a table of contents (entries with page numbers, or numbers that come
   back later as real headings);
3. keep headings that form a plausible sequence (references like 'i §3' in the
   running text are not headings; the same number twice is kept twice);
4. cut the text into bodies, or, when PDF extraction listed the headings apart
   from their text, align text blocks to headings (index/align.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from index import header as hdr
from index.align import align_blocks, text_blocks
from index.clean import clean, reflow
from index.dates import meeting_date
from index.decisions import decision_sentences
from index.models import Meeting, Paragraph
from index.read import read_text

# "§10:1" is a decision label, not a heading; "§ 6: Titel" and "§ 6. Titel" are headings.
HEADING_RE = re.compile(r"^[ \t]*§[ \t]*(\d{1,3})(?!\d|:\d)[ \t.:]*(?P<title>\S.*?)?[ \t]*$")
PAGE_NUMBER_RE = re.compile(r"\t+\s*\d{1,3}\s*$|\s{3,}\d{1,3}\s*$|\.{3,}\s*\d{1,3}\s*$")
MID_LINE_HEADING_RE = re.compile(r"(?<=[.!?])[ \t]+(?=§[ \t]?\d{1,3}[ \t]+[A-ZÅÄÖ])")
CONTINUATION_WORDS = {
    "med", "och", "samt", "i", "av", "för", "till", "vid", "om", "på", "från", "mot", "under",
    "inom", "efter", "kring", "inför", "gällande", "avseende", "angående", "rörande", "den", "det", "en", "ett",
}
SECTION_LABEL_RE = re.compile(r"^[\wåäöÅÄÖ/ ]{0,40}?(ärenden?|frågor|information|diskussionsärende)\s*:?\s*$", re.IGNORECASE)
SIGNATURE_START_RE = re.compile(r"^\s*([_\-]{5,}.*|vid protokollet|justeras|justerare|justeringsperson)\s*$", re.IGNORECASE)
ROLE_LINE_RE = re.compile(r"^\s*(sekreterare|ordförande|justerare|justeringsperson)(\s+\S+)?\s*$", re.IGNORECASE)
MAX_SEQUENCE_JUMP = 5


@dataclass
class Heading:
    line: int  # index of the heading's first line
    end: int  # index after its last title line
    number: int
    title: str
    has_page_number: bool = False
    detached: bool = False  # directly followed by another heading


def parse_file(path: Path) -> Meeting:
    """Read and parse one protocol file."""
    return parse_text(read_text(path), source_file=path.name, source_hash=content_hash(path.read_bytes()))


def content_hash(data: bytes) -> str:
    """The sha256 a source is known by: in the catalog (unchanged files are skipped) and in meeting and § ids."""
    return hashlib.sha256(data).hexdigest()


def parse_text(raw: str, source_file: str, source_hash: str = "") -> Meeting:
    """Meeting and § of a protocol's text. `source_hash` is the file's content hash (parse_file, the indexer);
    without it the text's own hash keeps ids unique."""
    text = MID_LINE_HEADING_RE.sub("\n", clean(raw))
    lines = text.split("\n")
    candidates = find_headings(lines)
    headings = plausible_sequence(drop_table_of_contents(candidates))
    first_line = headings[0].line if headings else len(lines)
    header = "\n".join(lines[:first_line])
    meeting = Meeting(
        source_file=source_file,
        organisation=hdr.organisation(header, text),
        body=hdr.body(header, text),
        date=meeting_date(header) or meeting_date(text) or _date_in_name(source_file) or "",
        attendees=hdr.attendees(header),
        text=reflow(text),
        source_hash=source_hash or content_hash(raw.encode("utf-8")),
    )
    if is_scrambled(headings):
        bodies = align_blocks(text_blocks(lines, headings), [(h.number, h.title) for h in headings])
    else:
        bodies = [lines[h.end: nxt.line] for h, nxt in zip(headings, headings[1:] + [Heading(len(lines), 0, 0, "")])]
    meeting.paragraphs = [
        _paragraph(h, body, last=(i == len(headings) - 1)) for i, (h, body) in enumerate(zip(headings, bodies))
    ]
    meeting.assign_ids()
    return meeting


def searchable_paragraphs(meeting: Meeting) -> list[Paragraph]:
    """A protocol without any § is kept as one unnumbered text, so it can still be found."""
    if meeting.paragraphs:
        return meeting.paragraphs
    return [Paragraph(0, "Protokoll utan §-indelning", meeting.text, [], f"{meeting.id}-p0")]


def find_headings(lines: list[str]) -> list[Heading]:
    """Every line that looks like a § heading, with its title joined over a wrapped second line."""
    found: list[Heading] = []
    for i, line in enumerate(lines):
        match = HEADING_RE.match(line)
        if not match:
            continue
        title = match["title"] or ""
        page = bool(PAGE_NUMBER_RE.search(line))
        title = PAGE_NUMBER_RE.sub("", title).strip()
        end = i + 1
        if not title and end < len(lines) and lines[end].strip():
            title, end = lines[end].strip(), end + 1
        elif end < len(lines) and _continues_title(title, lines[end]):
            title, end = f"{title} {lines[end].strip()}", end + 1
        found.append(Heading(i, end, int(match[1]), _clean_title(title), page))
    for heading, following in zip(found, found[1:]):
        between = lines[heading.end: following.line]
        heading.detached = not any(line.strip() for line in between)
    return found


def _continues_title(title: str, next_line: str) -> bool:
    nxt = next_line.strip()
    if not nxt or HEADING_RE.match(next_line) or len(title) + len(nxt) > 200:
        return False
    last_word = title.split()[-1].lower() if title.split() else ""
    return nxt[0].islower() or last_word in CONTINUATION_WORDS or title.endswith(("-", "–"))


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip(" .:–-")


def drop_table_of_contents(headings: list[Heading]) -> list[Heading]:
    """A heading is a table-of-contents entry if it has a page number, or it is listed
    without text and its number comes back later as a heading with text."""
    attached_later: dict[int, int] = {}
    for idx, heading in enumerate(headings):
        if not heading.detached:
            attached_later[heading.number] = idx
    kept = []
    for idx, heading in enumerate(headings):
        repeated = heading.detached and attached_later.get(heading.number, -1) > idx
        later_same = any(h.number == heading.number for h in headings[idx + 1:])
        if heading.has_page_number and later_same or repeated:
            continue
        kept.append(heading)
    return kept


def plausible_sequence(headings: list[Heading]) -> list[Heading]:
    """Keep headings whose numbers go forward in small steps; a repeat of the last number is kept."""
    kept: list[Heading] = []
    for heading in headings:
        if not kept or kept[-1].number <= heading.number <= kept[-1].number + MAX_SEQUENCE_JUMP:
            kept.append(heading)
    return kept


def is_scrambled(headings: list[Heading]) -> bool:
    """PDF extraction listed several headings in a row with their texts elsewhere."""
    run = longest = 0
    for heading in headings:
        run = run + 1 if heading.detached else 0
        longest = max(longest, run)
    return longest >= 3


def _paragraph(heading: Heading, body: list[str], last: bool) -> Paragraph:
    body = _without_trailing_section_label(body)
    if last:
        body = _without_signatures(body)
    text = reflow("\n".join(line for line in body if not SIGNATURE_START_RE.match(line)))
    return Paragraph(number=heading.number, title=heading.title, text=text, decisions=decision_sentences(text))


def _without_trailing_section_label(body: list[str]) -> list[str]:
    """Agenda group labels ('Beslutsärenden', 'Övriga frågor:') sit between two § and belong to neither."""
    body = list(body)
    while body and not body[-1].strip():
        body.pop()
    if body and SECTION_LABEL_RE.match(body[-1].strip()) and len(body[-1].split()) <= 4:
        body.pop()
    return body


def _without_signatures(body: list[str]) -> list[str]:
    """The last § ends where the signature block starts (signature lines, 'Justeras', a name over a role)."""
    for i, line in enumerate(body):
        if SIGNATURE_START_RE.match(line):
            return body[:i]
        if ROLE_LINE_RE.match(line) and i > 0 and _looks_like_name(body[i - 1]):
            return body[: i - 1]
    return body


def _looks_like_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 6 and all(w[0].isupper() for w in words) and not line.rstrip().endswith(".")


def _date_in_name(name: str) -> str | None:
    match = re.search(r"(20\d{2})-(\d{2})-(\d{2})", name)
    return match[0] if match else None
