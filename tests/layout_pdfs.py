"""Invented protocols rendered to PDF in the layouts real archives use, with their page furniture.

Each layout imitates one described in /work/shared/NOTES.md and met in real PDFs: a samordningsförbund's
letterhead and 'Justerandes sign' footer, a municipality's cover grid and running header that repeats the §
under way, a Finland-Swedish 'Protokoll | 10 § | 24.05.2023 | Sida 3' header, a region's sub-paragraphs
('RS § 14:1'), an association whose sections are bold headings without numbers, a samfällighetsförening's
'§ N. Title.' run on into its text, a residents' association's agenda points over its § decisions, and a sports club
named without a kind word ('Ekbacka Hockey') over points '1.', '2.', and a parish council's items 'Ärende N' whose
text holds a numbered list and runs over a page break. The organisations,
people and matters are invented. Drawn with reportlab's standard fonts (Helvetica, WinAnsi: å, ä, ö).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
WIDTH, HEIGHT = 595.0, 842.0
LEFT, INDENT = 60.0, 150.0


@dataclass
class Layout:
    """An invented protocol and what a reader should find in it."""

    name: str
    organisation: str
    organ: str
    date: str
    labels: list[str]  # as printed; a section without a number by its title
    draw: Callable[[Path], None]


def _text(pdf, x: float, y: float, text: str, font: str = REGULAR, size: float = 11) -> None:
    pdf.setFont(font, size)
    pdf.drawString(x, y, text)


def samordningsforbund(path: Path) -> None:
    """Letterhead on every page, '§ N Title' headings in bold, footer 'Justerandes sign | Utdragsbestyrkande', 'Sida N av M'."""
    from reportlab.pdfgen import canvas

    pages = [
        [("§ 35", "Mötets öppnande", ["Ordföranden Åsa Lindgren öppnar mötet och hälsar alla välkomna."]),
         ("§ 36", "Val av justerare", ["Till justerare väljs Per Ödman."]),
         ("§ 37", "Ekonomisk uppföljning", ["Förbundschefen redovisar utfallet till och med april.",
                                             "Beslut", "Styrelsen lägger rapporten till handlingarna."])],
        [("§ 38", "Verksamhetsplan 2027", ["Förbundet föreslår tre nya insatser för unga vuxna.",
                                           "Beslut", "Styrelsen fastställer verksamhetsplanen."]),
         ("§ 39", "Mötets avslutande", ["Ordföranden tackar och avslutar mötet."])],
    ]
    pdf = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    for number, sections in enumerate(pages, 1):
        _text(pdf, LEFT, HEIGHT - 50, "Samordningsförbundet Norrhavet", BOLD, 13)
        _text(pdf, LEFT, HEIGHT - 66, "Protokoll styrelsen", REGULAR, 9)
        _text(pdf, LEFT, HEIGHT - 78, "Sammanträdesdatum 2026-05-29", REGULAR, 9)
        pdf.setFont(REGULAR, 9)
        pdf.drawRightString(WIDTH - LEFT, HEIGHT - 50, f"Sida {number} av {len(pages)}")
        y = HEIGHT - 130
        for label, title, lines in sections:
            _text(pdf, LEFT, y, f"{label} {title}", BOLD, 12)
            y -= 20
            for line in lines:
                _text(pdf, LEFT, y, line)
                y -= 16
            y -= 14
        _text(pdf, LEFT, 40, "Justerandes sign", REGULAR, 8)
        _text(pdf, 300, 40, "Utdragsbestyrkande", REGULAR, 8)
        pdf.showPage()
    pdf.save()


def kommun(path: Path) -> None:
    """Cover grid (label | value), then one § a page under a running header that repeats the § under way:
    'Kommunstyrelsen | Protokoll | KS § 12 | Sida 2'; sub-paragraphs 'KS § 14 a' and 'KS § 14 b'."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    _text(pdf, LEFT, HEIGHT - 60, "SJÖVIKS KOMMUN", BOLD, 16)
    grid = [("Organ", "Kommunstyrelsen"), ("Sammanträdesdatum", "2026-03-16"), ("Plats och tid", "Kommunhuset, kl. 13.00-15.30"),
            ("Paragrafer", "KS § 12-15")]
    for row, (label, value) in enumerate(grid):
        _text(pdf, LEFT, HEIGHT - 120 - 20 * row, label, BOLD)
        _text(pdf, 220, HEIGHT - 120 - 20 * row, value)
    _text(pdf, LEFT, HEIGHT - 230, "Beslutande", BOLD)
    for row, name in enumerate(["Lena Holm (S), ordförande", "Karl Berg (M)", "Eva Nyström (C)"]):
        _text(pdf, LEFT, HEIGHT - 250 - 16 * row, name)
    pdf.showPage()
    sections = [("KS § 12", "Val av justerare", ["Karl Berg utses att justera protokollet."]),
                ("KS § 13", "Budget 2027", ["Kommunstyrelsen föreslår fullmäktige att anta budgeten.",
                                           "Tidigare behandling: Kommunstyrelsen 2026-02-10, KS § 4"]),
                ("KS § 14 a", "Motion om cykelbanor", ["Motionen bifalls."]),
                ("KS § 14 b", "Motion om belysning", ["Motionen avslås."]),
                ("KS § 15", "Anmälningar", ["Anmälningarna läggs till handlingarna."])]
    for page, (label, title, lines) in enumerate(sections, 2):
        header = [("Kommunstyrelsen", LEFT), ("Protokoll", 220), (label, 330), (f"Sida {page}", 470)]
        for text, x in header:
            _text(pdf, x, HEIGHT - 45, text, REGULAR, 9)
        _text(pdf, LEFT, HEIGHT - 57, "2026-03-16", REGULAR, 9)
        _text(pdf, LEFT, HEIGHT - 110, f"{label} {title}", BOLD, 12)
        for row, line in enumerate(lines):
            _text(pdf, LEFT, HEIGHT - 132 - 16 * row, line)
        _text(pdf, LEFT, 45, "Justerandes sign", REGULAR, 8)
        pdf.showPage()
    pdf.save()


