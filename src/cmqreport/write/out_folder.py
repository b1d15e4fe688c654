"""Where a build may write: never into the project's data.

A build publishes ``rapport-AAAA.*``, ``assets/`` and ``references.json`` into its output
folder. Into the project itself (``--out .``) it would replace the project's own pictures
in ``assets/``; into ``years/2021`` it would write among the data. So the output folder is
the project's ``build/`` (the default), or any folder outside the project; a folder that
is, or is inside, the rest of the project is refused before anything is made, links
followed.
"""

from __future__ import annotations

import os
from pathlib import Path

from cmqreport.errors import UsageError

__all__ = ["BUILD_DIR", "check_out_folder"]

#: The default output folder, in the project.
BUILD_DIR = "build"


def check_out_folder(root: Path, target: Path) -> None:
    """Raise :class:`UsageError` when a build of the project at ``root`` may not write into
    ``target``: the project or a folder of its data, or a folder whose ``assets/`` is (a
    link to) the project's data."""
    top = Path(os.path.realpath(root))
    out = Path(os.path.realpath(target))
    build = Path(os.path.realpath(root / BUILD_DIR))
    # build/ a link into the data (build → years) is no build folder
    build_ok = build == top / BUILD_DIR or not _within(build, top)
    if build_ok and _within(out, build):
        return
    if _within(out, top) or any(_within(out, data) for data in _linked_data(top)):
        raise UsageError(
            f"--out {target} est dans le projet, hors de {BUILD_DIR}/ : la construction "
            f"pourrait y remplacer ses données. Rien n'a été écrit ; choisissez {BUILD_DIR}/ "
            "(par défaut) ou un dossier hors du projet."
        )
    assets = Path(os.path.realpath(out / "assets"))
    if _within(assets, top):
        raise UsageError(
            f"--out {target} : son dossier assets/ serait le projet ou ses données. Rien "
            f"n'a été écrit ; choisissez {BUILD_DIR}/ (par défaut) ou un autre dossier."
        )


def _within(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` or inside it (both real paths)."""
    return path == folder or folder in path.parents


def _linked_data(top: Path) -> list[Path]:
    """The real folders of the project's entries that are links out of it (``years`` →
    a folder elsewhere): their data is the project's too."""
    found: list[Path] = []
    try:
        entries = list(os.scandir(top))
    except OSError:
        return found
    for entry in entries:
        if entry.name != BUILD_DIR and entry.is_symlink():
            real = Path(os.path.realpath(entry.path))
            if not _within(real, top):
                found.append(real)
    return found
