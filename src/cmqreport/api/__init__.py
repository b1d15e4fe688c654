"""The Python API: one function per command, each returning a result object.

Nothing here prints or exits: :mod:`cmqreport.cli` parses options, calls one function and
prints its result. Errors meant for people are raised as :class:`~cmqreport.errors.UsageError`
(bad command line) or :class:`~cmqreport.errors.DataError` (unusable data, with its
diagnostics). Heavy modules are imported inside the functions so that ``validate`` starts
fast.
"""

from __future__ import annotations

from cmqreport.api.report import (
    BuildResult,
    DiffResult,
    InvalidData,
    Progress,
    Validation,
    build,
    diff_perspectives,
    explain,
    json_schema,
    validate,
    write_schemas,
)
from cmqreport.api.year import (
    ReviewResult,
    StatusResult,
    WorkbookExport,
    WorkbookImport,
    export_xlsx,
    export_xlsx_all,
    import_xlsx,
    init,
    new_year,
    review,
    status,
)
from cmqreport.convert.formats import FORMATS, parse_formats

__all__ = [
    "FORMATS",
    "BuildResult",
    "DiffResult",
    "InvalidData",
    "Progress",
    "ReviewResult",
    "StatusResult",
    "Validation",
    "WorkbookExport",
    "WorkbookImport",
    "build",
    "diff_perspectives",
    "explain",
    "export_xlsx",
    "export_xlsx_all",
    "import_xlsx",
    "init",
    "json_schema",
    "new_year",
    "parse_formats",
    "review",
    "status",
    "validate",
    "write_schemas",
]

#: Called with a short French label (« Rendu Markdown ») as each stage of a command starts.
