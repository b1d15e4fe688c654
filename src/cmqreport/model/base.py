"""The base of every model: value types and the strict base class.

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

# The models' annotations are real objects, not strings (no ``from __future__ import
# annotations`` in the modules of models): pydantic reads them when it builds the models, at
# every start, and strings would be evaluated one by one.
import datetime as dt
import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

#: The largest number a report shows (a thousand thousand billion): totals stay exact and
#: finite, and a mistyped exponent (1e308) is an error, not « ∞ € ».
MAX_NUMBER = 1e15


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


def bounded(value: Any) -> Any:
    """``value`` when it is a finite number of at most :data:`MAX_NUMBER` (or no number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        # shown as YAML writes it (.inf, .nan), the way the user typed it
        shown = ".nan" if math.isnan(value) else f"{value:g}".replace("inf", ".inf")
        raise PydanticCustomError(
            "number_not_finite",
            f"« {shown} » n'est pas un nombre utilisable (il doit être fini et d'au plus "
            "15 chiffres) : écrivez-le en chiffres, par exemple 15000.00",
        )
    return value


#: The types of field values that hold no number (a text, a flag, nothing).
_NOT_NUMBERS = frozenset({str, bool, type(None)})


def _bounded_values(value: Any) -> Any:
    # the numbers inside lists (table rows): each checked, the error at the list's key
    if isinstance(value, list | tuple):
        for item in value:
            kind = type(item)
            if kind in _NOT_NUMBERS:
                continue
            if (kind is float or kind is int) and -MAX_NUMBER <= item <= MAX_NUMBER:
                continue  # a usable number (NaN compares false: checked below)
            _bounded_values(item)
        return value
    return bounded(value)


# Characters of a file name that every output carries as they are: pandoc's Markdown (the
# name is an image's destination), DOCX and a .tex compiled by hand (\includegraphics).
_FILE_NAME_CHARS = re.compile(r"[\w .,()'+=@!;/-]")


def _file_name(value: str) -> str:
    bad = sorted({c for c in value if not _FILE_NAME_CHARS.fullmatch(c)})
    if bad:
        shown = ", ".join(f"« {repr(c)[1:-1]} »" for c in bad)
        raise PydanticCustomError(
            "file_name",
            f"le nom de fichier contient {shown} ; renommez le fichier avec des lettres, "
            "chiffres, espaces, tirets et points (ex. assets/salon-2021.png)",
        )
    return value


def new_list() -> list[Any]:
    """A new empty list: the default of a list field.

    A function of ours rather than ``list``: pydantic reads the signature of every default
    factory, and a built-in's is parsed from its text (4 ms at every start for the fields
    of the models).
    """
    return []


def new_dict() -> dict[Any, Any]:
    """A new empty mapping: the default of a mapping field (see :func:`new_list`)."""
    return {}


Date = Annotated[dt.date, BeforeValidator(_date_input)]
#: A file of the project named by the data (``assets/salon.png``).
FileName = Annotated[str, AfterValidator(_file_name)]
Number = Annotated[float, BeforeValidator(_number_input), AfterValidator(bounded)]
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

    @field_validator("*", mode="after")
    @classmethod
    def _finite_numbers(cls, value: Any) -> Any:
        """Every number of the data is finite and bounded, not only ``Number`` fields."""
        kind = type(value)
        if kind in _NOT_NUMBERS:
            return value  # most fields: told by one look-up, for every field of every record
        if (kind is float or kind is int) and -MAX_NUMBER <= value <= MAX_NUMBER:
            return value
        return _bounded_values(value)
