"""Text clean-up before § splitting: page furniture, broken hyphens, wrapped lines.

Protocols come out of PDF and Word with the page's furniture (signature boxes,
address footers, e-signature blocks) in the middle of the text. Removing it here
keeps it out of every paragraph, every embedding and every answer.
"""

from __future__ import annotations

import re
from collections import Counter

from index.read.characters import normal_form

PAGE_BREAK = "\f"  # index/read/document.py separates PDF pages by a form feed; it stays on a line of its own

# Whole lines that are furniture wherever they appear.
FURNITURE_LINES = [
    r"justerarens signatur",
    r"protokollsutdraget bestyrks",
    r"(ordförandens|sekreterarens|justerares?) signatur",
    r"comfact signature.*",
    r"signerat? (med|via) .*",
    r"sida \d+( av \d+)?",
    r"\d+\s*\(\d+\)",  # page numbers like "3 (12)"
]
_FURNITURE_RE = re.compile(r"^\s*(?:" + "|".join(FURNITURE_LINES) + r")\s*$", re.IGNORECASE)
# Address footers: a line with an e-mail address or web address, or a Swedish postcode + town. An address's
# parts are no longer than the Internet allows (local part 64, domain 253 characters), which also keeps the
# search linear on a line of '1.1.1.…'.
_FOOTER_RE = re.compile(
    r"(\b[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{1,253}\b|\bwww\.[\w.-]+|^\s*\d{3}\s?\d{2}\s+[A-ZÅÄÖ][a-zåäö]+\s*$)"
)
# Where the document's end matter starts: e-signature services and their validation text.
END_MATTER_RE = re.compile(
    r"^[^\S\n]*(detta är ett elektroniskt undertecknat dokument|signerat med|verifikat\b|transaktions-id)",
    re.IGNORECASE | re.MULTILINE,
)
# Bold marks ('**', also left unpaired by exports) and Markdown links; '__bold__' only as a
# pair around text, because a run of underscores is a signature line, not markup.
# A link's text and address hold no brackets (nor run beyond a page), so a run of '[' or '[](' that never closes is
# read once, not once from each bracket.
_MARKUP_RE = re.compile(r"\*\*|(?<!_)__(?=[^_\s])([^_\n]+?)(?<=[^_\s])__(?!_)|\[([^\[\]]{0,2000})\]\(#?[^()\[\]]{0,2000}\)")
# A page break with the spaces around it; a run of spaces is tried from its start only (linear on long runs).
_PAGE_BREAK_RE = re.compile(r"\n?(?:(?<![ \t])[ \t]+)?\f[ \t]*\n?")
_SUSPENDED = r"(?:och|eller|samt|resp|respektive|&)"


