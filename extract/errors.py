"""The one exception extraction raises for a document it cannot read."""


class ExtractionError(Exception):
    """Raised by `extract_file` / `extract_isolated` when a document cannot be read.

    The message is the reason, written to `extractions.error`; a nightly run records it
    and moves on (the original is never touched).
    """
