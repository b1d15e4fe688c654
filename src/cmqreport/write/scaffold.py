"""A new network's project: ``cmqreport init``.

The skeleton is data, not code: the files of ``cmqreport/data/skeleton/`` with
``string.Template`` placeholders (``$region``), filled here and written atomically. The
project they make validates (``--strict`` too) and builds at once; nothing that exists is
ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cmqreport import __version__
from cmqreport.errors import UsageError
from cmqreport.load.layout import (
    CONFIG_NAME,
    campus_rel,
    is_campus_code,
    network_rel,
    perspectives_rel,
)
from cmqreport.write.atomic import write_atomic

__all__ = ["Scaffold", "default_year", "parse_campus", "scaffold_project", "skeleton_text"]

_SKELETON = Path(__file__).resolve().parent.parent / "data" / "skeleton"

#: Skeleton file → where it goes in the project (campus.yaml: once per campus).
_FILES = {
    "cmqreport.yaml": CONFIG_NAME,
    "acronyms.yaml": "acronyms.yaml",
    "gitignore": ".gitignore",
    "workflow.yml": ".github/workflows/cmqreport.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "README.md": "README.md",
}


@dataclass
class Scaffold:
    """What :func:`scaffold_project` wrote, and what it left as it was."""

    root: Path
    year: int
    written: list[str] = field(default_factory=list)
    #: Files that existed already (under ``force``): kept unchanged.
    kept: list[str] = field(default_factory=list)


def default_year(today: dt.date | None = None) -> int:
    """The year a report is written for: the year just ended (the report comes after it)."""
    return (today or dt.date.today()).year - 1


def parse_campus(text: str) -> tuple[str, str]:
    """``AGT`` or ``AGT=Alimentation, Goût, Tourisme`` → (code, name); UsageError if bad."""
    code, _, name = text.partition("=")
    code = code.strip().upper()
    if not is_campus_code(code):
        raise UsageError(
            f"« {text} » : un code de campus s'écrit en capitales, 2 à 10 lettres ou chiffres "
            '(ex. --campus AGT ou --campus "AGT=Alimentation, Goût, Tourisme").'
        )
    return code, name.strip() or f"Campus {code} (nom à compléter)"


def scaffold_project(
    directory: Path,
    region: str,
    campuses: Sequence[tuple[str, str]],
    *,
    year: int | None = None,
    force: bool = False,
) -> Scaffold:
    """Write a new project in ``directory``; returns what was written.

    ``campuses`` are (code, name). Raises :class:`UsageError` when ``directory`` is a file,
    or a folder that is not empty without ``force`` (which fills it, keeping every file
    that exists).
    """
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} existe et n'est pas un dossier.")
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise UsageError(
            f"{directory} n'est pas vide : rien n'a été écrit (--force complète le dossier "
            "sans rien remplacer)."
        )
    codes = [code for code, _ in campuses]
    if len(set(codes)) != len(codes):
        raise UsageError("un campus est donné deux fois (--campus).")
    region = region.strip() or "Région"
    when = year or default_year()
    values = {
        "region": region,
        "region_q": _q(region),
        "network": _q(f"Campus des Métiers et des Qualifications de {region}"),
        "author": _q(f"Réseau des CMQ de {region}"),
        "campus_order": ", ".join(codes),
        "year": str(when),
        "next": str(when + 1),
        "first": codes[0] if codes else "CODE",
        "version": __version__,
    }
    files = {rel: skeleton_text(name, values) for name, rel in _FILES.items()}
    files[network_rel(when)] = skeleton_text("network.yaml", values)
    files[perspectives_rel(when)] = skeleton_text("perspectives.yaml", values)
    for code, name in campuses:
        files[campus_rel(code)] = skeleton_text("campus.yaml", {"code": code, "name_q": _q(name)})
    result = Scaffold(directory, when)
    for rel, text in files.items():
        target = directory / rel
        if target.exists():
            result.kept.append(rel)
            continue
        write_atomic(target, text.encode("utf-8"))
        result.written.append(rel)
    return result


def _q(text: str) -> str:
    """``text`` as a YAML scalar that reads back as itself (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def skeleton_text(name: str, values: dict[str, str]) -> str:
    """The skeleton file ``name`` (``perspectives.yaml``) with its placeholders replaced."""
    text = (_SKELETON / name).read_text(encoding="utf-8")
    return string.Template(text).substitute(values)
