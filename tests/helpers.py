"""Helpers shared by the tests: one way to build a project, one way to run the CLI.

* :func:`build_tree` writes a project: ``{relative path: text or bytes}``, optionally over
  a copy of a folder (``examples/bfc``). The validation cases (``tests/cases/validate``)
  give their files through :func:`read_case` and :func:`case_files`.
* :func:`run_cli` runs ``cmqreport``: in this process through Typer's runner (fast, the
  default), or as the installed program in a subprocess (``real=True``) where the real
  process matters (entry point, console encoding, environment).
* :func:`snapshot` records every file of a folder, to check that nothing was touched.
* :func:`require` skips a test when a tool is missing, except on CI, where it fails;
  :func:`tex_problem` and :func:`libreoffice_problem` tell whether the tools really work.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "CASES_DIR",
    "EXAMPLE",
    "EXAMPLE_MISSING_PICTURES",
    "CliRun",
    "build_tree",
    "case_files",
    "libreoffice_problem",
    "on_ci",
    "pdf_engine",
    "read_case",
    "require",
    "run_cli",
    "snapshot",
    "tex_problem",
]

TESTS_DIR = Path(__file__).resolve().parent
ROOT = TESTS_DIR.parent
EXAMPLE = ROOT / "examples" / "bfc"
CASES_DIR = TESTS_DIR / "cases" / "validate"
#: The figures of the example whose pictures (photos, flyers) are not shipped: each is a
#: CMQ-V095 warning, the example's only ones, so ``validate --strict`` fails on it.
EXAMPLE_MISSING_PICTURES = frozenset(
    {
        "agt-voie-des-talents",
        "msi-fig-hambourg",
        "msi-fig-turin",
        "msi-fig-ptech",
        "msi-fig-plaquette-ia",
        "ti-outil-interactif",
        "ti-energy-tour-flyer",
    }
)
#: Hard limit of one CLI run in a subprocess.
CLI_TIMEOUT = 20.0

_NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


# --------------------------------------------------------------------------- projects


def build_tree(
    root: Path,
    files: Mapping[str, str | bytes | None] | None = None,
    *,
    copy_of: Path | None = None,
) -> Path:
    """Write a project under ``root`` and return ``root``.

    ``copy_of`` is first copied to ``root`` (without its ``build`` folder). Then each
    ``{relative path: content}`` is written: text is dedented and written as UTF-8, bytes
    exactly as given, ``None`` removes the file.
    """
    if copy_of is not None:
        shutil.copytree(copy_of, root, ignore=shutil.ignore_patterns("build"), dirs_exist_ok=True)
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in (files or {}).items():
        path = root / rel
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, to check that nothing was touched."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- validate cases


def read_case(path: Path) -> dict[str, Any]:
    """One case file as plain data (YAML 1.2, safe loader)."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: a case is a mapping"
    return data


def _binary(spec: Mapping[str, Any]) -> bytes:
    if "base64" in spec:
        return base64.b64decode(spec["base64"])
    if "hex" in spec:
        return bytes.fromhex("".join(str(spec["hex"]).split()))
    text = str(spec["text"])
    newline = spec.get("newline")
    if newline:
        text = text.replace("\n", _NEWLINES.get(str(newline).lower(), str(newline)))
    encoding = str(spec.get("encoding", "utf-8"))
    data = text.encode(encoding)
    if spec.get("bom"):
        data = (
            "\ufeff".encode(encoding) + data
            if "utf-8" not in encoding.lower()
            else (b"\xef\xbb\xbf" + data)
        )
    return data


def _generated(spec: Mapping[str, Any]) -> bytes:
    text = str(spec.get("prefix", "")) + str(spec.get("repeat", "")) * int(spec.get("times", 1))
    return (text + str(spec.get("suffix", ""))).encode("utf-8")


def case_files(case: Mapping[str, Any]) -> dict[str, bytes]:
    """The files of a case as exact bytes: ``_base.yaml``'s, then the case's (``null``
    removes a base file). Give them to :func:`build_tree`."""
    base = read_case(CASES_DIR / "_base.yaml")
    merged: dict[str, Any] = dict(base.get("files") or {})
    merged.update(case.get("files") or {})
    out = {rel: str(text).encode("utf-8") for rel, text in merged.items() if text is not None}
    for rel, spec in (case.get("binary_files") or {}).items():
        out[rel] = _binary(spec)
    for rel, spec in (case.get("generated_files") or {}).items():
        out[rel] = _generated(spec)
    return out


# --------------------------------------------------------------------------- CLI


