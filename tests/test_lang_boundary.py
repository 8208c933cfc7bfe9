"""The grammar of Swedish minutes stays in index/lang: no module outside it compiles a regular expression over
Swedish words or lists them (scripts/count_rules.py finds them), but for the short allow-list below."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("count_rules", ROOT / "scripts" / "count_rules.py")
assert _spec and _spec.loader
count_rules = sys.modules.setdefault("count_rules", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(count_rules)

ALLOWED = {
    "assistant/ui/texts.py": "the page's own words in Swedish and English (a translation table, not a rule)",
    "index/parse/clean.py": "page furniture and e-signature phrases (clean.py's patterns are another issue's bounded work)",
}


def test_no_pattern_or_word_list_over_swedish_words_outside_index_lang():
    found = [f"{r.path}:{r.line} {r.kind}: {' '.join(r.words[:6])}" for r in count_rules.swedish_rules()
             if r.path not in ALLOWED]
    assert found == [], "move these rules into index/lang (a named pattern or a data file) or justify them in ALLOWED"


def test_the_allow_list_holds_only_modules_that_still_need_it():
    assert {r.path for r in count_rules.swedish_rules()} >= set(ALLOWED)


def test_the_check_finds_a_pattern_and_a_list_of_swedish_words(tmp_path: Path):
    (tmp_path / "index" / "lang" / "data").mkdir(parents=True)
    (tmp_path / "index" / "lang" / "data" / "organs.txt").write_text("# organs\nnämnden\nstyrelsen\n", encoding="utf-8")
    (tmp_path / "assistant").mkdir()
    (tmp_path / "evals").mkdir()
    (tmp_path / "assistant" / "rules.py").write_text(
        'import re\nDECIDES = re.compile(r"\\b(beslutar|föreslår)\\b")\nORGANS = {"styrelsen", "nämnden", "förbundet"}\n'
        'KEYS = ("id", "title", "date")\n', encoding="utf-8")
    found = {(r.line, r.kind) for r in count_rules.swedish_rules(tmp_path)}
    assert found == {(2, "pattern"), (3, "list")}
