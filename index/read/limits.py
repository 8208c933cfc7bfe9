"""How much text one file may expand to once read. Checked by every reader before the text costs
memory, so a decompression bomb is refused with a reason instead of holding the batch; the
defaults are overridden by PARAGRAF_* variables through assistant/settings.py."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024
# About 700 dense pages: above a council protocol with its attachments, far below the 43 MB a
# 256 KB DOCX can hold. Text beyond it is refused, not truncated (nothing indexed half).
MAX_TEXT_CHARS = 2_000_000
MAX_PDF_PAGES = 1000
# One PDF stream decompressed: a page's drawing instructions take kilobytes, a 300 dpi A4 scan
# image 9-26 MB; a stream beyond this is a decompression bomb.
MAX_STREAM_MB = 100
# All streams of a PDF together: a 10 MB scan with Flate-compressed images inflates to a few hundred MB.
MAX_INFLATED_MB = 1000
# All members of a DOCX together, uncompressed, as the zip directory declares them.
MAX_DOCX_UNZIPPED_MB = 200
# XML tags of a DOCX's header and body parts together. A Word document writes one tag for every few characters of
# text (a 50-page protocol: tens of thousands); a part made of millions of empty elements is a bomb that would
# keep the parser busy for minutes while the text stays empty. Counted as the parts unpack, before parsing.
MAX_DOCX_TAGS = 2_000_000
# Less than this is no text (a scanned page, an empty file).
MIN_TEXT_CHARS = 20
# A page whose text layer is poor (index/read/quality.py) is read again by OCR within this many seconds, or keeps its
# layer: a clean page takes 4-8 s at 200 dpi on 2 idle cores, 10-18 s at a load of 15 (README, "Reading PDFs").
REREAD_SECONDS = 30.0
# At most this many of a file's poor pages are read again, the poorest first: a 100-page export with a broken font
# map would otherwise take many minutes of OCR.
MAX_REREAD_PAGES = 12


# Memory one file's reading may add to the process reading it (index/worker.py caps its child process there):
# a 300 dpi page being rendered for OCR takes 9 MB, a 10 MB scan's images some hundred; PDFium decoding a bomb the
# stream check cannot see (an encrypted one) is stopped by the cap, and the file refused.
READ_MEMORY_MB = 2048


@dataclass(frozen=True)
class ReadLimits:
    max_text_chars: int = MAX_TEXT_CHARS
    max_pdf_pages: int = MAX_PDF_PAGES
    memory_mb: int = READ_MEMORY_MB  # in the reader's child process only (0: no cap)
    reread_seconds: float = REREAD_SECONDS
    max_reread_pages: int = MAX_REREAD_PAGES

    def too_much_text(self) -> str:
        """The refusal reason for text beyond the limit."""
        return f"more than {self.max_text_chars:,} characters of text (limit PARAGRAF_MAX_TEXT_CHARS; a compressed bomb or not a protocol?)"
