"""The benchmark's synthetic projects are valid projects (no timing is asserted)."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generated_m_project_validates(tmp_path: Path) -> None:
    """M (104 campuses) is written twice to the same bytes and validate accepts it."""
    main = runpy.run_path(str(ROOT / "benchmarks" / "generate.py"))["main"]
    assert main([str(tmp_path / "a"), "--sizes", "M"]) == 0
    assert main([str(tmp_path / "b"), "--sizes", "M"]) == 0
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert files_a == files_b
    assert len(list((tmp_path / "a" / "M" / "campuses").glob("*.yaml"))) == 104
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    run = subprocess.run(
        [sys.executable, "-m", "cmqreport", "validate", "--project", str(tmp_path / "a" / "M")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 erreur" in run.stdout + run.stderr
    # a national report: more than the sandbox's 2 000 000 characters a template may write
    # for a regional one, within ten times its data
    out = tmp_path / "out"
    build = [sys.executable, "-m", "cmqreport", "build", "2021", "--project"]
    run = subprocess.run(
        [*build, str(tmp_path / "a" / "M"), "--to", "md", "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    report = (out / "rapport-2021.md").read_text(encoding="utf-8")
    assert len(report) > 2_000_000
    codes = [p.stem for p in (tmp_path / "a" / "M" / "campuses").glob("*.yaml")]
    assert [c for c in codes if not re.search(rf"\b{c}\b", report)] == []


def test_generated_w_workbook_has_2000_actions_and_validates(tmp_path: Path) -> None:
    """W: the example with AGT's 2021 campus-year as a workbook of 2 000 action rows."""
    import openpyxl

    main = runpy.run_path(str(ROOT / "benchmarks" / "generate.py"))["main"]
    assert main([str(tmp_path), "--sizes", "W"]) == 0
    year = tmp_path / "W" / "years" / "2021"
    assert not (year / "AGT.yaml").exists()
    book = openpyxl.load_workbook(year / "AGT.xlsx", read_only=True)
    ids = [row[0] for row in book["Actions"].iter_rows(min_row=2, values_only=True) if row[0]]
    book.close()
    ids = [i for i in ids if not str(i).startswith("Exemple")]
    assert len(ids) == 2000
    assert len(set(ids)) == 2000
    run = subprocess.run(
        [sys.executable, "-m", "cmqreport", "validate", "--project", str(tmp_path / "W")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 erreur" in run.stdout + run.stderr
    assert "years/2021/AGT.xlsx" in run.stdout + run.stderr
