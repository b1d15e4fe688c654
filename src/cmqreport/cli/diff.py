"""Printing ``diff-perspectives``: a Rich table, a pandoc Markdown table or JSON.

The computation lives in :mod:`cmqreport.analyse.perspectives`; this module only chooses the year,
formats and returns the exit code. Text from the data is never read as Rich markup, and is
escaped for Markdown where it is plain text.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from cmqreport.analyse.perspectives import (
    NO_FOLLOWUP,
    STATUSES,
    DiffItem,
    PerspectiveDiff,
    Tally,
    compute_diff,
    latest_year,
)
from cmqreport.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["diff_cli", "format_json", "format_markdown", "md_markdown", "md_text"]

#: Label of the perspectives that name no campus.
NETWORK_LABEL = "Réseau"

_STYLES = {
    "réalisé": "bold green",
    "partiellement réalisé": "green",
    "en cours": "cyan",
    "reporté": "magenta",
    "non réalisé": "red",
    "abandonné": "dim red",
    NO_FOLLOWUP: "bold red",
}
_FORMATS = ("table", "md", "json")


def diff_cli(project_dir: Path, year: int | None, fmt: str, fail_on_missing: bool) -> int:
    """Run ``diff-perspectives`` and return the exit code.

    0 on success (also when there is no previous report), 1 with ``fail_on_missing`` while a
    perspective has no follow-up. Usage and data errors are raised as
    :class:`~cmqreport.errors.CmqError` for the CLI to print.
    """
    from cmqreport.load.project import load_project

    if fmt not in _FORMATS:
        raise UsageError(f"format inconnu « {fmt} » (possibles : {', '.join(_FORMATS)}).")
    project = load_project(project_dir)
    if year is None:
        year = latest_year(project)
        if year is None:
            _note("aucune année avec des données (years/AAAA/) : rien à comparer.", fmt)
            return 0
    diff = compute_diff(project, year)
    locale = project.config.locale if project.config else "fr_FR"

    if diff.planned_in is None:
        # JSON readers still get a document; people get the reason.
        if fmt == "json":
            sys.stdout.write(format_json(diff) + "\n")
        _note(diff.message or "", fmt)
        return 0
    if diff.message:
        sys.stderr.write(f"cmqreport: {diff.message}\n")
    if fmt == "json":
        sys.stdout.write(format_json(diff) + "\n")
    elif fmt == "md":
        sys.stdout.write(format_markdown(diff, locale=locale))
    else:
        _print_table(diff, locale)
    if fail_on_missing and diff.missing:
        n = len(diff.missing)
        sys.stderr.write(
            f"cmqreport: {n} perspective{'s' if n > 1 else ''} sans suivi : "
            + ", ".join(i.id for i in diff.missing)
            + ".\n"
        )
        return 1
    return 0


def _note(message: str, fmt: str) -> None:
    # In JSON, stdout holds the document only.
    stream = sys.stderr if fmt == "json" else sys.stdout
    stream.write(message + "\n")


# --------------------------------------------------------------------------- shared wording


def _campuses(campuses: Iterable[str]) -> str:
    return ", ".join(campuses) or NETWORK_LABEL


def _rate(rate: float | None, locale: str) -> str:
    if rate is None:
        return "–"
    from babel.core import UnknownLocaleError
    from babel.numbers import format_percent

    # One decimal at most (62,5 %), in the locale's own pattern (« 62,5 % » in French).
    value = round(rate, 3)
    try:
        return format_percent(value, locale=locale, decimal_quantization=False)
    except (UnknownLocaleError, ValueError):  # a bad locale in cmqreport.yaml: validate says so
        return format_percent(value, locale="fr_FR", decimal_quantization=False)


def _group_label(key: str | None) -> str:
    return key if key is not None else NETWORK_LABEL


# --------------------------------------------------------------------------- JSON


def format_json(diff: PerspectiveDiff) -> str:
    """The JSON document (``schema_version`` 1), see :meth:`PerspectiveDiff.to_json_dict`."""
    return json.dumps(diff.to_json_dict(), ensure_ascii=False, indent=2, sort_keys=False)


# --------------------------------------------------------------------------- Markdown

# Characters that pandoc Markdown would read as markup inside a line: emphasis, code, links,
# HTML, cell borders, sub/superscript, TeX math and citations.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~^$@])")


def md_text(text: str) -> str:
    """Plain text for a Markdown table cell: one line, every markup character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def md_markdown(text: str) -> str:
    """Markdown text for a table cell: one line, the Markdown kept, raw markup disarmed.

    ``|`` would end the cell, ``<`` would start raw HTML and ``\\word`` raw LaTeX: each is
    escaped so that the data stays text.
    """
    line = " ".join(text.split())
    line = re.sub(r"(?<!\\)\|", r"\\|", line)
    line = line.replace("<", "\\<")
    return re.sub(r"\\(?=[A-Za-z])", r"\\\\", line)


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    rule = [("---:" if a == "r" else "---") for a in align.ljust(len(header), "l")]
    return [_md_row(header), _md_row(rule), *(_md_row(r) for r in rows)]