@dataclass
class CliRun:
    """The outcome of one ``cmqreport`` run."""

    code: int
    stdout: str
    stderr: str
    seconds: float

    def json(self) -> Any:
        """stdout read as JSON."""
        try:
            return json.loads(self.stdout)
        except json.JSONDecodeError as exc:
            raise AssertionError(f"stdout is not JSON ({exc}):\n{self.stdout[:2000]}") from None


def _environment(env: Mapping[str, str | None] | None) -> dict[str, str | None]:
    """The variables a run changes (None removes one): no colours, wide lines, and none of
    the GitHub Actions variables of the machine running the tests."""
    changes: dict[str, str | None] = {
        k: None for k in os.environ if k.startswith("GITHUB_") or k == "FORCE_COLOR"
    }
    changes.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"})
    changes.update(env or {})
    return changes


def _program() -> list[str]:
    """The installed ``cmqreport`` (the entry point users run), else ``python -m``."""
    beside = Path(sys.executable).parent / "cmqreport"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("cmqreport")
    return [found] if found else [sys.executable, "-m", "cmqreport"]


def run_cli(
    *args: str,
    cwd: Path | None = None,
    env: Mapping[str, str | None] | None = None,
    real: bool = False,
) -> CliRun:
    """Run ``cmqreport ARGS`` and return its exit code and output.

    By default in this process, through Typer's runner; an exception that escapes the
    command (which the real program would print as a traceback) fails the test. With
    ``real=True``, the installed program runs in a subprocess (20 s at most). ``env`` adds
    variables, or removes those given as None.
    """
    changes = _environment(env)
    start = time.perf_counter()
    if real:
        environ = {k: v for k, v in os.environ.items() if changes.get(k, v) is not None}
        environ.update({k: v for k, v in changes.items() if v is not None})
        proc = subprocess.run(
            [*_program(), *args],
            cwd=cwd,
            env=environ,
            capture_output=True,
            timeout=CLI_TIMEOUT,
            check=False,
        )
        return CliRun(
            proc.returncode,
            proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"),
            time.perf_counter() - start,
        )
    from typer.testing import CliRunner

    from cmqreport.cli.app import app

    with contextlib.chdir(cwd or Path.cwd()):
        result = CliRunner().invoke(app, list(args), env=changes)
    seconds = time.perf_counter() - start
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        shown = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"cmqreport {' '.join(args)} raised:\n{shown}")
    return CliRun(result.exit_code, result.stdout, result.stderr, seconds)


# --------------------------------------------------------------------------- external tools


def on_ci() -> bool:
    """True on the continuous integration, where every tool must be installed."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(problem: str | None, install: str) -> None:
    """Skip the test when a tool does not work (``problem``), but fail it on CI: there the
    integration tests must run. ``install`` says what CI must install."""
    if problem is None:
        return
    if on_ci():
        pytest.fail(f"CI must run this test, but {problem}: install {install} (see .ci/run).")
    pytest.skip(problem)


_TINY_TEX = "\\documentclass{article}\n\\begin{document}\nBonjour.\n\\end{document}\n"


@functools.cache
def tex_problem(engine: str) -> str | None:
    """Why ``engine`` cannot compile a document, or None when it can.

    An engine on PATH may still not work (a lualatex without its format file, a missing
    class): only compiling a tiny document tells.
    """
    program = shutil.which(engine)
    if program is None:
        return f"{engine} is not installed"
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "tiny.tex").write_text(_TINY_TEX, encoding="utf-8")
        try:
            proc = subprocess.run(
                [program, "-interaction=nonstopmode", "-halt-on-error", "tiny.tex"],
                cwd=tmp,
                capture_output=True,
                timeout=180,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"{engine} does not run ({exc})"
        if proc.returncode != 0 or not (Path(tmp) / "tiny.pdf").is_file():
            tail = proc.stdout.decode("utf-8", "replace").strip().splitlines()[-3:]
            return f"{engine} cannot compile a tiny document: {' / '.join(tail)}"
    return None


def pdf_engine() -> str:
    """The engine ``build`` uses for PDF: xelatex, else lualatex (the first installed)."""
    return next((e for e in ("xelatex", "lualatex") if shutil.which(e)), "xelatex")


@functools.cache
def libreoffice_problem() -> tuple[str | None, str | None]:
    """``(soffice, None)`` when LibreOffice runs, else ``(None, why)``."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        return None, "LibreOffice is not installed"
    try:
        proc = subprocess.run([program, "--version"], capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"LibreOffice does not run ({exc})"
    if proc.returncode != 0:
        return None, f"LibreOffice does not run (exit {proc.returncode})"
    return program, None
