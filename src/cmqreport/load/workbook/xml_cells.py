"""The fast reader: a workbook's worksheets read from their XML in one pass.

openpyxl builds an object per cell with its style and reads the workbook twice when it
holds formulas (once for the formulas, once for the values saved beside them); this reader
walks each sheet's XML once with lxml, keeping only what the grids need: values, their
places, merges, and the value saved beside each formula. It gives exactly the values
openpyxl gives (the same numbers, dates, texts and errors); whatever it cannot vouch for
(a formula shared without a saved value, an unknown cell type, a DTD, a sheet title
openpyxl would change...) makes it give up, and openpyxl reads the file as before. Tests
compare both readers on every workbook the test suite builds, and on files saved by
LibreOffice.

The archive was measured by :func:`~cmqreport.load.workbook.opening.open_failure` first:
no part read here inflates beyond what a workbook holds.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

from cmqreport.load.workbook.book import Merge, SheetCells
from cmqreport.load.workbook.context import ErrorValue, Formula
from cmqreport.load.workbook.names import norm
from cmqreport.load.workbook.serials import (
    BUILTIN_DATES,
    BUILTIN_DURATIONS,
    MAC_EPOCH,
    WINDOWS_EPOCH,
    from_serial,
    is_date_format,
    is_duration_format,
)

__all__ = ["Unknown", "Unsure", "read_sheets"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _C, _V, _F, _IS = (f"{_MAIN}{t}" for t in ("row", "c", "v", "f", "is"))
_T, _R, _RPR, _RPH, _PHONETIC = (f"{_MAIN}{t}" for t in ("t", "r", "rPr", "rPh", "phoneticPr"))
_MERGES, _MERGE = f"{_MAIN}mergeCells", f"{_MAIN}mergeCell"

_SS = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_WORKBOOK_TYPES = (
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    f"{_SS}.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    f"{_SS}.sheet.main+xml",
)
_SHARED_STRINGS = f"{_SS}.sharedStrings+xml"
_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
_SHEET_STATES = (None, "visible", "hidden", "veryHidden")
_BAD_TITLE = re.compile(r"[\\*?:/\[\]]")
_LETTERS = re.compile(r"[A-Z]{1,3}")
_DIGITS = "0123456789"
#: Column letters → number, as met.
_COLUMNS: dict[str, int] = {}
_RANGE = re.compile(r"([A-Z]{1,3})([0-9]+)(?::([A-Z]{1,3})([0-9]+))?")
_MAX_ROW, _MAX_COL = 1_048_576, 16_384
#: Merges checked pairwise for overlaps (a sheet of campus data has a handful at most).
_MAX_MERGES = 200


class Unsure(Exception):
    """Something this reader does not vouch for: openpyxl reads the file instead."""


def read_sheets(path: Path) -> list[SheetCells] | None:
    """The worksheets of the workbook at ``path``, in order; None when openpyxl must read it.

    Never raises: a damaged part gives None too, and openpyxl then says what it says.
    """
    if path.suffix.lower() not in _SUFFIXES:
        return None  # openpyxl refuses the file by its name: it says so
    try:
        with zipfile.ZipFile(path) as zf:
            return _Book(zf).sheets()
    except Exception:  # any surprise: openpyxl reads the file, as before
        return None


def _xml(
    zf: zipfile.ZipFile, name: str, tags: tuple[str, ...] | None = None
) -> Iterator[tuple[str, Any]]:
    """The elements of an XML part (those of ``tags`` only) as they end.

    An element of ``tags`` is emptied once seen, and dropped from its parent: a sheet's
    rows never pile up in memory.
    """
    from lxml import etree  # type: ignore[import-untyped]

    data = zf.read(name)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise Unsure(name)  # openpyxl's parser rules them: let it
    for _, element in etree.iterparse(
        BytesIO(data), events=("end",), tag=tags, resolve_entities=False, no_network=True
    ):
        yield element.tag, element
        if tags is not None:
            element.clear(keep_tail=True)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]


def _column(letters: str) -> int:
    """A column's number from its letters (« AA » → 27), remembered."""
    if not _LETTERS.fullmatch(letters):
        raise Unsure(letters)
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    if number > _MAX_COL:
        raise Unsure(letters)
    _COLUMNS[letters] = number
    return number


