"""Specification of the topic timeline on invented protocols: every § on the topic in date order, and
nothing on a topic the archive does not hold. Whether a § is on the topic is the relevance model's
decision (assistant/answer/support.py `on_its_own`), not a word list or a similarity threshold."""

from __future__ import annotations

import pytest

from assistant.prepare.timeline import timeline

HEADER = "PROTOKOLL\n\nSamordningsförbundet Lindmo, styrelsen\n\nDatum: {date}\n\n"
MEETINGS = {
    "2024-03-12": [
        ("Mötets öppnande", "Ordföranden Tove Ekdahl hälsade välkommen och öppnade mötet."),
        ("Val av justerare", "Styrelsen väljer Pelle Runeby att justera protokollet."),
        ("Cykelpool för deltagare", "Förbundschefen Mira Sandell föreslår att förbundet startar en cykelpool med "
         "tolv elcyklar som deltagare i insatserna kan låna för resor till praktikplatser. Kostnaden beräknas till "
         "180 000 kronor. Beslut: Styrelsen beslutar att ge förbundschefen i uppdrag att ta fram ett underlag om cykelpoolen."),
        ("Årsredovisning 2023", "Ekonomen redovisade årsredovisningen för 2023 med ett överskott om 412 000 kronor. "
         "Beslut: Styrelsen godkänner årsredovisningen och överlämnar den till medlemmarna."),
        ("Nya lokaler för kansliet", "Hyresavtalet för kansliet på Storgatan löper ut i december. "
         "Beslut: Styrelsen beslutar att förlänga hyresavtalet med två år."),
    ],
    "2024-09-18": [
        ("Mötets öppnande", "Ordföranden öppnade mötet."),
        ("Cykelpoolen, underlag", "Förbundschefen redovisade underlaget om cykelpoolen: elcyklarna köps in via kommunens "
         "ramavtal och förvaras vid arbetsmarknadsenheten. Beslut: Styrelsen beslutar att inrätta cykelpoolen inom en "
         "ram av 180 000 kronor."),
        ("Delårsrapport", "Delårsrapporten per augusti visar en prognos om ett litet underskott. "
         "Beslut: Styrelsen lägger delårsrapporten till handlingarna."),
        ("Utbildning i motiverande samtal", "Personalen i insatsen Steget har gått en utbildning i motiverande samtal. "
         "Informationen läggs till handlingarna."),
    ],
    "2025-02-11": [
        ("Mötets öppnande", "Ordföranden öppnade mötet."),
        ("Uppföljning av cykelpoolen", "Under hösten lånades elcyklarna ut 64 gånger och fem deltagare har tack vare "
         "cykelpoolen kunnat ta sig till en praktikplats. Beslut: Styrelsen beslutar att cykelpoolen fortsätter under 2025."),
        ("Verksamhetsplan 2025", "Förbundschefen presenterade verksamhetsplanen med fokus på unga vuxna. "
         "Beslut: Styrelsen fastställer verksamhetsplanen för 2025."),
        ("Rekrytering av ekonom", "Ekonomen går i pension i maj. Beslut: Styrelsen beslutar att rekrytera en ny ekonom på halvtid."),
    ],
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from index.pipeline import index_paths
    from index.store.archive import Store

    folder = tmp_path_factory.mktemp("lindmo")
    for day, paragraphs in MEETINGS.items():
        text = HEADER.format(date=day) + "".join(f"§ {n} {title}\n\n{body}\n\n" for n, (title, body) in enumerate(paragraphs, 1))
        (folder / f"lindmo-styrelsen-{day}.txt").write_text(text, encoding="utf-8")
    store = Store(tmp_path_factory.mktemp("lindmo-store"))
    assert index_paths(store, [folder]).count("indexed") == 3
    return store


def test_every_paragraph_on_the_topic_in_date_order(store) -> None:
    entries = timeline(store, "cykelpool")
    assert [(e.date, e.paragraph) for e in entries] == [("2024-03-12", 3), ("2024-09-18", 2), ("2025-02-11", 2)]
    assert all("cykelpool" in e.text for e in entries)  # the sentence that names the topic
    assert entries[-1].citation.label() == "(Samordningsförbundet Lindmo, styrelsen 2025-02-11, § 2)"


def test_a_topic_the_archive_does_not_hold_lists_nothing(store) -> None:
    assert timeline(store, "julbord") == []
    assert timeline(store, "tjänstebilar") == []

