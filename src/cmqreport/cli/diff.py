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
from cmqreport.cli.show import plural, print_notes
from cmqreport.render.perspectives_md import campuses_label, rate

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from cmqreport.analyse.diff_model import DiffItem
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
        print_notes([diff.message])  # a remark: silenced by -q
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
        f"cmqreport: {plural(n, 'perspective')} sans suivi : "
        + ", ".join(i.id for i in missing)
        + ".\n"
    )


def diff_json(diff: PerspectiveDiff) -> str:
    """The JSON document (``schema_version`` 1), see :meth:`PerspectiveDiff.to_json_dict`."""
    return json.dumps(diff.to_json_dict(), ensure_ascii=False, indent=2, sort_keys=False)


# --------------------------------------------------------------------------- Rich table

#: Below this terminal width, a five-column table leaves the follow-up a dozen characters
#: and folds ids: each perspective is printed as a block instead.
_TABLE_MIN_WIDTH = 100


def _print_table(diff: PerspectiveDiff, locale: str) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    console.print(
        Text(f"Perspectives {diff.planned_in} pour {diff.year} et leur suivi", style="bold")
    )
    if console.width >= _TABLE_MIN_WIDTH:
        _print_wide(console, diff)
    else:
        _print_blocks(console, diff)
    _print_tallies(console, "thème", diff.summary.by_theme, locale)
    _print_tallies(console, "campus", diff.summary.by_campus, locale)
    overall = diff.summary.overall
    console.print(
        Text(
            f"\nEn tout : {plural(overall.total, 'perspective')} — {_counts(overall)} ; "
            f"taux de réalisation : {rate(overall.completion_rate, locale)}."
        )
    )
    if diff.unplanned:
        console.print(Text(f"\nRéalisations non prévues ({len(diff.unplanned)}) :", style="bold"))
        for u in diff.unplanned:
            # A hanging indent keeps the bullets aligned when a title wraps.
            line = Text(f"• {u.title} ({u.campus}, ")
            line.append(u.action, style="bold")
            line.append(")")
            console.print(line, overflow="fold", new_line_start=False)


def _follow_up(item: DiffItem) -> Text:
    from rich.text import Text

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
    return follow


def _print_wide(console: Console, diff: PerspectiveDiff) -> None:
    """One table, a section per theme; the id column is as wide as the longest id."""
    from rich.table import Table
    from rich.text import Text

    id_width = max((len(i.id) for i in diff.items), default=10)
    table = Table(show_lines=True)
    table.add_column("Perspective", min_width=id_width, max_width=id_width, overflow="fold")
    table.add_column("Campus", no_wrap=True)
    table.add_column("Statut", max_width=len("partiellement réalisé"))
    table.add_column("Suivi", ratio=1)
    theme: str | None = None
    for item in diff.items:
        if item.theme != theme:
            theme = item.theme
            table.add_row(Text(theme, style="bold"))
        title = Text(f"{item.title}\n")
        title.append(item.id, style="dim")
        table.add_row(
            title,
            Text(campuses_label(item.campuses)),
            Text(item.status, style=_STYLES.get(item.status, "")),
            _follow_up(item),
        )
    console.print(table)


def _print_blocks(console: Console, diff: PerspectiveDiff) -> None:
    """Each perspective as a heading line (id, campus, status) and its follow-up below."""
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    theme: str | None = None
    for item in diff.items:
        if item.theme != theme:
            theme = item.theme
            console.print(Rule(Text(theme, style="bold"), align="left"))
        head = Text()
        head.append(item.id, style="bold")
        head.append(f" · {campuses_label(item.campuses)} · ")
        head.append(item.status, style=_STYLES.get(item.status, ""))
        console.print(head, overflow="fold")
        console.print(Padding(Text(item.title, style="italic"), (0, 0, 0, 2), expand=False))
        console.print(Padding(_follow_up(item), (0, 0, 1, 2), expand=False))


def _counts(t: Tally) -> str:
    """Every status that occurs, in the report's order (« 1 réalisée, 4 en cours… »)."""
    parts = [f"{t.count(s)} {s}" for s in STATUSES if t.count(s)]
    return ", ".join(parts) or "aucune"


def _print_tallies(console: Console, label: str, tallies: Iterable[Tally], locale: str) -> None:
    """One line per theme or campus: every status counted, so that the counts add up."""
    from rich.text import Text

    console.print(Text(f"\nSuivi par {label} :", style="bold"))
    for t in tallies:
        key = t.key if t.key is not None else campuses_label(())
        line = Text("• ")
        line.append(key, style="bold")
        line.append(
            f" : {plural(t.total, 'perspective')} — {_counts(t)} ; "
            f"taux {rate(t.completion_rate, locale)}"
        )
        console.print(line)