def normalise(text: str) -> str:
    """Unify line breaks, spaces and the markup of Markdown exports."""
    text = normal_form(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\x00", "")
    text = _PAGE_BREAK_RE.sub(f"\n{PAGE_BREAK}\n", text)
    text = _MARKUP_RE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


def strip_furniture(text: str) -> str:
    """Drop page furniture lines and everything after an e-signature block starts."""
    end = END_MATTER_RE.search(text)
    if end:
        text = text[: end.start()]
    kept = [line for line in text.split("\n") if not (_FURNITURE_RE.match(line) or _is_address_footer(line))]
    return "\n".join(kept)


MAX_FOOTER_WORDS = 6  # besides its addresses, a letterhead's address line holds a name, a street or a phone number


def _is_address_footer(line: str) -> bool:
    """An address line of a letterhead or footer ('Förbundet X   info@x.se', 'Storgatan 1   www.x.se', '392 35 Kalmar'):
    an address with few other words. A sentence that names an address ('Ansökan skickas till info@x.se senast
    den 1 mars.') is text and stays."""
    if not _FOOTER_RE.search(line):
        return False
    rest = _FOOTER_RE.sub(" ", line)
    return len(rest.split()) <= MAX_FOOTER_WORDS and not rest.rstrip().endswith((".", "!", "?"))


# A web transcript of a PDF puts each page on one line that opens with the page number and then the
# page's running head ('3 Kommunstyrelsen [36] KS 137 …'): the head is the run of words after the
# page number that most such lines share.
_PAGE_LINE_RE = re.compile(r"^(\d{1,3}[ \t]+)(\S.*)$")
_HEAD_WORD_RE = re.compile(r"^(?!\d+$)[^§$\d]*(\[\d+\])?[^§$\d]*$")  # no numbers or § in a head, except '[36]'
_ABBREVIATION_RE = re.compile(r"^(?:[A-ZÅÄÖ]{2,6}|[A-ZÅÄÖ][a-zåäö]{1,3})$")
MIN_HEAD_REPEATS = 3
MAX_HEAD_WORDS = 6
MIN_PAGE_LINE_SHARE = 0.6  # of the non-empty lines from the first page line on


def transcript_page_lines(lines: list[str]) -> list[int]:
    """Lines of a web transcript that each hold one page and open with a number; [] for other texts
    (where numbered lines are headings or list items among lines of text)."""
    numbered = [i for i, line in enumerate(lines) if _PAGE_LINE_RE.match(line)]
    if len(numbered) < MIN_HEAD_REPEATS:
        return []
    content = [line for line in lines[numbered[0]:] if line.strip() and line != PAGE_BREAK]
    return numbered if len(numbered) >= MIN_PAGE_LINE_SHARE * len(content) else []


def transcript_page_numbers(lines: list[str]) -> dict[int, int]:
    """For transcript page lines, how many of their opening numbers count pages: the transcript's own
    page number and the document's page number after it ('3 2 KS 305' -> 2), each running 1, 2, 3 …
    (or 2, 3, 4 …) from line to line. A number that does not run with the pages ('2 152 Titel') is a heading."""
    page_lines = transcript_page_lines(lines)
    counted: dict[int, int] = {}
    for position in (0, 1):
        numbers = {i: _number_token(lines[i], position) for i in page_lines if counted.get(i, 0) == position}
        run = [i for i, n in numbers.items() if n is not None]
        if not run or numbers[run[0]] > 2:
            break
        in_step = [i for k, i in enumerate(run) if numbers[i] == numbers[run[0]] + k]
        if len(in_step) < MIN_HEAD_REPEATS:
            break
        for i in in_step:
            counted[i] = position + 1
    return counted


def _number_token(line: str, position: int) -> int | None:
    words = line.split()
    return int(words[position]) if len(words) > position and words[position].isdigit() and all(w.isdigit() for w in words[:position]) else None


def drop_running_heads(text: str) -> str:
    """Remove the running head repeated at the start of page lines of a web transcript."""
    lines = text.split("\n")
    pages = [(i, _PAGE_LINE_RE.match(lines[i])) for i in transcript_page_lines(lines)]
    counts: Counter[tuple[str, ...]] = Counter()
    for _, m in pages:
        words = m[2].split()[:MAX_HEAD_WORDS]
        for k in range(2, len(words) + 1):
            if not all(_HEAD_WORD_RE.match(w) for w in words[:k]):
                break
            counts[tuple(words[:k])] += 1
    common = [head for head, n in counts.items() if n >= max(MIN_HEAD_REPEATS, len(pages) // 3)]
    if not common:
        return text
    head = max(common, key=len)
    while len(head) > 1 and _ABBREVIATION_RE.match(head[-1]):  # 'KS' in '… [36] KS 137' opens the heading
        head = head[:-1]
    for i, m in pages[1:]:  # on the first page the head is the letterhead: it names the organisation
        words = m[2].split()
        if tuple(words[: len(head)]) == head and len(words) > len(head):
            lines[i] = m[1] + m[2].split(None, len(head))[-1]
    return "\n".join(lines)


def join_hyphens(text: str) -> str:
    """Join words a line break or extraction split: 'fastränte-\\nkonto' -> 'fasträntekonto'.

    A hyphen before a conjunction ('kompetens- & organisationsutveckling') is a Swedish
    suspended compound and stays; acronym compounds ('AU-\\nsammanträdet') keep the hyphen.
    """
    text = re.sub(rf"([a-zåäö]{{2}})-[ \t]*\n[ \t]*(?!{_SUSPENDED}\b)([a-zåäö])", r"\1\2", text)
    text = re.sub(r"([A-ZÅÄÖ0-9])-[ \t]*\n[ \t]*(\w)", r"\1-\2", text)
    return re.sub(rf"([a-zåäö]{{3}})- (?!{_SUSPENDED}\b)([a-zåäö]{{3,}})", r"\1\2", text)


# List items are numbered with one or two digits: '2022. Utöver …' on its own line is a
# wrapped sentence that starts with a year, not item 2022.
_LIST_START = re.compile(r"^\s*([-–•*o]\s|\d{1,2}[.)]\s|[a-z][.)]\s|§)")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")


def reflow(text: str) -> str:
    """Merge lines wrapped by the page width back into sentences; keep blank lines and lists."""
    out: list[list[str]] = []  # each line of the result as the lines it joins ([] for a blank line)
    width = 0  # characters of the last line of the result
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            if out and out[-1]:
                out.append([])
            continue
        previous = out[-1] if out else []
        continues = previous and not _SENTENCE_END.search(previous[-1]) and not _LIST_START.match(line)
        if continues and (line[0].islower() or line[0].isdigit() or width > 50):
            previous.append(line)
            width += 1 + len(line)
        else:
            out.append([line])
            width = len(line)
    return "\n".join(" ".join(parts) for parts in out).strip()


def clean(text: str) -> str:
    """The whole clean-up in the order each step needs."""
    return drop_running_heads(join_hyphens(strip_furniture(normalise(text))))
