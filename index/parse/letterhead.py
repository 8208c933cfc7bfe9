"""The organisation a protocol's title block names, when no kind of organisation says it elsewhere.

The title block is the protocol's first lines, before its first form field or label ('Närvarande',
'Organ', 'Protokoll nr'): a letterhead, a title, a running header kept once. When one of them names the
meeting ('Styrelsemöte', 'Protokoll') or dates it, each line is read as a title (index/lang/titles.py): the words
naming the meeting, its date and the small words joining them are set aside, and a short run of
capitalised words left is the organisation.
"""

from __future__ import annotations

from index.lang.dates import find_dates
from index.lang.labels import COVER_FIELD_RE, is_label
from index.lang.titles import is_meeting_word, kind_first_name, names_meeting, title_name
from index.models import Evidence

TITLE_LINES = 4  # the title block's lines at most
# A title block that names no meeting but dates it ('Ekbackens Schackklubb 2024-01-08' over 'Kallade:') names the
# organisation on the dated line, in a name of at least this many words (a place alone before a date is a letter's:
# 'Sundsvall 2024-01-08').
DATED_NAME_WORDS = 2


def title_block(header: str) -> list[str]:
    """The header's first non-empty lines, up to the first one that opens with a label or a field; a line running on
    into the cover's fields (a transcript's 'IFK Norrvik Protokoll 1/2024 Organ: Styrelsen …') is kept up to them."""
    block: list[str] = []
    for line in header.split("\n"):
        if not line.strip() or line.strip() == "\f":
            continue
        field = COVER_FIELD_RE.search(line)
        head = line[:field.start()] if field else line
        if not head.strip() or is_label(head) or any(_form_word(word) for word in head.replace("\t", " ").split()):
            break
        block.append(head.strip())
        if field or len(block) == TITLE_LINES:
            break
    return block


def _form_word(word: str) -> bool:
    """A word that labels a form's field ('Plats', 'Ledamöter'); a word naming the meeting's record belongs to titles."""
    return is_label(word) and not is_meeting_word(word.strip(":"))


def title_organisation(header: str) -> Evidence | None:
    """The organisation the title block names: one opening with its kind ('Föreningen X'), else the name a title
    line leaves once its meeting words are taken away."""
    block = title_block(header)
    for line in block:
        found = kind_first_name(line)
        if found:
            return Evidence(found, "title")
    named = any(names_meeting(line) for line in block)
    if not named and not any(find_dates(line) for line in block):
        return None  # no title: a form or a letter, whose capitalised words are anyone's
    for line in block:
        found = title_name(line)
        if found and (named or (len(found.split()) >= DATED_NAME_WORDS and find_dates(line))):
            return Evidence(found, "title")
    return None