def finlandssvensk(path: Path) -> None:
    """A Finland-Swedish town: cover grid, '10 §' labels in the margin, a header 'Protokoll | 11 § | 24.05.2023 | Sida'
    with the page number on the line below, dates written 24.5.2023."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    _text(pdf, LEFT, HEIGHT - 60, "Protokoll", BOLD, 12)
    _text(pdf, 220, HEIGHT - 60, "4/2023")
    for row, (label, value) in enumerate([("Organ", "Tekniska nämnden"), ("Sammanträdestid", "24.5.2023 kl. 17.00-19.10"),
                                          ("Sammanträdesplats", "Stadshuset, Storgatan 7"), ("Ärenden", "10-12 §")]):
        _text(pdf, LEFT, HEIGHT - 90 - 16 * row, label, BOLD)
        _text(pdf, 220, HEIGHT - 90 - 16 * row, value)
    _text(pdf, LEFT, HEIGHT - 180, "Det justerade protokollet publiceras på www.solby.fi 1.6.2023.")
    _text(pdf, LEFT, HEIGHT - 196, "Solby stad")
    pdf.showPage()
    sections = [("10 §", "Sammanträdets laglighet och beslutförhet", ["Nämnden konstaterar att mötet är lagligt."]),
                ("11 §", "Gatubelysning i centrum", ["Tidigare behandling: Tekniska nämnden 12.4.2023, 31 §",
                                                     "Förslag:", "Nämnden godkänner planen för ny belysning."]),
                ("12 §", "Övriga ärenden", ["Inga övriga ärenden."])]
    for page, (label, title, lines) in enumerate(sections, 1):
        _text(pdf, LEFT, HEIGHT - 40, "Protokoll", REGULAR, 10)
        _text(pdf, 200, HEIGHT - 40, label, REGULAR, 10)
        _text(pdf, 300, HEIGHT - 40, "24.05.2023", REGULAR, 10)
        _text(pdf, 480, HEIGHT - 40, "Sida", REGULAR, 10)
        _text(pdf, LEFT, HEIGHT - 54, "Tekniska nämnden", REGULAR, 10)
        _text(pdf, 480, HEIGHT - 54, str(page), REGULAR, 10)
        _text(pdf, INDENT, HEIGHT - 100, title, BOLD, 12)
        _text(pdf, LEFT, HEIGHT - 100, label, BOLD, 12)  # the label drawn after its title, left of it
        for row, line in enumerate(lines):
            _text(pdf, INDENT, HEIGHT - 122 - 16 * row, line)
        pdf.showPage()
    pdf.save()


def region(path: Path) -> None:
    """A region's board: 'RS § 14' with decisions numbered under it ('RS § 14:1', 'RS § 14:2'), a half ('RS § 15½')."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    _text(pdf, LEFT, HEIGHT - 50, "Region Västerlunda", BOLD, 14)
    _text(pdf, LEFT, HEIGHT - 70, "Regionstyrelsen, protokoll 2025-11-04")
    y = HEIGHT - 120
    for label, title, line in [("RS § 14", "Hälso- och sjukvårdens budget", "Regionstyrelsen behandlar budgeten i två delar."),
                               ("RS § 14:1", "Budget för primärvården", "Regionstyrelsen fastställer 812 miljoner kronor."),
                               ("RS § 14:2", "Budget för specialistvården", "Regionstyrelsen fastställer 1 240 miljoner kronor."),
                               ("RS § 15", "Kollektivtrafik", "Regionstyrelsen godkänner trafikplanen."),
                               ("RS § 15½", "Tillägg om nattrafik", "Nattrafiken förlängs till klockan 02.00."),
                               ("RS § 16", "Mötets avslutande", "Ordföranden avslutar mötet.")]:
        _text(pdf, LEFT, y, f"{label} {title}", BOLD, 12)
        _text(pdf, LEFT, y - 18, line)
        y -= 52
    pdf.showPage()
    pdf.save()


