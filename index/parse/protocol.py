"""Protocol text -> Meeting with its § paragraphs.

The steps follow the trouble real protocols make:
1. clean the text (index/parse/clean.py): furniture, broken hyphens, running heads of web transcripts;
2. find the § headings by their numbering (index/parse/numbering.py): one grammar of Swedish numbering,
   then the family of markers that forms the most plausible sequence; a table of contents only
   lends titles to § the body lacks;
3. cut the text into bodies, or, when PDF extraction listed the headings apart from their text,
   align text blocks to headings (index/parse/align.py);
4. read who met and when from the text before the first § (index/parse/header.py, index/lang/dates.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from index.parse import header as hdr
from index.parse.align import alignable, align_blocks, text_blocks
from index.parse.clean import PAGE_BREAK, clean, reflow
from index.lang.dates import MIN_BODY_STRENGTH, date_in_name
from index.lang.registry import rules
from index.lang.phrases import (CONTINUATION_WORDS, DNR_RE, ROLE_LINE_RE, SECTION_LABEL_RE, SIGNATURE_BLOCK_RE,
                                SIGNATURE_START_RE, SIGNING_LINE_RE)
from index.parse.decisions import decision_sentences
from index.models import WHOLE_TEXT_TITLE, Meeting, Paragraph, Provenance
from index.parse import typography
from index.parse.markers import BARE, PAGE_NUMBER_RE, Marker, ends_with_page_number, find_markers
from index.parse.numbering import Numbering, choose
from index.read.document import read_document
from index.read.reading import Reading

LIST_ITEM_RE = re.compile(r"^(?:[a-zåäö][).]|[-–•*])\s")  # 'a) Lekplatsen …' under a heading is its text
# A heading line of a flattened web transcript runs on into its text: the title ends at the first
# sentence end, or after this many words.
RUN_ON_CHARS = 100  # a heading line longer than this carries text after its title
RUN_ON_WORDS = 6  # … and so does a shorter one with no text lines of its own before the next heading


@dataclass
class Heading:
    line: int  # index of the heading's first line
    end: int  # index after its last title line
    number: int
    title: str
    has_page_number: bool = False
    detached: bool = False  # directly followed by another heading
    rest: str = ""  # text on the heading's own line after the title
    listed_only: bool = False  # known from a table of contents only
    page: int | None = None
    label: str = ""  # as printed; '' for a heading known by its typography only


def parse_file(path: Path) -> Meeting:
    """Read and parse one protocol file."""
    return parse_reading(read_document(path), source_file=path.name, source_hash=content_hash(path.read_bytes()))


def content_hash(data: bytes) -> str:
    """The sha256 a source is known by: in the catalog (unchanged files are skipped) and in meeting and § ids."""
    return hashlib.sha256(data).hexdigest()


def parse_text(raw: str, source_file: str, source_hash: str = "") -> Meeting:
    """Meeting and § of a protocol's text. `source_hash` is the file's content hash (parse_file, the indexer);
    without it the text's own hash keeps ids unique."""
    return parse_reading(Reading(raw), source_file, source_hash)


