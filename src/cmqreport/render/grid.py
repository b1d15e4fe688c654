"""Grid tables: cells that hold lists and paragraphs, and rows that span every column.

A pipe table holds one line per cell, so lists in the data were flattened into it; a grid
table keeps them as blocks (pandoc reads a bullet list inside a cell), and a row with a
single cell spans the table (LaTeX ``\\multicolumn``, Typst ``colspan``, Word
``gridSpan``). Cells are Markdown already; this module only lays them out.

The layout waits for the last text pass: acronyms are spelled out and marked in the
finished body, which widens cells. :func:`grid_table` writes the cells one source line
per line behind control characters (which no YAML or cell text can carry: they are
removed from the cells), and :func:`lay_out_grids` draws the tables at the end.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from cmqreport.render.markdown import Md

__all__ = ["SpanRow", "grid_table", "lay_out_grids"]

#: The characters of the table's rules: wide enough that pandoc reads the widths as they
#: are given (a table narrower than pandoc's 72 columns would not fill the line).
TOTAL = 100

# a list marker (and the indentation before it) that starts a line of a cell
_MARKER = re.compile(r"^( *)((?:[-+*]|\d+[.)]) +)?")
# a word that would start a list, a quote, a heading or a table line if a line began
# with it: it stays on the line of the word before
_RISKY = re.compile(r"^(?:[-+*>#=:|]|\d+[.)])")


@dataclass(frozen=True)
class SpanRow:
    """A row of one cell across every column (an axis, a group's title)."""

    text: str


def _width(text: str) -> int:
    """Columns ``text`` takes, as pandoc counts them (wide characters 2, marks 0)."""
    if not text or max(text) < "\u0300":  # below the combining marks: one column each
        return len(text)
    return sum(map(_char_width, text))


@functools.cache
def _char_width(ch: str) -> int:
    """Columns of one character (a report uses few distinct ones: looked up once each)."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _words(text: str) -> list[str]:
    """The words of a line, a risky word glued to the one before it."""
    out: list[str] = []
    for word in text.split(" "):
        if not word:
            continue
        if out and _RISKY.match(word):
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def _min_width(cell: str) -> int:
    """The narrowest a column can be without breaking a word of ``cell``."""
    best = 1
    for line in cell.split("\n"):
        m = _MARKER.match(line)
        indent = _width(m.group(0)) if m else 0
        for word in _words(line[m.end() if m else 0 :]):
            best = max(best, indent + _width(word))
    return best


def _wrap(cell: str, width: int) -> list[str]:
    """The lines of a cell, each at most ``width`` columns; list items keep their indent."""
    out: list[str] = []
    for line in cell.split("\n"):
        if not line.strip():
            out.append("")
            continue
        m = _MARKER.match(line)
        prefix = m.group(0) if m else ""
        current, pad, empty = prefix, " " * _width(prefix), True
        used = len(pad)  # the width of current, kept as words are added
        for word in _words(line[len(prefix) :]):
            size = _width(word)
            if not empty and used + 1 + size > width:
                out.append(current)
                current, used = pad + word, len(pad) + size
            else:
                current += word if empty else " " + word
                used += size if empty else 1 + size
            empty = False
        out.append(current)
    while out and not out[-1]:
        out.pop()
    return out or [""]


def _sizes(
    header: Sequence[str], rows: Sequence[Sequence[str] | SpanRow], widths: Sequence[int]
) -> list[int]:
    """Columns' widths in characters: the wished shares of TOTAL, never below a word."""
    ncol = len(header)
    share = TOTAL - 3 * ncol - 1
    wished = [max(3, round(share * n / (sum(widths) or 1))) for n in widths]
    mins = [_min_width(h) for h in header]
    for row in rows:
        if isinstance(row, SpanRow):
            continue
        for i, cell in enumerate(row[:ncol]):
            mins[i] = max(mins[i], _min_width(cell))
    sizes = [max(a, b) for a, b in zip(wished, mins, strict=True)]
    span_min = max((_min_width(r.text) for r in rows if isinstance(r, SpanRow)), default=0)
    sizes[-1] += max(0, span_min - (sum(sizes) + 3 * (ncol - 1)))
    return sizes


def _rule(sizes: Sequence[int], char: str, right: Collection[int] = ()) -> str:
    cols = [char * (n + 1) + (":" if i in right else char) for i, n in enumerate(sizes)]
    return "+" + "+".join(cols) + "+"


def _lines(cells: Sequence[str], sizes: Sequence[int]) -> list[str]:
    wrapped = [_wrap(c, n) for c, n in zip(cells, sizes, strict=True)]
    height = max(len(x) for x in wrapped)
    out = []
    for k in range(height):
        parts = []
        for lines, n in zip(wrapped, sizes, strict=True):
            text = lines[k] if k < len(lines) else ""
            parts.append(" " + text + " " * (n - _width(text)) + " ")
        out.append("|" + "|".join(parts) + "|")
    return out


_START, _END, _ROW, _SPAN, _LINE = "\x1egrid", "\x1eend", "\x1erow", "\x1espan", "\x1f"
_CELL = "\x1ecell"


def _clean(cell: str) -> str:
    return cell.replace("\x1e", " ").replace("\x1f", " ").strip("\n")


def grid_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str] | SpanRow],
    *,
    widths: Sequence[int],
    right: Collection[int] = (),
) -> Md:
    """A grid table of Markdown cells (blocks allowed), ``SpanRow`` rows across the table.

    ``widths`` are the columns' relative widths; a column widens to its longest word, so
    that no line of a cell runs past its border. Columns in ``right`` are right-aligned.
    What is returned is laid out by :func:`lay_out_grids`, once the body is finished.
    """
    ncol = len(header)
    out = [f"{_START} {' '.join(map(str, widths))} {' '.join(map(str, sorted(right)))}".rstrip()]
    for row in [header, *rows]:
        if isinstance(row, SpanRow):
            out.append(_SPAN)
            cells: Sequence[str] = [row.text]
        else:
            out.append(_ROW)
            cells = ([*row] + [""] * ncol)[:ncol]
        for cell in cells:
            out.append(_CELL)
            out += [_LINE + x for x in _clean(cell).split("\n")]
    out.append(_END)
    return Md("\n".join(out))


