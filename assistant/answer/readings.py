"""The readings of a question, and what each retrieves.

A question is not given one meaning before the archive is searched. Its dates are read two ways: as the dates of
the meeting asked about ('the board meeting in March 2025') and as what a § talks about ('medelstilldelningen för
2026', decided in 2025). A short follow-up is read on its own and as a continuation of the previous turn. Each
reading retrieves its own candidates; the § ranker and the answer model (assistant/answer/learned.py) then judge
all of them together, so the reading the archive supports wins, with no rule choosing it beforehand.

An organ named in the question is not a filter either: its § are searched with the others, and whether a
candidate is of the named organ is one of its features. Each of these readings is a rule of the registry
('answer.standalone_first', 'answer.date_as_mention', 'answer.organ_as_reading'), switched off by configuration
in the ablation (evals/ablation.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.answer.plan import Plan
from assistant.answer.retrieve import pool
from assistant.models import Filters, Hit
from index.lang.registry import rules
from index.store.generations import Snapshot


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
    on = rules().answer
    out: list[Reading] = []
    for base, alone in ((plan.standalone, True), (plan, False)):
        if base is None or (alone and not on.standalone_first):
            continue
        following = base.follow_up and not alone
        if base.filters.date_from:
            asked = Reading(base, meeting_date=True, standalone=alone, follow_up=following,
                            asked_from=base.filters.date_from, asked_to=base.filters.date_to,
                            forms=base.undated.mentions if base.undated else ())
            out.append(asked)
            if base.undated is not None and on.date_as_mention:
                out.append(replace(asked, plan=base.undated, meeting_date=False, subject_date=True))
        else:  # no dates, or none of the archive's meetings in them: only what a § talks about
            out.append(Reading(base, subject_date=bool(base.mentions), standalone=alone, follow_up=following,
                               forms=base.mentions))
    return out


def searched(reading: Reading) -> Filters:
    """The filters a reading searches within: its organisation and dates, every organ when the organ named is a
    reading (the rule 'answer.organ_as_reading'), else the named one."""
    filters = reading.plan.filters
    return replace(filters, body=None) if rules().answer.organ_as_reading else filters


def retrieve(view: Snapshot, reading: Reading, k: int | None = None) -> list[Hit]:
    """The reading's candidates: the hybrid search's best (the rule 'answer.k') and dense search's own best beside
    them (the rule 'answer.dense_k'), within its organisation and dates, every organ (only the named one when the
    organ is no reading), or, for a question comparing organisations, those of each."""
    plan = reading.plan
    k = k or rules().answer.k
    dense_k = rules().answer.dense_k
    filters = searched(reading)
    if not plan.compared:
        return pool(view, plan.query, k, dense_k, filters)
    per_org = [pool(view, plan.query, k, dense_k, replace(filters, organisation=org)) for org in plan.compared]
    return sorted((h for hits in per_org for h in hits), key=lambda h: -h.score)
