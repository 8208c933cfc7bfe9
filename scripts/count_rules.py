"""Where the rules of Swedish minutes live: the counts of issue 24's 'Done when', read from the code.

    python scripts/count_rules.py [--list]

Counted over index/, assistant/ and evals/ (tests, scripts and benchmarks are not the product):
- regular-expression calls (`re.compile`, `re.search`, ...) outside index/lang, and how many of them hold words
  of a language (a run of three letters or more once the pattern's syntax is taken out);
- word-list words outside index/lang: string constants in a collection of at least three word-like strings
  (a set, list, tuple or dict keys), words of a string that is split or tokenised into a list, and the words
  inside regular expressions;
- date parsers (modules holding a pattern or table that reads dates: month names, 'YYYY-MM-DD', '251205'),
  ISO checks (`date.fromisoformat` on input), sentence splitters (patterns that cut at '.!?'), number
  normalisers (thousands separators taken out of a number), files over 400 lines.

`tests/test_lang_boundary.py` holds the code outside index/lang to `swedish_rules` below: no pattern over
Swedish words, no list of them, but those on its short allow-list.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("index", "assistant", "evals")
LANG = "index/lang"
RE_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}
# Regex syntax taken out before words are counted: escapes (\b, \d, \u00a0), classes, group heads, counts.
_SYNTAX = re.compile(r"\\[a-zA-Z](?:\{[^}]*\}|[0-9a-fA-F]{4})?|\\.|\[(?:\\.|[^\]])*\]|\(\?(?:P<\w+>|P=\w+\)|[:=!#]|<[=!]|[aiLmsux-]+[:)])|\{\d*,?\d*\}")
_WORD = re.compile(r"[^\W\d_]{3,}")
_SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
DATE_SHAPES = re.compile(r"januari|february|oktober|\\d\{4\}|\(\?:19\|20\)|20\\d\{2\}|\\d\{1,2\}\)?\\\.\(?\\d\{1,2\}|\(\\d\{2\}\)\(\\d\{2\}\)")
SPLIT_SHAPES = re.compile(r"\[\.!\?\]|\[\.\?!\]|\[!\.\?\]")
THOUSANDS = re.compile(r"\\u00a0|\[ \.\]|\[ \\u00a0\.\]")


@dataclass(frozen=True)
class Rule:
    """One place a rule of the language is written: a pattern or a word list, with its words."""

    path: str
    line: int
    kind: str  # 'pattern' or 'list'
    words: tuple[str, ...]
    text: str = ""  # a pattern's own text


def product_files(root: Path = ROOT) -> list[Path]:
    return sorted(p for package in PRODUCT for p in (root / package).rglob("*.py"))


def relative(path: Path, root: Path = ROOT) -> str:
    return path.relative_to(root).as_posix()


def pattern_words(pattern: str) -> tuple[str, ...]:
    """The words of a regular expression: its letters once escapes, classes and group syntax are out."""
    return tuple(_WORD.findall(_SYNTAX.sub(" ", pattern)))


def _strings(node: ast.AST) -> Iterator[str]:
    """The string constants of an expression, f-strings' literal parts included."""
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            yield child.value


def _is_re_call(node: ast.Call) -> bool:
    func = node.func
    return isinstance(func, ast.Attribute) and func.attr in RE_CALLS and isinstance(func.value, ast.Name) and func.value.id == "re"


def _word_like(value: str) -> bool:
    """A word or a short phrase ('läggs till handlingarna'), not a sentence, key path or format string."""
    parts = value.split()
    return 1 <= len(parts) <= 3 and all(re.fullmatch(r"[^\W\d_][\w'’-]*", p) for p in parts)


