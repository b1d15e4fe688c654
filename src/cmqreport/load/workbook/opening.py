"""Opening a workbook, and the files that are not one: .xls, encrypted, .ods, damaged.

The kind of a bad file is told from its bytes before openpyxl sees it, so that each gets
its own message and the way out (« enregistrez au format .xlsx », « retirez le mot de
passe ») instead of a traceback.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path
from typing import Any

from cmqreport.diagnostics import Diagnostic, Place, cut

__all__ = ["damaged", "open_failure", "open_workbook"]

_SAVE_AS_XLSX = (
    "Ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format « Classeur Excel (.xlsx) »"
)


def _ole_kind(path: Path) -> str:
    """Which Office file hides in an OLE container: an encrypted workbook or an old .xls.

    Excel saves a workbook protected by a password as an OLE file whose directory names an
    « EncryptedPackage » stream; an Excel 97-2003 workbook names a « Workbook » stream.
    """
    marker = "EncryptedPackage".encode("utf-16-le")
    with path.open("rb") as fh:
        head = fh.read(4 * 1024 * 1024)
        if marker in head:
            return "password"
        if len(head) >= 0x34:
            # the first sector of the directory, wherever the header says it is
            shift = int.from_bytes(head[0x1E:0x20], "little")
            first = int.from_bytes(head[0x30:0x34], "little")
            if 7 <= shift <= 16 and first < 0xFFFFFFFA:
                fh.seek((first + 1) << shift)
                if marker in fh.read(1 << shift):
                    return "password"
    return "xls"


def _ole_failure(path: Path, where: Place) -> Diagnostic:
    """An OLE compound file: either an Excel 97-2003 workbook or an encrypted .xlsx."""
    if _ole_kind(path) == "password":
        return Diagnostic(
            "CMQ-V050",
            "le classeur est protégé par un mot de passe (chiffré) : il ne peut pas être lu.",
            where,
            hint="Dans Excel : Fichier → Informations → Protéger le classeur → Chiffrer avec "
            "mot de passe, effacez le mot de passe et enregistrez.",
        )
    return Diagnostic(
        "CMQ-V050",
        "le fichier est un classeur Excel 97-2003 (.xls), format non lu.",
        where,
        hint=f"{_SAVE_AS_XLSX}.",
    )


def _zip_failure(path: Path, where: Place) -> Diagnostic | None:
    """A ZIP archive that is not an Excel workbook (an .ods, a renamed archive)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        names, mimetype = set(), b""
    if b"opendocument" in mimetype:
        return Diagnostic(
            "CMQ-V050",
            "le fichier est un classeur OpenDocument (.ods), pas un .xlsx.",
            where,
            hint="Enregistrez au format .xlsx : dans LibreOffice, Fichier → Enregistrer sous → "
            "type « Excel 2007-365 (.xlsx) ».",
        )
    if "xl/workbook.xml" not in names:
        return Diagnostic(
            "CMQ-V050",
            "l'archive ne contient pas de classeur Excel (xl/workbook.xml absent) : fichier "
            "endommagé ou d'un autre type renommé en .xlsx.",
            where,
            hint="Enregistrez le classeur au format « Classeur Excel (.xlsx) ».",
        )
    return None


def open_failure(path: Path, display: str) -> Diagnostic | None:
    """A diagnostic when ``path`` is not a readable .xlsx file (checked from its bytes)."""
    where = Place(display)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return Diagnostic("CMQ-V034", f"lecture impossible : {exc.strerror}.", where)
    if size == 0:
        return Diagnostic(
            "CMQ-V014",
            "le classeur est vide (0 octet).",
            where,
            hint="Recréez-le : cmqreport export-xlsx CODE ANNÉE --empty.",
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _ole_failure(path, where)
    if not zipfile.is_zipfile(path):
        return Diagnostic(
            "CMQ-V050",
            "le fichier n'est pas un classeur .xlsx (ni une archive ZIP) : endommagé, ou "
            "d'un autre format renommé en .xlsx.",
            where,
            hint=f"{_SAVE_AS_XLSX}, ou recréez-le avec cmqreport export-xlsx.",
        )
    return _zip_failure(path, where)


def damaged(display: str, exc: Exception) -> Diagnostic:
    """The diagnostic of a workbook that openpyxl could not open."""
    return Diagnostic(
        "CMQ-V050",
        f"classeur endommagé, illisible ({type(exc).__name__}).",
        Place(display),
        hint="Ouvrez-le dans Excel ou LibreOffice et enregistrez-le de nouveau au format .xlsx.",
        value=cut(str(exc)),
    )


def open_workbook(path: Path, *, data_only: bool) -> Any:
    """The openpyxl workbook at ``path`` (formulas, or the values Excel computed)."""
    import openpyxl  # type: ignore[import-untyped]

    with warnings.catch_warnings():
        # « Data Validation extension is not supported », « Unknown extension »: harmless
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only, keep_links=False)
