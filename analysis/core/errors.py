"""The one error type users see: a clear one-line message, never a traceback; and text from
files made safe where people read it: names printed so that they cannot break the line or
drive the terminal, CSV cells that no spreadsheet runs as a formula."""
from __future__ import annotations

import re

# Control characters (C0, DEL, C1), line and paragraph separators, bidirectional overrides
# (which reorder what a terminal shows) and lone surrogates (undecodable bytes of a file name).
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                         "\ud800-\udfff]")
ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# OWASP's rule for CSV injection: a cell starting with one of these is a formula to a
# spreadsheet, so it gets a leading apostrophe (shown as text, not stored).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """``text`` with every control character escaped as Python writes it (a newline as
    ``\\n``, an escape code as ``\\x1b``), so a file name prints on one harmless line."""
    return UNPRINTABLE.sub(lambda m: ESCAPES.get(m.group()) or escaped(m.group()), text)


def spreadsheet_safe(value):
    """A CSV cell that no spreadsheet runs as a formula, on one line of printable text."""
    if not isinstance(value, str):
        return value
    return printable("'" + value if value.startswith(FORMULA_STARTS) else value)


def summary(error: BaseException) -> str:
    """An unexpected error on one printable line: its type and its message's first line."""
    lines = str(error).strip().splitlines()
    return printable(f"{type(error).__name__}: {lines[0][:200]}" if lines
                     else type(error).__name__)


def escaped(character: str) -> str:
    """One character as Python writes it escaped ("\\x1b", "\\udcff")."""
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class AnalysisError(Exception):
    """Base of every error the command line reports as one line and a non-zero exit."""


class ArticleError(AnalysisError):
    """An article that cannot be read: missing, empty, binary, undecodable, huge, not English."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{printable(self.path)}: {reason}")


class ModelNotFoundError(AnalysisError):
    """No spaCy English pipeline is installed (nothing is downloaded at run time)."""


class ParameterError(AnalysisError):
    """A notebook or command-line parameter that cannot be used."""
