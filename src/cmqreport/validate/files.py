"""Checks of the files the data names: a figure's image must exist inside the project.

A figure without ``file:`` is printed as a grey frame: a warning names the picture it waits
for, so that ``--strict`` fails until every picture is provided. The web addresses of the
data (:func:`~cmqreport.validate.paths.web_addresses`) are read in the same walk of each
file (:func:`named_checks`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from cmqreport.diagnostics import Diagnostic, cut
from cmqreport.load.paths import project_path
from cmqreport.load.project import Project
from cmqreport.load.regular import MAX_PICTURE_BYTES, file_problem
from cmqreport.load.yamlsrc import Loaded, PathKey, dotted
from cmqreport.model.blocks import expected_picture
from cmqreport.validate.paths import web_addresses
from cmqreport.validate.sources import is_prose_file, values_named

__all__ = ["file_checks", "named_checks", "picture_checks"]


#: The keys whose values these checks read (web addresses: :func:`web_addresses`).
_NAMES = ("file", "figures", "url", "website")


def named_checks(project: Project) -> Iterator[Diagnostic]:
    """Figures and their files, web addresses: the values of each file under the keys
    these checks read, found in one walk of it."""
    for rel, src in sorted(project.sources.items()):
        if not src.ok:
            continue
        found = values_named(src.data, *_NAMES)
        if is_prose_file(rel):
            yield from file_checks(project, src, [(p, v) for p, v in found if p[-1] == "file"])
            figures = [(p, v) for p, v in found if p[-1] == "figures"]
            yield from picture_checks(rel, src, figures)
        yield from web_addresses(src, [(p, v) for p, v in found if p[-1] in ("url", "website")])


def file_checks(
    project: Project, src: Loaded, found: list[tuple[PathKey, Any]]
) -> Iterator[Diagnostic]:
    """Every ``file:`` value of a prose file (``found``): outside the project, or missing."""
    for path, text in found:
        if not isinstance(text, str):
            continue
        try:
            target = project_path(project.root, text)
            outside = target is None
            exists = target is not None and (target.exists() or target.is_symlink())
        except (OSError, ValueError):  # a NUL byte, a name too long for the system
            target, outside, exists = None, False, False
        if exists and target is not None:
            # a pipe or a device opened to copy it would block or never end
            problem = file_problem(target, cut(text), MAX_PICTURE_BYTES, "image")
            if problem is not None:
                yield replace(problem, place=src.place(path), path=dotted(path))
        elif outside:
            yield Diagnostic(
                "CMQ-V033",
                f"« {cut(text)} » sort du projet.",
                src.place(path),
                path=dotted(path),
                value=cut(text),
                hint="Placez l'image dans assets/ et écrivez assets/nom.png.",
            )
        else:  # inside the project, and nothing there
            yield Diagnostic(
                "CMQ-V034",
                f"« {cut(text)} » n'existe pas.",
                src.place(path),
                path=dotted(path),
                value=cut(text),
                hint="Vérifiez le nom, ou retirez file: pour un cadre vide.",
            )


def picture_checks(rel: str, src: Loaded, found: list[tuple[PathKey, Any]]) -> Iterator[Diagnostic]:
    """Every figure of a prose file (``found``: its ``figures`` lists) that has no picture
    (no ``file:``): a warning; a figure drawn from its ``sequence``: what would make its
    drawing wrong."""
    workbook = rel.lower().endswith(".xlsx")
    for path, figures in found:
        if not isinstance(figures, list):
            continue
        for i, fig in enumerate(figures):
            ident = fig.get("id") if isinstance(fig, dict) else None
            if not isinstance(ident, str):
                continue  # no id: reported by the schema
            where = (*path, i)
            if fig.get("sequence") is not None:
                yield from _sequence_checks(src, where, ident, fig)
                continue  # drawn by the build: no picture to wait for
            if fig.get("file") is not None:
                continue  # a file: is checked above
            wanted = expected_picture(ident)
            caption = fig.get("caption")
            named = f" « {cut(caption)} »" if isinstance(caption, str) and caption else ""
            hint = (
                f"Placez l'image dans assets/ et écrivez {wanted} dans sa colonne « Fichier »."
                if workbook
                else f"Placez l'image dans assets/ et ajoutez « file: {wanted} » à la figure."
            )
            yield Diagnostic(
                "CMQ-V095",
                f"La figure {ident}{named} n'a pas d'image : fichier attendu {wanted}.",
                src.place((*where, "id")),
                path=dotted(where),
                value=ident,
                hint=hint,
            )


def _sequence_checks(
    src: Loaded, where: PathKey, ident: str, fig: dict[str, object]
) -> Iterator[Diagnostic]:
    """A sequence figure has no ``file:`` (the build draws it) and no step without text."""
    if fig.get("file") is not None:
        yield Diagnostic(
            "CMQ-V110",
            f"La figure {ident} a une image (file:) et une frise (sequence:) : "
            "une seule des deux est imprimée.",
            src.place((*where, "file")),
            path=dotted((*where, "file")),
            value=ident,
            hint="Retirez « file: » pour que la frise soit dessinée, ou « sequence: » "
            "pour garder l'image.",
        )
    steps = fig.get("sequence")
    if not isinstance(steps, list):
        return  # not a list: reported by the schema
    for k, step in enumerate(steps):
        label = step.get("label") if isinstance(step, dict) else None
        if isinstance(label, str) and not label.strip():
            at = (*where, "sequence", k, "label")
            yield Diagnostic(
                "CMQ-V111",
                f"L'étape {k + 1} de la frise de la figure {ident} n'a pas de texte.",
                src.place(at),
                path=dotted(at),
                value=ident,
                hint="Écrivez l'étape dans « label: » (ex. « Visite de l'entreprise »), "
                "ou retirez l'étape.",
            )
