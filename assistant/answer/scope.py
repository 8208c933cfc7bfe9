"""What an answer was limited to, and where each limit came from.

A question's plan (assistant/answer/plan.py) limits the search to an organisation, an organ and dates. A limit
can come from the question's own words, from the previous turn (the plan read the question as its follow-up)
or from the filters chosen beside the chat; the page shows each as a chip the user can remove, and a removed
limit is dropped from the plan before the question is answered again (`without`).
"""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.plan import Plan
from assistant.models import Filters, Limit, LimitField, LimitSource


def scope_of(answered: Filters, asked: Filters, chosen: Filters) -> list[Limit]:
    """The limits of an answer made within `answered`, each with its source: the filters `chosen` beside the chat
    win, then what the question `asked` on its own; a limit neither gave came from the previous turn."""
    limits = []
    for name, field in (("organisation", LimitField.ORGANISATION), ("body", LimitField.BODY)):
        value = getattr(answered, name)
        if value:
            limits.append(Limit(field, value, _source(value, getattr(asked, name), getattr(chosen, name))))
    dates = (answered.date_from, answered.date_to)
    if any(dates):
        source = (LimitSource.FILTERS if chosen.date_from or chosen.date_to
                  else LimitSource.QUESTION if (asked.date_from, asked.date_to) == dates else LimitSource.PREVIOUS_TURN)
        limits.append(Limit(LimitField.DATES, date_span(*dates), source))
    return limits


def _source(value: str, asked: str | None, chosen: str | None) -> LimitSource:
    if chosen and chosen == value:
        return LimitSource.FILTERS
    return LimitSource.QUESTION if asked == value else LimitSource.PREVIOUS_TURN


def date_span(date_from: str | None, date_to: str | None) -> str:
    """'2025-09-29' for one day, '2025-01-01 – 2025-12-31' for a period, an open end left empty."""
    if date_from and date_from == date_to:
        return date_from
    return f"{date_from or ''} – {date_to or ''}".strip()


def without(plan: Plan, removed: frozenset[LimitField]) -> Plan:
    """The plan with the limits the user removed dropped, in each of its readings."""
    if not removed:
        return plan
    filters = plan.filters
    if LimitField.ORGANISATION in removed:
        filters = replace(filters, organisation=None)
    if LimitField.BODY in removed:
        filters = replace(filters, body=None)
    changes: dict = {"filters": filters, "standalone": without(plan.standalone, removed) if plan.standalone else None}
    if LimitField.DATES in removed:
        filters = replace(filters, date_from=None, date_to=None)
        changes |= {"filters": filters, "no_meeting_in_range": False, "undated": None, "mentions": ()}
    else:
        changes["undated"] = without(plan.undated, removed) if plan.undated else None
    return replace(plan, **changes)
