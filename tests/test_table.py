"""The § table: filters as masks over columns, decided once per distinct organisation or organ."""

from index.store.catalog import StoredParagraph
from index.store.table import ParagraphTable


def paragraph(pid: str, org: str, body: str, date: str) -> StoredParagraph:
    return StoredParagraph(pid, org, body, date, 1, "Titel", "Text.", "f.txt", [], {}, pid, 0)


TABLE = ParagraphTable.of([
    paragraph("a", "Samordningsförbundet i Kalmar län", "styrelsen", "2023-10-27"),
    paragraph("b", "Samordningsförbundet i Kalmar län", "arbetsutskottet", "2025-12-05"),
    paragraph("c", "Samordningsförbundet i Blekinge", "styrelsen", "2025-09-29"),
    paragraph("d", "Samordningsförbundet i Blekinge", "styrelsen", ""),
])


def ids(mask) -> list[str]:
    return [p.id for p in TABLE.select(mask)]


def test_no_filter_keeps_every_paragraph():
    assert ids(TABLE.rows()) == ["a", "b", "c", "d"]


def test_organisation_and_organ_are_tested_once_per_distinct_value():
    tested = []

    def kalmar(org: str) -> bool:
        tested.append(org)
        return "Kalmar" in org

    assert ids(TABLE.rows(organisation=kalmar, body=lambda b: b == "styrelsen")) == ["a"]
    assert sorted(tested) == ["Samordningsförbundet i Blekinge", "Samordningsförbundet i Kalmar län"]


def test_dates_are_inclusive_and_an_unknown_date_is_in_no_range():
    assert ids(TABLE.rows(date_from="2025-09-29", date_to="2025-12-05")) == ["b", "c"]
    assert "d" not in ids(TABLE.rows(date_to="2030-01-01"))


def test_lookup_by_id_and_an_empty_table():
    assert TABLE.paragraphs[TABLE.row["c"]].organisation == "Samordningsförbundet i Blekinge"
    empty = ParagraphTable.of([])
    assert empty.select(empty.rows(organisation=lambda o: True, date_from="2020-01-01")) == []
