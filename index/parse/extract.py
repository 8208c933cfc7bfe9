"""Structured facts of a §, extracted by rules at indexing time: typed decisions, amounts,
assignments, follow-ups and the people named.

Protocol phrasing is formulaic, so each fact type is a small set of patterns (index/lang/phrases.py). `extract`
is a pure function of (Paragraph, Meeting) and returns the § `Facts` (index/models.py), stored with the §.
"""

from __future__ import annotations

from datetime import date

from index.lang.names import KnownNames, people, resolve
from index.lang.numbers import amounts
from index.lang.periods import NEXT_MEETING_RE, Period, first_period_after
from index.lang.phrases import (ASSIGNEE_RE, ASSIGNMENT_PATTERNS, DECISION_TYPES, FOLLOWER_RE, FOLLOWUP_CUE,
                                ORGAN_SUBJECT_RE, SELF_WORDS, TASK_LEAD_RE)
from index.lang.registry import rules
from index.lang.sentences import sentences, without_list_mark
from index.lang.vocabulary import role_form
from index.models import AmountFact, Assignment, Decision, DecisionKind, Facts, FollowUp, Meeting, Paragraph


def decision_type(sentence: str) -> DecisionKind:
    return next((name for name, pattern in DECISION_TYPES if pattern.search(sentence)), "decision")


# --- assignments -----------------------------------------------------------------------
def _sentences(paragraph: Paragraph) -> list[str]:
    return [without_list_mark(s) for s in sentences(paragraph.text)]


def _who(raw: str, sentence: str, meeting: Meeting, names: KnownNames) -> str:
    raw = raw.strip(" ,")
    if raw.lower() in SELF_WORDS:
        subject = ORGAN_SUBJECT_RE.match(sentence)
        return subject[1].lower() if subject else meeting.body
    if ASSIGNEE_RE.fullmatch(raw):
        return role_form(raw.lower()) or raw.lower()
    return resolve(raw.split(), names) or raw


def assignments(paragraph: Paragraph, meeting: Meeting, names: list[str]) -> list[Assignment]:
    """Who was asked to do what: 'ger förbundschefen i uppdrag att …', 'uppdrag till förbundschef att …',
    'Förbundschefen ges i uppdrag att …', 'bemyndiga ordförande att …', 'Förbundschefen kommer framföra …'."""
    found: list[Assignment] = []
    known = KnownNames(names)
    for sentence in _sentences(paragraph):
        for kind, pattern in ASSIGNMENT_PATTERNS:
            match = pattern.search(sentence)
            if not match:
                continue
            task = TASK_LEAD_RE.sub("", match["task"].strip(" ,").rstrip("."))
            item = Assignment(kind, _who(match["who"], sentence, meeting, known), task, sentence,
                              [a.kronor for a in amounts(sentence)])
            if not any(f.who == item.who and f.task == task for f in found):
                found.append(item)
            break
    return found


# --- follow-ups ------------------------------------------------------------------------
def due(sentence: str, meeting_date: str) -> Period | None:
    """The first date or period in a sentence that lies after the meeting."""
    return first_period_after(sentence, date.fromisoformat(meeting_date) if meeting_date else date.min)


def followups(paragraph: Paragraph, meeting: Meeting) -> list[FollowUp]:
    """What is due back and when: 'Följs upp igen av internkontrollen i oktober 2026' -> due '2026-10';
    'Nästa möte blir den 20 februari' -> the next 20 February after the meeting. Undated ones are kept
    only when they point at the next meeting."""
    found = []
    for sentence in _sentences(paragraph):
        if not FOLLOWUP_CUE.search(sentence):
            continue
        when = due(sentence, meeting.date)
        next_meeting = bool(NEXT_MEETING_RE.search(sentence))
        if when or next_meeting:
            by = FOLLOWER_RE.search(sentence)
            found.append(FollowUp(sentence, when.label if when else None, when.start.isoformat() if when else None,
                                  when.end.isoformat() if when else None, next_meeting, by[1].lower() if by else None))
    return found


def extract(paragraph: Paragraph, meeting: Meeting) -> Facts:
    names = people(f"{paragraph.title}\n{paragraph.text}", meeting.attendees)
    decided_texts = {a.text for d in paragraph.decisions for a in amounts(d)}
    return Facts(
        decisions=[Decision(d, decision_type(d), [a.kronor for a in amounts(d)]) for d in paragraph.decisions],
        amounts=[AmountFact(a.text, a.kronor, a.text in decided_texts) for a in amounts(f"{paragraph.title}\n{paragraph.text}")],
        assignments=assignments(paragraph, meeting, names) if rules().facts.assignments else [],
        followups=followups(paragraph, meeting) if rules().facts.followups else [],
        people=names,
    )
