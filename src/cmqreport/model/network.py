"""The network's year and its perspectives (years/YYYY/network.yaml, perspectives.yaml)."""

from enum import StrEnum

from pydantic import Field

from cmqreport.model.base import CampusCode, Date, Id, Markdown, Model, Year, new_dict, new_list
from cmqreport.model.blocks import Section
from cmqreport.model.campus_year import Status


class ChapterKind(StrEnum):
    """How a chapter is made."""

    structuring = "structuring"  # derived from campus histories + free sections
    campuses = "campuses"  # one section per campus
    perspectives = "perspectives"  # 4.1 comparison, 4.2 plans
    free = "free"  # free sections only


class Chapter(Model):
    """A chapter of the report."""

    id: Id
    kind: ChapterKind = ChapterKind.free
    title: str
    intro: Markdown = ""
    sections: list[Section] = Field(default_factory=new_list)
    notes: dict[str, Markdown] = Field(default_factory=new_dict)


class FollowUp(Model):
    """What became of a perspective of the previous year."""

    perspective: Id
    status: Status
    comment: Markdown = ""


class NetworkYear(Model):
    """``years/YYYY/network.yaml``: the network's own chapters for one year."""

    year: Year
    title: str
    subtitle: str | None = None
    date: Date | None = None
    authors: list[str] | None = None
    summary: Markdown
    presentation: Markdown = ""
    chapters: list[Chapter] = Field(default_factory=new_list)
    followup: list[FollowUp] = Field(default_factory=new_list)
    footnotes: dict[Id, Markdown] = Field(default_factory=new_dict)


# --------------------------------------------------------------------------- perspectives


class Perspective(Model):
    """Something a report plans for the next year."""

    id: Id
    theme: str
    title: str
    campuses: list[CampusCode] = Field(default_factory=new_list)
    text: Markdown = ""


class PerspectivesFile(Model):
    """``years/YYYY/perspectives.yaml``: what the report of YYYY plans for YYYY+1."""

    planned_in: Year
    for_year: Year
    intro: Markdown = ""
    themes_intro: dict[str, Markdown] = Field(default_factory=new_dict)
    items: list[Perspective] = Field(default_factory=new_list)


# ----------------------------------------------------------- glossary, acronyms, references
