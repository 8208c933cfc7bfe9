"""Specification of the words that label a protocol's parts (index/lang/labels.py)."""

from __future__ import annotations

import pytest

from index.lang.labels import is_label


@pytest.mark.parametrize("line", ["Närvarande", "Dagordning:", "Beslut", "Förslag till beslut", "Datum: 2024-10-02",
                                  "Sekreterare: Maja Ek", "Ungdomsfullmäktiges beslut:", "Ordförande Anna Holms förslag"])
def test_cover_fields_parts_of_a_paragraph_and_field_lines_are_labels(line: str) -> None:
    assert is_label(line)


@pytest.mark.parametrize("line", ["Övriga frågor", "Fågelholkar i parken", "Ekonomi", "Val av justerare", "Beslut om budget",
                                  "§4 Ekonomiskt beslut", "§ 12 Styrelsens beslut", "7. Föreningsstämmans beslut"])
def test_matters_are_no_labels(line: str) -> None:
    assert not is_label(line)
