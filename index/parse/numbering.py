"""Which candidate markers of a protocol (index/parse/markers.py) are its § headings.

Decided per document, by structure rather than by word lists:

- entries listed without text of their own whose numbers come back later with text form a table
  of contents: they only lend titles to § the body lacks;
- each numbering family ('§ N', 'KS N', bare 'N') keeps the best chain of increasing numbers
  (few gaps, an equal number only where the sign repeats it), and the family with the best chain wins; agenda
  points named by a word ('Punkt 3', 'Ärende 4') are a family that gives way to a chain of '§ N' (the points hold the
  § the protocol cites), and no such point fills a gap in another family's chain;
- typography, the left edge of the labels' lines and the run's sequence complete the chain (index/parse/runs.py).

Web transcripts (docplayer-style) flatten a page into one line and may strip the § sign: in such
long lines numbers are also looked for in mid-line (index/parse/markers.py), with a lower weight.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from index.lang.labels import is_item_word
from index.lang.registry import rules
from index.lang.sentences import runs_on
from index.parse import runs
from index.parse.markers import BARE, LINE_START, PREFIX, SIGN, Marker, ends_with_page_number
from index.read.styles import LineLook

SENTENCE_WORDS = 3  # a line of more words ending with a full stop is a sentence, not a title

SHAPE_BONUS = {SIGN: 0.5, PREFIX: 0.25, BARE: 0.0}
CHAIN_LOOKBACK = 300  # earlier candidates a chain link looks at (bounds the work on long transcripts)
MIN_CHAIN = {SIGN: 0.7, PREFIX: 0.9, BARE: 1.9}  # a lone '§ 5' or 'KS 5' heads an extract; a lone '5' does not
# Typography (index/parse/typography.py): a marker opening a heading line (bold or larger) weighs more; where
# at least MIN_STYLED markers of a family open heading lines, its markers in what typography shows to be plain text,
# and bare numbers there whatever the family heading, add nothing to a chain (a list numbered in the text, '1.' …
# '4.' under bold '§ 3' and '§ 4', an appendix's articles, beside the numbered headings; a '25 §' is not outweighed
# by an appendix's bold '1', '2'),
# yet one that is exactly the number missing between two headings still fills the gap ('10.Fastställande' set in
# another font between '9.' and '11.').
STYLED_WEIGHT = 1.5
PLAIN_WEIGHT = 0.0
MIN_STYLED = 2
LEFT_SLACK = 2.0  # points: two labels' lines start at the same left edge
# Entries whose first has text of its own are a table of contents only when at least this many of the textless
# ones, and this share of them, come back later with text.
MIN_RETURNING, MIN_RETURNING_SHARE = 2, 0.5


@dataclass
class Numbering:
    """The markers chosen as § headings, and the table-of-contents entries that only lend titles."""

    headings: list[Marker]
    listed_only: list[Marker]  # numbers known from a table of contents but absent from the body
    form: str  # the numbering found, e.g. 'KS § N' or '§ N'; '' when none


def choose(lines: list[str], markers: list[Marker], styled: frozenset[int] = frozenset(),
           plain: frozenset[int] = frozenset(), looks: dict[int, LineLook] | None = None) -> Numbering:
    """The numbering family whose chain of headings is the most plausible, with its table of contents;
    `styled` are the lines typography sets apart as headings, `plain` those it shows to be text, `looks` how the
    reader saw lines set (where they start, whether in small print). A number set smaller than the text (a
    footnote's, a chart axis's, a superscript) heads nothing."""
    looks = looks or {}
    markers = _weighed_by_style([m for m in markers if not (m.line in looks and looks[m.line].small)], styled, plain)
    candidates: list[tuple[float, list[Marker], list[Marker]]] = []
    for family in dict.fromkeys(m.family for m in markers):
        members = [m for m in markers if m.family == family]
        body, listed = _split_table_of_contents(lines, members)
        alone = {id(m) for m in body if runs.stands_alone(lines[m.line], m.title_col)}
        chain, value = _best_chain(body, repeats=members[0].shape == SIGN, alone=alone)
        if value < MIN_CHAIN[members[0].shape]:
            continue
        chosen = {m.number for m in chain}
        listed_only = {m.number: m for m in listed if m.number not in chosen}
        candidates.append((value + SHAPE_BONUS[members[0].shape], chain, list(listed_only.values())))
    if any(chain[0].shape == SIGN for _, chain, _ in candidates):  # agenda points over the § they hold
        candidates = [c for c in candidates if not is_item_word(c[1][0].prefix)]
    best = max(candidates, key=lambda c: c[0], default=None)  # the first of equals, in text order
    if best is None:
        return Numbering([], [], "")
    chain = _with_run_ends(lines, _with_lost_signs(best[1], markers), markers, looks)
    chain, listed_only = _with_damaged_labels(lines, chain), best[2]
    forms = [m.form for m in chain]
    return Numbering(chain, listed_only, max(set(forms), key=forms.count))


def _weighed_by_style(markers: list[Marker], styled: frozenset[int], plain: frozenset[int]) -> list[Marker]:
    """Markers reweighed by whether they open a heading line, or stand in plain text beside numbered headings."""
    if not styled:
        return markers
    opening = [m.line in styled and m.weight == LINE_START for m in markers]
    on_headings = Counter(m.family for m, opens in zip(markers, opening) if opens)
    headed = max(on_headings.values(), default=0) >= MIN_STYLED  # the protocol numbers its heading lines
    out = []
    for m, opens in zip(markers, opening):
        if opens:
            out.append(replace(m, weight=STYLED_WEIGHT))
        elif m.line in plain and (on_headings[m.family] >= MIN_STYLED or (headed and m.shape == BARE)):
            out.append(replace(m, weight=PLAIN_WEIGHT))
        else:
            out.append(m)
    return out


def _with_lost_signs(chain: list[Marker], markers: list[Marker]) -> list[Marker]:
    """A heading at the start of a line whose sign a transcription lost ('8/' among '§ 7/' and the end)
    joins the chain where its number is exactly the one missing between its neighbours."""
    if not chain:
        return chain
    chosen = {id(m) for m in chain}
    out: list[Marker] = []  # the chain so far, with what joined it: markers and chain are both in text order
    passed = 0  # chain markers before the current one
    for m in markers:
        if id(m) in chosen:
            out.append(m)
            passed += 1
            continue
        if m.weight < LINE_START or is_item_word(m.prefix):  # an agenda point's number is no § that lost its sign
            continue
        after = chain[passed] if passed < len(chain) else None
        if out and out[-1].number + 1 == m.number and (after is None or after.number > m.number):
            out.append(m)
    return out


def _with_run_ends(lines: list[str], chain: list[Marker], markers: list[Marker], looks: dict[int, LineLook]) -> list[Marker]:
    """The run's first or last labels set as text ('1. Mötets öppnande 19:09' in plain type before bold headings,
    'N. Mötet avslutas 18:51' or '§ 20. Stämmoprotokoll. Text …' after them) join the run where they continue it: the
    markers of the run's family after its last label are all the family has left, count on from it one by one and,
    more than one, carry the paragraph sign (bare numbers on after the run may be an appendix's list), or the markers
    before its first count down to it; each opens its line at the run's left edge (on the
    page, where the reader saw it) and is printed in the run's form. Typography weighed such a line down as text; the run says it
    is a label."""
    if not chain:
        return chain
    family = [m for m in markers if m.family == chain[0].family]
    at = {id(m): k for k, m in enumerate(family)}
    out = list(chain)
    closing = family[at[id(out[-1])] + 1:] if id(out[-1]) in at else []  # the family's labels after the run: its close
    signed = len(closing) == 1 or all(m.shape == SIGN for m in closing)  # bare numbers on after it may be an appendix's
    if closing and signed and all(m.number == out[-1].number + k and _same_place(lines, m, out[-1], looks)
                                  for k, m in enumerate(closing, 1)):
        out.extend(closing)
    opening: list[Marker] = []  # the labels before the run's first, nearest first
    first = out[0]
    while id(first) in at and at[id(first)] > 0:
        before = family[at[id(first)] - 1]
        if before.number != first.number - 1 or not _same_place(lines, before, first, looks):
            break
        opening.append(before)
        first = before
    return opening[::-1] + out


def _same_place(lines: list[str], m: Marker, other: Marker, looks: dict[int, LineLook]) -> bool:
    """Two labels in one form, each opening its line, the lines starting at the same left edge: the same point on
    the page where the reader saw both, else the same indentation."""
    def indent(k: int) -> int:
        return len(lines[k]) - len(lines[k].lstrip())

    if m.form != other.form or m.col != indent(m.line) or other.col != indent(other.line):
        return False
    if m.line in looks and other.line in looks:
        return abs(looks[m.line].left - looks[other.line].left) <= LEFT_SLACK
    return indent(m.line) == indent(other.line)


def _with_damaged_labels(lines: list[str], chain: list[Marker]) -> list[Marker]:
    """The run's gaps filled by lines that look like its labels, damaged (index/parse/runs.py)."""
    if not chain:
        return chain
    forms = Counter(m.form for m in chain)
    like = next(m for m in chain if m.form == forms.most_common(1)[0][0])
    found = runs.fills(lines, chain, {m.line for m in chain})
    extra = [Marker(f.line, f.col, f.title_col, f.number, str(f.number), like.shape, like.prefix, like.form, LINE_START)
             for f in found]
    return sorted(chain + extra, key=lambda m: (m.line, m.col)) if extra else chain


