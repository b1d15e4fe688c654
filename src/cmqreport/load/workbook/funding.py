"""The « Financement » sheet: one row per source of money, one column per year."""

from __future__ import annotations

import re
from typing import Any

from cmqreport.load.workbook.context import Context
from cmqreport.load.workbook.records import fill, put, read_records
from cmqreport.load.workbook.sheets import FUNDING, Col
from cmqreport.load.yamlsrc import PathKey

__all__ = ["read_funding"]

#: Keys of the funding figure, in the order of a YAML campus-year.
_ORDER = ("id", "caption", "currency", "lines", "note")


def read_funding(ctx: Context, settings: dict[str, Any] | None) -> dict[str, Any] | None:
    """The funding figure: ``settings`` (from the « Campus » sheet) and the sheet's lines."""
    years: dict[str, int] = {}

    def year_column(text: str) -> Col | None:
        if re.fullmatch(r"\d{4}", text) and 1990 <= int(text) <= 2100:
            years[f"y{text}"] = int(text)
            return Col(f"y{text}", text, "number", 14)
        return None

    records, _ = read_records(ctx, FUNDING, extra=year_column)
    lines: list[dict[str, Any]] = []
    for record in records:
        path: PathKey = ("finances", "lines", len(lines))
        line = fill(ctx, record, path, {}, ("source",))
        amounts: dict[str, Any] = {}
        for key, year in sorted(years.items(), key=lambda kv: kv[1]):
            if key in record.cells:
                put(ctx, record, key, (*path, "amounts", year), amounts, str(year))
        # a line always has its amounts (the model requires them), even none
        line["amounts"] = {int(k): v for k, v in amounts.items()}
        lines.append(line)
    if not lines and not settings:
        return None
    finances = dict(settings or {})
    if lines:
        finances["lines"] = lines
    return {k: finances[k] for k in _ORDER if k in finances}
