"""The workbook as a campus director meets it, in Excel and in LibreOffice.

LibreOffice re-saves the exported workbooks (headless, no macro): the project still builds
the same report. The director's usual mistakes each get a message naming the sheet, the
row and the column, with the value meant; an .ods copy and LibreOffice's lock file are
said, not silently dropped.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cmqreport.api import build
from cmqreport.load.project import load_project
from cmqreport.write.workbook import export_campus_year, workbook_bytes
from helpers import EXAMPLE, build_tree, case_files, libreoffice_problem, require, run_cli

XLSX = "years/2021/AGT.xlsx"
YAML = "years/2021/AGT.yaml"

_AGT = """\
campus: AGT
year: 2021
axes:
  - id: attractivite
    title: Attractivité des métiers
actions:
  - id: salon
    title: Salon des métiers de bouche
    axis: attractivite
    start: 2021-03-04
    metrics:
      - {label: visiteurs, value: 912}
"""


def _soffice(files: list[Path], out: Path, to: str = 'xlsx:"Calc MS Excel 2007 XML"') -> None:
    """Re-save ``files`` through LibreOffice headless into ``out`` (same names)."""
    program, problem = libreoffice_problem()
    require(problem, "libreoffice-calc-nogui")
    assert program is not None
    out.mkdir(parents=True, exist_ok=True)
    profile = (out / "profile").as_uri()
    fmt = to.replace('"', "")
    command = [program, "--headless", f"-env:UserInstallation={profile}", "--convert-to", fmt]
    subprocess.run(
        [*command, "--outdir", str(out), *map(str, files)],
        capture_output=True,
        timeout=600,
        check=True,
    )


def _workbook_project(tmp_path: Path, spoil: Callable[[Any], None] | None = None) -> Path:
    """A project whose AGT 2021 is an exported workbook, then ``spoil``-ed by openpyxl."""
    project = build_tree(tmp_path / "project", case_files({"files": {YAML: _AGT}}))
    cy = load_project(project).year(2021).campuses["AGT"]
    export_campus_year(cy, "AGT", 2021, project / XLSX)
    (project / YAML).unlink()
    if spoil is not None:
        book = openpyxl.load_workbook(project / XLSX)
        spoil(book)
        book.save(project / XLSX)
    return project


def _diagnostics(project: Path) -> list[dict[str, Any]]:
    out = run_cli("validate", "--project", str(project), "--format", "json")
    assert "Traceback" not in out.stderr
    return list(out.json()["diagnostics"])


def _one(project: Path, code: str, place: str) -> dict[str, Any]:
    diags = _diagnostics(project)
    found = [d for d in diags if d["code"] == code and d["place"] == place]
    assert found, diags
    return found[0]


# --------------------------------------------------------------------------- LibreOffice


def test_workbooks_resaved_by_libreoffice_build_the_same_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    yaml_project = build_tree(tmp_path / "yaml", copy_of=EXAMPLE)
    project = build_tree(tmp_path / "xlsx", copy_of=yaml_project)
    loaded = load_project(project)
    plans = [(p.id, p.title) for p in loaded.year(2020).perspectives.items]  # type: ignore[union-attr]
    exported = []
    for code, cy in loaded.year(2021).campuses.items():
        target = project / "years" / "2021" / f"{code}.xlsx"
        export_campus_year(
            cy, code, 2021, target, campus_name=loaded.campuses[code].name, perspectives=plans
        )
        (project / "years" / "2021" / f"{code}.yaml").unlink()
        exported.append(target)
    _soffice(exported, tmp_path / "resaved")
    for path in exported:
        shutil.copyfile(tmp_path / "resaved" / path.name, path)
    out = run_cli("validate", "--project", str(project))
    assert out.code == 0, out.stdout
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1640995200")
    a = build(yaml_project, 2021, ["md"], tmp_path / "out-yaml").outputs["md"]
    b = build(project, 2021, ["md"], tmp_path / "out-xlsx").outputs["md"]
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")


def _column_format(ws: Any, index: int) -> str:
    """The number format of a column's style (LibreOffice groups equal columns: C:D)."""
    dims = [d for d in ws.column_dimensions.values() if d.min <= index <= d.max]
    return str(dims[0].number_format).lower() if dims else ""


