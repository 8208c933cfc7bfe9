"""The code's layout is the pipeline: each stage imports only the stages below it, and no module imports
itself back through others (every import counted, also those inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("index", "assistant", "evals", "benchmarks")

# Each room and the rooms it may import (its own room always). A room is the longest prefix listed here.
ALLOWED: dict[str, set[str]] = {
    "index.errors": set(),
    "index.models": {"index.lang"},
    "index.lang": set(),
    "index.read": {"index.lang", "index.models", "index.errors"},
    "index.parse": {"index.read", "index.lang", "index.models", "index.errors"},
    "index.store": {"index.parse", "index.read", "index.lang", "index.models", "index.errors"},
    "index.worker": {"index.parse", "index.read", "index.lang", "index.models", "index.errors"},
    "index.pipeline": {"index.worker", "index.store", "index.parse", "index.read", "index.lang", "index.models",
                       "index.errors"},
    "index.nodes": {"index.parse", "index.read", "index.lang", "index.models", "index.errors"},
    "assistant.settings": {"index"},
    "assistant.models": {"index"},
    "assistant.engine": {"assistant.settings", "assistant.models", "assistant.answer.llm", "index"},
    "assistant.answer": {"assistant.settings", "assistant.models", "index"},
    "assistant.prepare": {"assistant.answer", "assistant.settings", "assistant.models", "index"},
    "assistant.ask": {"assistant.answer", "assistant.prepare", "assistant.engine", "assistant.settings",
                      "assistant.models", "index"},
    "assistant.ui": {"assistant.ask", "assistant.answer", "assistant.prepare", "assistant.engine", "assistant.settings",
                     "assistant.models", "index"},
    "assistant.cli": {"assistant", "index"},
    "evals": {"assistant", "index"},
    "benchmarks": {"assistant", "index", "evals"},
}


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """Every module of ours that `name` imports, at the top or inside a function."""
    out = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names}  # `from index.read import pdf` imports a module
    known = modules()
    return {m for m in out if m in known and m != name}


def room(name: str) -> str:
    return max((r for r in ALLOWED if name == r or name.startswith(r + ".")), key=len, default=name)


def within(target: str, rooms: set[str]) -> bool:
    return any(target == r or target.startswith(r + ".") for r in rooms)


def test_every_module_of_ours_belongs_to_a_room():
    assert [m for m in modules() if room(m) == m and m not in ALLOWED and m not in PACKAGES] == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_a_module_imports_only_the_stages_below_its_own(name):
    path = modules()[name]
    own = room(name)
    wrong = sorted(t for t in imports(name, path)
                   if not within(t, ALLOWED.get(own, set()) | {own}) and t not in PACKAGES)
    assert wrong == [], f"{name} ({own}) imports {wrong}: a stage may import only {sorted(ALLOWED.get(own, set()))}"


def test_no_module_imports_itself_back_through_others():
    known = modules()
    graph = {name: imports(name, path) for name, path in known.items()}
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []
