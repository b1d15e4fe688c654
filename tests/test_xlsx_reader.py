"""The fast workbook reader gives exactly what openpyxl gives, and gives up when unsure.

Workbooks here are real files: exported by cmqreport, written by openpyxl, hand-written
XML for what only Excel writes (shared strings with runs, ``_x001B_`` escapes, cells
without coordinates, shared formulas), and saved by LibreOffice Calc. For each, the cells
of both readers are compared (``xlsx_parity``), and so are the diagnostics and data of
``load_workbook_data``. ``conftest.py`` compares the two readers on every workbook the
other tests read.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, from_excel

from cmqreport.load.project import load_project
from cmqreport.load.workbook import load_workbook_data, reader
from cmqreport.load.workbook.serials import (
    BUILTIN_DATES,
    BUILTIN_DURATIONS,
    MAC_EPOCH,
    WINDOWS_EPOCH,
    from_serial,
)
from cmqreport.load.workbook.serials import is_date_format as our_date_format
from cmqreport.load.workbook.serials import is_duration_format as our_duration_format
from cmqreport.load.workbook.xml_cells import read_sheets
from cmqreport.write.workbook import export_campus_year
from helpers import EXAMPLE, build_tree, libreoffice_problem, require, run_cli
from xlsx_parity import READS, differences

# ------------------------------------------------------------------ the rules of dates


FORMAT_CODES = [
    *BUILTIN_FORMATS.values(),
    "DD/MM/YYYY",
    "[$-40C]d\\ mmmm\\ yyyy",
    '"Jour "0',
    "[Red]0.00",
    "[h]:mm",
    "[mm]:ss",
    "hh:mm;@",
    "0.00_);[Red]\\(0.00\\)",
    "yyyy-mm-dd hh:mm:ss",
    "@",
    "General",
    '#,##0\\ "€"',
    "[$€-40C]\\ #,##0.00",
    "\\d0",
    "_d0",
    "mmss.0",
]


@pytest.mark.parametrize("code", FORMAT_CODES)
def test_a_number_format_is_a_date_as_openpyxl_says(code: str) -> None:
    assert our_date_format(code) == is_date_format(code)
    assert our_duration_format(code) == is_timedelta_format(code)


def test_builtin_date_formats_are_openpyxl_s() -> None:
    dates = {n for n, code in BUILTIN_FORMATS.items() if is_date_format(code)}
    durations = {n for n, code in BUILTIN_FORMATS.items() if is_timedelta_format(code)}
    assert (dates, durations) == (BUILTIN_DATES, BUILTIN_DURATIONS)


SERIALS = [0, 0.25, 0.999999, 1, 1.5, 59, 59.9, 60, 61, 44197, 44197.123456789, 2958465, -1]


@pytest.mark.parametrize("value", SERIALS)
@pytest.mark.parametrize("epoch", [WINDOWS_EPOCH, MAC_EPOCH])
@pytest.mark.parametrize("duration", [False, True])
def test_a_serial_is_the_date_openpyxl_says(value: float, epoch: Any, duration: bool) -> None:
    try:
        expected: Any = from_excel(value, epoch, timedelta=duration)
    except (OverflowError, ValueError) as exc:
        expected = type(exc)
    try:
        got: Any = from_serial(value, epoch, duration=duration)
    except (OverflowError, ValueError) as exc:
        got = type(exc)
    assert (type(got), got) == (type(expected), expected)


# ------------------------------------------------------------------ both readers agree


def _openpyxl_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "read_sheets", lambda path: None)


def _said(path: Path) -> tuple[Any, list[tuple[Any, ...]]]:
    out = load_workbook_data(path, "years/2021/AGT.xlsx")
    found = [
        (d.code, d.message, str(d.place), d.hint, d.value, d.severity) for d in out.diagnostics
    ]
    return out.data, found


def assert_same_reading(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast reader vouches for ``path``, reads it as openpyxl does, and the reader
    says the same (data, diagnostics with their places and hints) through both."""
    fast = read_sheets(path)
    assert fast is not None, f"the fast reader gave up on {path.name}"
    assert differences(path, fast) == []
    with monkeypatch.context() as patch:
        patch.setattr(reader, "read_sheets", read_sheets)
        quick = _said(path)
    with monkeypatch.context() as patch:
        _openpyxl_only(patch)
        slow = _said(path)
    assert quick == slow


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every campus-year of the example, exported to a workbook."""
    folder = tmp_path_factory.mktemp("exported")
    project = load_project(EXAMPLE)
    out = {}
    for year in (2020, 2021):
        for code, cy in project.year(year).campuses.items():
            target = folder / f"{code}-{year}.xlsx"
            export_campus_year(cy, code, year, target, campus_name=project.campuses[code].name)
            out[f"{code}-{year}"] = target
    return out


def test_every_exported_workbook_reads_the_same(
    exported: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(exported) >= 7
    for path in exported.values():
        assert_same_reading(path, monkeypatch)


def _every_kind(path: Path) -> None:
    """A workbook written by openpyxl with every kind of value a director types."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Actions"
    ws.append(["Identifiant", "Titre", "Début", "Fin", "Statut"])
    ws.append(["a-1", "Date et heure", dt.datetime(2021, 2, 4, 13, 30), dt.date(2021, 3, 1), True])
    ws.append(["a-2", 12, 3.5, -0.0, False])
    ws.append(["a-3", dt.time(8, 15), dt.timedelta(hours=30, minutes=5), "#REF!", "=1+1"])
    ws["C4"].number_format = "[h]:mm:ss"
    ws["D3"].number_format = "DD/MM/YYYY"  # a number shown as a date
    ws["D4"].data_type = "e"
    ws.append(["a-4", "ligne 1_x000D_\nligne 2", "échap _x001B_ ici", "x" * 3000, " "])
    ws["B6"] = CellRichText("gras ", TextBlock(InlineFont(b=True), "et normal"))
    ws["A7"] = "2021-02-04"
    ws.merge_cells("B8:C9")
    ws["B8"] = "fusion"
    ws["XFD1048576"] = "loin, très loin"
    ws["F2"] = 1e300
    ws["G2"] = 12345678901234567890
    hidden = book.create_sheet("Cachée")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "invisible"
    book.create_sheet("Campus", 0)["A1"] = "Champ"
    book.save(path)