def parse_reading(reading: Reading, source_file: str, source_hash: str = "") -> Meeting:
    """Meeting and § of a file as read: its text, and the headings its typography shows (PDF)."""
    raw = reading.text
    text = clean(raw)
    lines = text.split("\n")
    located = typography.locate(lines, reading.headings)
    looks = typography.locate(lines, reading.looks)
    numbering = choose(lines, find_markers(lines), frozenset(located), typography.plain_lines(lines, located), looks)
    sectioned = typography.sections(located)
    if sectioned and _numbering_unconfirmed(numbering, located, sectioned):
        headings, numbering = _typographic_headings(lines, sectioned), Numbering([], [], "")
    else:
        opening = typography.unnumbered_opening(lines, located, [m.line for m in numbering.headings])
        chosen = ([_unnumbered(lines, opening)] if opening is not None else []) + numbering.headings
        lines, headings = place_headings(lines, chosen, numbering.listed_only)
    body_headings = [h for h in headings if not h.listed_only]
    first_line = min((h.line for h in headings), default=len(lines))  # the cover ends where the first § is listed
    header = "\n".join(lines[:first_line])
    plain = "\n".join(lines)
    organisation = hdr.organisation_found(header, plain)
    organ = hdr.body_found(header, plain, numbering.form)
    date = hdr.meeting_date_found(header) or hdr.meeting_date_found(plain, MIN_BODY_STRENGTH)
    named = date_in_name(source_file)
    meeting = Meeting(
        source_file=source_file,
        organisation=organisation.value,
        body=organ.value,
        date=date.value if date else named or "",
        attendees=hdr.attendees(header) if rules().parse.attendees else [],
        text=reflow(plain.replace(PAGE_BREAK, "")),
        source_hash=source_hash or content_hash(raw.encode("utf-8")),
        provenance=Provenance(
            organisation=organisation.source, body=organ.source,
            date=date.source if date else ("file name" if named else ""), numbering=numbering.form,
        ),
        reread_pages=reading.reread_pages,
    )
    if is_scrambled(body_headings, lines) and alignable(lines, body_headings):
        bodies = align_blocks(text_blocks(lines, body_headings), [(h.number, h.title) for h in body_headings])
    else:
        nexts = body_headings[1:] + [Heading(len(lines), 0, 0, "")]
        bodies = [([h.rest] if h.rest else []) + lines[h.end: nxt.line] for h, nxt in zip(body_headings, nexts)]
    texts = {id(h): body for h, body in zip(body_headings, bodies)}
    last = body_headings[-1] if body_headings else None
    meeting.paragraphs = [_paragraph(h, texts.get(id(h), []), last=h is last) for h in headings]
    meeting.assign_ids()
    return meeting


def _numbering_unconfirmed(numbering: Numbering, located: dict, sectioned: list[int]) -> bool:
    """A protocol whose typography shows sections while its numbers head none of them: bare numbers in the text
    (a list, a count) and fewer of them than sections. A '§ N' numbering is believed as it is."""
    chain = numbering.headings
    if any(m.line in located for m in chain) or any(m.shape != BARE for m in chain):
        return False
    return len(chain) <= len(sectioned)


def _unnumbered(lines: list[str], k: int) -> Marker:
    """A heading without a number, placed among numbered ones: its whole line is its title."""
    indent = len(lines[k]) - len(lines[k].lstrip())
    return Marker(k, indent, indent, 0, "", BARE, "", "", 0.0)


def _typographic_headings(lines: list[str], sectioned: list[int]) -> list[Heading]:
    """Sections' headings known by their typography alone: no number, each line its title."""
    pages = _pages(lines)
    return [Heading(k, k + 1, 0, _clean_title(lines[k]), page=pages[k]) for k in sectioned]


def place_headings(lines: list[str], chosen: list[Marker], listed_only: list[Marker]) -> tuple[list[str], list[Heading]]:
    """Put every chosen marker at the start of its own line and read its title; listed-only numbers
    (from a table of contents) are placed among the others by number."""
    split_at: dict[int, list[int]] = {}
    for m in chosen + listed_only:
        split_at.setdefault(m.line, []).append(m.col)
    new_lines: list[str] = []
    where: dict[tuple[int, int], int] = {}
    for i, line in enumerate(lines):
        cols = sorted(c for c in set(split_at.get(i, [])) if line[:c].strip())
        edges = [0] + cols + [len(line)]
        for a, b in zip(edges, edges[1:]):
            where[(i, a)] = len(new_lines)
            piece = line[a:b].rstrip() if b < len(line) else line[a:]
            new_lines.append("" if b in cols and re.fullmatch(r"[\d\s]*", piece) else piece)  # page numbers glued before a heading
        if not cols:
            where[(i, 0)] = len(new_lines) - 1
    pages = _pages(new_lines)
    starts = {where[(m.line, m.col if (m.line, m.col) in where else 0)] for m in chosen}
    body = [_heading(new_lines, where, m, pages, starts) for m in chosen]
    listed = [_heading(new_lines, where, m, pages, starts, listed_only=True) for m in listed_only]
    _mark_detached(new_lines, body)
    return new_lines, _merged_by_number(body, listed)


