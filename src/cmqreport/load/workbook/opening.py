"""Opening a workbook, and the files that are not one: .xls, encrypted, .ods, damaged.

The kind of a bad file is told from its bytes before any reader sees it, so that each gets
its own message and the way out (« enregistrez au format .xlsx », « retirez le mot de
passe ») instead of a traceback.

An archive is also measured before it is read: what its members say they inflate to is
what :mod:`zipfile` will ever inflate (it stops at the declared size), so a workbook of a
few megabytes whose sheet inflates to gigabytes is refused from its central directory,
without inflating a byte.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path
from typing import Any

from cmqreport.diagnostics import Diagnostic, Place, cut
from cmqreport.diagnostics.french import os_reason
from cmqreport.load.collector import leaves_cycles

__all__ = ["damaged", "open_failure", "open_workbook"]

#: The central directory (read whole by :mod:`zipfile`, one object per member).
_MAX_DIRECTORY = 4 * 1024 * 1024
_MAX_MEMBERS = 5000
#: An XML part (openpyxl holds a sheet's cells in memory: a few kB per row of data).
_MAX_PART = 20 * 1024 * 1024
#: Everything the archive holds, pictures included.
_MAX_TOTAL = 200 * 1024 * 1024
#: A part larger than :data:`_BOMB_FROM` that inflates more than this is a zip bomb.
_MAX_RATIO = 100
_BOMB_FROM = 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_REBUILD = (
    "Ouvrez-le dans Excel ou LibreOffice, vérifiez son contenu et enregistrez-le de "
    "nouveau, ou recréez-le avec cmqreport export-xlsx."
)

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


def _thousands(number: float) -> str:
    """« 2 048 »: a whole number, thousands apart."""
    return f"{number:,.0f}".replace(",", "\u202f")


def _mib(size: int) -> str:
    """A size for people: « 2 048 Mio »."""
    return _thousands(size / (1024 * 1024)) + " Mio"


def _directory_size(path: Path) -> int | None:
    """The size of the central directory, from the end record (ZIP64 included)."""
    with path.open("rb") as fh:
        end = fh.seek(0, 2)
        fh.seek(max(0, end - 65557))  # the end record, then a comment of 64 kB at most
        tail = fh.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) < at + 22:
            return None
        size = int.from_bytes(tail[at + 12 : at + 16], "little")
        if size == 0xFFFFFFFF and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
            fh.seek(int.from_bytes(tail[at - 12 : at - 4], "little"))
            record = fh.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                size = int.from_bytes(record[40:48], "little")
        return size


def _oversized(zf: zipfile.ZipFile, where: Place) -> Diagnostic | None:
    """A diagnostic when the archive would inflate to more than a workbook ever holds."""
    members = zf.infolist()
    if len(members) > _MAX_MEMBERS:
        return _too_large(where, f"l'archive compte {_thousands(len(members))} fichiers")
    total = 0
    for info in members:
        total += info.file_size
        name = cut(info.filename)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _BOMB_FROM and ratio > _MAX_RATIO:
            return _too_large(
                where,
                f"sa partie {name} se décompresse en {_mib(info.file_size)}, "
                f"{_thousands(ratio)} fois sa taille compressée",
            )
        if info.file_size > _MAX_PART and info.filename.lower().endswith(_XML_SUFFIXES):
            return _too_large(
                where,
                f"sa partie {name} se décompresse en {_mib(info.file_size)} "
                f"(au plus {_mib(_MAX_PART)})",
            )
    if total > _MAX_TOTAL:
        return _too_large(where, f"il se décompresse en {_mib(total)} (au plus {_mib(_MAX_TOTAL)})")
    return None


def _too_large(where: Place, what: str) -> Diagnostic:
    return Diagnostic(
        "CMQ-V070",
        f"classeur non lu : {what}, bien plus qu'un classeur de campus (piégé ou endommagé).",
        where,
        hint=_REBUILD,
    )


def _zip_failure(path: Path, where: Place) -> Diagnostic | None:
    """A ZIP archive that is not an Excel workbook (an .ods, a renamed archive), or one
    too large to be read (a zip bomb)."""
    directory = _directory_size(path)
    if directory is not None and directory > _MAX_DIRECTORY:
        return _too_large(where, f"son répertoire d'archive fait {_mib(directory)}")
    try:
        with zipfile.ZipFile(path) as zf:
            too_large = _oversized(zf, where)
            if too_large is not None:
                return too_large
            names = set(zf.namelist())
            mimetype = b""
            if "mimetype" in names:
                with zf.open("mimetype") as fh:
                    mimetype = fh.read(100)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
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
        return Diagnostic("CMQ-V034", f"lecture impossible : {os_reason(exc)}.", where)
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

    leaves_cycles()  # its cells and sheets point at each other: collected once dropped
    with warnings.catch_warnings():
        # « Data Validation extension is not supported », « Unknown extension »: harmless
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only, keep_links=False)