def test_every_kind_of_cell_reads_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kinds.xlsx"
    _every_kind(path)
    assert_same_reading(path, monkeypatch)
    sheets = read_sheets(path)
    assert sheets is not None
    assert [s.title for s in sheets] == ["Campus", "Actions", "Cachée"]
    cells = sheets[1].cells
    assert cells[(2, 3)] == dt.datetime(2021, 2, 4, 13, 30)
    assert cells[(1048576, 16384)] == "loin, très loin"
    assert (9, 3) not in cells and cells[(8, 2)] == "fusion"


def test_a_mac_workbook_counts_its_days_from_1904(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    book.active["A1"] = dt.datetime(2021, 2, 4)
    book.active["A2"] = 3
    book.active["A2"].number_format = "d-mmm-yy"
    book.save(tmp_path / "mac.xlsx")
    assert_same_reading(tmp_path / "mac.xlsx", monkeypatch)


# ------------------------------------------------------------------ what Excel writes

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _hand_made(path: Path, sheet_data: str, shared: list[str], *, merges: str = "") -> None:
    """A workbook of one sheet « Actions » written as Excel writes it: shared strings,
    a date style (1), a duration style (2)."""
    strings = "".join(f"<si>{s}</si>" for s in shared)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} {_R_NS}>'
        '<workbookPr/><sheets><sheet name="Actions" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>",
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {_NS}>'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm"/></numFmts>'
        '<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill '
        'patternType="none"/></fill></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
        "</cellXfs></styleSheet>",
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}>{strings}</sst>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>'
        f"<sheetData>{sheet_data}</sheetData>{merges}</worksheet>",
    }
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text)


SHARED = [
    "<t>Identifiant</t>",
    '<t xml:space="preserve"> espaces </t>',
    '<r><rPr><b/></rPr><t>gras</t></r><r><t xml:space="preserve"> puis normal</t></r>',
    '<t>échap _x001B_ et _x005F_x001B_ et _x000D_</t><rPh sb="0" eb="1"><t>ふ</t></rPh>',
    "<t/>",
]

EXCEL_ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>'
    '<row r="2"><c r="A2" s="1"><v>44231</v></c><c r="B2" s="2"><v>1.25</v></c>'
    '<c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c>'
    '<c r="E2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>'
    # cells without coordinates follow the previous one; a row without number, the last
    '<row><c><v>1</v></c><c t="inlineStr"><is><t>en ligne</t></is></c><c r="E3"><v>5</v></c>'
    "<c><v>6E-3</v></c></row>"
    '<row r="5"><c r="A5"><f t="shared" ref="A5:A6" si="0">B5*2</f><v>4</v></c>'
    '<c r="B5"><v>2</v></c><c r="C5" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    '<c r="D5" s="1"><f>A2+1</f><v>44232</v></c><c r="E5"><f>SUM(Z1:Z9)</f></c></row>'
    '<row r="6"><c r="A6"><f t="shared" si="0"/><v>6</v></c><c r="B6"><v>3</v></c>'
    '<c r="C6" t="s"><v>0</v></c><c r="C6"/></row>'
    '<row r="7"><c r="A7" t="s"><v>1</v></c><c r="B7"><v>9</v></c></row>'
)


