"""The data model of a cmqreport project.

Every data file of a project is validated against one of the root models below
(``FILE_MODELS``). Models forbid unknown keys so that a mistyped key is reported
instead of silently ignored. Free text comes in two kinds:

* ``Markdown`` fields (bodies, descriptions, comments) are pandoc Markdown written by
  people: emphasis, lists, links, footnotes ``[^id]``, citations ``[@ref]`` and
  cross-references ``[[fig:id]]`` are honoured; raw HTML or LaTeX is shown as text.
* plain ``str`` fields (titles, names, table cells) are always shown literally.

The model never imports Jinja or pandoc: it only says what the data is.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool

__all__ = [
    "FILE_MODELS",
    "Acronym",
    "AcronymsFile",
    "Action",
    "ActionPlanObjective",
    "Annex",
    "CampusFile",
    "CampusYear",
    "Category",
    "Chapter",
    "Figure",
    "Finances",
    "FollowUp",
    "GlossaryFile",
    "GlossaryTerm",
    "GovernanceRole",
    "Indicator",
    "LabelEvent",
    "LabelEventKind",
    "Metric",
    "NetworkYear",
    "Perspective",
    "PerspectivesFile",
    "Portage",
    "ProjectConfig",
    "Reference",
    "ReferencesFile",
    "Role",
    "Section",
    "Status",
    "Table",
]


def _date_input(value: object) -> object:
    # YAML data gives dates as text (AAAA-MM-JJ); a number would be read by pydantic as a
    # Unix timestamp, which nobody writing a report means.
    if isinstance(value, bool | int | float):
        raise ValueError("une date s'écrit AAAA-MM-JJ, pas un nombre")
    return value


def _number_input(value: object) -> object:
    # true/false must not become 1.0/0.0
    if isinstance(value, bool):
        raise ValueError("un nombre est attendu, pas un booléen")
    return value


Date = Annotated[dt.date, BeforeValidator(_date_input)]
Number = Annotated[float, BeforeValidator(_number_input)]
Markdown = Annotated[str, Field(description="Texte en Markdown (pandoc).")]
Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=80,
        description="Identifiant stable : minuscules, chiffres et tirets "
        "(ex. « voie-des-talents »).",
    ),
]
CampusCode = Annotated[
    str,
    Field(
        pattern=r"^[A-Z][A-Z0-9]{1,9}$",
        description="Code du campus en majuscules (ex. AGT, MSI).",
    ),
]
Year = Annotated[int, Field(ge=1990, le=2100, description="Année civile (AAAA).")]


class Model(BaseModel):
    """Base of every model: unknown keys are errors, values are never coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# --------------------------------------------------------------------------- shared blocks


class Figure(Model):
    """A picture or chart with a numbered caption (« Figure 3.1 »)."""

    id: Id
    caption: str = Field(description="Légende de la figure.")
    file: str | None = Field(
        default=None,
        description="Image relative au projet (PNG, JPG, SVG ou PDF). "
        "Absente : cadre vide légendé.",
    )
    width: Annotated[int, Field(ge=10, le=100)] = Field(
        default=80, description="Largeur en pourcentage de la page."
    )
    alt: str | None = Field(default=None, description="Texte alternatif.")
    source: str | None = Field(default=None, description="Source ou crédit.")


class Table(Model):
    """A numbered table (« Tableau 3.1 ») of plain text cells."""

    id: Id
    caption: str
    columns: list[str] = Field(min_length=1)
    rows: list[list[str | int | float | None]] = Field(default_factory=list)
    widths: list[Annotated[int, Field(ge=1, le=100)]] | None = Field(
        default=None, description="Largeurs relatives des colonnes (en %)."
    )
    note: Markdown | None = None


class Metric(Model):
    """A figure attached to an action (participants, visitors, hours...)."""

    label: str = Field(description="Ce qui est compté (ex. « visiteurs »).")
    value: Number
    unit: str | None = Field(default=None, description="Unité : « % », « € », « h »...")


class Section(Model):
    """A numbered section of narrative text, possibly with subsections.

    A paragraph made only of ``[[fig:id]]``, ``[[tab:id]]`` or ``[[actions]]`` places that
    figure, table or the section's actions there; what is not placed comes after the body.
    """

    id: Id
    title: str
    body: Markdown = ""
    figures: list[Figure] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list, description="Sous-sections.")
    unnumbered: StrictBool = False


# --------------------------------------------------------------------------- cmqreport.yaml


class AcronymScope(StrEnum):
    """Where the first use of an acronym is spelled out again."""

    document = "document"
    chapter = "chapter"
    section = "section"


