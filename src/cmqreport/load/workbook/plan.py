"""The « Plan d'action » sheet: one row per achievement; consecutive rows of one objective
(and of one operational objective) make one objective."""

from __future__ import annotations

from typing import Any

from cmqreport.load.workbook.context import Context, Record
from cmqreport.load.workbook.records import put, read_records
from cmqreport.load.workbook.sheets import PLAN
from cmqreport.load.yamlsrc import PathKey

__all__ = ["read_plan"]


def read_plan(ctx: Context) -> list[dict[str, Any]]:
    """The objectives of the action plan, their operational objectives and achievements."""
    records, _ = read_records(ctx, PLAN)
    plan: list[dict[str, Any]] = []
    for record in records:
        obj_id = record.get("objective")
        if not plan or (obj_id is not None and plan[-1].get("id") != obj_id):
            _item(ctx, record, ("action_plan", len(plan)), "objective")
            plan.append({})
        base: PathKey = ("action_plan", len(plan) - 1)
        objective = plan[-1]
        put(ctx, record, "objective", (*base, "id"), objective, "id")
        put(ctx, record, "objective_title", (*base, "title"), objective, "title")
        _operational(ctx, record, base, objective)
    for objective in plan:
        if not objective.get("objectives"):
            objective.pop("objectives", None)
    return plan


def _operational(ctx: Context, record: Record, base: PathKey, objective: dict[str, Any]) -> None:
    """The operational objective of the row (a new one, or the one above) and its
    achievement."""
    op_id = record.get("operational")
    has_op = op_id is not None or "operational_title" in record.cells
    ops: list[dict[str, Any]] = objective.setdefault("objectives", [])
    if has_op and (not ops or (op_id is not None and ops[-1].get("id") != op_id)):
        _item(ctx, record, (*base, "objectives", len(ops)), "operational")
        ops.append({})
    if not has_op:
        if "achievement" in record.cells:
            ctx.report(
                "CMQ-V003",
                "réalisation sans objectif opérationnel.",
                PLAN,
                record.cells["achievement"].coord,
                hint="Indiquez l'objectif opérationnel (ex. 1.1) de cette réalisation.",
            )
        return
    op_path = (*base, "objectives", len(ops) - 1)
    op = ops[-1]
    put(ctx, record, "operational", (*op_path, "id"), op, "id")
    put(ctx, record, "operational_title", (*op_path, "title"), op, "title")
    if "achievement" in record.cells:
        done = op.setdefault("achievements", [])
        put(ctx, record, "achievement", (*op_path, "achievements", len(done)), {})
        if record.get("achievement") is not None:
            done.append(record.get("achievement"))


def _item(ctx: Context, record: Record, path: PathKey, key: str) -> None:
    """Where the id and title of an objective (or operational one) are, even if empty."""
    ctx.out.rows[path] = (PLAN, record.row)
    for name, source in (("id", key), ("title", f"{key}_title")):
        ctx.out.names[(*path, name)] = ctx.out.labels[(PLAN, source)]
        letter = ctx.out.columns.get((PLAN, source))
        if letter:
            ctx.out.cells[(*path, name)] = (PLAN, f"{letter}{record.row}")
