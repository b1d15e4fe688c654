"""The Python API: one function per command. The CLI only parses options and prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmqreport.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from cmqreport.load.project import Project

__all__ = ["Validation", "json_schema", "validate"]


@dataclass
class Validation:
    """The outcome of :func:`validate`."""

    project: Project
    diagnostics: list[Diagnostic]

    def failed(self, *, strict: bool = False) -> bool:
        """True when there are errors (or warnings, under ``strict``)."""
        bad = {Severity.error, Severity.warning} if strict else {Severity.error}
        return any(d.level in bad for d in self.diagnostics)


def validate(directory: Path) -> Validation:
    """Load the project at ``directory`` and run every check; never raises for bad data."""
    from cmqreport.load.project import load_project
    from cmqreport.validate.checks import run_checks

    project = load_project(directory)
    diags = list(project.diagnostics)
    # the checks skip what unreadable files would have said (Project.failed): a syntax error
    # in one file never hides the errors of the others
    diags += run_checks(project)
    diags.sort(key=Diagnostic.sort_key)
    return Validation(project, diags)


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """JSON Schema of one data file kind, or of all of them (``kind=None``)."""
    from cmqreport.model.schema import build_schema

    return build_schema(kind)
