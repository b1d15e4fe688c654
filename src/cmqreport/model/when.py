"""Dates as precise as the source: a day, a month, the end of a month, or a year.

A report often knows less than a day: « fin mars 2021 », « en 2021 ». Writing a made-up day
would print a fact the source never gave, so the campus histories take a :class:`When`,
written in YAML as ``2021-03-31`` (a day), ``2021-03`` (a month), ``fin 2021-03`` (the end
of a month) or ``2021`` (only the year is known).
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = ["Precision", "When", "WhenField", "parse_when"]


class Precision(StrEnum):
    """How much of a date the source gives."""

    day = "day"
    month = "month"
    end_of_month = "end_of_month"
    year = "year"


@dataclass(frozen=True, order=False)
class When:
    """A date known to a precision: ``earliest`` and ``latest`` bound what it may be."""

    year: int
    month: int | None = None
    day: int | None = None
    end_of_month: bool = False

    @property
    def precision(self) -> Precision:
        """Day, month, end of a month, or year."""
        if self.day is not None:
            return Precision.day
        if self.month is None:
            return Precision.year
        return Precision.end_of_month if self.end_of_month else Precision.month

    @property
    def earliest(self) -> dt.date:
        """The first day it may be."""
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        if self.month is None:
            return dt.date(self.year, 1, 1)
        return dt.date(self.year, self.month, 21 if self.end_of_month else 1)

    @property
    def latest(self) -> dt.date:
        """The last day it may be."""
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        if self.month is None:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def date(self) -> dt.date | None:
        """The day, when the source gives one."""
        return self.earliest if self.precision is Precision.day else None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{'fin ' if self.end_of_month else ''}{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


_FORMS = re.compile(r"(?P<fin>fin\s+)?(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?\Z")
_HINT = (
    "une date s'écrit AAAA-MM-JJ (un jour), AAAA-MM (un mois), « fin AAAA-MM » (fin d'un mois) "
    "ou AAAA (seule l'année est connue)"
)


def parse_when(value: object) -> When:
    """``2021-03-31``, ``2021-03``, ``fin 2021-03`` or ``2021`` (text or date) as a When.

    A bad value raises a ``date_precision`` error, which the loader reports as a bad date
    (CMQ-V004) at the value's place.
    """
    try:
        return _parse(value)
    except ValueError as exc:
        raise PydanticCustomError("date_precision", str(exc)) from None


def _parse(value: object) -> When:
    if isinstance(value, When):
        return value
    if isinstance(value, dt.date):
        return When(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(_HINT)
    found = _FORMS.match(value.strip())
    if not found:
        raise ValueError(f"« {value} » n'est pas une date : {_HINT}")
    year, month, day = int(found["y"]), found["m"], found["d"]
    if found["fin"] and (month is None or day is not None):  # « fin 2021 », « fin 2021-03-31 »
        raise ValueError(f"« {value} » : « fin » se place devant un mois (ex. « fin 2021-03 »)")
    try:
        when = When(
            int(year), int(month) if month else None, int(day) if day else None, bool(found["fin"])
        )
        when.latest  # noqa: B018 - a day or month out of range raises here
    except ValueError:
        raise ValueError(f"« {value} » n'est pas une date du calendrier : {_HINT}") from None
    return when


WhenField = Annotated[
    When,
    PlainValidator(parse_when),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": r"^(fin\s+)?\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "Date aussi précise que la source : AAAA-MM-JJ, AAAA-MM, "
            "« fin AAAA-MM » ou AAAA.",
        }
    ),
]
