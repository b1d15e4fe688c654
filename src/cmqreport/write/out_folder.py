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
from cmqreport.load.layout import CONFIG_NAME, DATA_DIRS, classify

__all__ = [
    "BUILD_DIR",
    "check_data_file",
    "check_out_folder",
    "check_out_path",
    "check_schema_folder",
    "project_of",
]

#: The default output folder, in the project.
BUILD_DIR = "build"


def check_out_folder(root: Path, target: Path) -> None:
    """Raise :class:`UsageError` when a build of the project at ``root`` may not write into
    ``target``: the project or a folder of its data, or a folder whose ``assets/`` is (a
    link to) the project's data."""
    top = Path(os.path.realpath(root))
    out = Path(os.path.realpath(target))
    build = _build_folder(top)
    if build is not None and out.is_relative_to(build):
        return
    if out.is_relative_to(top) or any(out.is_relative_to(data) for data in _linked_data(top)):
        raise UsageError(
            f"--out {target} est dans le projet, hors de {BUILD_DIR}/ : la construction "
            f"pourrait y remplacer ses données. Rien n'a été écrit ; choisissez {BUILD_DIR}/ "
            "(par défaut) ou un dossier hors du projet."
        )
    assets = Path(os.path.realpath(out / "assets"))
    if assets.is_relative_to(top):
        raise UsageError(
            f"--out {target} : son dossier assets/ serait le projet ou ses données. Rien "
            f"n'a été écrit ; choisissez {BUILD_DIR}/ (par défaut) ou un autre dossier."
        )


def _build_folder(top: Path) -> Path | None:
    """The real ``build/`` folder of the project at ``top`` (a real path), or None when it
    is a link into the data (``build`` → ``years``): then it is no build folder."""
    build = Path(os.path.realpath(top / BUILD_DIR))
    return build if build == top / BUILD_DIR or not build.is_relative_to(top) else None


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
            if not real.is_relative_to(top):
                found.append(real)
    return found


# ----------------------------------------------------------- the file of export and import
# ``export-xlsx --out`` and ``import-xlsx --out`` write one campus-year file. Among the
# project's data, that is only the campus-year's own place (``years/AAAA/CODE.xlsx`` or
# ``.yaml``): elsewhere there it would replace another file of the data (another campus, a
# campus file, cmqreport.yaml) or add a stray to it. ``schema --out`` writes JSON for an
# editor: anywhere but in the data folders.


def check_out_path(target: Path, *, folder: bool = False) -> None:
    """Raise :class:`UsageError` when ``target`` (a file, or a ``folder``) cannot be written
    as such: a file where a folder is expected on its way, or a folder (a pipe, a device)
    where the file is."""
    for parent in target.parents:
        if parent.is_dir():
            break
        if os.path.lexists(parent):
            raise UsageError(
                f"--out {target} : « {parent} » est un fichier ; un dossier est attendu. "
                "Rien n'a été écrit."
            )
    if folder:
        if os.path.lexists(target) and not target.is_dir():
            raise UsageError(f"--out : « {target} » est un fichier ; un dossier est attendu.")
    elif target.is_dir():
        raise UsageError(
            f"--out : « {target} » est un dossier ; un fichier est attendu. Rien n'a été écrit."
        )
    elif os.path.lexists(target) and not target.is_file():
        raise UsageError(
            f"--out : « {target} » n'est pas un fichier ordinaire ; rien n'a été écrit."
        )


def project_of(target: Path) -> Path | None:
    """The real folder of the project holding ``target`` (the nearest with a
    ``cmqreport.yaml``), or None outside any project."""
    here = Path(os.path.realpath(target))
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def check_data_file(root: Path, target: Path, own: str) -> None:
    """Raise :class:`UsageError` when ``target``, in the project at ``root``, is among its
    data (``years/``, ``campuses/``, ``cmqreport.yaml``…) but not the file ``own``
    (relative to the root: the campus-year's own place). Elsewhere it replaces no data."""
    top = Path(os.path.realpath(root))
    out = Path(os.path.realpath(target))
    if out == Path(os.path.realpath(top / own)):
        return
    if _in_data(top, out) or (out.parent == top and classify(out.name) is not None):
        raise UsageError(
            f"« {target} » est parmi les données du projet, à une autre place que celle de ce "
            f"fichier ({own}) : il y remplacerait ou mêlerait d'autres données. Rien n'a été "
            f"écrit ; choisissez {own} ou un dossier hors des données ({BUILD_DIR}/ par "
            "exemple)."
        )


def _in_data(top: Path, out: Path) -> bool:
    """True when the real path ``out`` is in a data folder of the project at ``top``
    (``years/``, ``campuses/``, or a link of the project to a folder elsewhere)."""
    data = [Path(os.path.realpath(top / name)) for name in DATA_DIRS] + _linked_data(top)
    return any(out.is_relative_to(folder) for folder in data)


def check_schema_folder(target: Path) -> None:
    """Raise :class:`UsageError` when ``schema --out`` names a folder among the data of a
    project (``years/``, ``campuses/``), where its JSON files would be strays."""
    check_out_path(target, folder=True)
    top = project_of(target)
    if top is None:
        return
    if _in_data(top, Path(os.path.realpath(target))):
        raise UsageError(
            f"--out {target} est dans les données du projet ({', '.join(DATA_DIRS)}) : "
            "rien n'a été écrit ; choisissez un autre dossier (par exemple schemas/)."
        )
