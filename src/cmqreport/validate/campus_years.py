"""Campus-years that would give nothing in the report: empty, or rendered by no chapter.

Three workbooks sent back untouched validate without an error; without these warnings they
would build three empty sections, or none at all when no chapter has ``kind: campuses``.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmqreport import model as m
from cmqreport.diagnostics import Diagnostic
from cmqreport.load.project import Project
from cmqreport.model.walk import blocks, sections

__all__ = ["campus_year_checks", "is_empty"]


def is_empty(cy: m.CampusYear) -> bool:
    """True when a campus-year says nothing of its year: no text, action, indicator value,
    achievement, figure or table.

    What a new year carries forward (axes, section and annex titles, objectives, indicator
    names, funding history) is not content of the year.
    """
    if cy.actions or any(i.value is not None or i.comment for i in cy.indicators):
        return False
    if any(a for obj in cy.action_plan for op in obj.objectives for a in op.achievements):
        return False
    if cy.intro.strip() or any(a.body.strip() for a in cy.annexes):
        return False
    if any(s.body.strip() for s, _, _ in sections(cy.sections)):
        return False
    return not any(b.node.figures or b.node.tables for b in blocks(cy))


def campus_year_checks(project: Project) -> Iterator[Diagnostic]:
    """A warning for each empty campus-year, and for each one no chapter renders."""
    for year, data in sorted(project.years.items()):
        rendered = data.network is None or any(
            ch.kind == m.ChapterKind.campuses for ch in data.network.chapters
        )
        for code, cy in sorted(data.campuses.items()):
            rel = project.rel_of("campus_year", year, code)
            if not rendered:
                network = project.rel_of("network_year", year)
                yield Diagnostic(
                    "CMQ-V076",
                    f"{rel} n'apparaît pas dans le rapport : aucun chapitre de {network} "
                    "n'a « kind: campuses ».",
                    project.place(network, ("chapters",), key=True),
                    path="chapters",
                    hint="Ajoutez un chapitre « kind: campuses » (une section par campus).",
                )
            elif is_empty(cy):
                yield Diagnostic(
                    "CMQ-V075",
                    f"l'année {year} du campus {code} est vide : sa section du rapport n'aura "
                    "aucun contenu.",
                    project.place(rel, ()),
                    hint=f"Remplissez {rel} (texte, actions, indicateurs) ; "
                    f"cmqreport status {year} dit ce qui manque à chaque campus.",
                )
