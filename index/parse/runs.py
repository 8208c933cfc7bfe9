"""A protocol's § labels read as one run: 1, 2, 3 … in the same look, line after line.

A person who reads '11/', a garbled line, then '13/' knows the garbled line is 12: it stands where
the run needs 12 and looks like the run's other labels. numbering.py finds the run from the labels it
can read; here the run itself is the evidence for what it could not read:

- the run's look: whether its labels stand alone on their lines ('12/' over the text) or open a
  title line ('12. Val av styrelse'); a run whose labels stand alone also repeats a label the
  protocol printed twice (numbering.py);
- a gap in the run (numbers missing between two of its labels, or before its first) is filled by
  the lines in the gap that look like the run's labels, when there are exactly as many of them as
  numbers missing: a label alone on its line is a line of about the label's length followed by text
  (a scanner's OCR reads '12/' as 'J2/', '5/' as 'D/', '17/' as '217/', '9/' as '9/ a'); a label opening a title
  line differs from the missing label in at most one character ('S. Val av sekreterare' for '5.'). Where OCR
  lost labels of a titled run whole, the titles left bare (a short capitalised line, no sentence, before its
  text) make up the count: between two labels of the run, or with the damaged labels of the gap before its first;
- after the run's last label, the line that alone opens with the run's next label, as printed, continues it though its
  title starts in lower case (a titled run only).

The evidence is the run's numbers and its labels' shape; the only words known are index/lang's part labels
('Beslut', 'Närvarande'), which title no §.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.lang.labels import is_label
from index.lang.registry import rules

# A run's look: its labels stand alone on their lines, or open title lines; a look needs this share of its labels.
MIN_LOOK_SHARE = 0.75
# A gap is looked into only when it misses at most this many numbers (a longer one is no gap but another run).
MAX_MISSING = 9
# A damaged label alone on its line has as many characters (spaces aside) as the missing label, give or take this.
ALONE_LENGTH_SLACK = 1
# A damaged label opening a title line differs from the missing label in at most this many characters.
TITLED_EDITS = 1
TITLE_WORDS = 8  # a title whose label was lost has at most this many words
MAX_TOKEN = 6  # characters of a label alone on its line, with its punctuation and specks ('1042.', 'J2/', '9/ a')
ALONE, TITLED = "alone", "titled"
DASHES = ("-", "–", "—")  # a dash between a label and its title sets them apart ('§ 5 – Val av …')


@dataclass(frozen=True)
class Fill:
    """A line in a gap of the run read as the label the run misses there: (line, column, title column, number)."""

    line: int
    col: int
    title_col: int
    number: int


def stands_alone(line: str, title_col: int) -> bool:
    """Whether a label is all its line holds (what follows it is at most punctuation)."""
    return not line[title_col:].strip(" \t.:/)")


def look(lines: list[str], chain: list) -> str | None:
    """How the run's labels are set: ALONE on their lines, TITLED (opening a title), or None when mixed."""
    if not chain:
        return None
    alone = sum(stands_alone(lines[m.line], m.title_col) for m in chain)
    if alone >= MIN_LOOK_SHARE * len(chain):
        return ALONE
    if len(chain) - alone >= MIN_LOOK_SHARE * len(chain):
        return TITLED
    return None


def edits(a: str, b: str) -> int:
    """Levenshtein distance between two short strings (characters inserted, deleted or replaced)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def printed(m, line: str) -> str:
    """A label's token as printed, with the punctuation after it ('12/', '5.', '§ 7')."""
    token = line[m.col: m.title_col].strip()
    return token.split("\t")[0].strip() if "\t" in token else token


def expected_token(template: str, label: str, number: int) -> str:
    """The token the run would print for `number`, from one of its printed labels ('11/' -> '12/')."""
    return template.replace(label, str(number), 1) if label in template else str(number)


