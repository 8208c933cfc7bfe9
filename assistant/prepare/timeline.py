"""How a matter developed: every § on a topic in date order across meetings and organisations,
one cited line each.

Candidates come from the hybrid search with a generous k; a candidate stays when the answer model
that decides abstention and citation in answers (assistant/answer/support.py) finds it probable enough to
cite, each § judged on its own evidence (its meaning against the archive's background, the topic's
rare words it holds) rather than against the other candidates: a timeline lists every § on the topic,
and a topic the archive does not hold ('julbord') lists nothing rather than its nearest neighbours.
The question plan (assistant/answer/plan.py) routes questions such as 'Hur har frågan om
medelstilldelning utvecklats?' here through `is_timeline_question`.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass

from index.lang.glossary import to_swedish_terms
from assistant.answer.plan import Plan
from assistant.models import Answer, Citation, Filters, Hit
from assistant.answer.retrieve import search
from assistant.answer.learned import relevant
from index.parse.decisions import quotable
from index.errors import BadInput
from index.store.archive import Store
from index.store.generations import Snapshot
from index.lang.numbers import amounts
from index.lang.registry import rules
from index.lang.tokens import token_set, tokenize


@dataclass
class TimelineEntry:
    """One § of a timeline: a view of its citation and the sentence that says what the § did on the topic."""

    text: str  # the decision or key sentence on the topic
    citation: Citation
    match: str  # "lexical" when the § writes a word of the topic, else "dense" (found by meaning alone)

    @property
    def date(self) -> str:
        return self.citation.date

    @property
    def organisation(self) -> str:
        return self.citation.organisation

    @property
    def body(self) -> str:
        return self.citation.body

    @property
    def paragraph(self) -> int:
        return self.citation.paragraph

    @property
    def title(self) -> str:
        return self.citation.title

    def line(self) -> str:
        return f"{self.date}  {self.title}: {self.text} {self.citation.label()}"

    def to_json(self) -> dict:
        c = self.citation
        return {"date": c.date, "organisation": c.organisation, "body": c.body, "paragraph": c.paragraph, "title": c.title,
                "text": self.text, "match": self.match, "citation": c.label(), "source": asdict(c)}


def stem_matches(term: str, stems: AbstractSet[str]) -> bool:
    """A topic stem is in a text when a text stem equals it, contains it (compounds: 'statsmedelstilldelning'),
    or differs by one letter in a long word (a dropped linking s: 'medeltilldelning')."""
    if term in stems:
        return True
    if len(term) >= 5 and any(term in s for s in stems):
        return True
    return len(term) >= 8 and any(abs(len(s) - len(term)) <= 1 and _one_edit(term, s) for s in stems)


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance of at most one."""
    if len(a) > len(b):
        a, b = b, a
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def topic_terms(view: Snapshot, topic: str) -> list[str]:
    """The topic's stems; words found in no § (English words, typos) are left out when others are found."""
    terms = list(dict.fromkeys(tokenize(topic)))
    known = [t for t in terms if view.lexical.document_frequency(t)]
    return known or terms


def timeline(store: Store | Snapshot, topic: str, org: str | None = None, k: int | None = None) -> list["TimelineEntry"]:
    """Every § the answer model would answer from on the topic (all the search finds when the rule
    'timeline.relevance_cutoff' is off), in date order."""
    if not topic.strip():
        raise BadInput("the topic is empty")
    view = store.snapshot()
    hits = search(view, topic, k or rules().timeline.candidates, Filters(organisation=org))
    terms = topic_terms(view, topic)
    kept = [c.hit for c in relevant(view, topic, hits)] if rules().timeline.relevance_cutoff else list(hits)
    kept.sort(key=lambda h: (h.date, h.organisation, h.body, h.paragraph))
    return [_entry(h, terms) for h in kept]


def key_sentence(hit: Hit, terms: list[str]) -> str:
    """The sentence that best says what the § did on the topic: topic words count most, then an amount,
    then being a decision; ties go to the earlier sentence."""
    decisions = set(hit.decisions)

    def score(sentence: str) -> int:
        stems = token_set(sentence)
        on_topic = sum(stem_matches(t, stems) for t in terms)
        return 2 * on_topic + bool(amounts(sentence)) + (sentence in decisions)

    candidates = [s for s in quotable(hit.text) if len(s) > 15] + [d for d in hit.decisions if d not in hit.text]
    return max(candidates, key=score) if candidates else hit.title


def _entry(hit: Hit, terms: list[str]) -> TimelineEntry:
    text = key_sentence(hit, terms)
    how = "lexical" if any(stem_matches(t, token_set(f"{hit.title}\n{hit.text}")) for t in terms) else "dense"
    return TimelineEntry(text, Citation.of(hit, [text]), how)


def timeline_answer(store: Snapshot, plan: Plan, frame: dict[str, str]) -> Answer | None:
    """'Hur har frågan om X utvecklats?': every § on the topic in date order, as a chat answer."""
    topic = plan.timeline_topic
    entries = timeline(store, f"{topic} {to_swedish_terms(topic)}".strip(), plan.filters.organisation)
    if not entries:
        return None
    lines = [f"- {e.date}: \"{e.text}\" {e.citation.label()}" for e in entries]
    return Answer(plan.question, "\n".join([frame["timeline"], *lines]), False, [e.citation for e in entries],
                  plan.language, plan.query, plan.filters, mode="timeline")
