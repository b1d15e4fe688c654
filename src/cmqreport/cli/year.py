"""The commands of the coordinator's year: ``init``, ``new-year`` and ``status``.

:func:`register` adds them to the application of :mod:`cmqreport.cli.app`; errors and the
year argument are handled as by every command (:mod:`cmqreport.cli.common`). Like every
command, a few lines each that call :mod:`cmqreport.api` and print its result.
"""

# The commands' annotations are real objects, not strings (no ``from __future__ import
# annotations``): Typer reads them at every start, and strings would be compiled and
# evaluated each time.
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cmqreport.cli.common import (
    ProjectOpt,
    QuietOpt,
    VerboseOpt,
    errors,
    is_quiet,
    parse_year,
    say,
    wrote,
)
from cmqreport.diagnostics.french import plural

if TYPE_CHECKING:
    from cmqreport.analyse.status import YearStatus

__all__ = ["format_status", "init", "new_year", "print_all", "register", "status"]


def register(app: typer.Typer) -> None:
    """Add init, new-year and status to ``app``."""
    app.command()(init)
    app.command("new-year")(new_year)
    app.command()(status)


class StatusFormat(StrEnum):
    """Output formats of status."""

    table = "table"
    md = "md"
    json = "json"


def _written(written: list[str], kept: list[str], root: Path) -> None:
    """One line per file written on stdout; the files kept as they were on stderr; none
    under ``-q``."""
    if is_quiet():
        return
    for rel in written:
        wrote(f"écrit    {root / rel}")
    for rel in kept:
        sys.stderr.write(f"conservé {root / rel} (existe déjà)\n")


def print_all(project: Path, year: int, *, force: bool) -> None:
    """``export-xlsx --all``: the workbook of every campus, one line per file."""
    from cmqreport import api

    result = api.export_xlsx_all(project, year, force=force)
    _written(result.written, result.kept, project)


def init(
    directory: Annotated[
        Path,
        typer.Argument(help="Dossier du nouveau projet.", show_default=False, metavar="DOSSIER"),
    ],
    region: Annotated[
        str, typer.Option("--region", "-r", help="Région du réseau.", metavar="RÉGION")
    ] = "Région",
    campus: Annotated[
        list[str] | None,
        typer.Option(
            "--campus",
            "-c",
            help="Un campus : CODE ou « CODE=Nom du campus » (option répétable).",
            metavar="CAMPUS",
        ),
    ] = None,
    year: Annotated[
        str | None,
        typer.Option(
            "--year", help="Année du premier rapport (défaut : l'année écoulée).", metavar="ANNÉE"
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Complète un dossier non vide, sans rien remplacer.")
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Crée le projet d'un nouveau réseau : données, CI et pre-commit, prêt à construire."""
    from cmqreport import api

    with errors():
        result = api.init(directory, region, campus or [], year=parse_year(year), force=force)
        _written(result.written, result.kept, directory)
        say(
            f"Projet prêt : cmqreport validate -p {directory} ; "
            f"cmqreport build {result.year} -p {directory}"
        )


def new_year(
    year: Annotated[
        str, typer.Argument(help="Année nouvelle (AAAA).", show_default=False, metavar="ANNÉE")
    ],
    project: ProjectOpt = Path("."),
    workbooks: Annotated[
        bool,
        typer.Option("--workbooks", help="Un classeur par campus (au lieu d'un YAML), à envoyer."),
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Prépare l'année : network.yaml (suivi des perspectives à remplir), une année par campus."""
    from cmqreport import api

    with errors(project):
        result = api.new_year(project, parse_year(year) or 0, workbooks=workbooks)
        _written(result.written, result.kept, project)
        if result.followups:
            say(
                f"{plural(result.followups, 'perspective')} du rapport {result.year - 1} à suivre "
                f"(cmqreport status {result.year}, cmqreport diff-perspectives {result.year})."
            )


def status(
    year: Annotated[
        str | None,
        typer.Argument(help="Année (défaut : la dernière année du projet).", metavar="ANNÉE"),
    ] = None,
    project: ProjectOpt = Path("."),
    fmt: Annotated[
        StatusFormat,
        typer.Option("--format", "-f", help="table, md ou json.", metavar="FORMAT"),
    ] = StatusFormat.table,
    fail_on_incomplete: Annotated[
        bool,
        typer.Option("--fail-on-incomplete", help="Échoue (1) si un campus n'est pas complet."),
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Où en est chaque campus pour l'année : aucun fichier, vide, erreurs, incomplet, complet."""
    from cmqreport import api

    with errors(project):
        result = api.status(project, parse_year(year))
        if result.status is None:
            say(result.nothing or "")
            raise typer.Exit(1 if fail_on_incomplete else 0)
        typer.echo(format_status(result.status, fmt.value), nl=False)
    if fail_on_incomplete and result.status.incomplete:
        raise typer.Exit(1)


def format_status(status: "YearStatus", fmt: str) -> str:
    """The status of a year as an aligned table, a Markdown table or a JSON document."""
    rows = [(c.code, c.state.value, c.file or "—", " ; ".join(c.reasons)) for c in status.campuses]
    counts = ", ".join(f"{state} : {n}" for state, n in status.counts().items() if n)
    if fmt == "json":
        doc = {
            "year": status.year,
            "counts": status.counts(),
            "campuses": [
                {
                    "code": c.code,
                    "name": c.name,
                    "state": c.state.name,
                    "label": c.state.value,
                    "file": c.file,
                    "reasons": list(c.reasons),
                }
                for c in status.campuses
            ],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        lines = [f"## État des campus — {status.year}", "", "| Campus | État | Fichier | À faire |"]
        lines.append("|---|---|---|---|")
        lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
        return "\n".join([*lines, "", f"{counts or 'aucun campus'}.", ""])
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(_HEADERS[:3])]
    out = [f"État des campus — {status.year}"]
    for row in [_HEADERS, *rows]:
        cells = [v.ljust(w) for v, w in zip(row[:3], widths, strict=True)]
        out.append("  ".join([*cells, row[3]]).rstrip())
    return "\n".join([*out, f"{counts or 'aucun campus'}.", ""])


_HEADERS = ("Campus", "État", "Fichier", "À faire")


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or " "
