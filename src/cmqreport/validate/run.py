"""All checks across files, in one call: what the model of one file cannot see alone.

Each group of rules reads the loaded :class:`~cmqreport.load.project.Project` and yields
diagnostics placed in the file that holds the faulty value. Rules stay silent about what an
unreadable file would have said (``Project.failed``): its own diagnostics say why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from cmqreport.diagnostics import Diagnostic
from cmqreport.load.project import Project
from cmqreport.validate.campus_years import campus_year_checks
from cmqreport.validate.campuses import campus_checks
from cmqreport.validate.dates import date_checks
from cmqreport.validate.files import named_checks
from cmqreport.validate.glossary import glossary_checks
from cmqreport.validate.ids import id_checks
from cmqreport.validate.references import reference_checks
from cmqreport.validate.strings import string_checks
from cmqreport.validate.templates import template_checks

__all__ = ["CHECKS", "run_checks"]

#: Every group of rules, in the order they run.
CHECKS: tuple[Callable[[Project], Iterable[Diagnostic]], ...] = (
    campus_checks,
    id_checks,
    date_checks,
    reference_checks,
    string_checks,
    named_checks,
    glossary_checks,
    campus_year_checks,
    template_checks,
)


def run_checks(project: Project) -> list[Diagnostic]:
    """All cross-file checks of a project."""
    return [in_workbook_words(project, d) for check in CHECKS for d in check(project)]


def in_workbook_words(project: Project, diag: Diagnostic) -> Diagnostic:
    """A finding on a workbook's cell, said as the director sees the cell: « feuille
    Actions, ligne 3, colonne Statut (F3) : … » (as the workbook reader says its own)."""
    place = diag.place
    if place is None or not place.sheet or not place.cell:
        return diag  # only a workbook's places have a sheet and a cell
    # the workbook package (and openpyxl behind it) is imported by projects that have one
    from cmqreport.load.workbook.loaded import WorkbookLoaded

    src = project.source(place.file)
    if not isinstance(src, WorkbookLoaded):
        return diag
    if diag.message.startswith("feuille "):
        return diag
    return replace(diag, message=f"{src.words(place.sheet, place.cell)} : {diag.message}")
