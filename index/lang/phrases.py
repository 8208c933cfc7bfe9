"""What minutes say in fixed phrases: decisions and their kinds, assignments, what is due back, the parts of a §,
the routine §, attendance lists and signatures. Each pattern states one way Swedish minutes write a thing.
"""

from __future__ import annotations

import re
from typing import Literal

from index.lang.dates import WRITTEN_DATE
from index.lang.vocabulary import ORGAN_SUBJECT, ROLE

_ORGAN = rf"\w*{ORGAN_SUBJECT}"
"""An organ as the subject of a decision sentence: any organ the vocabulary knows (index/lang/vocabulary.py)."""
DECISION_SENTENCE_RE = re.compile(
    rf"(^beslut\s*:|\b{_ORGAN}\s+(?:\w+\s+)?(beslutar|beslutade|beslöt|föreslår|föreslog|fastställer|godkänner|noterar|tar informationen|tackar)\b"
    r"|\bföreslår\s+styrelsen\s+att\b"
    r"|\b(läggs|lades|lägga|lägger)\b.{0,80}\btill handlingarna\b"
    r"|\b(fastställs|godkänns|godkändes|fastställdes|beviljas|avslås|bordläggs|bordlades|väljs|valdes)\b"
    rf"|\b(valde|godkände|beslutade|beslöt|fastställde)\s+{_ORGAN}\b"
    r"|\b(ger|gav|ges)\b.{0,60}\bi uppdrag\b"
    rf"|\b{_ORGAN}\s+valde\b)",
    re.IGNORECASE,
)
"""A sentence that records a decision: 'Beslut: …', 'Styrelsen beslutar att …', 'läggs till handlingarna',
'godkänns', 'ger förbundschefen i uppdrag'."""
DECISION_LABEL_RE = re.compile(r"^Beslut\s+[\d-]+\s*§\s*0*(\d+)\s*:\s*\d+\s*$", re.IGNORECASE)
"""A numbered decision label on a line of its own: 'Beslut 2025-5 §10:1'."""
DECISION_LABEL_IN_TEXT_RE = re.compile(r"Beslut\s+[\d-]+\s*§\s*0*(\d+)\s*:\s*\d+", re.IGNORECASE)
"""The same label anywhere in a text (it names the § it closes)."""
DECIDED_COLON_RE = re.compile(r"\b(beslutade|beslutar|beslöt|föreslår|föreslog)\s*:\s*$", re.IGNORECASE)
"""'Styrelsen beslutade:' before a list of 'Att …' items, each a decision."""
ATT_ITEM_RE = re.compile(r"^(?:[-–•*]\s*|\d+[.)]\s*)?att\s", re.IGNORECASE)
"""An 'Att …' item of a decision list."""
SECTION_HEADINGS = frozenset({"beslut", "beslut:"})
"""The heading of a §'s decision part."""
SECTION_ENDS = re.compile(r"^(beskrivning av ärendet|beslutsunderlag|jäv|bakgrund|ärendebeskrivning|yttrande|reservation)\b", re.IGNORECASE)
"""Headings of a §'s other parts: the decision part ends at one."""
SUB_ITEM_RE = re.compile(r"^(?:[-–•*]\s*o\s+|o\s+|[-–•*]\s+)(?!\d{1,2}[.)])")
"""A bullet without a number ('- o Attestrutiner') under an item ending in ':' is part of that item."""
BESLUT_PREFIX_RE = re.compile(r"^beslut\s*:\s*", re.IGNORECASE)
TYPE_LABELS = frozenset({"beslut", "information", "orientering", "diskussion", "beslutslista", "dialog", "rapport"})
"""Lone labels naming a §'s kind in a layout's margin ('Beslut', 'Information')."""
SECTION_LABEL_RE = re.compile(r"^[\wåäöÅÄÖ/ ]{0,40}?(ärenden?|frågor|information|diskussionsärende)\s*:?\s*$", re.IGNORECASE)
"""Agenda group labels between two § ('Beslutsärenden', 'Övriga frågor:')."""

DECISION_TYPES: list[tuple[Literal["proposal", "postponed", "rejected", "information"], re.Pattern[str]]] = [
    ("proposal", re.compile(r"\bföreslår\s+(?:att\s+)?(styrelsen|förbundsstyrelsen|nämnden|förbundsstämman|medlemmarna)\b", re.IGNORECASE)),
    ("postponed", re.compile(r"\bbordl(ägg|ades|agt)|\bskjuts upp\b", re.IGNORECASE)),
    ("rejected", re.compile(r"\bavsl(å|år|ås|og|ogs)\b|\b(inte|ej)\s+(bevilja|godkänn)", re.IGNORECASE)),
    ("information", re.compile(
        r"till handlingarna|informationen till protokollet|information till protokollet|tar .{0,30}information"
        r"|för informationen|\bnoterar\b", re.IGNORECASE)),
]
"""The kind of a decision, first match wins (else a plain 'decision'): a proposal to a higher organ, a
postponement, a rejection, information filed."""
ROUTINE_TITLE = re.compile(r"dagordning|föredragningslista|justera|öppnande|avslutning|avslutas|övriga frågor", re.IGNORECASE)
"""Titles of the routine § of a meeting (opening, agenda, adjusters, other business, closing): formalities that
a digest of decisions or a brief leaves out."""

