"""The benchmark runs and gives every command its floor and ratio (no timing is asserted)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_prints_a_ratio_for_every_command(tmp_path: Path) -> None:
    # one run on S, LibreOffice's layout off: the table's form is checked, not its numbers
    env = {**os.environ, "CMQREPORT_DOCX_LAYOUT": "0"}
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--quick", "--runs", "1",
         "--cache", str(tmp_path / "cache")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    rows = [line.split("|")[1:-1] for line in run.stdout.splitlines() if line.startswith("| ")]
    assert [c.strip() for c in rows[0]] == [
        "command", "size", "median s", "min–max s", "peak MB", "floor", "ratio",
    ]  # fmt: skip
    table = {(r[0].strip(), r[1].strip()): [c.strip() for c in r] for r in rows[1:]}
    for command in (
        ("--help", "-"),
        ("validate", "S"),
        ("build --to docx (sans LibreOffice)", "S"),
        ("build --to latex", "S"),
        ("build --to pdf (Typst)", "S"),
        ("build --to md,docx,latex,pdf", "S"),
    ):
        cells = table[command]
        assert re.fullmatch(r"\d+\.\d{2}×", cells[6]), cells
        assert float(cells[2]) > 0 and float(cells[4]) > 0, cells
    assert ("build --to docx", "S") not in table  # LibreOffice off: no row with its layout
    assert ("(floor) docx", "S") in table and ("(floor) typst-compile", "S") in table
