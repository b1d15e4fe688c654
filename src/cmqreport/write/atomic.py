"""All-or-nothing writing: a file or folder appears whole, or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["tmp_parent", "write_atomic"]


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename: all or nothing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def tmp_parent(target: Path) -> Path:
    """A folder on the same file system as ``target``, so that renames are atomic."""
    parent = target if target.exists() else target.parent
    while not parent.exists():
        parent = parent.parent
    return parent
