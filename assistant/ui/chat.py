"""Handlers of the chat: a question is shown at once, then its answer as it is made; every answer says what it was
limited to (removable chips); a cited § opens in the Källor panel. The same `ask` as the command line answers,
in a worker process when `serve` started them (assistant/ui/workers.py).

A turn of the conversation is a dict: {"role": "user", "content": question} or {"role": "assistant", "content":
text, "answer": Answer JSON, "removed": [limit fields the user took away]}; the browser gets it rendered
(assistant/ui/render.py), never raw.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator

import gradio as gr

from assistant.answer.plan import language as question_language
from assistant.engine import reader
from assistant.models import Answer, Draft, Filters, Limit, LimitField, LimitSource, QuestionStopped
from assistant.settings import Settings
from assistant.ui.inputs import ALL, parse_history, to_filters
from assistant.ui.render import escape_markdown, references, render, scope_chip, source_hint, source_html
from assistant.ui.texts import t
from index.errors import ParagrafError
from index.store.accounts import EVERYTHING, Access

log = logging.getLogger(__name__)

CHIPS = (LimitField.ORGANISATION, LimitField.BODY, LimitField.DATES)
"""One removable chip per kind of limit, in this order on the page."""
_workers = None  # the AnswerPool of `serve`, when it answers in worker processes


def use_workers(pool) -> None:
    """Answer in these worker processes from now on (`serve` starts them without a language model)."""
    global _workers
    _workers = pool


def answer_stream(settings: Settings, question: str, history: list[dict], filters: Filters,
                  removed: frozenset[LimitField] = frozenset(), access: Access = EVERYTHING) -> Iterator[Draft | Answer | None]:
    """The answer as it is made (assistant/ask.py `ask_stream`): drafts, then the Answer, from the organisations
    `access` reads only. A question or history beyond settings.question_limits is refused before it costs the server
    anything. Made by a worker process when the server has them (restricted there to the same organisations), which
    yields None every half second while it works (a caller that stops iterating, its client gone, stops the question
    with its worker); else in this process. Either way an answer past settings.question_seconds is stopped with
    QuestionStopped."""
    settings.question_limits.check(question, history)
    if _workers is not None:
        yield from _workers.answers(question, history, filters, settings.question_seconds, removed, access.organisations)
        return
    from assistant.ask import ask_stream

    started = time.monotonic()
    for piece in ask_stream(reader(settings, access), question, history, filters, settings, removed):
        if not isinstance(piece, Answer) and settings.question_seconds and time.monotonic() - started > settings.question_seconds:
            raise QuestionStopped(f"the answer took longer than {settings.question_seconds:g} s and was stopped "
                                  "(limit PARAGRAF_QUESTION_SECONDS)")
        yield piece


def user(question: str, turns: list[dict]):
    """Show the question at once and clear the box; the answer follows in `respond`."""
    question = (question or "").strip()
    if not question:
        return "", render(turns), turns
    turns = turns + [{"role": "user", "content": question}]
    return "", render(turns), turns


def history_of(turns: list[dict], since: int) -> list[dict]:
    """The turns an answer may lean on: those before the last question, from `since` on ("Ny fråga utan
    avgränsning" moves it): role and content, and an answer's data (its cited § are a follow-up's context)."""
    return [{"role": turn["role"], "content": turn["content"], **({"answer": turn["answer"]} if "answer" in turn else {})}
            for turn in turns[since:-1]]


def respond(settings: Settings, turns: list[dict], since: int, organisation: str, body: str, date_from: str,
            date_to: str, language: str = "sv", removed: frozenset[LimitField] = frozenset(), *,
            access: Access = EVERYTHING):
    """Answer the last question: a line at once that it is being searched, the answer as it is composed, then the
    answer with its sources and its scope; errors become one sentence. The page then speaks the answer's
    language (the question's). Yields the outputs of `ANSWER_OUTPUTS` in build order (see assistant/ui/layout.py)."""
    if not turns or turns[-1]["role"] != "user":
        yield render(turns), turns, gr.skip(), gr.skip(), gr.skip(), *scope_outputs(None, language)
        return
    question = turns[-1]["content"]
    yield drafting(turns, t(language, "searching")), turns, gr.skip(), gr.skip(), gr.skip(), *scope_outputs(None, language)
    try:
        filters = to_filters(organisation, body, date_from, date_to, language)
        history = settings.question_limits.recent(history_of(turns, since))
        for piece in answer_stream(settings, question, history, filters, removed, access):
            if piece is None:  # still answering; Gradio stops iterating here when the asker has gone
                yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), *unchanged()
                continue
            if isinstance(piece, Answer):
                turn = {"role": "assistant", "content": piece.answer, "answer": piece.to_json(),
                        "removed": sorted(f.value for f in removed)}
                turns = turns + [turn]
                yield (render(turns), turns, references(turn["answer"]["citations"], piece.language),
                       source_hint(piece.citations, piece.language), piece.language, *scope_outputs(turn, piece.language))
                return
            note = "" if piece.checked else t(language, "unchecked")
            yield drafting(turns, piece.text, note), turns, gr.skip(), gr.skip(), gr.skip(), *unchanged()
    except ParagrafError as exc:
        message = t(language, "not_answered", reason=str(exc).rstrip("."))
    except Exception:  # the page gets one sentence; the log gets the trace
        log.exception("answering %r failed", question)
        message = t(language, "failed")
    turns = turns + [{"role": "assistant", "content": message}]
    yield render(turns), turns, references([], language), source_hint([], language), gr.skip(), *scope_outputs(None, language)


