"""Checks of the links between acronyms and the glossary."""

from __future__ import annotations

from collections.abc import Iterator

from cmqreport.diagnostics import Diagnostic
from cmqreport.diagnostics.hints import did_you_mean
from cmqreport.load.project import Project

__all__ = ["glossary_checks"]


def glossary_checks(project: Project) -> Iterator[Diagnostic]:
    """Acronyms whose ``glossary:`` names a term the glossary does not define."""
    terms = {t.term for t in project.glossary}
    rel = project.rel_of("acronyms")
    for acronym, entry in project.acronyms.items():
        if entry.glossary and entry.glossary not in terms:
            yield Diagnostic(
                "CMQ-V038",
                f"le terme « {entry.glossary} » n'est pas dans le glossaire.",
                project.place(rel, ("acronyms", acronym, "glossary")),
                path=f"acronyms.{acronym}.glossary",
                value=entry.glossary,
                hint=did_you_mean(entry.glossary, terms),
            )
