"""What a command imports before it reads a file: ``validate`` runs on every push and every
save, so it loads the data with pydantic and libyaml and nothing a report needs; ``--help``
not even the models. No timing is asserted (``benchmarks/`` measures): a change that brings
a heavy library back to start-up fails here, by name."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLE

# runs the real command line in a fresh process, then says what it imported
_RUN = """
import json, sys
from cmqreport.cli.app import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code or 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""

#: What a report needs (templates, pictures, documents, French formatting, the colours of a
#: terminal) and a validation does not.
REPORT_ONLY = (
    "babel",
    "jinja2",
    "markupsafe",
    "matplotlib",
    "openpyxl",
    "PIL",
    "pypandoc",
    "rapidfuzz",
    "rich",
    "typst",
    "cmqreport.analyse",
    "cmqreport.convert.docx",
    "cmqreport.render",
    "cmqreport.write",
)
#: What reading and checking the data needs, and a help text does not.
DATA_ONLY = ("pydantic", "pydantic_core", "ruamel", "cmqreport.load", "cmqreport.model")


def _imported(*args: str) -> list[str]:
    """The modules that ``cmqreport ARGS`` imported (its stdout a pipe, as in CI)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GITHUB_") and k not in ("FORCE_COLOR", "TTY_COMPATIBLE")
    }
    proc = subprocess.run(
        [sys.executable, "-c", _RUN, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, proc.stdout + proc.stderr
    modules: list[str] = report["modules"]
    return modules


def _among(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted({n for n in names for m in modules if m == n or m.startswith(n + ".")})


@pytest.mark.parametrize(
    "options", [["-q"], [], ["--format", "github"], ["--format", "json"]], ids=repr
)
def test_validate_imports_nothing_that_only_a_report_needs(options: list[str]) -> None:
    modules = _imported("validate", "--project", str(EXAMPLE), *options)
    assert _among(modules, REPORT_ONLY) == []
    # the check really saw the data: the models were read (not a command that stopped early)
    assert _among(modules, DATA_ONLY) == sorted(DATA_ONLY)


def test_help_imports_neither_the_data_model_nor_a_report_library() -> None:
    modules = _imported("--help")
    assert _among(modules, REPORT_ONLY + DATA_ONLY) == []


def _postpones_annotations(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(a.name == "annotations" for a in node.names)
        for node in tree.body
    )


def _reads_annotations_at_start(tree: ast.Module) -> bool:
    """A module of pydantic models (a class based on ``Model`` or ``BaseModel``) or of Typer
    commands (``app.command``): its annotations are read at every start."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(
            isinstance(b, ast.Name) and b.id in ("Model", "BaseModel") for b in node.bases
        ):
            return True
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "command"
            and isinstance(node.value, ast.Name)
            and node.value.id == "app"
        ):
            return True
    return False


def test_models_and_commands_annotations_are_not_strings() -> None:
    # pydantic and Typer would evaluate ~700 annotation strings at every start (9 ms)
    src = Path(__file__).resolve().parent.parent / "src" / "cmqreport"
    readers = []
    for path in sorted(src.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if _reads_annotations_at_start(tree):
            readers.append(path.relative_to(src).as_posix())
            assert not _postpones_annotations(tree), path
    assert {"model/campus_year.py", "cli/app.py"} <= set(readers), readers
