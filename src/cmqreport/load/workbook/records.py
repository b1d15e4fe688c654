"""The rows of a data sheet as records: headers mapped to columns, values put in the data."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cmqreport.diagnostics import Severity, cut
from cmqreport.diagnostics.hints import did_you_mean
from cmqreport.load.workbook.context import BAD, Cell, Context, Grid, Record
from cmqreport.load.workbook.names import bare, near, norm
from cmqreport.load.workbook.sheets import COLUMNS, MAX_GAP, Col, column_letter
from cmqreport.load.workbook.values import convert, is_number, number_text, shown
from cmqreport.load.yamlsrc import PathKey

__all__ = ["fill", "ids", "missing", "put", "read_list", "read_records", "unknown"]

#: A column made from a header that is not in the fixed table (« C3 », « 2021 »).
Extra = Callable[[str], Col | None]


@dataclass
class _Headers:
    """Row 1 of a data sheet: which column holds which key."""

    mapped: dict[int, Col] = field(default_factory=dict)
    #: data key → column letter.
    used: dict[str, str] = field(default_factory=dict)
    #: Columns not read (unknown or duplicate headers): their values are not strays.
    ignored: set[int] = field(default_factory=set)
    #: Expected headers that an unknown header seems to be a misspelling of.
    renamed: set[str] = field(default_factory=set)


def read_records(
    ctx: Context, sheet: str, extra: Extra | None = None
) -> tuple[list[Record], list[Col]]:
    """The rows of a data sheet read by their headers; reports layout problems."""
    grid = ctx.grids.get(sheet)
    cols = COLUMNS[sheet]
    ctx.out.labels.update({(sheet, c.key): c.header for c in cols})
    if grid is None:
        return [], []
    header = grid.rows.get(1, {})
    heads = _map_headers(ctx, sheet, header, extra)
    records = _rows(ctx, grid, heads.mapped, heads.ignored)
    after = column_letter(max(header, default=0) + 1)
    for col in cols:
        # a header misspelt was reported already, and a sheet without rows lacks nothing
        wanted = col.required and col.key not in heads.used and col.header not in heads.renamed
        if wanted and records:
            ctx.report(
                "CMQ-V056",
                f"colonne « {col.header} » absente.",
                sheet,
                f"{after}1",
                hint=f"Ajoutez l'en-tête « {col.header} » en ligne 1 et remplissez la colonne.",
            )
    by_key = {c.key: (c.kind, c.header) for c in heads.mapped.values()}
    for record in records:
        values = record.values
        for key, cell in record.cells.items():
            kind, label = by_key[key]
            values[key] = convert(ctx, kind, cell, sheet, label)
    return records, list(heads.mapped.values())


def _header_text(value: Any) -> str:
    if is_number(value):
        return number_text(value)
    if isinstance(value, str):
        return value.strip()
    return ""  # a formula or an error as a header: nothing to match


def _map_headers(
    ctx: Context, sheet: str, header: dict[int, Cell], extra: Extra | None
) -> _Headers:
    cols = COLUMNS[sheet]
    by_name: dict[str, Col] = {}
    for known in cols:
        for name in (known.header, *known.aliases):
            by_name.setdefault(norm(name), known)
            by_name.setdefault(bare(name), known)
    heads = _Headers()
    for index, cell in sorted(header.items()):
        text = _header_text(cell.value)
        if not text:
            continue
        col: Col | None = by_name.get(norm(text)) or by_name.get(bare(text))
        if col is None and extra is not None:
            col = extra(text)
        if col is None:
            heads.ignored.add(index)
            _unknown_header(ctx, sheet, cell, text, heads)
            continue
        if col.key in heads.used:
            heads.ignored.add(index)
            ctx.report(
                "CMQ-V057",
                f"en-tête « {cut(text, 40)} » en double (déjà en {heads.used[col.key]}1) : "
                "cette colonne n'est pas lue.",
                sheet,
                cell.coord,
                hint="Supprimez ou renommez l'une des deux colonnes.",
                value=text,
            )
            continue
        heads.used[col.key] = column_letter(index)
        heads.mapped[index] = col
        ctx.out.columns[(sheet, col.key)] = column_letter(index)
        ctx.out.labels[(sheet, col.key)] = col.header
    return heads


def _unknown_header(ctx: Context, sheet: str, cell: Cell, text: str, heads: _Headers) -> None:
    cols = COLUMNS[sheet]
    guess = near(text, [c.header for c in cols if c.key not in heads.used])
    if guess:
        heads.renamed.add(guess)
    ctx.report(
        "CMQ-V056",
        f"en-tête « {cut(text, 40)} » inconnu : la colonne n'est pas lue.",
        sheet,
        cell.coord,
        hint=f"Vouliez-vous dire « {guess} » ?"
        if guess
        else "En-têtes reconnus : " + ", ".join(c.header for c in cols) + ".",
        value=text,
        # a renamed column loses its data; a column of private notes does not
        severity=None if guess else Severity.warning,
    )


def _rows(ctx: Context, grid: Grid, mapped: dict[int, Col], ignored: set[int]) -> list[Record]:
    records: list[Record] = []
    previous = 1
    strays: set[int] = set()
    for row in sorted(r for r in grid.rows if r > 1):
        cells = grid.rows[row]  # read, never changed: copied only to leave columns out
        if ignored:
            cells = {c: v for c, v in cells.items() if c not in ignored}
        if not cells:
            continue
        if row - previous > MAX_GAP + 1:
            first = cells[min(cells)]
            ctx.report(
                "CMQ-V055",
                f"valeur isolée en {first.coord}, loin sous le tableau (dernière ligne lue : "
                f"{previous}) : elle n'est pas lue.",
                grid.name,
                first.coord,
                hint="Supprimez-la, ou les lignes vides qui la séparent du tableau.",
                value=shown(first.value),
            )
            break
        previous = row
        if _is_example(cells[min(cells)].value):
            continue
        record = Record(grid.name, row)
        for index, cell in sorted(cells.items()):
            col = mapped.get(index)
            if col is not None:
                record.cells[col.key] = cell
            elif index not in strays:
                strays.add(index)
                ctx.report(
                    "CMQ-V055",
                    f"valeur dans une colonne sans en-tête ({column_letter(index)}) : elle "
                    "n'est pas lue.",
                    grid.name,
                    cell.coord,
                    hint="Ajoutez l'en-tête de la colonne, ou déplacez ou supprimez la valeur.",
                    value=shown(cell.value),
                )
        if record.cells:
            records.append(record)
    return records


_EXAMPLE = re.compile(r"\s*exemple\s*:")


def _is_example(value: Any) -> bool:
    """The example row of a sheet (« Exemple : … » in its first cell) is help, not data."""
    return isinstance(value, str) and _EXAMPLE.match(value.casefold()) is not None


#: (sheet, data key) → its column (the first of that key: reversed, the first wins).
_COLUMN_OF = {(sheet, c.key): c for sheet, cols in COLUMNS.items() for c in reversed(cols)}
#: The (sheet, data key) whose column is required: an empty cell of another is skipped.
_REQUIRED = frozenset(k for k, c in _COLUMN_OF.items() if c.required)


def put(
    ctx: Context,
    record: Record,
    key: str,
    path: PathKey,
    target: dict[str, Any],
    name: str = "",
) -> None:
    """``target[name or key]`` = the record's value of ``key``, with its cell at ``path``."""
    name = name or key
    value = record.values.get(key)
    col = _COLUMN_OF.get((record.sheet, key))
    if value is BAD or (
        value is None
        and col is not None
        and col.required
        and (record.sheet, key) not in ctx.out.columns
    ):
        # reported (the cell, or the whole column once): the model must not repeat it
        ctx.out.reported.add(path)
        return
    if value is None or name in target:
        return
    target[name] = value
    cell = record.cells[key]
    ctx.out.cells[path] = (record.sheet, cell.coord)
    if isinstance(value, list):
        for i in range(len(value)):
            ctx.out.cells[(*path, i)] = (record.sheet, cell.coord)


