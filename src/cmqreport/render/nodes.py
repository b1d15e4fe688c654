"""What the outline is made of: headings (nodes), labels, the pieces of a body, assets.

Pure data: :mod:`cmqreport.render.outline` builds these before any text is written, the
text modules fill in each node's ``body``, and the templates read them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmqreport import model as m

__all__ = [
    "ActionsPiece",
    "Asset",
    "Content",
    "FigurePiece",
    "FinancesPiece",
    "IncludePiece",
    "Label",
    "Node",
    "Numbering",
    "Paragraph",
    "Piece",
    "TablePiece",
    "annex_letter",
    "campus_anchor",
    "section_anchor",
    "slug",
]


@dataclass(frozen=True)
class Label:
    """What a cross-reference to an id prints and where it links.

    ``number`` is the number the outline computed (``3.2``, ``C``), or the title of a
    section the data leaves unnumbered (``numbered`` false).
    """

    kind: str  # fig, tab, annexe, sec, chap
    number: str
    anchor: str
    numbered: bool = True


@dataclass(frozen=True)
class Asset:
    """A file the Markdown refers to: copied from the project or generated (charts)."""

    name: str  # path relative to the output directory
    source: Path | None = None  # project file to copy
    chart: m.Finances | None = None  # chart to draw
    sequence: tuple[m.SequenceStep, ...] | None = None  # sequence figure to draw
    placeholder: bool = False


# ---- the pieces of a body, in the order they are printed, numbered by the outline


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a Markdown field."""

    text: str


@dataclass(frozen=True)
class FigurePiece:
    """A figure with its number, anchor and picture file."""

    figure: m.Figure
    number: str
    anchor: str
    asset: str


@dataclass(frozen=True)
class FinancesPiece:
    """The funding chart of a campus and the table of its amounts."""

    finances: m.Finances
    number: str
    anchor: str
    asset: str


@dataclass(frozen=True)
class TablePiece:
    """A table of the data with its number and anchor."""

    table: m.Table
    number: str
    anchor: str


@dataclass(frozen=True)
class ActionsPiece:
    """A list of actions."""

    actions: tuple[m.Action, ...]


@dataclass(frozen=True)
class IncludePiece:
    """The table an annex includes: the action plan or the indicators of its campus."""

    annex: m.Annex
    campus: m.CampusYear
    number: str
    anchor: str


Piece = Paragraph | FigurePiece | FinancesPiece | TablePiece | ActionsPiece | IncludePiece


@dataclass(frozen=True)
class Content:
    """A body planned by the outline: its pieces and the footnotes its text may cite."""

    pieces: tuple[Piece, ...]
    notes: Mapping[str, str]


@dataclass
class Node:
    """A heading of the report and what it holds (for the templates).

    ``content`` is the body as the outline planned it (data sections, campuses, annexes);
    ``body`` is its Markdown, written after the outline is complete.
    """

    kind: str  # chapter, section, campus, annex
    anchor: str
    number: str
    title: str
    level: int
    body: Any = ""
    children: list[Node] = field(default_factory=list)
    data: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    content: Content | None = None

    @property
    def heading(self) -> str:
        """The heading text with its number (the Markdown's headings carry no number)."""
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def walk(self) -> list[Node]:
        """This node and every node below it, in report order."""
        out = [self]
        for child in self.children:
            out += child.walk()
        return out


class Numbering:
    """Counters of figures and tables for one chapter or annex."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.figures = 0
        self.tables = 0

    def figure(self) -> str:
        """The next figure's number (``3.2``)."""
        self.figures += 1
        return f"{self.prefix}.{self.figures}"

    def table(self) -> str:
        """The next table's number (``A.1``)."""
        self.tables += 1
        return f"{self.prefix}.{self.tables}"


def annex_letter(index: int) -> str:
    """A, B, … Z, AA, AB…"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def section_anchor(section_id: str) -> str:
    """Anchor of a data section."""
    return f"sec-{section_id}"


def campus_anchor(code: str) -> str:
    """Anchor of a campus's section in the activities chapter."""
    return f"sec-campus-{code.lower()}"


def slug(text: str) -> str:
    """``Égalité des chances`` → ``egalite-des-chances``: an anchor made of any text."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-") or "x"


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
