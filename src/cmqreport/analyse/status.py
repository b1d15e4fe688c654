"""Where each campus stands for a year, before the deadline: ``cmqreport status``.

One line per campus: no file, empty, has errors, incomplete (with what is missing), or
complete. Computed on a validated project; printing is the CLI's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from cmqreport import model as m
from cmqreport.diagnostics import Diagnostic, Severity
from cmqreport.load.layout import classify
from cmqreport.load.project import Project
from cmqreport.model.walk import blocks, sections
from cmqreport.validate.campus_years import is_empty

__all__ = ["CampusStatus", "State", "YearStatus", "compute_status", "status_year"]


class State(StrEnum):
    """Where a campus-year stands, from the least to the most advanced."""

    missing = "aucun fichier"
    empty = "vide"
    errors = "erreurs"
    incomplete = "incomplet"
    complete = "complet"


@dataclass(frozen=True)
class CampusStatus:
    """One campus's year: its state, its file, and what it lacks."""

    code: str
    name: str
    state: State
    file: str | None = None
    #: What is missing or wrong, for people (« section « Bilan » vide »).
    reasons: tuple[str, ...] = ()


@dataclass
class YearStatus:
    """Every campus's state for ``year``."""

    year: int
    campuses: list[CampusStatus] = field(default_factory=list)

    @property
    def incomplete(self) -> list[CampusStatus]:
        """The campuses that are not complete."""
        return [c for c in self.campuses if c.state != State.complete]

    def counts(self) -> dict[str, int]:
        """How many campuses are in each state (every state named, zeros included)."""
        return {s.value: sum(c.state == s for c in self.campuses) for s in State}


def status_year(project: Project) -> int | None:
    """The year ``status`` looks at by default: the latest with a network file or data."""
    years = [y for y, d in project.years.items() if d.network or d.campuses]
    return max(years) if years else None


def compute_status(project: Project, year: int, diagnostics: Iterable[Diagnostic]) -> YearStatus:
    """The state of each campus (campuses/ and any campus-year of ``year``) for ``year``."""
    data = project.year(year)
    errors = {
        d.place.file for d in diagnostics if d.level == Severity.error and d.place is not None
    }
    codes = set(project.known_campuses()) | set(data.campuses) | set(_failed(project, year))
    order = [c for c in project.campus_order() if c in codes]
    order += sorted(codes - set(order))
    previous = project.year(year - 1).perspectives
    # a perspective the network's follow-up speaks of needs no action of the campus
    followed = {f.perspective for f in data.network.followup} if data.network else set()
    plans = [p for p in (previous.items if previous else []) if p.id not in followed]
    out = YearStatus(year)
    for code in order:
        campus = project.campuses.get(code)
        name = campus.name if campus else ""
        out.campuses.append(_one(project, year, code, name, errors, plans))
    return out


def _failed(project: Project, year: int) -> Iterator[str]:
    for rel in project.failed:
        kind = classify(rel)
        if kind is not None and kind.kind == "campus_year" and kind.year == year and kind.campus:
            yield kind.campus


def _one(
    project: Project,
    year: int,
    code: str,
    name: str,
    errors: set[str],
    plans: list[m.Perspective],
) -> CampusStatus:
    rel = project.rel_of("campus_year", year, code)
    present = rel in project.sources or rel in project.failed
    if not present:
        return CampusStatus(code, name, State.missing, None, (f"{rel} absent",))
    cy = project.year(year).campuses.get(code)
    if cy is None or rel in errors or rel in project.failed:
        return CampusStatus(code, name, State.errors, rel, ("cmqreport validate dit lesquelles",))
    if is_empty(cy):
        return CampusStatus(code, name, State.empty, rel)
    reasons = tuple(_missing(project, cy, plans))
    state = State.incomplete if reasons else State.complete
    return CampusStatus(code, name, state, rel, reasons)


def _missing(project: Project, cy: m.CampusYear, plans: list[m.Perspective]) -> Iterator[str]:
    """What a campus-year with content still lacks, for people."""
    if not cy.intro.strip() and not cy.sections:
        yield "ni introduction ni section"
    placed = {action.section for action in cy.actions}
    for sec, _, _ in sections(cy.sections):
        inner = [sec, *(s for s, _, _ in sections(sec.sections))]
        if not any(s.body.strip() or s.figures or s.tables or s.id in placed for s in inner):
            yield f"section « {sec.title} » vide"
    answered = {pid for action in cy.actions for pid in action.answers}
    for p in plans:
        if cy.campus in p.campuses and p.id not in answered:
            yield f"perspective « {p.id} » sans suivi (aucune action n'y répond)"
    for block in blocks(cy):
        for fig in block.node.figures:
            if fig.drawn:
                continue  # drawn by the build from its sequence
            if fig.file is None:
                yield f"figure « {fig.id} » sans image"
            elif not (project.root / fig.file).is_file():
                yield f"figure « {fig.id} » : image {fig.file} introuvable"