def drafting(turns: list[dict], text: str, note: str = "") -> list[dict]:
    """The conversation with the answer being made: its text so far, escaped, and a note of our own under it."""
    draft = escape_markdown(text) + (f"\n\n{note}" if note else "")
    return render(turns) + [{"role": "assistant", "content": draft}]


def scope_outputs(turn: dict | None, language: str) -> tuple:
    """The scope line and one chip per kind of limit for an answer (`turn`), or none."""
    scope = [Limit.from_json(limit) for limit in (turn or {}).get("answer", {}).get("scope", [])]
    if turn is None or "answer" not in turn:
        return ("", *[gr.Button(visible=False) for _ in CHIPS])
    line = t(language, "scope_intro") if scope else t(language, "scope_none")
    by_field = {limit.field: limit for limit in scope}
    chips = [gr.Button(scope_chip(by_field[f], language), visible=True) if f in by_field else gr.Button(visible=False)
             for f in CHIPS]
    return (line, *chips)


def unchanged() -> tuple:
    return (gr.skip(), *[gr.skip() for _ in CHIPS])


def last_answer(turns: list[dict]) -> tuple[int, dict] | None:
    """The last answered turn and its index, when the conversation ends with one."""
    if turns and turns[-1]["role"] == "assistant" and "answer" in turns[-1]:
        return len(turns) - 1, turns[-1]
    return None


def remove_limit(settings: Settings, field: str, turns: list[dict], since: int, organisation: str, body: str,
                 date_from: str, date_to: str, language: str = "sv", *, access: Access = EVERYTHING):
    """A chip's cross: the last question answered again without that limit (and without those removed before);
    a limit that came from the filters clears that filter too. Yields the answer's outputs, then the filters."""
    found = last_answer(turns)
    if found is None:
        yield (*[gr.skip()] * 5, *unchanged(), *[gr.skip()] * 4)
        return
    index, turn = found
    limit = next((Limit.from_json(x) for x in turn["answer"].get("scope", []) if x["field"] == field), None)
    widgets = [organisation, body, date_from, date_to]
    if limit is not None and limit.source is LimitSource.FILTERS:
        cleared = {LimitField.ORGANISATION: (0, ALL), LimitField.BODY: (1, ALL), LimitField.DATES: (2, "")}
        at, value = cleared[limit.field]
        widgets[at] = value
        if limit.field is LimitField.DATES:
            widgets[3] = ""
    removed = frozenset(LimitField(f) for f in [*turn.get("removed", []), field])
    for outputs in respond(settings, turns[:index], since, *widgets, language, removed, access=access):
        yield (*outputs, *widgets)


def unscoped(language: str, turns: list[dict]):
    """"Ny fråga utan avgränsning": the filters cleared, the earlier turns no longer read into the next question
    (they stay on screen), the chips gone. Outputs: `since`, the four filters, the scope line, the chips."""
    return (len(turns), ALL, ALL, "", "", t(language, "unscoped_done"), *[gr.Button(visible=False) for _ in CHIPS])


def stored_text(settings: Settings, citation: dict, access: Access = EVERYTHING) -> str | None:
    """The § text as the store holds it now; None when it was removed or re-indexed under another id, or is of an
    organisation `access` may not read."""
    table = reader(settings, access).table
    row = table.row.get(citation.get("id", ""))
    return table.paragraphs[row].text if row is not None else None


