"""A gold question's earlier turns as the chat hands them to `ask`: each earlier answer with the § it cited as data.

In the chat (assistant/ui/chat.py) an assistant turn carries its Answer, whose citations `ask` reads to know the §
the previous answer rested on (assistant/models.py `conversation`). A gold file writes an earlier answer as text
that names its § in the reference answers' own notation: '(§ 26, 2023-06-09)', '(§11, 2025-12-05)', or for a §
known by its heading '(punkten Stambyte, 2025-04-08)' / '(item Laddstolpar, 2025-10-07)'. Without this the eval
asked every follow-up as no user of the chat ever asks one: with nothing known of the previous answer's §.
"""

from __future__ import annotations

import re

from assistant.answer.retrieve import paragraphs_within
from assistant.models import Filters
from evals.metrics import same_label
from index.store.archive import Snapshot

CITED_RE = re.compile(
    r"\((?:§\s*(?P<label>[^,()]+?)|(?:punkten|item)\s+(?P<title>[^,()]+?)),\s*(?P<date>\d{4}-\d{2}-\d{2})\)")
"""Where a reference answer names a §: '(§ 26, 2023-06-09)', '(punkten Stambyte, 2025-04-08)'."""


def cited_in(text: str) -> list[tuple[str, str]]:
    """The § a reference answer names, as (label or heading, meeting date), in order, each once."""
    found = [((m["label"] or m["title"]).strip(), m["date"]) for m in CITED_RE.finditer(text)]
    return list(dict.fromkeys(found))


def with_citations(view: Snapshot, history: list[dict] | None) -> list[dict] | None:
    """The history with each assistant turn that has no answer data given the § its text names, as the chat's
    turns carry them ({"answer": {"citations": [{"id", "date"}]}}); a § the store does not hold is left out."""
    if not history:
        return history
    turns = []
    for turn in history:
        if turn.get("role") == "assistant" and "answer" not in turn:
            citations = [{"id": p.id, "date": p.date} for label, day in cited_in(str(turn.get("content", "")))
                         for p in paragraphs_within(view, Filters(date_from=day, date_to=day))
                         if same_label(label, p.label or p.title)]
            turn = {**turn, "answer": {"citations": citations}}
        turns.append(turn)
    return turns
