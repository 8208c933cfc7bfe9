"""Meeting preparation: an organisation's brief (decisions, assignments, follow-ups, amounts, proposals) and a
topic's timeline across meetings, every line cited. Imports `assistant.answer` and below; never `ui`.
"""
