"""A campus's year (years/YYYY/CODE.yaml or .xlsx): actions, indicators, annexes."""

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from cmqreport.model.base import (
    CampusCode,
    Date,
    Id,
    Markdown,
    Model,
    Number,
    Year,
    new_dict,
    new_list,
)
from cmqreport.model.blocks import Figure, Metric, Section, Table


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
    axis: Id | None = None
    section: Id | None = None
    start: Date | None = None
    end: Date | None = None
    partners: list[str] = Field(default_factory=new_list)
    metrics: list[Metric] = Field(default_factory=new_list)
    status: Status | None = None
    answers: list[Id] = Field(default_factory=new_list)


class Indicator(Model):
    """A self-evaluation indicator (annex C)."""

    axis: str
    indicator: str
    value: str | float | int | None = None
    comment: Markdown | None = None


class OperationalObjective(Model):
    """An operational objective of the action plan with what was achieved."""

    id: str
    title: str
    achievements: list[Markdown] = Field(default_factory=new_list)


class ActionPlanObjective(Model):
    """A strategic objective of the action plan (annex A)."""

    id: str
    title: str
    objectives: list[OperationalObjective] = Field(default_factory=new_list)


def _known_currency(value: str) -> str:
    # the currency is printed into every amount cell: only a code that Babel formats
    from babel.numbers import list_currencies

    if (
        len(value) != 3
        or not value.isascii()
        or not value.isupper()
        or value not in list_currencies()
    ):
        raise PydanticCustomError("currency", "code de devise ISO 4217 attendu (EUR, CHF, USD…)")
    return value


Currency = Annotated[
    str,
    Field(
        description="Code ISO 4217 de la devise (EUR, CHF…).",
        json_schema_extra={"pattern": "^[A-Z]{3}$"},
    ),
    AfterValidator(_known_currency),
]


class FundingLine(Model):
    """Funding from one source, by year."""

    source: str
    amounts: dict[Year, Number]


class Finances(Model):
    """The campus's funding by source and year, shown as a chart and a table."""

    id: Id = "moyens-financiers"
    caption: str = "Moyens financiers du CMQ"
    currency: Currency = "EUR"
    lines: list[FundingLine] = Field(min_length=1)
    note: Markdown | None = None


class Annex(Model):
    """An annex of the report; letters (A, B...) follow their order in the report."""

    id: Id
    title: str
    body: Markdown = ""
    include: Literal["action_plan", "indicators"] | None = None
    figures: list[Figure] = Field(default_factory=new_list)
    tables: list[Table] = Field(default_factory=new_list)
    table_id: Id | None = None
    table_caption: str | None = None


class CampusYear(Model):
    """``years/YYYY/XXX.yaml``: what one campus did in one year."""

    campus: CampusCode
    year: Year
    title: str | None = None
    intro: Markdown = ""
    figures: list[Figure] = Field(default_factory=new_list)
    tables: list[Table] = Field(default_factory=new_list)
    axes: list[Axis] = Field(default_factory=new_list)
    sections: list[Section] = Field(default_factory=new_list)
    actions: list[Action] = Field(default_factory=new_list)
    indicators: list[Indicator] = Field(default_factory=new_list)
    action_plan: list[ActionPlanObjective] = Field(default_factory=new_list)
    finances: Finances | None = None
    finances_section: Id | None = None
    annexes: list[Annex] = Field(default_factory=new_list)
    footnotes: dict[Id, Markdown] = Field(default_factory=new_dict)


# ----------------------------------------------------------------- years/YYYY/network.yaml
