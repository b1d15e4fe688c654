"""How much a command says: ``-q`` (errors only), the usual, ``-v`` (the detail too).

Every command has both options; their callbacks set one level for the run, which
:class:`cmqreport.cli.conventions.FrenchGroup` resets before each command line is read (the
tests run many in one process). :func:`say` and :func:`detail` print accordingly.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cmqreport.errors import UsageError

__all__ = [
    "QuietOpt",
    "VerboseOpt",
    "detail",
    "is_quiet",
    "is_verbose",
    "reset_verbosity",
    "say",
    "wrote",
]

#: 0 errors only (-q), 1 the usual, 2 the detail too (-v).
#: Reset by the application at each run (the tests run many in one process).
_level = [1]


def reset_verbosity() -> None:
    """Back to the usual verbosity, before a command line is read."""
    _level[0] = 1


def _set_level(level: int, value: bool) -> None:
    if not value:
        return
    if _level[0] not in (1, level):
        raise UsageError("-q et -v s'excluent : choisissez l'un des deux.")
    _level[0] = level


def _quiet(value: bool) -> None:
    _set_level(0, value)


def _verbose(value: bool) -> None:
    _set_level(2, value)


QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="N'affiche que les erreurs et le résultat demandé (tableau, schéma, JSON).",
        callback=_quiet,
        expose_value=False,
        is_eager=True,
    ),
]
VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Ajoute le détail : fichiers lus, étapes et leur durée.",
        callback=_verbose,
        expose_value=False,
        is_eager=True,
    ),
]


def is_quiet() -> bool:
    """True under ``-q``: only errors (and the result asked for) are printed."""
    return _level[0] == 0


def is_verbose() -> bool:
    """True under ``-v``: the detail is printed too."""
    return _level[0] == 2


def say(text: str) -> None:
    """A remark on stderr (what was done, what to do next), silenced by ``-q``."""
    if not is_quiet():
        sys.stdout.flush()
        sys.stderr.write(f"{text}\n")


def wrote(text: str) -> None:
    """What a command wrote, on stdout (its result, one line per file), silenced by ``-q``."""
    if not is_quiet():
        sys.stdout.write(f"{text}\n")


def detail(text: str) -> None:
    """A detail on stderr (a file read, a step and its time), printed under ``-v`` only."""
    if is_verbose():
        sys.stdout.flush()
        sys.stderr.write(f"{text}\n")
