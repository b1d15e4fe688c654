"""Publishing a build: everything is made in a temporary folder, then moved into place.

Outputs replace the previous ones only when all of them are ready, so a failed build never
leaves half-written files; the temporary folder sits on the target's file system so that
every move is an atomic rename.

The output folder is shared with its user (their notes, a partner's logo in ``assets/``)
and with other builds (another year, the same build started twice): a build replaces
only the files it writes, one by one, and never a folder. What a build wrote is listed in
a manifest beside the reports (``.rapport-2021.files.json``), so that the next build of
that report removes the files it no longer needs, and only those that are still as it
wrote them; a file that no manifest lists (a user's own ``rapport-2021.docx``) is never
replaced: the build is refused instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from contextlib import suppress
from pathlib import Path, PurePosixPath

from cmqreport.convert.formats import FORMATS, SUFFIXES
from cmqreport.epoch import source_date_epoch
from cmqreport.errors import UsageError
from cmqreport.write.atomic import write_atomic
from cmqreport.write.staging import staging

__all__ = ["publish", "report_epoch", "report_stem", "staging"]

#: Files and folders beside the outputs that pandoc's inputs need (images, citations).
_SHARED = ("assets", "references.json")
_MANIFEST = ".{stem}.files.json"


def report_stem(year: int) -> str:
    """File name of a year's report, without suffix: ``rapport-2021``."""
    return f"rapport-{year}"


def report_epoch(year: int, published: dt.date | None) -> int:
    """The timestamp of every output: ``SOURCE_DATE_EPOCH``, else the report's date, else
    the 1st of January after the year."""
    return source_date_epoch(published or dt.date(year + 1, 1, 1))


def publish(work: Path, target: Path, stem: str, made: Sequence[str]) -> dict[str, Path]:
    """Move the finished files of ``made`` formats (and their assets) from ``work`` into
    ``target``, file by file with renames; return the path of each format's file.

    Raises :class:`UsageError`, before anything is moved, when a folder (or a file where a
    folder is needed) stands where an output goes: nothing of the user's is ever removed.
    """
    files = _files(work, stem, made)
    _check_free(target, files)
    ours = target / _MANIFEST.format(stem=stem)
    previous = _read_manifest(ours)
    written = {rel: _digest(work / rel) for rel in files}
    _check_not_users(target, written)
    target.mkdir(parents=True, exist_ok=True)
    # listed before anything moves: a build killed while moving leaves no file unlisted
    _write_manifest(ours, stem, {**previous, **written})
    for rel in files:  # the assets first: a report never shows before its pictures
        source, dest = work / rel, target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, dest)
    _remove_stale(target, stem, previous, written)
    _write_manifest(ours, stem, written)
    return {fmt: target / (stem + SUFFIXES[fmt]) for fmt in FORMATS if fmt in made}


def _files(work: Path, stem: str, made: Sequence[str]) -> list[str]:
    """The files to publish, relative to ``work`` (posix): shared inputs, then reports."""
    files: list[str] = []
    for name in _SHARED:
        path = work / name
        if path.is_dir():
            files += sorted(p.relative_to(work).as_posix() for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            files.append(name)
    files += [stem + SUFFIXES[fmt] for fmt in FORMATS if fmt in made]
    return files


def _check_free(target: Path, files: Sequence[str]) -> None:
    """Refuse when a folder stands where a file goes, or a file where a folder goes."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} est un fichier, pas un dossier : choisissez un autre --out.")
    for rel in files:
        dest = target / rel
        for parent in reversed(dest.relative_to(target).parents[:-1]):
            folder = target / parent
            if folder.exists() and not folder.is_dir():
                raise UsageError(
                    f"{folder} est un fichier alors que le rapport y range ses fichiers : "
                    "rien n'a été écrit ; déplacez-le ou choisissez un autre --out."
                )
        if dest.is_dir() and not dest.is_symlink():
            raise UsageError(
                f"{dest} est un dossier : le rapport ne peut pas y être écrit et rien n'a "
                "été écrit ; renommez ce dossier ou choisissez un autre --out."
            )


def _write_manifest(path: Path, stem: str, files: Mapping[str, str]) -> None:
    manifest = json.dumps({"report": stem, "files": dict(files)}, indent=1, sort_keys=True)
    write_atomic(path, (manifest + "\n").encode("utf-8"))


def _check_not_users(target: Path, written: Mapping[str, str]) -> None:
    """Refuse when a file no build wrote (no manifest of ``target`` lists it) stands where
    an output goes with other content: a user's own ``rapport-2021.docx`` or
    ``assets/logo.png`` is never replaced."""
    listed: set[str] = set()
    for manifest in target.glob(_MANIFEST.format(stem="*")):
        listed.update(_read_manifest(manifest))
    for rel, digest in written.items():
        dest = target / rel
        if rel in listed or not (dest.is_symlink() or dest.exists()):
            continue
        if dest.is_symlink() or not dest.is_file() or _digest(dest) != digest:
            raise UsageError(
                f"{dest} existe déjà et n'a pas été écrit par cmqreport : il n'est pas "
                "remplacé et rien n'a été écrit ; déplacez-le ou choisissez un autre --out."
            )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_manifest(path: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of what the last build of a report wrote (empty when
    there is none or it cannot be read: then nothing is removed)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items() if _inside(str(k))}


def _inside(rel: str) -> bool:
    """True for a plain relative path that stays inside the output folder."""
    path = PurePosixPath(rel)
    return bool(rel) and not path.is_absolute() and ".." not in path.parts and "\\" not in rel


def _remove_stale(
    target: Path, stem: str, previous: Mapping[str, str], written: Mapping[str, str]
) -> None:
    """Remove what the last build of ``stem`` wrote and this one did not, unless another
    report's manifest lists it or someone changed it since."""
    stale = {rel: digest for rel, digest in previous.items() if rel not in written}
    if not stale:
        return
    ours = target / _MANIFEST.format(stem=stem)
    for other in target.glob(_MANIFEST.format(stem="*")):
        if other != ours:
            for rel in _read_manifest(other):
                stale.pop(rel, None)
    for rel, digest in sorted(stale.items()):
        path = target / rel
        with suppress(OSError):
            if path.is_file() and not path.is_symlink() and _digest(path) == digest:
                path.unlink()
                _prune(target, path.parent)


def _prune(target: Path, folder: Path) -> None:
    """Remove the folders left empty under ``target`` (``assets/a/`` after its picture)."""
    while folder != target and target in folder.parents:
        try:
            folder.rmdir()  # fails on a folder that still holds something: kept
        except OSError:
            return
        folder = folder.parent
