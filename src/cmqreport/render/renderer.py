"""Render a year's report to pandoc Markdown through Jinja templates.

Stages, each once per build: analyse the year (:mod:`cmqreport.render.analysis`), number
the outline (:mod:`cmqreport.render.outline`), write the bodies of its nodes (data text made
safe Markdown by :mod:`cmqreport.render.text`, pieces placed by
:mod:`cmqreport.render.blocks`, computed sections by :mod:`cmqreport.render.chapters`),
render the templates in Jinja's sandbox (:mod:`cmqreport.render.jinja_env`), then spell out
acronyms at their first use and mark every use of an acronym or a glossary term
(:mod:`cmqreport.render.acronyms`).

The Markdown carries meaning, not numbers: headings and captions have none, a
cross-reference is a link of class ``ref`` whose text is the number the outline computed,
and each output format numbers and refers by itself.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmqreport import model as m
from cmqreport.diagnostics import Diagnostic, without_controls
from cmqreport.errors import DataError
from cmqreport.load.layout import YEARS_DIR
from cmqreport.load.project import Project
from cmqreport.render.acronyms import expand_acronyms
from cmqreport.render.analysis import analyse
from cmqreport.render.blocks import write_body
from cmqreport.render.chapters import campuses, perspectives, structuring
from cmqreport.render.context import body_context, report_context
from cmqreport.render.french import Formatter
from cmqreport.render.grid import lay_out_grids
from cmqreport.render.jinja_env import builtin_templates, environment, template_error
from cmqreport.render.markdown import Md
from cmqreport.render.metadata import csl
from cmqreport.render.nodes import Asset
from cmqreport.render.outline import Outline, build_outline
from cmqreport.render.sandbox_sizes import output_budget
from cmqreport.render.sources import Sources, strip_markers
from cmqreport.render.text import TextMaker
from cmqreport.render.writer import Writer
from cmqreport.validate.templates import TEMPLATES_DIR, has_templates

__all__ = [
    "Asset",
    "Rendered",
    "builtin_templates",
    "expand_acronyms",
    "render_checks",
    "render_markdown",
]

# the tests' and extensions' names for the environment
_environment = environment


@dataclass
class Rendered:
    """The Markdown of a report and what it needs beside it."""

    markdown: str
    assets: list[Asset] = field(default_factory=list)
    bibliography: list[dict[str, Any]] = field(default_factory=list)
    #: :attr:`marked` before its grid tables are drawn.
    marked_text: str = ""
    #: The markers handed out (:attr:`sources` is their map).
    markers: Sources | None = None

    @functools.cached_property
    def sources(self) -> dict[str, dict[str, Any]]:
        """Marker key → data place and hash; the places are found only for a DOCX, the
        one output that keeps them."""
        return self.markers.entries if self.markers is not None else {}

    @functools.cached_property
    def marked(self) -> str:
        """The Markdown with its source markers, for the DOCX (see :mod:`.sources`); its
        grid tables are drawn when it is first asked for, so a build without DOCX skips it;
        then its control characters are U+FFFD, as in :attr:`markdown`."""
        return without_controls(lay_out_grids(self.marked_text)) if self.marked_text else ""


def render_markdown(
    project: Project, year: int, *, template_dirs: list[Path] | None = None
) -> Rendered:
    """The report of ``year`` as pandoc Markdown, with the assets it refers to."""
    data = project.year(year)
    if data.network is None:
        raise DataError(f"pas de données réseau pour {year} (years/{year}/network.yaml).")
    # the project's templates are read only from inside the project; folders given by a
    # caller are trusted as they are
    dirs = template_dirs if template_dirs is not None else [project.root / TEMPLATES_DIR]
    root = project.root if template_dirs is None else None
    cfg = project.config or m.ProjectConfig(network="", region="")
    analysis = analyse(project, year, data.network)
    outline = build_outline(project, year, analysis)
    fmt = Formatter(cfg.locale)
    text = TextMaker(fmt, outline.labels)
    try:
        # the bounds of the sandbox grow with the data the report is made from
        with output_budget(_data_bytes(project, year)):
            env = environment(dirs, fmt.plain_typography, root)
            w = Writer(project, year, data, data.network, analysis, text, env)
            w.sources = Sources(project, year)
            marked = _render(w, outline, cfg)
    except Exception as exc:
        # whatever a template raises (1/0, a bad argument, a bound of the sandbox) is a
        # diagnostic at its line; anything else is a bug of cmqreport and stays one
        error = template_error(exc, project.root)
        if error is None:
            raise
        raise error from None
    assets = sorted(outline.assets.values(), key=lambda a: a.name)
    refs = [csl(ref) for ref in project.references]
    # grid tables are drawn last: the acronym pass and the source markers widen their cells
    # no output holds a control character, whatever wrote it (data text is clean already; a
    # project's template may hold one): each is U+FFFD. Only once the grid tables are drawn:
    # their markers are control characters (the marked copy: see Rendered.marked)
    plain = without_controls(lay_out_grids(strip_markers(marked)))
    return Rendered(plain, assets, refs, marked, w.sources)


def _data_bytes(project: Project, year: int) -> int:
    """The size of the data files the report of ``year`` is made from: the project's and
    its campuses' files, the year's and the year before's (whose perspectives it follows
    up). It bounds what the templates may write (:func:`.sandbox_sizes.output_budget`)."""
    others = f"{YEARS_DIR}/"
    wanted = (f"{YEARS_DIR}/{year}/", f"{YEARS_DIR}/{year - 1}/")
    total = 0
    for rel in project.sources:
        if rel.startswith(others) and not rel.startswith(wanted):
            continue
        try:
            total += (project.root / rel).stat().st_size
        except OSError:  # read a moment ago: gone since, it adds nothing
            continue
    return total


def render_checks(project: Project) -> list[Diagnostic]:
    """What the project's own templates do when they run: each year's report is rendered
    in memory, and the first failure of each year is returned (CMQ-V040 at its line).

    Only for a project with a ``templates/`` folder: the built-in templates are tested
    with cmqreport, so ``validate`` stays fast for the projects that use them.
    """
    if not has_templates(project):
        return []
    found: list[Diagnostic] = []
    for year, data in sorted(project.years.items()):
        if data.network is None:
            continue
        try:
            render_markdown(project, year)
        except DataError as exc:
            found += [d for d in exc.diagnostics if d not in found]
    return found


def _render(w: Writer, outline: Outline, cfg: m.ProjectConfig) -> str:
    write_outline(w, outline)
    body_vars = body_context(w, outline)
    body = w.env.get_template("body.md.j2").render(body_vars)
    body, acr_use, term_use = expand_acronyms(body, w.project, cfg.acronym_scope.value, w.sources)
    context = report_context(w, body_vars, body, (acr_use, term_use), bool(w.project.references))
    text = w.env.get_template("report.md.j2").render(context)
    return _BLANK_LINES.sub("\n\n", text).strip("\n") + "\n"


_BLANK_LINES = re.compile(r"\n{3,}")


def write_outline(w: Writer, outline: Outline) -> None:
    """Write the Markdown body of every node: chapter introductions, computed sections,
    planned bodies."""
    for node, ch in zip(outline.chapters, w.network.chapters, strict=True):
        node.body = Md(w.sources.mark(ch, ("intro",), w.text.prose(ch.intro, w.notes)))
        if ch.kind == m.ChapterKind.structuring:
            structuring.write(w, node, ch)
        elif ch.kind == m.ChapterKind.perspectives:
            perspectives.write(w, node, ch)
        elif ch.kind == m.ChapterKind.campuses:
            campuses.write(w, node)
    for node in outline.nodes():
        if node.content is not None:
            node.body = write_body(w, node.content, node.data)
