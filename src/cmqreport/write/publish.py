"""Publishing a build: everything is made in a temporary folder, then renamed into place.

Outputs replace the previous ones only when all of them are ready, so a failed build never
leaves half-written files; the temporary folder sits on the target's file system so that
every move is an atomic rename.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from cmqreport.convert.formats import FORMATS, SUFFIXES
from cmqreport.epoch import source_date_epoch
from cmqreport.write.atomic import replace, tmp_parent

__all__ = ["publish", "report_epoch", "report_stem", "staging"]

#: Files and folders beside the outputs that pandoc's inputs need (images, citations).
_SHARED = ("assets", "references.json")


def report_stem(year: int) -> str:
    """File name of a year's report, without suffix: ``rapport-2021``."""
    return f"rapport-{year}"


def report_epoch(year: int, published: dt.date | None) -> int:
    """The timestamp of every output: ``SOURCE_DATE_EPOCH``, else the report's date, else
    the 1st of January after the year."""
    return source_date_epoch(published or dt.date(year + 1, 1, 1))


@contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A temporary work folder on the file system of ``target``, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=".cmqreport-", dir=tmp_parent(target)) as tmp:
        yield Path(tmp)


def publish(work: Path, target: Path, stem: str, made: Sequence[str]) -> dict[str, Path]:
    """Move the finished files of ``made`` formats (and their assets) from ``work`` into
    ``target`` with renames; return the path of each format's file."""
    target.mkdir(parents=True, exist_ok=True)
    for name in _SHARED:
        if (work / name).exists():
            replace(work / name, target / name)
    outputs: dict[str, Path] = {}
    for fmt in FORMATS:
        if fmt in made:
            name = stem + SUFFIXES[fmt]
            replace(work / name, target / name)
            outputs[fmt] = target / name
    return outputs
