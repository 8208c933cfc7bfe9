"""The chat in the browser (Gradio): layout, handlers, login, answering worker processes.

Imports `assistant.answer`, `assistant.prepare` and below; nothing imports it but `assistant.cli`.
"""
