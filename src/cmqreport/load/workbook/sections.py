"""The « Sections » sheet (nested by « Section parente ») and the « Chiffres » of actions."""

from __future__ import annotations

from typing import Any

from cmqreport.load.workbook.context import Context
from cmqreport.load.workbook.records import fill, ids, missing, read_records, unknown
from cmqreport.load.workbook.sheets import METRICS, SECTIONS
from cmqreport.load.yamlsrc import PathKey

__all__ = ["read_metrics", "read_sections"]


def read_sections(ctx: Context) -> tuple[list[dict[str, Any]], dict[str, PathKey]]:
    """Sections in row order; a « Section parente » declared above nests a section.

    Returns the top sections and, for each id, the path of its first section.
    """
    records, _ = read_records(ctx, SECTIONS)
    top: list[dict[str, Any]] = []
    latest: dict[str, tuple[dict[str, Any], PathKey]] = {}
    first: dict[str, PathKey] = {}
    for record in records:
        parent_id = record.get("parent")
        siblings: list[dict[str, Any]] = top
        base: PathKey = ("sections",)
        if parent_id is not None:
            if parent_id in latest:
                parent, parent_path = latest[parent_id]
                siblings = parent.setdefault("sections", [])
                base = (*parent_path, "sections")
            else:
                unknown(
                    ctx,
                    record,
                    "parent",
                    "section parente {} inconnue (elle doit être au-dessus)",
                    sorted(latest),
                )
        path = (*base, len(siblings))
        item = fill(ctx, record, path, {}, ("id", "title", "unnumbered", "body"))
        siblings.append(item)
        ident = item.get("id")
        if isinstance(ident, str):
            # a child names the nearest section of that id above it
            latest[ident] = (item, path)
            first.setdefault(ident, path)
    return top, first


def read_metrics(ctx: Context, actions: list[dict[str, Any]]) -> None:
    """Put each row of « Chiffres » in the metrics of the action it names."""
    index = ids(actions, ("actions",))
    records, _ = read_records(ctx, METRICS)
    for record in records:
        action = record.get("action")
        if action is None:
            missing(ctx, record, "action", "l'identifiant de l'action (feuille Actions)")
            continue
        if action not in index:
            unknown(ctx, record, "action", "action {} inconnue", sorted(index))
            continue
        i = int(index[action][1])
        metrics = actions[i].setdefault("metrics", [])
        path = ("actions", i, "metrics", len(metrics))
        metrics.append(fill(ctx, record, path, {}, ("label", "value", "unit")))
