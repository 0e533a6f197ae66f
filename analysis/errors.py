"""The one error type users see: a clear one-line message, never a traceback."""


class AnalysisError(Exception):
    """Base of every error the command line reports as one line and a non-zero exit."""


class ArticleError(AnalysisError):
    """An article that cannot be read: missing, empty, binary, undecodable, huge, not English."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ModelNotFoundError(AnalysisError):
    """No spaCy English pipeline is installed (nothing is downloaded at run time)."""


class ParameterError(AnalysisError):
    """A notebook or command-line parameter that cannot be used."""
