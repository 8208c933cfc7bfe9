"""The decompression-bomb check of a PDF: every stream PDFium could decode, measured before PDFium holds one.

PDFium starts a stream's data after the keyword `stream` and the end of that line, whatever stands between
(`stream\\r\\n`, `stream\\n`, `stream\\r`, `stream \\n`), and decodes it through the chain its /Filter names
(`/FlateDecode`, `[/ASCIIHexDecode /FlateDecode]`, the abbreviations `/Fl`, `/AHx` …, names written with `#xx`
escapes, a filter given by reference). Here every such keyword is taken as a stream's start and the data after it
is decoded the same way, piece by piece, its bytes counted and none kept: a stream that decodes beyond
MAX_STREAM_MB, all of them beyond MAX_INFLATED_MB, or an image declaring more than MAX_IMAGE_PIXELS pixels refuses
the file. Each decoder stops at its own end of data, so a stream's /Length is not trusted either.

The work is bounded by the input: a stream's dictionary is read from the bytes since the previous keyword, the
objects a reference may name are found in one pass, a decoder is fed growing pieces of its data (a tiny stream
costs a tiny piece), and every byte a decoder gives or a text filter scans is counted against the limits before
the next piece is decoded.
"""

from __future__ import annotations

import base64
import re
import zlib
from bisect import bisect_left
from collections.abc import Callable, Iterator

from index.errors import UnreadableFile
from index.read import limits as caps
from index.read.limits import MB

_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"  # PDF whitespace and delimiters: a keyword or name ends at one
_REGULAR = rb"[^" + _DELIMITERS + rb"]"
_KEYWORD = re.compile(rb"(?<!" + _REGULAR + rb")stream(?!" + _REGULAR + rb")")
_LINE_END = re.compile(rb"\r\n?|\n")
_OBJECT = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj(?!" + _REGULAR + rb")")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_REFERENCE = re.compile(rb"(\d{1,10})\s+(\d{1,5})\s+R(?!" + _REGULAR + rb")")
_NAME = re.compile(rb"/(" + _REGULAR + rb"+)")
_ARRAY = re.compile(rb"\[([^\]]{0,4096})\]")
# How far before its keyword a stream's dictionary is looked for (a page's dictionary takes a few hundred bytes).
DICTIONARY_BYTES = 64 * 1024
# Decoders are fed their data in pieces growing from FIRST_PIECE to PIECE bytes and give output in pieces of PIECE.
FIRST_PIECE = 4 * 1024
PIECE = 1 << 20
# A 600 dpi A3 scan has 70 million pixels; an image declaring more is not a page of minutes.
MAX_IMAGE_PIXELS = 100_000_000
_ABBREVIATIONS = {b"Fl": b"FlateDecode", b"LZW": b"LZWDecode", b"AHx": b"ASCIIHexDecode", b"A85": b"ASCII85Decode",
                  b"RL": b"RunLengthDecode", b"DCT": b"DCTDecode", b"CCF": b"CCITTFaxDecode"}
# What a /Filter this check cannot read may be: each binary decoder, alone or after a text decoder.
_GUESSES = [[b"FlateDecode"], [b"LZWDecode"], [b"RunLengthDecode"],
            *([text, binary] for text in (b"ASCIIHexDecode", b"ASCII85Decode") for binary in (b"FlateDecode", b"LZWDecode"))]


class Budget:
    """Bytes decoded (or scanned by a text filter), counted against the limits of one stream and of the file."""

    def __init__(self, name: str):
        self.name, self.total, self.stream = name, 0, 0

    def count(self, size: int) -> None:
        self.stream += size
        self.total += size
        if self.stream > caps.MAX_STREAM_MB * MB:
            raise UnreadableFile(self.name, f"a PDF stream inflates beyond {caps.MAX_STREAM_MB} MB (a decompression bomb?)")
        if self.total > caps.MAX_INFLATED_MB * MB:
            raise UnreadableFile(self.name, f"the PDF's streams inflate beyond {caps.MAX_INFLATED_MB} MB (a decompression bomb?)")


