"""Command line: a few lines per command, each delegating to :mod:`cmqreport.api`.

This is the only place that maps errors to exit codes: 0 success, 1 data errors (or
warnings under ``--strict``), 2 usage errors. Heavy modules are imported inside commands
so that ``cmqreport validate`` starts fast.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from cmqreport import __version__
from cmqreport.errors import CmqError, UsageError

app = typer.Typer(
    name="cmqreport",
    help="Rapport d'activité annuel d'un réseau de Campus des Métiers et des Qualifications.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

ProjectOpt = Annotated[
    Path,
    typer.Option(
        "--project", "-p", help="Dossier du projet (contient cmqreport.yaml).", file_okay=False
    ),
]


class TextFormat(StrEnum):
    """Output formats of validate."""

    text = "text"
    json = "json"
    github = "github"


class DiffFormat(StrEnum):
    """Output formats of diff-perspectives."""

    table = "table"
    md = "md"
    json = "json"


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"cmqreport: {message}\n")
    raise typer.Exit(code)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn every error meant for people into one line and its exit code."""
    try:
        yield
    except CmqError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrompu.", 130)
    except BrokenPipeError:
        raise
    except RecursionError:
        _fail("données trop imbriquées.", 1)
    except OSError as exc:
        _fail(f"{exc.filename or ''} : {exc.strerror or exc}", 1)


def _year(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or len(value) != 4:
        raise UsageError(f"« {value} » n'est pas une année (attendu AAAA, ex. 2021).")
    return int(value)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cmqreport {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Version.")
    ] = False,
) -> None:
    """Rapport d'activité annuel d'un réseau de CMQ : build, validate, diff-perspectives,
    export-xlsx et import-xlsx."""


@app.command()
def validate(
    project: ProjectOpt = Path("."),
    fmt: Annotated[
        TextFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text, json ou github (défaut : github sous GitHub Actions, sinon text).",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Les avertissements font échouer.")
    ] = False,
) -> None:
    """Vérifie toutes les données du projet et indique chaque erreur à sa place."""
    from cmqreport.cli.show import print_diagnostics
    from cmqreport.diagnostics import running_on_github

    with _errors():
        from cmqreport.api import validate as run

        result = run(project)
        chosen = fmt or (TextFormat.github if running_on_github() else TextFormat.text)
        print_diagnostics(
            result.diagnostics,
            chosen.value,
            project=str(project),
            files=len(result.project.sources),
        )
        if result.failed(strict=strict):
            raise typer.Exit(1)


@app.command()
def build(
    year: Annotated[str, typer.Argument(help="Année du rapport (AAAA).", show_default=False)],
    project: ProjectOpt = Path("."),
    to: Annotated[
        str, typer.Option("--to", help="Formats : md,docx,latex,pdf.")
    ] = "md,docx,latex,pdf",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Dossier de sortie (défaut : build/ dans le projet)."),
    ] = None,
) -> None:
    """Produit le rapport de l'année en Markdown, DOCX, LaTeX et PDF."""
    with _errors():
        wanted = _year(year) or 0
        from cmqreport.write.build import build_cli

        code = build_cli(project, wanted, to, out)
        raise typer.Exit(code)


@app.command("diff-perspectives")
def diff_perspectives(
    year: Annotated[
        str | None,
        typer.Argument(
            help="Année des réalisations (défaut : la dernière année avec des données)."
        ),
    ] = None,
    project: ProjectOpt = Path("."),
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="table, md ou json.")
    ] = DiffFormat.table,
    fail_on_missing: Annotated[
        bool,
        typer.Option("--fail-on-missing", help="Échoue (1) si une perspective n'a aucun suivi."),
    ] = False,
) -> None:
    """Compare les perspectives de l'année précédente aux réalisations de l'année."""
    with _errors():
        wanted = _year(year)
        from cmqreport.cli.diff import diff_cli

        code = diff_cli(project, wanted, fmt.value, fail_on_missing)
        raise typer.Exit(code)


