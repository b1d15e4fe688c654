"""The worksheets of a workbook as stored cells, whichever reader read them.

Two readers give the same :class:`SheetCells`: the fast one of
:mod:`~cmqreport.load.workbook.xml_cells`, which reads the sheets' XML in one pass, and
openpyxl (:func:`openpyxl_sheets`), kept for the files the fast reader does not vouch for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmqreport.load.workbook.context import ErrorValue, Formula
from cmqreport.load.workbook.names import norm
from cmqreport.load.workbook.opening import open_workbook
from cmqreport.load.workbook.sheets import column_letter

__all__ = ["Merge", "SheetCells", "cached_values", "openpyxl_sheets"]

Position = tuple[int, int]


@dataclass(frozen=True)
class Merge:
    """A range of merged cells, its corners by row and column, and its name (« A1:B2 »)."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def coord(self) -> str:
        """The range as Excel names it; a single cell by its own name."""
        start = f"{column_letter(self.min_col)}{self.min_row}"
        if (self.min_row, self.min_col) == (self.max_row, self.max_col):
            return start
        return f"{start}:{column_letter(self.max_col)}{self.max_row}"


@dataclass
class SheetCells:
    """One worksheet: its title and its non-empty cells by (row, column).

    A cell's value is what a :class:`~cmqreport.load.workbook.context.Cell` holds: a
    plain value, an :class:`ErrorValue` or a :class:`Formula`. The cells a merge covers
    (all but its top-left one) are left out, as Excel leaves them empty.
    """

    title: str
    cells: dict[Position, Any] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)
    #: The values saved beside the formulas (None when none was saved); None when this
    #: reader did not read them (openpyxl reads them in a second pass).
    cached: dict[Position, Any] | None = None


def _value(cell: Any) -> Any:
    """A cell of openpyxl as the grid holds it."""
    value = cell.value
    if cell.data_type == "e":
        return ErrorValue(str(value))
    if cell.data_type == "f":
        return Formula(str(getattr(value, "text", None) or value))
    return value


def openpyxl_sheets(book: Any) -> list[SheetCells]:
    """The worksheets of a workbook opened by openpyxl (formulas as formulas)."""
    out = []
    for ws in book.worksheets:
        # ``_cells`` holds only the cells stored in the file: iterating rows instead would
        # walk a million empty rows for one value in row 1048576 (and read-only mode would
        # trust the sheet's <dimension>, which may lie)
        cells = {pos: _value(c) for pos, c in ws._cells.items() if c.value is not None}
        merges = [Merge(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
        out.append(SheetCells(ws.title, cells, merges))
    return out


def cached_values(path: Path, sheets: list[SheetCells]) -> dict[str, dict[Position, Any]]:
    """The values saved beside the formulas, by normalised sheet title.

    A title met twice keeps its last sheet, as a look-up by title does.
    """
    if all(sheet.cached is not None for sheet in sheets):
        return {norm(sheet.title): sheet.cached or {} for sheet in sheets}
    try:
        book = open_workbook(path, data_only=True)
    except Exception:  # read once already: only a file changed meanwhile fails here
        return {}
    return {
        norm(ws.title): {
            pos: ErrorValue(str(c.value)) if c.data_type == "e" else c.value
            for pos, c in ws._cells.items()
            if c.value is not None
        }
        for ws in book.worksheets
    }
