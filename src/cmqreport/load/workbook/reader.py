"""Reading a campus-year workbook: the file checked, its sheets read, the data assembled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cmqreport.load.collector import collect_owed
from cmqreport.load.workbook.book import openpyxl_sheets
from cmqreport.load.workbook.campus_sheet import read_campus
from cmqreport.load.workbook.context import Context
from cmqreport.load.workbook.figures import Owners, read_figures
from cmqreport.load.workbook.funding import read_funding
from cmqreport.load.workbook.grid import read_grids, resolve_formulas
from cmqreport.load.workbook.loaded import WorkbookLoaded
from cmqreport.load.workbook.notes import read_notes
from cmqreport.load.workbook.opening import damaged, open_failure, open_workbook
from cmqreport.load.workbook.plan import read_plan
from cmqreport.load.workbook.records import read_list
from cmqreport.load.workbook.sections import read_metrics, read_sections
from cmqreport.load.workbook.sheets import ACTIONS, ANNEXES, AXES, INDICATORS
from cmqreport.load.workbook.tables import read_tables
from cmqreport.load.workbook.xml_cells import read_sheets

__all__ = ["load_workbook_data"]


def load_workbook_data(path: Path, display: str) -> WorkbookLoaded:
    """Read a campus-year workbook into the data a YAML file gives, with every cell's place.

    ``display`` is the file's name in diagnostics (``years/2021/AGT.xlsx``). Never raises
    for a bad file: an unreadable workbook gives ``data=None`` and a diagnostic; problems
    of single cells give diagnostics and leave those values out of the data.
    """
    try:
        return _read(path, display)
    finally:
        collect_owed()  # an openpyxl workbook, dropped: its cycles freed now


def _read(path: Path, display: str) -> WorkbookLoaded:
    """:func:`load_workbook_data`, before openpyxl's cycles are collected."""
    out = WorkbookLoaded(display)
    problem = open_failure(path, display)
    if problem is not None:
        out.diagnostics.append(problem)
        return out
    sheets = read_sheets(path)
    if sheets is None:  # a file the fast reader does not vouch for: openpyxl reads it
        try:
            sheets = openpyxl_sheets(open_workbook(path, data_only=False))
        except Exception as exc:  # openpyxl fails in many ways on a damaged archive
            out.diagnostics.append(damaged(display, exc))
            return out
    ctx = Context(out, path)
    read_grids(ctx, sheets)
    resolve_formulas(ctx, sheets)
    out.data = _data(ctx)
    return out


def _data(ctx: Context) -> dict[str, Any]:
    """The campus-year data of the workbook's sheets, in the order of a YAML file."""
    data = read_campus(ctx)
    if isinstance(data.get("year"), int):
        ctx.year = data["year"]
    settings = data.pop("finances", None)
    sections, section_paths = read_sections(ctx)
    actions = read_list(ctx, ACTIONS, "actions")
    annexes = read_list(ctx, ANNEXES, "annexes")
    read_metrics(ctx, actions)
    owners = Owners.of(sections, section_paths, annexes)
    code = data.get("campus")
    if isinstance(code, str) and code:
        owners.add_campus(code, data)
    parts = {
        "axes": read_list(ctx, AXES, "axes"),
        "sections": sections,
        "actions": actions,
        "footnotes": read_notes(ctx),
        "indicators": read_list(ctx, INDICATORS, "indicators"),
        "action_plan": read_plan(ctx),
        "finances": read_funding(ctx, settings),
        "annexes": annexes,
    }
    read_figures(ctx, owners)
    read_tables(ctx, owners)
    # keys in the order of a YAML campus-year; empty parts are left to their defaults
    finances_section = data.pop("finances_section", None)
    data.update({k: v for k, v in parts.items() if v})
    if finances_section is not None:
        data["finances_section"] = finances_section
    return data
