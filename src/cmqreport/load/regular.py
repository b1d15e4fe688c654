"""What may be read as a data file: a regular file, within the size limits.

A named pipe (FIFO), a device (``/dev/zero``, ``/dev/urandom``), a folder or a broken link
where a data file, a template or a picture is expected is never opened: opening a pipe
waits for a writer, reading a device never ends. Each is told apart with ``os.stat``
(which follows links and opens nothing) and becomes a diagnostic at its place. The size
of a file is checked the same way, before it is read, so that a file far too large for a
report is answered in an instant instead of being parsed for a minute.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cmqreport.diagnostics import Diagnostic, Place

__all__ = [
    "MAX_PICTURE_BYTES",
    "MAX_TEMPLATE_BYTES",
    "MAX_TEXT_CHARS",
    "MAX_WORKBOOK_BYTES",
    "MAX_YAML_BYTES",
    "file_problem",
    "not_regular",
    "read_regular",
    "size_text",
]

_MB = 1024 * 1024
#: A data file in YAML: the largest campus-year of a real report is under 100 KB, and a
#: campus-year of 5 MB already takes minutes to build.
MAX_YAML_BYTES = 2 * _MB
#: A campus-year's workbook (.xlsx is compressed: a real one is under 200 KB).
MAX_WORKBOOK_BYTES = 20 * _MB
#: A picture of a figure: a photo straight from a camera stays below.
MAX_PICTURE_BYTES = 25 * _MB
#: A template of the project (``templates/``) or its reference document.
MAX_TEMPLATE_BYTES = 1 * _MB
#: One text value of a data file (a section's body is a few thousand characters).
MAX_TEXT_CHARS = 1_500_000


def size_text(size: int) -> str:
    """« 5 Mo », « 60,2 Mo », « 812 Ko »: a size in bytes as a French reader says it."""
    if size >= _MB:
        value = size / _MB
        shown = f"{value:.0f}" if value.is_integer() or value >= 100 else f"{value:.1f}"
        return f"{shown.replace('.', ',')} Mo"
    return f"{max(1, round(size / 1024))} Ko"


def _kind_of(mode: int) -> str:
    """What a path that is not a regular file is, in French."""
    if stat.S_ISFIFO(mode):
        return "un tube nommé (FIFO)"
    if stat.S_ISDIR(mode):
        return "un dossier"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "un périphérique"
    if stat.S_ISSOCK(mode):
        return "une prise réseau (socket)"
    return "un fichier spécial"


def not_regular(path: Path) -> str | None:
    """Why ``path`` cannot be read as a regular file (« un tube nommé (FIFO) »), or None
    when it is one. Nothing is opened: ``os.stat`` follows the links and reads no data."""
    return _stat(path)[0]


def _stat(path: Path) -> tuple[str | None, int]:
    """What ``path`` is when it is no regular file (else None), and its size."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        gone = "un lien vers un fichier qui n'existe pas" if path.is_symlink() else "absent"
        return gone, 0
    except (OSError, ValueError) as exc:
        from cmqreport.diagnostics.french import os_reason

        why = os_reason(exc) if isinstance(exc, OSError) else "chemin invalide"
        return f"illisible ({why})", 0
    return (None if stat.S_ISREG(info.st_mode) else _kind_of(info.st_mode)), info.st_size


def file_problem(path: Path, display: str, limit: int, what: str = "fichier") -> Diagnostic | None:
    """The diagnostic of ``path`` (shown as ``display``) when it is no regular file or is
    larger than ``limit`` bytes; None when it may be read."""
    kind, size = _stat(path)
    if kind is not None:
        return Diagnostic(
            "CMQ-V127",
            f"{display} n'est pas un fichier ordinaire mais {kind} : il n'est pas lu.",
            Place(display),
            hint=f"Remplacez-le par le {what} lui-même (une copie, pas un lien vers un "
            "périphérique ou un tube).",
        )
    if size > limit:
        return Diagnostic(
            "CMQ-V128",
            f"{display} pèse {size_text(size)}, plus que la limite de {size_text(limit)} "
            f"d'un {what} : il n'est pas lu.",
            Place(display),
            hint="Vérifiez qu'il s'agit du bon fichier ; allégez-le (images à part, dans "
            "assets/) ou découpez-le.",
        )
    return None


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Opened without blocking (``O_NONBLOCK``) and checked once open, so that a file swapped
    for a pipe after :func:`file_problem` still never blocks. Raises :class:`OSError`
    (``EINVAL``) for anything but a regular file of at most ``limit`` bytes.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise OSError(22, "pas un fichier ordinaire de taille admise", str(path))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise OSError(27, "fichier trop grand", str(path))
    return data