Decoder = Callable[[Iterator[memoryview], Budget], Iterator[bytes]]


def check_streams(name: str, data: bytes) -> None:
    """Refuse the PDF `name` when a stream decodes beyond MAX_STREAM_MB, its streams together beyond
    MAX_INFLATED_MB, or an image declares more than MAX_IMAGE_PIXELS pixels."""
    budget, view = Budget(name), memoryview(data)
    objects = {(int(m[1]), int(m[2])): m.end() for m in _OBJECT.finditer(data)}
    opened = sorted(objects.values())
    keywords = list(_KEYWORD.finditer(data))
    for k, keyword in enumerate(keywords):
        previous = keywords[k - 1].end() if k else 0
        following = keywords[k + 1].start() if k + 1 < len(keywords) else len(data)
        at = bisect_left(opened, keyword.start() + 1) - 1
        begins = max(previous, opened[at] if at >= 0 else 0, keyword.start() - DICTIONARY_BYTES)
        dictionary = _unescaped(data[begins:keyword.start()])
        line_end = _LINE_END.search(data, keyword.end(), following)
        start = line_end.end() if line_end else keyword.end()
        _check_image(name, dictionary, data, objects)
        for chain in _chains(dictionary, data, objects):
            budget.stream = 0
            _decode(chain, view[start:], budget)


def _unescaped(text: bytes) -> bytes:
    """Names with '#xx' escapes written out ('/Fl#61teDecode' is '/FlateDecode')."""
    return _ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), text) if b"#" in text else text


def _value(dictionary: bytes, key: bytes, data: bytes, objects: dict[tuple[int, int], int]) -> bytes | None:
    """The text of the value of /key in a dictionary, a reference followed to its object; None without one."""
    found = re.search(rb"/" + key + rb"(?!" + _REGULAR + rb")\s*", dictionary)
    if not found:
        return None
    value = dictionary[found.end():found.end() + 4096]
    reference = _REFERENCE.match(value)
    if reference:
        at = objects.get((int(reference[1]), int(reference[2])))
        if at is None:
            return b""
        value = _unescaped(data[at:at + 4096]).lstrip()
    return value


def _chains(dictionary: bytes, data: bytes, objects: dict[tuple[int, int], int]) -> list[list[bytes]]:
    """The filter chain a stream's dictionary names ([] without a filter); every guess when it cannot be read."""
    value = _value(dictionary, b"Filter", data, objects)
    if value is None:
        return []
    array = _ARRAY.match(value)
    name = _NAME.match(value)
    listed = array[1] if array else name[0] if name else None
    if listed is None or _REFERENCE.search(listed):
        return _GUESSES
    return [[_ABBREVIATIONS.get(name, name) for name in _NAME.findall(listed)]]


def _check_image(name: str, dictionary: bytes, data: bytes, objects: dict[tuple[int, int], int]) -> None:
    if b"/Image" not in dictionary:
        return
    width, height = (re.match(rb"\d{1,12}", _value(dictionary, key, data, objects) or b"") for key in (b"Width", b"Height"))
    if width and height and int(width[0]) * int(height[0]) > MAX_IMAGE_PIXELS:
        raise UnreadableFile(name, f"a PDF image of {int(width[0]):,} x {int(height[0]):,} pixels, more than "
                                   f"{MAX_IMAGE_PIXELS:,} (a decompression bomb?)")


def _decode(chain: list[bytes], data: memoryview, budget: Budget) -> None:
    """Run `data` through the chain's decoders, counting what each gives. Stops at the first filter this check
    does not decode (an image codec, which PDFium decodes to the declared size) and at broken data, where
    PDFium's output ends too."""
    pieces: Iterator = _pieces(data)
    for filter_name in chain:
        decoder = _DECODERS.get(filter_name)
        if decoder is None:
            break
        pieces = _counted(decoder(pieces, budget), budget)
    for _ in pieces:
        pass


