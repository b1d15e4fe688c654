"""The « Notes » sheet: the footnotes called by ``[^id]``, one per row."""

from __future__ import annotations

from typing import Any

from cmqreport.diagnostics import cut
from cmqreport.load.workbook.context import Context
from cmqreport.load.workbook.records import missing, put, read_records
from cmqreport.load.workbook.sheets import NOTES
from cmqreport.load.yamlsrc import PathKey

__all__ = ["read_notes"]


def read_notes(ctx: Context) -> dict[str, Any]:
    """Footnote id → text; an id given twice is reported on its second row."""
    records, _ = read_records(ctx, NOTES)
    notes: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for record in records:
        ident = record.get("id")
        if ident is None:
            missing(ctx, record, "id", "l'identifiant de la note (appelée par [^id])")
            continue
        if ident in rows:
            ctx.report(
                "CMQ-V021",
                f"la note « {cut(ident)} » est déjà définie (ligne {rows[ident]}).",
                NOTES,
                record.cells["id"].coord,
                hint="Choisissez un identifiant unique, ou supprimez la ligne.",
                value=ident,
            )
            continue
        rows[ident] = record.row
        path: PathKey = ("footnotes", ident)
        ctx.out.key_cells[path] = (NOTES, record.cells["id"].coord)
        ctx.out.rows[path] = (NOTES, record.row)
        if record.get("text") is None and "text" not in record.cells:
            missing(ctx, record, "text", "le texte de la note")
            continue
        put(ctx, record, "text", path, notes, ident)
    return notes
