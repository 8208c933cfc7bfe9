"""Every word the page shows, in Swedish and in English: one table, read through `t`.

The page follows the conversation's language: Swedish by default, English after an English question or the
language switch. No module of assistant/ui writes a visible string of its own (tests/test_ui_texts.py checks);
protocol text is never translated (there is no offline translator), and the answers' own frames are made with
the answer (assistant/answer/compose.py), the brief's with the brief (assistant/prepare/brief.py). Gradio's
own words come from its frontend's translations (assistant/ui/page.py sets their language).
"""

from __future__ import annotations

LANGUAGES = ("sv", "en")

# key -> (Swedish, English). A value may hold {placeholders} for str.format, or be a tuple of words.
TEXTS: dict[str, tuple[str, str] | tuple[tuple[str, ...], tuple[str, ...]]] = {
    # --- the page -----------------------------------------------------------------------------------------
    "title": ("Paragraf", "Paragraf"),
    "language_names": (("Svenska", "English"), ("Svenska", "English")),  # each language by its own name
    "intro": ("# Paragraf\nFråga styrelseprotokollen. Varje svar citerar de paragrafer (§) det bygger på.",
              "# Paragraf\nAsk the board minutes. Every answer cites the paragraphs (§) it rests on."),
    "language": ("Språk", "Language"),
    "tab_chat": ("Fråga protokollen", "Ask the minutes"),
    "tab_prepare": ("Inför mötet", "Before the meeting"),
    "login": ("Paragraf: logga in för att fråga protokollen.", "Paragraf: log in to ask the minutes."),
    # --- the chat -------------------------------------------------------------------------------------------
    "chat": ("Samtal", "Conversation"),
    "chat_placeholder": ("Ställ en fråga om protokollen, på svenska eller engelska.",
                         "Ask about the minutes, in Swedish or English."),
    "question": ("Fråga", "Question"),
    "question_placeholder": ("Skriv en fråga och tryck Enter …", "Type a question and press Enter …"),
    "send": ("Fråga", "Ask"),
    "clear": ("Ny konversation", "New conversation"),
    "examples": ("Prova", "Try"),
    "example_questions": (("Vad beslutade styrelsen om ESF-medel?", "Vilka beslut fattades på styrelsemötet 2025-09-29?",
                           "Vad sades om årsredovisningen 2025?", "What did the board decide about ESF funding?"),
                          ("What did the board decide about ESF funding?", "Which decisions were made at the board meeting "
                           "on 2025-09-29?", "What was said about the 2025 annual report?",
                           "Vad beslutade styrelsen om ESF-medel?")),
    "searching": ("Söker i protokollen …", "Searching the minutes …"),
    "unchecked": ("_Skrivs … källorna kontrolleras när svaret är klart._",
                  "_Writing … the sources are checked when the answer is complete._"),
    "not_answered": ("Frågan kunde inte besvaras: {reason}.", "The question could not be answered: {reason}."),
    "failed": ("Något gick fel när frågan skulle besvaras. Försök igen, eller formulera frågan på ett annat sätt.",
               "Something went wrong while answering. Please try again, or phrase the question differently."),
    # --- what an answer was limited to ------------------------------------------------------------------------
    "scope": ("Avgränsning", "Scope"),
    "scope_intro": ("Svaret gäller bara:", "The answer covers only:"),
    "scope_none": ("Svaret gäller hela arkivet.", "The answer covers the whole archive."),
    "scope_from_question": ("ur frågan", "from the question"),
    "scope_from_previous_turn": ("från förra frågan", "from the previous question"),
    "scope_from_filters": ("från filtren", "from the filters"),
    "scope_chip": ("{value} ({source}) ✕", "{value} ({source}) ✕"),
    "scope_remove": ("Ta bort avgränsningen och svara igen", "Remove this limit and answer again"),
    "unscoped": ("Ny fråga utan avgränsning", "New question without limits"),
    "unscoped_done": ("Nästa fråga ställs utan avgränsning: filtren är rensade och tidigare frågor räknas inte in.",
                      "The next question is asked without limits: the filters are cleared and earlier questions do "
                      "not count."),
    # --- filters ------------------------------------------------------------------------------------------------
    "filters": ("Filter (gäller nästa fråga)", "Filters (apply to the next question)"),
    "organisation": ("Organisation", "Organisation"),
    "body": ("Organ", "Body"),
    "all": ("Alla", "All"),
    "date_from": ("Från datum", "From date"),
    "date_to": ("Till datum", "To date"),
    "date_placeholder": ("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
    "reset": ("Rensa filter", "Clear filters"),
    "bad_date": ("{name} måste vara ett datum som ÅÅÅÅ-MM-DD, inte '{value}'",
                 "{name} must be a date like YYYY-MM-DD, not '{value}'"),
    "dates_reversed": ("Från datum ({start}) ligger efter Till datum ({end})", "From date ({start}) is after To date ({end})"),
    # --- the Källor panel -----------------------------------------------------------------------------------------
    "sources": ("Källor", "Sources"),
    "refs_info": ("Klicka på en källa för att läsa hela paragrafen.", "Click a source to read the whole paragraph."),
    "no_sources": ("Inga källor att visa.", "No sources to show."),
    "pick_source": ("Välj en källa ovan, eller klicka på ett nummer [n] i texten, för att läsa hela paragrafen.",
                    "Choose a source above, or click a number [n] in the text, to read the whole paragraph (in Swedish)."),
    "gone": ("Paragrafen finns inte längre i arkivet (den har indexerats om eller tagits bort).",
             "This paragraph is no longer in the archive (it was re-indexed or removed)."),
    "quoted": ("Citerat:", "Quoted:"),
    "no_number": ("utan §-nummer", "no § number"),
    "unknown_date": ("okänt", "unknown"),
    "unknown_organisation": ("okänd organisation", "organisation unknown"),
    "meta": (("Organisation", "Organ", "Mötesdatum", "Paragraf", "Rubrik", "Källfil"),
             ("Organisation", "Body", "Meeting date", "Paragraph", "Title", "Source file")),
    "paragraph_text": ("Paragrafens text", "The paragraph's text"),
    "page": ("sidan {page}", "page {page}"),
    "open_original": ("Öppna originalet", "Open the original"),
    "open_original_page": ("Öppna originalet på sidan {page}", "Open the original at page {page}"),
    # --- the archive: meetings, upload, removal, correction ------------------------------------------------------
    "meetings": ("Arkivets möten", "Meetings in the archive"),
    "meeting_headers": (("Organisation", "Organ", "Datum", "Antal §", "Fil"),
                        ("Organisation", "Body", "Date", "Number of §", "File")),
    "upload": ("Lägg till protokoll (PDF, DOCX, TXT, MD; högst {mb} MB per fil)",
               "Add minutes (PDF, DOCX, TXT, MD; at most {mb} MB a file)"),
    "uploading": ("Laddar upp …", "Uploading …"),
    "upload_cancel": ("Avbryt", "Cancel"),
    "no_files": ("Inga filer valdes.", "No files were chosen."),
    "saving": ("sparas", "being saved"),
    "waiting": ("väntar på sin tur", "waiting its turn"),
    "reading": ("läses", "being read"),
    "reading_pages": ("läser sida {done} av {total}", "reading page {done} of {total}"),
    "reading_ocr": ("läser skannad sida {done} av {total} med textigenkänning (OCR)",
                    "reading scanned page {done} of {total} by text recognition (OCR)"),
    "parsing": ("delas upp i paragrafer", "being divided into paragraphs"),
    "indexing": ("indexeras: {n} §", "being indexed: {n} §"),
    "slow": ("Det här tar en stund ({minutes} min hittills): skannade sidor läses med OCR, några sekunder per sida. "
             "Du kan fråga under tiden.",
             "This takes a while ({minutes} min so far): scanned pages are read by OCR, a few seconds a page. "
             "You can ask questions meanwhile."),
    "outcome_indexed": ("Indexerad: {n} §, möte {date}, {organisation}", "Indexed: {n} §, meeting {date}, {organisation}"),
    "outcome_unchanged": ("Redan indexerad, oförändrad", "Already indexed, unchanged"),
    "outcome_duplicate": ("Inte indexerad: samma innehåll som en fil i arkivet ({reason})",
                          "Not indexed: the same content as a file in the archive ({reason})"),
    "outcome_refused": ("Kunde inte läsas: {reason}", "Could not be read: {reason}"),
    "outcome_removed": ("Borttagen ur arkivet", "Removed from the archive"),
    "outcome_cancelled": ("Avbruten: inget från filen lades till", "Cancelled: nothing from the file was added"),
    "upload_summary": ("{indexed} av {total} filer indexerade.", "{indexed} of {total} files indexed."),
    "not_saved": ("kunde inte sparas; försök igen", "could not be saved; please try again"),
    "read_only": ("en ledamot läser protokollen; sekreteraren lägger till dem", "a member reads the minutes; the secretary adds them"),
    "index_failed": ("Indexeringen avbröts av ett fel; inget annat i arkivet påverkades. Försök igen.",
                     "Indexing stopped on an error; nothing else in the archive was affected. Please try again."),
    "bad_name": ("{name}: inget användbart filnamn", "{name}: not a usable file name"),
    "bad_dots": ("{name}: filnamnet får inte innehålla '..'", "{name}: file name must not contain '..'"),
    "bad_type": ("{name}: filtypen stöds inte (stöds: {types})", "{name}: unsupported file type (supported: {types})"),
    "too_big": ("{name}: {size:.1f} MB är över gränsen {limit} MB", "{name}: {size:.1f} MB is over the limit of {limit} MB"),
    "remove_choice": ("Ta bort ett möte ur arkivet", "Remove a meeting from the archive"),
    "remove_ask": ("Ta bort …", "Remove …"),
    "remove_confirm": ("Ja, ta bort", "Yes, remove"),
    "confirm_remove": ("Ta bort **{meeting}** ur arkivet? Dess paragrafer försvinner ur sökningen; filen finns kvar och "
                       "kan läggas till igen.",
                       "Remove **{meeting}** from the archive? Its paragraphs leave the search; the file stays and can "
                       "be added again."),
    "removed_meeting": ("**{meeting}** är borttaget ur arkivet.", "**{meeting}** was removed from the archive."),
    "pick_meeting": ("Välj ett möte att ta bort.", "Choose a meeting to remove."),
    "correct": ("Rätta ett mötes organisation, organ eller datum", "Correct a meeting's organisation, body or date"),
    "correct_choice": ("Möte att rätta", "Meeting to correct"),
    "correct_date": ("Mötesdatum", "Meeting date"),
    "correct_save": ("Spara rättelsen", "Save the correction"),
    "pick_correct": ("Välj ett möte att rätta (i listan eller i tabellen).",
                     "Choose a meeting to correct (in the list or in the table)."),
    "nothing_changed": ("Inget är ändrat: skriv rätt organisation, organ eller datum i fälten.",
                        "Nothing was changed: type the right organisation, body or date in the fields."),
    "corrected": ("Rättat och indexerat på nytt: **{meeting}**. Rättelsen gäller också när arkivet indexeras om.",
                  "Corrected and indexed again: **{meeting}**. The correction also holds when the archive is re-indexed."),
    "not_corrected": ("Kunde inte rättas: {reason}", "Could not be corrected: {reason}"),
    # --- "Inför mötet" -----------------------------------------------------------------------------------------------
    "prepare_intro": ("Underlag inför ett möte: senaste beslut, öppna uppdrag, uppföljningar, belopp och förslag som "
                      "väntar på styrelsen. Under det: hur en fråga har utvecklats över tid. Varje rad citerar sin §.",
                      "Material for a meeting: the latest decisions, open assignments, follow-ups, amounts and proposals "
                      "awaiting the board. Below it: how a matter developed over time. Every line cites its §."),
    "as_of": ("Per datum", "As of"),
    "as_of_placeholder": ("i dag (ÅÅÅÅ-MM-DD)", "today (YYYY-MM-DD)"),
    "show_brief": ("Visa underlag", "Show the brief"),
    "download": ("Ladda ner (Word)", "Download (Word)"),
    "download_pdf": ("Ladda ner (PDF)", "Download (PDF)"),
    "print": ("Skriv ut", "Print"),
    "choose_org": ("Välj en organisation.", "Choose an organisation."),
    "topic": ("Ämne", "Topic"),
    "topic_placeholder": ("t.ex. medelstilldelning, ESF, årsredovisning", "e.g. medelstilldelning, ESF, årsredovisning"),
    "only_org": ("Bara vald organisation", "Only the chosen organisation"),
    "show_timeline": ("Visa tidslinje", "Show the timeline"),
    "timeline_head": ("### Tidslinje: {topic} ({n} §)", "### Timeline: {topic} ({n} §)"),
    "timeline_none": ("Inga paragrafer om '{topic}'.", "No paragraphs about '{topic}'."),
    "timeline_no_date": ("datum okänt", "date unknown"),
    "need_org": ("välj en organisation", "choose an organisation"),
    "need_topic": ("skriv ett ämne, till exempel medelstilldelning", "type a topic, for example medelstilldelning"),
    "brief_failed": ("Underlaget kunde inte tas fram: {reason}.", "The brief could not be made: {reason}."),
    "brief_error": ("Underlaget kunde inte tas fram på grund av ett fel. Försök igen.",
                    "The brief could not be made because of an error. Please try again."),
    "timeline_failed": ("Tidslinjen kunde inte tas fram: {reason}.", "The timeline could not be made: {reason}."),
    "timeline_error": ("Tidslinjen kunde inte tas fram på grund av ett fel. Försök igen.",
                       "The timeline could not be made because of an error. Please try again."),
    # --- the original file ------------------------------------------------------------------------------------------
    "not_logged_in": ("Inte inloggad", "Not authenticated"),
    "original_gone": ("Mötet eller dess fil finns inte längre i arkivet.", "The meeting or its file is no longer in the archive."),
    "original_cited": ("Den citerade paragrafen är markerad.", "The cited paragraph is marked."),
}


def t(language: str | None, key: str, **values: object):
    """The page's text `key` in the conversation's language (Swedish unless it is English)."""
    text = TEXTS[key][language == "en"]
    return text.format(**values) if values and isinstance(text, str) else text


def language_of(value: str | None) -> str:
    """'en' or 'sv' from what the page sends (the language switch's value)."""
    return "en" if value == "en" else "sv"