def _pieces(data: memoryview) -> Iterator[memoryview]:
    """The data in growing pieces, so a decoder that stops early has copied little."""
    size, position = FIRST_PIECE, 0
    while position < len(data):
        yield data[position:position + size]
        position += size
        size = min(2 * size, PIECE)


def _counted(pieces: Iterator[bytes], budget: Budget) -> Iterator[bytes]:
    for piece in pieces:
        budget.count(len(piece))
        yield piece


def _flate(pieces: Iterator[memoryview], budget: Budget) -> Iterator[bytes]:
    """zlib data, in output pieces of at most PIECE. Ends at the end of the zlib stream (where zlib may still
    hold input it will never use) or where no output comes of the input left."""
    inflater = zlib.decompressobj()
    for piece in pieces:
        pending: bytes | memoryview = piece
        while pending and not inflater.eof:
            try:
                out = inflater.decompress(pending, PIECE)
            except zlib.error:
                return
            if out:
                yield out
            tail = inflater.unconsumed_tail
            if not out and len(tail) == len(pending):
                return
            pending = tail
        if inflater.eof:
            return


def _lzw(pieces: Iterator[memoryview], budget: Budget) -> Iterator[bytes]:
    """LZW as PDF writes it: codes of 9 to 12 bits, 256 clears the table, 257 ends, the width grows one code early."""
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    width, previous, buffer, bits, out = 9, b"", 0, 0, bytearray()
    for piece in pieces:
        for byte in bytes(piece):
            buffer, bits = ((buffer << 8) | byte) & 0xFFFFFF, bits + 8
            while bits >= width:
                bits -= width
                code = (buffer >> bits) & ((1 << width) - 1)
                if code == 256:
                    del table[258:]
                    width, previous = 9, b""
                    continue
                if code == 257 or code > len(table) or (code == len(table) and not previous):
                    yield bytes(out)
                    return
                entry = table[code] if code < len(table) else previous + previous[:1]
                if previous and len(table) < 4096:
                    table.append(previous + entry[:1])
                previous = entry
                out += entry
                if len(table) + 1 >= 1 << width and width < 12:
                    width += 1
                if len(out) >= PIECE:
                    yield bytes(out)
                    out.clear()
    yield bytes(out)


def _run_length(pieces: Iterator[memoryview], budget: Budget) -> Iterator[bytes]:
    """Runs: a length byte under 128 copies that many bytes plus one, above 128 repeats the next byte 257 minus it
    times, 128 ends."""
    out, pending = bytearray(), b""
    for piece in pieces:
        data, i = pending + bytes(piece), 0
        while i < len(data):
            length = data[i]
            if length == 128:
                yield bytes(out)
                return
            need = length + 2 if length < 128 else 2
            if i + need > len(data):
                break
            out += data[i + 1:i + need] if length < 128 else data[i + 1:i + 2] * (257 - length)
            i += need
            if len(out) >= PIECE:
                yield bytes(out)
                out.clear()
        pending = data[i:]
    yield bytes(out)


def _text_filter(decode: Callable[[bytes], bytes], end: bytes) -> Decoder:
    """A text filter (hex or base-85): its data up to its end marker, each byte scanned counted, decoded whole
    (it shrinks the data)."""

    def decoder(pieces: Iterator[memoryview], budget: Budget) -> Iterator[bytes]:
        text = bytearray()
        for piece in pieces:
            budget.count(len(piece))
            text += piece
            stop = text.find(end, max(0, len(text) - len(piece) - len(end)))
            if stop >= 0:
                del text[stop:]
                break
        try:
            yield decode(bytes(text))
        except ValueError:
            return

    return decoder


def _hex(text: bytes) -> bytes:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", text)
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())


def _base85(text: bytes) -> bytes:
    return base64.a85decode(re.sub(rb"\s", b"", text).removeprefix(b"<~"), adobe=False)


_DECODERS: dict[bytes, Decoder] = {b"FlateDecode": _flate, b"LZWDecode": _lzw, b"RunLengthDecode": _run_length,
                                   b"ASCIIHexDecode": _text_filter(_hex, b">"), b"ASCII85Decode": _text_filter(_base85, b"~>")}
