"""The activities chapter (kind ``campuses``): one section per campus reporting this year,
in the project's campus order, holding its introduction, sections and funding chart.
"""

from __future__ import annotations

from cmqreport.load.project import Project, YearData
from cmqreport.render.blocks import Recorder, plan_body, section_nodes
from cmqreport.render.nodes import Content, Node, Numbering, campus_anchor
from cmqreport.render.writer import Writer

__all__ = ["outline", "write"]


def outline(
    rec: Recorder, chapter: Node, counters: Numbering, project: Project, data: YearData
) -> list[Node]:
    """The campus sections, numbered, with their figures and tables."""
    out: list[Node] = []
    for code in project.campus_order():
        cy = data.campuses.get(code)
        campus = project.campuses.get(code)
        if cy is None or campus is None:
            continue
        number = f"{chapter.number}.{len(out) + 1}"
        child = Node("campus", campus_anchor(code), number, cy.title or "", 2, data=cy)
        child.extra.update(code=code, campus=campus)
        rec.label("sec", f"campus-{code.lower()}", number, child.anchor)
        pieces = plan_body(rec, counters, cy.intro, cy.figures, cy.tables)
        fin = (cy.finances_section, cy.finances) if cy.finances and cy.finances_section else None
        child.children = section_nodes(
            rec, counters, cy.sections, number, 3, cy.footnotes, actions=cy.actions, finances=fin
        )
        # a chart no section asks for closes the campus's section: numbered after the others
        if cy.finances and not cy.finances_section:
            pieces.append(rec.finances(cy.finances, counters))
        child.content = Content(tuple(pieces), cy.footnotes)
        out.append(child)
    chapter.extra["campuses"] = len(out)
    return out


def write(w: Writer, node: Node) -> None:
    """The titles of campus sections that the data leaves untitled."""
    for child in node.children:
        if child.kind == "campus" and not child.title:
            child.title = w.words("campuses").text("campus_title", child.extra["campus"].name)