def _heading(lines: list[str], where: dict[tuple[int, int], int], m: Marker, pages: list[int | None], starts: set[int],
             listed_only: bool = False) -> Heading:
    col = m.col if (m.line, m.col) in where else 0
    index = where[(m.line, col)]
    line = lines[index]
    offset = m.title_col - col
    title = line[offset:].strip() if offset >= 0 else ""
    page = ends_with_page_number(line)
    title = PAGE_NUMBER_RE.sub("", title).strip() if page else title
    end, rest = index + 1, ""
    if not title:
        nxt = _next_text_line(lines, index)
        if nxt is not None and not listed_only and not _is_sentence(lines[nxt]):
            title, end = lines[nxt].strip(), nxt + 1
    elif len(title) > RUN_ON_CHARS or (len(title.split()) > RUN_ON_WORDS and _next_text_line_index(lines, index, starts)):
        title, rest = _split_run_on_title(title)
    elif end < len(lines) and _continues_title(title, lines[end]):
        title, end = f"{title} {lines[end].strip()}", end + 1
    return Heading(index, end, m.number, _clean_title(title), page, rest=rest, listed_only=listed_only, page=pages[index],
                   label=m.label)


def _is_sentence(line: str) -> bool:
    """'Att justera protokollet valdes Siv Holm.' under a bare '§ 1.' is the text, not a title."""
    return len(line.split()) > 3 and line.rstrip().endswith((".", "!", "?"))


def _next_text_line_index(lines: list[str], index: int, starts: set[int]) -> bool:
    """Whether a heading line is followed directly by the next heading (or the end): its text is on its own line."""
    following = next((k for k in range(index + 1, len(lines)) if lines[k].strip() and lines[k] != PAGE_BREAK), None)
    return following is None or following in starts


def _next_text_line(lines: list[str], index: int) -> int | None:
    """The line holding a heading's title when the heading stands alone (one blank line may come between)."""
    for k in range(index + 1, min(index + 3, len(lines))):
        stripped = lines[k].strip()
        if stripped:
            starts_marker = bool(find_markers([lines[k]]))
            return None if starts_marker and find_markers([lines[k]])[0].col == len(lines[k]) - len(lines[k].lstrip()) else k
    return None


def _split_run_on_title(text: str) -> tuple[str, str]:
    """A heading line that runs on into its text (a flattened web transcript) -> (title, text).

    'KALLELSE OCH BESLUTFÖRHET Kommunstyrelse 305 FÖRSLAG: …' ends its title with the capitals;
    'Allmänhetens frågestund Två frågor ställdes …' where a capitalised word starts a sentence
    (Swedish titles capitalise only their first word and names; a name follows a preposition);
    a sentence end or a numbered item ends it too, and a diarienummer before the title goes to the text."""
    dnr = DNR_RE.match(text)
    prefix, text = (dnr[0].strip(), text[dnr.end():]) if dnr else ("", text)
    words = text.split()
    cut = min(len(words), rules().parse.run_on_title_words)
    if len(words) > 1 and words[0].isupper() and words[1].isupper():
        cut = next((k for k, w in enumerate(words) if not w.isupper()), len(words))
    else:
        for k in range(1, cut):
            previous, word = words[k - 1], words[k]
            if previous.endswith((".", ":", "!", "?")) or re.fullmatch(r"\d{1,2}[.)]", word):
                cut = k
                break
            if word[0].isupper() and previous.lower() not in CONTINUATION_WORDS:
                cut = k
                break
    rest = " ".join(words[cut:])
    return " ".join(words[:cut]), f"{prefix} {rest}".strip()


