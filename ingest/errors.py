"""The one exception ingest raises for a file it cannot take, with a one-line reason."""


class IngestError(Exception):
    """A file was refused: corrupt, empty, binary, oversized or unsupported."""
