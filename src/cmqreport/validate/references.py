"""Checks of what one record names in another: axes, sections, perspectives, anchors.

An action names its axis, its section and the perspectives it answers; a follow-up names
last year's perspective; a ``[[fig:id]]`` in the prose names a figure of the same year.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmqreport import model as m
from cmqreport.diagnostics import Diagnostic
from cmqreport.diagnostics.hints import did_you_mean
from cmqreport.load.layout import perspectives_rel
from cmqreport.load.project import Project
from cmqreport.load.yamlsrc import Loaded, PathKey, dotted
from cmqreport.model import walk
from cmqreport.model.textscan import references

__all__ = ["CrossReferences", "reference_checks", "year_targets"]


def reference_checks(project: Project) -> Iterator[Diagnostic]:
    """Unknown axes, sections and perspectives named by actions and follow-ups."""
    for year, data in sorted(project.years.items()):
        planned = _planned(project, year)
        for code, cy in sorted(data.campuses.items()):
            rel = project.rel_of("campus_year", year, code)
            yield from _action_names(project, rel, cy, planned, year)
        if data.network and planned is not None:
            rel = project.rel_of("network_year", year)
            for i, fu in enumerate(data.network.followup):
                if fu.perspective not in planned:
                    yield Diagnostic(
                        "CMQ-V036",
                        f"la perspective « {fu.perspective} » n'est pas dans "
                        f"{perspectives_rel(year - 1)}.",
                        project.place(rel, ("followup", i, "perspective")),
                        hint=did_you_mean(fu.perspective, planned),
                        path=f"followup[{i}].perspective",
                        value=fu.perspective,
                    )


def _planned(project: Project, year: int) -> set[str] | None:
    """Ids of the perspectives planned for ``year``; None when last year's file is unreadable.

    Which ids exist is unknown then: nothing is reported about them.
    """
    if project.has_failed("perspectives", year=year - 1):
        return None
    previous = project.year(year - 1).perspectives
    return {p.id for p in previous.items} if previous else set()


def _action_names(
    project: Project, rel: str, cy: m.CampusYear, planned: set[str] | None, year: int
) -> Iterator[Diagnostic]:
    axes = {a.id for a in cy.axes}
    sections = {s.id for s, _, _ in walk.sections(cy.sections)}
    for i, act in enumerate(cy.actions):
        if act.axis and act.axis not in axes:
            yield _unknown(
                project,
                rel,
                ("actions", i, "axis"),
                act.axis,
                f"axe « {act.axis} » inconnu.",
                did_you_mean(act.axis, axes) or "Déclarez-le dans axes:.",
            )
        if act.section and act.section not in sections:
            yield _unknown(
                project,
                rel,
                ("actions", i, "section"),
                act.section,
                f"section « {act.section} » inconnue.",
                did_you_mean(act.section, sections),
            )
        for j, pid in enumerate(act.answers):
            if planned is not None and pid not in planned:
                yield _unknown(
                    project,
                    rel,
                    ("actions", i, "answers", j),
                    pid,
                    f"la perspective « {pid} » n'existe pas dans {perspectives_rel(year - 1)}.",
                    did_you_mean(pid, planned),
                    code="CMQ-V023",
                )
    if cy.finances_section and cy.finances_section not in sections:
        yield _unknown(
            project,
            rel,
            ("finances_section",),
            cy.finances_section,
            f"section « {cy.finances_section} » inconnue.",
            did_you_mean(cy.finances_section, sections),
        )


def _unknown(
    project: Project,
    rel: str,
    path: PathKey,
    value: str,
    message: str,
    hint: str | None,
    *,
    code: str = "CMQ-V032",
) -> Diagnostic:
    return Diagnostic(
        code, message, project.place(rel, path), path=dotted(path), value=value, hint=hint
    )


# --------------------------------------------------------------------------- [[kind:id]]


def year_targets(project: Project, year: int) -> dict[str, set[str]]:
    """Ids that ``[[kind:id]]`` may point to in the report of ``year``."""
    data = project.year(year)
    targets: dict[str, set[str]] = {k: set() for k in ("fig", "tab", "annexe", "sec", "chap")}
    if data.network:
        for ch in data.network.chapters:
            targets["chap"].add(ch.id)
            for sec, _, _ in walk.sections(ch.sections):
                targets["sec"].add(sec.id)
                _add_contents(targets, sec)
    for cy in data.campuses.values():
        for block in walk.blocks(cy):
            if block.kind == "campus":
                targets["sec"].add(f"campus-{cy.campus.lower()}")
            elif block.kind == "section":
                targets["sec"].add(block.id)
            else:
                targets["annexe"].add(block.id)
            _add_contents(targets, block.node)
        if cy.finances:
            targets["fig"].add(cy.finances.id)
    return targets


def _add_contents(targets: dict[str, set[str]], node: m.CampusYear | m.Section | m.Annex) -> None:
    targets["fig"].update(f.id for f in node.figures)
    targets["tab"].update(t.id for t in node.tables)
    if isinstance(node, m.Annex) and node.table_id:
        targets["tab"].add(node.table_id)


class CrossReferences:
    """The check of ``[[kind:id]]`` in prose, with each year's targets computed once."""

    def __init__(self, project: Project) -> None:
        self.project = project
        #: The targets of each year met so far; None for a year with an unreadable file.
        self.targets: dict[int, dict[str, set[str]] | None] = {}

    def check(self, year: int, src: Loaded, path: PathKey, text: str) -> Iterator[Diagnostic]:
        """Cross-references of ``text`` (in a file of ``year``) that point to nothing."""
        if year not in self.targets:
            # an unreadable file of the year may hold any target: nothing is reported
            failed = self.project.has_failed(year=year)
            self.targets[year] = None if failed else year_targets(self.project, year)
        targets = self.targets[year]
        if targets is None:
            return
        for kind, ident, offset in references(text):
            if ident not in targets[kind]:
                yield Diagnostic(
                    "CMQ-V024",
                    f"renvoi [[{kind}:{ident}]] : rien ne porte cet identifiant.",
                    src.text_place(path, offset),
                    path=dotted(path),
                    value=ident,
                    hint=did_you_mean(ident, targets[kind]),
                )
