"""The `paragraf` command line: thin commands that parse arguments, call the core and print.

    common.py    the Typer app, its options, errors as one line and exit code 1, the store a command opens
    archive.py   build and keep the archive: parse, index, check, correct, meetings, remove, migrate
    answers.py   answer from it: search, ask, serve, brief, timeline
    users.py     `paragraf user`: accounts and memberships

Errors from index/errors.py become one-line messages and exit code 1.
"""

from assistant.cli import archive, answers, users  # noqa: F401  (each registers its commands on the app, in this order)
from assistant.cli.common import app

__all__ = ["app"]
