"""Handlers of the archive below the tabs: the meetings table and the filter choices read fresh from the catalog,
protocols added (assistant/ui/upload.py does the work), a meeting removed after a confirmation, a meeting's
organisation, organ or date corrected as `paragraf correct` does."""

from __future__ import annotations

import gradio as gr

from assistant.engine import correct_meeting, reader, remove_as, writer
from assistant.settings import Settings
from assistant.ui.inputs import ALL
from assistant.ui.render import escape_markdown
from assistant.ui.texts import TEXTS, t
from assistant.ui.upload import cancel, index_lock, index_uploads
from index.errors import ParagrafError
from index.parse.corrections import Correction
from index.pipeline import remove_meeting
from index.store.accounts import EVERYTHING, Access


def archive(settings: Settings, language: str = "sv", correcting: str | None = None, *, access: Access = EVERYTHING):
    """The meetings table (the newest settings.meetings_shown), the filter choices and the meetings one can remove or
    correct (`correcting` chosen), read fresh from the catalog, in the page's language: those of the organisations
    `access` reads, and manages."""
    meetings = reader(settings, access).meetings
    newest = meetings[:settings.meetings_shown]
    rows = [[m["organisation"], m["body"], m["date"] or t(language, "unknown_date"), m["paragraphs"], m["source_file"]]
            for m in newest]
    everything = [(t(language, "all"), ALL)]
    organisations = everything + [(o, o) for o in sorted({m["organisation"] for m in meetings})]
    bodies = everything + [(b, b) for b in sorted({m["body"] for m in meetings if m["body"]})]
    removable = [(meeting_name(m), m["id"]) for m in newest if access.manages(m["organisation"])]
    table = gr.Dataframe(value={"data": rows, "headers": list(t(language, "meeting_headers"))},
                         label=t(language, "meetings"))
    return (table, gr.Dropdown(choices=organisations), gr.Dropdown(choices=bodies),
            gr.Dropdown(choices=removable, value=None), gr.Dropdown(choices=removable, value=correcting))


def find_meeting(settings: Settings, meeting_id: str | None, access: Access = EVERYTHING) -> dict | None:
    """The archive's meeting with this id, None when none is chosen, it is gone, or `access` may not manage it."""
    found = next((m for m in reader(settings, access).meetings if m["id"] == meeting_id), None) if meeting_id else None
    return found if found and access.manages(found["organisation"]) else None


def meeting_name(m: dict) -> str:
    return f"{m['organisation']}, {m['body']} {m['date'] or '?'} ({m['source_file']})"


def add_files(settings: Settings, files: list[str] | None, language: str, session: str, *, access: Access = EVERYTHING):
    """Save and index uploads, showing what happens to each file as it happens; the upload box is emptied at once
    (the next drop sends only new files), and the archive's lists are read again at the end. Outputs: the report,
    the upload box, then `archive`'s."""
    first = True
    for report, working in index_uploads(settings, files, language, session, access):
        box, first = (None if first else gr.skip()), False
        if working:
            yield report, box, *[gr.skip()] * 5
        else:
            yield report, box, *archive(settings, language, access=access)


def cancel_upload(session: str):
    """The cancel button: the batch of this session stops; the button goes while the batch ends."""
    cancel(session)
    return gr.Button(visible=False)


def ask_remove(settings: Settings, meeting_id: str | None, language: str = "sv", *, access: Access = EVERYTHING):
    """The first step of removing a meeting: say what will go and show the confirm button."""
    meeting = find_meeting(settings, meeting_id, access)
    if meeting is None:
        return t(language, "pick_meeting"), gr.Button(visible=False)
    return t(language, "confirm_remove", meeting=escape_markdown(meeting_name(meeting))), gr.Button(visible=True)


def remove(settings: Settings, meeting_id: str | None, language: str = "sv", *, access: Access = EVERYTHING):
    """Remove the confirmed meeting (catalog, vectors, BM25) and refresh the archive's lists."""
    meeting = find_meeting(settings, meeting_id, access)
    if meeting is None:
        message = t(language, "pick_meeting")
    else:
        with index_lock:
            view = writer(settings, access)
            remove_meeting(view.store, remove_as(view, meeting_id or ""), settings.upload_dir)
        message = t(language, "removed_meeting", meeting=escape_markdown(meeting_name(meeting)))
    return (message, gr.Button(visible=False), *archive(settings, language, access=access))


def pick_row(settings: Settings, evt: gr.SelectData, access: Access = EVERYTHING):
    """A click on a row of the meetings table chooses that meeting for correction."""
    organisation, body, when, _, source_file = evt.row_value
    unknown = set(TEXTS["unknown_date"])
    meeting = next((m for m in reader(settings, access).meetings
                    if (m["organisation"], m["body"], m["source_file"]) == (organisation, body, source_file)
                    and (m["date"] == when or (not m["date"] and when in unknown))), None)
    return (gr.Dropdown(value=meeting["id"]), gr.Accordion(open=True)) if meeting else (gr.skip(), gr.skip())


def correction_fields(settings: Settings, meeting_id: str | None, *, access: Access = EVERYTHING):
    """The chosen meeting's organisation, organ and date as they stand, to be corrected."""
    meeting = find_meeting(settings, meeting_id, access)
    return (meeting["organisation"], meeting["body"], meeting["date"] or "") if meeting else ("", "", "")


def correct(settings: Settings, meeting_id: str | None, organisation: str, body: str, when: str, language: str = "sv", *,
            access: Access = EVERYTHING):
    """Store the changed fields as the secretary's correction (index/parse/corrections.py, as `paragraf correct`
    does) and index the meeting's file again; the archive's lists show the corrected meeting at once."""
    meeting = find_meeting(settings, meeting_id, access)
    if meeting is None:
        return (t(language, "pick_correct"), *[gr.skip()] * 5)
    old = (meeting["organisation"], meeting["body"], meeting["date"] or "")
    changed = Correction(*(new.strip() if new and new.strip() != was else None
                           for new, was in zip((organisation, body, when), old)))
    if not any(vars(changed).values()):
        return (t(language, "nothing_changed"), *[gr.skip()] * 5)
    try:
        with index_lock:
            done = correct_meeting(settings, meeting_id or "", changed, access)
    except ParagrafError as exc:
        return (t(language, "not_corrected", reason=escape_markdown(exc)), *[gr.skip()] * 5)
    now = next((m for m in reader(settings, access).meetings if m["source_file"] == done.source_file), None)
    message = t(language, "corrected", meeting=escape_markdown(meeting_name(now) if now else done.source_file))
    return (message, *archive(settings, language, now["id"] if now else None, access=access))  # still chosen, under its corrected id
