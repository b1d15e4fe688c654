"""The « Tableaux » sheet, in long format: an « En-tête » row opens a table (its id,
caption and column titles C1…Cn), then one « Ligne » row per row of the table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cmqreport.diagnostics import cut
from cmqreport.load.workbook.context import Context, Record
from cmqreport.load.workbook.figures import Owners
from cmqreport.load.workbook.names import norm
from cmqreport.load.workbook.records import fill, put, read_records, unknown
from cmqreport.load.workbook.sheets import BODY_ROW, HEADER_ROW, TABLES, Col
from cmqreport.load.workbook.values import is_number, number_text
from cmqreport.load.yamlsrc import PathKey

__all__ = ["read_tables"]

_SKIPPED = "\0"  # no table id: the rows after a refused header row without id
_HEADER_KIND, _BODY_KIND = norm(HEADER_ROW), norm(BODY_ROW)

#: A table of the data and its path.
_Table = tuple[PathKey, dict[str, Any]]
#: The C1…Cn values of a row with their coordinates.
_Cells = list[tuple[Any, str]]


@dataclass
class _State:
    """Where the rows of the sheet go, as it is read from top to bottom."""

    #: The C1…Cn keys present, by number.
    cell_keys: list[str]
    #: The table of each id, for a « Ligne » row that names its table.
    declared: dict[str, _Table] = field(default_factory=dict)
    #: The table the last « En-tête » row opened.
    current: _Table | None = None
    #: The id of a table whose header row was refused: its rows are skipped.
    skipped: str | None = None

    @property
    def width(self) -> int:
        return int(self.cell_keys[-1][1:]) if self.cell_keys else 0


def _cell_column(text: str) -> Col | None:
    match = re.fullmatch(r"[Cc] ?(\d{1,3})", text)
    if not match or int(match.group(1)) < 1:
        return None
    return Col(f"c{int(match.group(1))}", f"C{int(match.group(1))}", "any", 18)


def read_tables(ctx: Context, owners: Owners) -> None:
    """Put the tables of « Tableaux » in their owners, with their rows."""
    records, cols = read_records(ctx, TABLES, extra=_cell_column)
    cell_keys = sorted(
        (c.key for c in cols if re.fullmatch(r"c\d+", c.key)), key=lambda k: int(k[1:])
    )
    state = _State(cell_keys)
    for record in records:
        kind = record.get("row")
        if kind is None:  # not said: a row with a caption opens a table
            kind = _HEADER_KIND if "caption" in record.cells else _BODY_KIND
        if kind not in (_HEADER_KIND, _BODY_KIND):
            ctx.report(
                "CMQ-V006",
                f"« {cut(record.cells['row'].value)} » n'est pas une valeur autorisée pour "
                "« Ligne ».",
                TABLES,
                record.cells["row"].coord,
                hint=f"Choisissez « {HEADER_ROW} » (titres des colonnes, légende) ou "
                f"« {BODY_ROW} » (une ligne du tableau).",
                value=record.cells["row"].value,
            )
            continue
        cells = _cells_of(ctx, record, state)
        if kind == _HEADER_KIND:
            _header(ctx, record, cells, owners, state)
        else:
            _body(ctx, record, cells, state)


def _header(ctx: Context, record: Record, cells: _Cells, owners: Owners, state: _State) -> None:
    state.current = None
    found = owners.find(ctx, record)
    if found is None:
        # its rows would only repeat the error: they go with their table
        state.skipped = record.get("id") or _SKIPPED
        return
    base, owner = found
    tables = owner.setdefault("tables", [])
    path = (*base, "tables", len(tables))
    table = fill(ctx, record, path, {}, ("id", "caption"))
    columns = _trim(cells)
    table["columns"] = [number_text(v) if is_number(v) else v for v, _ in columns]
    first_cell = cells[0][1] if cells else f"G{record.row}"
    ctx.out.cells[(*path, "columns")] = (TABLES, first_cell)
    for i, (_, coord) in enumerate(columns):
        ctx.out.cells[(*path, "columns", i)] = (TABLES, coord)
    put(ctx, record, "widths", (*path, "widths"), table)
    put(ctx, record, "note", (*path, "note"), table)
    tables.append(table)
    state.current, state.skipped = (path, table), None
    if isinstance(table.get("id"), str):
        state.declared.setdefault(table["id"], state.current)


def _body(ctx: Context, record: Record, cells: _Cells, state: _State) -> None:
    ident = record.get("id")
    if state.skipped is not None and (ident is None or ident == state.skipped):
        return
    state.skipped = None
    target = state.current
    if ident is not None and (target is None or target[1].get("id") != ident):
        target = state.declared.get(ident)
        if target is None:
            unknown(ctx, record, "id", "tableau {} inconnu", sorted(state.declared))
            return
    if target is None:
        ctx.report(
            "CMQ-V003",
            "ligne de tableau sans ligne « En-tête » au-dessus.",
            TABLES,
            f"A{record.row}",
            hint=f"Ajoutez d'abord une ligne « {HEADER_ROW} » (identifiant, légende, "
            "titres des colonnes).",
        )
        return
    path, table = target
    rows = table.setdefault("rows", [])
    row_path = (*path, "rows", len(rows))
    ctx.out.rows[row_path] = (TABLES, record.row)
    kept = _trim(cells)
    # a row is as wide as the table, or wider when it holds more cells
    row = [v for v, _ in kept] + [None] * (len(table["columns"]) - len(kept))
    for i, (_, coord) in enumerate(cells[: len(row)]):
        ctx.out.cells[(*row_path, i)] = (TABLES, coord)
    rows.append(row)


def _cells_of(ctx: Context, record: Record, state: _State) -> _Cells:
    """The C1…Cn values of a « Tableaux » row with their coordinates (None when empty)."""
    by_number = {int(k[1:]): k for k in state.cell_keys}
    out: _Cells = []
    for n in range(1, state.width + 1):
        key = by_number.get(n)
        if key is None:
            out.append((None, f"A{record.row}"))
            continue
        out.append((record.get(key), f"{ctx.out.columns[(TABLES, key)]}{record.row}"))
    return out


def _trim(values: _Cells) -> _Cells:
    """Drop the empty cells at the end of a row."""
    end = len(values)
    while end and values[end - 1][0] is None:
        end -= 1
    return values[:end]
