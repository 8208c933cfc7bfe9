"""`python -m assistant.cli`: the `paragraf` command."""

from assistant.cli import app

app()
