"""Diagnostics as plain text lines, a JSON document or GitHub Actions annotations."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from cmqreport.diagnostics.record import Diagnostic, summary

__all__ = [
    "JSON_SCHEMA_VERSION",
    "format_github",
    "format_json",
    "line_of",
    "repo_path",
    "running_on_github",
]

JSON_SCHEMA_VERSION = 1


def line_of(d: Diagnostic) -> str:
    """The one-line text form, without colours."""
    head = f"{d.place}: " if d.place else ""
    path = f" {d.path}:" if d.path else ""
    text = f"{head}{d.level.value} {d.code}{path} {d.message}"
    if d.hint:
        text += f" {d.hint}"
    return text


def format_json(diags: Sequence[Diagnostic], *, project: str) -> str:
    """One JSON document with a schema version, a summary and every diagnostic."""
    doc = {
        "schema_version": JSON_SCHEMA_VERSION,
        "project": project,
        "summary": summary(diags),
        "diagnostics": [d.to_dict() for d in diags],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def repo_path(file: str, project: str) -> str:
    """Where GitHub finds ``file`` (relative to the project): relative to the checkout.

    Annotations name files from the root of the repository (``$GITHUB_WORKSPACE``, else
    the current directory), whereas diagnostics name them from the project's folder.
    """
    absolute = os.path.abspath(os.path.join(project, file))
    root = os.path.abspath(os.environ.get("GITHUB_WORKSPACE") or os.getcwd())
    rel = os.path.relpath(absolute, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        rel = absolute
    return rel.replace(os.sep, "/")


def format_github(diags: Sequence[Diagnostic], *, project: str = ".") -> list[str]:
    """GitHub Actions workflow commands, one per diagnostic (``::error file=…``).

    ``project`` is the project folder as given on the command line: files are named from
    the repository's root, so that annotations land on them.
    """
    lines = []
    for d in diags:
        kind = {"error": "error", "warning": "warning", "info": "notice"}[d.level.value]
        props = []
        if d.place:
            props.append(f"file={_gh_escape(repo_path(d.place.file, project), prop=True)}")
            if d.place.line:
                props.append(f"line={d.place.line}")
            if d.place.col:
                props.append(f"col={d.place.col}")
        props.append(f"title={_gh_escape(f'{d.code} {d.slug}', prop=True)}")
        msg = (f"{d.path}: " if d.path else "") + d.message + (f" {d.hint}" if d.hint else "")
        if d.place and d.place.sheet:
            msg = f"{d.place}: {msg}"
        lines.append(f"::{kind} {','.join(props)}::{_gh_escape(msg)}")
    return lines


def running_on_github() -> bool:
    """True when running inside GitHub Actions."""
    return os.environ.get("GITHUB_ACTIONS") == "true"
