"""The readings of a question, and what each retrieves.

A question is not given one meaning before the archive is searched. Its dates are read two ways: as the dates of
the meeting asked about ('the board meeting in March 2025') and as what a § talks about ('medelstilldelningen för
2026', decided in 2025). A short follow-up is read on its own and as a continuation of the previous turn. Each
reading retrieves its own candidates; the § ranker and the answer model (assistant/answer/learned.py) then judge
all of them together, so the reading the archive supports wins, with no rule choosing it beforehand.

An organ named in the question is not a filter either: its § are searched with the others, and whether a
candidate is of the named organ is one of its features.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.answer.plan import Plan
from assistant.answer.retrieve import search
from assistant.models import Hit
from index.store.archive import Snapshot

CANDIDATES = 12  # § a reading hands the ranker (the hybrid search's best)


@dataclass(frozen=True)
class Reading:
    """One way of reading the question: the plan searched, and what it says about the question's dates."""

    plan: Plan
    meeting_date: bool = False  # the question's dates are the meeting's (a filter)
    subject_date: bool = False  # the question's dates are what a § talks about
    standalone: bool = False  # a short follow-up read on its own
    follow_up: bool = False  # read as continuing the previous turn
    asked_from: str | None = None  # the dates the question names, whatever the reading
    asked_to: str | None = None
    forms: tuple[str, ...] = ()  # how a § would write those dates


def readings(plan: Plan) -> list[Reading]:
    """Every reading `ask` tries: the question (continuing the previous turn when it is a follow-up) with its
    dates as the meeting's and as the subject, and, for a short follow-up, the question alone, read both ways."""
    out: list[Reading] = []
    for base, alone in ((plan.standalone, True), (plan, False)):
        if base is None:
            continue
        common = dict(standalone=alone, follow_up=base.follow_up and not alone)
        if base.filters.date_from:
            asked = dict(asked_from=base.filters.date_from, asked_to=base.filters.date_to,
                         forms=base.undated.mentions if base.undated else ())
            out.append(Reading(base, meeting_date=True, **common, **asked))
            if base.undated is not None:
                out.append(Reading(base.undated, subject_date=True, **common, **asked))
        else:  # no dates, or none of the archive's meetings in them: only what a § talks about
            out.append(Reading(base, subject_date=bool(base.mentions), forms=base.mentions, **common))
    return out


def retrieve(view: Snapshot, reading: Reading, k: int = CANDIDATES) -> list[Hit]:
    """The reading's candidates: the hybrid search within its organisation and dates (every organ), or, for a
    question comparing organisations, the best of each."""
    plan = reading.plan
    filters = replace(plan.filters, body=None)
    if not plan.compared:
        return search(view, plan.query, k, filters)
    per_org = [search(view, plan.query, k, replace(filters, organisation=org)) for org in plan.compared]
    return sorted((h for hits in per_org for h in hits), key=lambda h: -h.score)