@app.command("export-xlsx")
def export_xlsx(
    code: Annotated[str, typer.Argument(help="Code du campus (ex. AGT).", show_default=False)],
    year: Annotated[str, typer.Argument(help="Année (AAAA).", show_default=False)],
    project: ProjectOpt = Path("."),
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Classeur à écrire (défaut : years/AAAA/CODE.xlsx)."),
    ] = None,
    empty: Annotated[
        bool, typer.Option("--empty", help="Classeur vide, même si l'année a des données.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Remplace un classeur existant.")] = False,
) -> None:
    """Écrit le classeur Excel d'une année d'un campus, prérempli avec ses données."""
    with _errors(), _data_errors(str(project)):
        wanted = _year(year) or 0
        from cmqreport.write.workbook import export_workbook as export_cli

        written, notes = export_cli(project, code, wanted, out, empty=empty, force=force)
        for note in notes:
            sys.stderr.write(f"cmqreport: {note}\n")
        typer.echo(f"Classeur écrit : {written}")


@app.command("import-xlsx")
def import_xlsx(
    workbook: Annotated[
        Path, typer.Argument(help="Classeur d'une année d'un campus.", show_default=False)
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="YAML à écrire (défaut : à côté, en .yaml)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Remplace un YAML existant.")] = False,
) -> None:
    """Écrit en YAML les données d'un classeur (vérifiées comme par validate)."""
    with _errors(), _data_errors("."):
        from cmqreport.cli.show import print_diagnostics
        from cmqreport.write.yaml_out import import_workbook as import_cli

        written, warnings, notes = import_cli(workbook, out, force=force)
        if warnings:
            print_diagnostics(warnings, "text", project=".", files=1)
        for note in notes:
            sys.stderr.write(f"cmqreport: {note}\n")
        typer.echo(f"YAML écrit : {written}")


@contextmanager
def _data_errors(project: str) -> Iterator[None]:
    """Print the diagnostics of a :class:`DataError` before its one-line message."""
    from cmqreport.errors import DataError

    try:
        yield
    except DataError as exc:
        if exc.diagnostics:
            from cmqreport.cli.show import print_diagnostics

            print_diagnostics(exc.diagnostics, "text", project=project, files=1)
        raise


@app.command()
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            help="project, campus, campus_year, network_year, "
            "perspectives, glossary, acronyms, references "
            "(défaut : tous)."
        ),
    ] = None,
) -> None:
    """Affiche le schéma JSON des fichiers de données (pour les éditeurs)."""
    import json

    from cmqreport.model import FILE_MODELS

    with _errors():
        if kind is not None and kind not in FILE_MODELS:
            raise UsageError(
                f"type de fichier inconnu « {kind} » (possibles : " + ", ".join(FILE_MODELS) + ")."
            )
        from cmqreport.api import json_schema

        typer.echo(json.dumps(json_schema(kind), ensure_ascii=False, indent=2))


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="Code (CMQ-V004) ou slug (date-invalid).")],
) -> None:
    """Explique un code de diagnostic."""
    from cmqreport.diagnostics import CODES

    with _errors():
        wanted = code.upper() if code.upper().startswith("CMQ-") else code
        for c in CODES.values():
            if wanted in (c.code, c.slug):
                text = f"{c.code} {c.slug} ({c.severity.value})\n{c.summary}\n{c.explanation}"
                typer.echo(text + (f"\nExemple : {c.fix}" if c.fix else ""))
                return
        raise UsageError(f"code inconnu « {code} » (voir cmqreport explain --help).")


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    for stream in (sys.stdout, sys.stderr):
        # a console that cannot show « é » (ASCII, cp437) gets « ? », never a traceback
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    run: Callable[..., object] = app
    try:
        run(args=argv, prog_name="cmqreport")
    except BrokenPipeError:  # ``cmqreport validate | head``: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
