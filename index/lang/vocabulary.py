"""The vocabulary of Swedish minutes: the words that name a meeting's parts, organs and roles."""

from __future__ import annotations

import re

ROUTINE_TITLE = re.compile(r"dagordning|föredragningslista|justera|öppnande|avslutning|avslutas|övriga frågor", re.IGNORECASE)
"""Titles of the routine § of a meeting (opening, agenda, adjusters, other business, closing): formalities that
a digest of decisions or a brief leaves out."""
