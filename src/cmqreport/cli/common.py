"""What every command of the command line shares: the project option, the year argument,
``-q``/``-v``, and the one mapping of errors to exit codes (0 success, 1 data errors,
2 usage errors).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from cmqreport.cli.verbosity import (
    QuietOpt,
    VerboseOpt,
    detail,
    is_quiet,
    is_verbose,
    reset_verbosity,
    say,
    wrote,
)
from cmqreport.errors import CmqError, DataError, UsageError

__all__ = [
    "ProjectOpt",
    "QuietOpt",
    "VerboseOpt",
    "detail",
    "directory",
    "errors",
    "fail",
    "is_quiet",
    "is_verbose",
    "parse_year",
    "reset_verbosity",
    "say",
    "wrote",
]


def directory(ctx: typer.Context, param: typer.CallbackParam, value: Path | None) -> Path | None:
    """An option naming a folder: a file there is a usage error, said in French.

    Checked here rather than with ``file_okay=False``, whose message is Click's English.
    """
    if value is not None and value.is_file():
        name = max(param.opts, key=len) if param.opts else "--project"
        raise UsageError(f"{name} : « {value} » est un fichier ; un dossier est attendu.")
    return value


ProjectOpt = Annotated[
    Path,
    typer.Option(
        "--project",
        "-p",
        help="Dossier du projet (contient cmqreport.yaml).",
        metavar="DOSSIER",
        callback=directory,
    ),
]


def fail(message: str, code: int) -> NoReturn:
    """Say ``message`` in one line on stderr and exit with ``code``."""
    sys.stderr.write(f"cmqreport: {message}\n")
    raise typer.Exit(code)


@contextmanager
def errors(project: Path = Path(".")) -> Iterator[None]:
    """Turn every error meant for people into one line and its exit code.

    The one mapping of the CLI: 2 for usage errors, 1 for data errors (printed after their
    diagnostics), 130 when interrupted.
    """
    try:
        yield
    except DataError as exc:
        if exc.diagnostics:
            from cmqreport.api import InvalidData
            from cmqreport.cli.show import print_diagnostics

            # how many files were read is known after a validation only: never « 0 lu »
            files = exc.files if isinstance(exc, InvalidData) else None
            print_diagnostics(exc.diagnostics, "text", project=str(project), files=files)
        fail(str(exc), exc.exit_code)
    except CmqError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrompu.", 130)
    except BrokenPipeError:
        raise
    except RecursionError:
        fail("données trop imbriquées.", 1)
    except OSError as exc:
        from cmqreport.diagnostics.french import os_reason

        # the system's reason is English (« Permission denied »): said in French
        fail(f"{exc.filename} : {os_reason(exc)}." if exc.filename else f"{os_reason(exc)}.", 1)


def parse_year(value: str | None) -> int | None:
    """``2021`` → 2021; anything but four digits is a usage error."""
    if value is None:
        return None
    if not value.isdigit() or len(value) != 4:
        raise UsageError(f"« {value} » n'est pas une année (attendu AAAA, ex. 2021).")
    return int(value)
