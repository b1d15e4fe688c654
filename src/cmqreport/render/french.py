"""Locale-aware formatting of dates, numbers and amounts, through Babel."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["Formatter"]

_SPACE_BEFORE = re.compile(r"(?<=\S) ([:;!?»])")
_SPACE_AFTER = re.compile(r"(«) (?=\S)")
# "19 200 emplois": thousands groups keep together (narrow no-break space, as Babel writes)
_DIGIT_GROUP = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


class Formatter:
    """Formats values for one locale (``fr_FR`` by default)."""

    def __init__(self, locale: str = "fr_FR") -> None:
        from babel import Locale

        self.locale = Locale.parse(locale)
        self.french = self.locale.language == "fr"

    def date(self, value: dt.date | None, fmt: str = "long") -> str:
        """``4 février 2021`` (``1er`` for the first day of a month in French)."""
        if value is None:
            return ""
        from babel.dates import format_date

        text = format_date(value, format=fmt, locale=self.locale)
        if self.french and fmt == "long" and value.day == 1:
            text = re.sub(r"^1 ", "1er ", text)
        return text

    def number(self, value: float | int, decimals: int | None = None) -> str:
        """``15 000`` or ``12,25`` with the locale's separators."""
        from babel.numbers import format_decimal

        if decimals is not None:
            pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
            return format_decimal(value, format=pattern, locale=self.locale)
        return format_decimal(value, locale=self.locale)

    def money(self, value: float | int, currency: str = "EUR") -> str:
        """``15 000,00 €``."""
        from babel.numbers import format_currency

        return format_currency(value, currency, locale=self.locale)

    def percent(self, value: float) -> str:
        """``43 %`` from 0.43."""
        from babel.numbers import format_percent

        return format_percent(value, locale=self.locale)

    def typography(self, text: str) -> str:
        """Non-breaking spaces where French typography wants them (before : ; ! ? »)."""
        if not self.french:
            return text
        text = _SPACE_BEFORE.sub(
            lambda m: ("\u00a0" if m.group(1) in ":»" else "\u202f") + m.group(1), text
        )
        text = _DIGIT_GROUP.sub("\u202f", text)
        return _SPACE_AFTER.sub("«\u00a0", text)
