"""The tables of the report: data tables, funding details, an annex's included table."""

from __future__ import annotations

import re

from cmqreport import model as m
from cmqreport.render.markdown import Md, escape_inline, pipe_table
from cmqreport.render.nodes import FinancesPiece, IncludePiece, TablePiece
from cmqreport.render.writer import Writer

__all__ = ["captioned", "data_table", "finances", "include_table"]

_SPACES = re.compile(r"(\s+)")


def captioned(w: Writer, table: str, caption: str, anchor: str) -> str:
    """A pipe table followed by its caption and anchor (``: Tableau 3.1 – … {#tab-x}``)."""
    return f"{table}\n\n: {w.text.plain(caption)} {{#{anchor}}}"


def data_table(w: Writer, piece: TablePiece) -> str:
    """A table of the data, its numbers in the locale's format, then its note."""
    tab = piece.table
    table = pipe_table(
        [w.text.plain(c) for c in tab.columns],
        [[w.text.cell(v) for v in row] for row in tab.rows],
        widths=tab.widths,
    )
    caption = w.words("captions").text("table", piece.number, tab.caption)
    note = f"\n\n{w.text.prose(tab.note)}" if tab.note else ""
    return captioned(w, table, caption, piece.anchor) + note


def finances(w: Writer, piece: FinancesPiece) -> str:
    """A funding chart, then the table of its amounts by source and year, with totals."""
    fin, words = piece.finances, w.words("captions")
    caption = w.text.plain(words.text("figure", piece.number, fin.caption))
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
    table = captioned(
        w,
        pipe_table(header, [*rows, totals]),
        words.text("finances_detail", piece.number, fin.caption),
        f"tab-{fin.id}-detail",
    )
    note = f"\n\n{w.text.prose(fin.note)}" if fin.note else ""
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


def _caption(w: Writer, piece: IncludePiece, default: str) -> str:
    caption = piece.annex.table_caption or w.words("captions").text(default)
    return w.words("captions").text("table", piece.number, caption)


def _action_plan(w: Writer, piece: IncludePiece) -> str:
    cy, words = piece.campus, w.words("captions")
    rows = []
    for obj in cy.action_plan:
        first = True
        for op in obj.objectives or [m.OperationalObjective(id="", title="")]:
            done = " ; ".join(
                w.text.prose(a, cy.footnotes).replace("\n", " ") for a in op.achievements
            )
            rows.append(
                [
                    w.text.plain(f"{obj.id}. {obj.title}") if first else "",
                    w.text.plain(f"{op.id} {op.title}".strip()),
                    done,
                ]
            )
            first = False
    header = [words("action_plan_header", col) for col in ("strategic", "operational", "done")]
    table = pipe_table(header, rows, widths=[25, 30, 45])
    return captioned(w, table, _caption(w, piece, "action_plan_caption"), piece.anchor)


def _indicators(w: Writer, piece: IncludePiece) -> str:
    cy, words = piece.campus, w.words("captions")
    rows = []
    last_axis = None
    for ind in cy.indicators:
        value = ind.value
        rows.append(
            [
                w.text.plain(ind.axis) if ind.axis != last_axis else "",
                w.text.plain(ind.indicator),
                w.text.cell(value) if value is not None else "",
                w.text.prose(ind.comment, cy.footnotes).replace("\n", " ") if ind.comment else "",
            ]
        )
        last_axis = ind.axis
    header = [words("indicators_header", col) for col in ("axis", "indicator", "value", "comment")]
    table = pipe_table(header, rows, widths=[20, 25, 10, 45])
    return captioned(w, table, _caption(w, piece, "indicators_caption"), piece.anchor)
