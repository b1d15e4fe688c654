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

__all__ = [
    "README_TEXT",
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
#: Rows covered by dropdowns that read another sheet's list (ids of axes, sections...).
_LIST_ROWS = 2000
_LAST_ROW = 1_048_576

#: The help of the « Lisez-moi » sheet, one paragraph a row.
README_TEXT = (
    "Une feuille par type de données ; une ligne par élément, les en-têtes en ligne 1.",
    "Ne renommez ni les feuilles ni les en-têtes ; n'insérez pas de lignes au-dessus des "
    "en-têtes ; ne fusionnez pas de cellules.",
    "Dates : tapez une vraie date (ex. 04/02/2021) ; le texte s'écrit en Markdown "
    "(*italique*, **gras**, listes « - »).",
    "Plusieurs valeurs dans une cellule (partenaires, perspectives) : une par ligne (Alt+Entrée).",
    "Identifiants : minuscules, chiffres et tirets (ex. voie-des-talents).",
    "Pas de formules sans valeur : copiez puis « Collage spécial → Valeurs » au besoin.",
    "Un tableau de la feuille Tableaux : une ligne « En-tête » (colonnes C1, C2…) puis une "
    "ligne « Ligne » par ligne du tableau.",
    "Vérification : cmqreport validate (chaque erreur nomme la feuille et la cellule).",
)


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


def validation(kind: str, source: str | None = None, *, strict: bool = True) -> Any:
    """A dropdown (list) or a check of the typed value, with a message in French."""
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    if kind == "date":
        dv = DataValidation(
            type="date",
            operator="between",
            formula1="32874",  # 1990-01-01
            formula2="73415",  # 2100-12-31
            allow_blank=True,
        )
        dv.error = "Tapez une date, par exemple 04/02/2021."
        dv.prompt = "Une date, par exemple 04/02/2021."
        dv.showInputMessage = True
    elif kind == "width":
        dv = DataValidation(
            type="whole", operator="between", formula1="10", formula2="100", allow_blank=True
        )
        dv.error = "Un nombre entier de 10 à 100 (pourcentage de la largeur de la page)."
    else:
        dv = DataValidation(type="list", formula1=source, allow_blank=True)
        dv.error = "Choisissez une valeur de la liste."
    dv.errorTitle = "Valeur non autorisée"
    # a list the user may extend (a perspective, an owner added later) only suggests
    dv.showErrorMessage = strict
    return dv


def _inline(values: Sequence[str]) -> str:
    return '"' + ",".join(values) + '"'


def list_range(sheet: str, letter: str) -> str:
    """The cells of a column that a dropdown reads its values from."""
    return f"{sheet}!${letter}$2:${letter}${_LIST_ROWS}"


def _specs() -> dict[tuple[str, str], Callable[[], Any]]:
    """(sheet, data key) → the dropdown or check of that column (a table of data)."""
    ids = column_letter(1)  # the id is the first column of Axes, Sections and Actions
    return {
        (SECTIONS, "parent"): lambda: validation("list", list_range(SECTIONS, ids)),
        (SECTIONS, "unnumbered"): lambda: validation("list", _inline((YES, NO))),
        (ACTIONS, "axis"): lambda: validation("list", list_range(AXES, ids)),
        (ACTIONS, "section"): lambda: validation("list", list_range(SECTIONS, ids)),
        (ACTIONS, "start"): lambda: validation("date"),
        (ACTIONS, "end"): lambda: validation("date"),
        (ACTIONS, "status"): lambda: validation("list", _inline(STATUS_VALUES)),
        (ACTIONS, "answers"): lambda: validation("list", list_range(LISTS, "A"), strict=False),
        (METRICS, "action"): lambda: validation("list", list_range(ACTIONS, ids)),
        (FIGURES, "owner"): lambda: validation("list", list_range(LISTS, "C"), strict=False),
        (FIGURES, "width"): lambda: validation("width"),
        (TABLES, "owner"): lambda: validation("list", list_range(LISTS, "C"), strict=False),
        (TABLES, "row"): lambda: validation("list", _inline((HEADER_ROW, BODY_ROW))),
        (ANNEXES, "include"): lambda: validation("list", _inline(tuple(INCLUDE_LABELS.values()))),
    }


def validations(sheet: str, cols: Sequence[Col]) -> list[tuple[Any, str]]:
    """The dropdowns of one data sheet, with the column range each covers."""
    specs = _specs()
    out = []
    for i, col in enumerate(cols, start=1):
        make = specs.get((sheet, col.key))
        if make is not None:
            letter = column_letter(i)
            out.append((make(), f"{letter}2:{letter}{_LAST_ROW}"))
    return out
