"""Locale-aware formatting of dates, numbers and amounts (through Babel), and the French
typography pass on the text of the report.

:func:`typography` is the one pass every text from the data goes through before pandoc
(Markdown fields, plain fields, headings, captions, table cells), so that the DOCX, the
LaTeX and the Typst output get the same characters: « » with no-break spaces, the narrow
no-break space before ; ! ? and the no-break space before :, numbers and their units kept
together, ordinals as superscripts. URLs, e-mail addresses, link targets, attributes, code
and citations are left as written.

:func:`plain_typography` is its form for plain fields (titles, names, captions, cells,
expansions), which are shown exactly as typed: it only turns a space the author typed into
the no-break space French wants there (before « : ; ! ? », inside « », in « 19 200 »,
« 12 % »); it adds no character, and never changes quotes, dashes or ordinals.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cmqreport.model.when import When

__all__ = ["NBSP", "NNBSP", "Formatter", "plain_typography", "typography"]

NBSP = "\u00a0"  # espace insécable: before « : », inside « », before units
NNBSP = "\u202f"  # espace fine insécable: before ; ! ?, between groups of digits

# What the pass never touches: it is not prose, or a character in it matters as written.
_PROTECT = re.compile(
    r"`[^`]*`"  # code
    r"|<(?:https?://|mailto:)[^>]+>"  # autolinks
    r"|(?:https?://|www\.)[^\s)\]>|]+"  # bare URLs
    # e-mail addresses (« \@ » when escaped), tried only where a word starts: a long word
    # without « @ » is read once, not once per letter (linear time)
    r"|(?<![\w.+-])[\w.+-]++\\?@[\w-]+\.[\w.-]+"
    r"|\]\([^)]*\)"  # link and image targets
    r"|\{[^{}\n]*\}"  # attributes
    r"|\[[^\[\]]*@[^\[\]]*\]"  # citations
    r"|&#?\w+;"  # HTML entities: their « ; » is no punctuation
)
_SPACES = "[ \u00a0\u202f]"
_HOLE = "\ue000"  # a private-use character stands for a protected part
#: What every protected part starts with or holds: a text without any has nothing to protect.
_PROTECT_HINTS = ("`", "<", "://", "www.", "@", "](", "{", "&")
#: A digit, as the rules about numbers read one.
_DIGIT = re.compile(r"\d")
_QUOTED = re.compile(r'"([^"\n]+)"|“([^”\n]+)”')
_OPEN = re.compile(rf"«{_SPACES}*(?=\S)")
_CLOSE = re.compile(rf"(?<=\S){_SPACES}*»")
# « ; ! ? » after a word, not after another of them (« Quoi ?! » keeps its pair together)
_HIGH = re.compile(rf"(?<=[^\s;!?]){_SPACES}*([;!?])(?=[\s!?]|$|\*|\))")
_COLON_SPACED = re.compile(rf"(?<=\S){_SPACES}+:(?=\s|$)")
_COLON_GLUED = re.compile(r"(?<=[\w»)*]):(?=\s)")
# "19 200 emplois": thousands groups keep together (narrow no-break space, as Babel writes)
_DIGIT_GROUP = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_UNIT = re.compile(r"(?<=\d) (?=(?:€|[kKM]€|Md€|ETP\b|h\b|km\b))")
_PERCENT = re.compile(r"(?<=\d) ?%")
_BAC = re.compile(r"\b(Bac|BAC|bac) ?([+−]) ?(\d)")
_NUMERO = re.compile(r"\b([nN])° ?(\d)")
_ORDINAL = re.compile(r"\b(\d{1,2})((?:er|re|ère|ème|e)s?)(?![\w^])")
_FIRST_DAY = re.compile(r"^1 ")


def typography(text: str) -> str:
    """French typography on Markdown text, protected parts (URLs, targets…) left alone."""
    return _protected(text, _prose)


def plain_typography(text: str) -> str:
    """French spaces on the escaped text of a plain field: typed spaces made no-break only."""
    return _protected(text, _spaces_only)


def _protected(text: str, rules: Callable[[str], str]) -> str:
    if _HOLE in text:  # cannot happen with text from YAML or Excel; kept safe anyway
        return text
    kept: list[str] = []

    def hole(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return _HOLE

    if not any(hint in text for hint in _PROTECT_HINTS):
        return rules(text)  # nothing to protect (most texts): the same result, sooner
    # the protected parts become one placeholder character each, so that the rules see
    # the words around them (« voir <URL> : » gets its no-break space too)
    done = rules(_PROTECT.sub(hole, text))
    parts = done.split(_HOLE)
    return "".join(p + (kept[i] if i < len(kept) else "") for i, p in enumerate(parts))


def _quote(match: re.Match[str]) -> str:
    inner = match.group(1) if match.group(1) is not None else match.group(2)
    return f"«{NBSP}{inner.strip()}{NBSP}»"


def _prose(s: str) -> str:
    # each rule runs only when the text holds the character it starts from: a rule that
    # cannot match returns the text as it is, and the report has a thousand texts
    if '"' in s or "“" in s:
        s = _QUOTED.sub(_quote, s)
    if "«" in s:
        s = _OPEN.sub("«" + NBSP, s)
    if "»" in s:
        s = _CLOSE.sub(NBSP + "»", s)
    if ";" in s or "!" in s or "?" in s:
        s = _HIGH.sub(NNBSP + r"\1", s)
    if ":" in s:
        s = _COLON_SPACED.sub(NBSP + ":", s)
        s = _COLON_GLUED.sub(NBSP + ":", s)
    if _DIGIT.search(s) is None:  # the rules below are about numbers
        return s
    s = _DIGIT_GROUP.sub(NNBSP, s)
    s = _UNIT.sub(NBSP, s)
    if "%" in s:
        s = _PERCENT.sub(NBSP + "%", s)
    s = _BAC.sub(rf"\1{NBSP}\2{NBSP}\3", s)
    if "°" in s:
        s = _NUMERO.sub(rf"\1°{NBSP}\2", s)
    # ordinals as pandoc superscripts: « 1^er^ », « 2^e^ »
    return _ORDINAL.sub(r"\1^\2^", s)


# the same rules, where the author typed a space: none is added, none is removed
_OPEN_TYPED = re.compile(rf"«{_SPACES}+(?=\S)")
_CLOSE_TYPED = re.compile(rf"(?<=\S){_SPACES}+»")
_HIGH_TYPED = re.compile(rf"(?<=[^\s;!?]){_SPACES}+([;!?])(?=[\s!?]|$|\*|\))")
_PERCENT_TYPED = re.compile(r"(?<=\d) %")


def _spaces_only(s: str) -> str:
    if " " not in s and NBSP not in s and NNBSP not in s:
        return s  # every rule is about a space the author typed
    s = _OPEN_TYPED.sub("«" + NBSP, s)
    s = _CLOSE_TYPED.sub(NBSP + "»", s)
    s = _HIGH_TYPED.sub(NNBSP + r"\1", s)
    s = _COLON_SPACED.sub(NBSP + ":", s)
    s = _DIGIT_GROUP.sub(NNBSP, s)
    s = _UNIT.sub(NBSP, s)
    return _PERCENT_TYPED.sub(NBSP + "%", s)


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
            text = _FIRST_DAY.sub("1er ", text)
        return text

    def when(self, value: When) -> str:
        """A date as precise as the data: ``4 février 2021``, ``mars 2021``, ``fin mars 2021``."""
        if value.date is not None:
            return self.date(value.date)
        if value.month is None:
            return str(value.year)
        from babel.dates import format_date

        month = format_date(value.earliest, format="LLLL y", locale=self.locale)
        if value.end_of_month:
            return ("fin " if self.french else "end of ") + month
        return month

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
        """Markdown text with French typography (:func:`typography`); other locales as is."""
        return typography(text) if self.french else text

    def plain_typography(self, text: str) -> str:
        """A plain field's escaped text with French spaces (:func:`plain_typography`)."""
        return plain_typography(text) if self.french else text
