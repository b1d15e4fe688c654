"""Checks of the files the data names: a figure's image must exist inside the project."""

from __future__ import annotations

from collections.abc import Iterator

from cmqreport.diagnostics import Diagnostic, cut
from cmqreport.load.paths import project_path
from cmqreport.load.project import Project
from cmqreport.load.yamlsrc import dotted
from cmqreport.validate.sources import all_values, prose_sources

__all__ = ["file_checks"]


def file_checks(project: Project) -> Iterator[Diagnostic]:
    """Every ``file:`` value of the data files: outside the project, or missing."""
    for _, src in prose_sources(project):
        for path, text in all_values(src.data):
            if not path or path[-1] != "file" or not isinstance(text, str):
                continue
            try:
                target = project_path(project.root, text)
                outside = target is None
                exists = target is not None and target.is_file()
            except (OSError, ValueError):  # a NUL byte, a name too long for the system
                outside, exists = False, False
            if outside:
                yield Diagnostic(
                    "CMQ-V033",
                    f"« {cut(text)} » sort du projet.",
                    src.place(path),
                    path=dotted(path),
                    value=cut(text),
                    hint="Placez l'image dans assets/ et écrivez assets/nom.png.",
                )
            elif not exists:
                yield Diagnostic(
                    "CMQ-V034",
                    f"« {cut(text)} » n'existe pas.",
                    src.place(path),
                    path=dotted(path),
                    value=cut(text),
                    hint="Vérifiez le nom, ou retirez file: pour un cadre vide.",
                )
