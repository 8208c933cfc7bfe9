"""Page furniture and unreadable pages, found by structure rather than by lists of phrases.

A PDF repeats its letterhead, running header, signature boxes ('Justerandes sign') and page
numbers on every page; left in, they cut § in half and end up in answers. A line is furniture
when it sits in the top or bottom band of more than half of the pages; lines that differ only in
their digits count as one, but then a number in them must advance with the page (a page number),
so a running § number or a date that changes is never taken for furniture. The header is kept
once, where it first appears: it carries the organisation, organ and meeting date the parser
reads before the first §.

A font whose ToUnicode map sends a ligature glyph (tt, ti, ft, fi ...) to a wrong character
('a<' for 'att', 'Alterna1v', '?llbaka') is repaired per document: a stray character inside
words is read as the ligature that turns most of those words into words the same document (or
Swedish's common words) already has.

A page whose 'text' is mostly not words (a broken font map, private-use glyphs, control bytes)
is garbage for search and answers; `is_garbled` recognises it by the shape of its tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from index.lang.tokens import STOPWORDS, stem

# How many non-empty lines at the top and at the bottom of a page can be furniture: a letterhead
# with organ, date and page number takes 4-6 lines once a PDF's columns are read one by one.
BAND_LINES = 6
# A line is furniture when it is in a band of more than this share of the pages (and of at least two).
MIN_REPEAT_SHARE = 0.5
# A page is judged for garbling only with this many characters: a short page says too little.
MIN_JUDGED_CHARS = 40
# A text page is mostly words and numbers; a garbled one is mostly neither.
MIN_READABLE_SHARE = 0.5
# Tokens judged per page: a sample this size tells text from garbage (and keeps 50 pages fast).
JUDGED_TOKENS = 300

_DIGITS = re.compile(r"\d+")
_LABEL = re.compile(r"\d+(?:[ ]?[a-h]\b|:\d+|½)?")  # a number, with what a § label adds to it
_SPACES = re.compile(r"\s+")
# Letters only (any script's letters, no digits), joined by hyphens or apostrophes.
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_NUMBER = re.compile(r"[\d.,:/\-–()%]*\d[\d.,:/\-–()%]*")
_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}.,:;!?*•·–-|/§"
# Vowels of the Latin alphabets Swedish protocols use: a word without one is not a word.
_VOWELS = set("aeiouyåäöæøéèêëáàüïíóú")
# Ligature code points (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) become their letters.
_LIGATURE_CODEPOINTS = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
# TeX's old fonts (OT1) set 'ö' as a spacing '¨' before an 'o' ('M¨otets', 'H˚a˚ard'): put the accent back on its
# letter where Unicode has the accented letter.
_SPACING_ACCENTS = {"¨": "\u0308", "˚": "\u030a", "´": "\u0301", "ˆ": "\u0302", "˜": "\u0303"}
_ACCENT_BEFORE_LETTER = re.compile("([¨˚´ˆ˜])([A-Za-z])")
# Control bytes other than tab, line feed and form feed (NUL bytes from broken encoders, unmapped glyphs).
_CONTROLS = {c: None for c in range(32) if chr(c) not in "\t\n\f"} | {0x7F: None}


def line_key(line: str) -> str:
    """The same line on every page, whatever its numbers and § labels ('12', '14 a', '14:1', '4½'): each as '#',
    spacing and case ignored."""
    return _SPACES.sub(" ", _LABEL.sub("#", line)).strip().casefold()


def _bands(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the first and last BAND_LINES non-empty lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:BAND_LINES], filled[-BAND_LINES:]


def counts_pages(occurrences: list[tuple[int, str]]) -> bool:
    """True when one of the line's numbers advances with the page index (a page number)."""
    numbers = [(page, [int(n) for n in _DIGITS.findall(line)]) for page, line in occurrences]
    width = min(len(found) for _, found in numbers)
    return any(len({found[k] - page for page, found in numbers}) == 1 for k in range(width))


def strip_running_lines(pages: list[str]) -> list[str]:
    """Remove lines repeated in the top or bottom band of most pages; keep the first copy of a
    running header that repeats word for word (the letterhead with organisation and date).

    Only an unbroken run from the page's edge is removed: a body line that happens to repeat
    ('Beslut') stays, because a line of the page's own text stands between it and the edge."""
    split = [page.split("\n") for page in pages]
    furniture = _furniture(split)
    kept_once: set[str] = set()
    out = []
    for lines in split:
        top, bottom = _bands(lines)
        drop: set[int] = set()
        for band in (top, bottom[::-1]):
            for i in band:
                if line_key(lines[i]) not in furniture:
                    break
                drop.add(i)
        for i in sorted(drop):
            key = line_key(lines[i])
            if furniture[key] and key not in kept_once and i in top:
                kept_once.add(key)
                drop.discard(i)
        out.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return out