def _parse(lines: list[str]) -> tuple[list[int], set[int], list[list[str] | SpanRow]]:
    """The widths, right-aligned columns and rows of a table written by grid_table."""
    numbers = [int(x) for x in lines[0].split(" ")[1:]]
    rows: list[tuple[str, list[list[str]]]] = []
    for line in lines[1:]:
        if line in (_ROW, _SPAN):
            rows.append((line, []))
        elif line == _CELL:
            rows[-1][1].append([])
        else:  # a cell's line (a text pass may have dropped nothing but the prefix)
            rows[-1][1][-1].append(line.removeprefix(_LINE))
    ncol = len(rows[0][1])
    out: list[list[str] | SpanRow] = []
    for kind, cells in rows:
        texts = ["\n".join(c) for c in cells]
        out.append(SpanRow(texts[0]) if kind == _SPAN else texts)
    return numbers[:ncol], set(numbers[ncol:]), out


def lay_out_grids(markdown: str) -> str:
    """Draw every table :func:`grid_table` wrote in ``markdown`` as a pandoc grid table."""
    if _START not in markdown:
        return markdown
    out: list[str] = []
    block: list[str] | None = None
    for line in markdown.split("\n"):
        if block is None and line.startswith(_START):
            block = [line]
        elif block is not None and line == _END:
            widths, right, rows = _parse(block)
            header = rows[0]
            assert isinstance(header, list)
            out.append(_draw(header, rows[1:], widths=widths, right=right))
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    return "\n".join(out)


def _draw(
    header: Sequence[str],
    rows: Sequence[Sequence[str] | SpanRow],
    *,
    widths: Sequence[int],
    right: Collection[int] = (),
) -> Md:
    ncol = len(header)
    sizes = _sizes(header, rows, widths)
    full = sum(sizes) + 3 * (ncol - 1)
    out = [_rule(sizes, "-"), *_lines(header, sizes), _rule(sizes, "=", right)]
    for row in rows:
        if isinstance(row, SpanRow):
            out += _lines([row.text], [full])
        else:
            out += _lines(([*row] + [""] * ncol)[:ncol], sizes)
        out.append(_rule(sizes, "-"))
    return Md("\n".join(out))