def _pages(lines: list[str]) -> list[int | None]:
    """1-based page of every line, counted by the form feeds before it; None for text without pages."""
    if not any(PAGE_BREAK in line for line in lines):
        return [None] * len(lines)
    pages, page = [], 1
    for line in lines:
        pages.append(page)
        page += line.count(PAGE_BREAK)
    return pages


def _mark_detached(lines: list[str], headings: list[Heading]) -> None:
    for heading, following in zip(headings, headings[1:]):
        between = lines[heading.end: following.line]
        heading.detached = not heading.rest and not any(line.strip() for line in between)


def _merged_by_number(body: list[Heading], listed: list[Heading]) -> list[Heading]:
    out = list(body)
    for heading in sorted(listed, key=lambda h: h.number):
        position = next((k for k, h in enumerate(out) if h.number > heading.number), len(out))
        out.insert(position, heading)
    return out


def searchable_paragraphs(meeting: Meeting) -> list[Paragraph]:
    """A protocol without any § is kept as one unnumbered text, so it can still be found."""
    if meeting.paragraphs:
        return meeting.paragraphs
    return [Paragraph(0, WHOLE_TEXT_TITLE, meeting.text, [], f"{meeting.id}-p0")]


def _continues_title(title: str, next_line: str) -> bool:
    nxt = next_line.strip()
    if not nxt or find_markers([next_line]) or len(title) + len(nxt) > 200:
        return False
    last_word = title.split()[-1].lower() if title.split() else ""
    if LIST_ITEM_RE.match(nxt):
        return False
    return nxt[0].islower() or last_word in CONTINUATION_WORDS or title.endswith(("-", "–"))


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip(" .:–-")


def is_scrambled(headings: list[Heading], lines: list[str]) -> bool:
    """PDF extraction listed several headings in a row with their texts elsewhere: a run of headings
    without text, and after the run at least as many blocks of text as the run has headings."""
    run = 0
    for k, heading in enumerate(headings):
        if heading.detached:
            run += 1
            continue
        if run >= rules().parse.scrambled_run:
            end = headings[k + 1].line if k + 1 < len(headings) else len(lines)
            blocks = re.split(r"\n\s*\n", "\n".join(lines[heading.end: end]).strip())
            if len([b for b in blocks if b.strip()]) >= run:
                return True
        run = 0
    return False


def _paragraph(heading: Heading, body: list[str], last: bool) -> Paragraph:
    body = _without_trailing_section_label([line for line in body if line != PAGE_BREAK])  # a sentence may go on over a page break
    if last:
        body = _without_signatures(body)
    text = reflow("\n".join(line for line in body if not SIGNATURE_START_RE.match(line)))
    return Paragraph(number=heading.number, title=heading.title, text=text,
                     decisions=decision_sentences(text) if rules().parse.decision_sentences else [], page=heading.page,
                     label=heading.label)


def _without_trailing_section_label(body: list[str]) -> list[str]:
    """Agenda group labels ('Beslutsärenden', 'Övriga frågor:') sit between two § and belong to neither."""
    body = list(body)
    while body and not body[-1].strip():
        body.pop()
    if body and SECTION_LABEL_RE.match(body[-1].strip()) and len(body[-1].split()) <= 4:
        body.pop()
    return body


def _without_signatures(body: list[str]) -> list[str]:
    """The last § ends where the signature block starts (signature lines, 'Justeras', a name over a role, or roles
    over names: 'Sekreterare  Justerare' above the signers, and the letterhead's address footer after them)."""
    for i, line in enumerate(body):
        if SIGNATURE_START_RE.match(line) or SIGNING_LINE_RE.match(line) or SIGNATURE_BLOCK_RE.match(line):
            return body[:i]
        if ROLE_LINE_RE.match(line):
            if i > 0 and _looks_like_name(body[i - 1]):
                return body[: i - 1]
            if i + 1 < len(body) and _looks_like_name(body[i + 1]):
                return body[:i]
    return body


def _looks_like_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 6 and all(w[0].isupper() for w in words) and not line.rstrip().endswith(".")
