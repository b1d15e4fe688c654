"""Glossary, acronyms and references of the project."""

from typing import Literal

from pydantic import Field

from cmqreport.model.base import Date, Id, Markdown, Model, Year, new_list


class GlossaryTerm(Model):
    """A glossary entry."""

    term: str
    definition: Markdown
    acronym: str | None = None


class GlossaryFile(Model):
    """``glossary.yaml``."""

    terms: list[GlossaryTerm] = Field(default_factory=new_list)


class Acronym(Model):
    """An acronym with its expansion."""

    expansion: str
    plural: str | None = None
    glossary: str | None = None


class AcronymsFile(Model):
    """``acronyms.yaml``: sigle → développement."""

    acronyms: dict[str, str | Acronym]


class Reference(Model):
    """A bibliographic reference cited as ``[@id]``."""

    id: Id
    type: Literal["report", "legislation", "webpage", "book", "article", "document"] = "report"
    title: str
    author: list[str] = Field(default_factory=new_list)
    publisher: str | None = None
    year: Year | None = None
    issued: Date | None = None
    url: str | None = None
    note: str | None = None


class ReferencesFile(Model):
    """``references.yaml``."""

    references: list[Reference] = Field(default_factory=new_list)