class ProjectConfig(Model):
    """``cmqreport.yaml``: who the network is and how its reports look."""

    network: str = Field(description="Nom du réseau (ex. « CMQ de Bourgogne Franche-Comté »).")
    region: str = Field(description="Région (ex. « Bourgogne Franche-Comté »).")
    region_acronym: str | None = Field(default=None, description="Sigle de la région (« BFC »).")
    locale: str = Field(default="fr_FR", description="Locale Babel des dates et nombres.")
    authors: list[str] = Field(default_factory=list)
    organisation: str | None = Field(default=None, description="Organisme éditeur du rapport.")
    acronym_scope: AcronymScope = Field(
        default=AcronymScope.chapter,
        description="Un sigle est développé à sa première occurrence dans ce périmètre.",
    )
    acronym_ignore: list[str] = Field(
        default_factory=list,
        description="Mots en capitales qui ne sont pas des sigles (noms propres, marques), "
        "ou noms entiers qui contiennent un sigle (« ATS Ingénierie »).",
    )
    campus_order: list[CampusCode] = Field(
        default_factory=list, description="Ordre de présentation des campus."
    )


# --------------------------------------------------------------------------- campuses/XXX.yaml


class Category(StrEnum):
    """Label category of a campus."""

    standard = "standard"
    excellence = "excellence"


class LabelEventKind(StrEnum):
    """What happened to a campus's label."""

    application = "application"  # dossier de demande déposé (création ou renouvellement)
    creation = "creation"  # premier label publié au JO
    renewal = "renewal"  # renouvellement publié au JO
    excellence = "excellence"  # passage en catégorie Excellence
    withdrawal = "withdrawal"  # fin ou retrait du label


class LabelEvent(Model):
    """One step of a campus's label history."""

    kind: LabelEventKind
    date: Date = Field(description="Date de l'événement (dépôt, décision).")
    jo_date: Date | None = Field(default=None, description="Date de publication au JO.")
    category: Category | None = None
    duration_years: Annotated[int, Field(ge=1, le=10)] | None = None
    requested_category: Category | None = Field(
        default=None, description="Catégorie demandée, si elle diffère de celle obtenue."
    )
    note: Markdown | None = None


class Portage(Model):
    """A period during which an establishment hosts (porte) the campus."""

    establishment: str
    acronym: str | None = None
    city: str | None = None
    start: Date | None = Field(default=None, description="Début du portage.")
    end: Date | None = Field(default=None, description="Fin du portage.")
    note: Markdown | None = Field(default=None, description="Pourquoi ce portage.")


class Role(StrEnum):
    """Roles of a campus's governance."""

    DC = "DC"  # Directeur du Campus
    DO = "DO"  # Directeur Opérationnel
    president = "president"  # Président du conseil de perfectionnement
    international = "international"  # chargé(e) des relations internationales


class GovernanceRole(Model):
    """A person holding a role of the campus, over a period."""

    role: Role
    civility: Literal["Mme", "M."] | None = None
    first_name: str | None = None
    last_name: str
    title: str | None = Field(default=None, description="Fonction ou qualité de la personne.")
    organisation: str | None = None
    start: Date | None = None
    end: Date | None = None
    interim: StrictBool = False
    note: Markdown | None = Field(
        default=None, description="Précision sur le poste (financement...)."
    )


class CampusFile(Model):
    """``campuses/XXX.yaml``: what a campus is, with its label and governance history."""

    code: CampusCode
    name: str = Field(
        description="Nom complet sans « CMQ » (ex. « Alimentation, Goût, Tourisme »)."
    )
    sector: str | None = None
    website: str | None = None
    description: Markdown | None = Field(
        default=None, description="Présentation du campus (reprise lors de sa création)."
    )
    labels: list[LabelEvent] = Field(default_factory=list)
    portage: list[Portage] = Field(default_factory=list)
    governance: list[GovernanceRole] = Field(default_factory=list)


# --------------------------------------------------------------------------- years/YYYY/XXX.yaml


class Status(StrEnum):
    """Follow-up status of an action or a perspective."""

    done = "réalisé"
    ongoing = "en cours"
    partial = "partiellement réalisé"
    not_done = "non réalisé"
    abandoned = "abandonné"
    postponed = "reporté"


class Axis(Model):
    """A strategic axis of the campus."""

    id: Id
    title: str
    description: Markdown | None = None


class Action(Model):
    """Something the campus did during the year."""

    id: Id
    title: str
    text: Markdown = ""
    axis: Id | None = Field(default=None, description="Identifiant de l'axe stratégique.")
    section: Id | None = Field(default=None, description="Section du rapport qui la présente.")
    start: Date | None = None
    end: Date | None = None
    partners: list[str] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    status: Status | None = None
    answers: list[Id] = Field(
        default_factory=list,
        description="Identifiants des perspectives de l'année précédente auxquelles elle répond.",
    )


class Indicator(Model):
    """A self-evaluation indicator (annex C)."""

    axis: str = Field(description="Axe du référentiel d'autoévaluation.")
    indicator: str
    value: str | float | int | None = None
    comment: Markdown | None = None


