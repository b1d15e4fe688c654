"""The numbered outline of a year's report, computed once before any text is written.

Every chapter, section, campus section, figure, table and annex gets its number (or
letter) and anchor here, so that a cross-reference may point forward; the outline also
lists the assets the report needs. Nodes hold data and planned bodies
(:class:`~cmqreport.render.nodes.Content`); the text modules write the Markdown afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from cmqreport import model as m
from cmqreport.load.project import Project
from cmqreport.render.analysis import Analysis
from cmqreport.render.annexes import outline as annex_outline
from cmqreport.render.blocks import Recorder, section_nodes
from cmqreport.render.chapters import campuses, perspectives, structuring
from cmqreport.render.nodes import (
    Asset,
    Label,
    Node,
    Numbering,
    annex_letter,
    campus_anchor,
    section_anchor,
)

__all__ = [
    "Label",
    "Node",
    "Outline",
    "annex_letter",
    "build_outline",
    "campus_anchor",
    "section_anchor",
]


@dataclass(frozen=True)
class Outline:
    """Chapters and annexes as numbered nodes, every label, every asset."""

    chapters: list[Node]
    annexes: list[Node]
    labels: dict[tuple[str, str], Label]
    assets: dict[str, Asset]

    def nodes(self) -> list[Node]:
        """Every node, in report order."""
        return [n for top in (*self.chapters, *self.annexes) for n in top.walk()]


def build_outline(project: Project, year: int, analysis: Analysis) -> Outline:
    """Number the report of ``year``: chapters in the network's order, then the annexes."""
    data = project.year(year)
    network = data.network
    if network is None:  # render_markdown checks it first
        raise ValueError(f"no network data for {year}")
    rec = Recorder(project.root)
    chapters: list[Node] = []
    for i, ch in enumerate(network.chapters, start=1):
        number = str(i)
        node = Node("chapter", f"chap-{ch.id}", number, ch.title, 1, data=ch)
        node.extra["kind"] = ch.kind.value
        rec.label("chap", ch.id, number, node.anchor)
        counters = Numbering(number)
        notes = network.footnotes
        start = 1
        if ch.kind == m.ChapterKind.structuring:
            found = structuring.parts(analysis.changes, ch.notes, project.campus_order())
            node.children = [
                Node("section", part.anchor, f"{number}.{k}", "", 2)
                for k, part in enumerate(found, start=1)
            ]
            start = len(found) + 1
        elif ch.kind == m.ChapterKind.perspectives:
            node.children = perspectives.outline(node, analysis.diff, data.perspectives)
            start = 3
        if ch.kind == m.ChapterKind.campuses:
            node.children = campuses.outline(rec, node, counters, project, data)
        else:
            node.children += section_nodes(
                rec, counters, ch.sections, number, 2, notes, start=start
            )
        chapters.append(node)
    annexes = annex_outline(rec, project, data)
    return Outline(chapters, annexes, rec.labels, rec.assets)