# --- assignments and what is due ----------------------------------------------------
_CAP = r"[A-ZÅÄÖÉ][a-zåäöéüø]+(?:-[A-ZÅÄÖÉ][a-zåäöéüø]+)?"
ASSIGNEE = (rf"(?:styrelsens\s+|förbundets\s+|vice\s+)?(?:{ROLE}|presidiet|arbetsutskottet|styrelsen|beredningsgrupp(?:en)?)")
"""Who may be given an assignment: a role or an organ ('förbundschefen', 'styrelsens ordförande')."""
_WHO = rf"(?P<who>{ASSIGNEE}|{_CAP}(?:\s+{_CAP})?)"
# The same, a name starting where a word does: case-insensitive, a name could otherwise start at every letter of a
# long word, and the search would take time growing with the square of its length.
_WHO_AT_WORD = rf"(?P<who>{ASSIGNEE}|(?<![a-zåäöéüø]){_CAP}(?:\s+{_CAP})?)"
ASSIGNMENT_PATTERNS = [
    ("assignment", re.compile(r"\b(?:ger|gav|ge)\s+(?:(?:arbetsutskottet|styrelsen|au|presidiet)\s+)?(?P<who>.{1,60}?)\s+i\s+uppdrag\s+(?:att\s+)?(?P<task>.+)", re.IGNORECASE)),
    ("assignment", re.compile(rf"{_WHO_AT_WORD}\s+(?:ges|får)\s+i\s+uppdrag\s+(?:att\s+)?(?P<task>.+)", re.IGNORECASE)),
    ("assignment", re.compile(r"\b(?:uppdrag(?:et)?\s+(?:till|åt)|uppdrar\s+(?:åt\s+)?)\s*(?P<who>.{1,60}?)\s+att\s+(?P<task>.+)", re.IGNORECASE)),
    ("mandate", re.compile(r"\bbemyndiga[rs]?\s+(?P<who>.{1,60}?)\s+att\b[\s,]*(?P<task>.+)", re.IGNORECASE)),
    ("commitment", re.compile(rf"{_WHO}\s+kommer\s+(?:att\s+)?(?P<task>(?:framföra|återkomma|ta fram|undersöka|kontakta|skicka|meddela|bjuda in|informera|presentera|lämna)\b.+)")),
    ("commitment", re.compile(rf"{_WHO}\s+(?:ber att få\s+)?(?P<task>återkomm\w*\s+med\b.+)")),
]
"""Who was asked to do what, each with the groups 'who' and 'task': 'ger förbundschefen i uppdrag att …',
'Förbundschefen ges i uppdrag att …', 'uppdrag till förbundschef att …', 'bemyndiga ordförande att …',
'Förbundschefen kommer framföra …'."""
ASSIGNEE_RE = re.compile(ASSIGNEE, re.IGNORECASE)
TASK_LEAD_RE = re.compile(r"^att\s+")
"""The infinitive mark before a task ('att utreda …'), left out of the task."""
SELF_WORDS = frozenset({"sig själv", "sig själva"})
"""'ger sig själv i uppdrag': the organ that decided."""
ORGAN_SUBJECT_RE = re.compile(r"^(?:att\s+)?(styrelsen|arbetsutskottet|presidiet)\b", re.IGNORECASE)
FOLLOWUP_CUE = re.compile(
    r"följ(?:s|as|a|er)?\s+upp|återkomm|återrapport|redovisa[sr]?\b|\bnästa\s+\w*(?:möte|sammanträde)"
    r"|\b(?:nästkommande|kommande)\s+\w*(?:möte|sammanträde)|beslutas\s+om|\btas\s+upp|\bta[rs]?\s+ställning|\bsenast\b"
    r"|\bbesluta\s+i\b|presenteras\s+(?:på|vid)", re.IGNORECASE)
"""A sentence saying a matter comes back: 'följs upp', 'återrapporteras', 'tas upp på nästa möte', 'senast'."""
FOLLOWER_RE = re.compile(r"följs\s+upp(?:\s+igen)?\s+av\s+(\w+)", re.IGNORECASE)
"""Who follows it up: 'Följs upp igen av internkontrollen'."""

