"""The Python API: one function per command, each returning a result object.

Nothing here prints or exits: :mod:`cmqreport.cli` parses options, calls one function and
prints its result. Errors meant for people are raised as :class:`~cmqreport.errors.UsageError`
(bad command line) or :class:`~cmqreport.errors.DataError` (unusable data, with its
diagnostics). Heavy modules are imported inside the functions so that ``validate`` starts
fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmqreport.convert.formats import FORMATS, parse_formats, parse_pdf_engine
from cmqreport.diagnostics import Diagnostic, Severity
from cmqreport.errors import DataError, UsageError

if TYPE_CHECKING:
    from cmqreport.analyse.perspectives import DiffItem, PerspectiveDiff
    from cmqreport.analyse.status import YearStatus
    from cmqreport.convert.docx.review import Placed
    from cmqreport.diagnostics import Code
    from cmqreport.load.project import Project
    from cmqreport.render.renderer import Rendered
    from cmqreport.write.new_year import NewYear
    from cmqreport.write.review_apply import ApplyPlan
    from cmqreport.write.scaffold import Scaffold
    from cmqreport.write.schemas import SchemaFiles

__all__ = [
    "FORMATS",
    "BuildResult",
    "DiffResult",
    "InvalidData",
    "Progress",
    "ReviewResult",
    "StatusResult",
    "Validation",
    "WorkbookExport",
    "WorkbookImport",
    "build",
    "diff_perspectives",
    "explain",
    "export_xlsx",
    "export_xlsx_all",
    "import_xlsx",
    "init",
    "json_schema",
    "new_year",
    "parse_formats",
    "review",
    "status",
    "validate",
    "write_schemas",
]

#: Called with a short French label (« Rendu Markdown ») as each stage of a command starts.
Progress = Callable[[str], None]


class InvalidData(DataError):
    """A :class:`DataError` found after reading ``files`` data files.

    The count is the one the diagnostics' summary gives (« 1 erreur … (12 fichiers lus) »).
    """

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic], *, files: int) -> None:
        super().__init__(message, diagnostics)
        self.files = files


# --------------------------------------------------------------------------- validate


@dataclass
class Validation:
    """The outcome of :func:`validate`."""

    project: Project
    diagnostics: list[Diagnostic]

    @property
    def files(self) -> int:
        """How many data files were read."""
        return len(self.project.sources)

    def failed(self, *, strict: bool = False) -> bool:
        """True when there are errors (or warnings, under ``strict``)."""
        bad = {Severity.error, Severity.warning} if strict else {Severity.error}
        return any(d.level in bad for d in self.diagnostics)


def validate(directory: Path) -> Validation:
    """Load the project at ``directory`` and run every check; never raises for bad data."""
    from cmqreport.load.project import load_project
    from cmqreport.validate.run import run_checks
    from cmqreport.validate.templates import has_templates

    project = load_project(directory)
    diags = list(project.diagnostics)
    # the checks skip what unreadable files would have said (Project.failed): a syntax error
    # in one file never hides the errors of the others
    diags += run_checks(project)
    if not any(d.level == Severity.error for d in diags) and has_templates(project):
        from cmqreport.render.renderer import render_checks

        diags += render_checks(project)  # the project's own templates, run in memory
    diags.sort(key=Diagnostic.sort_key)
    return Validation(project, diags)


# --------------------------------------------------------------------------- build


@dataclass
class BuildResult:
    """What a build wrote, and what it could not."""

    #: The file written for each format, in :data:`FORMATS` order.
    outputs: dict[str, Path] = field(default_factory=dict)
    #: Formats not produced, with the reason for people (no TeX engine for the PDF).
    skipped: dict[str, str] = field(default_factory=dict)
    #: pandoc's warnings, one line each (an image it could not read, an unknown citation).
    warnings: list[str] = field(default_factory=list)
    #: What validation found (warnings and notes only: errors stop the build).
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def data_warnings(self) -> int:
        """How many warnings validation gave."""
        return sum(d.level == Severity.warning for d in self.diagnostics)


def build(
    project_dir: Path,
    year: int,
    formats: Sequence[str],
    out: Path | None = None,
    progress: Progress | None = None,
    pdf_engine: str | None = None,
) -> BuildResult:
    """Build the report of ``year`` in ``formats`` (:data:`FORMATS`) into ``out``.

    The PDF is typeset by ``pdf_engine`` (``typst``, ``xelatex``, ``lualatex``), else by
    the project's ``pdf_engine:``, else by Typst.

    Validate, render, convert in a temporary folder, then publish every output at once
    (default folder: ``build/`` in the project). Raises :class:`InvalidData` when the data
    or a project template has errors (nothing is written), :class:`UsageError` for an
    unknown format or a year without ``network.yaml``.
    """
    from cmqreport.convert.formats import convert_report
    from cmqreport.write.assets import write_inputs
    from cmqreport.write.publish import publish, report_epoch, report_stem, staging

    say = progress or _silent
    wanted = parse_formats(",".join(formats))
    chosen = parse_pdf_engine(pdf_engine) if pdf_engine else None
    say("Validation des données")
    checked = validate(project_dir)
    _check_buildable(checked, year)
    say("Rendu Markdown")
    rendered = _render(checked, year)
    project = checked.project
    network = project.years[year].network
    epoch = report_epoch(year, network.date if network else None)
    target = (out or project.root / "build").resolve()
    stem = report_stem(year)
    with staging(target) as work:
        write_inputs(rendered, work, stem, _locale(project))
        done = convert_report(
            rendered.markdown,
            work,
            stem,
            wanted,
            citeproc=bool(rendered.bibliography),
            epoch=epoch,
            progress=say,
            pdf_engine=chosen or _pdf_engine(project),
            reference_docx=_reference_docx(project),
            docx_source=(rendered.marked, rendered.sources) if rendered.marked else None,
        )
        say("Écriture")
        outputs = publish(work, target, stem, done.made)
    return BuildResult(outputs, done.skipped, done.warnings, checked.diagnostics)


def _silent(_label: str) -> None:
    """The progress callback when nobody listens."""


def _reference_docx(project: Project) -> Path | None:
    """The project's own reference document (``templates/reference.docx``), if it has one."""
    from cmqreport.load.layout import REFERENCE_DOCX

    path = project.root / REFERENCE_DOCX
    if not path.is_file():
        return None
    root = project.root.resolve()
    if not path.resolve().is_relative_to(root):
        raise DataError(
            f"{REFERENCE_DOCX} mène hors du projet : il n'est pas lu. "
            "Copiez le document de référence dans le projet au lieu d'un lien."
        )
    return path


