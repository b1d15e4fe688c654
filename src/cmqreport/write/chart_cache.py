"""Charts already drawn, kept beside the outputs and found again by their content.

Drawing a chart costs matplotlib's import (about half a second) and a fraction of a second
per chart; a national project has a funding chart per campus. A chart is the same bytes
whenever its data, the locale and the code that draws it are the same, so each PNG is
kept in ``.cmqreport_cache/charts/`` of the output folder under the SHA-256 of all that:
the next build copies it instead of drawing it, and matplotlib is not even imported when
no chart changed. A changed chart gets another key, so a stale picture is never used.

The cache is only ever a shortcut: a missing, unreadable or damaged entry is drawn again,
and a cache that cannot be written is ignored. It is written once the build has published
its outputs, so a failed build leaves nothing new. Entries unused for
:data:`KEEP_DAYS` days are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

from cmqreport.write.atomic import write_atomic

__all__ = ["CACHE_DIR", "KEEP_DAYS", "ChartCache"]

#: The cache's folder inside the output folder.
CACHE_DIR = ".cmqreport_cache/charts"
#: Entries not used by any build for this many days are removed.
KEEP_DAYS = 30
_PNG = b"\x89PNG\r\n\x1a\n"
_SRC = Path(__file__).resolve().parent.parent / "render"


@cache
def _code_key() -> str:
    """What else makes a chart's bytes: the drawing and number-formatting code, and the
    versions of matplotlib and Babel (read without importing them)."""
    from importlib import metadata

    digest = hashlib.sha256()
    for name in ("charts.py", "french.py"):
        digest.update((_SRC / name).read_bytes())
    for dist in ("matplotlib", "babel"):
        with suppress(metadata.PackageNotFoundError):
            digest.update(f"{dist}={metadata.version(dist)}".encode())
    return digest.hexdigest()


class ChartCache:
    """Charts looked up in, then added to, the cache of one output folder (``None``: no
    cache, every chart is drawn)."""

    def __init__(self, output: Path | None) -> None:
        self.folder = output / CACHE_DIR if output is not None else None
        #: What this build drew and the cache does not hold yet.
        self.drawn: dict[str, bytes] = {}

    def chart(self, kind: str, data: Any, draw: Callable[[], bytes]) -> bytes:
        """The PNG of the chart ``kind`` of ``data`` (JSON-like): from the cache when it
        holds it, else from ``draw()``."""
        text = json.dumps([kind, data, _code_key()], sort_keys=True, ensure_ascii=False)
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if self.folder is not None:
            path = self.folder / f"{key}.png"
            with suppress(OSError):
                png = path.read_bytes()
                if png.startswith(_PNG) and png.endswith(b"IEND\xaeB`\x82"):
                    os.utime(path)  # used: kept for another KEEP_DAYS days
                    return png
        png = draw()
        self.drawn[key] = png
        return png

    def save(self) -> None:
        """Add what was drawn to the cache and remove the entries unused for
        :data:`KEEP_DAYS` days; a cache that cannot be written is left as it is."""
        if self.folder is None:
            return
        with suppress(OSError):
            for key, png in sorted(self.drawn.items()):
                write_atomic(self.folder / f"{key}.png", png)
            old = time.time() - KEEP_DAYS * 86400
            for path in self.folder.glob("*.png"):
                if path.stat().st_mtime < old:
                    path.unlink()
        self.drawn.clear()
