"""Every rule group and tuning number of parsing, answering and generation, by name, with a validated default.

An entry is named '<section>.<field>' ('question.year_filter', 'answer.max_sources'); a rule group is a switch
(True: the rule applies), a tuning number has its bounds. The code reads the process's rules through `rules()`;
`configure` replaces them (assistant/settings.py feeds them from PARAGRAF_RULES, evals/ablation.py switches
entries off one by one). An entry's `off` value is what the ablation sets to take the rule out (a switch off, a
weight of 0, no cap). Results cached under one configuration are dropped when it changes (`on_change`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError


def _switch(description: str, on: bool = True) -> Any:
    """A rule group, on unless `on` is False; a switch off by default has no 'off' value (nothing to ablate)."""
    return Field(on, description=description, json_schema_extra={"off": False} if on else None)


def _number(default: float, description: str, off: float | None = None, ge: float | None = None) -> Any:
    return Field(default, description=description, json_schema_extra={"off": off} if off is not None else None, ge=ge)


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParseRules(Section):
    """Reading a protocol (index/parse)."""

    decision_sentences: bool = _switch("decision sentences of a § found by their fixed phrases (index/parse/decisions.py)")
    attendees: bool = _switch("names read from the attendance list before the first §")
    title_words: int = _number(25, "a run of more words than this between two headings is text, not a title", ge=3)
    run_on_title_words: int = _number(14, "a heading line that runs on into its text is cut after at most this many words", ge=3)
    max_gap: int = _number(12, "§ numbers a chain of headings may skip", ge=0)
    gap_cost: float = _number(0.2, "what each skipped number costs a chain", ge=0.0)
    label_runs: bool = _switch("a gap in a run of § labels filled by the lines there that look like its labels (index/parse/runs.py)")
    unnumbered_opening: bool = _switch("an opening section left unnumbered, set like the numbered headings, is a § (index/parse/typography.py)")
    scrambled_run: int = _number(3, "headings in a row without text that make a layout scrambled", ge=2)


class FactRules(Section):
    """Facts of a § extracted at indexing (index/parse/extract.py)."""

    assignments: bool = _switch("who was asked to do what ('ger förbundschefen i uppdrag att')")
    followups: bool = _switch("what is due back and when ('följs upp i oktober')")


class QuestionRules(Section):
    """Reading a question into a plan (assistant/answer/plan.py)."""

    digest: bool = _switch("'Vilka beslut fattades …' asks for a meeting's decisions")
    decision_type: bool = _switch("a question about a decision asks for the § decision")
    amount_type: bool = _switch("'hur mycket', 'how much' ask for an amount or a count")
    person_type: bool = _switch("'vem', 'who' ask for a person")
    date_type: bool = _switch("'när', 'when' ask for a date")
    across_meetings: bool = _switch("'Hur förändrades …', 'först … nu' ask for one § of each meeting it spans")
    reason_type: bool = _switch("'varför', 'why' ask for a reason")
    cross: bool = _switch("'vilka förbund', 'the boards' ask across organisations: the best § of each is cited "
                           "(assistant/answer/citeset.py choose)")
    assignments: bool = _switch("'Vilka uppdrag …' asks for the assignments extracted at indexing")
    assignment_roles: bool = _switch("an assignment question's role ('förbundschefen') narrows the list")
    year_shift: bool = _switch("'Och året innan?' asks the previous question a year earlier")
    follow_up_cue: bool = _switch("a continuation ('Och …') or a pronoun ('det', 'they') makes a follow-up")
    short_follow_up_words: int = _number(6, "a question of at most this many words continues the previous one", off=0, ge=0)
    exact_date: bool = _switch("a date in the question filters meetings to that day")
    month_filter: bool = _switch("a month and year in the question filter meetings to that month")
    year_filter: bool = _switch("a year after 'i', 'in', 'hösten' filters meetings to that year")
    dates_out_of_topic: bool = _switch("dates that became filters are no subject a § must name")
    organ_filter: bool = _switch("an organ the question names ('AU', 'the board') filters meetings")
    unknown_organisation: bool = _switch("a coordination association the archive lacks is refused by name")
    meeting_word: bool = _switch("a period without meetings is named in the refusal only when the question names a meeting")
    possessive: bool = _switch("an English possessive 's is dropped before names are read")
    timeline: bool = _switch("'Hur har frågan om X utvecklats?' asks for a timeline")
    asked_detail: bool = _switch("'Vilket fastighetsbolag …', 'Hur hög hyra …' name the detail asked for (index/lang/focus.py)")
    offices: bool = _switch("'ordförande', 'justerare', 'the chair' name an office someone is elected to (index/lang/focus.py)")


class SubjectRules(Section):
    """What counts as a question's subject (assistant/answer/support.py)."""

    generic_words: bool = _switch("words any question about minutes uses are no subject")
    amount_question_words: bool = _switch("English words asking for an amount or its limit ('cost', 'ceiling') are no subject")
    english_unknown_words: bool = _switch("an English question's lower-case words the archive never uses are no subject")
    decompound_generic: bool = _switch("an unknown compound with a generic part ('decembermötet') is its other part")
    inside_compound: bool = _switch("a subject stem is found inside a compound of the text")
    counts_hold_amounts: bool = _switch("a count ('42 deltagare', '15 %') answers an amount question")
    day_month_holds_date: bool = _switch("a day and month without a year, or a week, answers a date question")
    reason_words: bool = _switch("'eftersom', 'på grund av' mark a sentence that answers a reason question")