def forening(path: Path) -> None:
    """An association's minutes: a title 'Styrelsemöte - Fågelsångens vänner', fields, then sections headed by bold
    lines without numbers; a sub-heading in bold body size under 'Övriga frågor'; a bulleted agenda."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    _text(pdf, LEFT, HEIGHT - 60, "Styrelsemöte - Fågelsångens vänner", BOLD, 16)
    _text(pdf, LEFT, HEIGHT - 84, "Datum: 2024-10-02", BOLD, 10)
    _text(pdf, LEFT, HEIGHT - 98, "Sekreterare: Maja Ek", BOLD, 10)
    y = HEIGHT - 130
    for title, lines, sub in [("Närvarande", ["Maja Ek, Olle Ström, Siv Berg"], None),
                              ("Mötets öppnande", ["Ordföranden öppnade mötet."], None),
                              ("Fågelholkar i parken", ["Föreningen bygger tjugo nya holkar.", "Olle samordnar arbetet."], None),
                              ("Ekonomi", ["Kassan är 14 200 kronor."], None),
                              ("Övriga frågor", [], ("Höstutflykten", ["Utflykten går till Tåkern den 12 oktober."])),
                              ("Mötets avslutande", ["Ordföranden avslutade mötet."], None)]:
        _text(pdf, LEFT, y, title, BOLD, 13)
        y -= 20
        for line in lines:
            _text(pdf, LEFT, y, line, REGULAR, 10)
            y -= 14
        if sub:
            _text(pdf, LEFT, y, sub[0], BOLD, 10)
            y -= 14
            for line in sub[1]:
                _text(pdf, LEFT, y, line, REGULAR, 10)
                y -= 14
        y -= 12
    pdf.showPage()
    pdf.save()


BYALAG_POINTS = ["Ordföranden hälsade alla välkomna och förklarade mötet öppnat.", "Dagordningen godkändes.",
                 "Mötet förklarades behörigen utlyst.", "Till ordförande för mötet valdes Stina Holm.",
                 "Till sekreterare för mötet valdes Nils Ek.", "Till justerare valdes Tor Berg och Ada Lind.",
                 "Kassören redovisade årets inkomster och utgifter.", "Styrelsen beviljades ansvarsfrihet.",
                 "Inga övriga frågor anmäldes.", "Ordföranden förklarade mötet avslutat."]


def byalag(path: Path) -> None:
    """A village association's general meeting: the name quoted in the title's second line, points 'N/' in bold
    alone on their lines, each point one sentence, two pages under a tall footer (signature boxes and the address),
    and a signature whose scribble reads as a number after the last point."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    _text(pdf, LEFT, HEIGHT - 60, "Protokoll från allmänt möte 2020-08-15", BOLD, 13)
    _text(pdf, LEFT, HEIGHT - 78, "med delägarna i ”Norrby Byalag av år 1931”", BOLD, 13)
    _text(pdf, LEFT, HEIGHT - 110, "Närvarande:\tNorrby 1:2 Stina Holm, Norrby 1:3 Nils Ek", REGULAR, 10)
    y = HEIGHT - 150
    for number, sentence in enumerate(BYALAG_POINTS, 1):
        if number == 6:
            pdf.showPage()
            y = HEIGHT - 80
        _text(pdf, LEFT, y, f"{number}/", BOLD, 11)
        _text(pdf, LEFT, y - 15, sentence, REGULAR, 11)
        y -= 44
        if number in (5, 10):  # the footer of each page: signature boxes and the address, a fifth of the page high
            for row, line in enumerate(("Justerandes sign\tUtdragsbestyrkande", "Ordförande\tSekreterare",
                                        "Norrby Byalag · Byvägen 1 · 123 45 Norrby")):
                for k, cell in enumerate(line.split("\t")):
                    _text(pdf, LEFT + 240 * k, 150 - 30 * row, cell, REGULAR, 8)
    _text(pdf, LEFT, y - 10, "4 V/A J", REGULAR, 11)  # a scribbled signature, read as text
    _text(pdf, LEFT, y - 26, "Stina Holm", REGULAR, 11)
    pdf.showPage()
    pdf.save()


