"""Files of a project that belong to no part of it: a misplaced YAML file, a lock file.

They are warnings (CMQ-V028): a file in the wrong place is data missing from the report.
The repository's tool files (``.github/``, ``.pre-commit-config.yaml``…) never are, nor the
files that the project's ``exclude:`` patterns name.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from pathlib import Path

from cmqreport.diagnostics import Diagnostic, Place
from cmqreport.load.layout import (
    DATA_DIRS,
    IGNORED_DIRS,
    LEGACY_WORKBOOK_SUFFIXES,
    WORKBOOK_SUFFIX,
    YAML_SUFFIXES,
    is_hidden,
    is_lock_file,
    is_tool_file,
)

__all__ = ["is_excluded", "strays", "without_excluded"]

_UNKNOWN_YAML = (
    "ce fichier YAML n'appartient à aucune partie du projet.",
    "Emplacements reconnus : cmqreport.yaml, acronyms.yaml, glossary.yaml, references.yaml, "
    "campuses/CODE.yaml, years/AAAA/{network,perspectives,CODE}.yaml.",
)
_UNKNOWN_WORKBOOK = (
    "ce classeur n'appartient à aucune partie du projet ; il n'est pas lu.",
    "Seul le classeur d'une année d'un campus est lu : years/AAAA/CODE.xlsx "
    "(ex. years/2021/AGT.xlsx, créé par cmqreport export-xlsx).",
)
_LOCK = (
    "fichier verrou d'Excel ou de LibreOffice (classeur ouvert ?).",
    "Fermez le classeur ; ce fichier est ignoré.",
)
_ODS = (
    "classeur OpenDocument (.ods) : il n'est pas lu, la donnée de ce campus manque.",
    "Enregistrez au format .xlsx : dans LibreOffice, Fichier → Enregistrer sous → type "
    "« Excel 2007-365 (.xlsx) », puis supprimez le .ods.",
)
_UNEXPECTED = ("fichier inattendu parmi les données.", "Déplacez-le dans assets/ ou supprimez-le.")


def strays(root: Path, known: set[str]) -> list[Diagnostic]:
    """Warnings for the files under ``root`` that are not in ``known`` and not data."""
    out: list[Diagnostic] = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if any(part in IGNORED_DIRS or is_hidden(part) for part in parts[:-1]):
            continue
        # not is_file(): a pipe or a link to a device is a stray too, named, never opened
        if path.is_dir() or parts[0] in IGNORED_DIRS:
            continue
        rel = path.relative_to(root).as_posix()
        if rel in known or is_tool_file(rel):
            continue
        words = _stray_words(path.name, parts)
        if words is not None:
            message, hint = words
            # a workbook saved as .ods is a campus missing from the report: an error
            code = "CMQ-V081" if words is _ODS else "CMQ-V028"
            out.append(Diagnostic(code, message, Place(rel), hint=hint))
    return out


def _stray_words(name: str, parts: tuple[str, ...]) -> tuple[str, str] | None:
    """The message and hint about a stray file, or None for a file that may be there."""
    suffix = Path(name).suffix.lower()
    # Excel's ~$NAME and LibreOffice's .~lock.NAME# (hidden, but still said)
    if is_lock_file(name):
        return _LOCK
    if suffix == ".ods":
        return _ODS
    if suffix in YAML_SUFFIXES:
        return _UNKNOWN_YAML
    if suffix in (WORKBOOK_SUFFIX, *LEGACY_WORKBOOK_SUFFIXES):
        return _UNKNOWN_WORKBOOK
    if len(parts) > 1 and parts[0] in DATA_DIRS:
        return _UNEXPECTED
    return None


def is_excluded(rel: str, patterns: Iterable[str]) -> bool:
    """True when ``rel`` matches one of the ``exclude:`` patterns of cmqreport.yaml.

    A pattern is a glob on the path from the project's root (``brouillons/*.yaml``,
    ``*.bak``); ``*`` crosses folders, and a pattern ending in ``/`` names a whole folder.
    """
    for pattern in patterns:
        pattern = pattern.strip().removeprefix("./")
        if pattern.endswith("/"):
            pattern += "*"
        if fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel, pattern + "/*"):
            return True
    return False


def without_excluded(
    diagnostics: Sequence[Diagnostic], patterns: Sequence[str]
) -> list[Diagnostic]:
    """``diagnostics`` less the stray-file warnings about files that ``patterns`` exclude."""
    return [
        d
        for d in diagnostics
        if not (
            d.code == "CMQ-V028" and d.place is not None and is_excluded(d.place.file, patterns)
        )
    ]