def test_empty_2025_workbook_formats_every_date_column_and_refuses_2026(tmp_path: Path) -> None:
    path = tmp_path / "AGT.xlsx"
    path.write_bytes(workbook_bytes(None, "AGT", 2025))
    _soffice([path], tmp_path / "lo")
    for source in (path, tmp_path / "lo" / "AGT.xlsx"):
        book = openpyxl.load_workbook(source)
        ws = book["Actions"]
        for index, letter in ((3, "C"), (4, "D")):  # Début, Fin
            assert _column_format(ws, index) == "dd/mm/yyyy", source
            checks = [dv for dv in ws.data_validations.dataValidation if dv.type == "date"]
            covering = [dv for dv in checks if f"{letter}3" in dv.sqref]
            assert covering, source
            first, last = int(covering[0].formula1), int(covering[0].formula2)
            epoch = dt.date(1899, 12, 30)
            assert epoch + dt.timedelta(first) == dt.date(2025, 1, 1)
            assert epoch + dt.timedelta(last) == dt.date(2025, 12, 31)  # 2026 is refused
            assert "2025" in (covering[0].prompt or "")
        if source == path:  # what openpyxl wrote: every row formatted, not only the column
            assert book["Actions"]["C150"].number_format == "DD/MM/YYYY"
        # « 1.1 » stays text
        assert _column_format(book["Plan d'action"], 3) == "@", source


def test_ods_copy_gets_one_clear_error(tmp_path: Path) -> None:
    project = _workbook_project(tmp_path)
    _soffice([project / XLSX], tmp_path / "ods", to="ods")
    (project / XLSX).unlink()
    shutil.copyfile(tmp_path / "ods" / "AGT.ods", project / "years" / "2021" / "AGT.ods")
    out = run_cli("validate", "--project", str(project), "--format", "json")
    assert out.code == 1
    found = [d for d in out.json()["diagnostics"] if d["file"] == "years/2021/AGT.ods"]
    assert [d["code"] for d in found] == ["CMQ-V081"]
    assert "Enregistrez au format .xlsx" in found[0]["hint"]


# --------------------------------------------------------------------------- the mistakes


def test_capitalised_id_is_read_and_the_exact_id_proposed(tmp_path: Path) -> None:
    project = _workbook_project(tmp_path, lambda b: b["Actions"].__setitem__("E3", "Attractivite"))
    found = _one(project, "CMQ-V080", f"{XLSX}!Actions!E3")
    assert found["message"].startswith("feuille Actions, ligne 3, colonne Axe (E3)")
    assert "« attractivite »" in found["hint"]
    assert load_project(project).year(2021).campuses["AGT"].actions[0].axis == "attractivite"


def test_dropdown_choice_with_its_title_is_read_as_the_id(tmp_path: Path) -> None:
    choice = "attractivite — Attractivité des métiers"
    project = _workbook_project(tmp_path, lambda b: b["Actions"].__setitem__("E3", choice))
    assert not [d for d in _diagnostics(project) if d["level"] != "info"]
    assert load_project(project).year(2021).campuses["AGT"].actions[0].axis == "attractivite"


def test_number_typed_as_text_proposes_the_number(tmp_path: Path) -> None:
    project = _workbook_project(tmp_path, lambda b: b["Chiffres"].__setitem__("C3", "1 200"))
    found = _one(project, "CMQ-V015", f"{XLSX}!Chiffres!C3")
    assert found["message"].startswith("feuille Chiffres, ligne 3, colonne Valeur (C3)")
    assert "1200" in found["hint"]


def test_short_date_typed_as_text_proposes_the_day(tmp_path: Path) -> None:
    project = _workbook_project(tmp_path, lambda b: b["Actions"].__setitem__("C3", "04/02/21"))
    found = _one(project, "CMQ-V053", f"{XLSX}!Actions!C3")
    assert found["message"].startswith("feuille Actions, ligne 3, colonne Début (C3)")
    assert "2021-02-04" in found["hint"]


def test_date_of_another_year_lands_on_its_cell(tmp_path: Path) -> None:
    day = dt.datetime(2022, 2, 4)
    project = _workbook_project(tmp_path, lambda b: b["Actions"].__setitem__("C3", day))
    found = _one(project, "CMQ-V022", f"{XLSX}!Actions!C3")
    assert "2021" in found["message"]


def test_libreoffice_lock_file_is_ignored_with_a_hint(tmp_path: Path) -> None:
    project = _workbook_project(tmp_path)
    (project / "years" / "2021" / ".~lock.AGT.xlsx#").write_text("x,host,2021;", "utf-8")
    found = _one(project, "CMQ-V028", "years/2021/.~lock.AGT.xlsx#")
    assert "LibreOffice" in found["message"] and "Fermez" in found["hint"]


