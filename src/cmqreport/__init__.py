"""cmqreport: the yearly activity report of a network of Campus des Métiers et des
Qualifications, from data and templates, in Markdown, DOCX, LaTeX and PDF."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