class OperationalObjective(Model):
    """An operational objective of the action plan with what was achieved."""

    id: str = Field(description="Numéro (ex. « 1.1 »).")
    title: str
    achievements: list[Markdown] = Field(default_factory=list)


class ActionPlanObjective(Model):
    """A strategic objective of the action plan (annex A)."""

    id: str = Field(description="Numéro (ex. « 1 »).")
    title: str
    objectives: list[OperationalObjective] = Field(default_factory=list)


class FundingLine(Model):
    """Funding from one source, by year."""

    source: str
    amounts: dict[Year, Number] = Field(description="Montant par année, en euros.")


class Finances(Model):
    """The campus's funding by source and year, shown as a chart and a table."""

    id: Id = "moyens-financiers"
    caption: str = "Moyens financiers du CMQ"
    currency: str = "EUR"
    lines: list[FundingLine] = Field(min_length=1)
    note: Markdown | None = None


class Annex(Model):
    """An annex of the report; letters (A, B...) follow their order in the report."""

    id: Id
    title: str
    body: Markdown = ""
    include: Literal["action_plan", "indicators"] | None = Field(
        default=None, description="Données du campus rendues dans l'annexe."
    )
    figures: list[Figure] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    table_id: Id | None = Field(
        default=None, description="Identifiant du tableau produit par « include »."
    )
    table_caption: str | None = None


class CampusYear(Model):
    """``years/YYYY/XXX.yaml``: what one campus did in one year."""

    campus: CampusCode
    year: Year
    title: str | None = Field(default=None, description="Titre de la section du campus.")
    intro: Markdown = ""
    figures: list[Figure] = Field(
        default_factory=list, description="Figures de l'introduction (avant les sous-sections)."
    )
    tables: list[Table] = Field(
        default_factory=list, description="Tableaux de l'introduction (avant les sous-sections)."
    )
    axes: list[Axis] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    action_plan: list[ActionPlanObjective] = Field(default_factory=list)
    finances: Finances | None = None
    finances_section: Id | None = Field(
        default=None, description="Section où placer la figure des moyens financiers."
    )
    annexes: list[Annex] = Field(default_factory=list)
    footnotes: dict[Id, Markdown] = Field(
        default_factory=dict, description="Notes de bas de page, appelées par [^id]."
    )


# ----------------------------------------------------------------- years/YYYY/network.yaml


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
    sections: list[Section] = Field(default_factory=list)
    notes: dict[str, Markdown] = Field(
        default_factory=dict,
        description="Textes rattachés aux parties calculées (ex. « governance », « review »).",
    )


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
    date: Date | None = Field(default=None, description="Date de publication.")
    authors: list[str] | None = None
    summary: Markdown = Field(description="Résumé.")
    presentation: Markdown = ""
    chapters: list[Chapter] = Field(default_factory=list)
    followup: list[FollowUp] = Field(
        default_factory=list, description="Suivi des perspectives de l'année précédente."
    )
    footnotes: dict[Id, Markdown] = Field(default_factory=dict)


# --------------------------------------------------------------------------- perspectives


class Perspective(Model):
    """Something a report plans for the next year."""

    id: Id
    theme: str
    title: str
    campuses: list[CampusCode] = Field(default_factory=list)
    text: Markdown = ""


class PerspectivesFile(Model):
    """``years/YYYY/perspectives.yaml``: what the report of YYYY plans for YYYY+1."""

    planned_in: Year
    for_year: Year
    intro: Markdown = ""
    themes_intro: dict[str, Markdown] = Field(default_factory=dict)
    items: list[Perspective] = Field(default_factory=list)


# ----------------------------------------------------------- glossary, acronyms, references


class GlossaryTerm(Model):
    """A glossary entry."""

    term: str
    definition: Markdown
    acronym: str | None = None


class GlossaryFile(Model):
    """``glossary.yaml``."""

    terms: list[GlossaryTerm] = Field(default_factory=list)


class Acronym(Model):
    """An acronym with its expansion."""

    expansion: str
    plural: str | None = None
    glossary: str | None = Field(default=None, description="Terme du glossaire associé.")


class AcronymsFile(Model):
    """``acronyms.yaml``: sigle → développement."""

    acronyms: dict[str, str | Acronym]


class Reference(Model):
    """A bibliographic reference cited as ``[@id]``."""

    id: Id
    type: Literal["report", "legislation", "webpage", "book", "article", "document"] = "report"
    title: str
    author: list[str] = Field(default_factory=list)
    publisher: str | None = None
    year: Year | None = None
    issued: Date | None = None
    url: str | None = None
    note: str | None = None


class ReferencesFile(Model):
    """``references.yaml``."""

    references: list[Reference] = Field(default_factory=list)


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
