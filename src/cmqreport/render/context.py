"""What the templates get: the variables of ``body.md.j2`` and ``report.md.j2``.

``body.md.j2`` gets ``year``, ``config``, ``network``, ``title``, ``subtitle``, ``summary``,
``presentation``, ``chapters``, ``annexes`` (numbered nodes with their bodies), ``fmt`` (the
locale's formatter), ``changes`` (the year's governance, portage and label changes) and
``diff`` (last year's perspectives against this year, ``None`` without a perspectives
chapter). ``report.md.j2`` gets the same and ``body``, ``acronyms``, ``glossary``,
``metadata`` and ``has_references``.
"""

from __future__ import annotations

from typing import Any

from cmqreport import model as m
from cmqreport.render import front
from cmqreport.render.acronyms import Usage, acronym_entries, glossary_entries
from cmqreport.render.markdown import Md
from cmqreport.render.metadata import metadata_block
from cmqreport.render.outline import Outline
from cmqreport.render.writer import Writer

__all__ = ["body_context", "report_context"]


def body_context(w: Writer, outline: Outline) -> dict[str, Any]:
    """The variables of ``body.md.j2``."""
    net = w.network
    return {
        "year": w.year,
        "config": w.project.config or m.ProjectConfig(network="", region=""),
        "network": net,
        "title": w.text.plain(net.title),
        "subtitle": w.text.plain(net.subtitle) if net.subtitle else "",
        "summary": front.summary(w),
        "presentation": front.presentation(w),
        "chapters": outline.chapters,
        "annexes": outline.annexes,
        "fmt": w.fmt,
        "changes": w.analysis.changes,
        "diff": w.analysis.diff,
    }


def report_context(
    w: Writer,
    body_vars: dict[str, Any],
    body: str,
    uses: tuple[dict[str, Usage], dict[str, Usage]],
    has_references: bool,
) -> dict[str, Any]:
    """The variables of ``report.md.j2``: the body's, the rendered body and the indexes."""
    acr_use, term_use = uses
    return {
        **body_vars,
        "body": Md(body),
        "acronyms": acronym_entries(w.project, w.text, acr_use, w.sources),
        "glossary": glossary_entries(w.project, w.text, term_use),
        "metadata": metadata_block(w, has_references),
        "has_references": has_references,
    }
