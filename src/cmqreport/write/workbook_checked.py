"""One campus-year file checked against the model on its own, outside of its project.

The workbook commands convert one file (a YAML to export, a workbook to import): they
need its model, or the diagnostics of its errors, without loading a whole project.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cmqreport.diagnostics import Diagnostic
from cmqreport.load.yamlsrc import Loaded

if TYPE_CHECKING:
    from cmqreport import model as m

__all__ = ["checked_campus_year"]


def checked_campus_year(src: Loaded) -> tuple[m.CampusYear | None, list[Diagnostic]]:
    """The campus-year of ``src``'s data, or None and the model's errors, placed in ``src``."""
    from pydantic import ValidationError

    from cmqreport import model as mdl
    from cmqreport.load.pydantic_errors import pydantic_diagnostics

    try:
        return mdl.CampusYear.model_validate(src.data), []
    except ValidationError as exc:
        return None, pydantic_diagnostics(exc, src, mdl.CampusYear)