def test_what_excel_writes_reads_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "excel.xlsx"
    merges = '<mergeCells count="2"><mergeCell ref="A7:B8"/><mergeCell ref="D7"/></mergeCells>'
    _hand_made(path, EXCEL_ROWS, SHARED, merges=merges)
    assert_same_reading(path, monkeypatch)
    sheets = read_sheets(path)
    assert sheets is not None
    cells, cached = sheets[0].cells, sheets[0].cached or {}
    assert cells[(1, 3)] == "gras puis normal"
    assert cells[(1, 4)] == "échap _x001B_ et _x001B_ et _x000D_"  # as openpyxl reads it
    assert cells[(3, 2)] == "en ligne" and cells[(3, 6)] == 0.006
    assert cached[(6, 1)] == 6 and cached.get((5, 5)) is None
    assert (7, 2) not in cells  # covered by the merge


@pytest.mark.parametrize(
    "row",
    [
        # a shared formula without its value: its text is openpyxl's to give
        '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="A2"><f t="shared" si="0"/></c></row>',
        '<row r="1"><c r="A1" t="d"><v>2021-02-04T00:00:00</v></c></row>',  # an ISO date
        '<row r="1"><c r="a1"><v>1</v></c></row>',  # a lower-case coordinate
        '<row r="1"><c r="A1" s="9"><v>1</v></c></row>',  # a style that does not exist
        '<row r="1"><c r="A1" t="s"><v>7</v></c></row>',  # a shared string that does not
    ],
)
def test_the_fast_reader_gives_up_when_unsure_and_openpyxl_reads(
    row: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "odd.xlsx"
    _hand_made(path, row, SHARED)
    assert read_sheets(path) is None
    before = READS["openpyxl"]
    load_workbook_data(path, "odd.xlsx")  # through conftest's reader: openpyxl reads it
    assert READS["openpyxl"] == before + 1


def test_a_dtd_is_left_to_openpyxl(tmp_path: Path) -> None:
    path = tmp_path / "dtd.xlsx"
    _hand_made(path, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', SHARED)
    raw = zipfile.ZipFile(path).read("xl/sharedStrings.xml")
    entity = raw.replace(b"?>", b'?><!DOCTYPE sst [<!ENTITY e "x">]>', 1)
    rebuilt = tmp_path / "dtd2.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w") as dst:
        for info in src.infolist():
            data = entity if info.filename == "xl/sharedStrings.xml" else src.read(info)
            dst.writestr(info.filename, data)
    assert read_sheets(rebuilt) is None


# ------------------------------------------------------------------ LibreOffice Calc


def _through_libreoffice(source: Path, folder: Path) -> Path:
    """``source`` opened and saved again as .xlsx by LibreOffice Calc."""
    soffice, problem = libreoffice_problem()
    require(problem, "libreoffice-calc-nogui")
    assert soffice is not None
    out = folder / "calc"
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    saved = out / source.name
    assert proc.returncode == 0 and saved.is_file(), proc.stdout + proc.stderr
    return saved


def test_workbooks_saved_by_libreoffice_read_the_same(
    exported: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kinds = tmp_path / "kinds.xlsx"
    _every_kind(kinds)
    excel = tmp_path / "excel.xlsx"
    _hand_made(excel, EXCEL_ROWS, SHARED)
    for source in (exported["AGT-2021"], exported["MSI-2021"], kinds, excel):
        saved = _through_libreoffice(source, tmp_path / source.stem)
        assert "sharedStrings" in str(zipfile.ZipFile(saved).namelist())
        assert_same_reading(saved, monkeypatch)


# ------------------------------------------------------------------ one reader, light


def test_every_command_reads_through_the_fast_reader(
    exported: dict[str, Path], tmp_path: Path
) -> None:
    project = build_tree(tmp_path / "bfc", copy_of=EXAMPLE)
    workbook = project / "years" / "2021" / "AGT.xlsx"
    workbook.write_bytes(exported["AGT-2021"].read_bytes())
    (project / "years" / "2021" / "AGT.yaml").unlink()
    for args in (
        ("validate", "--project", str(project)),
        ("import-xlsx", str(workbook), "--out", str(tmp_path / "AGT.yaml")),
        ("build", "2021", "--project", str(project), "--to", "md", "--out", str(tmp_path / "o")),
    ):
        before = dict(READS)
        run = run_cli(*args)
        assert run.code == 0, run.stdout + run.stderr
        assert READS["fast"] > before["fast"] and READS["openpyxl"] == before["openpyxl"], args


def test_validate_of_a_workbook_never_imports_openpyxl(
    exported: dict[str, Path], tmp_path: Path
) -> None:
    project = build_tree(tmp_path / "bfc", copy_of=EXAMPLE)
    (project / "years" / "2021" / "AGT.xlsx").write_bytes(exported["AGT-2021"].read_bytes())
    (project / "years" / "2021" / "AGT.yaml").unlink()
    code = (
        "import sys; from pathlib import Path; from cmqreport.api import validate; "
        f"validate(Path({str(project)!r})); print('openpyxl' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert proc.stdout.strip() == "False"
