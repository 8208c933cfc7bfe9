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
    """A damaged store: a catalog that cannot be read or is lost beside its vectors, a Chroma database that fails.
    It is rebuilt from the source files, never patched. `sources_known`: the catalog still names them."""

    def __init__(self, folder: object, reason: str, sources_known: bool = False):
        files = "" if sources_known else " FOLDER ... (the folders the protocols are in; uploads are found by themselves)"
        super().__init__(f"the store {folder} is damaged ({reason}); nothing was changed; rebuild it from the protocol "
                         f"files with: paragraf index --rebuild --store {folder}{files}")
        self.folder = folder
        self.reason = reason


class StoreUnusable(ParagrafError):
    """A store file that cannot be used as the command needs (read-only, a Chroma server that is down)."""

    def __init__(self, folder: object, reason: str, remedy: str):
        super().__init__(f"the store {folder} cannot be used: {reason}; {remedy}")
        self.folder = folder
        self.reason = reason
