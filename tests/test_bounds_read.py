"""Every reader, on hostile input, reads the file or refuses it by name within seconds and within a memory cap.

Hypothesis builds the files: PDFs whose streams start with every keyword PDFium accepts ('stream\\r', 'stream \\n' …),
pass through every filter and chain of filters it decodes ('[/ASCIIHexDecode /FlateDecode]', '/Fl#61teDecode', LZW,
run-length, a filter given by reference), with a /Length right, wrong or by reference, holding a decompression bomb
or a page of text; images declaring billions of pixels; pages with nothing drawn on them. DOCX files of millions of
unknown elements, deep nesting, a huge text node, entity declarations, broken XML. Text files of runs of whatever
makes a pattern backtrack, of binary, of encodings, of invisible and combining characters. Each file is read and
parsed as the indexer's reader does (index/worker.py `parse_source`) in a child process of its own (conftest.py
`bounded`), whose time and peak memory are measured; a bomb must be refused by the checks, not by running out."""

from __future__ import annotations

import base64
import functools
import io
import tempfile
from dataclasses import dataclass, field
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import Raised, bounded
from index.errors import UnreadableFile
from index.read.limits import MB
from index.worker import Parsed, parse_source

SECONDS = 60  # read or refused within this, on a loaded 2-core machine
MEMORY_MB = 400  # and its memory grown by at most this much
BOMB_MB = 300  # what a bomb inflates to: beyond the 100 MB a stream may
FUZZ = settings(max_examples=16, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def outcome(suffix: str, data: bytes) -> tuple[object, float, int]:
    """(Parsed or the exception, seconds, megabytes grown) of reading and parsing these bytes as a file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"hostile{suffix}"
        path.write_bytes(data)
        return bounded(parse_source, path, "hostile", seconds=SECONDS, memory_mb=2 * MEMORY_MB)


def assert_bounded(result: object, seconds: float, grown: int) -> Parsed:
    assert isinstance(result, Parsed), f"neither read nor refused: {result!r}"
    assert seconds < SECONDS and grown < MEMORY_MB, (seconds, grown, result.reason)
    return result


# --- PDF ------------------------------------------------------------------------------------------------------
KEYWORDS = [b"stream\n", b"stream\r\n", b"stream\r", b"stream \n", b"stream  \r\n", b"stream\t\n"]
TEXT = b"BT /F1 18 Tf 72 720 Td (Styrelsen beslutar att bevilja medel till projektet.) Tj ET"


@functools.cache
def inflated(megabytes: int) -> bytes:
    """Flate data of `megabytes` of zeros (a decompression bomb)."""
    packer, zeros = zlib.compressobj(9), bytes(MB)
    return b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()


def lzw_codes(codes: list[int]) -> bytes:
    """LZW codes packed as PDF writes them: 9 to 12 bits, growing one code early, 256 clearing the table (the code
    after a clear adds no entry to it)."""
    bits, value, width, size, first = 0, 0, 9, 258, True
    out = bytearray()
    for code in codes:
        value, bits = ((value << width) | code) & 0xFFFFFF, bits + width
        while bits >= 8:
            bits -= 8
            out.append((value >> bits) & 0xFF)
        if code == 256:
            size, width, first = 258, 9, True
            continue
        size += not first
        first = False
        if size + 1 >= 1 << width and width < 12:
            width += 1
    return bytes(out + (bytes([(value << (8 - bits)) & 0xFF]) if bits else b""))


@functools.cache
def lzw_bomb(megabytes: int) -> bytes:
    """Codes that each repeat the longest run of zeros so far: a table's 3 800 codes give 7 MB."""
    codes, total = [], 0
    while total < megabytes * MB:
        codes += [256, 0] + list(range(258, 4095))
        total += sum(range(1, 4095 - 257 + 1))
    return lzw_codes(codes + [257])


def run_length(data: bytes) -> bytes:
    out = bytearray()
    for i in range(0, len(data), 128):
        chunk = data[i:i + 128]
        out += bytes([len(chunk) - 1]) + chunk
    return bytes(out + b"\x80")


@functools.cache
def run_length_bomb(megabytes: int) -> bytes:
    return b"\x81\x00" * (megabytes * MB // 128) + b"\x80"


FILTERS = {  # name -> (the /Filter value, how the content is encoded, how a bomb is)
    "none": (b"", lambda d: d, None),
    "Flate": (b"/FlateDecode", zlib.compress, lambda: inflated(BOMB_MB)),
    "Fl": (b"/Fl", zlib.compress, lambda: inflated(BOMB_MB)),
    "escaped name": (b"/Fl#61teDecode", zlib.compress, lambda: inflated(BOMB_MB)),
    "hex, Flate": (b"[/ASCIIHexDecode /FlateDecode]", lambda d: zlib.compress(d).hex().encode() + b">",
                   lambda: inflated(BOMB_MB).hex().encode() + b">"),
    "AHx Fl": (b"[/AHx /Fl]", lambda d: zlib.compress(d).hex().encode() + b">", lambda: inflated(BOMB_MB).hex().encode() + b">"),
    "base-85, Flate": (b"[/ASCII85Decode /FlateDecode]", lambda d: base64.a85encode(zlib.compress(d)) + b"~>",
                       lambda: base64.a85encode(inflated(BOMB_MB)) + b"~>"),
    "Flate twice": (b"[/FlateDecode /FlateDecode]", lambda d: zlib.compress(zlib.compress(d)),
                    lambda: zlib.compress(inflated(BOMB_MB))),
    "LZW": (b"/LZWDecode", None, lambda: lzw_bomb(150)),
    "run-length": (b"/RunLengthDecode", run_length, lambda: run_length_bomb(150)),
    "by reference": (b"9 0 R", zlib.compress, lambda: inflated(BOMB_MB)),
}


def pdf(streams: list[tuple[bytes, bytes, bytes, str]], image: tuple[int, int] | None, blank_pages: int) -> bytes:
    """A PDF whose pages' contents are the given (keyword, filter, data, length) streams, then `blank_pages` pages
    with a white fill, and an image XObject declaring `image` pixels; the object a filter may name by reference
    (9 0 R) is [/AHx /Fl]-free Flate."""
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 9: b"/FlateDecode", 10: b"%d" % 0}
    kids = []
    number = 11
    contents = [(k, f, d, length) for k, f, d, length in streams] + [
        (b"stream\n", b"", b"1 g 0 0 1 1 re f", "right")] * blank_pages
    for keyword, filter_value, data, length in contents:
        page, stream = number, number + 1
        number += 2
        kids.append(page)
        resources = b"/Resources << /XObject << /Im1 8 0 R >> >>" if image else b""
        objects[page] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R %s >>" % (stream, resources)
        size = {"right": b"%d" % len(data), "zero": b"0", "half": b"%d" % (len(data) // 2), "by reference": b"10 0 R"}[length]
        objects[10] = b"%d" % len(data)
        filtered = b" /Filter " + filter_value if filter_value else b""
        objects[stream] = b"<< /Length " + size + filtered + b" >>\n" + keyword + data + b"\nendstream"
    if image:
        data = zlib.compress(bytes(64))
        objects[8] = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
                      b"/Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (*image, len(data), data))
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out, offsets = bytearray(b"%PDF-1.7\n"), {}
    for key in sorted(objects):
        offsets[key] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (key, objects[key])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (max(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[k] if k in offsets else b"0000000000 65535 f \n" for k in range(1, max(objects) + 1))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (max(objects) + 1, xref)
    return bytes(out)


@dataclass(frozen=True)
class Made:
    """A hostile file and what it holds, shown by its recipe (the bytes run to megabytes)."""

    data: bytes = field(repr=False)
    recipe: str
    bomb: bool = False


@st.composite
def hostile_pdfs(draw) -> Made:
    streams, recipe, bomb = [], [], False
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(sorted(FILTERS)))
        filter_value, encode, make_bomb = FILTERS[kind]
        bombing = make_bomb is not None and (encode is None or draw(st.booleans()))
        data = make_bomb() if bombing else encode(TEXT)
        bomb |= bombing
        length = draw(st.sampled_from(["right", "zero", "half", "by reference"]))
        keyword = draw(st.sampled_from(KEYWORDS))
        streams.append((keyword, filter_value, data, length))
        recipe.append(f"{'bomb' if bombing else 'text'} through {kind} after {keyword!r}, /Length {length}")
    image = draw(st.sampled_from([None, (200, 200), (100_000, 100_000), (2_000_000_000, 3)]))
    bomb |= image is not None and image[0] * image[1] > 100_000_000
    blank = draw(st.sampled_from([0, 1, 300]))
    recipe.append(f"image {image}, {blank} blank pages")
    return Made(pdf(streams, image, blank), "; ".join(recipe), bomb)


@pytest.mark.slow
@FUZZ
@given(hostile_pdfs())
def test_every_hostile_pdf_is_read_or_refused_within_seconds_and_memory(made):
    parsed = assert_bounded(*outcome(".pdf", made.data))
    if made.bomb:
        assert parsed.meeting is None and ("decompression bomb" in parsed.reason), parsed.reason


# --- DOCX -----------------------------------------------------------------------------------------------------
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         b'<Default Extension="xml" ContentType="application/xml"/></Types>')
PARAGRAPH = "<w:p><w:r><w:t>§ {n} Styrelsen beslutar att bevilja medel.</w:t></w:r></w:p>"


def docx(body: list[bytes], header: bytes | None = None, prolog: bytes = b"") -> bytes:
    """A DOCX whose body is the given pieces, written as a stream (a body of gigabytes stays small on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", TYPES)
        if header is not None:
            archive.writestr("word/header1.xml", b"<w:hdr " + W + b">" + header + b"</w:hdr>")
        with archive.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(prolog + b"<w:document " + W + b" " + MC + b"><w:body>")
            for piece in body:
                document.write(piece)
            document.write(b"</w:body></w:document>")
    return out.getvalue()


@st.composite
def hostile_docx(draw) -> Made:
    kind = draw(st.sampled_from(["paragraphs", "unknown elements", "nesting", "huge text", "entities", "fallback",
                                 "broken", "empty text runs"]))
    size = draw(st.sampled_from([1, 1000, 100_000]))
    paragraphs = [PARAGRAPH.format(n=n).encode() for n in range(1, 30)]
    body = {
        "paragraphs": paragraphs * max(1, size // 100),
        "unknown elements": [b"<w:x/>" * 10_000] * {1: 10, 1000: 300, 100_000: 3_100}[size],  # the finding: 190 MB
        "nesting": [b"<w:x>" * (size // 10 + 2) + b"</w:x>" * (size // 10 + 2)],
        "huge text": [b"<w:p><w:r><w:t>" + b"beslut " * (size * 20) + b"</w:t></w:r></w:p>"],
        "entities": paragraphs,
        "fallback": [b"<mc:AlternateContent><mc:Fallback>" + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * size
                     + b"</mc:Fallback></mc:AlternateContent>"] + paragraphs,
        "broken": [b"<w:p><w:r><w:t>Beslut</w:r>"] * size,
        "empty text runs": [b"<w:p>" + b"<w:r><w:t></w:t></w:r>" * size + b"</w:p>"],
    }[kind]
    prolog = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>') if kind == "entities" else b""
    if kind == "entities":
        body = body + [b"<w:p><w:r><w:t>&d;&d;&d;&d;</w:t></w:r></w:p>"] * size
    header = draw(st.sampled_from([None, b"<w:p><w:r><w:t>Samordningsf\xc3\xb6rbundet Provl\xc3\xa4n</w:t></w:r></w:p>"]))
    return Made(docx(body, header, prolog), f"{kind} at size {size}, {'a' if header else 'no'} header")


@pytest.mark.slow
@FUZZ
@given(hostile_docx())
def test_every_hostile_docx_is_read_or_refused_within_seconds_and_memory(made):
    assert_bounded(*outcome(".docx", made.data))


# --- text -----------------------------------------------------------------------------------------------------
UNITS = ["\f", "\n", " ", "\t", " \n", "1.", "1.1", "a.", "[", "[](", "a", "A", "AU-", "üa", "Anna Berg, ", "§ ",
         "§ 1\n", "\n1 ", "a-\nb", "den 1 januari 2027 ", "x@", "www.", "Sida 1 av 2\n", "a\u0301\u0316", "\u200f",
         "\x00", "\ufeff", "KS 1 ", "Beslut\n", "**", "__a ", "Rubrik      3\n", "Dnr 1 ", "kr ", "1 000 "]


@st.composite
def hostile_texts(draw) -> Made:
    runs = [(draw(st.sampled_from(UNITS)), draw(st.sampled_from([1, 1000, 100_000, 400_000])))
            for _ in range(draw(st.integers(1, 3)))]
    text = "".join(unit * count for unit, count in runs)
    protocol = f"Protokoll\nStyrelsen 2026-02-03\n§ 1 Öppnande\n{text}\n§ 2 Slut\nText om mötet."
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "binary"]))
    if encoding == "binary":
        noise, times = draw(st.binary(min_size=1, max_size=4096)), draw(st.sampled_from([1, 1000]))
        return Made(noise * times, f"{len(noise)} random bytes {times} times")
    return Made(protocol.encode(encoding, "replace"), f"{runs} in {encoding}")


@pytest.mark.slow
@FUZZ
@given(hostile_texts())
def test_every_hostile_text_file_is_read_or_refused_within_seconds_and_memory(made):
    assert_bounded(*outcome(".txt", made.data))


def test_bounded_reports_a_reader_that_runs_away():
    """The measure itself: a child that outgrows its cap, one that overruns its time, one that raises, and the
    memory a child takes."""
    import time

    def hog(megabytes: int) -> int:
        return len(bytearray(megabytes * MB)) // MB

    assert bounded(hog, 800, seconds=30, memory_mb=200)[0] == Raised("MemoryError", "")
    assert bounded(time.sleep, 10, seconds=1)[0] == "timeout"
    assert bounded(parse_source, Path("/nonexistent.txt"), "x")[0] == Parsed(None, reason="no such file")
    result, _, grown = bounded(hog, 100)
    assert result == 100 and 90 < grown < 150
    refused = bounded(lambda: (_ for _ in ()).throw(UnreadableFile("x.pdf", "a reason")))[0]
    assert refused == Raised("UnreadableFile", "x.pdf: a reason")
