"""The value of one cell, by the kind of its column, and the traps of Excel's cells.

Excel turns « 1.1 » into the 1st of January, a date typed as text stays text, a time or a
duration hides in a date cell, a formula may have no computed value, an error (``#REF!``)
is a value too: each is reported on its cell instead of reaching the model as nonsense.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from cmqreport.diagnostics import Severity, cut
from cmqreport.load.workbook.context import BAD, Cell, Context, ErrorValue, Formula, Reported
from cmqreport.load.workbook.names import norm
from cmqreport.load.workbook.serials import WINDOWS_EPOCH, from_serial
from cmqreport.load.workbook.sheets import INCLUDE_LABELS, LABEL_SEP, STATUS_VALUES

__all__ = ["convert", "is_number", "number_text", "shown"]


#: An id as the model wants it (model.base.Id).
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
#: A status as typed (« Réalisé », « en  cours ») → the status of the list.
_STATUSES = {norm(s): s for s in STATUS_VALUES}


def is_number(value: object) -> bool:
    """True for an int or a float (a bool is not a number here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def number_text(value: int | float) -> str:
    """A number typed where text is expected (« 1.1 », « 2021 ») as the text it shows."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def shown(value: object) -> str:
    """A cell's value as a diagnostic shows it (a formula or an error by its text)."""
    if isinstance(value, Formula | ErrorValue):
        return value.text
    return str(value)


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def convert(ctx: Context, kind: str, cell: Cell, sheet: str, label: str) -> Any:
    """The data value of a cell in a column of ``kind``: None if empty, BAD if reported."""
    value = cell.value
    cls = type(value)
    if cls is str:  # the usual cells first, without the checks of _other() they cannot fail
        if "\r" in value:  # Excel keeps the CR of pasted Windows text (« _x000D_ »)
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if not value or value.isspace():
            return None
        if kind == "text" or kind == "markdown":
            return value
        if kind == "date":
            return _date(ctx, value, cell, sheet)
        return _typed(ctx, kind, value, cell, sheet, label)
    if cls is int or cls is float or cls is bool:
        if kind == "date":
            return _date(ctx, value, cell, sheet)
        return _typed(ctx, kind, value, cell, sheet, label)
    return _other(ctx, kind, cell, sheet, label)


def _other(ctx: Context, kind: str, cell: Cell, sheet: str, label: str) -> Any:
    """:func:`convert` for a cell that holds neither a plain text nor a number."""
    value = cell.value
    if isinstance(value, Reported):
        return BAD
    if isinstance(value, ErrorValue):
        ctx.report(
            "CMQ-V052",
            f"la cellule contient l'erreur {value.text}.",
            sheet,
            cell.coord,
            hint="Corrigez la formule qui la produit, ou remplacez-la par une valeur.",
            value=value.text,
        )
        return BAD
    if isinstance(value, Formula):  # pragma: no cover - replaced by resolve_formulas()
        return BAD
    if isinstance(value, str):
        # Excel keeps the CR of pasted Windows text (« _x000D_ »)
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if not value.strip():
            return None
    if isinstance(value, dt.time | dt.timedelta):
        ctx.report(
            "CMQ-V053",
            f"« {label} » contient une heure ou une durée ({value}).",
            sheet,
            cell.coord,
            hint="Tapez une date (ex. 04/02/2021)."
            if kind == "date"
            else "Mettez la cellule au format Texte ou Nombre et retapez la valeur.",
            value=str(value),
        )
        return BAD
    if kind == "date":
        return _date(ctx, value, cell, sheet)
    if isinstance(value, dt.date):  # datetime too
        ctx.report(
            "CMQ-V053",
            f"« {label} » contient une date ({_day(value)}) au lieu d'un texte ou d'un nombre.",
            sheet,
            cell.coord,
            hint="Excel a pu convertir la saisie en date (« 1.1 » → 1er janvier) : mettez la "
            "cellule au format Texte et retapez la valeur.",
            value=_day(value),
        )
        return BAD
    return _typed(ctx, kind, value, cell, sheet, label)


def _typed(ctx: Context, kind: str, value: Any, cell: Cell, sheet: str, label: str) -> Any:
    if kind in ("text", "markdown"):
        return number_text(value) if is_number(value) else value
    if kind == "id":
        if is_number(value):
            return number_text(value)
        return _id(ctx, value, cell, sheet, label) if isinstance(value, str) else value
    if kind == "int":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value.strip() if isinstance(value, str) else value
    if kind in ("number", "any"):
        return value
    if kind == "bool":
        return _bool(ctx, value, cell, sheet, label)
    if kind == "lines":
        return _several(kind, value)
    if kind == "ids":
        found = _several(kind, value)
        return (
            [_id(ctx, v, cell, sheet, label) for v in found] if isinstance(found, list) else found
        )
    if kind == "status":
        if not isinstance(value, str):
            return value
        return _STATUSES.get(norm(value), value.strip())
    if kind == "include":
        return _include(ctx, value, cell, sheet)
    if kind == "widths":
        return _widths(value)
    if kind == "rowkind":
        return norm(str(value))
    raise AssertionError(kind)  # pragma: no cover - every kind is listed above


def _several(kind: str, value: Any) -> Any:
    """Several values in one cell: partners one per line, ids by line, space or comma."""
    if is_number(value):
        return [number_text(value)]
    if not isinstance(value, str):
        return value
    if kind == "lines":  # partners: one per line (a name may hold commas)
        return [line.strip() for line in value.split("\n") if line.strip()]
    # a dropdown's choice is « id — title »: the title goes, the id stays
    ids = "\n".join(line.split(LABEL_SEP.strip())[0] for line in value.split("\n"))
    return [part for part in re.split(r"[\s,;]+", ids) if part]


def _id(ctx: Context, value: str, cell: Cell, sheet: str, label: str) -> str:
    """An id as typed or chosen: « agt-relation-client — Relation client » is its id, and
    an id that an autocorrect capitalised (« Agri-attractivite ») is read in lower case,
    with a warning that proposes the exact id."""
    text = value.split(LABEL_SEP.strip())[0].strip()
    exact = text.lower()
    capitalised = text[:1].isupper() and text[1:] == text[1:].lower()
    if capitalised and _ID.fullmatch(exact):
        ctx.report(
            "CMQ-V080",
            f"« {cut(text, 40)} » est lu « {exact} » : un identifiant s'écrit en minuscules.",
            sheet,
            cell.coord,
            hint=f"Écrivez « {exact} » ou choisissez-le dans la liste ; la majuscule vient "
            "souvent de la correction automatique (LibreOffice : Outils → Options "
            "d'AutoCorrection → Options, décochez « Majuscule en début de phrase »).",
            value=text,
            severity=Severity.warning,
        )
        return exact
    return text


def _date(ctx: Context, value: Any, cell: Cell, sheet: str) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        return value.strip()  # ISO text: the model checks that the day exists
    if is_number(value):
        try:
            day = from_serial(value, WINDOWS_EPOCH, duration=False)
            assert not isinstance(day, dt.timedelta)  # a duration only when asked for
            meant = f" (le {day.strftime('%d/%m/%Y')} ?)"
        except (ValueError, OverflowError, TypeError, AttributeError):
            meant = ""
        ctx.report(
            "CMQ-V053",
            f"le nombre {number_text(value)} n'est pas une date{meant}.",
            sheet,
            cell.coord,
            hint="Appliquez le format Date à la cellule, ou tapez la date (ex. 04/02/2021).",
            value=number_text(value),
        )
        return BAD
    text = str(value).strip()
    iso = _french_date(text, ctx.year)
    hint = "Tapez une vraie date dans une cellule au format Date (ex. 04/02/2021)"
    hint += f", ou écrivez {iso}." if iso else ", ou écrivez-la AAAA-MM-JJ (ex. 2021-02-04)."
    ctx.report(
        "CMQ-V053",
        f"« {cut(text, 40)} » est une date écrite comme du texte.",
        sheet,
        cell.coord,
        hint=hint,
        value=text,
    )
    return BAD


def _french_date(text: str, report_year: int | None) -> str | None:
    """« 04/02/2021 » (or « 04/02/21 ») → « 2021-02-04 » when it is a real day (for the
    hint); a two-digit year is taken in the century of the report's year."""
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    if year < 100:
        year += (report_year or dt.date.today().year) // 100 * 100
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _bool(ctx: Context, value: Any, cell: Cell, sheet: str, label: str) -> Any:
    if isinstance(value, bool):
        return value
    text = norm(str(value))
    if text in ("oui", "vrai", "true", "1", "x"):
        return True
    if text in ("non", "faux", "false", "0"):
        return False
    ctx.report(
        "CMQ-V006",
        f"« {cut(value)} » n'est pas une valeur autorisée pour « {label} ».",
        sheet,
        cell.coord,
        hint="Choisissez Oui ou Non dans la liste.",
        value=value,
    )
    return BAD


def _include(ctx: Context, value: Any, cell: Cell, sheet: str) -> Any:
    text = norm(str(value))
    for key, label in INCLUDE_LABELS.items():
        if text in (norm(label), key):
            return key
    ctx.report(
        "CMQ-V006",
        f"« {cut(value)} » n'est pas une valeur autorisée pour « Inclure ».",
        sheet,
        cell.coord,
        hint="Valeurs possibles : " + " ou ".join(INCLUDE_LABELS.values()) + " (ou vide).",
        value=value,
    )
    return BAD


def _widths(value: Any) -> Any:
    """« 75; 25 » → [75, 25] (a comma would be a decimal comma in a French Excel)."""
    if is_number(value):
        return [int(value) if float(value).is_integer() else value]
    if not isinstance(value, str):
        return value
    parts = [p for p in re.split(r"[\s;/]+", value) if p]
    return [int(p) if p.isdigit() else p for p in parts]
