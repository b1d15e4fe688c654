"""Checks that identifiers are unique: anchors in the report of a year, ids in a list."""

from __future__ import annotations

from collections.abc import Iterator

from cmqreport import model as m
from cmqreport.diagnostics import Diagnostic
from cmqreport.load.project import Project
from cmqreport.load.yamlsrc import PathKey, dotted
from cmqreport.model import walk

__all__ = ["id_checks"]

#: An id and the data path where a file defines it.
_Def = tuple[str, PathKey]


def id_checks(project: Project) -> Iterator[Diagnostic]:
    """Section, figure, table and annex ids are anchors of one document: unique per year.

    Actions and perspectives are unique in their list.
    """
    for year in sorted(project.years):
        data = project.year(year)
        anchors = _Anchors(project)
        if data.network:
            rel = project.rel_of("network_year", year)
            yield from anchors.visit(rel, _network_ids(data.network))
        for code, cy in sorted(data.campuses.items()):
            rel = project.rel_of("campus_year", year, code)
            yield from anchors.visit(rel, _campus_year_ids(cy))
            ids = [a.id for a in cy.actions]
            yield from _repeated(project, rel, "actions", ids, "l'action")
        if data.perspectives:
            rel = project.rel_of("perspectives", year)
            ids = [item.id for item in data.perspectives.items]
            yield from _repeated(project, rel, "items", ids, "la perspective")


class _Anchors:
    """The anchors of one year's report met so far, with where each was first defined."""

    def __init__(self, project: Project) -> None:
        self.project = project
        #: Where each id was first defined (its place is looked up for a repeated id only).
        self.seen: dict[str, tuple[str, PathKey]] = {}

    def visit(self, rel: str, defs: Iterator[_Def]) -> Iterator[Diagnostic]:
        """A diagnostic for each id of ``defs`` (in file ``rel``) defined before."""
        for ident, path in defs:
            if ident not in self.seen:
                self.seen[ident] = (rel, path)
                continue
            first_rel, first_path = self.seen[ident]
            first = self.project.place(first_rel, first_path)
            where = str(first) if first.sheet else f"{first_rel}:{first.line}"
            yield Diagnostic(
                "CMQ-V021",
                f"l'identifiant « {ident} » est déjà utilisé ({where}).",
                self.project.place(rel, path),
                path=dotted(path),
                value=ident,
                hint="Choisissez un identifiant unique dans l'année.",
            )


def _network_ids(net: m.NetworkYear) -> Iterator[_Def]:
    for i, ch in enumerate(net.chapters):
        yield ch.id, ("chapters", i, "id")
        for sec, path, _ in walk.sections(ch.sections, ("chapters", i, "sections")):
            yield from _block_ids(sec, path, own=True)


def _campus_year_ids(cy: m.CampusYear) -> Iterator[_Def]:
    """In file order: introduction, sections, the funding figure, annexes."""
    blocks = list(walk.blocks(cy))
    for block in blocks:
        if block.kind != "annex":
            yield from _block_ids(block.node, block.path, own=block.kind == "section")
    if cy.finances:
        yield cy.finances.id, ("finances", "id")
    for block in blocks:
        if block.kind == "annex":
            yield from _block_ids(block.node, block.path, own=True)


def _block_ids(
    node: m.CampusYear | m.Section | m.Annex, path: PathKey, *, own: bool
) -> Iterator[_Def]:
    """The block's own id (unless the introduction), its figures', tables' and table's."""
    if own and isinstance(node, m.Section | m.Annex):
        yield node.id, (*path, "id")
    for k, fig in enumerate(node.figures):
        yield fig.id, (*path, "figures", k, "id")
    for k, tab in enumerate(node.tables):
        yield tab.id, (*path, "tables", k, "id")
    if isinstance(node, m.Annex) and node.table_id:
        yield node.table_id, (*path, "table_id")


def _repeated(
    project: Project, rel: str, key: str, ids: list[str], what: str
) -> Iterator[Diagnostic]:
    """Ids defined twice in one list of a file (actions, perspectives)."""
    first: dict[str, int] = {}
    for i, ident in enumerate(ids):
        if ident in first:
            yield Diagnostic(
                "CMQ-V021",
                f"{what} « {ident} » est déjà définie ({key}[{first[ident]}]).",
                project.place(rel, (key, i, "id")),
                path=f"{key}[{i}].id",
                value=ident,
            )
        first.setdefault(ident, i)
