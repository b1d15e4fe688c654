"""What a campus-year's workbook holds: the rows of every sheet, and the columns of each.

The values are those the cells hold (text, numbers, dates); how they look is
:mod:`cmqreport.write.workbook_style`'s business. The sheets and headers are the reader's
(:mod:`cmqreport.load.workbook.sheets`), so that a workbook written reads back equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cmqreport.load.workbook.sheets import (
    ACTIONS,
    ANNEXES,
    AXES,
    BODY_ROW,
    CAMPUS,
    CAMPUS_FIELDS,
    COLUMNS,
    FIGURES,
    FUNDING,
    HEADER_ROW,
    INCLUDE_LABELS,
    INDICATORS,
    METRICS,
    NO,
    NOTES,
    PLAN,
    SECTIONS,
    SHEETS,
    TABLES,
    YES,
    Col,
)
from cmqreport.load.yamlsrc import PathKey
from cmqreport.model.walk import blocks, sections

if TYPE_CHECKING:
    from cmqreport import model as m

__all__ = ["Rows", "content", "headers", "owner_ids"]

#: Sheet name → its data rows (headers excepted).
Rows = dict[str, list[list[Any]]]

#: Columns C1…Cn of « Tableaux » in an empty workbook (or one of narrower tables).
_MIN_TABLE_WIDTH = 6


def _lines(items: Sequence[str]) -> str | None:
    return "\n".join(items) if items else None


def _plain_number(value: float) -> int | float:
    """46.0 → 46: Excel shows the number people typed."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def _unless_default(fin: m.Finances | None, key: str) -> Any:
    if fin is None:
        return None
    value = getattr(fin, key)
    return None if value == type(fin).model_fields[key].default else value


def owner_ids(cy: m.CampusYear | None) -> list[str]:
    """The ids that may own figures and tables (campus code, sections, annexes)."""
    return [block.id for block in blocks(cy)] if cy else []


def content(cy: m.CampusYear | None, code: str, year: int) -> Rows:
    """The data rows of every sheet (values as cells hold them), headers excepted."""
    rows: Rows = {name: [] for name in SHEETS}
    rows[CAMPUS] = _campus_rows(cy, code, year)
    if cy is None:
        return rows
    rows[AXES] = [[a.id, a.title, a.description] for a in cy.axes]
    for sec, _, parent in sections(cy.sections):
        unnumbered = YES if sec.unnumbered else NO
        rows[SECTIONS].append([sec.id, sec.title, parent, unnumbered, sec.body or None])
    _action_rows(cy, rows)
    _attachment_rows(cy, rows)
    rows[INDICATORS] = [[i.axis, i.indicator, i.value, i.comment] for i in cy.indicators]
    rows[PLAN] = _plan_rows(cy)
    rows[FUNDING] = _funding_rows(cy.finances)
    for an in cy.annexes:
        include = INCLUDE_LABELS[an.include] if an.include else None
        rows[ANNEXES].append(
            [an.id, an.title, an.body or None, include, an.table_id, an.table_caption]
        )
    rows[NOTES] = [[k, v] for k, v in cy.footnotes.items()]
    return rows


def _campus_rows(cy: m.CampusYear | None, code: str, year: int) -> list[list[Any]]:
    fin = cy.finances if cy else None
    values: dict[PathKey, Any] = {
        ("campus",): cy.campus if cy else code,
        ("year",): cy.year if cy else year,
        ("title",): cy.title if cy else None,
        ("intro",): (cy.intro or None) if cy else None,
        ("finances_section",): cy.finances_section if cy else None,
        # defaults stay blank, as a YAML file leaves them out (the help says what they are)
        ("finances", "id"): _unless_default(fin, "id"),
        ("finances", "caption"): _unless_default(fin, "caption"),
        ("finances", "currency"): _unless_default(fin, "currency"),
        ("finances", "note"): fin.note if fin else None,
    }
    return [[label, values[path], help_text] for label, path, _, help_text in CAMPUS_FIELDS]


def _action_rows(cy: m.CampusYear, rows: Rows) -> None:
    for act in cy.actions:
        values = {
            "id": act.id,
            "title": act.title,
            "text": act.text or None,
            "axis": act.axis,
            "section": act.section,
            "start": act.start,
            "end": act.end,
            "partners": _lines(act.partners),
            "status": act.status.value if act.status else None,
            "answers": _lines(act.answers),
        }
        rows[ACTIONS].append([values[col.key] for col in COLUMNS[ACTIONS]])
        for met in act.metrics:
            rows[METRICS].append([act.id, met.label, _plain_number(met.value), met.unit])


def _attachment_rows(cy: m.CampusYear, rows: Rows) -> None:
    """Figures and tables, each on the row of its owner, in report order."""
    for block in blocks(cy):
        owner, box = block.id, block.node
        for fig in box.figures:
            rows[FIGURES].append(
                [owner, fig.id, fig.caption, fig.file, fig.width, fig.alt, fig.source]
            )
        for tab in box.tables:
            widths = "; ".join(str(w) for w in tab.widths) if tab.widths else None
            head = [owner, tab.id, HEADER_ROW, tab.caption, tab.note, widths]
            rows[TABLES].append([*head, *tab.columns])
            for row in tab.rows:
                rows[TABLES].append([None, tab.id, BODY_ROW, None, None, None, *row])


def _plan_rows(cy: m.CampusYear) -> list[list[Any]]:
    out: list[list[Any]] = []
    for obj in cy.action_plan:
        if not obj.objectives:
            out.append([obj.id, obj.title, None, None, None])
        first = True
        for op in obj.objectives:
            for k, done in enumerate(op.achievements or [None]):
                # titles once per objective: a title repeated on every row would be edited
                # on one row and not the others
                obj_title = obj.title if first else None
                out.append([obj.id, obj_title, op.id, op.title if k == 0 else None, done])
                first = False
    return out


def _funding_rows(fin: m.Finances | None) -> list[list[Any]]:
    if not fin:
        return []
    years = sorted({y for line in fin.lines for y in line.amounts})
    out: list[list[Any]] = []
    for line in fin.lines:
        amounts = [line.amounts.get(y) for y in years]
        out.append([line.source, *(None if a is None else _plain_number(a) for a in amounts)])
    return out


def headers(cy: m.CampusYear | None, year: int) -> dict[str, list[Col]]:
    """The columns of every sheet: fixed, plus C1…Cn for tables and one per funding year."""
    out: dict[str, list[Col]] = {name: list(cols) for name, cols in COLUMNS.items()}
    width = _MIN_TABLE_WIDTH
    years = list(range(year - 3, year + 2))
    if cy is not None:
        for block in blocks(cy):
            for tab in block.node.tables:
                width = max(width, len(tab.columns), *(len(r) for r in tab.rows))
        if cy.finances:
            years = sorted({y for line in cy.finances.lines for y in line.amounts})
    out[TABLES] += [Col(f"c{n}", f"C{n}", "any", 18) for n in range(1, width + 1)]
    out[FUNDING] += [Col(f"y{y}", str(y), "number", 14) for y in years]
    return out