def _furniture(split: list[list[str]]) -> dict[str, bool]:
    """Keys of the lines in the top or bottom band of most pages -> whether to keep the first copy
    (a header repeated word for word; never a footer or a page number)."""
    seen: dict[str, list[tuple[int, str, bool]]] = defaultdict(list)  # key -> (page, line, in top band)
    for number, lines in enumerate(split):
        top, bottom = _bands(lines)
        for i in dict.fromkeys(top + bottom):
            key = line_key(lines[i])
            if key and (not seen[key] or seen[key][-1][0] != number):
                seen[key].append((number, lines[i].strip(), i in top))
    with_text = sum(1 for lines in split if any(line.strip() for line in lines))  # a scan left unread does not vote
    needed = max(2, int(with_text * MIN_REPEAT_SHARE) + 1)
    furniture: dict[str, bool] = {}
    for key, found in seen.items():
        if len(found) < needed:
            continue
        identical = len({line for _, line, _ in found}) == 1
        if identical or counts_pages([(page, line) for page, line, _ in found]):
            furniture[key] = identical and all(top for _, _, top in found)
    return furniture


def _token_kind(token: str) -> str:
    core = token.strip(_EDGE_PUNCTUATION)
    if not core:
        return "punctuation"
    if _NUMBER.fullmatch(core):
        return "number"
    word = _WORD.fullmatch(core)
    cased = core.islower() or core.isupper() or core[:1].isupper() and core[1:].islower()
    if word and cased and _VOWELS & set(core.casefold()):
        return "word"
    return "junk"


def is_garbled(text: str) -> bool:
    """True for a page whose text is mostly neither words nor numbers (a broken font map)."""
    tokens = text.split(maxsplit=JUDGED_TOKENS)[:JUDGED_TOKENS]
    if sum(map(len, tokens)) < MIN_JUDGED_CHARS:
        return False
    kinds = Counter(_token_kind(token) for token in tokens)
    judged = kinds["word"] + kinds["number"] + kinds["junk"]
    return judged > 0 and (kinds["word"] + kinds["number"]) / judged < MIN_READABLE_SHARE


def clean_page(text: str) -> str:
    """Unify line breaks, spell out ligatures, put TeX's spacing accents back on their letters, drop NUL and
    other control bytes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    # PDFium marks a hyphen that broke a word at the line end with U+FFFE: restore hyphen and
    # break, so the one rule for broken hyphens (index/parse/clean.py) decides whether to join.
    text = text.replace("\ufffe", "-\n").replace("\ufffd", "")
    for ligature, letters in _LIGATURE_CODEPOINTS.items():
        text = text.replace(ligature, letters)
    return _ACCENT_BEFORE_LETTER.sub(_accented, text).translate(_CONTROLS)


def _accented(match: re.Match) -> str:
    composed = unicodedata.normalize("NFC", match[2] + _SPACING_ACCENTS[match[1]])
    return composed if len(composed) == 1 else match[0]


# Ligatures of common text fonts (Calibri, Cambria and the like): the glyphs a broken map loses.
LIGATURES = ("ff", "ffi", "ffl", "fi", "fl", "ft", "fft", "tt", "ti", "tf", "tti")
# A stray character is read as a ligature when that makes this many distinct words known,
# and at least twice as any other ligature would.
MIN_LIGATURE_VOTES = 2
_TOKEN = re.compile(r"[^\s/]+")
_EDGES = ".,;:!\"'()[]«»”“"


def _stray(core: str) -> str | None:
    """The one non-letter character in a token that otherwise is letters (None if not so)."""
    odd = {ch for ch in core if not ch.isalpha()}
    if len(odd) != 1 or not any(ch.isalpha() for ch in core):
        return None
    return odd.pop()


def repair_ligatures(pages: list[str]) -> list[str]:
    """Replace a character that a broken font map put where a ligature was, when the document's
    own words show which ligature it was."""
    text = "\n".join(pages)
    vocabulary = {w.casefold() for w in _WORD.findall(text) if len(w) > 1}
    stems = {stem(w) for w in vocabulary}

    def known(word: str) -> bool:
        return word in vocabulary or word in STOPWORDS or stem(word) in stems

    votes: dict[str, Counter] = defaultdict(Counter)
    for core in {token.strip(_EDGES).casefold() for token in _TOKEN.findall(text)}:
        odd = _stray(core)
        if odd is None or known(core):
            continue
        for ligature in LIGATURES:
            if known(core.replace(odd, ligature)):
                votes[odd][ligature] += 1
    mapping = {}
    for odd, counted in votes.items():
        (best, first), *rest = counted.most_common(2) + [("", 0)]
        if first >= MIN_LIGATURE_VOTES and first >= 2 * rest[0][1]:
            mapping[odd] = best
    if not mapping:
        return pages

    def fix(match: re.Match) -> str:
        token = match.group()
        core = token.strip(_EDGES)
        odd = _stray(core)
        if odd not in mapping:
            return token
        repaired = core.replace(odd, mapping[odd])
        # Inside a word or at its start the character cannot be itself; at the end ('frågor?')
        # it can, so there the repaired word must be known.
        inside = bool(re.search(rf"(^|[^\W\d_]){re.escape(odd)}[^\W\d_]", core))
        if inside or known(repaired.casefold()):
            return token.replace(core, repaired)
        return token

    return [_TOKEN.sub(fix, page) for page in pages]
