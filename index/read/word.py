"""DOCX -> text: paragraphs and table rows in document order, read from the package's XML as a
stream, so a zip bomb is refused from the zip directory and a huge document at the character
limit, before either is built in memory."""

from __future__ import annotations

from io import BytesIO
from zipfile import BadZipFile, ZipFile

from lxml import etree

from index.errors import UnreadableFile
from index.read.limits import MAX_DOCX_TAGS, MAX_DOCX_UNZIPPED_MB, MB, ReadLimits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Office writes a text box twice, a modern version and a fallback drawing: read the first only.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_INLINE = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}
_OPENS = (f"{_W}p", f"{_W}tc", f"{_W}tr")  # elements whose text is gathered between their start and end
_READ = {f"{_W}t", *_INLINE, *_OPENS}  # elements whose end adds to the text


def docx_text(name: str, data: bytes, limits: ReadLimits) -> str:
    """The page header's lines once (a letterhead with organisation and date lives there), then
    the body: paragraphs and table rows (cells joined by tabs) in document order."""
    try:
        archive = ZipFile(BytesIO(data))
    except BadZipFile as exc:
        raise UnreadableFile(name, "corrupt DOCX (not a zip archive)") from exc
    with archive:
        unzipped = sum(member.file_size for member in archive.infolist())
        if unzipped > MAX_DOCX_UNZIPPED_MB * MB:
            raise UnreadableFile(name, f"the DOCX unpacks to {unzipped / MB:,.0f} MB, more than {MAX_DOCX_UNZIPPED_MB} MB (a zip bomb?)")
        if "word/document.xml" not in archive.namelist():
            raise UnreadableFile(name, "corrupt DOCX (no word/document.xml)")
        headers = sorted(n for n in archive.namelist() if n.startswith("word/header") and n.endswith(".xml"))
        tags = _tags(archive, [*headers, "word/document.xml"])
        if tags > MAX_DOCX_TAGS:
            raise UnreadableFile(name, f"the DOCX holds more than {MAX_DOCX_TAGS:,} XML tags (a zip bomb?)")
        reader = _PartReader(name, limits)
        try:
            header = [line for part in headers for line in reader.lines(archive.open(part))]
            body = reader.lines(archive.open("word/document.xml"))
        except etree.XMLSyntaxError as exc:
            raise UnreadableFile(name, f"corrupt DOCX (broken XML: {str(exc)[:80]})") from exc
    return "\n".join([*dict.fromkeys(line for line in header if line.strip()), *body])


def _tags(archive: ZipFile, parts: list[str]) -> int:
    """How many XML tags ('<') the parts hold, counted as they unpack (memory stays at one piece) and no further
    than just beyond MAX_DOCX_TAGS: the parser then works on a bounded number of elements."""
    tags = 0
    for part in parts:
        with archive.open(part) as stream:
            while tags <= MAX_DOCX_TAGS and (piece := stream.read(MB)):
                tags += piece.count(b"<")
    return tags


class _PartReader:
    """Reads WordprocessingML parts as a stream, counting text against the file's limit."""

    def __init__(self, name: str, limits: ReadLimits):
        self.name, self.limits, self.total = name, limits, 0

    def lines(self, stream) -> list[str]:
        lines: list[str] = []
        paragraphs: list[list[str]] = []  # text runs of the open paragraphs (text boxes nest them)
        cells: list[list[str]] = []  # paragraphs of the open table cells
        rows: list[list[str]] = []  # cells of the open table rows
        skipping = 0
        for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True):
            tag = element.tag
            if tag == _FALLBACK:
                skipping += 1 if event == "start" else -1
            if event == "start":
                if not skipping and tag in _OPENS:
                    {f"{_W}p": paragraphs, f"{_W}tc": cells, f"{_W}tr": rows}[tag].append([])
                continue
            if not skipping and tag in _READ:
                self._end(tag, element.text, lines, paragraphs, cells, rows)
            # Every element is let go once read, and with it those before it: memory stays at one element's
            # ancestors, whatever the part holds (paragraphs, or 190 MB of unknown empty elements).
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
        return lines

    def _end(self, tag: str, text: str | None, lines: list[str], paragraphs: list[list[str]], cells: list[list[str]],
             rows: list[list[str]]) -> None:
        """One element read to its end: its text joins the open paragraph, a paragraph its cell or the lines."""
        if tag == f"{_W}t" and paragraphs:
            paragraphs[-1].append(text or "")
            self.total += len(text or "")
            if self.total > self.limits.max_text_chars:
                raise UnreadableFile(self.name, self.limits.too_much_text())
        elif tag in _INLINE and paragraphs:
            paragraphs[-1].append(_INLINE[tag])
        elif tag == f"{_W}p" and paragraphs:
            (cells[-1] if cells else lines).append("".join(paragraphs.pop()))
        elif tag == f"{_W}tc" and cells:
            rows[-1].append("\n".join(cells.pop()))
        elif tag == f"{_W}tr" and rows:
            (cells[-1] if cells else lines).append("\t".join(rows.pop()))
