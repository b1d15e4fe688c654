"""The annexes: those of every campus, in campus order, lettered A, B, … across the report."""

from __future__ import annotations

from cmqreport import model as m
from cmqreport.load.project import Project, YearData
from cmqreport.model.walk import blocks
from cmqreport.render.blocks import Recorder, plan_body
from cmqreport.render.nodes import Content, Node, Numbering, Piece, annex_letter

__all__ = ["outline"]


def outline(rec: Recorder, project: Project, data: YearData) -> list[Node]:
    """Every annex, lettered, with its figures and tables (and the table it includes)."""
    out: list[Node] = []
    for code in project.campus_order():
        cy = data.campuses.get(code)
        if cy is None:
            continue
        for block in blocks(cy):
            if not isinstance(block.node, m.Annex):
                continue
            an = block.node
            letter = annex_letter(len(out))
            anchor = f"annexe-{an.id}"
            rec.label("annexe", an.id, letter, anchor)
            node = Node("annex", anchor, f"Annexe {letter}", f"({code}) – {an.title}", 1, data=an)
            node.extra["letter"] = letter
            counters = Numbering(letter)
            pieces: list[Piece] = plan_body(rec, counters, an.body, an.figures, an.tables)
            if (an.include == "action_plan" and cy.action_plan) or (
                an.include == "indicators" and cy.indicators
            ):
                pieces.append(rec.include(an, cy, counters))
            node.content = Content(tuple(pieces), cy.footnotes)
            out.append(node)
    return out