def _split_table_of_contents(lines: list[str], members: list[Marker]) -> tuple[list[Marker], list[Marker]]:
    """Entries listed without text of their own (or with a page number) whose numbers come back later
    with text are a table of contents: (body candidates, listed entries). A lone number closing the text (a page's
    number) is listed too: it comes back with no text."""
    paged = {i: ends_with_page_number(lines[i]) for i in {m.line for m in members}}
    for m, nxt in zip(members, members[1:] + [None]):
        m.listed = paged[m.line] and m.col == len(lines[m.line]) - len(lines[m.line].lstrip())
        m.listed = m.listed or (nxt is not None and not _text_between(lines, m, nxt)) or (nxt is None and _last_word(lines, m))
    first_with_text: dict[int, int] = {}
    for idx, m in enumerate(members):
        if not m.listed:
            first_with_text.setdefault(m.number, idx)
    returning = [first_with_text[m.number] for idx, m in enumerate(members) if m.listed and first_with_text.get(m.number, -1) > idx]
    if not returning:
        return members, []
    first_body = min(returning)
    listed = [m for m in members[:first_body] if m.listed]
    came_back = {m.number for m in members[first_body:]} & {m.number for m in listed}
    if not members[0].listed and len(came_back) < max(MIN_RETURNING, len(listed) * MIN_RETURNING_SHARE):
        return members, []  # the first entry has its text: no contents, only a stray number after the end
    return members[first_body:], members[:first_body]


