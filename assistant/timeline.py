"""How a matter developed: every § on a topic in date order across meetings and organisations,
one cited line each.

Candidates come from the hybrid search with a generous k; a candidate stays when the relevance model
that decides abstention and citation in answers (assistant/support.py) finds it probable enough to
cite, each § judged on its own evidence (its meaning against the archive's background, the topic's
rare words it holds) rather than against the other candidates: a timeline lists every § on the topic,
and a topic the archive does not hold ('julbord') lists nothing rather than its nearest neighbours.
The question plan (assistant/question.py) routes questions such as 'Hur har frågan om
medelstilldelning utvecklats?' here through `is_timeline_question`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from assistant.models import Citation, Filters, Hit
from assistant.retrieve import search
from assistant.support import gather, on_its_own
from index.decisions import quotable
from index.errors import BadInput
from index.store import Snapshot, Store
from index.tokens import token_set, tokenize

CANDIDATES = 60  # hits asked of the hybrid search


@dataclass
class TimelineEntry:
    date: str
    organisation: str
    body: str
    paragraph: int
    title: str
    text: str  # the decision or key sentence on the topic
    citation: Citation
    match: str  # "lexical" when the § writes a word of the topic, else "dense" (found by meaning alone)

    def line(self) -> str:
        return f"{self.date}  {self.title}: {self.text} {self.citation.label()}"

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "citation"} | {
            "citation": self.citation.label(), "source": asdict(self.citation)}


def stem_matches(term: str, stems: set[str]) -> bool:
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


def timeline(store: Store | Snapshot, topic: str, org: str | None = None, k: int = CANDIDATES) -> list["TimelineEntry"]:
    """Every § the relevance model finds on the topic, in date order."""
    if not topic.strip():
        raise BadInput("the topic is empty")
    view = store.snapshot()
    hits = search(view, topic, k, Filters(organisation=org))
    terms = topic_terms(view, topic)
    kept = [e.hit for e in on_its_own(gather(view, topic, topic, hits))]
    kept.sort(key=lambda h: (h.date, h.organisation, h.body, h.paragraph))
    return [_entry(h, terms) for h in kept]


def key_sentence(hit: Hit, terms: list[str]) -> str:
    """The sentence that best says what the § did on the topic: topic words count most, then an amount,
    then being a decision; ties go to the earlier sentence."""
    decisions = set(hit.decisions)

    def score(sentence: str) -> int:
        stems = token_set(sentence)
        on_topic = sum(stem_matches(t, stems) for t in terms)
        return 2 * on_topic + bool(re.search(r"\d\s*(kr|kronor|tkr|miljon)", sentence)) + (sentence in decisions)

    candidates = [s for s in quotable(hit.text) if len(s) > 15] + [d for d in hit.decisions if d not in hit.text]
    return max(candidates, key=score) if candidates else hit.title


def _entry(hit: Hit, terms: list[str]) -> TimelineEntry:
    text = key_sentence(hit, terms)
    how = "lexical" if any(stem_matches(t, token_set(f"{hit.title}\n{hit.text}")) for t in terms) else "dense"
    return TimelineEntry(hit.date, hit.organisation, hit.body, hit.paragraph, hit.title, text,
                         Citation.of(hit, [text]), how)


# --- routing from the chat --------------------------------------------------------------
_TOPIC = r"(?P<topic>.+?)"
TIMELINE_QUESTIONS = [re.compile(p, re.IGNORECASE) for p in (
    rf"\bhur har (?:(?:frågan|ärendet|diskussionen|arbetet|beslutet|besluten)\s+)?(?:(?:om|kring|med|gällande)\s+)?{_TOPIC}\s+(?:utvecklats|förändrats|ändrats|utvecklat sig)\b",
    rf"\bvad har (?:hänt|beslutats|sagts|gjorts)\s+(?:med|om|kring|gällande|i frågan om)\s+{_TOPIC}\s+(?:över tid|genom åren|hittills|de senaste åren|sedan\b.*)\s*[?.!]*$",
    rf"\b(?:tidslinje|historik|historiken|utvecklingen)\s+(?:för|om|kring|av|över|i frågan om)\s+{_TOPIC}\s*[?.!]*$",
    rf"\bhow (?:has|have|did) (?:the (?:question|issue|matter|discussion) of )?{_TOPIC}\s+(?:evolved|developed|changed|progressed|evolve|develop|change|progress)\b",
    rf"\bwhat (?:has|have) (?:been decided|happened|been said)\s+(?:about|on|with|regarding)\s+{_TOPIC}\s+(?:over time|over the years|so far)\s*[?.!]*$",
    rf"\b(?:timeline|history)\s+(?:of|for|on|about)\s+{_TOPIC}\s*[?.!]*$",
)]


def is_timeline_question(question: str) -> str | None:
    """The topic when a question asks how a matter developed over time, else None.
    'Hur har frågan om medelstilldelning utvecklats?' -> 'medelstilldelning'."""
    for pattern in TIMELINE_QUESTIONS:
        match = pattern.search(question.strip())
        if match:
            topic = re.sub(r"^(?:frågan om|the|den|det)\s+", "", match["topic"].strip(" ?.!,\"'"), flags=re.IGNORECASE)
            return topic or None
    return None
