"""docs/diagnostics.md is generated from ``diagnostics.CODES`` and kept up to date."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from cmqreport.diagnostics import CODES

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    path = ROOT / "scripts" / "gen_diagnostics_doc.py"
    spec = importlib.util.spec_from_file_location("gen_diagnostics_doc", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_doc_is_up_to_date() -> None:
    doc = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert doc == _script().render(), "run: .venv/bin/python scripts/gen_diagnostics_doc.py"


def test_every_code_is_documented_with_a_fix() -> None:
    doc = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    rows = {line.split(" | ", 1)[0]: line for line in doc.splitlines() if line.startswith("| CMQ-")}
    assert len(rows) == len(CODES)
    for code in CODES.values():
        assert code.fix.strip(), code.code
        row = rows[f"| {code.code}"]
        assert row.startswith(f"| {code.code} | `{code.slug}` | {code.severity.value} |"), row
        fix = code.fix.replace("|", "\\|").replace("\n", " ")
        assert row.endswith(f" | {fix} |"), row


def test_every_code_printed_by_the_source_is_known() -> None:
    used: set[str] = set()
    for path in (ROOT / "src" / "cmqreport").rglob("*.py"):
        used |= set(re.findall(r"CMQ-V\d{3}", path.read_text(encoding="utf-8")))
    assert used, "no code found in the source"
    assert used <= set(CODES), sorted(used - set(CODES))
    slugs = [c.slug for c in CODES.values()]
    assert len(slugs) == len(set(slugs))
