"""A small exception hierarchy: each error names the file or input and the reason, so the
command line and the UI can report it in one sentence instead of a stack trace."""


class ParagrafError(Exception):
    """Base of every error Paragraf reports to a person."""


class UnreadableFile(ParagrafError):
    """A protocol file that cannot be turned into text (corrupt, empty, scanned, unsupported)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class BadInput(ParagrafError):
    """A question, filter or option that cannot be used as given."""


class CorruptStore(ParagrafError):
    """A store whose catalog cannot be read. It is rebuilt from the source files, never patched."""

    def __init__(self, folder: object, reason: str):
        super().__init__(f"the store {folder} is damaged ({reason}); rebuild it from the source files with: "
                         f"paragraf index --rebuild --store {folder}")
        self.folder = folder
        self.reason = reason
