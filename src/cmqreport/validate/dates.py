"""Checks of dates against each other and against the year of the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from cmqreport import model as m
from cmqreport.diagnostics import Diagnostic
from cmqreport.load.layout import year_folder
from cmqreport.load.project import Project

__all__ = ["date_checks"]


def date_checks(project: Project) -> Iterator[Diagnostic]:
    """Actions outside their year or ending before they start, periods, ``for_year``."""
    for year, data in sorted(project.years.items()):
        for code, cy in sorted(data.campuses.items()):
            rel = project.rel_of("campus_year", year, code)
            for i, act in enumerate(cy.actions):
                yield from _action_dates(project, rel, i, act, year)
        if data.perspectives and data.perspectives.for_year <= year:
            yield Diagnostic(
                "CMQ-V006",
                "for_year doit suivre planned_in.",
                project.place(project.rel_of("perspectives", year), ("for_year",)),
                path="for_year",
                hint=f"Écrivez for_year: {year + 1}.",
            )
    for code, campus in sorted(project.campuses.items()):
        yield from _periods(project, project.rel_of("campus", campus=code), campus)


def _action_dates(
    project: Project, rel: str, i: int, act: m.Action, year: int
) -> Iterator[Diagnostic]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if act.start and act.end and act.end < act.start:
        yield Diagnostic(
            "CMQ-V035",
            "la date de fin précède la date de début.",
            project.place(rel, ("actions", i, "end")),
            path=f"actions[{i}].end",
            value=str(act.end),
        )
    for key in ("start", "end"):
        when: dt.date | None = getattr(act, key)
        if when is None:
            continue
        # an action of the year runs at least partly in it; a one-day action, within it
        outside = (key == "start" and when > last) or (key == "end" and when < first)
        one_day = act.start is None or act.end is None
        if outside or (one_day and not first <= when <= last):
            yield Diagnostic(
                "CMQ-V022",
                f"{when.isoformat()} est hors de l'année {year}.",
                project.place(rel, ("actions", i, key)),
                path=f"actions[{i}].{key}",
                value=when.isoformat(),
                hint=f"Une action de {year_folder(year)} se déroule au moins en partie en {year}.",
            )


def _periods(project: Project, rel: str, campus: m.CampusFile) -> Iterator[Diagnostic]:
    """Mandates and portages whose end precedes their start."""
    periods: list[tuple[str, Sequence[m.GovernanceRole | m.Portage], str]] = [
        ("governance", campus.governance, "la fin du mandat précède son début."),
        ("portage", campus.portage, "la fin du portage précède son début."),
    ]
    for key, items, message in periods:
        for i, item in enumerate(items):
            # dates known to a month or a year: an error only when no reading fits
            if item.start and item.end and item.end.latest < item.start.earliest:
                yield Diagnostic(
                    "CMQ-V035",
                    message,
                    project.place(rel, (key, i, "end")),
                    path=f"{key}[{i}].end",
                    value=str(item.end),
                )