def _text(node: Any) -> str:
    """The text of a string item (``<si>``, ``<is>``): its plain text, then its runs."""
    if len(node) == 1 and node[0].tag == _T:  # the usual one: no runs
        return node[0].text or ""
    plain: str | None = None
    runs: list[str] = []
    seen = False
    for child in node:
        tag = child.tag
        if tag == _T:
            if seen:
                raise Unsure("two texts")
            seen, plain = True, child.text
        elif tag == _R:
            run = [sub for sub in child if sub.tag != _RPR]
            if len(run) > 1 or any(sub.tag != _T for sub in run):
                raise Unsure("run")
            if run and run[0].text is not None:
                runs.append(run[0].text)
        elif tag not in (_RPH, _PHONETIC):
            raise Unsure(str(tag))
    return (plain or "") + "".join(runs)


class _Book:
    """One archive being read: its parts found as openpyxl finds them."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = set(zf.namelist())
        self.epoch = WINDOWS_EPOCH
        self.dates: set[int] = set()
        self.durations: set[int] = set()
        self.style_ids: dict[str, int] = {}
        self.strings: list[str] = []

    def sheets(self) -> list[SheetCells]:
        """Every worksheet, in the workbook's order."""
        overrides = self._overrides()
        part = next((overrides[t] for t in _WORKBOOK_TYPES if t in overrides), None)
        if part is None:
            raise Unsure("no workbook part")
        rels = self._rels(part)
        listed = self._workbook(part)
        self._styles()
        if _SHARED_STRINGS in overrides:
            self.strings = [
                _text(el).replace("x005F_", "")
                for _, el in _xml(self.zf, overrides[_SHARED_STRINGS], (f"{_MAIN}si",))
            ]
        titles: set[str] = set()
        out = []
        for title, rel_id in listed:
            kind, target = rels[rel_id]
            if target not in self.names:
                continue  # openpyxl skips a sheet whose part is missing
            if not title or _BAD_TITLE.search(title) or norm(title) in titles:
                # openpyxl would refuse or rename it; the reader tells sheets by norm()
                raise Unsure(title)
            titles.add(norm(title))
            if "chartsheet" in kind:
                continue
            if not kind.endswith("/worksheet"):
                raise Unsure(kind)
            out.append(_read_sheet(self, title, target))
        return out

    def _overrides(self) -> dict[str, str]:
        """Content type → the first part of that type."""
        found: dict[str, str] = {}
        for tag, el in _xml(self.zf, "[Content_Types].xml"):
            if tag == f"{_CT}Override":
                found.setdefault(el.get("ContentType"), el.get("PartName", "")[1:])
        return found

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relation id → its type and its part's name in the archive."""
        folder, name = posixpath.split(part)
        rels: dict[str, tuple[str, str]] = {}
        for tag, el in _xml(self.zf, posixpath.join(folder, "_rels", f"{name}.rels")):
            if tag != f"{_RELS}Relationship":
                continue
            target = el.get("Target", "")
            if not target or el.get("TargetMode") == "External" or el.get("Id") in rels:
                raise Unsure(target)
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            rels[el.get("Id")] = (el.get("Type", ""), target)
        return rels

    def _workbook(self, part: str) -> list[tuple[str, str]]:
        """The sheets listed by the workbook (title, relation id); its date system."""
        listed = []
        for tag, el in _xml(self.zf, part):
            if tag == f"{_MAIN}workbookPr":
                flag = el.get("date1904")
                if flag not in (None, "0", "1", "false", "true"):
                    raise Unsure(flag)
                self.epoch = MAC_EPOCH if flag in ("1", "true") else WINDOWS_EPOCH
            elif tag == f"{_MAIN}sheet":
                if el.get("state") not in _SHEET_STATES or el.get("sheetId") is None:
                    raise Unsure("sheet")
                if el.get(_REL_ID):  # openpyxl skips a sheet without one
                    listed.append((el.get("name", ""), el.get(_REL_ID)))
        return listed

    def _styles(self) -> None:
        """Which cell styles are dates and durations, from their number formats."""
        custom: dict[int, str] = {}
        formats: list[int] = []
        in_xfs = False
        for tag, el in _xml(self.zf, "xl/styles.xml"):
            if tag == f"{_MAIN}numFmt" and el.getparent().tag == f"{_MAIN}numFmts":
                custom[int(el.get("numFmtId"))] = el.get("formatCode")
            elif tag == f"{_MAIN}xf" and el.getparent().tag == f"{_MAIN}cellXfs":
                formats.append(int(el.get("numFmtId", "0")))
            elif tag == f"{_MAIN}cellXfs":
                in_xfs = True
        if not in_xfs or not formats:
            raise Unsure("no cell styles")
        for index, number in enumerate(formats):
            code = custom.get(number)
            if number in custom:
                date, duration = is_date_format(code), is_duration_format(code)
            else:
                date, duration = number in BUILTIN_DATES, number in BUILTIN_DURATIONS
            if date:
                self.dates.add(index)
            if duration:
                self.durations.add(index)
        self.style_ids = {str(n): n for n in range(len(formats))}


