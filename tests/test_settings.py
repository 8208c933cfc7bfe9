"""Settings come from PARAGRAF_* variables over the defaults of the module that uses them."""

import pytest

from assistant.settings import Settings
from index.errors import BadInput
from index.read.limits import MAX_PDF_PAGES, MAX_TEXT_CHARS, ReadLimits


def test_read_limits_default_to_the_readers_own(monkeypatch):
    monkeypatch.delenv("PARAGRAF_MAX_TEXT_CHARS", raising=False)
    monkeypatch.delenv("PARAGRAF_MAX_PDF_PAGES", raising=False)
    assert Settings.load().read_limits == ReadLimits(MAX_TEXT_CHARS, MAX_PDF_PAGES)


def test_read_limits_follow_the_environment(monkeypatch):
    monkeypatch.setenv("PARAGRAF_MAX_TEXT_CHARS", "5000")
    monkeypatch.setenv("PARAGRAF_MAX_PDF_PAGES", "12")
    assert Settings.load().read_limits == ReadLimits(max_text_chars=5000, max_pdf_pages=12)


def test_indexing_yields_to_questions_at_a_nice_level_from_0_to_19(monkeypatch):
    assert Settings.load().index_nice == 19
    monkeypatch.setenv("PARAGRAF_INDEX_NICE", "20")
    with pytest.raises(BadInput, match="PARAGRAF_INDEX_NICE must be 0 to 19"):
        Settings.load()
