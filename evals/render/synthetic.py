"""A seeded generator of realistic Swedish board protocols: the benchmarks' archives, and the padding that makes an
invented eval archive large (evals/render/archive.py) so abstention is measured across archive sizes.

The protocols imitate the real ones in corpus/: Samordningsförbund of many regions,
styrelsen and arbetsutskottet, dates written as ISO, compact (251205) or in words,
'§1 Titel' and '§ 35 Titel' headings, decisions as 'Beslut: …', 'Styrelsen beslutar
att …' or 'Arbetsutskottet föreslår styrelsen att …', numbered lists, amounts, and the
page furniture ('Justerarens signatur', 'Protokollsutdraget bestyrks') between pages.

Never write gold questions over this archive: its text is plausible, not true. As padding it only stands beside
the invented meetings the questions are about, dated before them.

    python -m evals.render.synthetic OUT_DIR --paragraphs 1000 --seed 7
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from index.lang.dates import MONTHS as SWEDISH_MONTHS, WEEKDAYS as SWEDISH_WEEKDAYS

REGIONS = [
    "i Kalmar län", "i Blekinge", "Östra Östergötland", "Centrala Östergötland", "RAR i Sörmland", "i Jönköpings län",
    "Västra Skaraborg", "Norra Västmanland", "Skåne Nordväst", "i Gävleborg", "Södra Dalarna", "i Uppsala län",
    "Västra Mälardalen", "Norra Bohuslän", "i Halland", "Sydöstra Skåne", "Finsam Luleå", "i Västernorrland",
    "Centrala Värmland", "Södra Vätterbygden", "i Örebro län", "Norra Dalsland", "Östra Skaraborg", "i Jämtlands län",
]
TOWNS = ["Kalmar", "Karlskrona", "Norrköping", "Eskilstuna", "Jönköping", "Lidköping", "Sala", "Helsingborg",
         "Gävle", "Borlänge", "Uppsala", "Köping", "Strömstad", "Halmstad", "Ystad", "Luleå", "Härnösand",
         "Karlstad", "Växjö", "Örebro", "Åmål", "Skövde", "Östersund", "Nybro"]
FIRST = ["Anna", "Lars", "Maria", "Johan", "Karin", "Per", "Eva", "Mikael", "Sara", "Anders", "Lena", "Erik",
         "Helena", "Owe", "Jonas", "Madelene", "Lucas", "Roger", "Jeanette", "Sam", "Charlotta", "Nils", "Viola"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
        "Gustafsson", "Lindqvist", "Holmberg", "Rosenqvist", "Erlandsson", "Perers", "Westberg", "Koch", "Lodge"]
AGENCIES = ["Region", "Försäkringskassan", "Arbetsförmedlingen", "kommun"]
MONTHS = tuple(SWEDISH_MONTHS)[:12]  # the Swedish names, January first (index/lang/dates.py lists them before the English)
WEEKDAYS = [f"{day}en" for day in SWEDISH_WEEKDAYS[:7]]  # 'måndagen' (index/lang/dates.py), definite
PROJECTS = ["Vägen framåt", "Steget vidare", "Nya möjligheter", "Arbetsbron", "Rätt stöd", "Kompassen", "Hela vägen",
            "Ung framtid", "Språngbrädan", "Case-manager", "IPS Plus", "Lotsen", "Bryggan", "Trappan"]

OPENING = [
    ("Mötets öppnande", ["Ordförande {chair} hälsade alla välkomna och förklarade dagens möte öppnat."]),
    ("Godkännande av dagordning", ["Den utsända dagordningen godkänns.", "Dagordningen godkändes med tillägg av en övrig fråga."]),
    ("Val av protokolljusterare", ["{member} väljs att jämte ordföranden justera dagens protokoll."]),
]
# Topic: (title, sentences of description, decision objects). {p} project, {a} amount, {y} year, {t} town.
TOPICS = [
    ("Ansökan om ESF-medel för {p}", ["Förbundschefen redogör för möjligheten att söka ESF-medel från Europeiska socialfonden för insatsen {p}.",
     "Ansökan avser perioden {y}–{y2} och omfattar {a} kronor i medfinansiering.", "Svar från Svenska ESF-rådet väntas under hösten."],
     ["ställa sig bakom ansökan om ESF-medel för {p}", "avsätta {a} kronor som medfinansiering"]),
    ("Dataskyddsombud", ["Förbundet behöver utse ett dataskyddsombud enligt dataskyddsförordningen (GDPR).",
     "Ett avtal om tjänsten som dataskyddsombud har tagits fram tillsammans med {t} kommun.", "Kostnaden beräknas till {a} kronor per år."],
     ["utse {member} till dataskyddsombud", "godkänna avtalet med {t} kommun om dataskyddsombud"]),
    ("Budget {y} och verksamhetsplan", ["Förslag till budget för {y} har tagits fram med en total ram om {a} kronor.",
     "Medlemmarnas tilldelning är oförändrad jämfört med föregående år.", "Det egna kapitalet bedöms ligga inom rekommenderad nivå."],
     ["fastställa budget och verksamhetsplan för {y}", "överlämna budgeten till medlemmarna för kännedom"]),
    ("Delårsrapport per den 31 augusti {y}", ["Ekonomen presenterar delårsrapporten som visar ett resultat om {a} kronor.",
     "Prognosen för helåret pekar mot ett mindre överskott.", "Insatserna har haft {n} deltagare hittills under året."],
     ["godkänna delårsrapporten", "lägga rapporten till handlingarna"]),
    ("Lönerevision för förbundschefen", ["Presidiet har genomfört lönesamtal med förbundschefen.",
     "Förslaget innebär en ökning med {pct} procent från den 1 april {y}.", "Frågan behandlades med hänsyn till jäv."],
     ["fastställa förbundschefens lön enligt presidiets förslag"]),
    ("Förlängning av insatsen {p}", ["Insatsen {p} har nått {n} deltagare och visar goda resultat för återgång i arbete.",
     "Projektägaren {t} kommun ansöker om förlängning till och med december {y2}.", "Kostnaden för förlängningen är {a} kronor."],
     ["bevilja förlängning av {p} till och med december {y2}", "anslå {a} kronor för förlängningen"]),
    ("Information från förbundschefen", ["Förbundschefen informerar om aktuella frågor i förbundet.",
     "Nätverket för samordningsförbund (NNS) har haft sin årliga konferens i {t}.", "Samverkan med Försäkringskassan och Arbetsförmedlingen fortgår enligt plan."],
     ["lägga informationen till handlingarna"]),
    ("Revisionsrapport för {y}", ["Revisorerna har granskat förbundets räkenskaper och förvaltning för {y}.",
     "Revisionen föreslår att styrelsen beviljas ansvarsfrihet.", "Synpunkter lämnades på dokumentationen av intern kontroll."],
     ["godkänna revisionsrapporten", "ge förbundschefen i uppdrag att förstärka den interna kontrollen"]),
    ("Årsredovisning {y}", ["Årsredovisningen för {y} redovisar ett resultat om {a} kronor.",
     "Verksamheten har nått {n} deltagare fördelade på sex insatser.", "Årsredovisningen skickas till medlemmarna efter beslut."],
     ["godkänna årsredovisningen för {y}", "överlämna årsredovisningen till revisorerna"]),
    ("Medelstilldelning från FINSAM", ["Försäkringskassan har meddelat medelstilldelningen för {y}.",
     "Tilldelningen uppgår till {a} kronor vilket är en ökning jämfört med föregående år.", "Medlemmarnas andelar fördelas enligt fördelningsnyckeln."],
     ["notera medelstilldelningen", "uppdra åt förbundschefen att revidera budgeten"]),
    ("Uppföljning av IPS-insatsen", ["IPS-coacherna redogör för arbetet med individuellt placerings- och stödprogram.",
     "Av {n} deltagare har en tredjedel gått vidare till arbete eller studier.", "Metodtroheten har mätts och ligger på god nivå."],
     ["lägga uppföljningen till handlingarna"]),
    ("Sammanträdesplan {y2}", ["Förslag till sammanträdesplan för {y2} har skickats ut.",
     "Styrelsen sammanträder fyra gånger och arbetsutskottet sex gånger under året."],
     ["fastställa sammanträdesplanen för {y2}"]),
    ("Upphandling av utvärdering", ["En extern utvärdering av insatserna ska upphandlas.",
     "Uppdraget beräknas kosta högst {a} kronor.", "Tre anbud har kommit in."],
     ["tilldela uppdraget till den anbudsgivare som lämnat det mest fördelaktiga anbudet"]),
    ("Attestordning och delegationsordning", ["Attestordningen behöver uppdateras efter personalförändringar.",
     "Förbundschefen får attesträtt upp till {a} kronor."],
     ["fastställa attestordningen", "fastställa den reviderade delegationsordningen"]),
    ("Övriga frågor", ["Inga övriga frågor anmäldes.", "En fråga om lokaler i {t} bordläggs till nästa möte."],
     []),
]
# Discussion sentences that make some § long (several embedding windows), as real ones are.
DISCUSSION = [
    "Under diskussionen lyftes behovet av tydligare uppföljning av deltagarnas stegförflyttningar.",
    "Ledamöterna från Försäkringskassan och Arbetsförmedlingen betonade vikten av gemensam planering.",
    "Representanten för regionen påpekade att samsjuklighet är vanligt bland deltagarna.",
    "Förbundschefen återkommer med en fördjupad analys till nästa sammanträde.",
    "Frågan har tidigare behandlats av arbetsutskottet som ställt sig positivt till förslaget.",
    "Kommunerna har uttryckt önskemål om fler platser i insatsen under kommande år.",
    "En arbetsgrupp med representanter från samtliga parter har tagits fram för att bereda ärendet.",
    "Det noterades att kostnaden ryms inom den beslutade budgetramen.",
    "Ordföranden sammanfattade diskussionen och konstaterade att det finns en samsyn i frågan.",
    "Beslutsunderlaget har skickats ut tillsammans med kallelsen.",
]
CLOSING = [("Mötets avslutande", ["Ordföranden tackade för visat intresse och förklarade mötet avslutat."])]
DECISION_STYLES = ["Beslut: {Organ} beslutar att {what}.", "{Organ} beslutar att {what}.",
                   "Arbetsutskottet föreslår styrelsen att {what}.", "Beslut\n{Organ} beslutar\n{items}"]


@dataclass
class GeneratedMeeting:
    """What the generator wrote into one file, to check the parser against."""

    file: str
    organisation: str
    body: str
    date: str
    numbers: list[int] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _amount(rng: random.Random) -> str:
    value = rng.randrange(50, 5000) * 1000
    return f"{value:,}".replace(",", " ")


def _fill(text: str, slots: dict[str, str]) -> str:
    return text.format(**slots)


def _decision(rng: random.Random, organ: str, objects: list[str], slots: dict[str, str]) -> str:
    if not objects:
        return ""
    chosen = [_fill(o, slots) for o in rng.sample(objects, rng.randint(1, len(objects)))]
    style = rng.choice(DECISION_STYLES)
    if style.startswith("Beslut\n"):
        items = "\n".join(f"{i}. att {what}" for i, what in enumerate(chosen, start=1))
        return style.format(Organ=organ.capitalize(), items=items)
    if style.startswith("Arbetsutskottet") and organ != "arbetsutskottet":
        style = DECISION_STYLES[1]
    return style.format(Organ=organ.capitalize(), what=" samt att ".join(chosen))


def _header(rng: random.Random, organisation: str, organ: str, day: date, chair: str, members: list[str]) -> str:
    words = f"{WEEKDAYS[day.weekday()]} den {day.day} {MONTHS[day.month - 1]} {day.year}"
    style = rng.randrange(3)
    if style == 0:  # like Kalmar: compact date of the meeting, the date in words
        head = f"Datum: {day:%y%m%d}\n\nProtokoll fört vid sammanträde med {organ} för {organisation}\n{words}.\n"
    elif style == 1:  # like Sörmland
        head = f"PROTOKOLL\n\nfört vid sammanträde med {organ.capitalize()}, {organisation}\n\nDatum: {day.isoformat()}, kl. 9-12\n"
    else:  # like Östra Östergötland
        head = f"{organisation}\nProtokoll {organ}\n\nSammanträdesdatum: {day.isoformat()}\n"
    people = "\n".join(f"{p}\tLedamot ({rng.choice(AGENCIES)})" for p in members)
    return f"{head}\nPlats: {rng.choice(TOWNS)}, sammanträdesrummet\n\nNärvarande\n\n{chair}\tOrdförande\n{people}\n\n"


def protocol(rng: random.Random, organisation: str, organ: str, day: date, first: int, count: int) -> tuple[str, list[int], list[str]]:
    """One protocol's text with `count` § numbered from `first`; returns text, numbers and titles."""
    chair, members = _person(rng), [_person(rng) for _ in range(rng.randint(3, 6))]
    spaced = rng.random() < 0.5
    parts = [_header(rng, organisation, organ, day, chair, members)]
    topics = [rng.choice(TOPICS) for _ in range(max(0, count - len(OPENING) - len(CLOSING)))]
    items = (OPENING + [(t, d + [""] + [o for o in obj]) for t, d, obj in topics] + CLOSING)[:count]
    numbers, titles = [], []
    for k, (title, sentences) in enumerate(items):
        number = first + k
        slots = {"p": rng.choice(PROJECTS), "a": _amount(rng), "y": str(day.year), "y2": str(day.year + 1),
                 "t": rng.choice(TOWNS), "n": str(rng.randint(12, 400)), "pct": f"{rng.uniform(1.5, 4.5):.1f}".replace(".", ","),
                 "chair": chair, "member": rng.choice(members)}
        title = _fill(title, slots)
        if "" in sentences:  # topic: description, then decision objects
            cut = sentences.index("")
            body = [_fill(s, slots) for s in sentences[:cut]]
            rng.shuffle(body)
            body = body[: rng.randint(1, len(body))] if rng.random() < 0.3 else body
            if rng.random() < 0.3:
                body += rng.sample(DISCUSSION, rng.randint(2, len(DISCUSSION)))
            decision = _decision(rng, organ, sentences[cut + 1:], slots)
            text = " ".join(body) + ("\n\n" + decision if decision else "")
        else:
            text = _fill(rng.choice(sentences), slots)
        heading = f"§ {number} {title}" if spaced else f"§{number} {title}"
        parts.append(f"{heading}\n{text}\n\n")
        if rng.random() < 0.15:
            parts.append("Justerarens signatur\n\nProtokollsutdraget bestyrks\n\n")
        numbers.append(number)
        titles.append(title)
    parts.append(f"Vid protokollet\n\n______________________\n{_person(rng)}\nSekreterare\n\nJusteras\n\n{chair}\nOrdförande\n")
    return "".join(parts), numbers, titles


