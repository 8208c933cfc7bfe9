"""Specification of evals/ablation.py: rules are switched off through the configuration, at indexing and at
answering, on a tiny invented archive; nothing is patched and the configuration is restored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.settings import Settings
from evals.ablation import ablate, switchable, table
from index.lang.registry import Rules, rules

PROTOCOL = """Samordningsförbundet Provlän
Protokoll fört vid sammanträde med styrelsen
Sammanträdesdatum 2026-02-03

Närvarande: Karin Lindqvist, ordförande

§ 1 Mötets öppnande
Ordföranden öppnade mötet.

§ 2 Cykelpool
Styrelsen beslutar att köpa in en cykelpool för 45 000 kronor.
Förbundschefen ges i uppdrag att upphandla cyklarna.

§ 3 Lokalhyra
Styrelsen beslutar att säga upp lokalen i Mölnby eftersom hyran höjs.
"""
GOLD = [
    {"id": "t1", "lang": "sv", "question": "Vad kostar cykelpoolen?", "gold": [{"date": "2026-02-03", "paragraph": 2}],
     "must_include": ["45 000"], "kind": "number"},
    {"id": "t2", "lang": "sv", "question": "Varför sades lokalen i Mölnby upp?", "gold": [{"date": "2026-02-03", "paragraph": 3}],
     "must_include": ["hyran"], "kind": "reason"},
    {"id": "t3", "lang": "en", "question": "What did the board decide about the new office in Oslo?", "gold": [],
     "must_include": [], "kind": "unanswerable"},
]


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "provlan-styrelsen-2026-02-03.txt").write_text(PROTOCOL, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD) + "\n", encoding="utf-8")
    return folder, gold


def test_every_switchable_entry_has_an_off_value_and_generation_needs_a_model():
    names = [e.name for e in switchable()]
    assert "question.year_filter" in names and "parse.decision_sentences" in names
    assert not any(n.startswith("generate.") for n in names)
    assert any(e.name.startswith("generate.") for e in switchable(with_llm=True))


def test_an_ablation_switches_index_and_answer_rules_through_the_configuration(archive, tmp_path):
    folder, gold = archive
    settings = Settings.load(store=tmp_path / "store")
    rows = ablate(gold, [folder], settings, only=["parse.decision_sentences", "answer.max_sources", "subject.reason_words"])
    assert [r.name for r in rows] == ["", "parse.decision_sentences", "subject.reason_words", "answer.max_sources"]
    assert all(r.summary.n == len(GOLD) and not r.summary.errors for r in rows)
    assert rows[0].passed >= 1
    assert (tmp_path / "store-eval").exists() or any(p.name.startswith("store-") for p in tmp_path.iterdir())
    assert rules() == Rules()  # the configuration the run started with
    markdown = table(rows)
    assert "**full system**" in markdown and "`subject.reason_words`" in markdown and markdown.count("\n") == len(rows) + 1


def test_an_entry_at_indexing_gets_a_store_indexed_under_it(archive, tmp_path):
    from index.store.archive import Store

    folder, gold = archive
    ablate(gold, [folder], Settings.load(store=tmp_path / "store"), only=["parse.decision_sentences"])
    stores = sorted(p for p in tmp_path.iterdir() if "-eval-" in p.name)
    assert len(stores) == 2  # the full system's, and the one indexed without decision sentences
    decisions = {p.name: sum(len(s.decisions) for s in Store(p).catalog.paragraphs()) for p in stores}
    assert sorted(decisions.values())[0] == 0 < sorted(decisions.values())[1]


class StatingModel:
    """A language model that always claims an amount no source states, citing source 1."""

    def stream_chat(self, messages):
        from types import SimpleNamespace

        yield SimpleNamespace(delta="Beslutet gällde 99 000 kronor [1].")


def test_the_generation_checks_are_switched_with_a_language_model(archive, tmp_path, monkeypatch):
    import assistant.ask

    folder, gold = archive
    monkeypatch.setattr(assistant.ask, "open_llm", lambda settings: StatingModel())
    rows = ablate(gold, [folder], Settings.load(store=tmp_path / "store", llm="llama-cpp"), only=["generate.check_numbers"])
    full, unchecked = rows
    assert unchecked.name == "generate.check_numbers"
    assert unchecked.delta(full) < 0  # without the check the unsupported amount is the answer


def invented_meeting(archive: str, organisation: str, subject: str, amount: str) -> dict:
    """One meeting of an invented archive in the markup evals/render writes protocols from."""
    return {
        "archive": archive, "organisation": organisation, "organisation_kind": "samordningsförbund",
        "organ": "Styrelsen", "meeting_no": "1/2026", "date": "2026-02-03", "time": "09.00–11.00",
        "place": "Kommunhuset", "present": [{"name": "Karin Lindqvist", "role": "ordförande", "for": "Provby kommun"}],
        "others": [], "absent": [], "secretary": "Karin Lindqvist", "adjusters": ["Karin Lindqvist"],
        "signing": {"date": "2026-02-10", "place": "Provby"}, "posted": "2026-02-11",
        "paragraphs": [
            {"label": "1", "title": "Mötets öppnande", "dnr": None,
             "sections": [{"heading": None, "text": "Ordföranden öppnade mötet."}]},
            {"label": "2", "title": subject.capitalize(), "dnr": None,
             "sections": [{"heading": "Beslut", "text": f"Styrelsen beslutar att köpa in en {subject} för {amount} kronor."}]},
        ],
    }


@pytest.fixture
def invented(tmp_path: Path) -> tuple[Path, Path]:
    """Two invented archives in a text layout, and a question over each naming its archive."""
    folder = tmp_path / "invented"
    folder.mkdir()
    for archive, organisation, subject, amount in (("provby-sof", "Samordningsförbundet Provby", "cykelpool", "45 000"),
                                                    ("mossa-sof", "Samordningsförbundet Mossa", "kaffemaskin", "12 000")):
        row = invented_meeting(archive, organisation, subject, amount)
        (folder / f"{archive}.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "archives.json").write_text(json.dumps({"archives": {"provby-sof": {"layout": "text-fields"},
                                                                   "mossa-sof": {"layout": "text-prose"}}}), encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    questions = [("i1", "provby-sof", "Samordningsförbundet Provby", "Vad kostar cykelpoolen?", "45 000"),
                 ("i2", "mossa-sof", "Samordningsförbundet Mossa", "Vad kostar kaffemaskinen?", "12 000")]
    gold.write_text("\n".join(json.dumps({"id": qid, "lang": "sv", "archive": archive, "question": question,
                                          "gold": [{"org": org, "date": "2026-02-03", "paragraph": 2}],
                                          "must_include": [amount], "kind": "number"}, ensure_ascii=False)
                              for qid, archive, org, question, amount in questions) + "\n", encoding="utf-8")
    return folder, gold


def test_over_invented_archives_each_question_is_asked_in_its_archives_store(invented, tmp_path):
    folder, gold = invented
    rows = ablate(gold, [], Settings.load(store=tmp_path / "store"), only=["parse.decision_sentences", "subject.reason_words"],
                  invented=folder)
    assert [r.name for r in rows] == ["", "parse.decision_sentences", "subject.reason_words"]
    assert all(r.summary.n == 2 and not r.summary.errors for r in rows)
    assert rows[0].passed == 2  # each question found its amount in its own archive
    stores = [p for p in tmp_path.iterdir() if "-eval-" in p.name]
    assert len(stores) == 4  # one per archive for the full system and the answer entry, one per archive re-indexed
    assert len(list((tmp_path / "store-render").iterdir())) == 2  # each archive rendered once
