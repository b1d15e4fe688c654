"""Every workbook a test reads in this process is read by both readers, which must agree.

The fast reader (:mod:`cmqreport.load.workbook.xml_cells`) must give exactly what openpyxl
gives: wherever a test reads a workbook (the example's exports, the spoiled workbooks of
the trap tests, the imports), the cells it read are compared with openpyxl's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cmqreport.load.workbook import reader, xml_cells
from cmqreport.load.workbook.book import SheetCells
from xlsx_parity import READS, same_as_openpyxl


def _compared(path: Path) -> list[SheetCells] | None:
    sheets = xml_cells.read_sheets(path)
    if sheets is None:
        READS["openpyxl"] += 1
    else:
        READS["fast"] += 1
        same_as_openpyxl(path, sheets)
    return sheets


@pytest.fixture(autouse=True)
def _both_workbook_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "read_sheets", _compared)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many workbooks each reader read (a fast read was also read by openpyxl)."""
    if any(READS.values()):
        terminalreporter.write_line(
            f"workbooks read: {READS['fast']} by the fast reader (each compared with "
            f"openpyxl), {READS['openpyxl']} by openpyxl"
        )
