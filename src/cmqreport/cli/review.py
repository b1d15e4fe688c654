"""``cmqreport review``: a partner's comments and tracked changes, each at its data place.

:func:`register` adds the command to the application of :mod:`cmqreport.cli.app`, which
hands over its error mapping (this module never imports it). The remarks are found by
:func:`cmqreport.api.review`; this module only prints them (a Rich table, a Markdown
table or the JSON document). Text from the DOCX is never read as Rich markup.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from cmqreport.api import ReviewResult
    from cmqreport.convert.docx.review import Placed

__all__ = ["print_review", "register", "review"]

_Errors = Callable[..., AbstractContextManager[None]]
_KINDS = {
    "comment": "commentaire",
    "insertion": "ajout",
    "deletion": "suppression",
    "replacement": "remplacement",
}


class _Cli:
    errors: _Errors


def register(app: typer.Typer, errors: _Errors) -> None:
    """Add review to ``app``, with its error mapping."""
    _Cli.errors = errors
    app.command()(review)


class ReviewFormat(StrEnum):
    """Output formats of review."""

    table = "table"
    md = "md"
    json = "json"


def review(
    docx: Annotated[Path, typer.Argument(help="Le DOCX relu (produit par build).")],
    project: Annotated[
        Path | None,
        typer.Option(
            "--project",
            "-p",
            help="Dossier du projet : signale les valeurs changées depuis la construction.",
            file_okay=False,
        ),
    ] = None,
    fmt: Annotated[
        ReviewFormat, typer.Option("--format", "-f", help="table, md ou json.")
    ] = ReviewFormat.table,
) -> None:
    """Liste les commentaires et modifications suivies d'un DOCX, chacun à sa place dans
    les données (fichier et ligne, ou cellule)."""
    from cmqreport import api

    with _Cli.errors(project or Path(".")):
        result = api.review(docx, project)
        print_review(result, fmt.value)


def _where(p: Placed) -> str:
    e = p.place
    if not e:
        return f"(hors données) « {p.remark.heading} »" if p.remark.heading else "(hors données)"
    if e.get("sheet"):
        spot = f"{e['file']}!{e['sheet']}!{e.get('cell') or ''}"
    else:
        spot = f"{e['file']}:{e.get('line') or ''}:{e.get('col') or ''}".rstrip(":")
    return f"{spot} {e.get('path') or ''}".strip()


def _what(p: Placed) -> str:
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


def _row(p: Placed) -> list[str]:
    r = p.remark
    return [_where(p), _KINDS.get(r.kind, r.kind), f"{r.author} {r.date[:10]}".strip(), _what(p)]


def print_review(result: ReviewResult, fmt: str) -> None:
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
