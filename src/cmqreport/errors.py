"""Errors meant for people. The CLI maps them to exit codes in one place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cmqreport.diagnostics import Diagnostic

__all__ = ["CmqError", "DataError", "UsageError"]


class CmqError(Exception):
    """Base of every error cmqreport reports to its user."""

    exit_code = 1

    def __init__(self, *args: object) -> None:
        from cmqreport.diagnostics import printable

        # a message may quote data (a path, a value): no control character of it reaches
        # the terminal, each is written U+001B
        super().__init__(*(printable(a) if isinstance(a, str) else a for a in args))


class UsageError(CmqError):
    """A bad command line: unknown option value, missing project, bad year (exit 2)."""

    exit_code = 2


class DataError(CmqError):
    """The data cannot be used; the diagnostics say why (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)
