"""The numbered outline of a year's report: chapters, sections, figures, tables, annexes.

Built twice by the renderer: once to learn every number (so that a reference may point
forward), then again with the numbers known. Nodes hold raw data; text is made Markdown by
the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Label", "Node"]


@dataclass(frozen=True)
class Label:
    """What a cross-reference to an id prints and where it links."""

    kind: str  # fig, tab, annexe, sec, chap
    number: str
    anchor: str


@dataclass
class Node:
    """A heading of the report and what it holds (for the templates)."""

    kind: str  # chapter, section, campus, annex
    anchor: str
    number: str
    title: str
    level: int
    body: Any = ""
    children: list[Node] = field(default_factory=list)
    data: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        """The heading text with its number."""
        return f"{self.number} {self.title}".strip() if self.number else self.title


class Numbering:
    """Counters for one chapter or annex: sections, figures and tables."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.figures = 0
        self.tables = 0

    def figure(self) -> str:
        self.figures += 1
        return f"{self.prefix}.{self.figures}"

    def table(self) -> str:
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
    """Anchor of a campus's section in chapter 3."""
    return f"sec-campus-{code.lower()}"
