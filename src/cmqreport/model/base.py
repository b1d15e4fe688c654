"""The base of every model: value types and the strict base class.

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
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


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