# --- attendance and signatures ------------------------------------------------------
_ROLE_WORDS = r"(?:närvarande|beslutande|ledamöter|ledamot|deltagare|ersättare|tjänstgörande|övriga)"
ATTENDANCE_START = re.compile(rf"^\s*{_ROLE_WORDS}(?:\s+{_ROLE_WORDS})*\s*:?", re.IGNORECASE)
"""Where an attendance list starts: 'Närvarande', 'Beslutande ledamöter', 'Övriga deltagare'."""
ATTENDANCE_END = re.compile(r"^\s*(utses att justera|justerare|plats och tid|paragrafer|underskrift|sekreterare\s*$|anslagsbevis|gäster)", re.IGNORECASE)
"""Where it ends."""
SIGNATURE_START_RE = re.compile(r"^\s*([_\-]{5,}.*|vid protokollet|justeras|justerare|justeringsperson)\s*$", re.IGNORECASE)
"""A signature line, or the words over one."""
SIGNATURE_BLOCK_RE = re.compile(r"^\s*(vid protokollet|justeras|underskrifter)\b.{0,60}$", re.IGNORECASE)
"""'Vid protokollet Justeras' (the two columns of a signature table) opens the block after the last §."""
ROLE_LINE_RE = re.compile(r"^\s*(sekreterare|ordförande|justerare|justeringsperson)(\s+\S+)?\s*$", re.IGNORECASE)
"""A signer's role under the signer's name."""
E_SIGNATURE_START_RE = re.compile(
    r"^[^\S\n]*(detta är ett elektroniskt undertecknat dokument|signerat med|verifikat\b|transaktions-id)",
    re.IGNORECASE | re.MULTILINE,
)
"""Where an e-signature service's own pages begin (its validation text, the signers' transaction ids): what
follows is the service's, not the protocol's."""
SIGNING_LINE_RE = re.compile(rf"^\s*[A-ZÅÄÖ][\wåäö-]+,?\s+(?:den\s+)?{WRITTEN_DATE}\s*$")
"""'Bruksby 12 april 2018' or 'Stockholm 2019-03-12': where and when the secretary signed."""
CONTINUATION_WORDS = frozenset({
    "med", "och", "samt", "i", "av", "för", "till", "vid", "om", "på", "från", "mot", "under",
    "inom", "efter", "kring", "inför", "gällande", "avseende", "angående", "rörande", "den", "det", "en", "ett",
})
"""Words a title line does not end on: the title goes on on the next line ('Information om' / 'budgeten')."""
DNR_RE = re.compile(r"Dnr[.:]?\s+(?:[A-ZÅÄÖ]{1,5}\s+)?\S*\d\S*\s+")
"""A case number before a title: 'Dnr KS 2021/14'."""

# --- how a protocol names its organisation and organ ----------------------------------
ORGAN_FIELD_RE = re.compile(
    r"\b(?:Organ|Nämnd(?:/styrelse)?|Beslutsinstans)\b[ \t]*:?[ \t]*"
    r"([A-ZÅÄÖ][\wåäö-]*(?:[ \t]+(?:och|för|i)[ \t]+[\wåäö-]+|[ \t]+[a-zåäö][\wåäö-]+)*)"
)
"""Form fields of the cover page: 'Organ Kommunfullmäktige', 'Nämnd: Socialnämnden', 'Beslutsinstans: …'."""
ORGAN_CUE_RE = re.compile(r"(sammanträde med|protokoll(?: fört vid| från)?|möte med|mötet i)\s+(\w+(?:[ \t]+\w+)?)",
                          re.IGNORECASE)
"""'sammanträde med arbetsutskottet', 'Protokoll Styrelsemöte', 'Protokoll fört vid ... styrelsen', 'Protokoll från
allmänt möte' (the organ in one word or two)."""
DECIDER_RE = re.compile(rf"\b((?=(?-i:[A-ZÅÄÖ])){_ORGAN})\s+(beslutar|beslutade|föreslår|tar|noterar|godkänner)\b",
                        re.IGNORECASE)
"""An organ deciding in the text, written with a capital as a sentence starts: 'Styrelsen beslutar', 'Kyrkorådet
beslutar', 'Direktionen föreslår' (any organ the vocabulary knows)."""
ABBREVIATED_ORGANS = [
    (re.compile(r"au$", re.IGNORECASE), "arbetsutskottet"),
    (re.compile(r"^kf", re.IGNORECASE), "kommunfullmäktige"),
    (re.compile(r"^ks", re.IGNORECASE), "kommunstyrelsen"),
    (re.compile(r"^rs", re.IGNORECASE), "regionstyrelsen"),
]
"""The organ's abbreviation in the § numbering ('KS § N', 'KF N', 'Bsau § N'): K = kommun, F = fullmäktige,
S = styrelse, AU = arbetsutskott."""
