"""Where each piece of data text came from: source markers for the DOCX.

The renderer wraps the text a data field gives (a paragraph of a body, an action's text, a
table cell, a caption, a chapter's introduction) and the text it makes from data (a
sentence of chapter 1 from a campus's history entry, a line of section 4.1 from last year's
perspective, an acronym's expansion) in two empty spans, ``[]{.cmqsrc-K}`` and
``[]{.cmqend-K}``; ``K`` is a short key of :attr:`Sources.entries`, which says the file,
the place (line and column, or workbook cell), the data path and a hash of the value. The
DOCX filter turns the spans into a Word bookmark ``_Src_K`` and the DOCX keeps the map
(``cmqreport review`` reads both). Every other output gets the Markdown without the spans
(:func:`strip_markers`), so the published ``.md`` and ``.tex`` are unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from typing import Any

from pydantic import BaseModel

from cmqreport.load.project import Project
from cmqreport.load.yamlsrc import PathKey, dotted

__all__ = ["MARKERS", "Sources", "strip_markers", "value_hash"]

#: The spans the renderer adds, nothing else in the Markdown looks like them (with the
#: space an end marker may have after a « ] », see :meth:`Sources.mark`).
MARKERS = re.compile(r"\[\]\{\.cmqsrc-[0-9a-z]+\}|(?:(?<=\]) )?\[\]\{\.cmqend-[0-9a-z]+\}")

#: What opens a block at the start of a text: line ends, list items, quotes, headings
#: (nested too).
_BLOCK_START = re.compile(r"\n*(?:[ ]*(?:[-*+]|\d{1,9}[.)]|>|#{1,6})[ \t]+)*")


def strip_markers(markdown: str) -> str:
    """The Markdown without its source markers: exactly what the renderer wrote before.

    The same as ``MARKERS.sub("", markdown)``, cut at each marker's opening instead of
    trying the pattern at every character of the report (a fifth of the time)."""
    parts = markdown.split(_OPENING)
    out = [parts[0]]
    for before, part in itertools.pairwise(parts):
        tail = _TAIL.match(part)
        if tail is None:  # not a marker after all: kept as written
            out.append(_OPENING + part)
            continue
        # the space between a « ] » and an end marker goes with the marker
        if tail.group(1) == "end" and before.endswith("] "):
            out[-1] = out[-1][:-1]
        out.append(part[tail.end() :])
    return "".join(out)


_OPENING = "[]{.cmq"
_TAIL = re.compile(r"(src|end)-[0-9a-z]+\}")


def value_hash(value: object) -> str:
    """The hash a build records for a value: sha256 of its text (first 16 hex digits)."""
    return hashlib.sha256(str(value).encode("utf-8")).hexdigest()[:16]


@functools.cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    # each field's attribute and its name in the data, read once per model class: pydantic's
    # ``model_fields`` is a property that costs more than the walk itself
    return tuple((name, info.alias or name) for name, info in model.model_fields.items())


class Sources:
    """The data place of every model object of a year, and the markers handed out."""

    def __init__(self, project: Project | None = None, year: int | None = None) -> None:
        self.project = project
        self._entries: dict[str, dict[str, Any]] = {}
        # what each marker handed out points to, its place found only when asked for: the
        # DOCX is the only output that keeps the map
        self._todo: list[tuple[str, str, PathKey, object, int]] = []
        self._where: dict[int, tuple[str, PathKey]] = {}
        if project is None or year is None:
            return
        data = project.year(year)
        if data.network is not None:
            self._index(data.network, project.rel_of("network_year", year), ())
        for code, cy in data.campuses.items():
            self._index(cy, project.rel_of("campus_year", year, code), ())
        # the text a build makes from them: chapter 1 from the campuses' histories, 4.1
        # from last year's perspectives, 4.2 from this year's
        for code, campus in project.campuses.items():
            self._index(campus, project.rel_of("campus", campus=code), ())
        for y in (year - 1, year):
            plans = project.years[y].perspectives if y in project.years else None
            if plans is not None:
                self._index(plans, project.rel_of("perspectives", y), ())

    def _index(self, obj: object, rel: str, path: PathKey) -> None:
        # id() is safe here: the project holds every model object for the whole build
        if isinstance(obj, BaseModel):
            self._where[id(obj)] = (rel, path)
            for name, key in _fields(type(obj)):
                self._index(getattr(obj, name), rel, (*path, key))
        elif isinstance(obj, list):
            self._where[id(obj)] = (rel, path)
            for i, item in enumerate(obj):
                self._index(item, rel, (*path, i))
        elif isinstance(obj, dict):
            for name, item in obj.items():
                self._index(item, rel, (*path, name))

    @property
    def entries(self) -> dict[str, dict[str, Any]]:
        """Marker key → its file, place (line and column, or sheet and cell), data path
        and the hash of its value, in the order the markers were handed out."""
        for key, rel, path, value, offset in self._todo:
            self._entries[key] = self._entry(rel, path, value, offset)
        self._todo.clear()
        return self._entries

    def _entry(self, rel: str, path: PathKey, value: object, offset: int) -> dict[str, Any]:
        assert self.project is not None  # a marker is handed out only with a project
        src = self.project.source(rel)
        place = src.text_place(path, offset) if src else self.project.place(rel, path)
        entry: dict[str, Any] = {
            "file": place.file,
            "line": place.line,
            "col": place.col,
            "path": dotted(path),
            "sha256": value_hash(value),
        }
        if place.sheet is not None:
            entry.update(sheet=place.sheet, cell=place.cell, line=None, col=None)
        return entry

    def mark(self, owner: object, field: PathKey, text: str, offset: int = 0) -> str:
        """``text`` wrapped in the markers of ``owner``'s ``field`` (unchanged when empty or
        when ``owner`` is no data object); ``offset`` is where ``text`` starts in the value,
        for its line."""
        where = self._where.get(id(owner))
        if not text or where is None or self.project is None:
            return text
        rel, base = where
        value: Any = owner
        for part in field:
            if isinstance(part, int) or isinstance(value, dict):
                value = value[part]
            else:
                value = getattr(value, str(part))
        if not isinstance(value, str):
            # a whole entry (a governance holder a sentence tells), an amount: hashed as
            # the file's data holds it, as ``review`` reads it back
            data = self._data(rel, (*base, *field))
            value = value if data is None else data
        return self.mark_at(rel, (*base, *field), value, text, offset)

    def _data(self, rel: str, path: PathKey) -> object:
        src = self.project.source(rel) if self.project is not None else None
        value: Any = src.data if src is not None else None
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value

    def mark_at(self, rel: str, path: PathKey, value: object, text: str, offset: int = 0) -> str:
        """``text`` wrapped in the markers of ``path`` in the data file ``rel`` whose value
        is ``value``: for text a build makes from data that is no field of the year (an
        acronym's expansion, written ``AE: AgroEquipements`` in acronyms.yaml)."""
        if not text or self.project is None:
            return text
        blocks = _blocks(text, value) if offset == 0 else None
        if blocks is not None:  # one marker a paragraph, each at its own line
            return "\n\n".join(self.mark_at(rel, path, value, b, at) for b, at in blocks)
        key = f"{len(self._entries) + len(self._todo) + 1:x}"
        self._todo.append((key, rel, path, value, offset))
        # text ending in « ] » (a note ^[…], a link) followed by « [] » would be read as a
        # reference link « […][] »: a space keeps them apart (invisible at a line's end)
        gap = " " if text.endswith("]") else ""
        # the start goes after what opens a block (« - », « 1. », « > », « # », a line
        # end): before them, the list or quote would be read as a paragraph in the DOCX
        head = _BLOCK_START.match(text)
        cut = head.end() if head else 0
        return f"{text[:cut]}[]{{.cmqsrc-{key}}}{text[cut:]}{gap}[]{{.cmqend-{key}}}"


def _blocks(text: str, value: object) -> list[tuple[str, int]] | None:
    """The paragraphs of ``text`` (Markdown made from ``value``) with where each starts in
    ``value``, when both have as many and none is indented (a list's continuation, which a
    marker in front would take out of its item); else None, for one marker around all."""
    if "\n\n" not in text or not isinstance(value, str):
        return None
    pieces = text.split("\n\n")
    if any(not b or b[0].isspace() for b in pieces):
        return None
    starts, pos, blank = [], 0, True
    for line in value.split("\n"):
        if line.strip() and blank:
            starts.append(pos + len(line) - len(line.lstrip()))
        blank = not line.strip()
        pos += len(line) + 1
    return list(zip(pieces, starts, strict=True)) if len(starts) == len(pieces) else None
