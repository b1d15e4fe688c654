"""The « Campus » sheet: one key/value row per field (Champ, Valeur, Aide)."""

from __future__ import annotations

from typing import Any

from cmqreport.diagnostics import Severity, cut
from cmqreport.load.workbook.context import BAD, Cell, Context
from cmqreport.load.workbook.names import near, norm
from cmqreport.load.workbook.sheets import CAMPUS, CAMPUS_FIELDS, CAMPUS_HEADERS, MAX_GAP
from cmqreport.load.workbook.values import convert, shown
from cmqreport.load.yamlsrc import PathKey

__all__ = ["read_campus"]

_FIELDS = {norm(label): (label, path, kind) for label, path, kind, _ in CAMPUS_FIELDS}
_KNOWN = [label for label, _, _, _ in CAMPUS_FIELDS]


def read_campus(ctx: Context) -> dict[str, Any]:
    """The key/value rows of the « Campus » sheet."""
    out: dict[str, Any] = {}
    for label, path, _, _ in CAMPUS_FIELDS:
        ctx.out.labels[(CAMPUS, str(path[-1]))] = label
    grid = ctx.grids.get(CAMPUS)
    if grid is None:
        return out
    seen: dict[str, int] = {}
    previous = 1
    for row in sorted(r for r in grid.rows if r > 1):
        cells = grid.rows[row]
        if row - previous > MAX_GAP + 1:
            first = cells[min(cells)]
            ctx.report(
                "CMQ-V055",
                f"valeur isolée en {first.coord}, loin sous les champs (dernière ligne lue : "
                f"{previous}) : elle n'est pas lue.",
                CAMPUS,
                first.coord,
                hint="Supprimez-la.",
                value=shown(first.value),
            )
            break
        previous = row
        _row(ctx, row, cells, seen, out)
    return out


def _row(
    ctx: Context, row: int, cells: dict[int, Cell], seen: dict[str, int], out: dict[str, Any]
) -> None:
    """One field of the sheet, put in ``out`` (``seen``: label → row, for duplicates)."""
    for col, cell in sorted(cells.items()):
        if col > len(CAMPUS_HEADERS):
            ctx.report(
                "CMQ-V055",
                "valeur hors des colonnes Champ, Valeur et Aide : elle n'est pas lue.",
                CAMPUS,
                cell.coord,
                hint="Déplacez-la dans la colonne Valeur, ou supprimez-la.",
                value=shown(cell.value),
            )
    name_cell, value_cell = cells.get(1), cells.get(2)
    name = name_cell.value if name_cell is not None else None
    if name_cell is None or not isinstance(name, str) or not name.strip():
        if value_cell is not None:
            ctx.report(
                "CMQ-V055",
                "valeur sans nom de champ en colonne A : elle n'est pas lue.",
                CAMPUS,
                value_cell.coord,
                hint="Écrivez le nom du champ en colonne A, ou supprimez la valeur.",
                value=shown(value_cell.value),
            )
        return
    spec = _FIELDS.get(norm(name))
    if spec is None:
        _unknown_field(ctx, name, name_cell, value_cell)
        return
    label, path, kind = spec
    if label in seen:
        ctx.report(
            "CMQ-V057",
            f"champ « {label} » en double (déjà ligne {seen[label]}) : cette ligne n'est pas lue.",
            CAMPUS,
            name_cell.coord,
            hint="Supprimez l'une des deux lignes.",
            value=name,
        )
        return
    seen[label] = row
    ctx.out.rows[path] = (CAMPUS, row)
    ctx.out.columns[(CAMPUS, str(path[-1]))] = "B"
    ctx.out.key_cells[path] = (CAMPUS, name_cell.coord)
    if value_cell is not None:
        _value(ctx, path, kind, label, value_cell, out)


def _unknown_field(ctx: Context, name: str, name_cell: Cell, value_cell: Cell | None) -> None:
    guess = near(name, _KNOWN)
    ctx.report(
        "CMQ-V056",
        f"champ « {cut(name, 40)} » inconnu : la ligne n'est pas lue.",
        CAMPUS,
        name_cell.coord,
        hint=f"Vouliez-vous dire « {guess} » ?"
        if guess
        else "Champs reconnus : " + ", ".join(_KNOWN) + ".",
        value=name,
        # a label alone, without value, loses nothing
        severity=None if guess or value_cell is not None else Severity.warning,
    )


def _value(
    ctx: Context, path: PathKey, kind: str, label: str, cell: Cell, out: dict[str, Any]
) -> None:
    value = convert(ctx, kind, cell, CAMPUS, label)
    if value is BAD:
        ctx.out.reported.add(path)
    if value is BAD or value is None:
        return
    target = out
    for part in path[:-1]:
        target = target.setdefault(str(part), {})
    target[str(path[-1])] = value
    ctx.out.cells[path] = (CAMPUS, cell.coord)
