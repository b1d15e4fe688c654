"""``cmqreport build``: validate, render, convert, then write every output at once.

Everything is produced in a temporary folder first; outputs replace the previous ones only
when all of them are ready, so a failed build never leaves half-written files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cmqreport.errors import DataError, UsageError

__all__ = ["FORMATS", "BuildResult", "build", "build_cli"]

FORMATS = ("md", "docx", "latex", "pdf")
_SUFFIX = {"md": ".md", "docx": ".docx", "latex": ".tex", "pdf": ".pdf"}


@dataclass
class BuildResult:
    """What a build wrote, and what it could not."""

    outputs: dict[str, Path] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    warnings: int = 0


def parse_formats(text: str) -> list[str]:
    """``md,docx`` → ``["md", "docx"]``; unknown names are a usage error."""
    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    aliases = {"tex": "latex", "markdown": "md"}
    wanted = [aliases.get(f, f) for f in wanted]
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise UsageError(
            f"format inconnu « {','.join(bad) or text} » (possibles : md, docx, latex, pdf)."
        )
    return [f for f in FORMATS if f in wanted]


def _epoch(year: int, published: dt.date | None) -> int:
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.isdigit():
        return int(env)
    day = published or dt.date(year + 1, 1, 1)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def build(
    project_dir: Path,
    year: int,
    formats: list[str],
    out: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the report of ``year``; raise :class:`DataError` when the data has errors."""
    from cmqreport.api import validate
    from cmqreport.diagnostics import Severity

    say = progress or (lambda _msg: None)
    say("Validation des données")
    checked = validate(project_dir)
    errors = [d for d in checked.diagnostics if d.level == Severity.error]
    if errors:
        raise DataError(
            f"{len(errors)} erreur(s) dans les données : rien n'a été écrit "
            "(détail : cmqreport validate).",
            errors,
        )
    project = checked.project
    if year not in project.years or project.years[year].network is None:
        known = ", ".join(str(y) for y, d in sorted(project.years.items()) if d.network)
        raise UsageError(
            f"pas de rapport {year} dans ce projet (years/{year}/network.yaml "
            f"absent ; années disponibles : {known or 'aucune'})."
        )
    from cmqreport.render.renderer import render_markdown

    say("Rendu Markdown")
    rendered = render_markdown(project, year)
    target = (out or project.root / "build").resolve()
    stem = f"rapport-{year}"
    result = BuildResult(warnings=sum(d.level == Severity.warning for d in checked.diagnostics))
    epoch = _epoch(year, project.years[year].network.date)  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory(prefix=".cmqreport-", dir=_tmp_parent(target)) as tmp:
        work = Path(tmp)
        _write_assets(rendered, work, project.config.locale if project.config else "fr_FR")
        if rendered.bibliography:
            (work / "references.json").write_text(
                json.dumps(rendered.bibliography, ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
            )
        (work / f"{stem}.md").write_text(rendered.markdown, encoding="utf-8")
        citeproc = bool(rendered.bibliography)
        from cmqreport.convert import pandoc as convert

        made = {"md"} if "md" in formats else set()
        if "docx" in formats:
            say("Conversion DOCX")
            convert.to_docx(
                rendered.markdown, work, work / f"{stem}.docx", citeproc=citeproc, epoch=epoch
            )
            made.add("docx")
        if "latex" in formats:
            say("Conversion LaTeX")
            convert.to_latex(
                rendered.markdown, work, work / f"{stem}.tex", citeproc=citeproc, epoch=epoch
            )
            made.add("latex")
        if "pdf" in formats:
            engine = convert.find_tex_engine()
            if engine is None:
                result.skipped["pdf"] = (
                    "aucun moteur TeX (xelatex ou lualatex) n'est installé ; "
                    "les autres formats sont écrits."
                )
            else:
                say(f"Conversion PDF ({engine})")
                convert.to_pdf(
                    rendered.markdown,
                    work,
                    work / f"{stem}.pdf",
                    citeproc=citeproc,
                    epoch=epoch,
                    engine=engine,
                )
                made.add("pdf")
        say("Écriture")
        target.mkdir(parents=True, exist_ok=True)
        _publish(work, target, stem, made, result)
    return result


def _tmp_parent(target: Path) -> Path:
    """A folder on the same file system as the target, for atomic renames."""
    parent = target if target.exists() else target.parent
    while not parent.exists():
        parent = parent.parent
    return parent


def _write_assets(rendered: object, work: Path, locale: str) -> None:
    from cmqreport.render.charts import finances_chart
    from cmqreport.render.french import Formatter
    from cmqreport.render.renderer import Rendered

    assert isinstance(rendered, Rendered)
    fmt = Formatter(locale)
    for asset in rendered.assets:
        dest = work / asset.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if asset.chart is not None:
            dest.write_bytes(finances_chart(asset.chart, fmt))
        elif asset.placeholder:
            # drawn once with charts.placeholder_png and shipped: no matplotlib needed
            shutil.copyfile(
                Path(__file__).resolve().parent.parent / "data" / "placeholder.png", dest
            )
        elif asset.source is not None:
            shutil.copyfile(asset.source, dest)


def _replace(src: Path, dest: Path) -> None:
    if dest.is_dir() and not dest.is_symlink():
        shutil.rmtree(dest)
    os.replace(src, dest)


def _publish(work: Path, target: Path, stem: str, made: set[str], result: BuildResult) -> None:
    """Move every finished file into place with atomic renames."""
    if (work / "assets").is_dir():
        _replace(work / "assets", target / "assets")
    if (work / "references.json").is_file():
        _replace(work / "references.json", target / "references.json")
    for fmt in FORMATS:
        if fmt in made:
            name = stem + _SUFFIX[fmt]
            _replace(work / name, target / name)
            result.outputs[fmt] = target / name


def build_cli(project_dir: Path, year: int, to: str, out: Path | None) -> int:
    """The ``build`` command: progress on stderr, one line per output; returns the exit code."""
    from rich.console import Console

    formats = parse_formats(to)
    from cmqreport.load.project import find_project

    find_project(project_dir)
    console = Console(stderr=True, highlight=False)
    try:
        with console.status("Construction du rapport…") as status:
            result = build(
                project_dir, year, formats, out, progress=lambda msg: status.update(f"{msg}…")
            )
    except DataError as exc:
        from cmqreport.cli.show import print_diagnostics

        print_diagnostics(exc.diagnostics, "text", project=str(project_dir), files=0)
        raise
    for fmt, path in result.outputs.items():
        sys.stdout.write(f"{fmt:6} {path}\n")
    for fmt, why in result.skipped.items():
        sys.stderr.write(f"cmqreport: {fmt} non produit : {why}\n")
    if result.warnings:
        plural = "s" if result.warnings > 1 else ""
        sys.stderr.write(
            f"cmqreport: {result.warnings} avertissement{plural} dans les données "
            "(détail : cmqreport validate).\n"
        )
    return 0
