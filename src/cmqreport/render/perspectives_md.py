"""Last year's perspectives against this year as a pandoc Markdown document.

What ``cmqreport diff-perspectives --format md`` prints: the follow-up table, the summary by
status, theme and campus, then the achievements no perspective foresaw. Cells are escaped
with :func:`~cmqreport.render.markdown.escape_inline` and tables written by
:func:`~cmqreport.render.markdown.pipe_table`, as everywhere in the report.
"""

from __future__ import annotations

from collections.abc import Iterable

from cmqreport.analyse.perspectives import (
    NO_FOLLOWUP,
    STATUSES,
    DiffItem,
    PerspectiveDiff,
    Tally,
)
from cmqreport.render.markdown import escape_inline, inline_markdown, pipe_table

__all__ = ["NETWORK_LABEL", "campuses_label", "diff_markdown", "rate", "tally_cells"]

#: Label of the perspectives that name no campus.
NETWORK_LABEL = "Réseau"

_GROUP_HEADER = [
    "Perspectives",
    "Réalisé",
    "Partiellement",
    "En cours",
    "Sans suivi",
    "Taux de réalisation",
]


def campuses_label(campuses: Iterable[str]) -> str:
    """``AGT, MSI``, or « Réseau » for a perspective that names no campus."""
    return ", ".join(campuses) or NETWORK_LABEL


def rate(value: float | None, locale: str) -> str:
    """A completion rate with one decimal at most (« 62,5 % »), ``–`` when there is none."""
    if value is None:
        return "–"
    from babel.core import UnknownLocaleError
    from babel.numbers import format_percent

    # One decimal at most (62,5 %), in the locale's own pattern (« 62,5 % » in French).
    value = round(value, 3)
    try:
        return format_percent(value, locale=locale, decimal_quantization=False)
    except (UnknownLocaleError, ValueError):  # a bad locale in cmqreport.yaml: validate says so
        return format_percent(value, locale="fr_FR", decimal_quantization=False)


def tally_cells(t: Tally, locale: str) -> list[str]:
    """One row of a per-theme or per-campus summary, as plain text."""
    return [
        t.key if t.key is not None else NETWORK_LABEL,
        str(t.total),
        str(t.count("réalisé")),
        str(t.count("partiellement réalisé")),
        str(t.count("en cours")),
        str(t.count(NO_FOLLOWUP)),
        rate(t.completion_rate, locale),
    ]


def _tally_table(label: str, tallies: Iterable[Tally], locale: str) -> str:
    rows = [tally_cells(t, locale) for t in tallies]
    cells = [[escape_inline(r[0]), *r[1:]] for r in rows]
    return pipe_table([label, *_GROUP_HEADER], cells, align="lrrrrrr")


def _followup(item: DiffItem) -> str:
    """What became of a perspective: the comment, the actions, or the suggestions."""
    parts: list[str] = []
    if item.comment:
        parts.append(inline_markdown(item.comment))
    if item.evidence:
        linked = "; ".join(
            f"{escape_inline(e.title)} ({e.campus}, `{e.action}`)" for e in item.evidence
        )
        parts.append(f"Actions : {linked}.")
    if item.suggestions:
        hints = "; ".join(
            f"{escape_inline(s.title)} ({s.campus}, `{s.action}`)" for s in item.suggestions
        )
        parts.append(f"Aucun suivi. Actions proches à relier ? {hints}.")
    elif not item.followed_up:
        parts.append("Aucun suivi.")
    return " ".join(parts) or "–"


def _items_table(diff: PerspectiveDiff) -> str:
    rows = [
        [
            f"{escape_inline(i.title)} (`{i.id}`)",
            escape_inline(i.theme),
            escape_inline(campuses_label(i.campuses)),
            i.status,
            _followup(i),
        ]
        for i in diff.items
    ]
    return pipe_table(["Perspective", "Thème", "Campus", "Statut", "Suivi"], rows, align="")


def diff_markdown(diff: PerspectiveDiff, *, locale: str = "fr_FR") -> str:
    """A pandoc Markdown document: the follow-up table, the summaries, the unplanned list."""
    s = diff.summary
    statuses = pipe_table(
        ["Statut", "Perspectives"],
        [[status, str(s.overall.count(status))] for status in STATUSES],
        align="lr",
    )
    lines = [
        _items_table(diff),
        "",
        f": Perspectives {diff.planned_in} pour {diff.year} et leur suivi",
        "",
        "## Synthèse",
        "",
        statuses,
        "",
        f"Taux de réalisation : {rate(s.overall.completion_rate, locale)} "
        "(réalisé = 1, partiellement réalisé = 0,5, autres = 0).",
        "",
        _tally_table("Thème", s.by_theme, locale),
        "",
        ": Suivi par thème",
        "",
        _tally_table("Campus", s.by_campus, locale),
        "",
        ": Suivi par campus",
        "",
        "## Réalisations non prévues",
        "",
    ]
    if diff.unplanned:
        lines += [f"- {escape_inline(u.title)} ({u.campus}, `{u.action}`)" for u in diff.unplanned]
    else:
        lines.append("Aucune : chaque action répond à une perspective.")
    return "\n".join(lines) + "\n"
