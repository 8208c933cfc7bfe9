"""The readings of a question: its dates read both as the meeting's and as what a § talks about, a short
follow-up read alone and as a continuation; an organ named is no filter."""

from assistant.answer.plan import understand
from assistant.answer.readings import readings

MEETINGS = [{"organisation": "Samordningsförbundet Norrbo", "body": "Styrelsen", "date": d}
            for d in ("2025-03-14", "2025-06-10", "2025-11-20")]


def test_a_year_is_read_as_the_meetings_year_and_as_the_subject():
    found = readings(understand("Hur mycket pengar fick förbundet för 2026?", None, MEETINGS))
    assert [(r.meeting_date, r.subject_date) for r in found] == [(False, True)]  # no meeting in 2026: only the subject
    found = readings(understand("Hur mycket fick förbundet för 2025?", None, MEETINGS))
    assert [(r.meeting_date, r.subject_date) for r in found] == [(True, False), (False, True)]
    assert found[0].plan.filters.date_from == "2025-01-01" and found[1].plan.filters.date_from is None
    assert found[1].forms == ("2025",) and found[0].asked_from == found[1].asked_from == "2025-01-01"


def test_a_question_without_dates_has_one_plain_reading():
    (only,) = readings(understand("Vem valdes till ordförande?", None, MEETINGS))
    assert not (only.meeting_date or only.subject_date or only.standalone or only.follow_up)


def test_a_short_follow_up_is_read_alone_and_as_a_continuation():
    history = [{"role": "user", "content": "Vad beslutade styrelsen om budgeten 2025?"},
               {"role": "assistant", "content": "Budgeten fastställdes."}]
    found = readings(understand("Vem valdes till justerare?", history, MEETINGS))
    assert any(r.standalone and not r.follow_up for r in found)
    assert any(r.follow_up and not r.standalone and "budgeten" in r.plan.query for r in found)


def test_the_year_before_moves_the_year_of_every_reading():
    history = [{"role": "user", "content": "Hur mycket fick förbundet för 2026?"},
               {"role": "assistant", "content": "2 miljoner kronor."}]
    found = readings(understand("Och året innan?", history, MEETINGS))
    assert found and all("2025" in r.plan.query and "2026" not in r.plan.query for r in found)
    assert {(r.meeting_date, r.subject_date) for r in found} == {(True, False), (False, True)}