def test_example_row_is_not_read(tmp_path: Path) -> None:
    project = _workbook_project(tmp_path)
    book = openpyxl.load_workbook(project / XLSX)
    assert str(book["Actions"]["A2"].value).startswith("Exemple :")
    assert [a.id for a in load_project(project).year(2021).campuses["AGT"].actions] == ["salon"]


def test_lisez_moi_says_what_by_when_to_whom_without_commands(tmp_path: Path) -> None:
    project = build_tree(
        tmp_path / "p",
        case_files(
            {
                "files": {
                    YAML: _AGT,
                    "cmqreport.yaml": "network: CMQ BFC\nregion: BFC\n"
                    "workbook_deadline: 2022-01-31\n"
                    "workbook_contact: Jeanne Martin (jeanne.martin@example.org)\n",
                }
            }
        ),
    )
    target = project / "x.xlsx"
    out = run_cli("export-xlsx", "AGT", "2021", "--project", str(project), "--out", str(target))
    assert out.code == 0, out.stderr
    book = openpyxl.load_workbook(target)
    text = "\n".join(str(c.value) for c in book["Lisez-moi"]["A"] if c.value)
    assert "31 janvier 2022" in text and "Jeanne Martin" in text
    assert "Alt+Entrée" in text and "Ctrl+Entrée" in text
    assert "cmqreport" not in text
    actions = book["Actions"]
    assert actions.protection.sheet and actions["A1"].protection.locked
    assert not actions["A3"].protection.locked
    assert actions.page_setup.orientation == "landscape" and actions.print_title_rows == "$1:$1"
    assert all(dv.prompt for dv in actions.data_validations.dataValidation)


# --------------------------------------------------------------------------- import-xlsx


def test_import_updates_a_yaml_and_keeps_its_comments(tmp_path: Path) -> None:
    project = _workbook_project(tmp_path, lambda b: b["Actions"].__setitem__("B3", "Salon 2021"))
    target = tmp_path / "AGT.yaml"
    target.write_text("# tenu par la coordination\n" + _AGT.replace("axes:", "axes:  # deux"))
    out = run_cli("import-xlsx", str(project / XLSX), "--out", str(target), "--force")
    assert out.code == 0, out.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# tenu par la coordination\ncampus: AGT\n")
    assert "# deux" in text and "title: Salon 2021" in text


def test_import_beside_the_workbook_needs_replace_and_moves_it(tmp_path: Path) -> None:
    project = _workbook_project(tmp_path)
    refused = run_cli("import-xlsx", str(project / XLSX))
    assert refused.code == 2 and "--replace" in refused.stderr
    out = run_cli("import-xlsx", str(project / XLSX), "--replace")
    assert out.code == 0, out.stderr
    assert not (project / XLSX).exists()
    assert (project / "years" / "2021" / ".imported" / "AGT.xlsx").is_file()
    assert run_cli("validate", "--strict", "--project", str(project)).code == 0


def test_printed_workbook_is_landscape_a4_with_the_header_on_every_page(tmp_path: Path) -> None:
    """Printed (to PDF by LibreOffice, no macro): A4 pages (the Lisez-moi in portrait, the
    sheets in landscape, fitted to the width), the header row on each page of a sheet."""
    project = build_tree(tmp_path / "p", copy_of=EXAMPLE)
    cy = load_project(project).year(2021).campuses["MSI"]
    path = tmp_path / "MSI.xlsx"
    export_campus_year(cy, "MSI", 2021, path, campus_name="MSI", perspectives=[])
    _soffice([path], tmp_path / "pdf", to="pdf")
    pdf = tmp_path / "pdf" / "MSI.pdf"
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = [
        ln.split(":", 1)[1] for ln in info.splitlines() if ln.startswith("Page") and " size:" in ln
    ]
    assert sizes, info
    for i, size in enumerate(sizes):  # « 841.89 x 595.276 pts (A4) »: wider than high
        width, height = sorted(float(x) for x in size.split("pts")[0].split(" x "))
        assert (round(width), round(height)) == (595, 842), size  # A4
        # the Lisez-moi (first page) is a text to read, in portrait; the sheets in landscape
        assert ("595" in size.split(" x ")[0]) == (i == 0), (i, size)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [p for p in text.split("\f") if "Identifiant" in p or "Titre" in p]
    # the Actions sheet runs over several pages: its header is printed on each
    actions = [p for p in text.split("\f") if "Statut" in p and "Début" in p]
    assert len(pages) >= 2 and len(actions) >= 2, len(actions)
