"""The one answer path: the command line, the UI, the answering workers and the eval harness all call `ask`.

It reads one generation of the store, turns the question into a plan (assistant/answer/plan.py), answers it
extractively (assistant/answer/compose.py; a topic over time by assistant/prepare/timeline.py) and, with a
language model configured, lets the model write the answer from the chosen § and checks it
(assistant/answer/generate.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from assistant.answer.compose import Special, extractive_steps
from assistant.answer.generate import condense_question, stream_answer
from assistant.answer.plan import understand, with_filters
from assistant.answer.scope import scope_of, without
from assistant.engine import open_llm
from assistant.models import Answer, Draft, Filters, Hit, LimitField
from assistant.prepare.timeline import timeline_answer
from assistant.settings import QuestionLimits, Settings
from index.lang.questions import Intent
from index.store.archive import Store
from index.store.generations import Snapshot

SPECIAL: dict[Intent, Special] = {Intent.TIMELINE: timeline_answer}
"""Intents answered outside compose.py (it answers plain questions, digests and assignments)."""


def ask(store: Store | Snapshot, question: str, history: list[dict] | None = None, filters: Filters = Filters(),
        settings: Settings | None = None, removed: frozenset[LimitField] = frozenset()) -> Answer:
    """Answer a question from the archive, citing every § used, or say that the archive has no answer."""
    answer = None
    for item in ask_stream(store, question, history, filters, settings, removed):
        answer = item
    assert isinstance(answer, Answer)
    return answer


def ask_stream(store: Store | Snapshot, question: str, history: list[dict] | None = None, filters: Filters = Filters(),
               settings: Settings | None = None, removed: frozenset[LimitField] = frozenset()) -> Iterator[Draft | Answer]:
    """The answer as it is made: Drafts of the text so far (without a language model after each cited § is
    composed; with one as the model's tokens arrive, unchecked), then the final Answer, its citations checked. The Answer's `scope`
    says what it was limited to and where each limit came from; `removed` are limits the user took away. A question
    or history beyond the limits of `settings` (assistant/settings.py QuestionLimits) is refused with BadInput before
    any work."""
    (settings.question_limits if settings else QuestionLimits()).check(question, history)
    llm = open_llm(settings) if settings else None
    view = store.snapshot()  # the whole answer reads one generation, whatever is indexed meanwhile
    meetings = view.meetings
    plan = understand(question, history, meetings)
    if plan.standalone is not None and plan.standalone.intent != "answer":
        # A question with an intent of its own ('Vilka uppdrag har förbundschefen fått?') that does not point back
        # is a new question: it starts clean rather than inside the previous turn's limits.
        plan = plan.standalone
    if llm is not None and history:
        # The model's rewrite is one more reading, tried first and used only when a § backs it:
        # a small model's rewrite can be its own instructions echoed, or a different question.
        standalone = condense_question(history, question, llm)
        if standalone != question:
            rewritten = replace(understand(standalone, None, meetings), question=question, context=plan.context)
            plan = replace(plan, standalone=rewritten)
    plan = without(with_filters(plan, filters), removed)
    asked = understand(question, None, meetings).filters  # what the question limits on its own
    answer: Answer | None = None
    chosen: list[Hit] = []
    for step in extractive_steps(view, plan, meetings, SPECIAL):
        if isinstance(step, str):
            if llm is None:
                yield Draft(step, checked=True)
            continue
        answer, chosen = step
    assert answer is not None  # the steps always end with the answer
    if llm is not None and chosen:
        written = ""
        for piece in stream_answer(plan.question, plan.language, chosen, llm, answer):
            if isinstance(piece, str):
                written += piece
                yield Draft(written, checked=False)
            else:
                answer = piece
    yield _scoped(answer, asked, filters)


def _scoped(answer: Answer, asked: Filters, chosen: Filters) -> Answer:
    return replace(answer, scope=scope_of(answer.filters, asked, chosen))
