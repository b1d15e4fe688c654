"""The sheets of an open workbook as grids of cells: names matched, merges and formulas."""

from __future__ import annotations

from cmqreport.diagnostics import Severity, cut
from cmqreport.load.workbook.book import Merge, SheetCells, cached_values
from cmqreport.load.workbook.context import Cell, Context, Formula, Grid, Reported
from cmqreport.load.workbook.names import near, norm
from cmqreport.load.workbook.sheets import AUX_SHEETS, CAMPUS, SHEETS, column_letter

__all__ = ["read_grids", "resolve_formulas"]

#: A merged range larger than this is reported but not spread over its cells.
_MAX_MERGE_SPREAD = 10_000


def read_grids(ctx: Context, sheets: list[SheetCells]) -> None:
    """Match the workbook's sheets to the expected ones; report the missing and unknown."""
    wanted = {norm(name): name for name in (*SHEETS, *AUX_SHEETS)}
    found: dict[str, SheetCells] = {}
    unknown: list[str] = []
    for ws in sheets:
        name = wanted.get(norm(ws.title))
        if name is None or name in found:
            unknown.append(ws.title)
        else:
            found[name] = ws
    missing = [s for s in SHEETS if s not in found]
    renamed = _report_unknown(ctx, unknown, missing)
    for name in missing:
        if name in renamed:
            continue
        ctx.report(
            "CMQ-V058",
            f"feuille « {name} » absente du classeur.",
            name,
            None,
            hint="Recréez le classeur avec cmqreport export-xlsx, ou ajoutez la feuille "
            "avec ses en-têtes.",
            severity=Severity.error if name == CAMPUS else None,
        )
    if CAMPUS not in found:
        # reported with the sheet: not once more as two missing values
        ctx.out.reported.update({("campus",), ("year",)})
    for name, ws in found.items():
        if name not in AUX_SHEETS:
            ctx.grids[name] = _grid(ctx, name, ws)


def _report_unknown(ctx: Context, unknown: list[str], missing: list[str]) -> set[str]:
    """Report the sheets not read; returns the missing sheets they seem to be renamed from."""
    renamed: set[str] = set()
    for title in unknown:
        guess = near(title, missing)
        if guess:
            renamed.add(guess)
        ctx.report(
            "CMQ-V058",
            f"feuille « {title} » inconnue : elle n'est pas lue.",
            title,
            None,
            hint=f"Vouliez-vous dire « {guess} » ? Renommez-la."
            if guess
            else "Feuilles lues : " + ", ".join(SHEETS) + ".",
            # its data would be lost: an error when it looks like an expected sheet
            severity=Severity.error if guess else None,
        )
    return renamed


def _grid(ctx: Context, name: str, ws: SheetCells) -> Grid:
    grid = Grid(name)
    rows = grid.rows
    letters: dict[int, str] = {}  # a column's letters made once, not once per cell
    for (row, col), value in sorted(ws.cells.items()):
        letter = letters.get(col) or letters.setdefault(col, column_letter(col))
        cells = rows.get(row)
        if cells is None:
            cells = rows[row] = {}
        cells[col] = Cell(value, f"{letter}{row}")
    for rng in sorted(ws.merges, key=lambda r: (r.min_row, r.min_col)):
        _merged(ctx, grid, rng)
    return grid


def _merged(ctx: Context, grid: Grid, rng: Merge) -> None:
    ctx.report(
        "CMQ-V054",
        f"cellules fusionnées {rng.coord}.",
        grid.name,
        f"{column_letter(rng.min_col)}{rng.min_row}",
        hint="Annulez la fusion (Accueil → Fusionner et centrer) et recopiez la valeur "
        "dans chaque cellule.",
    )
    top = grid.rows.get(rng.min_row, {}).get(rng.min_col)
    size = (rng.max_row - rng.min_row + 1) * (rng.max_col - rng.min_col + 1)
    if top is None or size > _MAX_MERGE_SPREAD:
        return
    # the merged value belongs to every cell it covers: no cascade of « missing »
    for row in range(rng.min_row, rng.max_row + 1):
        for col in range(rng.min_col, rng.max_col + 1):
            coord = f"{column_letter(col)}{row}"
            grid.rows.setdefault(row, {}).setdefault(col, Cell(top.value, coord))


def resolve_formulas(ctx: Context, sheets: list[SheetCells]) -> None:
    """Replace formulas by the values Excel computed, which a workbook saves beside them."""
    if all(sheet.cached is not None and not sheet.cached for sheet in sheets):
        return  # the fast reader met no formula (it saves a value, or None, beside each)
    pending = [
        (name, row, col, cell)
        for name, grid in ctx.grids.items()
        for row, cells in grid.rows.items()
        for col, cell in cells.items()
        if isinstance(cell.value, Formula)
    ]
    if not pending:
        return  # the usual case: nothing more to read
    cached = cached_values(ctx.path, sheets)
    for name, row, col, cell in pending:
        value = cached.get(norm(name), {}).get((row, col))
        if value is None:
            ctx.report(
                "CMQ-V051",
                f"formule sans valeur calculée ({cut(cell.value.text, 40)}).",
                name,
                cell.coord,
                hint="Ouvrez et enregistrez le classeur dans Excel ou LibreOffice, ou "
                "remplacez la formule par sa valeur (Copier, Collage spécial → Valeurs).",
                value=cell.value.text,
            )
            cell.value = Reported()
        else:
            cell.value = value
