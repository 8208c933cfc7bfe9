"""The page's inputs read as the core's types: filter widgets as Filters, dates checked, the API's history."""

from __future__ import annotations

import json

from assistant.models import Filters, history_from_json
from assistant.ui.texts import TEXTS, t
from index.errors import BadInput
from index.lang.dates import iso_day

ALL = "*"
"""The value of the 'Alla'/'All' choice of a dropdown (its label follows the page's language)."""
NO_CHOICE = ("", ALL, *TEXTS["all"])  # an API caller may also write the label


def choice(value: str | None) -> str | None:
    """A dropdown's value; 'all' and empty mean no choice."""
    value = (value or "").strip()
    return None if value in NO_CHOICE else value


def day(value: str | None, name: str, language: str = "sv") -> str | None:
    """A date box's value as YYYY-MM-DD, None when empty; `name` is the box's label for the message."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return iso_day(value)
    except ValueError:
        raise BadInput(t(language, "bad_date", name=name, value=value)) from None


def to_filters(organisation: str | None, body: str | None, date_from: str | None, date_to: str | None,
               language: str = "sv") -> Filters:
    """The filter widgets as Filters; 'all' and empty mean no restriction. Dates are YYYY-MM-DD."""
    start, end = day(date_from, t(language, "date_from"), language), day(date_to, t(language, "date_to"), language)
    if start and end and start > end:
        raise BadInput(t(language, "dates_reversed", start=start, end=end))
    return Filters(choice(organisation), choice(body), start, end)


def parse_history(history: str | list | None, max_chars: int = 0) -> list[dict]:
    """History for the API: a JSON list of {"role": "user"|"assistant", "content": "..."}, of at most `max_chars`
    characters of JSON (0: any)."""
    if not history:
        return []
    return history_from_json(history if isinstance(history, str) else json.dumps(history), "history", max_chars)
