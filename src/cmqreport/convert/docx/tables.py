"""Tables that fit the page: the report's table style, widths, amounts, landscape sections.

Widths are estimated from the characters of each column (Calibri/Carlito at 9.5 pt): a
column is never narrower than its longest word or amount, so no header word is split and
no amount breaks; the slack is shared like the columns' wishes (their longest cell). A
table whose minimal widths exceed the text width gets a landscape section of its own.
"""

from __future__ import annotations

import copy
import re

from lxml import etree  # type: ignore[import-untyped]

from cmqreport.convert.docx.styles import TABLE_STYLE, TEXT_WIDTH
from cmqreport.convert.docx.xml import NS, PPR, SECTPR, TBLPR, TCPR, TRPR, Element, first, put, w
from cmqreport.convert.docx.xml import text_of as _text

__all__ = ["landscape", "tables"]

LANDSCAPE_WIDTH = 16838 - 2 * 1417
#: An average Calibri character at 9.5 pt, a little generous, in twips.
CHAR_TWIPS = 100
#: Left and right cell margins plus a little air, in twips.
CELL_PAD = 2 * 108 + 40
#: The longest cell a column wishes to show on one line, in characters.
WISH = 60
AMOUNT = re.compile(
    r"^[-−]?\d{1,3}(?:[\s\u00a0\u202f]\d{3})*(?:,\d+)?[\s\u00a0\u202f]?(?:€|%|k€|M€)$"
)
_EMPTY = ("", "–", "-", "—")


def _cells(tr: Element, ncols: int) -> list[tuple[int, int, Element]]:
    """The cells of a row with their first column and how many columns they span."""
    out, col = [], 0
    for tc in tr.findall(w("tc")):
        span_el = tc.find("w:tcPr/w:gridSpan", NS)
        span = int(span_el.get(w("val"), "1")) if span_el is not None else 1
        if col >= ncols:
            break
        out.append((col, min(span, ncols - col), tc))
        col += span
    return out


def _measure(rows: list[Element], ncols: int) -> tuple[list[int], list[int], list[bool]]:
    """Per column: the longest unbreakable word, the longest cell, amounts only."""
    mins, wants, amounts = [1] * ncols, [1] * ncols, [True] * ncols
    for ri, tr in enumerate(rows):
        for ci, span, tc in _cells(tr, ncols):
            if span > 1:  # a row across the table (an axis) asks no width of a column
                continue
            txt = _text(tc).strip()
            amount = bool(AMOUNT.match(txt))
            longest = len(txt) if amount else max((len(x) for x in txt.split()), default=1)
            mins[ci] = max(mins[ci], longest)
            wants[ci] = max(wants[ci], min(len(txt), WISH))
            if ri > 0 and txt not in _EMPTY and not amount:
                amounts[ci] = False
    return mins, wants, amounts


