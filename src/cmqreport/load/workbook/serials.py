"""Which cells hold dates, and the date an Excel serial number stands for.

A workbook stores a date as a number of days, told from a plain number by its cell's
number format only. These are the rules openpyxl applies when it opens a workbook (its
``is_date_format``, ``is_timedelta_format``, ``from_excel`` and table of built-in
formats), kept here so that the fast reader of :mod:`cmqreport.load.workbook.xml_cells`
gives the very values openpyxl gives without importing it; tests compare the two.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "BUILTIN_DATES",
    "BUILTIN_DURATIONS",
    "MAC_EPOCH",
    "WINDOWS_EPOCH",
    "from_serial",
    "is_date_format",
    "is_duration_format",
]

WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)

#: The built-in number formats (ids below 164) that are dates, and durations (« [h]:mm:ss »).
#: Other built-in ids, the locale ones (27-36, 50-58) included, are plain numbers.
BUILTIN_DATES = frozenset((14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47))
BUILTIN_DURATIONS = frozenset((46,))

#: Quoted text and bracketed locales or colours, but not the « [h] » of a duration.
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_SECONDS_PER_DAY = 86400


def is_date_format(code: str | None) -> bool:
    """True when a number format shows its number as a date or a time."""
    if code is None:
        return False
    first = _STRIP.sub("", code.split(";")[0])  # the format of positive numbers
    return _DATE_LETTER.search(first) is not None


def is_duration_format(code: str | None) -> bool:
    """True when a number format shows its number as a duration (« [h]:mm »)."""
    if code is None:
        return False
    return _DURATION.search(code.split(";")[0]) is not None


def from_serial(
    value: float, epoch: dt.datetime, *, duration: bool
) -> dt.datetime | dt.time | dt.timedelta:
    """The date (a time below one day, a duration) of a serial number of days.

    Raises OverflowError or ValueError for a number beyond the dates Python knows.
    """
    if duration:
        span = dt.timedelta(days=value)
        if span.microseconds:  # to the millisecond, like Excel
            span = dt.timedelta(
                seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3)
            )
        return span
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * _SECONDS_PER_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # Excel's 29 February 1900, which never was
    return epoch + dt.timedelta(days=day) + diff