def _last_word(lines: list[str], m: Marker) -> bool:
    """A number alone on its line with nothing after it in the whole text (a page's number at the end): it brings
    no text back, so it proves no table of contents."""
    return runs.stands_alone(lines[m.line], m.title_col) and not any(line.strip() for line in lines[m.line + 1:])


def _text_between(lines: list[str], m: Marker, nxt: Marker) -> bool:
    """Whether more than a title stands between a marker and the next one of its family."""
    if nxt.line == m.line:
        return _is_text(lines[m.line][m.title_col: nxt.col])
    rest = lines[m.line][m.title_col:].strip()
    following = [ln.strip() for ln in lines[m.line + 1: nxt.line] if ln.strip()]
    if rest:
        return bool(following) or _is_text(rest)
    return len(following) > 1 or any(_is_text(f) for f in following)


def _is_text(words: str) -> bool:
    """More than a title: a sentence ends and another starts, a sentence ends with its full stop (titles have none),
    or too many words for a title."""
    stripped = words.rstrip()
    sentence = len(stripped.split()) > SENTENCE_WORDS and stripped.endswith((".", "!", "?")) and not stripped.endswith("..")
    return sentence or len(words.split()) > rules().parse.title_words or runs_on(words)


def _best_chain(markers: list[Marker], repeats: bool, alone: set[int] = frozenset()) -> tuple[list[Marker], float]:
    """The highest-valued chain of markers in text order with increasing numbers (dynamic programme). A chain
    may repeat its number where the sign repeats it (`repeats`) or where both labels stand alone on their lines in one form (`alone`: ids of such markers), a label printed twice."""
    if not markers:
        return [], 0.0
    value = [m.weight for m in markers]
    back = [-1] * len(markers)
    max_gap, gap_cost = rules().parse.max_gap, rules().parse.gap_cost  # numbers a chain may skip, what each costs
    for i, m in enumerate(markers):
        for j in range(max(0, i - CHAIN_LOOKBACK), i):
            step = m.number - markers[j].number
            twice = id(m) in alone and id(markers[j]) in alone and m.form == markers[j].form
            if step > max_gap or step < 0 or (step == 0 and not ((repeats or twice) and m.key >= markers[j].key)):
                continue
            candidate = value[j] + m.weight - gap_cost * max(0, step - 1)
            if candidate > value[i]:
                value[i], back[i] = candidate, j
    end = max(range(len(markers)), key=lambda k: value[k])
    chain = []
    k = end
    while k >= 0:
        chain.append(markers[k])
        k = back[k]
    return chain[::-1], value[end]