def _read_sheet(book: _Book, title: str, part: str) -> SheetCells:
    """One worksheet's cells and merges, each formula with the value saved beside it."""
    sheet = SheetCells(title, cached={})
    cells, cached = sheet.cells, sheet.cached
    assert cached is not None
    merges: list[Merge] = []
    row = 0
    for tag, el in _xml(book.zf, part, (_ROW, _MERGES)):
        if tag == _ROW:
            number = el.get("r")
            if number is not None and not number.isdigit():
                raise Unsure(number)
            row = int(number) if number is not None else row + 1
            _row(book, el, row, number if 0 < row <= _MAX_ROW else None, sheet)
        else:
            merges = [_merge(m.get("ref", "")) for m in el if m.tag == _MERGE]
    sheet.merges = _unmerged(cells, cached, merges)
    # a formula's cell always has its entry in ``cached``: only those are looked at
    if any(v is None and isinstance(cells.get(p), Unknown) for p, v in cached.items()):
        raise Unsure("formula without its value")  # its text would need openpyxl's
    return sheet


def _row(book: _Book, el: Any, row: int, digits_of_row: str | None, sheet: SheetCells) -> None:
    """The cells of one ``<row>``; a cell without a coordinate follows the previous one.

    Flat (no call for the usual cells, each attribute read once): most of a sheet's time.
    """
    cells, cached, style_ids, dates = sheet.cells, sheet.cached, book.style_ids, book.dates
    assert cached is not None
    col = 0
    for c in el:
        if c.tag != _C:
            raise Unsure(str(c.tag))
        get = c.get
        coord = get("r")
        if coord:
            letters = coord.rstrip(_DIGITS)
            digits = coord[len(letters) :]
            col = _COLUMNS.get(letters) or _column(letters)
            if digits == digits_of_row:  # the row's own number as written (when valid)
                row_of = row
            elif not digits.isdigit() or not 0 < (row_of := int(digits)) <= _MAX_ROW:
                raise Unsure(coord)
        else:
            row_of, col = row, col + 1
        pos = (row_of, col)
        style = get("s")
        index = 0 if style is None else style_ids[style]  # KeyError: openpyxl fails too
        raw = formula = inline = None
        if len(c) != 1:
            raw, formula, inline = _parts(c)
        elif (tag := (child := c[0]).tag) == _V:  # the usual cells: one child, no formula
            raw = child.text or ""
        elif tag == _IS:
            inline = child
        elif tag == _F:
            formula = child
        kind = get("t", "n")
        value: Any = None
        if kind == "inlineStr":
            if inline is not None and len(inline) == 1 and (plain := inline[0]).tag == _T:
                value = plain.text or ""  # no runs: what _text() gives, without its call
            elif inline is not None:
                value = _text(inline)
        elif not raw:
            pass
        elif kind == "n" and index not in dates:
            value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
        elif kind == "s":
            value = book.strings[int(raw)]
        else:
            value = _typed(book, kind, raw, index)
        if formula is not None:
            cells[pos], cached[pos] = _formula(formula), value
            continue
        if value is not None:
            cells[pos] = value
        else:  # an empty cell stored after a full one replaces it
            cells.pop(pos, None)
        if cached:
            cached.pop(pos, None)


