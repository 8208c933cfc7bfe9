"""Specification of index/lang/registry.py and its feed from assistant/settings.py: every rule group and tuning
number by name, validated, switchable by configuration."""

from __future__ import annotations

import pytest

from assistant.answer.plan import understand
from assistant.settings import Settings
from index.errors import BadInput
from index.lang.registry import Rules, changed, entries, on_change, rules, with_changes

MEETINGS = [{"organisation": "Samordningsförbundet Provlän", "body": "styrelsen", "date": "2025-11-07"}]


def test_every_entry_is_named_described_and_defaulted():
    found = entries()
    assert len({e.name for e in found}) == len(found) > 50
    assert all(e.description and "." in e.name for e in found)
    assert {e.stage for e in found} == {"index", "answer"}


def test_an_unknown_rule_names_the_valid_ones_and_a_bad_value_its_bound():
    with pytest.raises(ValueError, match="valid rules: .*question.year_filter"):
        with_changes(Rules(), {"question.yearfilter": False})
    with pytest.raises(ValueError, match="answer.max_sources"):
        with_changes(Rules(), {"answer.max_sources": 0})


def test_a_rule_switched_off_changes_what_the_code_does():
    question = "Vad beslutade styrelsen i 2025 om cykelpoolen?"
    assert understand(question, None, MEETINGS).filters.date_from == "2025-01-01"
    with changed({"question.year_filter": False}):
        assert understand(question, None, MEETINGS).filters.date_from is None
    assert rules() == Rules()


def test_settings_feed_the_rules_from_the_environment(monkeypatch):
    monkeypatch.setenv("PARAGRAF_RULES", '{"answer.max_sources": 5}')
    assert Settings.load().rules.answer.max_sources == 5 and rules().answer.max_sources == 5
    assert Settings.load(rules={"answer.k": 4}).rules.answer.k == 4
    monkeypatch.setenv("PARAGRAF_RULES", '{"answer.nothing": 5}')
    with pytest.raises(BadInput, match="PARAGRAF_RULES"):
        Settings.load()
    monkeypatch.delenv("PARAGRAF_RULES")
    Settings.load()
    assert rules() == Rules()


def test_caches_are_dropped_when_the_rules_change():
    calls = []
    on_change(lambda: calls.append(1))
    with changed({"answer.k": 3}):
        pass
    assert len(calls) == 2
