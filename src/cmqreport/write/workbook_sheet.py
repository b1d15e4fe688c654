"""A data sheet that a director cannot get wrong: every column formatted on every row, the
example row, row heights that show wrapped text, the print setup, the header protected.

openpyxl is imported inside the functions only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from cmqreport.load.workbook.sheets import Col, column_letter
from cmqreport.write.workbook_help import example_row

__all__ = ["DATE_FORMAT", "FIRST_DATA_ROW", "column_format", "dress_sheet", "protect"]

DATE_FORMAT = "DD/MM/YYYY"
#: Row 1 holds the headers, row 2 the example: the data starts on row 3.
FIRST_DATA_ROW = 3
#: Empty rows formatted below the data: where the director types new items.
_SPARE_ROWS = 200
#: Columns whose cells hold text, even « 1.1 » or « 2021 »: Excel must not make a number
#: or a date of them.
_TEXT_KINDS = frozenset({"id", "text", "markdown", "lines", "ids", "status", "include", "rowkind"})
_LINE_HEIGHT = 15  # points, Calibri 11
_MAX_HEIGHT = 409  # Excel's limit


def column_format(kind: str) -> str | None:
    """The number format of a column of ``kind``: French date, text, whole number."""
    if kind == "date":
        return DATE_FORMAT
    if kind in _TEXT_KINDS:
        return "@"
    if kind == "int":
        return "0"
    if kind == "number":
        return "General"
    return None


def dress_sheet(ws: Any, sheet: str, cols: Sequence[Col], year: int, style: Any) -> None:
    """Example row, formats and protection of every cell, heights, print setup, panes."""
    from openpyxl.styles import Font, Protection  # type: ignore[import-untyped]

    last = max(ws.max_row, FIRST_DATA_ROW - 1) + _SPARE_ROWS
    unlocked = Protection(locked=False)
    for i, col in enumerate(cols, start=1):
        letter = column_letter(i)
        fmt = column_format(col.kind)
        dim = ws.column_dimensions[letter]
        dim.protection = unlocked
        dim.alignment = style["wrap"]
        if fmt:
            dim.number_format = fmt
        if col.required:
            ws.cell(row=1, column=i).fill = style["required"]
        # the column's style is for the cells typed later; the rows of data get it too,
        # and the date columns on every spare row: a date typed there is a date of the year
        rows = last if col.kind == "date" else ws.max_row
        for row in range(2, rows + 1):
            cell = ws.cell(row=row, column=i)
            cell.protection = unlocked
            cell.alignment = style["wrap"]
            if fmt and not (fmt == "@" and not isinstance(cell.value, str | None)):
                cell.number_format = fmt
    grey = Font(italic=True, color="808080")
    for i, value in enumerate(example_row(sheet, cols, year), start=1):
        cell = ws.cell(row=2, column=i)
        cell.value = value
        cell.font = grey
    _heights(ws, cols)
    print_setup(ws)
    protect(ws)
    ws.freeze_panes = "B2"  # the headers and the id stay in sight


def _heights(ws: Any, cols: Sequence[Col]) -> None:
    """Heights that show wrapped text: a spreadsheet does not compute them on opening."""
    widths = [c.width for c in cols]
    for row in range(2, ws.max_row + 1):
        lines = 1
        for i, width in enumerate(widths, start=1):
            value = ws.cell(row=row, column=i).value
            if isinstance(value, str):
                per_line = max(1.0, width * 1.1)
                lines = max(
                    lines,
                    sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n")),
                )
        if lines > 1:
            ws.row_dimensions[row].height = min(_MAX_HEIGHT, lines * _LINE_HEIGHT)


def print_setup(ws: Any, *, landscape: bool = True, titles: bool = True) -> None:
    """A4 (landscape for the tables), as wide as the page, the headers on every page."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if titles:
        ws.print_title_rows = "1:1"


def protect(ws: Any) -> None:
    """Protect the locked cells (the headers), without a password; rows stay free."""
    guard = ws.protection
    guard.sheet = True
    # False allows: the director formats, inserts, deletes and sorts rows as usual
    for what in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows"):
        setattr(guard, what, False)
    guard.sort = False
    guard.autoFilter = False
