"""Printing results: diagnostics in the chosen format, what a build or a workbook command wrote.

stdout carries the results (diagnostics, one line per file written); stderr the remarks.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmqreport.cli.verbosity import is_quiet, is_verbose
from cmqreport.diagnostics import Diagnostic, Severity, format_github, format_json, line_of, summary
from cmqreport.diagnostics.formats import printable
from cmqreport.diagnostics.french import agree, plural

if TYPE_CHECKING:
    from rich.console import Console

    from cmqreport.api import BuildResult

__all__ = ["format_text", "plural", "print_build", "print_diagnostics", "print_notes", "steps"]


def format_text(diags: Iterable[Diagnostic], *, color: bool) -> list[Any]:
    """Rich renderables (or plain strings) for the text format; user text is never markup."""
    if not color:
        return [line_of(d) for d in diags]
    from rich.text import Text

    styles = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}
    out: list[Any] = []
    for d in diags:
        # names from the data, shown escaped: a newline or an escape sequence in a file
        # name never reaches the terminal
        t = Text()
        if d.place:
            t.append(printable(f"{d.place}: "), style="bold")
        t.append(d.level.value, style=styles[d.level])
        t.append(f" {d.code}", style="dim")
        if d.path:
            t.append(printable(f" {d.path}:"), style="magenta")
        t.append(printable(f" {d.message}"))
        if d.hint:
            t.append(printable(f" {d.hint}"), style="green")
        out.append(t)
    return out


def print_diagnostics(
    diags: Sequence[Diagnostic], fmt: str, *, project: str, files: int | None, strict: bool = False
) -> None:
    """Print ``diags`` as text, json or github annotations (followed by the full text);
    the summary says how many ``files`` were read, unless it is None (not known).

    Under ``-q`` only what fails (errors, and warnings under ``strict``) and no count; the
    JSON document, a result asked for, stays whole.
    """
    if is_quiet() and fmt != "json":
        failing = {Severity.error, Severity.warning} if strict else {Severity.error}
        diags = [d for d in diags if d.level in failing]
    if fmt == "json":
        sys.stdout.write(format_json(diags, project=project) + "\n")
        return
    if fmt == "github":
        # GitHub shows at most 10 annotations of a level per step: the full text follows.
        for line in format_github(diags, project=project):
            sys.stdout.write(line + "\n")
    if is_quiet() and not diags:
        return
    console = _terminal_console() if fmt != "github" else None
    for item in format_text(diags, color=console is not None):
        if console is not None and not isinstance(item, str):
            console.print(item)
        else:
            sys.stdout.write(item + "\n")
    if is_quiet():
        return
    counts = summary(diags)
    text = (
        f"{plural(counts['errors'], 'erreur')}, {plural(counts['warnings'], 'avertissement')}"
        + (f" ({plural(files, 'fichier')} {agree(files, 'lu')})" if files is not None else "")
        + "."
    )
    if console is not None:
        style = "bold red" if counts["errors"] else ("yellow" if counts["warnings"] else "green")
        console.print(text, style=style, markup=False)
    else:
        sys.stdout.write(text + "\n")


def _terminal_console() -> Console | None:
    """Rich's console on stdout when stdout is a terminal (Rich's own rules: FORCE_COLOR,
    TTY_COMPATIBLE, Jupyter…), else None.

    Rich is imported only when its answer could be yes: stdout that is no terminal, with
    neither variable set, is never coloured, and ``validate`` in CI or a pipe starts faster.
    """
    if not ({"FORCE_COLOR", "TTY_COMPATIBLE"} & os.environ.keys()):
        isatty = getattr(sys.stdout, "isatty", None)
        try:
            if isatty is None or not isatty():
                return None
        except ValueError:  # a closed stream
            return None
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    return console if console.is_terminal else None


def print_notes(notes: Iterable[str]) -> None:
    """Remarks for people, one ``cmqreport:`` line each on stderr (none under ``-q``)."""
    if is_quiet():
        return
    for note in notes:
        sys.stderr.write(f"cmqreport: {printable(note)}\n")


def print_build(result: BuildResult, seconds: float | None = None) -> None:
    """One line per output on stdout; then on stderr pandoc's warnings, skipped formats,
    every warning of the data, and a last line: the time taken and the PDF's pages.
    Nothing under ``-q``: a build that fails says why, one that succeeds is silent."""
    if is_quiet():
        return
    print_notes(f"pandoc : {line}" for line in result.warnings)
    for fmt, path in result.outputs.items():
        sys.stdout.write(f"{fmt:6} {printable(str(path))}\n")
    sys.stdout.flush()  # the files first, then the remarks, as a terminal shows them
    print_notes(f"{fmt} non produit : {why}" for fmt, why in result.skipped.items())
    warnings = [d for d in result.diagnostics if d.level == Severity.warning]
    print_notes(line_of(d) for d in warnings)
    if warnings:
        print_notes([f"{plural(len(warnings), 'avertissement')} dans les données."])
    pages = _pdf_pages(result.outputs["pdf"]) if "pdf" in result.outputs else None
    done = [plural(len(result.outputs), "fichier")]
    done += [f"PDF de {plural(pages, 'page')}"] if pages else []
    took = f" en {seconds:.1f} s".replace(".", ",") if seconds is not None else ""
    print_notes([f"Construit{took} : {', '.join(done)}."])


@contextmanager
def steps(what: str) -> Iterator[Callable[[str], None]]:
    """What a long command tells of its progress: a spinner on stderr by default, one line
    per step with the time since the start under ``-v``, nothing under ``-q``."""
    if is_quiet():
        yield lambda _msg: None
        return
    start = time.perf_counter()
    if is_verbose():

        def line(msg: str) -> None:
            seconds = f"{time.perf_counter() - start:6.1f} s".replace(".", ",")
            sys.stderr.write(f"{seconds}  {printable(msg)}\n")

        yield line
        return
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    with console.status(f"{what}…") as status:
        yield lambda msg: status.update(f"{msg}…")


def _pdf_pages(path: Path) -> int | None:
    """How many pages a PDF has: its page objects (``/Type /Page``), when they are not
    packed in compressed object streams (Typst's are not); None when unknown."""
    import re

    try:
        data = path.read_bytes()
    except OSError:
        return None
    count = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))
    return count or None
