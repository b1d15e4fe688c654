"""The tables of the report: data tables, funding details, an annex's included table."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cmqreport import model as m
from cmqreport.render.grid import SpanRow, grid_table
from cmqreport.render.markdown import Md, escape_inline, pipe_table
from cmqreport.render.nodes import FinancesPiece, IncludePiece, TablePiece
from cmqreport.render.writer import Writer

__all__ = ["captioned", "data_table", "finances", "include_table"]

_SPACES = re.compile(r"(\s+)")


def captioned(table: str, caption: Md, anchor: str) -> str:
    """A pipe table followed by its caption and anchor (``: Actions du CMQ {#tab-x}``).

    The caption has no number: each output format numbers tables (« Tableau 3.1 – »).
    """
    return f"{table}\n\n: {caption} {{#{anchor}}}"


def _numeric_columns(rows: Sequence[Sequence[object]]) -> set[int]:
    """Columns whose cells are all numbers (at least one): right-aligned."""
    width = max((len(r) for r in rows), default=0)
    out = set()
    for i in range(width):
        cells = [r[i] for r in rows if i < len(r) and r[i] not in (None, "")]
        if cells and all(isinstance(c, int | float) and not isinstance(c, bool) for c in cells):
            out.add(i)
    return out


def data_table(w: Writer, piece: TablePiece) -> str:
    """A table of the data, its numbers in the locale's format, then its note."""
    tab = piece.table
    header = [w.text.plain(c) for c in tab.columns]
    cells = [[w.text.cell(v) for v in row] for row in tab.rows]
    # the widths the unmarked cells give: the source markers (DOCX only) change no rule
    sizes = [max(len(c) for c in col) for col in _columns(header, cells)]
    fixed = tab.widths if tab.widths and len(tab.widths) == len(header) else None
    table = pipe_table(
        [w.sources.mark(tab, ("columns", c), cell) for c, cell in enumerate(header)],
        [
            [w.sources.mark(tab, ("rows", r, c), cell) for c, cell in enumerate(row)]
            for r, row in enumerate(cells)
        ],
        widths=fixed or sizes,
        right=_numeric_columns(tab.rows),
    )
    note = f"\n\n{w.sources.mark(tab, ('note',), w.text.prose(tab.note))}" if tab.note else ""
    caption = Md(w.sources.mark(tab, ("caption",), w.text.plain(tab.caption)))
    return captioned(table, caption, piece.anchor) + note


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """The cells of each column, header first, short rows padded (as the pipe table does)."""
    ncol = len(header)
    padded = [([*r] + [""] * ncol)[:ncol] for r in rows]
    return [[header[i]] + [r[i] for r in padded] for i in range(ncol)]


def finances(w: Writer, piece: FinancesPiece) -> str:
    """A funding chart, then the table of its amounts by source and year, with totals."""
    fin, words = piece.finances, w.words("captions")
    caption = w.sources.mark(fin, ("caption",), w.text.plain(fin.caption))
    years = sorted({y for line in fin.lines for y in line.amounts})
    header = [words("finances_source")] + [Md(str(y)) for y in years]
    rows = [
        [w.text.plain(line.source)]
        + [_money(w, line.amounts[y], fin.currency) if y in line.amounts else "–" for y in years]
        for line in fin.lines
    ]
    totals = [words("finances_total")] + [
        Md("**" + _money(w, sum(line.amounts.get(y, 0) for line in fin.lines), fin.currency) + "**")
        for y in years
    ]
    # the amounts of the figure, right under it: the seed's figure 3.2 is this table, so it
    # has no caption (and no number) of its own
    # each source and amount in the markers of its place (the DOCX only): the widths are
    # those of the unmarked cells, so the rule under the header stays the same
    sizes = [max(len(c) for c in col) for col in _columns(header, [*rows, totals])]
    marked = [
        [w.sources.mark(line, ("source",), row[0])]
        + [w.sources.mark(line, ("amounts", y), c) if y in line.amounts else c
           for y, c in zip(years, row[1:], strict=True)]
        for line, row in zip(fin.lines, rows, strict=True)
    ]  # fmt: skip
    table = pipe_table(header, [*marked, totals], widths=sizes, right=range(1, len(header)))
    note = f"\n\n{w.sources.mark(fin, ('note',), w.text.prose(fin.note))}" if fin.note else ""
    return f"![{caption}]({piece.asset}){{#{piece.anchor} width=90%}}\n\n{table}{note}"


def _money(w: Writer, value: float, currency: str) -> Md:
    """An amount with its currency, escaped: its spaces (non-breaking) are kept as they are."""
    money = w.fmt.money(value, currency)
    return Md("".join(p if p.isspace() else escape_inline(p) for p in _SPACES.split(money)))


def include_table(w: Writer, piece: IncludePiece) -> str:
    """The action plan or the indicators of the annex's campus, as a numbered table."""
    if piece.annex.include == "action_plan":
        return _action_plan(w, piece)
    return _indicators(w, piece)


def _caption(w: Writer, piece: IncludePiece, default: str) -> Md:
    return w.text.plain(piece.annex.table_caption or w.words("captions").text(default))


def _items(blocks: Sequence[str]) -> str:
    """Several achievements as a bullet list (their own lists nested), one as it is."""
    if len(blocks) == 1:
        return blocks[0]
    items = []
    for text in blocks:
        lines = text.strip("\n").split("\n")
        items.append("- " + "\n".join([lines[0]] + [("  " + x) if x else "" for x in lines[1:]]))
    # a blank line between items when one holds several blocks, so the list stays valid
    loose = any("\n\n" in b.strip("\n") for b in blocks)
    return ("\n\n" if loose else "\n").join(items)


def _action_plan(w: Writer, piece: IncludePiece) -> str:
    cy, words = piece.campus, w.words("captions")
    rows: list[list[str]] = []
    for obj in cy.action_plan:
        first = True
        for op in obj.objectives or [m.OperationalObjective(id="", title="")]:
            mark = w.sources.mark
            done = _items(
                [mark(op, ("achievements", i), w.text.prose(a, cy.footnotes))
                 for i, a in enumerate(op.achievements)]
            )  # fmt: skip
            rows.append(
                [
                    mark(obj, ("title",), w.text.plain(f"{obj.id}. {obj.title}")) if first else "",
                    mark(op, ("title",), w.text.plain(f"{op.id} {op.title}".strip())),
                    done,
                ]
            )
            first = False
    header = [words("action_plan_header", col) for col in ("strategic", "operational", "done")]
    table = grid_table(header, rows, widths=[25, 30, 45])
    return captioned(table, _caption(w, piece, "action_plan_caption"), piece.anchor)


def _indicators(w: Writer, piece: IncludePiece) -> str:
    """The indicators under their axis: each axis a row across the table, as in the seed."""
    cy, words = piece.campus, w.words("captions")
    rows: list[list[str] | SpanRow] = []
    last_axis = None
    for ind in cy.indicators:
        if ind.axis and ind.axis != last_axis:
            axis = w.sources.mark(ind, ("axis",), w.text.plain(ind.axis))
            rows.append(SpanRow(f"**{axis}**" if ind.axis else ""))
        value = ind.value
        mark = w.sources.mark
        rows.append(
            [
                mark(ind, ("indicator",), w.text.plain(ind.indicator)),
                mark(ind, ("value",), w.text.cell(value)) if value is not None else "",
                mark(ind, ("comment",), w.text.prose(ind.comment, cy.footnotes))
                if ind.comment
                else "",
            ]
        )
        last_axis = ind.axis
    header = [words("indicators_header", col) for col in ("indicator", "value", "comment")]
    numeric = all(
        isinstance(i.value, int | float) for i in cy.indicators if i.value not in (None, "")
    )
    table = grid_table(header, rows, widths=[28, 10, 62], right={1} if numeric else ())
    return captioned(table, _caption(w, piece, "indicators_caption"), piece.anchor)
