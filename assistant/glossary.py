"""English board-meeting vocabulary -> Swedish protocol words, so an English question also
finds Swedish paragraphs lexically (the E5 embedding handles the rest)."""

from __future__ import annotations

import re

GLOSSARY = {
    "board": "styrelsen", "working committee": "arbetsutskottet", "executive committee": "arbetsutskottet",
    "decide": "beslutar beslut", "decided": "beslutade beslut", "decision": "beslut", "decisions": "beslut",
    "proposal": "förslag föreslår", "proposed": "föreslog föreslår", "propose": "föreslår",
    "approve": "godkänna godkänner", "approved": "godkände godkändes", "rejected": "avslå avslog", "reject": "avslå",
    "funding": "medel medelstilldelning tilldelning", "funds": "medel", "allocation": "tilldelning medelstilldelning",
    "state funding": "statlig medelstilldelning", "grant": "medel bidrag", "budget": "budget budgetram",
    "annual report": "årsredovisning", "interim report": "delårsrapport", "financial report": "ekonomirapport",
    "minutes": "protokoll", "agenda": "dagordning föredragningslista", "meeting": "möte sammanträde",
    "member meeting": "medlemsmöte", "members' meeting": "medlemsmöte", "representative": "ombud representera",
    "delegate": "ombud", "chair": "ordförande", "chairman": "ordförande", "chairperson": "ordförande",
    "director": "förbundschef", "manager": "förbundschef", "secretary": "sekreterare", "auditor": "revisor revisorerna",
    "auditors": "revisorerna revisor", "audit": "revision granskningsrapport", "internal control": "internkontroll",
    "procurement": "upphandling", "tender": "upphandling anbud", "contract": "avtal", "consultant": "konsult",
    "data protection officer": "dataskyddsombud", "data protection": "dataskyddsombud", "anniversary": "jubileum årsjubileum",
    "members of parliament": "riksdagsledamöter", "parliament": "riksdagsledamöter", "invite": "bjuds inbjudan",
    "training": "utbildning", "application": "ansökan", "applications": "ansökan ansökningar", "project": "projekt insats",
    "interest": "ränta", "fixed-rate": "fasträntekonto", "account": "konto", "equity": "eget kapital",
    "operational plan": "verksamhetsplan", "business plan": "verksamhetsplan", "follow-up": "uppföljning", "follow up": "uppföljning",
    "participants": "deltagare", "unemployment": "arbetslöshet", "social insurance agency": "försäkringskassan",
    "employment service": "arbetsförmedlingen", "municipality": "kommun", "region": "region", "theme": "tema",
    "steering group": "styrgrupp", "steering groups": "styrgrupper", "conflict of interest": "jäv", "postponed": "bordläggs",
    "adjuster": "justerare", "minute checker": "justerare protokolljusterare", "cancel": "ställa in", "cancelled": "ställa in",
    "fee": "avgift serviceavgift", "service fee": "serviceavgift", "policy": "policy", "compensation": "ersättning",
    "lost income": "förlorad arbetsinkomst", "communication plan": "kommunikationsplan", "survey": "enkät",
    "frame": "ram", "increase": "utökning höjning", "reduction": "neddragning minskning", "million": "miljoner",
    "opened": "öppnade öppnat öppnande", "open": "öppnade öppnande", "closed": "avslutade avslutning avslutas",
    "elected": "valdes väljs valde", "chosen": "valdes väljs valde", "appointed": "utses utsågs valdes", "replace": "ersätter",
    "replaces": "ersätter", "mandate": "mandat", "january": "januari", "february": "februari", "march": "mars", "may": "maj", "june": "juni",
    "july": "juli", "august": "augusti", "october": "oktober", "council": "rådet", "national council": "nationella rådet", "staff": "personal insatspersonal",
    # finance and formalities every set of minutes uses
    "cost": "kostnad kostnader", "costs": "kostnader kostnad", "ceiling": "tak högst", "cap": "tak högst", "maximum": "högst max",
    "surplus": "överskott", "deficit": "underskott", "result": "resultat", "revenue": "intäkter", "income": "intäkter inkomst",
    "expenses": "kostnader", "forecast": "prognos", "balance": "saldo", "check the minutes": "justera justerare protokolljusterare",
    "sign the minutes": "justera justerare", "approve the minutes": "justera justerare", "guiding principles": "ledord",
    "guiding concepts": "ledord", "guiding words": "ledord", "agenda item": "ärende", "delegation decisions": "delegationsbeslut",
}
# 'item 11', 'section 11': a § number
ITEM_RE = re.compile(r"\b(?:item|section|paragraph|point|agenda item)\s+(\d{1,3})\b", re.I)
GLOSSARY_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, GLOSSARY), key=len, reverse=True)) + r")\b", re.I)


def to_swedish_terms(text: str) -> str:
    """The Swedish words for the English terms in a text (empty when there are none)."""
    terms = [GLOSSARY[m.lower()] for m in GLOSSARY_RE.findall(text)] + [f"§{n}" for n in ITEM_RE.findall(text)]
    return " ".join(terms)
