"""A workbook is measured from its ZIP directory before openpyxl reads a byte of it."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from cmqreport.load.workbook.opening import open_failure


def _workbook(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_small_workbook_is_opened(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "AGT.xlsx", {"xl/worksheets/sheet1.xml": b"<sheetData/>"})
    assert open_failure(path, "AGT.xlsx") is None


def test_a_part_that_inflates_a_hundred_times_is_a_bomb(tmp_path: Path) -> None:
    sheet = b"<sheetData>" + b" " * (3 * 1024 * 1024) + b"</sheetData>"
    path = _workbook(tmp_path / "AGT.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    diag = open_failure(path, "years/2021/AGT.xlsx")
    assert diag is not None and diag.code == "CMQ-V070"
    assert "xl/worksheets/sheet1.xml" in diag.message and str(diag.place) == "years/2021/AGT.xlsx"


def test_a_huge_xml_part_is_refused_whatever_its_ratio(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "AGT.xlsx", {"xl/sharedStrings.xml": os.urandom(21 << 20)})
    diag = open_failure(path, "AGT.xlsx")
    assert diag is not None and diag.code == "CMQ-V070" and "sharedStrings" in diag.message


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    members = {f"xl/media/image{n}.png": b"x" for n in range(5001)}
    diag = open_failure(_workbook(tmp_path / "AGT.xlsx", members), "AGT.xlsx")
    assert diag is not None and diag.code == "CMQ-V070" and "5\u202f002 fichiers" in diag.message


def test_a_name_in_the_message_is_one_short_line(tmp_path: Path) -> None:
    name = "xl/worksheets/\n::error::" + "x" * 200 + ".xml"
    sheet = b" " * (3 * 1024 * 1024)
    diag = open_failure(_workbook(tmp_path / "AGT.xlsx", {name: sheet}), "AGT.xlsx")
    assert diag is not None and "\n" not in diag.message and len(diag.message) < 300
