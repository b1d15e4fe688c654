"""``cmqreport review``: a partner's comments and tracked changes, each at its data place.

:func:`register` adds the command to the application of :mod:`cmqreport.cli.app`; errors
are mapped as for every command (:mod:`cmqreport.cli.common`). The remarks are found by
:func:`cmqreport.api.review`; this module only prints them (a Rich table, a Markdown
table or the JSON document). Text from the DOCX is never read as Rich markup.
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

from cmqreport.cli.common import QuietOpt, VerboseOpt, directory, errors
from cmqreport.errors import UsageError

if TYPE_CHECKING:
    from cmqreport.api import ReviewResult
    from cmqreport.convert.docx.review import Placed
    from cmqreport.write.review_apply import ApplyPlan

__all__ = ["print_applied", "print_review", "register", "review"]

_KINDS = {
    "comment": "commentaire",
    "insertion": "ajout",
    "deletion": "suppression",
    "replacement": "remplacement",
}


def register(app: typer.Typer) -> None:
    """Add review to ``app``."""
    app.command()(review)


class ReviewFormat(StrEnum):
    """Output formats of review."""

    table = "table"
    md = "md"
    json = "json"


def review(
    docx: Annotated[Path, typer.Argument(help="Le DOCX relu (produit par build).", metavar="DOCX")],
    project: Annotated[
        Path | None,
        typer.Option(
            "--project",
            "-p",
            help="Dossier du projet : signale les valeurs changées depuis la construction.",
            metavar="DOSSIER",
            callback=directory,
        ),
    ] = None,
    fmt: Annotated[
        ReviewFormat,
        typer.Option("--format", "-f", help="table, md ou json.", metavar="FORMAT"),
    ] = ReviewFormat.table,
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Montre les modifications suivies reportées dans le YAML."),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="Avec --apply : écrit les fichiers YAML modifiés.")
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Liste les commentaires et modifications suivies d'un DOCX, chacun à sa place dans
    les données (fichier et ligne, ou cellule)."""
    from cmqreport import api

    if yes and not apply:
        raise UsageError("--yes va avec --apply : cmqreport review DOCX --apply --yes.")
    with errors(project or Path(".")):
        where = project or (Path(".") if apply else None)
        result = api.review(docx, where, apply=apply, yes=yes)
        if result.applied is None:
            print_review(result, fmt.value)
        else:
            print_applied(result.applied)


def _where(p: "Placed") -> str:
    e = p.place
    if not e:
        return f"(hors données) « {p.remark.heading} »" if p.remark.heading else "(hors données)"
    if e.get("sheet"):
        spot = f"{e['file']}!{e['sheet']}!{e.get('cell') or ''}"
    else:
        spot = f"{e['file']}:{e.get('line') or ''}:{e.get('col') or ''}".rstrip(":")
    return f"{spot} {e.get('path') or ''}".strip()


def _what(p: "Placed") -> str:
    r = p.remark
    if r.kind == "comment":
        text = f"{r.text} [sur « {r.covered} »]" if r.covered else r.text
        text += "".join(f" ↳ {x['author']} : {x['text']}" for x in r.replies)
    elif r.kind == "replacement":
        text = f"« {r.old} » → « {r.new} »"
    else:
        text = f"« {r.old or r.new} »"
    if p.stale:
        text += " (valeur modifiée depuis la construction)"
    return text


def _row(p: "Placed") -> list[str]:
    r = p.remark
    return [_where(p), _KINDS.get(r.kind, r.kind), f"{r.author} {r.date[:10]}".strip(), _what(p)]


def print_review(result: "ReviewResult", fmt: str) -> None:
    """Print ``result`` as ``table``, ``md`` or ``json`` (stdout holds the document only)."""
    if fmt == "json":
        sys.stdout.write(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    header = ["Place", "Type", "Auteur", "Remarque"]
    rows = [_row(p) for p in result.items]
    if fmt == "md":
        cells = [header, ["---"] * 4, *rows]
        for r in cells:
            sys.stdout.write("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |\n")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if not rows:
        typer.echo("Aucun commentaire ni modification suivie.")
        return
    table = Table(*header)
    for r in rows:
        table.add_row(*(Text(c) for c in r))
    Console().print(table)


def print_applied(plan: "ApplyPlan") -> None:
    """The unified diff of each YAML file, then the changes left alone and the cells."""
    for patch in plan.patches:
        sys.stdout.write(patch.diff)
    for p, reason in plan.skipped:
        typer.echo(f"Non reporté : {_where(p)} {_what(p)} : {reason}.")
    for p in plan.cells:
        typer.echo(f"Dans le classeur, à reporter à la main : {_where(p)} {_what(p)}")
    if not plan.patches:
        typer.echo("Aucune modification suivie à reporter dans le YAML.")
    elif plan.written:
        typer.echo(f"Écrit : {', '.join(p.rel for p in plan.patches)} (le projet reste valide).")
    else:
        typer.echo("Rien n'a été écrit : relancez avec --yes pour écrire ces modifications.")