def show_source(settings: Settings, chosen: str | None, language: str = "sv", *, access: Access = EVERYTHING) -> str:
    """The full § of the chosen reference, looked up by paragraph id in the store."""
    if not chosen:
        return gr.skip()
    citation = json.loads(chosen)
    return source_html(citation, stored_text(settings, citation, access), language)


def open_cited(settings: Settings, clicked: str, turns: list[dict], brief_sources: list[dict],
               timeline_sources: list[dict], language: str = "sv", *, access: Access = EVERYTHING):
    """A citation link [n] was clicked ('chat-3-2:nonce', 'prepare-brief-0-1:nonce'): that § opens in its text's
    Källor panel, chosen in the list and shown with its cited sentences marked. Outputs: the chat's list and §,
    the brief's, the timeline's; the panels not concerned are left as they are."""
    unchanged_panels = [gr.skip()] * 6
    match = re.fullmatch(r"(chat|prepare-brief|prepare-timeline)-(\d+)-(\d+)(?::\d*)?", (clicked or "").strip())
    if not match:
        return unchanged_panels
    panel, key, n = match.group(1), int(match.group(2)), int(match.group(3))
    if panel == "chat":
        turn = turns[key] if 0 <= key < len(turns) else {}
        citations = turn.get("answer", {}).get("citations", [])
    else:
        citations = brief_sources if panel == "prepare-brief" else timeline_sources
    if not 1 <= n <= len(citations):
        return unchanged_panels
    citation = citations[n - 1]
    chosen = json.dumps(citation, ensure_ascii=False)
    at = {"chat": 0, "prepare-brief": 2, "prepare-timeline": 4}[panel]
    unchanged_panels[at:at + 2] = (references(citations, language, chosen),
                                   source_html(citation, stored_text(settings, citation, access), language))
    return unchanged_panels


def panels_in(settings: Settings, language: str, turns: list[dict], chat_chosen: str | None, brief: list[dict],
              brief_chosen: str | None, timeline: list[dict], timeline_chosen: str | None, *,
              access: Access = EVERYTHING) -> list:
    """The three Källor panels in another language: each list with its sources, and the § it has open shown again
    (or the hint). The chat's panel lists the last answer's sources."""
    found = last_answer(turns)
    outputs = []
    for citations, chosen in ((found[1]["answer"]["citations"] if found else [], chat_chosen), (brief, brief_chosen),
                              (timeline, timeline_chosen)):
        outputs.append(references(citations, language, chosen or None))
        outputs.append(show_source(settings, chosen, language, access=access) if chosen else source_hint(citations, language))
    return outputs


def select_message(turns: list[dict], evt: gr.SelectData, language: str = "sv"):
    """Clicking an earlier answer in the chat brings its references into the Källor panel."""
    index = evt.index if isinstance(evt.index, int) else evt.index[0]
    if 0 <= index < len(turns) and "answer" in turns[index]:
        citations = turns[index]["answer"]["citations"]
        return references(citations, language), source_hint(citations, language)
    return gr.skip(), gr.skip()


def api_ask(settings: Settings, question: str, history: str = "", organisation: str = "", body: str = "",
            date_from: str = "", date_to: str = "", access: Access = EVERYTHING) -> Iterator[dict]:
    """The API's answer as server-sent events: {"partial": true, "answer": text so far, "checked": ...} while it is
    made (a language model's text is unchecked until the end), then the Answer's JSON with "partial": false. The same `ask` as the chat; errors are one-sentence gr.Error. Every text
    is plain text, the protocol's characters as they are (no HTML, no Markdown): a caller escapes it for whatever
    it renders into; a refusal is in the question's language. While a worker answers, {"answering": true,
    "partial": true} comes every half second (a client that has gone stops the question); a history beyond
    settings.question_limits is refused before it is parsed."""
    try:
        filters = to_filters(organisation, body, date_from, date_to, question_language(question or ""))
        turns = parse_history(history, settings.question_limits.json_chars)
        for piece in answer_stream(settings, question, turns, filters, access=access):
            if piece is None:
                yield {"question": question, "answering": True, "partial": True}
            elif isinstance(piece, Answer):
                yield piece.to_json() | {"partial": False}
                return
            else:
                yield {"question": question, "answer": piece.text, "checked": piece.checked, "partial": True}
    except ParagrafError as exc:
        raise gr.Error(str(exc)) from None

