"""``cmqreport watch``: the report rebuilt at each change, for whoever edits the data.

:func:`register` adds the command to the application of :mod:`cmqreport.cli.app`; errors
and the year are handled as for every command (:mod:`cmqreport.cli.common`). The loop is
:func:`cmqreport.write.watch.watch`, which builds through :func:`cmqreport.api.build`;
this module only prints each round: what changed, what was written, or the errors as
``validate`` shows them.
"""

# The commands' annotations are real objects, not strings (no ``from __future__ import
# annotations``): Typer reads them at every start, and strings would be compiled and
# evaluated each time.
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cmqreport.cli.common import ProjectOpt, QuietOpt, VerboseOpt, errors, is_quiet, parse_year

if TYPE_CHECKING:
    from cmqreport.api import BuildResult
    from cmqreport.write.watch import Round

__all__ = ["register", "watch"]


def register(app: typer.Typer) -> None:
    """Add watch to ``app``."""
    app.command()(watch)


def watch(
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
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Reconstruit le rapport à chaque modification d'une donnée ou d'un modèle (Ctrl+C)."""
    from cmqreport import api
    from cmqreport.write.watch import watch as loop

    with errors(project):
        wanted, formats = parse_year(year) or 0, api.parse_formats(to)
        _say(
            f"Surveillance de {project} : le rapport {wanted} ({', '.join(formats)}) est "
            "reconstruit à chaque modification. Ctrl+C pour arrêter."
        )
        try:
            loop(
                project,
                lambda: api.build(project, wanted, formats, out),
                lambda r: _done(r, project),
                started=_started,
                skip=[out] if out else [],
            )
        except KeyboardInterrupt:
            _say("Surveillance arrêtée.")
            raise typer.Exit(0) from None


def _say(text: str, *, always: bool = False) -> None:
    """A remark on stderr, stamped with the time (a watch runs for hours); under ``-q``
    only the failures (``always``)."""
    if is_quiet() and not always:
        return
    sys.stdout.flush()
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {text}\n")
    sys.stderr.flush()


def _started(changed: tuple[str, ...]) -> None:
    if not changed:
        _say("Construction…")
        return
    shown = ", ".join(changed[:3]) + (f" (+{len(changed) - 3})" if len(changed) > 3 else "")
    _say(f"Modifié : {shown} — reconstruction…")


def _done(round_: "Round[BuildResult]", project: Path) -> None:
    """What a round wrote, or its errors as ``validate`` prints them."""
    from cmqreport.api import InvalidData
    from cmqreport.cli.show import print_build, print_diagnostics
    from cmqreport.diagnostics.french import os_reason
    from cmqreport.errors import DataError

    if round_.result is not None:
        print_build(round_.result, round_.seconds)
        _say("En attente de modifications…")
        return
    exc = round_.error
    if isinstance(exc, DataError) and exc.diagnostics:
        named = {d.place.file for d in exc.diagnostics if d.place is not None}
        files = exc.files if isinstance(exc, InvalidData) else len(named)
        print_diagnostics(exc.diagnostics, "text", project=str(project), files=files)
    reason: object = exc
    if isinstance(exc, OSError):  # the system's reason is English: said in French
        reason = f"{exc.filename} : {os_reason(exc)}." if exc.filename else f"{os_reason(exc)}."
    _say(f"Échec : {reason} Les sorties précédentes restent en place.", always=True)
