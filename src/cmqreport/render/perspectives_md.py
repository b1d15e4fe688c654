"""The perspectives diff as a pandoc Markdown document (``diff-perspectives --format md``).

Text from the data is escaped for Markdown where it is plain text, and disarmed (raw HTML,
raw LaTeX, cell borders) where it is Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cmqreport.analyse.perspectives import NO_FOLLOWUP, STATUSES, DiffItem, PerspectiveDiff, Tally

__all__ = ["NETWORK_LABEL", "diff_markdown", "md_markdown", "md_text"]

#: Label of the perspectives that name no campus.
NETWORK_LABEL = "Réseau"


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


def diff_markdown(diff: PerspectiveDiff, *, locale: str = "fr_FR") -> str:
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
