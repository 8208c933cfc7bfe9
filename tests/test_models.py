"""Specification of § labels as printed, their order and their ids (index/models.py)."""

from __future__ import annotations

from index.models import Meeting, Paragraph, label_key, label_slug


def test_labels_sort_as_a_protocol_numbers_them() -> None:
    labels = ["14:2", "4½", "14", "4 b", "5", "4", "14:1", "4 a"]
    assert sorted(labels, key=label_key) == ["4", "4 a", "4 b", "4½", "5", "14", "14:1", "14:2"]


def test_a_paragraph_without_a_label_takes_its_number_and_one_known_by_its_heading_has_neither() -> None:
    assert Paragraph(12, "Budget", "").label == "12"
    assert Paragraph(0, "Ekonomi", "").label == ""


def test_ids_come_from_labels_and_headings_and_stay_apart() -> None:
    meeting = Meeting("f.pdf", "Ekbacken", "styrelsen", "2024-01-08", source_hash="ab" * 32)
    meeting.paragraphs = [Paragraph(3, "A", "", label="3"), Paragraph(3, "B", "", label="3 a"),
                          Paragraph(3, "C", "", label="3"), Paragraph(0, "Ekonomi", ""), Paragraph(4, "D", "", label="4½")]
    meeting.assign_ids()
    assert [p.id.removeprefix(meeting.id + "-") for p in meeting.paragraphs] == ["p3", "p3-a", "p3-2", "h1", "p4half"]
    assert label_slug("14:1") == "14-1"
