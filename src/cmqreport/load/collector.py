"""Python's cycle collector paused while a project's data is read.

Reading builds hundreds of thousands of dicts, lists and models that all stay alive: the
collector, started every 700 new objects, walks them again and again and finds nothing
(the YAML loader and the fast workbook reader make no reference cycles). Paused for the
load, it costs nothing there (a tenth of ``validate`` on 104 campuses); reference counting
still frees every value as soon as it is dropped. openpyxl's workbooks are full of cycles
(each cell knows its sheet, each sheet its workbook): a workbook it read is collected as
soon as it is dropped (:func:`leaves_cycles`, :func:`collect_owed`), so a project of many
such workbooks does not grow.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collect_owed", "freeze_after_load", "leaves_cycles", "paused_collection"]

#: True while :func:`paused_collection` holds the collector.
_paused = False
#: True when something read during the pause left reference cycles behind.
_owed = False
#: True in a process that reads one project and ends (:func:`freeze_after_load`).
_freeze = False


def freeze_after_load() -> None:
    """In a command that reads one project and ends (``cmqreport validate``): what the
    load leaves is frozen (``gc.freeze``) at the end of the pause, not walked once more by
    the collector (30 ms for a workbook of 2 000 rows). Never in a library call nor in a
    command that loads again and again (``watch``): cycles dropped before a freeze would
    be kept until the process ends."""
    global _freeze
    _freeze = True


@contextmanager
def paused_collection() -> Iterator[None]:
    """No automatic cycle collection inside; as before after (left off if it was off)."""
    global _paused, _owed
    if _paused or not gc.isenabled():
        yield  # nested, or a caller that turned it off itself: nothing to change
        return
    gc.disable()
    _paused, _owed = True, False
    try:
        yield
    finally:
        _paused, _owed = False, False
        if _freeze:
            gc.freeze()
        gc.enable()


def leaves_cycles() -> None:
    """Say that what is being read leaves reference cycles once dropped (openpyxl)."""
    global _owed
    _owed = _paused


def collect_owed() -> None:
    """Collect, during a pause, the cycles announced by :func:`leaves_cycles`."""
    global _owed
    if _owed:
        _owed = False
        gc.collect()