def generate(folder: Path, paragraphs: int, seed: int = 7, start: date = date(2019, 1, 7)) -> list[GeneratedMeeting]:
    """Write protocols with `paragraphs` § in total to `folder`, the first meetings within 60 days after `start`;
    the same seed gives the same files."""
    if paragraphs < 1:
        raise ValueError("paragraphs must be at least 1")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    organs = [(f"Samordningsförbundet {r}", o) for r in REGIONS for o in ("styrelsen", "arbetsutskottet")]
    next_number = {key: rng.choice([1, 1, rng.randint(20, 60)]) for key in organs}
    day_of = {key: start + timedelta(days=rng.randrange(60)) for key in organs}
    meetings: list[GeneratedMeeting] = []
    left = paragraphs
    while left > 0:
        organisation, organ = key = rng.choice(organs)
        count = min(left, rng.randint(8, 20))
        day = day_of[key] = day_of[key] + timedelta(days=rng.randint(30, 75))
        if day.year != (day - timedelta(days=75)).year or next_number[key] > 900:
            next_number[key] = 1  # numbering restarts with the year
        text, numbers, titles = protocol(rng, organisation, organ, day, next_number[key], count)
        next_number[key] += count
        name = f"{len(meetings):06d}-{day.isoformat()}.txt"  # no org in the name: the parser must find it
        (folder / name).write_text(text, encoding="utf-8")
        meetings.append(GeneratedMeeting(name, organisation, organ, day.isoformat(), numbers, titles))
        left -= count
    return meetings


