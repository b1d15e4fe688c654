"""The analysis a report needs, computed once per build before the outline.

Chapter 1 and the presentation's label events read the year's changes; section 4.1 reads
the comparison of last year's perspectives with this year. Both are handed to the outline,
to the text modules and to the templates (``changes``, ``diff``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cmqreport import model as m
from cmqreport.analyse.changes import YearChanges, changes_of_year
from cmqreport.analyse.perspectives import PerspectiveDiff, compute_diff
from cmqreport.load.project import Project

__all__ = ["Analysis", "analyse"]


@dataclass(frozen=True)
class Analysis:
    """The year's changes, the perspectives' comparison and the campuses already active."""

    changes: YearChanges
    #: ``None`` when the report has no perspectives chapter (then nothing is compared).
    diff: PerspectiveDiff | None
    #: Campuses that report activities in the year or before.
    active: frozenset[str]


def analyse(project: Project, year: int, network: m.NetworkYear) -> Analysis:
    """Compute, once, everything the report of ``year`` derives from the data."""
    active = frozenset(
        code for y, data in project.years.items() if y <= year for code in data.campuses
    )
    changes = changes_of_year(project.campuses, project.campus_order(), year, set(active))
    # compute_diff refuses unreadable files: only a report that shows the comparison asks
    wants_diff = any(ch.kind == m.ChapterKind.perspectives for ch in network.chapters)
    diff = compute_diff(project, year) if wants_diff else None
    return Analysis(changes, diff, active)