STAMMA_POINTS = [("Val av stämmoordförande", "Till ordförande för stämman valdes Lena Sjöberg."),
                 ("Val av protokollförare", "Till protokollförare valdes Jonas Ek."),
                 ("Val av justerare", "Till justerare tillika rösträknare valdes Mira Holm och Sten Åberg."),
                 ("Fastställande av röstlängd", "Röstlängden fastställdes till 23 röstberättigade medlemmar."),
                 ("Styrelsens årsredovisning", "Årsredovisningen föredrogs och lades till handlingarna."),
                 ("Fråga om ansvarsfrihet", "Stämman beviljade styrelsen ansvarsfrihet för räkenskapsåret."),
                 ("Stämmans avslutande", "Ordföranden tackade de närvarande och avslutade stämman.")]


def stamma(path: Path, opening: bool = True) -> None:
    """A housing cooperative's annual meeting: a title, the cooperative's name in the headings' style over the cover's
    fields, an opening section left unnumbered ('Stämmans öppnande', set like the numbered headings after it), then
    '1. Val av stämmoordförande' …; `opening=False` draws the same protocol without its opening section."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    _text(pdf, LEFT, HEIGHT - 60, "Protokoll fört vid ordinarie föreningsstämma", BOLD, 15)
    _text(pdf, LEFT, HEIGHT - 90, "Bostadsrättsföreningen Lärkträdet", BOLD, 11)
    _text(pdf, LEFT, HEIGHT - 106, "Datum: 2025-04-22", REGULAR, 11)
    _text(pdf, LEFT, HEIGHT - 120, "Plats: Föreningslokalen, Lärkvägen 4", REGULAR, 11)
    y = HEIGHT - 156
    sections = [("Stämmans öppnande", "Styrelsens ordförande Lena Sjöberg hälsade alla välkomna och öppnade stämman.")]
    sections = (sections if opening else []) + [(f"{n}. {title}", text) for n, (title, text) in enumerate(STAMMA_POINTS, 1)]
    for heading, text in sections:
        _text(pdf, LEFT, y, heading, BOLD, 11)
        _text(pdf, LEFT, y - 16, text, REGULAR, 11)
        y -= 42
    pdf.showPage()
    pdf.save()


SAMFALLIGHET_POINTS = [("Stämmans öppnande.", "Stämman öppnades av ordföranden Gun Ask."),
                       ("Stämmans behöriga utlysande.", "Stämman ansågs vara behörigt utlyst."),
                       ("Val av två justeringsmän tillika rösträknare för stämman.", ""),
                       ("Styrelsens verksamhetsberättelse.", "Berättelsen lades till handlingarna."),
                       ("Val av styrelse", ""),
                       ("Övrigt", ""),
                       ("Stämmoprotokoll.", "Protokollet finns hos ordföranden och sekreteraren."),
                       ("Stämmans avslutning.", "Ordföranden tackade alla närvarande och avslutade stämman.")]


def samfallighet(path: Path) -> None:
    """A joint property association's annual meeting: its name in capitals, the meeting's year in the title and its
    day under it without the year ('Onsdagen den 26 mars'), '§ N. Title.' in bold with the text run on after it in
    plain type, so that only the points whose title stands alone are bold lines."""
    from reportlab.pdfgen import canvas
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pdf = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    _text(pdf, LEFT, HEIGHT - 60, "EKBACKENS SAMFÄLLIGHETSFÖRENING", BOLD, 14)
    _text(pdf, LEFT, HEIGHT - 78, "Protokoll från ordinarie årsmöte år 2025", BOLD, 12)
    _text(pdf, LEFT, HEIGHT - 94, "Onsdagen den 26 mars kl 18.30 Plats: skolans matsal.", REGULAR, 11)
    y = HEIGHT - 130
    for number, (title, text) in enumerate(SAMFALLIGHET_POINTS, 1):
        heading = f"§ {number}. {title}"
        _text(pdf, LEFT, y, heading, BOLD, 11)
        if text:
            _text(pdf, LEFT + stringWidth(heading + " ", BOLD, 11), y, text, REGULAR, 11)
        else:
            y -= 15
            _text(pdf, LEFT, y, "Karin Ek och Olle Berg valdes, båda för två år.", REGULAR, 11)
        y -= 22
    pdf.showPage()
    pdf.save()


KOLLEKTIVHUS_POINTS = [("Val av mötets ordförande", ["Till mötets ordförande valdes Eva Lind."]),
                       ("Fråga om godkännande av kallelse och dagordning",
                        ["Mötet godkände att kallelse skett korrekt.", "Dagordningen godkändes med en ändring."]),
                       ("Val av styrelse", ["Till ordförande valdes Per Holm.", "Till ledamöter valdes Sara Ek och Ali Berg."]),
                       ("Övriga ärenden", ["Trädgårdsgruppen får en ny gräsklippare."])]


def kollektivhus(path: Path) -> None:
    """A residents' association's annual meeting: agenda points 'Punkt N – Title' in bold, each with one or more
    decisions '§ N text' under it (the § are the protocol's labels, more of them than points), a running header
    naming the meeting with 'Sida N av M', and the title naming the association in the genitive before its meeting."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    paragraph, page, y = 0, 1, HEIGHT - 150
    _text(pdf, LEFT, HEIGHT - 110, "Protokoll fört vid Kollektivhusföreningen Ekbackens årsmöte torsdagen", REGULAR, 11)
    _text(pdf, LEFT, HEIGHT - 124, "20 februari 2025 i matsalen, klockan 19.00", REGULAR, 11)
    for number, (title, decisions) in enumerate(KOLLEKTIVHUS_POINTS, 1):
        if number == 3:
            pdf.showPage()
            page, y = 2, HEIGHT - 110
        if y > HEIGHT - 155:
            _text(pdf, LEFT, HEIGHT - 50, f"Årsmöte Kollektivhusföreningen Ekbacken 250220, Sida {page} av 2", REGULAR, 9)
        _text(pdf, LEFT, y, f"Punkt {number} – {title}", BOLD, 11)
        for decision in decisions:
            paragraph += 1
            y -= 16
            _text(pdf, LEFT, y, f"§ {paragraph}", REGULAR, 11)
            _text(pdf, LEFT + 40, y, decision, REGULAR, 11)
        y -= 28
    pdf.showPage()
    pdf.save()


CLUB_TITLE = "Protokoll fört vid styrelsemöte i Ekbacka Hockey tisdagen den 11 mars 2025"
CLUB_COVER = ["Plats: Ekbackahallen, kansliet", "Närvarande: Lina Holm, ordförande; Omar Said; Eva Lund;",
              "Kent Berg, fritidskonsulent, Norrviks kommun (punkt 4)"]
CLUB_POINTS = [("Mötets öppnande", "Lina Holm öppnade mötet och hälsade alla välkomna."),
               ("Val av justerare", "Eva Lund valdes att justera protokollet."),
               ("Föregående protokoll", "Protokollet från den 11 februari lades till handlingarna."),
               ("Istider i Ekbackahallen", "Norrviks kommun fördelar istiderna för hösten i maj. Norrviks kommun vill"
                " ha klubbens önskemål senast den 15 april. Styrelsen beslutade att Omar Said sammanställer dem."),
               ("Ekonomi", "Kassan var 48 300 kronor. Bidraget från Norrviks kommun betalas ut i juni."),
               ("Övriga frågor", "Inga övriga frågor."),
               ("Mötets avslutande", "Ordföranden tackade och avslutade mötet.")]


def club_lines() -> list[str]:
    """The sports club's protocol as lines of text: its name in capitals, a title naming it without a kind word,
    the cover's fields (an attendee of the municipality), and numbered points 'N. Title' over their text."""
    lines = ["EKBACKA HOCKEY", CLUB_TITLE, *CLUB_COVER]
    for number, (title, text) in enumerate(CLUB_POINTS, 1):
        lines += [f"{number}. {title}", text]
    return lines


def idrottsklubb(path: Path) -> None:
    """A sports club's board meeting: the club's name in capitals at the top, no kind word in it ('Ekbacka
    Hockey'); the title 'Protokoll fört vid styrelsemöte i …'; points '1.', '2.' in bold at the left margin over
    plain text; a running header 'Ekbacka Hockey · Styrelsemöte 2025-03-11 · Sida N' on the second page; the
    municipality named by an attendee and in the text, more often than the club."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    _text(pdf, LEFT, HEIGHT - 60, "EKBACKA HOCKEY", BOLD, 16)
    _text(pdf, LEFT, HEIGHT - 84, CLUB_TITLE, BOLD, 11)
    y = HEIGHT - 110
    for line in CLUB_COVER:
        _text(pdf, LEFT, y, line, REGULAR, 10)
        y -= 14
    y -= 14
    for number, (title, text) in enumerate(CLUB_POINTS, 1):
        if number == 5:
            pdf.showPage()
            _text(pdf, LEFT, HEIGHT - 40, "Ekbacka Hockey · Styrelsemöte 2025-03-11 · Sida 2", REGULAR, 8)
            y = HEIGHT - 90
        _text(pdf, LEFT, y, f"{number}. {title}", BOLD, 11)
        for k in range(0, len(text), 90):
            y -= 14
            _text(pdf, LEFT, y, text[k:k + 90], REGULAR, 11)
        y -= 24
    pdf.showPage()
    pdf.save()


KYRKORAD_ITEMS = [("Sammanträdets öppnande", ["Ordföranden Maria Ek öppnade sammanträdet."], []),
                  ("Val av justerare", ["Till justerare valdes Olof Lind."], []),
                  ("Budget för år 2026", ["Kyrkoherden föredrog förslaget till budget.", "Kyrkorådet beslutade"],
                   ["1. att fastställa budgeten enligt förslaget,", "2. att höja anslaget till barnverksamheten,",
                    "3. att uppdra åt kansliet att redovisa utfallet i juni."]),
                  ("Renovering av församlingshemmet", ["Offerter har kommit från tre byggfirmor. Arbetet bör vara klart",
                   "före advent. Kyrkorådet beslutade att anta den lägsta offerten och att arbetet följs upp i oktober."], []),
                  ("Övriga frågor", ["Inga övriga frågor anmäldes."], []),
                  ("Sammanträdets avslutande", ["Ordföranden avslutade sammanträdet."], [])]


def kyrkorad(path: Path, dash: bool = False) -> None:
    """A parish council's minutes: the parish as letterhead over the title, items 'Ärende N' in bold at the left margin
    (the word standing where '§' would; with `dash`, '§ N – Title'), a decision whose text lists its parts '1.', '2.', '3.' indented, an item
    whose text runs over a page break, and a 'Justerandes sign' footer on every page."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    _text(pdf, LEFT, HEIGHT - 60, "Ekbacka församling", BOLD, 16)
    _text(pdf, LEFT, HEIGHT - 84, "Protokoll från kyrkorådets sammanträde 2025-09-18", BOLD, 12)
    _text(pdf, LEFT, HEIGHT - 104, "Plats: Församlingshemmet, Ekbacka", REGULAR, 10)
    _text(pdf, LEFT, HEIGHT - 118, "Närvarande: Maria Ek, ordförande; Olof Lind; Sara Nyström; Per Holm", REGULAR, 10)
    y, page = HEIGHT - 150, 1

    def footer() -> None:
        _text(pdf, LEFT, 40, "Justerandes sign ................", REGULAR, 8)
        _text(pdf, WIDTH - 110, 40, f"Sida {page}", REGULAR, 8)

    for number, (title, text, listed) in enumerate(KYRKORAD_ITEMS, 1):
        _text(pdf, LEFT, y, f"§ {number} – {title}" if dash else f"Ärende {number} {title}", BOLD, 11)
        for k, line in enumerate(text + listed):
            if number == 4 and k == 1:  # the item's text runs over onto the next page
                footer()
                pdf.showPage()
                page, y = 2, HEIGHT - 70
            y -= 14
            _text(pdf, INDENT - 60 if line in listed else LEFT, y, line, REGULAR, 11)
        y -= 26
    footer()
    pdf.showPage()
    pdf.save()


LAYOUTS = [
    Layout("samordningsforbund", "Samordningsförbundet Norrhavet", "styrelsen", "2026-05-29",
           ["35", "36", "37", "38", "39"], samordningsforbund),
    Layout("kommun", "Sjöviks kommun", "kommunstyrelsen", "2026-03-16", ["12", "13", "14 a", "14 b", "15"], kommun),
    Layout("finlandssvensk", "Solby stad", "tekniska nämnden", "2023-05-24", ["10", "11", "12"], finlandssvensk),
    Layout("region", "Region Västerlunda", "regionstyrelsen", "2025-11-04", ["14", "14:1", "14:2", "15", "15½", "16"], region),
    Layout("forening", "Fågelsångens vänner", "styrelsen", "2024-10-02",
           ["Mötets öppnande", "Fågelholkar i parken", "Ekonomi", "Övriga frågor", "Mötets avslutande"], forening),
    Layout("byalag", "Norrby Byalag", "allmänt möte", "2020-08-15", [str(n) for n in range(1, 11)], byalag),
    Layout("stamma", "Bostadsrättsföreningen Lärkträdet", "föreningsstämman", "2025-04-22",
           ["Stämmans öppnande"] + [str(n) for n in range(1, 8)], stamma),
    Layout("samfallighet", "Ekbackens Samfällighetsförening", "årsmöte", "2025-03-26", [str(n) for n in range(1, 9)],
           samfallighet),
    Layout("kollektivhus", "Kollektivhusföreningen Ekbacken", "årsmöte", "2025-02-20", [str(n) for n in range(1, 7)],
           kollektivhus),
    Layout("idrottsklubb", "Ekbacka Hockey", "styrelsen", "2025-03-11", [str(n) for n in range(1, 8)], idrottsklubb),
    Layout("kyrkorad", "Ekbacka församling", "kyrkorådet", "2025-09-18", [str(n) for n in range(1, 7)], kyrkorad),
]