def fill(
    ctx: Context, record: Record, path: PathKey, target: dict[str, Any], keys: Sequence[str]
) -> dict[str, Any]:
    """Copy the values of ``keys`` into ``target``, the record at ``path``."""
    ctx.out.rows[path] = (record.sheet, record.row)
    values, sheet, places = record.values, record.sheet, ctx.out.cells
    for key in keys:
        value = values.get(key)
        if value is None:
            if (sheet, key) in _REQUIRED:  # perhaps its whole column is missing: put says
                put(ctx, record, key, (*path, key), target)
            continue  # an empty cell of a column not required: nothing to do
        if value is BAD or isinstance(value, list) or key in target:
            put(ctx, record, key, (*path, key), target)
            continue
        # the usual one, as put() does it without its checks that cannot fail here
        target[key] = value
        places[(*path, key)] = (sheet, record.cells[key].coord)
    return target


def missing(ctx: Context, record: Record, key: str, what: str) -> None:
    """Report the empty required cell ``key`` of ``record``; ``what`` says what to write."""
    if record.values.get(key) is BAD:
        return  # its cell was reported
    letter = ctx.out.columns.get((record.sheet, key))
    if letter is None:
        return  # the whole column is missing: reported once
    header = ctx.out.labels.get((record.sheet, key), key)
    ctx.report(
        "CMQ-V003",
        f"« {header} » est obligatoire.",
        record.sheet,
        f"{letter}{record.row}",
        hint=f"Indiquez {what}.",
    )


def unknown(ctx: Context, record: Record, key: str, what: str, choices: Sequence[str]) -> None:
    """``what`` names the missing thing with its agreement: « section parente {} inconnue »."""
    value = str(record.get(key))
    ctx.report(
        "CMQ-V032",
        what.format(f"« {cut(value)} »") + ".",
        record.sheet,
        record.cells[key].coord,
        hint=did_you_mean(value, choices)
        or "Identifiants possibles : " + (", ".join(choices) or "aucun") + ".",
        value=value,
    )


def read_list(ctx: Context, sheet: str, top: str) -> list[dict[str, Any]]:
    """A sheet whose rows are the items of one list of the data."""
    records, _ = read_records(ctx, sheet)
    keys = [c.key for c in COLUMNS[sheet]]
    return [fill(ctx, r, (top, i), {}, keys) for i, r in enumerate(records)]


def ids(items: list[dict[str, Any]], base: PathKey) -> dict[str, PathKey]:
    """Id → path of the first item of ``items`` with that id."""
    out: dict[str, PathKey] = {}
    for i, item in enumerate(items):
        if isinstance(item.get("id"), str):
            out.setdefault(item["id"], (*base, i))
    return out
