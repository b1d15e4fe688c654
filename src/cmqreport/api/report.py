"""The commands about one report: validate, build, diff-perspectives, schema, explain."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmqreport.convert.formats import parse_formats, parse_pdf_engine
from cmqreport.diagnostics import Diagnostic, Severity
from cmqreport.diagnostics.french import plural
from cmqreport.errors import DataError, UsageError

if TYPE_CHECKING:
    from cmqreport.analyse.perspectives import DiffItem, PerspectiveDiff
    from cmqreport.diagnostics import Code
    from cmqreport.load.project import Project
    from cmqreport.render.renderer import Rendered
    from cmqreport.write.schemas import SchemaFiles


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
    return _validate(directory, templates=True)


def _validate(directory: Path, *, templates: bool) -> Validation:
    """:func:`validate`; the project's own templates are run on every year only with
    ``templates`` (a build renders its one year, which checks them for that year)."""
    from cmqreport.load.project import load_project
    from cmqreport.validate.run import run_checks
    from cmqreport.validate.templates import has_templates

    project = load_project(directory)
    diags = list(project.diagnostics)
    # the checks skip what unreadable files would have said (Project.failed): a syntax error
    # in one file never hides the errors of the others
    diags += run_checks(project)
    if templates and not any(d.level == Severity.error for d in diags) and has_templates(project):
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
    from cmqreport.convert.formats import Conversion, convert_report
    from cmqreport.write.assets import write_inputs
    from cmqreport.write.chart_cache import ChartCache
    from cmqreport.write.out_folder import check_out_folder
    from cmqreport.write.publish import publish, report_epoch, report_stem, staging

    say = progress or _silent
    wanted = parse_formats(",".join(formats))
    chosen = parse_pdf_engine(pdf_engine) if pdf_engine else None
    target = (out or project_dir / "build").absolute()
    check_out_folder(project_dir, target)  # before any work: never into the project's data
    say("Validation des données")
    # the other years' reports are not rendered: the year's own render runs the project's
    # templates, and its errors stop the build as validate's would
    checked = _validate(project_dir, templates=False)
    _check_buildable(checked, year)
    say("Rendu Markdown")
    rendered = _render(checked, year)
    project = checked.project
    network = project.years[year].network
    epoch = report_epoch(year, network.date if network else None)
    target = target.resolve()
    stem = report_stem(year)
    charts = ChartCache(target)
    with staging(target) as work:
        write_inputs(rendered, work, stem, _locale(project), charts)
        what = Conversion(
            rendered.markdown,
            work,
            stem,
            wanted,
            citeproc=bool(rendered.bibliography),
            epoch=epoch,
            pdf_engine=chosen or _pdf_engine(project),
            reference_docx=_reference_docx(project),
            docx_source=_docx_source(rendered, wanted),
        )
        done = convert_report(what, say)
        say("Écriture")
        outputs = publish(work, target, stem, done.made)
    charts.save()  # only once published: a failed build adds nothing to the cache
    return BuildResult(outputs, done.skipped, done.warnings, checked.diagnostics)


def _docx_source(rendered: Rendered, formats: Sequence[str]) -> tuple[str, Any] | None:
    """The marked Markdown and its map, drawn only for a DOCX (it costs a grid layout)."""
    if "docx" not in formats or not rendered.marked_text:
        return None
    return rendered.marked, rendered.sources


def _silent(_label: str) -> None:
    """The progress callback when nobody listens."""


def _reference_docx(project: Project) -> Path | None:
    """The project's own reference document (``templates/reference.docx``), if it has one."""
    from cmqreport.load.layout import REFERENCE_DOCX
    from cmqreport.load.paths import is_inside

    path = project.root / REFERENCE_DOCX
    if not path.is_file():
        return None
    if not is_inside(project.root, path):
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
            f"{plural(len(errors), 'erreur')} dans les données : rien n'a été écrit "
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
        if not exc.diagnostics:
            raise InvalidData(str(exc), exc.diagnostics, files=checked.files) from exc
        # the same last line as when validate finds it: the template error is printed above
        raise InvalidData(
            f"{plural(len(exc.diagnostics), 'erreur')} dans les données : rien n'a été écrit "
            "(détail : cmqreport validate).",
            exc.diagnostics,
            files=checked.files,
        ) from exc


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