def _parts(c: Any) -> tuple[str | None, Any, Any]:
    """A cell's first ``<v>`` text, first ``<f>`` and first ``<is>`` (None when absent)."""
    raw = formula = inline = None
    for child in c:
        tag = child.tag
        if tag == _V:
            if raw is None:
                raw = child.text or ""
        elif tag == _F:
            if formula is None:
                formula = child
        elif tag == _IS and inline is None:
            inline = child
    return raw, formula, inline


def _formula(f: Any) -> Formula:
    """A cell's formula from its ``<f>``; one whose text is not given is Unknown."""
    if f.get("t") in ("shared", "dataTable"):
        return Unknown("")
    return Formula("=" + (f.text or ""))


class Unknown(Formula):
    """A formula whose text this reader does not give (shared, or a data table): its
    saved value replaces it, the only case this reader keeps."""


def _typed(book: _Book, kind: str, raw: str, style: int) -> Any:
    """The value of a cell's ``<v>`` by its type: number, date, text, boolean, error."""
    if kind == "n":
        number = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
        if style not in book.dates:
            return number
        try:
            return from_serial(number, book.epoch, duration=style in book.durations)
        except (OverflowError, ValueError):  # beyond any date: openpyxl makes it an error
            return ErrorValue("#VALUE!")
    if kind == "s":
        return book.strings[int(raw)]
    if kind == "str":
        return raw
    if kind == "b":
        return bool(int(raw))
    if kind == "e":
        return ErrorValue(raw)
    raise Unsure(kind)  # « d » (an ISO date) and anything else


def _merge(ref: str) -> Merge:
    match = _RANGE.fullmatch(ref)
    if match is None:
        raise Unsure(ref)
    first_col, first_row, last_col, last_row = match.groups()
    merge = Merge(
        int(first_row),
        _column(first_col),
        int(last_row or first_row),
        _column(last_col or first_col),
    )
    if merge.min_row > merge.max_row or merge.min_col > merge.max_col or merge.min_row < 1:
        raise Unsure(ref)
    return merge


def _unmerged(cells: dict[Any, Any], cached: dict[Any, Any], merges: list[Merge]) -> list[Merge]:
    """The distinct merges, the cells they cover (all but the top-left one) emptied."""
    unique = list(dict.fromkeys(merges))
    if len(unique) > _MAX_MERGES:
        raise Unsure("merges")
    for n, a in enumerate(unique):
        for b in unique[n + 1 :]:
            if not (
                a.max_row < b.min_row
                or b.max_row < a.min_row
                or a.max_col < b.min_col
                or b.max_col < a.min_col
            ):
                raise Unsure("overlapping merges")
        covered = [
            pos
            for pos in cells
            if a.min_row <= pos[0] <= a.max_row
            and a.min_col <= pos[1] <= a.max_col
            and pos != (a.min_row, a.min_col)
        ]
        for pos in covered:
            del cells[pos]
            cached.pop(pos, None)
    return unique
