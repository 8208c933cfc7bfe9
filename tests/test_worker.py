"""Reading one file never takes the indexer down: whatever a reader raises is that file's reason, a
file read for longer than the limit is refused, and so is one that kills its reading process; the next
file is read as usual."""

import os
import time
from pathlib import Path

import pytest

import index.read.document
import index.worker
from index.parse.protocol import content_hash
from index.worker import Reader, parse_source

PROTOCOL = ("PROTOKOLL\n\nSamordningsförbundet Provlän, styrelsen\n\nDatum: 2026-02-03\n\n"
            "§ 1 Mötets öppnande\n\nOrdföranden öppnade mötet.\n\n§ 2 Cykelpool\n\nBeslut: Styrelsen beslutar att starta en cykelpool.\n")


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    good, bad = tmp_path / "bra.txt", tmp_path / "fientlig.txt"
    good.write_text(PROTOCOL, encoding="utf-8")
    bad.write_text(PROTOCOL.replace("Cykelpool", "Båtpool"), encoding="utf-8")
    return good, bad


def hostile(behaviour):
    """Reading that misbehaves on fientlig.txt only, beyond what the readers themselves catch (a bug, a hang,
    a crash of the process)."""
    real = index.read.document.read_document

    def reader(path, limits):
        if path.name == "fientlig.txt":
            behaviour()
        return real(path, limits)

    return reader


def parse_both(reader: Reader, files):
    return [reader.parse(path, content_hash(path.read_bytes())) for path in (files[1], files[0])]


def test_an_unexpected_exception_is_the_reason_and_the_next_file_is_read(files, monkeypatch):
    def explode():
        raise RuntimeError("stream decompressed beyond the limit")

    monkeypatch.setattr(index.worker, "read_document", hostile(explode))
    with Reader(seconds=30) as reader:
        bad, good = parse_both(reader, files)
    assert bad.meeting is None and bad.reason == "could not be read (RuntimeError: stream decompressed beyond the limit)"
    assert [p.number for p in good.meeting.paragraphs] == [1, 2] and len(good.extracts) == 2


def test_a_file_read_for_longer_than_the_limit_is_refused(files, monkeypatch):
    monkeypatch.setattr(index.worker, "read_document", hostile(lambda: time.sleep(60)))
    started = time.monotonic()
    with Reader(seconds=1) as reader:
        bad, good = parse_both(reader, files)
    assert bad.meeting is None and bad.reason == "reading took longer than 1 s; refused"
    assert good.meeting is not None and time.monotonic() - started < 30


def test_a_file_that_kills_its_reading_process_is_refused(files, monkeypatch):
    monkeypatch.setattr(index.worker, "read_document", hostile(lambda: os._exit(9)))
    with Reader(seconds=30) as reader:
        bad, good = parse_both(reader, files)
    assert bad.meeting is None and "died" in bad.reason and "9" in bad.reason
    assert good.meeting is not None


def test_without_a_limit_files_are_read_in_this_process(files, monkeypatch):
    monkeypatch.setattr(index.worker, "read_document", hostile(lambda: 1 / 0))
    with Reader(seconds=0) as reader:
        bad, good = parse_both(reader, files)
    assert bad.reason == "could not be read (ZeroDivisionError: division by zero)" and good.meeting is not None
    assert parse_source(files[0], "ab" * 32).meeting.id.endswith("-" + "ab" * 5)  # the source key in the id


@pytest.mark.slow
def test_a_bomb_the_stream_check_cannot_see_is_stopped_by_the_memory_cap(tmp_path):
    """An encrypted PDF (openable without a password) hides its streams from the bomb check; PDFium would inflate its
    360 MB content stream. The reader process may grow by PARAGRAF_READ_MEMORY_MB only, so the file is refused."""
    import zlib

    from pypdf import PdfReader, PdfWriter

    from index.read.limits import ReadLimits
    from test_bounds_read import pdf

    packer = zlib.compressobj(9)
    content = b"".join(packer.compress(b"BT ET " * 174_763) for _ in range(360)) + packer.flush()
    plain = tmp_path / "bomb.pdf"
    plain.write_bytes(pdf([(b"stream\n", b"/FlateDecode", content, "right")], None, 0))
    locked = PdfWriter(clone_from=PdfReader(plain))
    locked.encrypt(user_password="", owner_password="ägare")
    locked.write(tmp_path / "krypterad.pdf")
    with Reader(120, ReadLimits(memory_mb=256)) as reader:
        parsed = reader.parse(tmp_path / "krypterad.pdf", "x")
        assert parsed.meeting is None and "more than 256 MB of memory" in parsed.reason, parsed.reason
        good = tmp_path / "styrelsen.txt"
        good.write_text("Protokoll\n§ 1 Öppnande\nOrdföranden öppnade mötet.\n", encoding="utf-8")
        assert reader.parse(good, "y").meeting is not None  # a fresh reader process for the next file
def test_the_reading_of_a_pdf_is_heard_page_by_page_from_the_reading_process(tmp_path):
    from test_pdf import PAGES, build_paged_pdf

    from index.read.progress import ReadProgress, Stage

    path = tmp_path / "vintersjo.pdf"
    build_paged_pdf(PAGES, path)
    heard = []
    with Reader(seconds=30, on_progress=heard.append) as reader:
        parsed = reader.parse(path, content_hash(path.read_bytes()))
    assert parsed.meeting is not None
    assert heard == [ReadProgress(Stage.PAGES, n, 3) for n in (1, 2, 3)] + [ReadProgress(Stage.PARSING, 0, 0)]


def test_a_cancelled_reading_ends_at_once_and_the_next_file_is_read(files, monkeypatch):
    monkeypatch.setattr(index.worker, "read_document", hostile(lambda: time.sleep(60)))
    cancel = {"now": False}
    started = time.monotonic()
    with Reader(seconds=120, cancelled=lambda: cancel["now"]) as reader:
        path = files[1]
        import threading

        threading.Timer(1.0, lambda: cancel.update(now=True)).start()
        bad = reader.parse(path, content_hash(path.read_bytes()))
        cancel["now"] = False
        good = reader.parse(files[0], content_hash(files[0].read_bytes()))
    assert bad.meeting is None and bad.reason == index.worker.CANCELLED and time.monotonic() - started < 30
    assert good.meeting is not None