def _widths(mins: list[int], wants: list[int], width: int) -> list[int]:
    minw = [m * CHAR_TWIPS + CELL_PAD for m in mins]
    wantw = [max(x * CHAR_TWIPS + CELL_PAD, m) for x, m in zip(wants, minw, strict=True)]
    if sum(wantw) <= width:  # everything fits: share the slack like the wishes
        cols = [x + (width - sum(wantw)) * x // sum(wantw) for x in wantw]
    else:
        extra = max(width - sum(minw), 0)
        room = [x - m for x, m in zip(wantw, minw, strict=True)]
        cols = [m + extra * r // (sum(room) or 1) for m, r in zip(minw, room, strict=True)]
    cols[-1] += width - sum(cols)
    return cols


def _unbreakable(tc: Element) -> None:
    """« 15 000,00 € » on one line, right-aligned."""
    put(first(tc, "tcPr"), "noWrap", TCPR)
    for p in tc.findall(w("p")):
        put(first(p, "pPr"), "jc", PPR, {"val": "right"})
    for t in tc.iter(w("t")):
        t.text = re.sub(r"[ \u00a0\u202f](?=\d{3}\b)", "\u202f", t.text or "")
        t.text = re.sub(r" (?=(?:k|M)?€|%)", "\u00a0", t.text)


def _layout(tbl: Element, cols: list[int], amounts: list[bool]) -> None:
    tblpr = tbl.find(w("tblPr"))
    put(tblpr, "tblW", TBLPR, {"w": str(sum(cols)), "type": "dxa"})
    put(tblpr, "tblLayout", TBLPR, {"type": "fixed"})
    for gc, v in zip(tbl.findall("w:tblGrid/w:gridCol", NS), cols, strict=False):
        gc.set(w("w"), str(v))
    for ri, tr in enumerate(tbl.findall(w("tr"))):
        if ri == 0:  # the header row repeats on every page the table runs over
            put(first(tr, "trPr"), "tblHeader", TRPR)
        for ci, span, tc in _cells(tr, len(cols)):
            width = str(sum(cols[ci : ci + span]))  # a cell across columns: their widths
            put(first(tc, "tcPr"), "tcW", TCPR, {"w": width, "type": "dxa"})
            if span == 1 and (AMOUNT.match(_text(tc).strip()) or (ri == 0 and amounts[ci])):
                _unbreakable(tc)


def tables(body: Element) -> list[Element]:
    """Style, widths and amounts of every data table; return those too wide for portrait."""
    wide = []
    for tbl in body.iter(w("tbl")):
        tblpr = tbl.find(w("tblPr"))
        style = tblpr.find(w("tblStyle")) if tblpr is not None else None
        if style is None:
            continue
        if style.get(w("val")) == "FigureTable":  # a figure: centred across the text
            put(tblpr, "tblW", TBLPR, {"w": "5000", "type": "pct"})
            put(tblpr, "jc", TBLPR, {"val": "center"})
            continue
        if style.get(w("val")) != "Table":
            continue
        style.set(w("val"), TABLE_STYLE)
        rows = tbl.findall(w("tr"))
        ncols = len(tbl.findall("w:tblGrid/w:gridCol", NS))
        if not rows or not ncols:
            continue
        mins, wants, amounts = _measure(rows, ncols)
        width = TEXT_WIDTH
        if sum(m * CHAR_TWIPS + CELL_PAD for m in mins) > TEXT_WIDTH:
            wide.append(tbl)
            width = LANDSCAPE_WIDTH
        _layout(tbl, _widths(mins, wants, width), amounts)
    return wide


def _plain(sect: Element) -> Element:
    """A copy of ``sect`` without its own footer: it inherits the previous section's."""
    out = copy.deepcopy(sect)
    for tag in ("footerReference", "headerReference", "titlePg"):
        for el in out.findall(w(tag)):
            out.remove(el)
    put(out, "type", SECTPR, {"val": "nextPage"})
    return out


def _section_break(sect: Element) -> Element:
    p = etree.Element(w("p"))
    etree.SubElement(p, w("pPr")).append(sect)
    return p


def _start_of(tbl: Element) -> Element:
    """The first element of a table with its caption (written before it) and bookmarks."""
    start, caption = tbl, False
    while (prev := start.getprevious()) is not None:
        style = prev.find("w:pPr/w:pStyle", NS)
        if prev.tag == w("bookmarkStart"):
            start = prev
        elif not caption and style is not None and style.get(w("val")) == "TableCaption":
            start, caption = prev, True
        else:
            break
    return start


def landscape(wide: list[Element], final_sect: Element) -> None:
    """Put each wide table (with its caption) in a landscape section of its own.

    A section without a footerReference inherits the previous section's footer in Word and
    LibreOffice alike, so only the first section keeps the references and titlePg.
    """
    if not wide:
        return
    for n, tbl in enumerate(wide):
        portrait = copy.deepcopy(final_sect) if n == 0 else _plain(final_sect)
        put(portrait, "type", SECTPR, {"val": "nextPage"})
        land = _plain(final_sect)
        pgsz = land.find(w("pgSz"))
        pgsz.set(w("w"), "16838")
        pgsz.set(w("h"), "11906")
        pgsz.set(w("orient"), "landscape")
        _start_of(tbl).addprevious(_section_break(portrait))
        end = tbl
        while (nxt := end.getnext()) is not None and nxt.tag == w("bookmarkEnd"):
            end = nxt
        end.addnext(_section_break(land))
    for tag in ("footerReference", "headerReference", "titlePg"):
        for el in final_sect.findall(w(tag)):
            final_sect.remove(el)
    put(final_sect, "type", SECTPR, {"val": "nextPage"})
