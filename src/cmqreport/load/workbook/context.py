"""What every part of the reader shares: the cells of the sheets, the result, the report.

A sheet is first read into a :class:`Grid` of its non-empty cells; the rows of a data
sheet then become :class:`Record` objects, whose values are converted by column kind. A
value whose problem was reported is :data:`BAD`: it is left out of the data, and the
model is told not to report it once more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmqreport.diagnostics import Diagnostic, Place, Severity, cut
from cmqreport.load.workbook.loaded import WorkbookLoaded

__all__ = ["BAD", "Cell", "Context", "ErrorValue", "Formula", "Grid", "Record", "Reported"]


class _Bad:
    """A cell whose problem was reported: its value is left out of the data."""


BAD = _Bad()


@dataclass
class Formula:
    """A formula as the file stores it, until the value Excel computed replaces it."""

    text: str


@dataclass
class ErrorValue:
    """An error value of Excel (``#REF!``, ``#DIV/0!``)."""

    text: str


class Reported:
    """A cell already reported (a formula without value): nothing more to say about it."""


@dataclass(slots=True)
class Cell:
    """The value of one cell, and its coordinate (``F7``)."""

    value: Any
    coord: str


@dataclass
class Grid:
    """The non-empty cells of one sheet, by row then column."""

    name: str
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)


@dataclass
class Record:
    """One row of a data sheet: its cells and their values, by column key.

    A value is BAD when its cell was reported (the value is then left out of the data).
    """

    sheet: str
    row: int
    cells: dict[str, Cell] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        """The value of ``key``, None when empty or reported."""
        value = self.values.get(key)
        return None if value is BAD else value


@dataclass
class Context:
    """One workbook being read: its file, its sheets' cells and what was found so far."""

    out: WorkbookLoaded
    path: Path
    grids: dict[str, Grid] = field(default_factory=dict)
    #: The report's year, from the « Campus » sheet (a two-digit year is read in it).
    year: int | None = None

    def report(
        self,
        code: str,
        message: str,
        sheet: str,
        cell: str | None,
        *,
        hint: str | None = None,
        value: object = None,
        severity: Severity | None = None,
    ) -> None:
        """Add a diagnostic placed on ``sheet`` (and ``cell``) of the workbook."""
        if cell is not None:
            message = f"{self.out.words(sheet, cell)} : {message}"
        self.out.diagnostics.append(
            Diagnostic(
                code,
                message,
                Place(self.out.file, sheet=sheet, cell=cell),
                hint=hint,
                value=cut(value) if value is not None else None,
                severity=severity,
            )
        )
