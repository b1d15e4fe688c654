"""The commands of the coordinator's year: workbooks, init, new-year, status, review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmqreport.diagnostics import Diagnostic
from cmqreport.errors import DataError, UsageError

if TYPE_CHECKING:
    from cmqreport.analyse.status import YearStatus
    from cmqreport.convert.docx.review import Placed
    from cmqreport.write.new_year import NewYear
    from cmqreport.write.review_apply import ApplyPlan
    from cmqreport.write.scaffold import Scaffold


from cmqreport.api.report import InvalidData, validate

# --------------------------------------------------------------------------- workbooks


@dataclass
class WorkbookExport:
    """The outcome of :func:`export_xlsx`."""

    path: Path
    #: Remarks for people (a YAML file beside the new workbook).
    notes: list[str] = field(default_factory=list)


@dataclass
class WorkbookImport:
    """The outcome of :func:`import_xlsx`."""

    path: Path
    #: The workbook's warnings (errors stop the import).
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Remarks for people (the workbook beside the new YAML).
    notes: list[str] = field(default_factory=list)


def export_xlsx(
    project_dir: Path,
    code: str,
    year: int,
    out: Path | None = None,
    *,
    empty: bool = False,
    force: bool = False,
) -> WorkbookExport:
    """Write the workbook of campus ``code`` for ``year``, filled with its data unless
    ``empty`` (default: ``years/AAAA/CODE.xlsx``).

    Raises :class:`UsageError` for an unknown campus or an existing file without ``force``,
    :class:`InvalidData` when the campus-year to export has errors.
    """
    from cmqreport.write.workbook import export_workbook

    try:
        path, notes = export_workbook(project_dir, code, year, out, empty=empty, force=force)
    except DataError as exc:
        # the diagnostics are those of the one campus-year file
        raise InvalidData(str(exc), exc.diagnostics, files=1) from exc
    return WorkbookExport(path, notes)


def import_xlsx(
    workbook: Path, out: Path | None = None, *, force: bool = False, replace: bool = False
) -> WorkbookImport:
    """Write the YAML of a campus-year workbook, checked as by :func:`validate`
    (default: beside it, in ``.yaml``, which needs ``replace``: the workbook is then
    moved into ``.imported/``). An existing YAML keeps its comments and order.

    Raises :class:`UsageError` for a missing workbook, an existing file without ``force``
    or a YAML beside its workbook without ``replace``, :class:`InvalidData` when the
    workbook has errors (nothing is written).
    """
    from cmqreport.write.yaml_out import import_workbook

    try:
        path, warnings, notes = import_workbook(workbook, out, force=force, replace=replace)
    except DataError as exc:
        raise InvalidData(str(exc), exc.diagnostics, files=1) from exc
    return WorkbookImport(path, warnings, notes)


# --------------------------------------------------------------------------- the year's cycle


def init(
    directory: Path,
    region: str,
    campuses: Sequence[str] = (),
    *,
    year: int | None = None,
    force: bool = False,
) -> Scaffold:
    """Write a new network's project in ``directory`` (``campuses``: ``AGT`` or
    ``AGT=Nom du campus``); it validates and builds at once.

    Raises :class:`UsageError` for a bad campus code, or a folder that is not empty without
    ``force`` (which fills it, keeping every existing file).
    """
    from cmqreport.write.scaffold import parse_campus, scaffold_project

    parsed = [parse_campus(c) for c in campuses]
    return scaffold_project(directory, region, parsed, year=year, force=force)


def new_year(project_dir: Path, year: int, *, workbooks: bool = False) -> NewYear:
    """Start ``year`` from the report of ``year - 1`` (see
    :func:`cmqreport.write.new_year.new_year`); raises :class:`UsageError` without it."""
    from cmqreport.write.new_year import new_year as start

    return start(project_dir, year, workbooks=workbooks)


def export_xlsx_all(project_dir: Path, year: int, *, force: bool = False) -> NewYear:
    """The workbook of every campus for ``year``: its data, or what ``year - 1`` carries
    forward. Existing workbooks are kept unless ``force``."""
    from cmqreport.load.project import load_project
    from cmqreport.write.new_year import export_all

    return export_all(load_project(project_dir), year, force=force)


@dataclass
class StatusResult:
    """The outcome of :func:`status`: ``status`` is None when the project has no year."""

    status: YearStatus | None
    nothing: str | None = None


def status(project_dir: Path, year: int | None = None) -> StatusResult:
    """Where each campus stands for ``year`` (default: the latest year with data)."""
    from cmqreport.analyse.status import compute_status, status_year

    checked = validate(project_dir)
    chosen = year if year is not None else status_year(checked.project)
    if chosen is None:
        return StatusResult(None, "aucune année dans ce projet (years/AAAA/) : cmqreport new-year.")
    return StatusResult(compute_status(checked.project, chosen, checked.diagnostics))


@dataclass
class ReviewResult:
    """The outcome of :func:`review`: every remark of the DOCX with its data place.

    ``checked`` is False when no project was at hand to tell stale values.
    """

    items: list[Placed]
    checked: bool
    #: With ``apply``: the changes to the YAML (written or not) and those left alone.
    applied: ApplyPlan | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """The documented JSON document (``schema_version`` 1): ``{"schema_version",
        "checked", "items": [{"kind", "author", "date", "text"/"covered"/"replies" or
        "old"/"new", "heading", "place": {"file", "line", "col", "sheet", "cell", "path",
        "sha256"} | null, "stale"}]}``."""
        return {
            "schema_version": 1,
            "checked": self.checked,
            "items": [p.to_json() for p in self.items],
        }


def review(
    docx: Path, project_dir: Path | None = None, *, apply: bool = False, yes: bool = False
) -> ReviewResult:
    """The comments and tracked changes of a DOCX that ``build`` wrote, each with the data
    place to change (file and line, or workbook cell), sorted by file and line.

    With ``project_dir``, a value that changed since the build is said stale. Raises
    :class:`DataError` for a file that is no DOCX or lost its map of sources. ``apply``
    plans the tracked changes' patches to the YAML; ``yes`` writes them if still valid.
    """
    from cmqreport.convert.docx.review import place_remarks, read_review
    from cmqreport.load.project import find_project, load_project

    if not docx.is_file():
        raise UsageError(f"{docx} : fichier introuvable.")
    reviewed = read_review(docx)
    project = load_project(find_project(project_dir)) if project_dir is not None else None
    result = ReviewResult(place_remarks(reviewed, project), project is not None)
    if apply and project is not None:
        from cmqreport.write.review_apply import apply_changes

        check = lambda d: validate(d).diagnostics  # noqa: E731
        result.applied = apply_changes(result.items, project, yes, check)
    return result
