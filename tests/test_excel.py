"""The Excel round trip of a campus-year: export, load, and the traps of real workbooks.

Every workbook here is a real .xlsx written by cmqreport or openpyxl (no mocks). The trap
tests build a small project whose AGT 2021 data is a workbook, spoil the workbook the way
people and programs do, and run ``cmqreport validate`` (in this process): the code, the
``file!Sheet!cell`` place, the exit code, no exception, no input file touched.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cmqreport.api import build
from cmqreport.load.project import load_project
from cmqreport.load.workbook import load_workbook_data
from cmqreport.load.workbook.sheets import SHEETS
from cmqreport.load.yamlsrc import load_yaml
from cmqreport.model import CampusYear
from cmqreport.write.workbook import export_campus_year, workbook_bytes
from helpers import (
    EXAMPLE,
    EXAMPLE_MISSING_PICTURES,
    CliRun,
    build_tree,
    case_files,
    run_cli,
    snapshot,
)

XLSX = "years/2021/AGT.xlsx"

# --------------------------------------------------------------------------- examples/bfc


@pytest.fixture(scope="module")
def yaml_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of examples/bfc (without its build folder)."""
    return build_tree(tmp_path_factory.mktemp("yaml") / "bfc", copy_of=EXAMPLE)


@pytest.fixture(scope="module")
def xlsx_project(yaml_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same project with every campus-year of 2021 as a workbook instead of YAML."""
    target = build_tree(tmp_path_factory.mktemp("xlsx") / "bfc", copy_of=yaml_project)
    project = load_project(target)
    previous = project.year(2020).perspectives
    assert previous is not None
    plans = [(p.id, p.title) for p in previous.items]
    for code, cy in project.year(2021).campuses.items():
        export_campus_year(
            cy,
            code,
            2021,
            target / "years" / "2021" / f"{code}.xlsx",
            campus_name=project.campuses[code].name,
            perspectives=plans,
        )
        (target / "years" / "2021" / f"{code}.yaml").unlink()
    return target


CAMPUS_YEARS = sorted(p.stem for p in (EXAMPLE / "years" / "2021").glob("[A-Z]*.yaml"))


def test_every_campus_year_of_the_example_is_covered() -> None:
    assert len(CAMPUS_YEARS) == 7


@pytest.mark.parametrize("code", CAMPUS_YEARS)
def test_export_then_load_gives_the_same_campus_year(
    code: str, yaml_project: Path, xlsx_project: Path
) -> None:
    from_yaml = load_project(yaml_project).year(2021).campuses[code]
    loaded = load_project(xlsx_project)
    assert f"years/2021/{code}.xlsx" in loaded.sources
    assert loaded.year(2021).campuses[code] == from_yaml


def test_validate_strict_on_the_workbooks_warns_only_of_missing_pictures(
    xlsx_project: Path,
) -> None:
    out, diags = _validate(xlsx_project, "--strict")
    # the example's only diagnostics, from workbooks as from YAML: its figures without
    # pictures, each at its row of the « Figures » sheet when a workbook holds it
    assert out.code == 1, out.stdout + out.stderr
    assert {d["code"] for d in diags} == {"CMQ-V095"}, diags
    assert {d["value"] for d in diags} == EXAMPLE_MISSING_PICTURES
    in_books = [d for d in diags if ".xlsx" in d["place"]]
    assert in_books and all("!Figures!" in d["place"] for d in in_books), in_books
    assert all("colonne « Fichier »" in d["hint"] for d in in_books), in_books


def test_build_gives_the_same_markdown_from_yaml_or_workbooks(
    yaml_project: Path, xlsx_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1640995200")
    a = build(yaml_project, 2021, ["md"], tmp_path / "yaml").outputs["md"]
    b = build(xlsx_project, 2021, ["md"], tmp_path / "xlsx").outputs["md"]
    assert a.read_bytes() == b.read_bytes()


def test_same_data_same_bytes(yaml_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cy = load_project(yaml_project).year(2021).campuses["ITIP"]
    first = workbook_bytes(cy, "ITIP", 2021)
    time.sleep(1.1)  # a timestamp of « now » would change the bytes
    assert workbook_bytes(cy, "ITIP", 2021) == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1640995200")
    stamped = workbook_bytes(cy, "ITIP", 2021)
    core = zipfile.ZipFile(io.BytesIO(stamped)).read("docProps/core.xml").decode()
    assert core.count("2022-01-01T00:00:00Z") == 2  # created and modified


def test_workbook_layout(xlsx_project: Path) -> None:
    book = openpyxl.load_workbook(xlsx_project / "years" / "2021" / "AGT.xlsx")
    assert book.sheetnames == ["Lisez-moi", *SHEETS, "Listes"]
    assert book["Listes"].sheet_state == "hidden"
    actions = book["Actions"]
    assert [c.value for c in actions[1]][:7] == [
        "Identifiant",
        "Titre",
        "Début",
        "Fin",
        "Axe",
        "Statut",
        "Section",
    ]
    assert actions["A1"].font.bold
    assert actions.freeze_panes == "B2"
    lists = {dv.formula1 for dv in actions.data_validations.dataValidation}
    assert "Listes!$D$2:$D$500" in lists  # « id — titre » of the Axes sheet
    assert any("partiellement réalisé" in (f or "") for f in lists)
    # a real date with a date format, not text
    start = next(c for c in actions["C"][2:] if c.value is not None)
    assert start.is_date and start.number_format == "DD/MM/YYYY"


# --------------------------------------------------------------------------- commands


def test_export_command_writes_years_code_xlsx_and_never_overwrites(
    yaml_project: Path, tmp_path: Path
) -> None:
    project = build_tree(tmp_path / "bfc", copy_of=yaml_project)
    before = snapshot(project)
    out = run_cli("export-xlsx", "AGT", "2021", "--project", str(project))
    assert out.code == 0, out.stderr
    target = project / XLSX
    assert target.is_file()
    assert "AGT.yaml existe aussi" in out.stderr  # only one file per campus-year
    assert {k: v for k, v in snapshot(project).items() if k != XLSX} == before
    written = target.read_bytes()
    again = run_cli("export-xlsx", "AGT", "2021", "--project", str(project))
    assert again.code == 2 and "--force" in again.stderr
    assert target.read_bytes() == written
    forced = run_cli("export-xlsx", "AGT", "2021", "--project", str(project), "--force")
    assert forced.code == 0
    assert not list(target.parent.glob(".*.tmp"))
    unknown = run_cli("export-xlsx", "XYZ", "2021", "--project", str(project))
    assert unknown.code == 2 and "XYZ" in unknown.stderr
    assert "Traceback" not in out.stderr + again.stderr + forced.stderr + unknown.stderr


def test_empty_workbook_for_a_new_year(yaml_project: Path, tmp_path: Path) -> None:
    project = build_tree(tmp_path / "bfc", copy_of=yaml_project)
    out = run_cli("export-xlsx", "AGT", "2022", "--project", str(project))
    assert out.code == 0, out.stderr
    path = project / "years" / "2022" / "AGT.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Lisez-moi", *SHEETS, "Listes"]
    for name in SHEETS:
        assert book[name]["A1"].value, name  # headers even without data
    assert book["Actions"].data_validations.dataValidation
    assert book["Sections"].data_validations.dataValidation
    assert book["Campus"]["B2"].value == "AGT" and book["Campus"]["B3"].value == 2022
    # an empty campus-year is valid, and said to be empty (CMQ-V075), never an error
    checked, diags = _validate(project)
    assert checked.code == 0, checked.stdout
    codes = [d["code"] for d in diags]
    assert codes.count("CMQ-V075") == 1 and set(codes) == {"CMQ-V075", "CMQ-V095"}, codes
    loaded = load_project(project).year(2022).campuses["AGT"]
    assert loaded == CampusYear(campus="AGT", year=2022)


def test_empty_flag_ignores_the_data(yaml_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "vide.xlsx"
    out = run_cli(
        "export-xlsx",
        "ITIP",
        "2021",
        "--project",
        str(yaml_project),
        "--empty",
        "--out",
        str(target),
    )
    assert out.code == 0, out.stderr
    src = load_workbook_data(target, "vide.xlsx")
    assert src.data == {"campus": "ITIP", "year": 2021}


def test_import_command_writes_yaml_that_loads_back_equal(
    xlsx_project: Path, yaml_project: Path, tmp_path: Path
) -> None:
    target = tmp_path / "AGT.yaml"
    out = run_cli(
        "import-xlsx", str(xlsx_project / "years" / "2021" / "AGT.xlsx"), "--out", str(target)
    )
    assert out.code == 0, out.stdout + out.stderr
    text = target.read_text(encoding="utf-8")
    assert "intro: |" in text  # multi-line text as a block
    src = load_yaml(target, "AGT.yaml")
    assert not src.diagnostics
    expected = load_project(yaml_project).year(2021).campuses["AGT"]
    assert CampusYear.model_validate(src.data) == expected
    again = run_cli("import-xlsx", str(xlsx_project / XLSX), "--out", str(target))
    assert again.code == 2  # no overwrite without --force
    assert "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == text


# --------------------------------------------------------------------------- traps

AGT_2021 = """\
campus: AGT
year: 2021
title: Alimentation, Goût, Tourisme
intro: |
  Une année de reprise[^reprise].
axes:
  - id: attractivite
    title: Attractivité des métiers
sections:
  - id: faits-marquants
    title: Faits marquants
    body: |
      Le salon a accueilli du public.
    tables:
      - id: chiffres-salon
        caption: Fréquentation
        columns: [Jour, Visiteurs]
        rows:
          - [jeudi, 300]
          - [vendredi, 612]
    sections:
      - id: salon-detail
        title: Le salon en détail
actions:
  - id: salon
    title: Salon des métiers de bouche
    text: Trois jours de démonstrations.
    axis: attractivite
    section: faits-marquants
    start: 2021-03-04
    end: 2021-03-06
    partners: [Lycée du Castel, Chambre de métiers]
    metrics:
      - {label: visiteurs, value: 912}
    status: réalisé
  - id: forum
    title: Forum des formations
    section: salon-detail
    start: 2021-11-18
finances:
  lines:
    - source: Région
      amounts: {2020: 10000, 2021: 15000.5}
footnotes:
  reprise: Après deux années de crise sanitaire.
"""


def _project(
    tmp_path: Path,
    spoil: Callable[[Any], None] | None = None,
    *,
    keep_yaml: bool = False,
) -> Path:
    """A project whose AGT 2021 is a workbook exported from AGT_2021, then ``spoil``-ed."""
    files = case_files({"files": {"years/2021/AGT.yaml": AGT_2021}})
    project = build_tree(tmp_path / "project", files)
    cy = load_project(project).year(2021).campuses["AGT"]
    export_campus_year(cy, "AGT", 2021, project / XLSX, campus_name="Alimentation, Goût, Tourisme")
    if not keep_yaml:
        (project / "years" / "2021" / "AGT.yaml").unlink()
    if spoil is not None:
        book = openpyxl.load_workbook(project / XLSX)
        spoil(book)
        book.save(project / XLSX)
    return project


def _validate(project: Path, *args: str) -> tuple[CliRun, list[dict[str, Any]]]:
    """``cmqreport validate --format json``: the run and its diagnostics."""
    before = snapshot(project)
    out = run_cli("validate", "--project", str(project), "--format", "json", *args)
    assert snapshot(project) == before, "validate touched the project"
    return out, out.json()["diagnostics"]


def _expect(project: Path, code: str, place: str, *args: str, exit_code: int = 1) -> dict[str, Any]:
    """Run validate: ``code`` at ``place`` is printed and the exit code is ``exit_code``."""
    out, diags = _validate(project, *args)
    shown = "\n".join(f"{d['code']} {d['place']}: {d['message']} | {d['hint']}" for d in diags)
    found = [d for d in diags if d["code"] == code and d["place"] == place]
    assert found, f"no {code} at {place}; printed:\n{shown}"
    assert out.code == exit_code, shown
    return found[0]


def test_trap_base_workbook_is_valid(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out, diags = _validate(project, "--strict")
    assert out.code == 0, diags
    cy = load_project(project).year(2021).campuses["AGT"]
    assert cy.sections[0].sections[0].id == "salon-detail"
    assert cy.sections[0].tables[0].rows == [["jeudi", 300], ["vendredi", 612]]
    assert cy.finances is not None and cy.finances.lines[0].amounts == {2020: 10000, 2021: 15000.5}


def test_trap_office_lock_file(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "years" / "2021" / "~$AGT.xlsx").write_bytes(b"\x0aJeanne Martin" + b" " * 40)
    found = _expect(project, "CMQ-V028", "years/2021/~$AGT.xlsx", "--strict")
    assert "verrou" in found["message"]


def test_trap_xls_beside_the_data(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "years" / "2021" / "MSI.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" * 64)
    found = _expect(project, "CMQ-V050", "years/2021/MSI.xls")
    assert ".xlsx" in found["hint"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "97-2003"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\0" * 200
            + "EncryptedPackage".encode("utf-16-le")
            + b"\0" * 200,
            "mot de passe",
        ),
        (b"PK\x03\x04 truncated, not a real archive", "pas un classeur"),
        (b"nom;valeur\nsalon;912\n", "pas un classeur"),
        (b"", "vide"),
    ],
    ids=["xls-renamed", "password", "broken-zip", "csv-renamed", "empty"],
)
def test_trap_unreadable_workbook(tmp_path: Path, content: bytes, words: str) -> None:
    project = _project(tmp_path)
    (project / XLSX).write_bytes(content)
    out, diags = _validate(project)
    assert out.code == 1
    found = [d for d in diags if d["file"] == XLSX]
    assert len(found) == 1 and found[0]["code"] in ("CMQ-V050", "CMQ-V014"), diags
    assert words in found[0]["message"]
    assert found[0]["hint"]


def test_trap_damaged_archive(tmp_path: Path) -> None:
    project = _project(tmp_path)
    raw = (project / XLSX).read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data[: len(data) // 2]  # XML cut in the middle
            dst.writestr(info, data)
    (project / XLSX).write_bytes(out.getvalue())
    found = _expect(project, "CMQ-V050", XLSX)
    assert "endommagé" in found["message"]


def test_trap_formula_without_cached_value(tmp_path: Path) -> None:
    def spoil(book: Any) -> None:
        book["Chiffres"]["C3"] = "=300+612"  # openpyxl saves no computed value

    found = _expect(_project(tmp_path, spoil), "CMQ-V051", f"{XLSX}!Chiffres!C3")
    assert "ouvrez et enregistrez" in found["hint"].lower()


def test_formula_with_its_cached_value_is_read(tmp_path: Path) -> None:
    project = _project(tmp_path, lambda book: book["Chiffres"].__setitem__("C3", "=300+612"))
    raw = (project / XLSX).read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            # what Excel saves: the formula and the value it computed
            data = data.replace(b"<f>300+612</f><v></v>", b"<f>300+612</f><v>912</v>")
            dst.writestr(info, data)
    (project / XLSX).write_bytes(out.getvalue())
    result, diags = _validate(project, "--strict")
    assert result.code == 0, diags
    assert load_project(project).year(2021).campuses["AGT"].actions[0].metrics[0].value == 912


def test_trap_error_cell(tmp_path: Path) -> None:
    found = _expect(
        _project(tmp_path, lambda book: book["Chiffres"].__setitem__("C3", "#DIV/0!")),
        "CMQ-V052",
        f"{XLSX}!Chiffres!C3",
    )
    assert "#DIV/0!" in found["message"]


def test_trap_date_typed_as_text(tmp_path: Path) -> None:
    found = _expect(
        _project(tmp_path, lambda book: book["Actions"].__setitem__("C3", "04/02/2021")),
        "CMQ-V053",
        f"{XLSX}!Actions!C3",
    )
    assert "2021-02-04" in found["hint"] and "date" in found["hint"]


def test_iso_date_text_is_accepted(tmp_path: Path) -> None:
    project = _project(tmp_path, lambda book: book["Actions"].__setitem__("C3", "2021-02-04"))
    out, diags = _validate(project, "--strict")
    assert out.code == 0, diags
    assert str(load_project(project).year(2021).campuses["AGT"].actions[0].start) == "2021-02-04"


def test_trap_impossible_iso_date_lands_on_its_cell(tmp_path: Path) -> None:
    found = _expect(
        _project(tmp_path, lambda book: book["Actions"].__setitem__("C3", "2021-02-30")),
        "CMQ-V004",
        f"{XLSX}!Actions!C3",
    )
    assert found["path"] == "actions[0].start"


def _typed_number(book: Any) -> None:
    cell = book["Actions"]["C3"]
    cell.value, cell.number_format = 44231, "General"  # the date format was removed


def test_trap_number_where_a_date_belongs(tmp_path: Path) -> None:
    found = _expect(
        _project(tmp_path, _typed_number),
        "CMQ-V053",
        f"{XLSX}!Actions!C3",
    )
    assert "04/02/2021" in found["message"]


def test_trap_number_as_text_with_non_breaking_spaces(tmp_path: Path) -> None:
    found = _expect(
        _project(tmp_path, lambda book: book["Financement"].__setitem__("C3", "15\u00a0000,50 €")),
        "CMQ-V015",
        f"{XLSX}!Financement!C3",
    )
    assert found["path"] == "finances.lines[0].amounts[2021]"
    assert "cellule" in found["hint"]


def test_trap_merged_cells(tmp_path: Path) -> None:
    found = _expect(
        _project(tmp_path, lambda book: book["Actions"].merge_cells("F3:F4")),
        "CMQ-V054",
        f"{XLSX}!Actions!F3",
    )
    assert "F3:F4" in found["message"]


def test_trap_stray_value_in_the_last_row_is_reported_fast(tmp_path: Path) -> None:
    project = _project(tmp_path, lambda book: book["Actions"].__setitem__("A1048576", "oubli"))
    start = time.monotonic()
    found = _expect(project, "CMQ-V055", f"{XLSX}!Actions!A1048576")
    assert time.monotonic() - start < 10
    assert found["value"] == "oubli"


def test_trap_value_in_a_column_without_header(tmp_path: Path) -> None:
    _expect(
        _project(tmp_path, lambda book: book["Actions"].__setitem__("M3", "à voir")),
        "CMQ-V055",
        f"{XLSX}!Actions!M3",
    )


def test_trap_sheet_dimension_that_lies(tmp_path: Path) -> None:
    project = _project(tmp_path)
    raw = (project / XLSX).read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', data)
            dst.writestr(info, data)
    (project / XLSX).write_bytes(out.getvalue())
    result, diags = _validate(project, "--strict")
    assert result.code == 0, diags
    cy = load_project(project).year(2021).campuses["AGT"]
    assert cy.actions[1].title == "Forum des formations"  # beyond the announced A1:A1


def test_trap_renamed_header(tmp_path: Path) -> None:
    found = _expect(
        _project(tmp_path, lambda book: book["Actions"].__setitem__("B1", "Titre de l'action")),
        "CMQ-V056",
        f"{XLSX}!Actions!B1",
    )
    assert "« Titre »" in found["hint"] and found["severity"] == "error"


def test_trap_misspelt_header(tmp_path: Path) -> None:
    found = _expect(
        _project(tmp_path, lambda book: book["Actions"].__setitem__("C1", "Débuts")),
        "CMQ-V056",
        f"{XLSX}!Actions!C1",
    )
    assert "« Début »" in found["hint"]


def test_trap_duplicated_header(tmp_path: Path) -> None:
    found = _expect(
        _project(tmp_path, lambda book: book["Actions"].__setitem__("K1", "Titre")),
        "CMQ-V057",
        f"{XLSX}!Actions!K1",
    )
    assert "B1" in found["message"]


def test_trap_missing_sheet(tmp_path: Path) -> None:
    def spoil(book: Any) -> None:
        del book["Figures"]

    project = _project(tmp_path, spoil)
    _expect(project, "CMQ-V058", f"{XLSX}!Figures", exit_code=0)
    _expect(project, "CMQ-V058", f"{XLSX}!Figures", "--strict")


def test_trap_renamed_sheet(tmp_path: Path) -> None:
    def spoil(book: Any) -> None:
        book["Actions"].title = "Action"

    found = _expect(_project(tmp_path, spoil), "CMQ-V058", f"{XLSX}!Action")
    assert "Actions" in found["hint"] and found["severity"] == "error"


def test_trap_unknown_extra_sheet(tmp_path: Path) -> None:
    project = _project(tmp_path, lambda book: book.create_sheet("Brouillon"))
    found = _expect(project, "CMQ-V058", f"{XLSX}!Brouillon", exit_code=0)
    assert found["severity"] == "warning"


def test_trap_yaml_and_workbook_for_one_campus_year(tmp_path: Path) -> None:
    found = _expect(_project(tmp_path, keep_yaml=True), "CMQ-V059", "years/2021/AGT.yaml")
    assert "AGT.xlsx" in found["message"] and "AGT.yaml" in found["message"]


@pytest.mark.parametrize(
    ("cell", "value", "code", "words"),
    [
        ("F3", "terminé", "CMQ-V006", "réalisé"),  # not in the dropdown
        ("A3", "Salon 2021", "CMQ-V006", "minuscules"),  # not an id
        ("B3", None, "CMQ-V003", "Titre"),  # required, left empty
        ("E3", "attractivte", "CMQ-V032", "attractivite"),  # cross-file check
        ("J3", "Avec la DRAAF.", "CMQ-V026", "DRAAF"),  # acronym check
    ],
    ids=["status", "id", "missing", "unknown-axis", "acronym"],
)
def test_model_and_checks_land_on_the_cell(
    tmp_path: Path, cell: str, value: object, code: str, words: str
) -> None:
    found = _expect(
        _project(tmp_path, lambda book: book["Actions"].__setitem__(cell, value)),
        code,
        f"{XLSX}!Actions!{cell}",
    )
    assert words in found["message"] + (found["hint"] or "")
    # the model's findings and the checks across files alike say the cell as a director
    # sees it: « feuille Actions, ligne 3, colonne … (E3) : »
    assert found["message"].startswith("feuille Actions, ligne 3, colonne "), found
    assert f"({cell}) : " in found["message"], found


def test_year_mismatch_lands_on_the_campus_sheet(tmp_path: Path) -> None:
    found = _expect(
        _project(tmp_path, lambda book: book["Campus"].__setitem__("B3", 2020)),
        "CMQ-V029",
        f"{XLSX}!Campus!B3",
    )
    assert "2021" in found["hint"]


def test_metric_of_an_unknown_action(tmp_path: Path) -> None:
    _expect(
        _project(tmp_path, lambda book: book["Chiffres"].__setitem__("A3", "salom")),
        "CMQ-V032",
        f"{XLSX}!Chiffres!A3",
    )


def test_text_diagnostics_name_the_cell(tmp_path: Path) -> None:
    project = _project(tmp_path, lambda book: book["Actions"].__setitem__("D3", "06/03/2021"))
    out = run_cli("validate", "--project", str(project))
    assert out.code == 1
    assert out.stdout.startswith(f"{XLSX}!Actions!D3: error CMQ-V053 "), out.stdout
    assert "écrivez 2021-03-06" in out.stdout


def test_import_command_refuses_a_workbook_with_errors(tmp_path: Path) -> None:
    project = _project(tmp_path, lambda book: book["Actions"].__setitem__("C3", "04/02/2021"))
    target = tmp_path / "AGT.yaml"
    out = run_cli("import-xlsx", str(project / XLSX), "--out", str(target))
    assert out.code == 1
    assert "Actions!C3: error CMQ-V053" in out.stdout
    assert "Traceback" not in out.stderr and not target.exists()


def test_validate_of_yaml_only_projects_never_imports_openpyxl() -> None:
    code = (
        "import sys; from pathlib import Path; from cmqreport.api import validate; "
        f"validate(Path({str(EXAMPLE)!r})); print('openpyxl' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert proc.stdout.strip() == "False"


def test_password_found_in_a_directory_far_in_the_file(tmp_path: Path) -> None:
    # the OLE header (sector size 2**9, first directory sector 10000) points past 4 MB
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x1E:0x20] = (9).to_bytes(2, "little")
    header[0x30:0x34] = (10_000).to_bytes(4, "little")
    body = bytearray(10_001 * 512 + 512)
    body[: len(header)] = header
    marker = "EncryptedPackage".encode("utf-16-le")
    body[10_001 * 512 + 64 : 10_001 * 512 + 64 + len(marker)] = marker
    path = tmp_path / "AGT.xlsx"
    path.write_bytes(bytes(body))
    src = load_workbook_data(path, "AGT.xlsx")
    assert src.data is None
    assert [d.code for d in src.diagnostics] == ["CMQ-V050"]
    assert "mot de passe" in src.diagnostics[0].message


def test_id_defined_twice_names_the_first_cell(tmp_path: Path) -> None:
    found = _expect(
        _project(tmp_path, lambda book: book["Sections"].__setitem__("A4", "faits-marquants")),
        "CMQ-V021",
        f"{XLSX}!Sections!A4",
    )
    assert f"{XLSX}!Sections!A3" in found["message"]
