"""Whether a path the project names stays inside the project, once its links are followed.

A figure's ``file:``, an image of a Markdown field and every data file the loader reads are
checked by :func:`project_path`, the one rule: a path is relative to the project's root and
names, after every symbolic link is resolved, something inside that root. An absolute path
is outside even when it names a file of the project: the project must work wherever it is
copied.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["is_inside", "project_path"]


def project_path(root: Path, text: str) -> Path | None:
    """The resolved file that ``text`` (relative to ``root``) names; None when outside.

    Outside means: an absolute path (``/etc/x``, ``C:\\x``, ``\\\\serveur\\x``), a path that
    climbs out (``../x``), or one whose links lead out (``assets`` → a folder elsewhere).
    Raises :class:`ValueError` or :class:`OSError` for a name the system cannot hold (a NUL
    byte, a name too long).
    """
    if _is_absolute(text):
        return None
    # os.path on strings: a scan may ask this of every image of a long text
    top = os.path.realpath(root)
    target = os.path.realpath(os.path.join(top, text))
    if target == top or target.startswith(os.path.join(top, "")):
        return Path(target)
    return None


def is_inside(root: Path, path: Path) -> bool:
    """True when ``path`` (a path under ``root``, as the loader lists it) stays inside it.

    A data file that is a link to a file elsewhere (``years/2021/AGT.yaml`` → ``~/x.yaml``)
    is outside; a name the system cannot hold is outside too (it is never read).
    """
    try:
        rel = path.relative_to(root).as_posix()
        return project_path(root, rel) is not None
    except (OSError, ValueError):
        return False


#: ``/x``, ``\\x``, ``~/x`` and a Windows drive (``C:x``): a Windows path is absolute on
#: every system, since the project may be copied to Windows.
_ABSOLUTE = re.compile(r"^(?:[/\\~]|[A-Za-z]:)")


def _is_absolute(text: str) -> bool:
    return bool(_ABSOLUTE.match(text))
