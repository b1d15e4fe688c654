"""The build's work folder (``.cmqreport-xxxxxxxx``), and the ones a killed build left.

A build works in a hidden folder in its output folder, on its file system, so that its
files are published by renames. A build that ends in any way Python sees (an error,
Ctrl-C, ``SIGTERM``: see :func:`cmqreport.cli.app.main`) removes it; a build killed
outright (``SIGKILL``, a power cut) cannot. So every work folder holds a lock file, locked
(``flock``) for as long as its build runs: the lock ends with the process, whatever ends it.
The next build removes every folder of that exact name whose lock nobody holds, and no
other: a build running beside it keeps its folder, and a user's ``.cmqreport-notes`` is
not of the pattern.

A work folder is made under a name that is not of the pattern, locked, then renamed: a
folder of the pattern is always either locked or left over, never being prepared.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import string
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from cmqreport.diagnostics.french import os_reason
from cmqreport.errors import UsageError

__all__ = ["WORK_PREFIX", "is_work_folder", "remove_leftovers", "staging", "work_parent"]

#: How a work folder's name begins (tempfile's eight random characters follow).
WORK_PREFIX = ".cmqreport-"
_WORK = re.compile(r"\.cmqreport-[a-z0-9_]{8}")
#: A folder being prepared: left over only if a build is killed in its first instant.
_PREPARING = re.compile(r"\.cmqreport~[a-z0-9_]{8}")
_LOCK = ".lock"
#: Without ``flock`` (Windows), a folder is taken as left over after this many seconds.
_UNLOCKED_AGE = 24 * 3600
_CHARS = string.ascii_lowercase + string.digits + "_"


def is_work_folder(name: str) -> bool:
    """True for the name of a build's work folder (``.cmqreport-k2j_8x0a``)."""
    return bool(_WORK.fullmatch(name))


def work_parent(target: Path) -> Path:
    """``target``, or its nearest existing parent (where it is to be created). Raises
    :class:`UsageError` when ``target`` or that parent is a file (``--out rapport.pdf``)."""
    if target.exists() and not target.is_dir():
        raise UsageError(
            f"--out {target} est un fichier, pas un dossier : choisissez un dossier "
            "(il est créé s'il n'existe pas)."
        )
    parent = target
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise UsageError(
            f"--out {target} : {parent} est un fichier, pas un dossier ; choisissez un "
            "autre dossier de sortie."
        )
    return parent


@contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A locked work folder in ``target`` (created if needed), removed afterwards; the
    folders that killed builds left there are removed first."""
    parent = work_parent(target)
    try:  # the work folder goes inside the output folder: never beside it, in the project
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(_cannot_write(parent, exc)) from None
    remove_leftovers(target)
    work, lock = _make(target)
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        os.close(lock)


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the work folders in ``folder`` that no running build holds; return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        work = _WORK.fullmatch(entry.name)
        if not (work or _PREPARING.fullmatch(entry.name)):
            continue
        path = Path(entry.path)
        # never through a link: rmtree of a link to the user's folder would empty it
        if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
            continue
        if _held(path / _LOCK, young=0 if work else 3600):
            continue
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            removed.append(path)
    return removed


def _make(parent: Path) -> tuple[Path, int]:
    """A new work folder in ``parent`` and the open, locked descriptor of its lock file."""
    try:
        ready = Path(tempfile.mkdtemp(prefix=".cmqreport~", dir=parent))
    except OSError as exc:
        raise UsageError(_cannot_write(parent, exc)) from None
    fd = os.open(ready / _LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock(fd)
        while True:
            work = parent / (WORK_PREFIX + "".join(secrets.choice(_CHARS) for _ in range(8)))
            if not (work.exists() or work.is_symlink()):
                break
        os.rename(ready, work)
    except BaseException:
        os.close(fd)
        shutil.rmtree(ready, ignore_errors=True)
        raise
    return work, fd


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: the age of a folder tells instead
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _held(lock: Path, *, young: int) -> bool:
    """True when a running build holds ``lock`` (or, without ``flock``, it is recent)."""
    try:
        import fcntl
    except ImportError:
        return _age(lock.parent) < _UNLOCKED_AGE
    if _age(lock.parent) < young:
        return True
    try:
        fd = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False  # no lock file: a build of an older version, or killed at once
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _age(path: Path) -> float:
    with suppress(OSError):
        return time.time() - path.stat().st_mtime
    return 0.0


def _cannot_write(folder: Path, exc: OSError) -> str:
    """Why no work folder could be made in ``folder``, in French."""
    why = {
        errno.EACCES: "permission refusée",
        errno.EPERM: "permission refusée",
        errno.EROFS: "système de fichiers en lecture seule",
        errno.ENOSPC: "disque plein",
        errno.EDQUOT: "quota de disque dépassé",
    }.get(exc.errno or 0) or os_reason(exc)
    return (
        f"impossible d'écrire dans le dossier de sortie {folder} ({why}) : "
        "choisissez un autre --out."
    )
