"""Reading a project pauses Python's cycle collector and gives it back as it was; a
workbook that openpyxl read leaves no cycles behind, so a project of many does not grow."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from cmqreport.load.collector import paused_collection
from cmqreport.load.project import load_project
from cmqreport.load.workbook import load_workbook_data, reader
from cmqreport.write.workbook import export_campus_year
from helpers import EXAMPLE, run_cli


def test_the_collector_is_back_after_a_load() -> None:
    assert gc.isenabled()
    project = load_project(EXAMPLE)
    assert project.sources
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        load_project(EXAMPLE)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_workbook_read_by_openpyxl_leaves_no_cycles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = load_project(EXAMPLE)
    code, cy = next(iter(project.year(2021).campuses.items()))
    path = tmp_path / f"{code}.xlsx"
    export_campus_year(cy, code, 2021, path, campus_name=project.campuses[code].name)
    monkeypatch.setattr(reader, "read_sheets", lambda _path: None)  # openpyxl reads it
    gc.collect()
    with paused_collection():
        out = load_workbook_data(path, f"years/2021/{code}.xlsx")
        left = gc.collect()  # what the load left for the collector
    assert out.data is not None
    assert left == 0


def test_validate_freezes_what_it_read_only_as_a_program_of_its_own() -> None:
    # many commands in one process (Typer's runner, an editor's plugin): nothing is frozen,
    # so the cycles they drop are still collected
    before = gc.get_freeze_count()
    assert run_cli("validate", "-q", "--project", str(EXAMPLE)).code == 0
    assert gc.get_freeze_count() == before
