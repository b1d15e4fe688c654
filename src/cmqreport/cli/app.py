"""Command line: a few lines per command, each delegating to :mod:`cmqreport.api`.

This is the only place that maps errors to exit codes: 0 success, 1 data errors (or
warnings under ``--strict``), 2 usage errors. Heavy modules are imported inside commands
so that ``cmqreport validate`` starts fast.
"""

# The commands' annotations are real objects, not strings (no ``from __future__ import
# annotations``): Typer reads them at every start, and strings would be compiled and
# evaluated each time.
import gc
import io
import os
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cmqreport import __version__
from cmqreport.cli import review as _review
from cmqreport.cli import watch as _watch
from cmqreport.cli import year as _year_commands
from cmqreport.cli.common import (
    ProjectOpt,
    QuietOpt,
    VerboseOpt,
    detail,
    directory,
    parse_year,
    say,
    wrote,
)
from cmqreport.cli.common import errors as _errors
from cmqreport.cli.conventions import FrenchGroup, french_commands
from cmqreport.errors import UsageError

app = typer.Typer(
    name="cmqreport",
    # French usage line, help and usage errors (cli/conventions.py)
    cls=FrenchGroup,
    help="Rapport d'activité annuel d'un réseau de Campus des Métiers et des Qualifications.",
    no_args_is_help=True,
    # -h as well as --help, on every command (sub-contexts inherit the names).
    context_settings={"help_option_names": ["-h", "--help"]},
    # --install-completion / --show-completion (bash, zsh, fish, PowerShell): their help
    # is French (cli/conventions.py); the scripts only complete names
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class PdfEngine(StrEnum):
    """Engines of the PDF (the project's ``pdf_engine:`` has the same names)."""

    typst = "typst"
    xelatex = "xelatex"
    lualatex = "lualatex"


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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cmqreport {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Affiche la version et quitte."
        ),
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
            metavar="FORMAT",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Les avertissements font échouer.")
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Vérifie toutes les données du projet et indique chaque erreur à sa place."""
    from cmqreport import api
    from cmqreport.cli.show import print_diagnostics
    from cmqreport.diagnostics import running_on_github

    if _AS_PROGRAM:
        from cmqreport.load.collector import freeze_after_load

        freeze_after_load()  # the process ends with the command
    with _errors(project):
        start = time.perf_counter()
        result = api.validate(project)
        for rel in sorted(result.project.sources):
            detail(f"lu       {rel}")
        chosen = fmt or (TextFormat.github if running_on_github() else TextFormat.text)
        print_diagnostics(
            result.diagnostics,
            chosen.value,
            project=str(project),
            files=result.files,
            strict=strict,
        )
        detail(f"Vérifié en {time.perf_counter() - start:.1f} s".replace(".", ","))
    if result.failed(strict=strict):
        raise typer.Exit(1)


@app.command()
def build(
    year: Annotated[
        str, typer.Argument(help="Année du rapport (AAAA).", show_default=False, metavar="ANNÉE")
    ],
    project: ProjectOpt = Path("."),
    to: Annotated[
        str, typer.Option("--to", help="Formats : md,docx,latex,pdf.", metavar="FORMATS")
    ] = "md,docx,latex,pdf",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Dossier de sortie (défaut : build/ dans le projet).",
            metavar="DOSSIER",
        ),
    ] = None,
    pdf_engine: Annotated[
        PdfEngine | None,
        typer.Option(
            "--pdf-engine",
            help="Moteur du PDF : typst, xelatex ou lualatex (défaut : pdf_engine: du "
            "projet, sinon typst).",
            metavar="MOTEUR",
        ),
    ] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Produit le rapport de l'année en Markdown, DOCX, LaTeX et PDF."""
    from cmqreport import api
    from cmqreport.cli.show import print_build, steps

    with _errors(project):
        wanted, formats = parse_year(year) or 0, api.parse_formats(to)
        start = time.perf_counter()
        with steps("Construction du rapport") as step:
            result = api.build(
                project,
                wanted,
                formats,
                out,
                progress=step,
                pdf_engine=pdf_engine.value if pdf_engine else None,
            )
        print_build(result, time.perf_counter() - start)


@app.command("diff-perspectives")
def diff_perspectives(
    year: Annotated[
        str | None,
        typer.Argument(
            help="Année des réalisations (défaut : la dernière année avec des données).",
            metavar="ANNÉE",
        ),
    ] = None,
    project: ProjectOpt = Path("."),
    fmt: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="table, md ou json.", metavar="FORMAT"),
    ] = DiffFormat.table,
    fail_on_missing: Annotated[
        bool,
        typer.Option("--fail-on-missing", help="Échoue (1) si une perspective n'a aucun suivi."),
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Compare les perspectives de l'année précédente aux réalisations de l'année."""
    from cmqreport import api
    from cmqreport.cli.diff import print_diff, print_missing

    with _errors(project):
        result = api.diff_perspectives(project, parse_year(year))
        print_diff(result, fmt.value)
    if fail_on_missing and result.missing:
        print_missing(result)
        raise typer.Exit(1)


@app.command("export-xlsx")
def export_xlsx(
    code: Annotated[
        str,
        typer.Argument(help="Code du campus (ex. AGT), ou l'année avec --all.", metavar="CODE"),
    ],
    year: Annotated[
        str | None, typer.Argument(help="Année (AAAA).", show_default=False, metavar="ANNÉE")
    ] = None,
    project: ProjectOpt = Path("."),
    every: Annotated[
        bool, typer.Option("--all", help="Un classeur par campus : export-xlsx --all AAAA.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Classeur à écrire (défaut : years/AAAA/CODE.xlsx).",
            metavar="FICHIER",
        ),
    ] = None,
    empty: Annotated[
        bool, typer.Option("--empty", help="Classeur vide, même si l'année a des données.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Remplace un classeur existant.")] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Écrit le classeur Excel d'une année d'un campus, prérempli avec ses données."""
    from cmqreport import api
    from cmqreport.cli.show import print_notes

    with _errors(project):
        if every:
            from cmqreport.cli.year import print_all

            print_all(project, parse_year(year or code) or 0, force=force)
            return
        if year is None:
            raise UsageError("année manquante : cmqreport export-xlsx CODE AAAA.")
        result = api.export_xlsx(
            project, code, parse_year(year) or 0, out, empty=empty, force=force
        )
        print_notes(result.notes)
        wrote(f"Classeur écrit : {result.path}")


@app.command("import-xlsx")
def import_xlsx(
    workbook: Annotated[
        Path,
        typer.Argument(
            help="Classeur d'une année d'un campus.", show_default=False, metavar="CLASSEUR"
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="YAML à écrire (défaut : à côté, en .yaml).", metavar="FICHIER"
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Met à jour un YAML existant (commentaires gardés).")
    ] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="Écrit le YAML à côté et range le classeur dans .imported/."
        ),
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Écrit en YAML les données d'un classeur (vérifiées comme par validate)."""
    from cmqreport import api
    from cmqreport.cli.show import print_diagnostics, print_notes

    with _errors():
        result = api.import_xlsx(workbook, out, force=force, replace=replace)
        if result.diagnostics:
            print_diagnostics(result.diagnostics, "text", project=".", files=1)
        print_notes(result.notes)
        wrote(f"YAML écrit : {result.path}")


@app.command()
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            help="project, campus, campus_year, network_year, "
            "perspectives, glossary, acronyms, references "
            "(défaut : tous).",
            metavar="TYPE",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Écrit un schéma par type de fichier dans ce dossier.",
            metavar="DOSSIER",
            callback=directory,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Remplace les schémas déjà écrits (avec --out).")
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Affiche le schéma JSON des fichiers de données, ou les écrit pour un éditeur (--out)."""
    import json

    from cmqreport import api

    with _errors():
        if out is None:
            typer.echo(json.dumps(api.json_schema(kind), ensure_ascii=False, indent=2))
            return
        if kind is not None:
            raise UsageError("--out écrit tous les schémas : ne nommez pas de type avec lui.")
        written = api.write_schemas(out, force=force)
        for path in written.written:
            say(f"écrit    {path}")
        say("Réglages de VS Code (extension YAML de Red Hat), settings.json :")
        typer.echo(written.settings())


@app.command()
def explain(
    code: Annotated[
        str, typer.Argument(help="Code (CMQ-V004) ou slug (date-invalid).", metavar="CODE")
    ],
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Explique un code de diagnostic."""
    from cmqreport import api

    with _errors():
        c = api.explain(code)
        text = f"{c.code} {c.slug} ({c.severity.value})\n{c.summary}\n{c.explanation}"
        typer.echo(text + (f"\nExemple : {c.fix}" if c.fix else ""))


# the commands of the coordinator's year, the review of a DOCX, watch
for _module in (_year_commands, _review, _watch):
    _module.register(app)
french_commands(app)


#: True when the console entry point runs the command, in a process of its own (not under
#: Typer's test runner, which runs many commands in one process).
_AS_PROGRAM = False


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    global _AS_PROGRAM
    _AS_PROGRAM = True
    # pydantic looks for plugins in the metadata of every installed package before it builds
    # the first model; cmqreport is a program, not a library, and uses none (an explicit
    # setting of the variable is kept)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    for stream in (sys.stdout, sys.stderr):
        # a console that cannot show « é » (ASCII, cp437) gets « ? », never a traceback
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    _stop_on_sigterm()
    run: Callable[..., object] = app
    try:
        run(args=argv, prog_name="cmqreport")
    except BrokenPipeError:  # ``cmqreport validate | head``: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    finally:
        # the command is over and the process ends: Python's last collections would walk
        # every object it made (0.06 s of a build) to free memory the system takes back
        gc.freeze()


def _stop_on_sigterm() -> None:
    """``kill PID`` (or the terminal closed) ends a command as Ctrl-C does: a build's work
    folder is removed, exit 130."""
    import signal
    import threading

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        # a signal ignored by the caller (``nohup``) stays ignored
        if sig is not None and signal.getsignal(sig) is signal.SIG_DFL:
            signal.signal(sig, stop)
