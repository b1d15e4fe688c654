"""``cmqreport watch``: build again each time a file of the project changes.

The files are polled (their size and modification time, every ``interval`` seconds) rather
than watched through the system's notifications: a project is a few dozen files, polling
works the same on every system and network drive, and needs no dependency. A change starts
a build only once the files have stopped changing for one interval, so that an editor's
save in several steps, or a folder copied in, makes one build. A build that fails raises
before anything is published, so the last good outputs stay in place; the loop reports the
error and goes on watching. Nothing here prints: the caller's callbacks do.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from cmqreport.errors import CmqError
from cmqreport.load.layout import is_hidden, is_lock_file

__all__ = ["Round", "Snapshot", "changes", "snapshot", "watch"]

T = TypeVar("T")

#: Relative path (forward slashes) → (size, modification time in ns) of each watched file.
Snapshot = dict[str, tuple[int, int]]

#: Folders never watched: what builds write, and what tools keep.
_SKIPPED_DIRS = frozenset({"build", "__pycache__", "node_modules"})


@dataclass(frozen=True)
class Round(Generic[T]):
    """One build of the watch: the files that started it, and its outcome."""

    #: The files added, changed or removed since the previous build (empty for the first).
    changed: tuple[str, ...]
    #: What the build returned, or None when it failed.
    result: T | None = None
    #: Why it failed (bad data, a template error, a file that cannot be read).
    error: CmqError | OSError | None = None
    #: How long it took.
    seconds: float = 0.0


def snapshot(root: Path, skip: Iterable[Path] = ()) -> Snapshot:
    """Size and modification time of every file of the project under ``root``.

    Hidden files and folders (``.git``, an editor's ``.swp``, the temporary files of atomic
    writes), office lock files, ``build/`` and the folders of ``skip`` (the output folder)
    are left out: they change without the report's sources changing.
    """
    skipped = {p.resolve() for p in skip}
    found: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if not is_hidden(d) and d not in _SKIPPED_DIRS and (here / d).resolve() not in skipped
        )
        for name in files:
            if is_hidden(name) or is_lock_file(name):
                continue
            path = here / name
            try:
                stat = path.stat()
            except OSError:  # removed between the listing and now
                continue
            found[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


def changes(before: Snapshot, after: Snapshot) -> tuple[str, ...]:
    """The files added, changed or removed from ``before`` to ``after``, sorted."""
    return tuple(sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)))


def watch(
    root: Path,
    rebuild: Callable[[], T],
    done: Callable[[Round[T]], None],
    *,
    started: Callable[[tuple[str, ...]], None] | None = None,
    skip: Iterable[Path] = (),
    interval: float = 0.5,
    until: Callable[[], bool] | None = None,
) -> None:
    """Call ``rebuild`` now, then after each change of the files under ``root``.

    ``started`` hears the changed files as a build starts, ``done`` the outcome of each
    build. Runs until interrupted (:class:`KeyboardInterrupt` goes through), or until
    ``until()`` is true after a build.
    """
    skipped = list(skip)
    current = snapshot(root, skipped)
    changed: tuple[str, ...] = ()
    while True:
        if started is not None:
            started(changed)
        done(_round(rebuild, changed))
        if until is not None and until():
            return
        previous = current
        while current == previous:
            time.sleep(interval)
            current = snapshot(root, skipped)
        current = _settled(root, skipped, current, interval)
        changed = changes(previous, current)


def _settled(root: Path, skip: list[Path], current: Snapshot, interval: float) -> Snapshot:
    """The files once they have not changed for one interval (the debounce)."""
    while True:
        time.sleep(interval)
        again = snapshot(root, skip)
        if again == current:
            return current
        current = again


def _round(rebuild: Callable[[], T], changed: tuple[str, ...]) -> Round[T]:
    """One build, timed; an error meant for people is kept in the round, not raised."""
    start = time.perf_counter()
    try:
        result = rebuild()
    except (CmqError, OSError) as exc:
        return Round(changed, error=exc, seconds=time.perf_counter() - start)
    return Round(changed, result=result, seconds=time.perf_counter() - start)