def _check_buildable(checked: Validation, year: int) -> None:
    """Raise unless the data is free of errors and has the network file of ``year``."""
    errors = [d for d in checked.diagnostics if d.level == Severity.error]
    if errors:
        raise InvalidData(
            f"{len(errors)} erreur(s) dans les données : rien n'a été écrit "
            "(détail : cmqreport validate).",
            errors,
            files=checked.files,
        )
    years = checked.project.years
    if year not in years or years[year].network is None:
        known = ", ".join(str(y) for y, d in sorted(years.items()) if d.network)
        raise UsageError(
            f"pas de rapport {year} dans ce projet (years/{year}/network.yaml "
            f"absent ; années disponibles : {known or 'aucune'})."
        )


def _render(checked: Validation, year: int) -> Rendered:
    """The report's Markdown; a template error becomes :class:`InvalidData`."""
    from cmqreport.render.renderer import render_markdown

    try:
        return render_markdown(checked.project, year)
    except DataError as exc:
        raise InvalidData(str(exc), exc.diagnostics, files=checked.files) from exc


def _pdf_engine(project: Project) -> str:
    return parse_pdf_engine(project.config.pdf_engine if project.config else None)


def _locale(project: Project) -> str:
    return project.config.locale if project.config else "fr_FR"


# --------------------------------------------------------------------------- diff-perspectives


@dataclass
class DiffResult:
    """The outcome of :func:`diff_perspectives`.

    ``diff`` is ``None`` when the project has no year with data. ``nothing_to_compare`` is
    the reason, for people, when there is nothing to compare (no year with data, no previous
    report); the JSON document is still printed when ``diff`` is set.
    """

    diff: PerspectiveDiff | None
    #: The project's locale, for numbers and percentages.
    locale: str = "fr_FR"
    nothing_to_compare: str | None = None

    @property
    def missing(self) -> tuple[DiffItem, ...]:
        """The perspectives without follow-up (none when nothing is compared)."""
        if self.diff is None or self.diff.planned_in is None:
            return ()
        return self.diff.missing


def diff_perspectives(project_dir: Path, year: int | None = None) -> DiffResult:
    """Compare last year's perspectives to what ``year`` (default: the latest) achieved.

    Raises :class:`DataError` when a file the comparison needs cannot be read.
    """
    from cmqreport.analyse.perspectives import compute_diff, latest_year
    from cmqreport.load.project import load_project

    project = load_project(project_dir)
    locale = _locale(project)
    if year is None:
        year = latest_year(project)
        if year is None:
            reason = "aucune année avec des données (years/AAAA/) : rien à comparer."
            return DiffResult(None, locale, reason)
    diff = compute_diff(project, year)
    if diff.planned_in is None:
        return DiffResult(diff, locale, diff.message or "")
    return DiffResult(diff, locale)


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


# --------------------------------------------------------------------------- schema, explain


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """JSON Schema of one data file kind, or of all of them (``kind=None``).

    Raises :class:`UsageError` for an unknown kind.
    """
    from cmqreport.load.layout import SCHEMA_GLOBS
    from cmqreport.model import FILE_MODELS
    from cmqreport.model.schema import build_schema

    if kind is not None and kind not in FILE_MODELS:
        raise UsageError(
            f"type de fichier inconnu « {kind} » (possibles : " + ", ".join(FILE_MODELS) + ")."
        )
    return build_schema(kind, files=SCHEMA_GLOBS)


def write_schemas(out: Path, *, force: bool = False) -> SchemaFiles:
    """One JSON Schema file per data file kind in ``out``, and the editor's mapping (see
    :func:`cmqreport.write.schemas.write_schemas`); never replaces a file without ``force``."""
    from cmqreport.write.schemas import write_schemas as write

    return write(out, force=force)


def explain(code: str) -> Code:
    """The diagnostic code named by ``code`` (``CMQ-V004``, ``cmq-v004`` or its slug
    ``date-invalid``); raises :class:`UsageError` when there is none."""
    from cmqreport.diagnostics import CODES

    wanted = code.upper() if code.upper().startswith("CMQ-") else code
    for c in CODES.values():
        if wanted in (c.code, c.slug):
            return c
    raise UsageError(f"code inconnu « {code} » (voir cmqreport explain --help).")


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
