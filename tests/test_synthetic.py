"""The benchmark archive generator: reproducible, and parseable by the real parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.render.synthetic import generate, queries
from index.parse.protocol import parse_file


def contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_same_seed_gives_the_same_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", 300, seed=11)
    generate(tmp_path / "b", 300, seed=11)
    assert contents(tmp_path / "a") == contents(tmp_path / "b")


def test_another_seed_gives_other_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", 300, seed=11)
    generate(tmp_path / "b", 300, seed=12)
    assert contents(tmp_path / "a") != contents(tmp_path / "b")


def test_exactly_the_requested_number_of_paragraphs(tmp_path: Path) -> None:
    meetings = generate(tmp_path, 257, seed=3)
    assert sum(len(m.numbers) for m in meetings) == 257
    assert len(list(tmp_path.iterdir())) == len(meetings)


def test_the_parser_recovers_what_was_generated(tmp_path: Path) -> None:
    meetings = generate(tmp_path, 600, seed=5)
    assert len({m.organisation for m in meetings}) > 10
    assert {m.body for m in meetings} == {"styrelsen", "arbetsutskottet"}
    for meeting in meetings:
        parsed = parse_file(tmp_path / meeting.file)
        assert parsed.organisation == meeting.organisation, meeting.file
        assert parsed.body == meeting.body, meeting.file
        assert parsed.date == meeting.date, meeting.file
        assert [p.number for p in parsed.paragraphs] == meeting.numbers, meeting.file
        assert [p.title for p in parsed.paragraphs] == meeting.titles, meeting.file


def test_furniture_never_reaches_a_paragraph(tmp_path: Path) -> None:
    meetings = generate(tmp_path, 400, seed=9)
    text = "\n".join(p.text for m in meetings for p in parse_file(tmp_path / m.file).paragraphs)
    assert "Justerarens signatur" not in text
    assert "Protokollsutdraget bestyrks" not in text


def test_queries_are_fixed() -> None:
    assert queries(seed=1) == queries(seed=1)
    assert len(queries(n=50)) == 50


def test_refuses_an_empty_archive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        generate(tmp_path, 0)


def test_more_questions_than_the_generator_has_is_an_error_not_an_endless_loop() -> None:
    with pytest.raises(ValueError, match="distinct questions"):
        queries(7, 10_000)
