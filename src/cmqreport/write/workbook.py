"""The workbook of a campus-year, written: one .xlsx per campus and year.

:func:`export_campus_year` writes the workbook that campus directors fill (prefilled with a
:class:`~cmqreport.model.CampusYear`, or empty for a new year); :func:`export_workbook` is
the ``export-xlsx`` command. The layout is the reader's
(:mod:`cmqreport.load.workbook.sheets`): loading the file gives back the same data.

The same data gives the same bytes: fixed timestamps (``SOURCE_DATE_EPOCH`` when set) in
the document's properties and in the archive.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmqreport.diagnostics import Diagnostic
from cmqreport.epoch import source_datetime
from cmqreport.errors import DataError, UsageError
from cmqreport.load.layout import (
    WORKBOOK_SUFFIX,
    YAML_SUFFIXES,
    campus_year_rel,
    classify,
    year_folder,
)
from cmqreport.load.workbook.sheets import (
    CAMPUS,
    CAMPUS_FIELDS,
    CAMPUS_HEADERS,
    LABEL_SEP,
    LISTS,
    README,
    SHEETS,
)
from cmqreport.write.atomic import write_atomic
from cmqreport.write.out_folder import check_data_file, check_out_path
from cmqreport.write.workbook_content import Rows, content, headers, owner_ids
from cmqreport.write.workbook_help import readme_lines
from cmqreport.write.workbook_sheet import FIRST_DATA_ROW, dress_sheet, print_setup, protect
from cmqreport.write.workbook_style import (
    LABELLED,
    LIST_HEADERS,
    LIST_ROWS,
    Style,
    header_row,
    list_range,
    put_value,
    styles,
    validation,
    validations,
)

if TYPE_CHECKING:
    from cmqreport import model as m
    from cmqreport.load.project import Project

__all__ = ["export_campus_year", "export_workbook", "workbook_bytes"]

#: (deadline, contact) said by the « Lisez-moi ».
Sending = tuple[str | None, str | None]
_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
_LINE_HEIGHT = 15

#: Timestamp of a workbook without SOURCE_DATE_EPOCH: the same data gives the same bytes.
_FIXED_TIME = dt.datetime(2000, 1, 1)


def _timestamp() -> dt.datetime:
    """SOURCE_DATE_EPOCH (UTC) if set, else a constant; within what ZIP can store."""
    when = source_datetime(_FIXED_TIME)
    return min(max(when, dt.datetime(1980, 1, 1)), dt.datetime(2107, 12, 31))


def workbook_bytes(
    cy: m.CampusYear | None,
    code: str,
    year: int,
    *,
    campus_name: str = "",
    perspectives: Sequence[tuple[str, str]] = (),
    about: Sending | None = None,
) -> bytes:
    """The .xlsx file of a campus-year (see :func:`export_campus_year`), as bytes."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    style = styles()
    book = Workbook()
    name = f"CMQ {campus_name} ({code})" if campus_name else f"CMQ {code}"
    book.active.title = README
    rows = content(cy, code, year)
    _campus_sheet(book.create_sheet(CAMPUS), rows, style)
    cols_of = headers(cy, year)
    _data_sheets(book, rows, cols_of, year, style)
    _lists_sheet(book.create_sheet(LISTS), perspectives, owner_ids(cy), style)
    required = {s: [c.header for c in cols_of.get(s, ()) if c.required] for s in SHEETS}
    _readme(book[README], f"Rapport d'activité {year} — {name}", style, year, required, about)
    from openpyxl.workbook.protection import WorkbookProtection  # type: ignore[import-untyped]

    # sheets are neither renamed, moved nor deleted: the reader finds them by name
    book.security = WorkbookProtection(lockStructure=True)
    book.calculation.fullCalcOnLoad = True  # the dropdowns' « id — titre » lists

    when = _timestamp()
    props = book.properties
    props.creator = "cmqreport"
    props.lastModifiedBy = "cmqreport"
    props.title = f"{name} — {year}"
    props.created = props.modified = when
    buffer = io.BytesIO()
    # not book.save(): it stamps the current time as « modified »
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _stable_zip(buffer.getvalue(), when)