def _md_followup(item: DiffItem) -> str:
    parts: list[str] = []
    if item.comment:
        parts.append(md_markdown(item.comment))
    if item.evidence:
        linked = "; ".join(f"{md_text(e.title)} ({e.campus}, `{e.action}`)" for e in item.evidence)
        parts.append(f"Actions : {linked}.")
    if item.suggestions:
        hints = "; ".join(
            f"{md_text(s.title)} ({s.campus}, `{s.action}`)" for s in item.suggestions
        )
        parts.append(f"Aucun suivi. Actions proches à relier ? {hints}.")
    elif not item.followed_up:
        parts.append("Aucun suivi.")
    return " ".join(parts) or "–"


def _tally_cells(t: Tally, locale: str) -> list[str]:
    """One row of a per-theme or per-campus table, as plain text."""
    return [
        _group_label(t.key),
        str(t.total),
        str(t.count("réalisé")),
        str(t.count("partiellement réalisé")),
        str(t.count("en cours")),
        str(t.count(NO_FOLLOWUP)),
        _rate(t.completion_rate, locale),
    ]


def _md_tally_rows(tallies: Iterable[Tally], locale: str) -> list[list[str]]:
    rows = [_tally_cells(t, locale) for t in tallies]
    return [[md_text(r[0]), *r[1:]] for r in rows]


def format_markdown(diff: PerspectiveDiff, *, locale: str = "fr_FR") -> str:
    """A pandoc Markdown document: the follow-up table, the summaries, the unplanned list."""
    lines = _md_table(
        ["Perspective", "Thème", "Campus", "Statut", "Suivi"],
        [
            [
                f"{md_text(i.title)} (`{i.id}`)",
                md_text(i.theme),
                md_text(_campuses(i.campuses)),
                i.status,
                _md_followup(i),
            ]
            for i in diff.items
        ],
    )
    lines += ["", f": Perspectives {diff.planned_in} pour {diff.year} et leur suivi", ""]

    s = diff.summary
    lines += ["## Synthèse", ""]
    lines += _md_table(
        ["Statut", "Perspectives"],
        [[status, str(s.overall.count(status))] for status in STATUSES],
        "lr",
    )
    lines += [
        "",
        f"Taux de réalisation : {_rate(s.overall.completion_rate, locale)} "
        "(réalisé = 1, partiellement réalisé = 0,5, autres = 0).",
        "",
    ]
    group_header = [
        "Perspectives",
        "Réalisé",
        "Partiellement",
        "En cours",
        "Sans suivi",
        "Taux de réalisation",
    ]
    lines += _md_table(["Thème", *group_header], _md_tally_rows(s.by_theme, locale), "lrrrrrr")
    lines += ["", ": Suivi par thème", ""]
    lines += _md_table(["Campus", *group_header], _md_tally_rows(s.by_campus, locale), "lrrrrrr")
    lines += ["", ": Suivi par campus", ""]

    lines += ["## Réalisations non prévues", ""]
    if diff.unplanned:
        lines += [f"- {md_text(u.title)} ({u.campus}, `{u.action}`)" for u in diff.unplanned]
    else:
        lines.append("Aucune : chaque action répond à une perspective.")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- Rich table


def _print_table(diff: PerspectiveDiff, locale: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    table = Table(
        title=Text(f"Perspectives {diff.planned_in} pour {diff.year} et leur suivi"),
        show_lines=True,
    )
    for name in ("Perspective", "Thème", "Campus", "Statut", "Suivi"):
        # Fold rather than cut: ids and action names must stay whole to be copied.
        table.add_column(name, overflow="fold")
    for item in diff.items:
        follow = Text()
        if item.comment:
            follow.append(" ".join(item.comment.split()))
        for e in item.evidence:
            follow.append(("\n" if follow else "") + f"• {e.title} ({e.campus}, {e.action})")
        if not item.followed_up:
            follow.append("Aucun suivi.", style="bold red")
            for sug in item.suggestions:
                follow.append(
                    f"\n? {sug.title} ({sug.campus}, {sug.action}, {sug.score:g})", style="dim"
                )
        table.add_row(
            Text(f"{item.title}\n{item.id}"),
            Text(item.theme),
            Text(_campuses(item.campuses)),
            Text(item.status, style=_STYLES.get(item.status, "")),
            follow,
        )
    console.print(table)
    _print_tallies(console, "Thème", diff.summary.by_theme, locale)
    _print_tallies(console, "Campus", diff.summary.by_campus, locale)

    overall = diff.summary.overall
    counts = ", ".join(f"{overall.count(s)} {s}" for s in STATUSES if overall.count(s))
    console.print(
        Text(
            f"{overall.total} perspectives : {counts}. Taux de réalisation : "
            f"{_rate(overall.completion_rate, locale)}."
        )
    )
    if diff.unplanned:
        console.print(Text(f"\nRéalisations non prévues ({len(diff.unplanned)}) :", style="bold"))
        for u in diff.unplanned:
            console.print(Text(f"  • {u.title} ({u.campus}, {u.action})"))


def _print_tallies(console: Console, label: str, tallies: Iterable[Tally], locale: str) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"Suivi par {label.lower()}"))
    table.add_column(label)
    for name in ("Perspectives", "Réalisé", "Partiellement", "En cours", "Sans suivi", "Taux"):
        table.add_column(name, justify="right")
    for t in tallies:
        table.add_row(*(Text(c) for c in _tally_cells(t, locale)))
    console.print(table)
