"""Helpers shared by the tests: build projects from inline text or case files, run the CLI.

* :func:`build_tree` writes ``{relative path: text}`` (dedented) under a folder.
* The validate cases (``tests/cases/validate/*.yaml``, see ``test_validate_cases.py``):
  :func:`read_case`, :func:`case_files` (merged over ``_base.yaml``), :func:`write_project`,
  :func:`snapshot`.
* :func:`run_cli` runs the real ``cmqreport`` in a subprocess.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "CASES_DIR",
    "CliRun",
    "build_tree",
    "case_files",
    "read_case",
    "run_cli",
    "snapshot",
    "write_project",
]

TESTS_DIR = Path(__file__).resolve().parent
CASES_DIR = TESTS_DIR / "cases" / "validate"
#: Hard limit of one CLI run.
CLI_TIMEOUT = 20.0

_NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


def build_tree(root: Path, files: Mapping[str, str]) -> Path:
    """Write ``{relative path: text}`` under ``root`` (dedented, UTF-8) and return ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


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
    """The files of a case: ``_base.yaml``'s, then the case's (``null`` removes a file)."""
    base = read_case(CASES_DIR / "_base.yaml")
    merged: dict[str, Any] = dict(base.get("files") or {})
    merged.update(case.get("files") or {})
    out = {rel: str(text).encode("utf-8") for rel, text in merged.items() if text is not None}
    for rel, spec in (case.get("binary_files") or {}).items():
        out[rel] = _binary(spec)
    for rel, spec in (case.get("generated_files") or {}).items():
        out[rel] = _generated(spec)
    return out


def write_project(root: Path, files: Mapping[str, bytes | str]) -> Path:
    """Write ``{relative path: bytes or text}`` under ``root`` exactly and return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, to check that nothing was touched."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


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
        return json.loads(self.stdout)


def _cli() -> str:
    beside = Path(sys.executable).parent / "cmqreport"
    if beside.exists():
        return str(beside)
    found = shutil.which("cmqreport")
    assert found, "cmqreport is not installed (pip install -e .)"
    return found


def run_cli(*args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> CliRun:
    """Run the installed ``cmqreport`` with ``args`` in a subprocess (20 s at most)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    environ.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"})
    environ.update(env or {})
    start = time.monotonic()
    proc = subprocess.run(
        [_cli(), *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=CLI_TIMEOUT,
        check=False,
    )
    return CliRun(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)