class AnswerRules(Section):
    """Reading, citing and quoting for an answer (assistant/answer/{readings,learned,compose}.py); which § and
    sentences are chosen is learned (assistant/answer/models/), these are the readings and caps around it."""

    k: int = _number(12, "§ of the fused (dense + BM25) ranking each reading of a question hands the § ranker", ge=1)
    dense_k: int = _number(12, "§ of dense search's own ranking each reading adds beside the fused ones (those the "
                                "fused k left out; assistant/answer/retrieve.py pool)", off=0, ge=0)
    max_sources: int = _number(3, "§ cited at most in one answer", off=99, ge=1)
    decision_closes: bool = _switch("the § decision closes an answer when it is not quoted yet")
    title_line: bool = _switch("a cited § is shown by its title before its quotes")
    standalone_first: bool = _switch("a question that is a follow-up only by being short is also read on its own")
    date_as_mention: bool = _switch("a date is also read as what a § mentions, not only as a meeting's date")
    organ_as_reading: bool = _switch("the named organ is a reading: the other organs are searched too")
    assignment_words: bool = _switch("words of an assignment question are no subject of its own")
    decisions_of_meeting: bool = _switch("a question about decisions that names only the organ and its meeting is a digest")
    near_miss: bool = _switch("a best § that the near-miss check finds without the asked detail is refused "
                              "(assistant/answer/nearmiss.py, models/nearmiss.json)")
    cross_read: bool = _switch("the near-miss check also reads the question and the § together by E5 "
                               "(assistant/answer/crossread.py, models/crossread.json)")
    cross_sentences: int = _number(3, "sentences of the § nearest the question that the cross-reader reads with it", ge=1)
    routine_left_out: bool = _switch("routine § (agenda, adjusters) are left out of a digest")
    filed_apart: bool = _switch("§ that only filed information are named apart in a digest")
    glossary: bool = _switch("English terms of a question also search their Swedish words (index/lang/glossary.py)")
    query_adapter: bool = _switch("the dense search brings the § nearest the question's E5 vector as the fitted query "
                                  "adapter maps it (assistant/answer/adapter.py); off: no answer measured better with it "
                                  "(evals/README.md)", on=False)


class TimelineRules(Section):
    """A topic over time (assistant/prepare/timeline.py)."""

    relevance_cutoff: bool = _switch("a timeline lists only § the answer model would answer from (assistant/answer/learned.py)")
    candidates: int = _number(60, "hits a timeline's search hands the answer model", ge=1)


class GenerateRules(Section):
    """Checking a language model's answer against its sources (assistant/answer/generate.py)."""

    check_dates: bool = _switch("a sentence stating a date its cited sources lack is removed")
    check_numbers: bool = _switch("a sentence stating a number its cited sources lack is removed")
    check_names: bool = _switch("a sentence stating a name its cited sources lack is removed")
    check_shared_words: bool = _switch("a sentence sharing under a third of its words with its sources is removed")
    max_source_chars: int = _number(3000, "characters of a § a model sees", ge=200)


class Rules(BaseModel):
    """The rules of one process, by section."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    parse: ParseRules = ParseRules()
    facts: FactRules = FactRules()
    question: QuestionRules = QuestionRules()
    subject: SubjectRules = SubjectRules()
    answer: AnswerRules = AnswerRules()
    timeline: TimelineRules = TimelineRules()
    generate: GenerateRules = GenerateRules()


@dataclass(frozen=True)
class Entry:
    """One rule group or tuning number."""

    name: str  # 'section.field'
    default: object
    description: str
    off: object | None  # what takes the rule out (the ablation's value); None for a number that has no 'off'

    @property
    def stage(self) -> str:
        """'index' when the entry acts at indexing (its effect needs a store indexed under it), else 'answer'."""
        return "index" if self.name.split(".")[0] in ("parse", "facts") else "answer"


def entries() -> list[Entry]:
    """Every entry, in the order of the sections and their fields."""
    out = []
    for section, info in Rules.model_fields.items():
        model = info.annotation
        assert isinstance(model, type) and issubclass(model, Section)
        for name, field in model.model_fields.items():
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            out.append(Entry(f"{section}.{name}", field.default, field.description or "", extra.get("off")))
    return out


def with_changes(base: Rules, changes: dict[str, object]) -> Rules:
    """`base` with entries changed by name ('question.year_filter': False); an unknown name or a value out of
    bounds raises ValueError naming the valid entries or the bound."""
    known = {e.name for e in entries()}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise ValueError(f"unknown rule {', '.join(unknown)}; valid rules: {', '.join(sorted(known))}")
    data = base.model_dump()
    for name, value in changes.items():
        section, field = name.split(".")
        data[section][field] = value
    try:
        return Rules.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueError(f"rule {'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None


_active = Rules()
_listeners: list[Callable[[], None]] = []


def rules() -> Rules:
    """The rules in force in this process."""
    return _active


def configure(new: Rules) -> None:
    """Put `new` in force for this process (and the children it forks), dropping results cached under the old."""
    global _active
    if new != _active:
        _active = new
        for listener in _listeners:
            listener()


def on_change(listener: Callable[[], None]) -> Callable[[], None]:
    """Call `listener` (a cache's clear) whenever the rules change."""
    _listeners.append(listener)
    return listener


@contextmanager
def changed(changes: dict[str, object]) -> Iterator[Rules]:
    """The rules with these entries changed for the duration of the block, then the previous ones again."""
    before = rules()
    configure(with_changes(before, changes))
    try:
        yield rules()
    finally:
        configure(before)
