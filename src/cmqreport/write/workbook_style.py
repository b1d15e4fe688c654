"""How a campus-year's workbook looks and guards its cells: styles, dropdowns, checks.

openpyxl is imported inside the functions only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from cmqreport.errors import DataError
from cmqreport.load.workbook.sheets import (
    ACTIONS,
    ANNEXES,
    AXES,
    BODY_ROW,
    FIGURES,
    HEADER_ROW,
    INCLUDE_LABELS,
    LISTS,
    MAX_CELL_TEXT,
    METRICS,
    NO,
    SECTIONS,
    STATUS_VALUES,
    TABLES,
    YES,
    Col,
    column_letter,
)
from cmqreport.write.workbook_help import prompt

__all__ = [
    "LABELLED",
    "LIST_HEADERS",
    "LIST_ROWS",
    "Style",
    "header_row",
    "list_range",
    "put_value",
    "styles",
    "validation",
    "validations",
]

#: The style objects of a workbook (``wrap``, ``bold``, ``fill``).
Style = dict[str, Any]

_DATE_FORMAT = "DD/MM/YYYY"
_LAST_ROW = 1_048_576

#: Columns of the hidden « Listes » sheet: perspectives (« id — titre »), their titles,
#: owners of figures and tables, then the « id — titre » of the rows of ``LABELLED``.
LIST_HEADERS = ("Perspectives", "Intitulé", "Rattachement", "Axes", "Sections", "Actions")
LABELLED = (AXES, SECTIONS, ACTIONS)
#: Rows of the lists computed from the sheets the director fills.
LIST_ROWS = 500


def _serial(day: dt.date) -> str:
    """A day as Excel's serial number, which a date validation compares with."""
    return str((day - dt.date(1899, 12, 30)).days)


def _where(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{column_letter(col)}{row}"


def put_value(ws: Any, row: int, col: int, value: Any, style: Style) -> None:
    """Write one value; text stays text, dates get a date format."""
    if value is None:
        return
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        if len(value) > MAX_CELL_TEXT:
            raise DataError(
                f"{_where(ws.title, row, col)} : texte de {len(value)} caractères, plus que les "
                f"{MAX_CELL_TEXT} qu'une cellule Excel peut contenir ; raccourcissez-le ou "
                "découpez-le dans le YAML."
            )
        try:
            cell.value = value
        except Exception:  # openpyxl's IllegalCharacterError: control characters
            raise DataError(
                f"{_where(ws.title, row, col)} : le texte contient un caractère de contrôle "
                "qu'Excel refuse ; retirez-le du YAML."
            ) from None
        if cell.data_type == "f":
            cell.data_type = "s"  # text that begins with « = » is text, not a formula
    else:
        cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = _DATE_FORMAT
    cell.alignment = style["wrap"]


def styles() -> Style:
    """The styles of a workbook: wrapped text at the top, bold and filled headers."""
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]

    return {
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "bold": Font(bold=True),
        "fill": PatternFill("solid", fgColor="DDEBF7"),
        # required columns: a header of another colour, said in the « Lisez-moi »
        "required": PatternFill("solid", fgColor="F8CBAD"),
    }


def header_row(ws: Any, headers: Sequence[str], widths: Sequence[int], style: Style) -> None:
    """Row 1 of a sheet: its headers, the columns' widths, and the row frozen."""
    for i, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=i, value=text)
        cell.font = style["bold"]
        cell.fill = style["fill"]
        cell.alignment = style["wrap"]
        ws.column_dimensions[column_letter(i)].width = width
    ws.freeze_panes = "A2"


def validation(
    kind: str, source: str | None = None, *, strict: bool = True, year: int = 2000
) -> Any:
    """A dropdown (list) or a check of the typed value, with a message in French.

    A list that is not ``strict`` warns and lets the director keep a value typed.
    """
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    if kind == "date":
        dv = DataValidation(
            type="date",
            operator="between",
            formula1=_serial(dt.date(year, 1, 1)),
            formula2=_serial(dt.date(year, 12, 31)),
            allow_blank=True,
        )
        dv.error = (
            f"Tapez une date de {year}, entre le 01/01/{year} et le 31/12/{year} "
            f"(ex. 04/02/{year})."
        )
    elif kind == "none":
        dv = DataValidation(allow_blank=True)  # no check: the input message only
    elif kind == "width":
        dv = DataValidation(
            type="whole", operator="between", formula1="10", formula2="100", allow_blank=True
        )
        dv.error = "Un nombre entier de 10 à 100 (pourcentage de la largeur de la page)."
    else:
        dv = DataValidation(type="list", formula1=source, allow_blank=True)
        dv.error = "Choisissez une valeur de la liste."
        if not strict:
            dv.errorStyle = "warning"
            dv.error += " Un identifiant tapé doit exister dans sa feuille."
    dv.errorTitle = "Valeur non autorisée"
    dv.showErrorMessage = kind != "none"
    return dv


def _inline(values: Sequence[str]) -> str:
    return '"' + ",".join(values) + '"'


def list_range(sheet: str, letter: str) -> str:
    """The cells of a column that a dropdown reads its values from."""
    return f"{sheet}!${letter}$2:${letter}${LIST_ROWS}"


def _specs(year: int) -> dict[tuple[str, str], Callable[[], Any]]:
    """(sheet, data key) → the dropdown or check of that column (a table of data)."""

    def labels(sheet: str) -> Callable[[], Any]:
        # « id — titre » choices, read back as the id; an id typed is kept (with a warning)
        letter = column_letter(4 + LABELLED.index(sheet))
        return lambda: validation("list", list_range(LISTS, letter), strict=False)

    return {
        (SECTIONS, "parent"): labels(SECTIONS),
        (SECTIONS, "unnumbered"): lambda: validation("list", _inline((YES, NO))),
        (ACTIONS, "axis"): labels(AXES),
        (ACTIONS, "section"): labels(SECTIONS),
        (ACTIONS, "start"): lambda: validation("date", year=year),
        (ACTIONS, "end"): lambda: validation("date", year=year),
        (ACTIONS, "status"): lambda: validation("list", _inline(STATUS_VALUES)),
        (ACTIONS, "answers"): lambda: validation("list", list_range(LISTS, "A"), strict=False),
        (METRICS, "action"): labels(ACTIONS),
        (FIGURES, "owner"): lambda: validation("list", list_range(LISTS, "C"), strict=False),
        (FIGURES, "width"): lambda: validation("width"),
        (TABLES, "owner"): lambda: validation("list", list_range(LISTS, "C"), strict=False),
        (TABLES, "row"): lambda: validation("list", _inline((HEADER_ROW, BODY_ROW))),
        (ANNEXES, "include"): lambda: validation("list", _inline(tuple(INCLUDE_LABELS.values()))),
    }


def validations(sheet: str, cols: Sequence[Col], year: int) -> list[tuple[Any, str]]:
    """The checks of one data sheet, one a column, each with its input message."""
    specs = _specs(year)
    out = []
    for i, col in enumerate(cols, start=1):
        dv = specs.get((sheet, col.key), lambda: validation("none"))()
        dv.promptTitle, dv.prompt = prompt(sheet, col, year)
        dv.showInputMessage = True
        letter = column_letter(i)
        out.append((dv, f"{letter}2:{letter}{_LAST_ROW}"))
    return out
