"""Printing ``diff-perspectives``: a Rich table, a pandoc Markdown table or JSON.

The comparison is computed by :func:`cmqreport.api.diff_perspectives`; this module only
prints it. Text from the data is never read as Rich markup. The Markdown document comes
from :func:`cmqreport.render.perspectives_md.diff_markdown`, with the renderer's other
Markdown; the JSON document is :func:`diff_json`, here because only the CLI prints it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from cmqreport.analyse.perspectives import NO_FOLLOWUP, STATUSES, PerspectiveDiff, Tally
from cmqreport.render.perspectives_md import campuses_label, rate, tally_cells

if TYPE_CHECKING:
    from rich.console import Console

    from cmqreport.api import DiffResult

__all__ = ["diff_json", "print_diff", "print_missing"]

_STYLES = {
    "réalisé": "bold green",
    "partiellement réalisé": "green",
    "en cours": "cyan",
    "reporté": "magenta",
    "non réalisé": "red",
    "abandonné": "dim red",
    NO_FOLLOWUP: "bold red",
}


def print_diff(result: DiffResult, fmt: str) -> None:
    """Print ``result`` as ``table``, ``md`` or ``json``.

    In JSON, stdout holds the document only (printed even when there is nothing to
    compare, for its readers); the remarks for people go to stderr.
    """
    diff = result.diff
    if diff is not None and diff.planned_in is not None and diff.message:
        sys.stderr.write(f"cmqreport: {diff.message}\n")
    if diff is not None and fmt == "json":
        sys.stdout.write(diff_json(diff) + "\n")
    elif diff is not None and diff.planned_in is not None and fmt == "md":
        from cmqreport.render.perspectives_md import diff_markdown

        sys.stdout.write(diff_markdown(diff, locale=result.locale))
    elif diff is not None and diff.planned_in is not None:
        _print_table(diff, result.locale)
    if result.nothing_to_compare is not None:
        stream = sys.stderr if fmt == "json" else sys.stdout
        stream.write(result.nothing_to_compare + "\n")


def print_missing(result: DiffResult) -> None:
    """The perspectives without follow-up, on stderr (``--fail-on-missing``)."""
    missing = result.missing
    n = len(missing)
    sys.stderr.write(
        f"cmqreport: {n} perspective{'s' if n > 1 else ''} sans suivi : "
        + ", ".join(i.id for i in missing)
        + ".\n"
    )


def diff_json(diff: PerspectiveDiff) -> str:
    """The JSON document (``schema_version`` 1), see :meth:`PerspectiveDiff.to_json_dict`."""
    return json.dumps(diff.to_json_dict(), ensure_ascii=False, indent=2, sort_keys=False)


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
            Text(campuses_label(item.campuses)),
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
            f"{rate(overall.completion_rate, locale)}."
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
        table.add_row(*(Text(c) for c in tally_cells(t, locale)))
    console.print(table)
