"""What every command of the command line shares: the project option, the year argument,
and the one mapping of errors to exit codes (0 success, 1 data errors, 2 usage errors).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from cmqreport.errors import CmqError, DataError, UsageError

__all__ = ["ProjectOpt", "errors", "fail", "parse_year"]

ProjectOpt = Annotated[
    Path,
    typer.Option(
        "--project", "-p", help="Dossier du projet (contient cmqreport.yaml).", file_okay=False
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
        fail(f"{exc.filename or ''} : {exc.strerror or exc}", 1)


def parse_year(value: str | None) -> int | None:
    """``2021`` → 2021; anything but four digits is a usage error."""
    if value is None:
        return None
    if not value.isdigit() or len(value) != 4:
        raise UsageError(f"« {value} » n'est pas une année (attendu AAAA, ex. 2021).")
    return int(value)
