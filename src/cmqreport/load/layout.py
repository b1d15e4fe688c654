"""The file layout of a project: which path is which kind of file, for which year and campus.

This module is the only one that knows the layout; every other module asks it. Paths are
relative to the project's root, with forward slashes (``years/2021/AGT.yaml``).

::

    cmqreport.yaml               project
    acronyms.yaml                acronyms
    glossary.yaml                glossary
    references.yaml              references
    campuses/CODE.yaml           campus
    years/YYYY/network.yaml      network_year
    years/YYYY/perspectives.yaml perspectives
    years/YYYY/CODE.yaml|.xlsx   campus_year
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Container
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CAMPUSES_DIR",
    "CONFIG_NAME",
    "DATA_DIRS",
    "IGNORED_DIRS",
    "LEGACY_WORKBOOK_SUFFIXES",
    "REFERENCE_DOCX",
    "SCHEMA_GLOBS",
    "TEMPLATES_DIR",
    "TOOL_FILES",
    "TOP_FILES",
    "WORKBOOK_SUFFIX",
    "YAML_SUFFIXES",
    "YEARS_DIR",
    "FileKind",
    "Kind",
    "campus_rel",
    "campus_year_rel",
    "classify",
    "is_campus_code",
    "is_hidden",
    "is_lock_file",
    "is_tool_file",
    "is_yaml_name",
    "is_year_dir",
    "network_rel",
    "perspectives_rel",
    "source_rel",
    "stem_of",
    "year_folder",
    "year_of",
]

Kind = Literal[
    "project",
    "acronyms",
    "glossary",
    "references",
    "campus",
    "network_year",
    "perspectives",
    "campus_year",
]

CONFIG_NAME = "cmqreport.yaml"
#: A project's own Word reference document (styles of the DOCX).
REFERENCE_DOCX = "templates/reference.docx"
YAML_SUFFIXES = (".yaml", ".yml")
WORKBOOK_SUFFIX = ".xlsx"
#: Workbook formats that are never read (old binary, macros): a campus-year in them is lost.
LEGACY_WORKBOOK_SUFFIXES = (".xls", ".xlsm")
CAMPUSES_DIR = "campuses"
YEARS_DIR = "years"
#: The project's own templates, which replace the built-in ones of the same name.
TEMPLATES_DIR = "templates"
#: Folders whose files are all data: anything else found there is reported.
DATA_DIRS = (YEARS_DIR, CAMPUSES_DIR)
#: Folders of a project whose content is not data.
IGNORED_DIRS = frozenset(
    {TEMPLATES_DIR, "assets", "build", "docs", ".git", ".github", "__pycache__"}
)
#: Files of the repository's tools (CI, pre-commit, linters, editors), by name pattern at
#: the project's root: a data repository has them, and they are never data nor strays.
TOOL_FILES = (
    ".github/*",
    ".gitlab/*",
    ".gitlab-ci.yml",
    ".gitlab-ci.yaml",
    ".pre-commit-config.yaml",
    ".pre-commit-config.yml",
    ".pre-commit-hooks.yaml",
    ".yamllint",
    ".yamllint.*",
    ".editorconfig",
    ".gitignore",
    ".gitattributes",
    ".markdownlint*",
    ".vscode/*",
)
#: Top-level files, by stem, in the order the loader reads them.
TOP_FILES: dict[str, Kind] = {
    "acronyms": "acronyms",
    "glossary": "glossary",
    "references": "references",
}

_YEAR_DIR = re.compile(r"^\d{4}$")
_CAMPUS_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")

#: Which files each schema applies to (``yaml.schemas`` of an editor).
SCHEMA_GLOBS: dict[str, list[str]] = {
    "project": [CONFIG_NAME],
    "campus": ["campuses/*.yaml"],
    "campus_year": ["years/*/[A-Z]*.yaml"],
    "network_year": ["years/*/network.yaml"],
    "perspectives": ["years/*/perspectives.yaml"],
    "glossary": ["glossary.yaml"],
    "acronyms": ["acronyms.yaml"],
    "references": ["references.yaml"],
}


@dataclass(frozen=True)
class FileKind:
    """What a data file is: its kind, and the year and campus it belongs to."""

    kind: Kind
    year: int | None = None
    campus: str | None = None


def is_campus_code(text: str) -> bool:
    """True for a campus code as used in file names (``AGT``, ``MSI``)."""
    return bool(_CAMPUS_CODE.match(text))


def is_year_dir(name: str) -> bool:
    """True for the name of a year folder (``2021``)."""
    return bool(_YEAR_DIR.match(name))


def is_lock_file(name: str) -> bool:
    """True for the lock file an office suite leaves beside an open document."""
    return name.startswith(("~$", ".~lock."))


def is_hidden(name: str) -> bool:
    """True for a hidden file or folder (``.git``, ``.DS_Store``): never data."""
    return name.startswith(".")


def is_tool_file(rel: str) -> bool:
    """True for a file of the repository's tools (:data:`TOOL_FILES`): ``.github/…``,
    ``.pre-commit-config.yaml``, ``.gitlab-ci.yml``, ``.yamllint.yaml``, ``.editorconfig``."""
    return any(fnmatch.fnmatchcase(rel, pattern) for pattern in TOOL_FILES)


def is_yaml_name(name: str) -> bool:
    """True for the name of a YAML file that may be data (not hidden)."""
    return not is_hidden(name) and _split(name)[1] in YAML_SUFFIXES


def _split(name: str) -> tuple[str, str]:
    stem, dot, suffix = name.rpartition(".")
    return (stem, "." + suffix.lower()) if dot else (name, "")


def classify(rel: str) -> FileKind | None:
    """The kind of the data file at ``rel``, or None when the path is not a data file."""
    parts = rel.split("/")
    stem, suffix = _split(parts[-1])
    if is_hidden(parts[-1]) or is_lock_file(parts[-1]):
        return None
    is_yaml = suffix in YAML_SUFFIXES
    if len(parts) == 1:
        if parts[0] == CONFIG_NAME:
            return FileKind("project")
        if is_yaml and stem in TOP_FILES:
            return FileKind(TOP_FILES[stem])
        return None
    if len(parts) == 2 and parts[0] == CAMPUSES_DIR and is_yaml:
        return FileKind("campus", campus=stem)
    if len(parts) == 3 and parts[0] == YEARS_DIR and is_year_dir(parts[1]):
        year = int(parts[1])
        if is_yaml and stem == "network":
            return FileKind("network_year", year)
        if is_yaml and stem == "perspectives":
            return FileKind("perspectives", year)
        if is_campus_code(stem) and (is_yaml or suffix == WORKBOOK_SUFFIX):
            return FileKind("campus_year", year, stem)
    return None


def year_of(rel: str) -> int | None:
    """The year of a file directly in a year folder (``years/2021/AGT.xls`` → 2021), any kind.

    Unlike :func:`classify`, this knows files that are not data, such as an old workbook
    that could not be read.
    """
    parts = rel.split("/")
    if len(parts) == 3 and parts[0] == YEARS_DIR and is_year_dir(parts[1]):
        return int(parts[1])
    return None


def year_folder(year: int) -> str:
    """``years/2021``."""
    return f"{YEARS_DIR}/{year}"


def campus_rel(code: str, suffix: str = ".yaml") -> str:
    """``campuses/AGT.yaml``."""
    return f"{CAMPUSES_DIR}/{code}{suffix}"


def network_rel(year: int, suffix: str = ".yaml") -> str:
    """``years/2021/network.yaml``."""
    return f"{year_folder(year)}/network{suffix}"


def perspectives_rel(year: int, suffix: str = ".yaml") -> str:
    """``years/2021/perspectives.yaml``."""
    return f"{year_folder(year)}/perspectives{suffix}"


def campus_year_rel(year: int, code: str, suffix: str = ".yaml") -> str:
    """``years/2021/AGT.yaml`` (or ``.xlsx``)."""
    return f"{year_folder(year)}/{code}{suffix}"


def stem_of(kind: Kind, year: int | None = None, campus: str | None = None) -> str:
    """The path of a data file without its suffix (``years/2021/AGT``), for :func:`source_rel`.

    ``year`` is needed by the kinds of a year folder, ``campus`` by campus files.
    """
    if kind == "project":
        return CONFIG_NAME.rpartition(".")[0]
    if kind in TOP_FILES.values():
        return kind
    if kind == "campus":
        return f"{CAMPUSES_DIR}/{campus}"
    folder = year_folder(year or 0)
    if kind == "network_year":
        return f"{folder}/network"
    if kind == "perspectives":
        return f"{folder}/perspectives"
    return f"{folder}/{campus}"


def source_rel(stem: str, present: Container[str]) -> str:
    """The file of ``stem`` (``years/2021/AGT``) that the project holds, by suffix order.

    YAML first, then the workbook; ``stem.yaml`` when none is present (for messages).
    """
    for suffix in (*YAML_SUFFIXES, WORKBOOK_SUFFIX):
        if stem + suffix in present:
            return stem + suffix
    return stem + ".yaml"