def _collection(node: ast.AST) -> list[str] | None:
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        items = node.elts
    elif isinstance(node, ast.Dict):
        items = [k for k in node.keys if k is not None]
    else:
        return None
    values = [e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return values if len(values) >= 3 and len(values) == len(items) else None


def rules(path: Path, root: Path = ROOT) -> list[Rule]:
    """Every pattern (with its words) and every word list of one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[Rule] = []
    name = relative(path, root)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_re_call(node) and node.args:
            text = "".join(_strings(node.args[0]))
            found.append(Rule(name, node.lineno, "pattern", pattern_words(text), text))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split" \
                and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str) and not node.args:
            words = tuple(node.func.value.value.split())
            if len(words) >= 3:
                found.append(Rule(name, node.lineno, "list", words))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tokenize" \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            words = tuple(node.args[0].value.split())
            if len(words) >= 3:
                found.append(Rule(name, node.lineno, "list", words))
        else:
            values = _collection(node)
            if values and sum(_word_like(v) for v in values) >= 3:
                found.append(Rule(name, node.lineno, "list", tuple(v for v in values if _word_like(v))))
    return found


def swedish(words: tuple[str, ...], vocabulary: frozenset[str]) -> list[str]:
    """The words of a language: written with å, ä or ö, or known to index/lang's word lists (or bm25s's stop words)."""
    return [w for w in words if _SWEDISH_LETTERS.search(w) or w.lower() in vocabulary]


def lang_vocabulary(root: Path = ROOT) -> frozenset[str]:
    """Every word of index/lang's data files (the words the grammar of minutes knows) and the Swedish and
    English stop words of bm25s."""
    from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_SWEDISH

    words: set[str] = set(STOPWORDS_SWEDISH) | set(STOPWORDS_EN)
    for data in (root / LANG).glob("*.t*"):
        if data.suffix not in (".txt", ".tsv"):
            continue
        for line in data.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                words |= {w.lower() for w in _WORD.findall(line)}
    return frozenset(words)


def swedish_rules(root: Path = ROOT, vocabulary_root: Path | None = None) -> list[Rule]:
    """Patterns and lists outside index/lang that hold Swedish words (two or more; one for a pattern)."""
    vocabulary = lang_vocabulary(vocabulary_root or root)
    out = []
    for path in product_files(root):
        if relative(path, root).startswith(LANG):
            continue
        for rule in rules(path, root):
            own = swedish(rule.words, vocabulary)
            if len(own) >= (1 if rule.kind == "pattern" else 2):
                out.append(Rule(rule.path, rule.line, rule.kind, tuple(own)))
    return out


def date_parsers(root: Path = ROOT) -> list[str]:
    """Modules holding a pattern that reads dates or a table of month names."""
    found = []
    for path in product_files(root):
        own = rules(path, root)
        if any(r.kind == "pattern" and DATE_SHAPES.search(r.text) for r in own) \
                or any(r.kind == "list" and {"januari", "oktober"} <= set(r.words) for r in own):
            found.append(relative(path, root))
    return found


def counts(root: Path = ROOT, vocabulary_root: Path | None = None) -> dict[str, int]:
    vocabulary = lang_vocabulary(vocabulary_root or root)
    outside = [r for p in product_files(root) if not relative(p, root).startswith(LANG) for r in rules(p, root)]
    lists = [r for r in outside if r.kind == "list" and len(swedish(r.words, vocabulary)) >= 2]
    patterns = [r for r in outside if r.kind == "pattern"]
    sources = {relative(p, root): p.read_text(encoding="utf-8") for p in product_files(root)}
    every = {k: rules(p, root) for k, p in ((relative(p, root), p) for p in product_files(root))}

    def modules(shape: re.Pattern[str], where: dict[str, list[Rule]]) -> int:
        return len({k for k, found in where.items() for r in found if r.kind == "pattern" and shape.search(r.text)})

    date_modules = {k for k in date_parsers(root) if not k.startswith(LANG)}
    return {
        "regex calls outside index/lang": len(patterns),
        "... of them over words": sum(bool(r.words) for r in patterns),
        "words in regexes outside index/lang": sum(len(r.words) for r in patterns),
        "word-list words outside index/lang": sum(len(r.words) for r in lists),
        "patterns and lists over Swedish words outside index/lang": len(swedish_rules(root, vocabulary_root)),
        "date parsers outside index/lang (modules with a date pattern or a month table)": len(date_modules),
        "date parsers in all (modules with a date pattern or a month table)": len(date_parsers(root)),
        "ISO date checks (date.fromisoformat on input)": sum(v.count("fromisoformat(value)") for v in sources.values()),
        "sentence splitters (modules with a pattern cutting at .!?)": modules(SPLIT_SHAPES, every),
        "number normalisers (modules with a pattern of thousands separators)": modules(THOUSANDS, every),
        "files over 400 lines": sum(v.count("\n") > 400 for v in sources.values()),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="also list every pattern and list over Swedish words outside index/lang")
    parser.add_argument("--root", type=Path, default=ROOT, help="the tree to count (another checkout, e.g. an earlier commit)")
    parser.add_argument("--vocabulary", type=Path, default=None,
                        help="the tree whose index/lang word lists tell Swedish words (default: --root), so two trees are counted alike")
    args = parser.parse_args(argv)
    for name, value in counts(args.root, args.vocabulary).items():
        sys.stdout.write(f"{value:5d}  {name}\n")
    if args.list:
        sys.stdout.write(f"date parsers: {', '.join(date_parsers(args.root))}\n")
        for rule in swedish_rules(args.root, args.vocabulary):
            sys.stdout.write(f"{rule.path}:{rule.line} {rule.kind}: {' '.join(rule.words[:12])}\n")


if __name__ == "__main__":
    main()
