"""Checks that every campus code names a campus: ``campuses/CODE.yaml`` exists."""

from __future__ import annotations

from collections.abc import Iterator

from cmqreport.diagnostics import Diagnostic
from cmqreport.load.layout import CONFIG_NAME, campus_rel
from cmqreport.load.project import Project
from cmqreport.load.yamlsrc import PathKey, dotted

__all__ = ["campus_checks"]


def campus_checks(project: Project) -> Iterator[Diagnostic]:
    """Unknown codes in ``campus_order``, in campus-year files and in perspectives."""
    known = project.known_campuses()
    hint = "Codes connus : " + ", ".join(sorted(known)) + "." if known else None

    def unknown(rel: str, path: PathKey, code: str, message: str) -> Diagnostic:
        return Diagnostic(
            "CMQ-V020", message, project.place(rel, path), hint=hint, path=dotted(path), value=code
        )

    if project.config:
        for i, code in enumerate(project.config.campus_order):
            if code not in known:
                yield unknown(CONFIG_NAME, ("campus_order", i), code, f"campus « {code} » inconnu.")
    for year, data in sorted(project.years.items()):
        for code in data.campuses:
            if code not in known:
                rel = project.rel_of("campus_year", year, code)
                message = f"campus « {code} » inconnu (pas de {campus_rel(code)})."
                yield unknown(rel, ("campus",), code, message)
        if data.perspectives:
            rel = project.rel_of("perspectives", year)
            for i, item in enumerate(data.perspectives.items):
                for j, code in enumerate(item.campuses):
                    if code not in known:
                        path = ("items", i, "campuses", j)
                        yield unknown(rel, path, code, f"campus « {code} » inconnu.")