def queries(seed: int = 7, n: int = 50) -> list[str]:
    """A fixed set of questions of the kind board members ask, about the generated topics."""
    rng = random.Random(seed)
    templates = [
        "Vad beslutade styrelsen om ESF-medel för {p}?", "Vem utsågs till dataskyddsombud?",
        "Vilken budget fastställdes för {y}?", "Hur många deltagare hade {p}?", "Förlängdes insatsen {p}?",
        "Vad sa revisorerna om intern kontroll?", "Lönerevision för förbundschefen {y}", "medelstilldelning FINSAM {y}",
        "Vad kostar dataskyddsombudet i {t}?", "Beviljades ansvarsfrihet {y}?", "IPS resultat arbete eller studier",
        "Vilka frågor bordlades om lokaler i {t}?", "attestordning förbundschefen attesträtt", "sammanträdesplan {y}",
        "upphandling extern utvärdering anbud", "delårsrapport prognos överskott {y}", "NNS konferens {t}",
    ]
    possible = {t.format(p=p, y=y, t=town) for t in templates for p in PROJECTS for y in range(2019, 2027) for town in TOWNS}
    if n > len(possible):
        raise ValueError(f"the generator has {len(possible)} distinct questions, not {n}")
    found: dict[str, None] = {}
    while len(found) < n:  # distinct questions: a repeated one would only measure a cache
        found[rng.choice(templates).format(p=rng.choice(PROJECTS), y=rng.randint(2019, 2026), t=rng.choice(TOWNS))] = None
    return list(found)


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic protocol archive (benchmarks only).")
    parser.add_argument("folder", type=Path, help="where to write the .txt protocols")
    parser.add_argument("--paragraphs", type=int, default=1000, help="total number of § to generate")
    parser.add_argument("--seed", type=int, default=7, help="random seed; the same seed gives the same files")
    args = parser.parse_args()
    meetings = generate(args.folder, args.paragraphs, args.seed)
    print(f"wrote {len(meetings)} protocols with {args.paragraphs} § to {args.folder}")


if __name__ == "__main__":
    main()
