"""Diagnostics: one record for every problem found in a project, and its output formats.

A :class:`Diagnostic` carries a stable code (``CMQ-V004``) and slug (``date-invalid``), a
severity, a French message and hint, the place in the source (``file:line:col`` for YAML,
``file!Sheet!C12`` for workbooks), the data path (``actions[3].date``) and the offending
value. The same record is printed as text, JSON or GitHub Actions annotations.
"""

from __future__ import annotations

from cmqreport.diagnostics.codes import CODES, Code, Severity
from cmqreport.diagnostics.formats import (
    JSON_SCHEMA_VERSION,
    format_github,
    format_json,
    line_of,
    repo_path,
    running_on_github,
)
from cmqreport.diagnostics.french import plural
from cmqreport.diagnostics.record import (
    CONTROL,
    Diagnostic,
    Place,
    char_name,
    cut,
    printable,
    summary,
    without_controls,
)

__all__ = [
    "CODES",
    "CONTROL",
    "JSON_SCHEMA_VERSION",
    "Code",
    "Diagnostic",
    "Place",
    "Severity",
    "char_name",
    "cut",
    "format_github",
    "format_json",
    "line_of",
    "plural",
    "printable",
    "repo_path",
    "running_on_github",
    "summary",
    "without_controls",
]