def _readme(
    ws: Any,
    title: str,
    style: Style,
    year: int,
    required: dict[str, list[str]],
    about: Sending | None,
) -> None:
    deadline, contact = about if about else (None, None)
    ws.cell(row=1, column=1, value=title).font = style["bold"]
    lines = readme_lines(year, required, deadline=deadline, contact=contact)
    for i, text in enumerate(lines, start=3):
        cell = ws.cell(row=i, column=1, value=text)
        cell.alignment = style["wrap"]
        ws.row_dimensions[i].height = _LINE_HEIGHT * (1 + len(text) // 120)
    ws.column_dimensions["A"].width = 120
    print_setup(ws, landscape=False, titles=False)  # a text to read: A4 portrait


def _campus_sheet(ws: Any, rows: Rows, style: Style) -> None:
    from openpyxl.styles import Protection  # type: ignore[import-untyped]

    header_row(ws, CAMPUS_HEADERS, (34, 90, 60), style)
    for r, row in enumerate(rows[CAMPUS], start=2):
        ws.cell(row=r, column=1, value=row[0]).font = style["bold"]
        for c in (1, 2, 3):
            put_value(ws, r, c, row[c - 1], style)
        # the values are the director's; the names of the fields and their help are not
        ws.cell(row=r, column=2).protection = Protection(locked=False)
        ws.cell(row=r, column=2).number_format = "@" if r != 3 else "0"
    print_setup(ws)
    protect(ws)
    finances_row = 2 + [p for _, p, _, _ in CAMPUS_FIELDS].index(("finances_section",))
    dv = validation("list", list_range(LISTS, "E"), strict=False)
    ws.add_data_validation(dv)
    dv.add(f"B{finances_row}")


def _data_sheets(book: Any, rows: Rows, cols_of: dict[str, Any], year: int, style: Style) -> None:
    for sheet in SHEETS[1:]:
        ws = book.create_sheet(sheet)
        cols = cols_of[sheet]
        header_row(ws, [c.header for c in cols], [c.width for c in cols], style)
        for r, row in enumerate(rows[sheet], start=FIRST_DATA_ROW):
            for c, value in enumerate(row, start=1):
                put_value(ws, r, c, value, style)
        for dv, where in validations(sheet, cols, year):
            ws.add_data_validation(dv)
            dv.add(where)
        # text columns stay text (« 1.10 » is not the number 1.1), dates are French dates
        dress_sheet(ws, sheet, cols, year, style)


def _lists_sheet(
    ws: Any, perspectives: Sequence[tuple[str, str]], owners: list[str], style: Style
) -> None:
    """The hidden sheet of dropdown values: last year's perspectives, the owners' ids."""
    ws.sheet_state = "hidden"
    for i, text in enumerate(LIST_HEADERS, start=1):
        ws.cell(row=1, column=i, value=text)
    for r, (pid, title) in enumerate(perspectives, start=2):
        put_value(ws, r, 1, f"{pid}{LABEL_SEP}{title}" if title else pid, style)
        put_value(ws, r, 2, title, style)
    for r, owner in enumerate(owners, start=2):
        put_value(ws, r, 3, owner, style)
    # « id — titre » of the rows the director fills: read live, so a new axis is a choice
    for c, sheet in enumerate(LABELLED, start=4):
        for r in range(2, LIST_ROWS + 1):
            at = r + FIRST_DATA_ROW - 2
            ws.cell(
                row=r, column=c
            ).value = (
                f"=IF('{sheet}'!$A{at}=\"\",\"\",'{sheet}'!$A{at}&\"{LABEL_SEP}\"&'{sheet}'!$B{at})"
            )


def _stable_zip(raw: bytes, when: dt.datetime) -> bytes:
    """The same archive with fixed entry times, so that the same data gives the same bytes."""
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def export_campus_year(
    cy: m.CampusYear | None,
    code: str,
    year: int,
    target: Path,
    *,
    campus_name: str = "",
    perspectives: Sequence[tuple[str, str]] = (),
    about: Sending | None = None,
) -> None:
    """Write the workbook of campus ``code`` for ``year`` to ``target`` (atomically).

    ``cy`` prefills it (``None``: an empty workbook for a new year, which still has every
    sheet, header and dropdown). ``perspectives`` — (id, title) of the previous year's
    report — feed the « Répond à » dropdown; ``about`` is (deadline, contact) for the
    « Lisez-moi ». Loading the file with
    :func:`cmqreport.load.workbook.load_workbook_data` gives back data equal to ``cy``.
    """
    data = workbook_bytes(
        cy, code, year, campus_name=campus_name, perspectives=perspectives, about=about
    )
    write_atomic(target, data)


# --------------------------------------------------------------------------- the command


def _check_target(root: Path, target: Path, own: str, force: bool) -> None:
    """Raise :class:`UsageError` when the workbook may not be written at ``target``: no
    ``.xlsx``, no file to write (a folder, a pipe), another file of the data than ``own``,
    or an existing file without ``force``."""
    if target.suffix.lower() != WORKBOOK_SUFFIX:
        raise UsageError(f"{target} : le classeur doit avoir l'extension .xlsx.")
    check_out_path(target)  # a folder, a pipe, a file on the way: a sentence, not OSError
    check_data_file(root, target, own)
    if target.exists() and not force:
        raise UsageError(f"{target} existe déjà : ajoutez --force pour le remplacer.")


def export_workbook(
    project_dir: Path,
    code: str,
    year: int,
    out: Path | None,
    *,
    empty: bool = False,
    force: bool = False,
) -> tuple[Path, list[str]]:
    """``cmqreport export-xlsx``: write the workbook; returns its path and notes for people.

    Raises :class:`UsageError` for an unknown campus or an existing file (without
    ``force``), :class:`DataError` when the campus-year to export has errors.
    """
    from cmqreport.load.project import load_project

    project = load_project(project_dir)
    code = code.strip().upper()
    data = project.year(year)
    known = project.known_campuses() | set(data.campuses)
    if code not in known:
        raise UsageError(
            f"campus « {code} » inconnu (campus du projet : "
            + (", ".join(sorted(known)) or "aucun")
            + ")."
        )
    target = out if out is not None else project.root / campus_year_rel(year, code, WORKBOOK_SUFFIX)
    _check_target(project.root, target, campus_year_rel(year, code, WORKBOOK_SUFFIX), force)
    yamls = [
        rel
        for rel in (campus_year_rel(year, code, suffix) for suffix in YAML_SUFFIXES)
        if (project.root / rel).is_file()
    ]
    cy = None if empty else _without_drawn_figures(_to_export(project, code, year, yamls), yamls)
    campus = project.campuses.get(code)
    previous = project.year(year - 1).perspectives
    plans = [(p.id, p.title) for p in previous.items] if previous else []
    export_campus_year(
        cy,
        code,
        year,
        target,
        campus_name=campus.name if campus else "",
        perspectives=plans,
        about=_sending(project),
    )
    notes: list[str] = []
    try:
        inside = target.resolve().parent == (project.root / year_folder(year)).resolve()
    except OSError:
        inside = False
    if inside and yamls:
        notes.append(
            f"{', '.join(yamls)} existe aussi : une année d'un campus ne doit avoir qu'un "
            "fichier ; supprimez ou déplacez le YAML quand le classeur est prêt."
        )
    return target, notes


def _sending(project: Project) -> Sending:
    """By when and to whom the workbook goes back (cmqreport.yaml), for the « Lisez-moi »."""
    config = project.config
    deadline = config.workbook_deadline if config else None
    contact = config.workbook_contact if config else None
    day = f"{deadline.day} {_MONTHS[deadline.month - 1]} {deadline.year}" if deadline else None
    return day, contact


def _to_export(project: Project, code: str, year: int, yamls: list[str]) -> m.CampusYear | None:
    """The campus-year to prefill the workbook with (None: none yet); DataError if broken."""
    cy = project.year(year).campuses.get(code)
    if cy is not None:
        return cy
    broken = sorted(rel for rel in project.failed if _is_campus_year(rel, year, code))
    diags = [d for d in project.diagnostics if d.place is not None and d.place.file in broken]
    if yamls and len(broken) > 1:
        # a YAML beside the workbook exported from it: the YAML is what is converted
        cy, diags = _read_campus_year(project.root / yamls[0], yamls[0])
        broken = [yamls[0]] if cy is None else []
    if cy is None and broken:
        raise DataError(
            f"{', '.join(broken)} contient des erreurs : corrigez-les (cmqreport validate) "
            "ou exportez un classeur vide (--empty).",
            diags,
        )
    return cy


def _without_drawn_figures(cy: m.CampusYear | None, yamls: list[str]) -> m.CampusYear | None:
    """``cy``, unless a figure of it is drawn from its ``sequence``: « Figures » has no
    column for one, and exporting it would drop it, so the export is refused instead."""
    from cmqreport.model.walk import blocks

    drawn = [fig.id for b in blocks(cy) for fig in b.node.figures if fig.drawn] if cy else []
    if drawn:
        where = yamls[0] if yamls else "le YAML"
        raise UsageError(
            f"{where} : la figure {drawn[0]} a une frise (sequence:), que le classeur ne "
            "sait pas porter ; gardez cette année en YAML, ou remplacez la frise par une image."
        )
    return cy


def _is_campus_year(rel: str, year: int, code: str) -> bool:
    kind = classify(rel)
    return kind is not None and (kind.kind, kind.year, kind.campus) == ("campus_year", year, code)


def _read_campus_year(path: Path, rel: str) -> tuple[m.CampusYear | None, list[Diagnostic]]:
    """One campus-year file read and checked on its own (diagnostics when it fails)."""
    from cmqreport.load.yamlsrc import load_yaml
    from cmqreport.write.workbook_checked import checked_campus_year

    src = load_yaml(path, rel)
    if not src.ok or not isinstance(src.data, dict):
        return None, src.diagnostics
    return checked_campus_year(src)
