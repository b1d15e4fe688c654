"""Every workbook a test reads in this process is read by both readers, which must agree.

The fast reader (:mod:`cmqreport.load.workbook.xml_cells`) must give exactly what openpyxl
gives: wherever a test reads a workbook (the example's exports, the spoiled workbooks of
the trap tests, the imports), the cells it read are compared with openpyxl's.

The suite's builds keep their compiled templates in a cache folder of their own, never in
the cache of the user who runs the tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
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


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # set in the environment, so that the commands tests run as programs use it too
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if saved is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = saved


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
