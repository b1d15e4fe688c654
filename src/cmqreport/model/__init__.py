"""The data model of a cmqreport project.

Every data file of a project is validated against one of the root models below
(``FILE_MODELS``). Models forbid unknown keys so that a mistyped key is reported
instead of silently ignored. Free text comes in two kinds:

* ``Markdown`` fields (bodies, descriptions, comments) are pandoc Markdown written by
  people: emphasis, lists, links, footnotes ``[^id]``, citations ``[@ref]`` and
  cross-references ``[[fig:id]]`` are honoured; raw HTML or LaTeX is shown as text.
* plain ``str`` fields (titles, names, table cells) are always shown literally.

The model never imports Jinja or pandoc: it only says what the data is.
What each key means, in French, is said once, for editors and people alike, by the
table of ``model/schema_texts`` that ``cmqreport schema`` applies.
"""

from __future__ import annotations

from cmqreport.model.base import CampusCode, Date, Id, Markdown, Model, Number, Year
from cmqreport.model.blocks import Figure, Metric, Section, SequenceStep, Table
from cmqreport.model.campus import (
    CampusFile,
    Category,
    GovernanceRole,
    LabelEvent,
    LabelEventKind,
    Portage,
    PortageNote,
    Role,
)
from cmqreport.model.campus_year import (
    Action,
    ActionPlanObjective,
    Annex,
    Axis,
    CampusYear,
    Finances,
    FundingLine,
    Indicator,
    OperationalObjective,
    Status,
)
from cmqreport.model.config import AcronymScope, ProjectConfig
from cmqreport.model.lists import (
    Acronym,
    AcronymsFile,
    GlossaryFile,
    GlossaryTerm,
    Reference,
    ReferencesFile,
)
from cmqreport.model.network import (
    Chapter,
    ChapterKind,
    FollowUp,
    NetworkYear,
    Perspective,
    PerspectivesFile,
)
from cmqreport.model.when import Precision, When, WhenField, parse_when

__all__ = [
    "FILE_MODELS",
    "Acronym",
    "AcronymScope",
    "AcronymsFile",
    "Action",
    "ActionPlanObjective",
    "Annex",
    "Axis",
    "CampusCode",
    "CampusFile",
    "CampusYear",
    "Category",
    "Chapter",
    "ChapterKind",
    "Date",
    "Figure",
    "Finances",
    "FollowUp",
    "FundingLine",
    "GlossaryFile",
    "GlossaryTerm",
    "GovernanceRole",
    "Id",
    "Indicator",
    "LabelEvent",
    "LabelEventKind",
    "Markdown",
    "Metric",
    "Model",
    "NetworkYear",
    "Number",
    "OperationalObjective",
    "Perspective",
    "PerspectivesFile",
    "Portage",
    "PortageNote",
    "Precision",
    "ProjectConfig",
    "Reference",
    "ReferencesFile",
    "Role",
    "Section",
    "SequenceStep",
    "Status",
    "Table",
    "When",
    "WhenField",
    "Year",
    "parse_when",
]

FILE_MODELS: dict[str, type[Model]] = {
    "project": ProjectConfig,
    "campus": CampusFile,
    "campus_year": CampusYear,
    "network_year": NetworkYear,
    "perspectives": PerspectivesFile,
    "glossary": GlossaryFile,
    "acronyms": AcronymsFile,
    "references": ReferencesFile,
}
