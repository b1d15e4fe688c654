"""The « Figures » sheet, and the owners of figures and tables (campus, section, annex)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cmqreport.load.workbook.context import Context, Record
from cmqreport.load.workbook.records import fill, ids, missing, read_records, unknown
from cmqreport.load.workbook.sheets import FIGURES
from cmqreport.load.yamlsrc import PathKey

__all__ = ["Owners", "read_figures"]


@dataclass
class Owners:
    """What may hold figures and tables: owner id → path, path → its data."""

    paths: dict[str, PathKey] = field(default_factory=dict)
    containers: dict[PathKey, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        sections: list[dict[str, Any]],
        section_paths: dict[str, PathKey],
        annexes: list[dict[str, Any]],
    ) -> Owners:
        """Every section (at any depth) and annex; a section wins over an annex of its id.

        (Ids defined twice are reported later, by the checks.)
        """
        paths = {**ids(annexes, ("annexes",)), **section_paths}
        out: dict[PathKey, dict[str, Any]] = {}
        stack: list[tuple[PathKey, dict[str, Any]]] = [
            (("sections", i), s) for i, s in enumerate(sections)
        ]
        while stack:
            path, sec = stack.pop()
            out[path] = sec
            subs = sec.get("sections", [])
            stack.extend(((*path, "sections", j), sub) for j, sub in enumerate(subs))
        out.update({("annexes", i): an for i, an in enumerate(annexes)})
        return cls(paths, out)

    def add_campus(self, code: str, data: dict[str, Any]) -> None:
        """The campus code names its introduction (figures and tables before 3.x.1)."""
        self.paths[code] = ()
        self.containers[()] = data

    def find(self, ctx: Context, record: Record) -> tuple[PathKey, dict[str, Any]] | None:
        """The path and data of the record's « Rattaché(e) à »; None when reported."""
        owner = record.get("owner")
        if owner is None:
            missing(
                ctx,
                record,
                "owner",
                "l'identifiant de la section ou de l'annexe, ou le code du campus",
            )
            return None
        if owner not in self.paths:
            unknown(
                ctx, record, "owner", "section, annexe ou campus {} inconnu(e)", sorted(self.paths)
            )
            return None
        return self.paths[owner], self.containers[self.paths[owner]]


def read_figures(ctx: Context, owners: Owners) -> None:
    """Put each row of « Figures » in the figures of its owner."""
    records, _ = read_records(ctx, FIGURES)
    keys = ("id", "caption", "file", "width", "alt", "source")
    for record in records:
        found = owners.find(ctx, record)
        if found is not None:
            base, owner = found
            figures = owner.setdefault("figures", [])
            figures.append(fill(ctx, record, (*base, "figures", len(figures)), {}, keys))
