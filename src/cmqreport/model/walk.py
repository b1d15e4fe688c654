"""The one walker of a campus-year's blocks, and of nested sections.

A campus-year holds figures and tables in three kinds of blocks: its introduction (named by
the campus code), its sections (nested, depth first) and its annexes. Checks, rendering and
the workbook all walk them in this order, the order of the report.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from cmqreport.model.blocks import Section
from cmqreport.model.campus_year import Annex, CampusYear

__all__ = ["Block", "DataPath", "blocks", "sections"]

#: A data path inside a file: keys and list indexes (``("sections", 0, "figures", 1)``).
DataPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Block:
    """A block of a campus-year that may hold figures and tables."""

    kind: Literal["campus", "section", "annex"]
    #: The campus code for the introduction, else the section's or annex's id.
    id: str
    node: CampusYear | Section | Annex
    #: Where the block is in the campus-year's file (``()`` for the introduction).
    path: DataPath
    #: The id of the enclosing section, for a subsection.
    parent: str | None = None


def sections(
    items: Sequence[Section], path: DataPath = (), parent: str | None = None
) -> Iterator[tuple[Section, DataPath, str | None]]:
    """Every section of ``items`` and their subsections, depth first, with path and parent."""
    for i, sec in enumerate(items):
        here = (*path, i)
        yield sec, here, parent
        yield from sections(sec.sections, (*here, "sections"), sec.id)


def blocks(cy: CampusYear) -> Iterator[Block]:
    """The campus-year's introduction, sections and annexes, in report order."""
    yield Block("campus", cy.campus, cy, ())
    for sec, path, parent in sections(cy.sections, ("sections",)):
        yield Block("section", sec.id, sec, path, parent)
    for i, an in enumerate(cy.annexes):
        yield Block("annex", an.id, an, ("annexes", i))
