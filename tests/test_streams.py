"""Specification of the PDF bomb check (index/read/streams.py): every stream PDFium would decode is measured, after
every keyword it accepts and through every filter chain, in bounded time; a real scan's stream is measured at once.
The PDFs are made at test time."""

from __future__ import annotations

import base64
import zlib

import pytest

from conftest import Raised, bounded
from index.errors import UnreadableFile
from index.read.limits import MB
from index.read.streams import MAX_IMAGE_PIXELS, check_streams
from test_bounds_read import FILTERS, KEYWORDS, inflated, pdf

TEXT = b"BT /F1 18 Tf 72 720 Td (Styrelsen beslutar.) Tj ET"


def measured(data: bytes, seconds: float = 20) -> object:
    """check_streams on the bytes in a child process: None when they pass, Raised when refused."""
    result, took, _ = bounded(check_streams, "prov.pdf", data, seconds=seconds, memory_mb=256)
    return result


def test_a_scanned_page_whose_stream_inflates_past_a_step_from_less_is_measured_at_once():
    """The finding: a 300-dpi grey A4 scan (8.7 MB from 125 KB, data after the stream's end) looped for ever."""
    page = bytes(2480 * 3508)
    data = pdf([(b"stream\n", b"/FlateDecode", zlib.compress(page), "right")], None, 0)
    assert len(data) < MB
    assert measured(data, seconds=10) is None


@pytest.mark.parametrize("keyword", KEYWORDS)
def test_a_bomb_after_any_keyword_pdfium_accepts_is_refused(keyword):
    """The finding: 'stream\\r' and 'stream \\n' were not read, and a 3.1 MB file took 4.5 GB."""
    data = pdf([(keyword, b"/FlateDecode", inflated(300), "right")], None, 0)
    assert measured(data) == Raised("UnreadableFile", "prov.pdf: a PDF stream inflates beyond 100 MB (a decompression bomb?)")


@pytest.mark.parametrize("kind", sorted(kind for kind, (_, _, bomb) in FILTERS.items() if bomb))
def test_a_bomb_through_any_filter_chain_pdfium_decodes_is_refused(kind):
    """The finding: '[/ASCIIHexDecode /FlateDecode]' was not decoded, so its bomb was not seen."""
    filter_value, _, bomb = FILTERS[kind]
    data = pdf([(b"stream\r\n", filter_value, bomb(), "right")], None, 0)
    assert measured(data) == Raised("UnreadableFile", "prov.pdf: a PDF stream inflates beyond 100 MB (a decompression bomb?)")


def test_an_image_declaring_more_pixels_than_a_page_can_hold_is_refused():
    data = pdf([(b"stream\n", b"/FlateDecode", zlib.compress(TEXT), "right")], (100_000, 100_000), 0)
    assert measured(data) == Raised("UnreadableFile", f"prov.pdf: a PDF image of 100,000 x 100,000 pixels, more than "
                                                      f"{MAX_IMAGE_PIXELS:,} (a decompression bomb?)")


def test_text_streams_of_every_filter_pass(tmp_path):
    for kind, (filter_value, encode, _) in FILTERS.items():
        if encode is not None:
            check_streams("prov.pdf", pdf([(b"stream\n", filter_value, encode(TEXT), "right")], None, 0))


def test_many_tiny_streams_cost_little():
    """A stream keyword every few bytes: each is read from a small first piece, not a megabyte."""
    data = b"%PDF-1.7\n" + b"1 0 obj << /Filter /FlateDecode >> stream\nx\nendstream endobj\n" * 100_000
    result, took, grown = bounded(check_streams, "prov.pdf", data, seconds=60, memory_mb=256)
    assert result is None and took < 30 and grown < 100


def test_text_filters_scanning_past_their_end_count_against_the_limit(monkeypatch):
    """Hex data without its end marker, many times over: the bytes scanned are counted, so the work stays bounded."""
    monkeypatch.setattr("index.read.limits.MAX_INFLATED_MB", 5)
    hex_stream = b"<< /Filter /ASCIIHexDecode >> stream\n" + b"00" * 50_000 + b"\n"
    with pytest.raises(UnreadableFile, match="streams inflate beyond 5 MB"):
        check_streams("prov.pdf", b"%PDF-1.7\n" + hex_stream * 2000)


def test_base85_and_hex_decode_what_pdfium_would():
    data = base64.a85encode(zlib.compress(b"x" * (120 * MB))) + b"~>"
    with pytest.raises(UnreadableFile, match="inflates beyond 100 MB"):
        check_streams("prov.pdf", b"1 0 obj << /Filter [/A85 /Fl] >> stream\r" + data + b"\nendstream")
