"""The fast workbook reader against openpyxl: the same sheets, cells, merges and values.

:func:`same_as_openpyxl` is what ``conftest.py`` checks for every workbook any test reads,
and what ``test_xlsx_reader.py`` checks for workbooks built to hold every kind of cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cmqreport.load.workbook.book import SheetCells, cached_values, openpyxl_sheets
from cmqreport.load.workbook.context import Formula
from cmqreport.load.workbook.opening import open_workbook
from cmqreport.load.workbook.xml_cells import Unknown

#: How many workbooks each reader read during the tests (a fast read is also compared).
READS = {"fast": 0, "openpyxl": 0}


def _typed(value: Any) -> tuple[type, Any]:
    """A value with its exact type: True is not 1, a datetime is not a date."""
    return type(value), value


def differences(path: Path, fast: list[SheetCells]) -> list[str]:
    """What the fast reader read differently from openpyxl (nothing when they agree)."""
    slow = openpyxl_sheets(open_workbook(path, data_only=False))
    out: list[str] = []
    if [s.title for s in fast] != [s.title for s in slow]:
        return [f"titles {[s.title for s in fast]} != {[s.title for s in slow]}"]
    computed = cached_values(path, slow)
    for mine, theirs in zip(fast, slow, strict=True):
        if sorted(mine.cells) != sorted(theirs.cells):
            extra = set(mine.cells) ^ set(theirs.cells)
            out.append(f"{mine.title}: cells at different places {sorted(extra)[:5]}")
            continue
        for pos, value in mine.cells.items():
            other = theirs.cells[pos]
            if isinstance(value, Unknown):  # a shared formula: its saved value counts
                if not isinstance(other, Formula):
                    out.append(f"{mine.title}{pos}: formula, openpyxl {other!r}")
            elif _typed(value) != _typed(other):
                out.append(f"{mine.title}{pos}: {value!r} != openpyxl {other!r}")
            if isinstance(value, Formula):
                saved = (mine.cached or {}).get(pos)
                expected = computed.get(_norm(mine.title), {}).get(pos)
                if _typed(saved) != _typed(expected):
                    out.append(f"{mine.title}{pos}: saved {saved!r} != openpyxl {expected!r}")
        if set(mine.merges) != set(theirs.merges):
            out.append(f"{mine.title}: merges {mine.merges} != {theirs.merges}")
    return out


def _norm(title: str) -> str:
    from cmqreport.load.workbook.names import norm

    return norm(title)


def same_as_openpyxl(path: Path, fast: list[SheetCells]) -> None:
    """Fail when the fast reader read ``path`` otherwise than openpyxl."""
    found = differences(path, fast)
    assert not found, f"{path}: the fast reader differs from openpyxl:\n" + "\n".join(found[:20])
