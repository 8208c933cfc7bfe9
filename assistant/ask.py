"""The one answer path: the command line, the UI, the answering workers and the eval harness all call `ask`.

It reads one generation of the store, turns the question into a plan (assistant/answer/plan.py), answers it
extractively (assistant/answer/compose.py; a topic over time by assistant/prepare/timeline.py) and, with a
language model configured, lets the model write the answer from the chosen § and checks it
(assistant/answer/generate.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from assistant.answer.compose import Special, extractive
from assistant.answer.generate import condense_question, stream_answer
from assistant.answer.plan import understand, with_filters
from assistant.engine import open_llm
from assistant.models import Answer, Filters
from assistant.prepare.timeline import timeline_answer
from assistant.settings import QuestionLimits, Settings
from index.store.archive import Snapshot, Store

SPECIAL: dict[str, Special] = {"timeline": timeline_answer}
"""Intents answered outside compose.py (it answers plain questions, digests and assignments)."""


def ask(store: Store | Snapshot, question: str, history: list[dict] | None = None, filters: Filters = Filters(),
        settings: Settings | None = None) -> Answer:
    """Answer a question from the archive, citing every § used, or say that the archive has no answer."""
    answer = None
    for item in ask_stream(store, question, history, filters, settings):
        answer = item
    assert isinstance(answer, Answer)
    return answer


def ask_stream(store: Store | Snapshot, question: str, history: list[dict] | None = None, filters: Filters = Filters(),
               settings: Settings | None = None) -> Iterator[str | Answer]:
    """Without a language model it yields one extractive Answer; with one (settings.llm) it yields the model's
    unchecked text as str chunks, then the checked Answer. A question or history beyond the limits of `settings`
    (assistant/settings.py QuestionLimits) is refused with BadInput before any work."""
    (settings.question_limits if settings else QuestionLimits()).check(question, history)
    llm = open_llm(settings) if settings else None
    view = store.snapshot()  # the whole answer reads one generation, whatever is indexed meanwhile
    meetings = view.meetings
    plan = understand(question, history, meetings)
    if llm is not None and history:
        # The model's rewrite is one more reading, tried first and used only when a § backs it:
        # a small model's rewrite can be its own instructions echoed, or a different question.
        standalone = condense_question(history, question, llm)
        if standalone != question:
            rewritten = replace(understand(standalone, None, meetings), question=question, context=plan.context)
            plan = replace(plan, standalone=rewritten)
    plan = with_filters(plan, filters)
    answer, chosen = extractive(view, plan, meetings, SPECIAL)
    if llm is None or not chosen:
        yield answer
        return
    yield from stream_answer(plan.question, plan.language, chosen, llm, answer)
