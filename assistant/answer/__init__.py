"""One question -> one typed plan -> the § that support it -> an answer whose every claim cites its §.

Imports `assistant.models`, `assistant.settings`, `assistant.engine` and `index`; never `prepare` or `ui`.
"""
