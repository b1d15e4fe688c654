"""The cross-file checks, under their former name: see :mod:`cmqreport.validate.run`."""

from __future__ import annotations

from cmqreport.validate.run import run_checks

__all__ = ["run_checks"]
