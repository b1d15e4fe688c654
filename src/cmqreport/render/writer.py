"""What the text modules know while they write the bodies of the outline's nodes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cmqreport import model as m
from cmqreport.load.project import Project, YearData
from cmqreport.render.analysis import Analysis
from cmqreport.render.french import Formatter
from cmqreport.render.jinja_env import Wording
from cmqreport.render.sources import Sources
from cmqreport.render.text import TextMaker

__all__ = ["Writer"]


@dataclass
class Writer:
    """The project, the year, the analysis, the text maker and the report's wording."""

    project: Project
    year: int
    data: YearData
    network: m.NetworkYear
    analysis: Analysis
    text: TextMaker
    env: Any
    _wording: dict[str, Wording] = field(default_factory=dict)
    #: The source markers handed out (the DOCX's map back to the data).
    sources: Sources = field(default_factory=Sources)

    @property
    def fmt(self) -> Formatter:
        """The locale's formatter."""
        return self.text.fmt

    @property
    def notes(self) -> dict[str, str]:
        """The network's footnotes."""
        return self.network.footnotes

    def words(self, part: str) -> Wording:
        """The macros of ``text_{part}.md.j2`` (the project's first)."""
        if part not in self._wording:
            self._wording[part] = Wording(self.env, f"text_{part}.md.j2")
        return self._wording[part]
