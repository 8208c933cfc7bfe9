"""How questions about minutes are put, in Swedish and English: their language, what they ask for (an
amount, a person, a date, a reason, a decision; a meeting's decisions; assignments; a topic over time),
whether they continue the previous question, and which of their words say nothing about their subject.
Also the words of an answer: reasons, a model saying its sources do not answer.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_SWEDISH

from index.lang.registry import rules
from index.lang.tokens import tokenize
from index.lang.wordlists import words


class Intent(StrEnum):
    """What a question asks the archive for."""

    ANSWER = "answer"  # an answer from the § that hold it
    DIGEST = "digest"  # the decisions of a meeting
    ASSIGNMENTS = "assignments"  # the assignments of a role, or all
    TIMELINE = "timeline"  # a topic's development over time


class AnswerType(StrEnum):
    """The kind of answer a question asks for, most specific first."""

    AMOUNT = "amount"
    PERSON = "person"
    DATE = "date"
    REASON = "reason"
    DECISION = "decision"


EN_MARKERS = frozenset(set(STOPWORDS_EN_PLUS) - set(STOPWORDS_SWEDISH))
"""Words only English writes (bm25s's English stop words that Swedish does not share)."""
SV_MARKERS = frozenset(set(STOPWORDS_SWEDISH) - set(STOPWORDS_EN_PLUS))
"""Words only Swedish writes."""

CUES: dict[str, re.Pattern[str]] = {
    "digest": re.compile(r"\b(vilka beslut (fattades|fattade|togs|tog)|alla beslut|what decisions were (made|taken)|list (all )?(the )?decisions"
                         r"|which decisions|summari[sz]e the decisions?( items)?)\b", re.I),
    AnswerType.DECISION: re.compile(r"\b(beslut\w*|beslöt|bestämde|godkände|decid\w*|decision\w*|agree\w*|approv\w*|resolv\w*|propos\w*|föreslog|föreslår)\b", re.I),
    AnswerType.AMOUNT: re.compile(r"\b(hur (mycket|många|stor)|belopp\w*|kronor|summan?|summor|budget\w*|kostnad\w*|kosta(?:r|de)?|pris(?:et)?"
                                  r"|avgift(?:en)?|how (much|many|large)|amount\w*|sum|cost\w*|price|fee|procent|percent\w*)\b", re.I),
    AnswerType.PERSON: re.compile(r"\b(vem|vilka personer|vilken person|vad (?:hette|heter)|who|whom|what (?:was|is) (?:the|his|her) name"
                                  r"|representera\w*|ombud)\b", re.I),
    AnswerType.DATE: re.compile(r"\b(när|vilket datum|vilken dag|what date|which date|what day|when)\b", re.I),
    AnswerType.REASON: re.compile(r"\b(varför|av vilken anledning|anledning\w*|skäl\w*|why|what was the reason|for what reason|reasons?)\b", re.I),
    # across organisations: 'vilka förbund', or a plural definite that means all of them ('förbunden', 'the boards')
    "cross": re.compile(r"\b(vilka förbund|varje förbund|alla förbund|respektive förbund|förbunden|styrelserna|samordningsförbunden"
                        r"|each (förbund|association|board)|which (förbund|associations|boards)|all (förbund|associations|boards)"
                        r"|the (associations|boards|förbund))\b", re.I),
}
"""What a question's words ask for: a meeting's decisions ('digest'), an answer type ('hur mycket', 'vad kostade':
an amount; 'vem', 'vad hette': a person; 'när': a date), or several organisations ('cross')."""
ACROSS_MEETINGS_RE = re.compile(
    r"\b(förändra(?:de|des|ts)|ändra(?:de|des|ts)|utvecklades|(?:först|from the start|at first|first)\b.*\b(?:nu|sedan|senare|now|later|then)"
    r"|från (?:\w+ )?(?:19|20)\d\d (?:\w+ )?till|mellan \w+.* och|changed|between .+ and|and what (?:is|was) .+ (?:now|for))\b", re.I)
"""A question whose answer lies in several meetings: how something changed ('Hur förändrades finansieringen från 2025
till 2026?'), what was first decided and what holds now, a comparison between two meetings."""
ASSIGNMENT_RE = re.compile(r"\b(uppdrag(en)?|assignments?|tasks?|asked to do)\b", re.I)
"""A question about assignments ('Vilka uppdrag har förbundschefen fått?')."""
FOLLOW_UP_RE = re.compile(
    r"^(och|men|samma|what about|and|how about|also)\b"
    r"|\b(det|detta|dessa|dem|de|den|dess|deras|han|hon|dit|där|that|this|these|it|its|they|them|their|those|same|he|she|there)\b", re.I)
"""A question that continues the previous one ('Och i Blekinge?', 'What about …') or points back ('det', 'they')."""
POSSESSIVE_RE = re.compile(r"(\w)['’]s\b")
"""An English possessive 's ('Kalmar's'), dropped before names are read."""
MEETING_WORD_RE = re.compile(r"(möte[nt]?|mötena|sammanträde[nt]?|protokoll\w*)\b|\b(meetings?|minutes)\b", re.I)
"""A question that names a meeting or minutes (so a period without meetings is named in the refusal)."""
_TOPIC = r"(?P<topic>.+?)"
TIMELINE_QUESTIONS = [re.compile(p, re.IGNORECASE) for p in (
    rf"\bhur har (?:(?:frågan|ärendet|diskussionen|arbetet|beslutet|besluten)\s+)?(?:(?:om|kring|med|gällande)\s+)?{_TOPIC}\s+(?:utvecklats|förändrats|ändrats|utvecklat sig)\b",
    rf"\bvad har (?:hänt|beslutats|sagts|gjorts)\s+(?:med|om|kring|gällande|i frågan om)\s+{_TOPIC}\s+(?:över tid|genom åren|hittills|de senaste åren|sedan\b.*)\s*[?.!]*$",
    rf"\b(?:tidslinje|historik|historiken|utvecklingen)\s+(?:för|om|kring|av|över|i frågan om)\s+{_TOPIC}\s*[?.!]*$",
    rf"\bhow (?:has|have|did) (?:the (?:question|issue|matter|discussion) of )?{_TOPIC}\s+(?:evolved|developed|changed|progressed|evolve|develop|change|progress)\b",
    rf"\bwhat (?:has|have) (?:been decided|happened|been said)\s+(?:about|on|with|regarding)\s+{_TOPIC}\s+(?:over time|over the years|so far)\s*[?.!]*$",
    rf"\b(?:timeline|history)\s+(?:of|for|on|about)\s+{_TOPIC}\s*[?.!]*$",
)]
"""A question about how a matter developed over time, with the matter as the group 'topic'."""
TOPIC_LEAD_RE = re.compile(r"^(?:frågan om|the|den|det)\s+", re.IGNORECASE)
GENERIC_WORDS: tuple[str, ...] = words("generic_words")
"""Words any question about minutes may use; they say nothing about its subject."""
GENERIC: frozenset[str] = frozenset(tokenize(" ".join(GENERIC_WORDS)))
"""Their stems."""


def generic() -> frozenset[str]:
    """The stems of words any question may use (none when the rule 'subject.generic_words' is off)."""
    return GENERIC if rules().subject.generic_words else frozenset()
AMOUNT_QUESTION_WORDS = frozenset(words("amount_question_words"))
"""English words that ask for an amount, its price or its limit: searched, but no subject."""
ASSIGNMENT_WORDS: tuple[str, ...] = words("assignment_words")
"""Words of a question about assignments in general."""
REASON_RE = re.compile(r"\b(eftersom|därför|på grund av|med anledning av|för att|i syfte att|syftet|anledning\w*|skäl\w*|motiv\w*"
                       r"|beroende på|till följd av|mot bakgrund av|utifrån|då\s+(?:det|de|man|förbundet|styrelsen))\b", re.I)
"""A sentence that gives a reason: 'eftersom', 'på grund av', 'i syfte att'."""
ABSTAIN_RE = re.compile(
    r"besvarar inte|kan inte (?:be)?svara|framgår inte|finns (?:det )?ingen (?:information|uppgift)|"
    r"nämns inte|saknas (?:information|uppgift)|"
    r"do(?:es)? not answer|don't answer|cannot answer|can't answer|no information|do(?:es)? not (?:contain|mention)|"
    r"not mentioned",
    re.IGNORECASE,
)
"""A model saying its sources do not answer the question."""
REWRITE_LABEL_RE = re.compile(r"^(?:standalone question|fristående fråga|question|fråga)\s*:\s*", re.IGNORECASE)
"""The label a model puts before a rewritten question."""
COMMON_ANSWER_WORDS = frozenset(w[:5] for w in (
    "styrelsen arbetsutskottet förbundet samordningsförbundet protokollet källan källorna enligt beslutade "
    "beslutar mötet sammanträdet paragrafen board committee according minutes source sources decided meeting "
    "which there their about these those would should could").split())
"""Words any answer about minutes may use without saying anything about its source (first five letters)."""
CITE_WORD_RE = re.compile(r"\[\s*(?:källa|source|k[aä]lla)?\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]", re.IGNORECASE)
"""A model's citation of its sources: '[1]', '[Källa 1, 2]', '[source 3]'."""


def language(text: str) -> str:
    """'en' or 'sv'. Letters å, ä, ö count for Swedish only when few English words say otherwise:
    'Why did RAR Sörmland end 2025 with a surplus?' is English."""
    found = re.findall(r"[a-zåäö]+", text.lower())
    english = sum(w in EN_MARKERS for w in found)
    swedish = sum(w in SV_MARKERS for w in found) + 2 * bool(re.search(r"[åäö]", text.lower())) * (english < 2)
    return "en" if english > swedish else "sv"


def timeline_topic(question: str) -> str | None:
    """The topic when a question asks how a matter developed over time, else None.
    'Hur har frågan om medelstilldelning utvecklats?' -> 'medelstilldelning'."""
    if not rules().question.timeline:
        return None
    for pattern in TIMELINE_QUESTIONS:
        match = pattern.search(question.strip())
        if match:
            return TOPIC_LEAD_RE.sub("", match["topic"].strip(" ?.!,\"'")) or None
    return None