def fills(lines: list[str], chain: list, taken: set[int]) -> list[Fill]:
    """Lines in the run's gaps that read as the labels missing there (see the module's docstring). `taken` are the
    lines that already hold a marker of the run."""
    shape = look(lines, chain)
    if shape is None or not rules().parse.label_runs:
        return []
    out: list[Fill] = []
    bounds = [(None, chain[0])] + list(zip(chain, chain[1:]))
    for before, after in bounds:
        low = before.number if before is not None else 0
        missing = list(range(low + 1, after.number))
        if not missing or len(missing) > MAX_MISSING:
            continue
        template_marker = before if before is not None else after
        template = printed(template_marker, lines[template_marker.line])
        tokens = [expected_token(template, template_marker.label, n) for n in missing]
        start = before.line + 1 if before is not None else 0
        found = [k for k in range(start, after.line) if k not in taken and _label_like(lines, k, shape, tokens)]
        lost: list[int] = []
        if shape == TITLED and (found or before is not None) and len(found) < len(missing):
            lost = [k for k in range(start if before is not None else found[0], after.line)
                    if k not in taken and k not in found and _title_alone(lines, k)]
        if len(found) + len(lost) != len(missing):
            continue
        pairs = list(zip(sorted(found + lost), missing, tokens))
        if all(k in lost or _reads_as(lines[k], token, shape) for k, _, token in pairs):
            out.extend(_fill(lines[k], k, n, shape, titled=k in lost) for k, n, _ in pairs)
    return out + (_closing(lines, chain[-1], taken) if shape == TITLED else [])


def _closing(lines: list[str], last, taken: set[int]) -> list[Fill]:
    """The labels after the run's last one that the numbering could not read as headings ('15. övriga frågor: …',
    a title a scanner's OCR or its writer left in lower case): the one line after it, at its indentation, that opens
    with exactly the token the run prints next, then the next, while each is the only such line."""
    out: list[Fill] = []
    template, label, number, after = printed(last, lines[last.line]), last.label, last.number, last.line
    indent = _indent(lines[last.line])
    while True:
        number += 1
        token = expected_token(template, label, number)
        found = [k for k in range(after + 1, len(lines)) if k not in taken and _opens_with(lines[k], token)
                 and _indent(lines[k]) == indent]
        if len(found) != 1:
            return out
        after = found[0]
        rest = lines[after][indent + len(token):]
        out.append(Fill(after, indent, len(lines[after]) - len(rest.lstrip()), number))


def _opens_with(line: str, token: str) -> bool:
    """A line that opens with exactly `token` ('15.', '§ 15') and goes on with a word in lower case (one in capitals
    the numbering read as a label, or not, already)."""
    start = line.lstrip()
    rest = start[len(token):]
    return start.startswith(token) and rest[:1] in (" ", "\t") and rest.lstrip()[:1].islower()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _label_like(lines: list[str], k: int, shape: str, tokens: list[str]) -> bool:
    """A line that could be a damaged label of the run: for ALONE, a few characters (a token and OCR's specks)
    followed by text; for TITLED, one of the missing labels, damaged, before a title."""
    words = lines[k].split()
    if not words:
        return False
    if shape == ALONE:
        nxt = next((line for line in lines[k + 1:] if line.strip()), "")
        return len("".join(words)) <= MAX_TOKEN and len(nxt.split()) > 1
    return len(words) > 1 and any(_reads_as(lines[k], token, shape) for token in tokens)


def _reads_as(line: str, token: str, shape: str) -> bool:
    """A line read as a damaged `token`: ALONE, about the token's length; TITLED, the token give or take one
    character, then a capitalised title (after a dash, where one sets the label off: '85 - Godkändes …')."""
    words = line.split()
    if shape == ALONE:
        return abs(len("".join(words)) - len(token)) <= ALONE_LENGTH_SLACK
    title = next((w for w in words[1:] if w not in DASHES), "")
    return edits(words[0], token) <= TITLED_EDITS and title[:1].isupper()


def _title_alone(lines: list[str], k: int) -> bool:
    """A title whose label OCR lost whole: a short line, capitalised, no sentence, no cells, no part label, followed
    by a longer line of text or a table (opening with a letter: not the next label)."""
    line = lines[k].strip()
    words = line.split()
    nxt = next((other.strip() for other in lines[k + 1:] if other.strip()), "")
    return (0 < len(words) <= TITLE_WORDS and line[0].isupper() and not line.endswith((".", ":", "!", "?"))
            and "\t" not in line and not is_label(line) and len(nxt.split()) > len(words) and nxt[0].isalpha())


def _fill(line: str, k: int, number: int, shape: str, titled: bool = False) -> Fill:
    col = len(line) - len(line.lstrip())
    if titled:
        return Fill(k, col, col, number)
    end = col + len(line.split()[0])
    title = len(line) if shape == ALONE else end + len(line[end:]) - len(line[end:].lstrip())
    return Fill(k, col, title, number)
