"""What changed during a year, derived from campus histories (chapter 1 of the report).

Governance replacements, portage changes and label events are computed from the dated
histories in ``campuses/*.yaml``: nothing in chapter 1 is typed twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cmqreport import model as m

__all__ = [
    "GovernanceChange",
    "LabelChange",
    "PortageChange",
    "PortageNoteChange",
    "YearChanges",
    "changes_of_year",
]

ROLE_NAMES = {
    m.Role.DC: "Directeur du Campus (DC)",
    m.Role.DO: "Directeur Opérationnel (DO)",
    m.Role.president: "Président du Conseil de Perfectionnement",
    m.Role.international: "chargé(e) des relations internationales",
}
ROLE_SHORT = {
    m.Role.DC: "DC",
    m.Role.DO: "DO",
    m.Role.president: "Président du Conseil de Perfectionnement",
    m.Role.international: "relations internationales",
}


@dataclass(frozen=True)
class GovernanceChange:
    """Somebody took a role during the year, possibly replacing somebody."""

    campus: str
    role: m.Role
    new: m.GovernanceRole
    previous: m.GovernanceRole | None


@dataclass(frozen=True)
class PortageChange:
    """The host establishment changed during the year."""

    campus: str
    new: m.Portage
    previous: m.Portage | None


@dataclass(frozen=True)
class PortageNoteChange:
    """A change of the portage that keeps the establishment (périmètre, signataires)."""

    campus: str
    note: m.PortageNote


@dataclass(frozen=True)
class LabelChange:
    """A label event of the year."""

    campus: str
    event: m.LabelEvent

    @property
    def when(self) -> dt.date:
        """The date shown: publication in the Journal Officiel, else the event's date."""
        return self.event.jo_date or self.event.date


@dataclass(frozen=True)
class YearChanges:
    """Everything chapter 1 says about a year."""

    governance: list[GovernanceChange]
    portage: list[PortageChange]
    labels: list[LabelChange]
    new_campuses: list[str]
    applications: list[str]
    portage_notes: list[PortageNoteChange]


def _in_year(day: dt.date | m.When | None, year: int) -> bool:
    return day is not None and day.year == year


def _key(when: m.When | None) -> dt.date:
    # a date known to its month or year sorts after the days it may be: « 1er décembre »
    # comes before « en 2021 », as the report tells them
    return when.latest if when else dt.date.min


def _label_campus_existed_before(campus: m.CampusFile, year: int) -> bool:
    return any(
        ev.kind
        in (m.LabelEventKind.creation, m.LabelEventKind.renewal, m.LabelEventKind.excellence)
        and ev.date.year < year
        for ev in campus.labels
    )


def changes_of_year(
    campuses: dict[str, m.CampusFile], order: list[str], year: int, active: set[str] | None = None
) -> YearChanges:
    """Compare the state of every campus at the start and the end of ``year``.

    ``active`` holds the campuses that already report activities: an application filed by
    one of them is a renewal, not a request for a new campus.
    """
    active = active or set()
    governance: list[GovernanceChange] = []
    portage: list[PortageChange] = []
    labels: list[LabelChange] = []
    new_campuses: list[str] = []
    applications: list[str] = []
    notes: list[PortageNoteChange] = []
    for code in order:
        campus = campuses.get(code)
        if campus is None:
            continue
        created = [
            ev
            for ev in campus.labels
            if ev.kind == m.LabelEventKind.creation and _in_year(ev.jo_date or ev.date, year)
        ]
        applied = [
            ev
            for ev in campus.labels
            if ev.kind == m.LabelEventKind.application and _in_year(ev.date, year)
        ]
        if created:
            new_campuses.append(code)
        elif (
            applied
            and code not in active
            and not _label_campus_existed_before(campus, year)
            and not any(ev.kind == m.LabelEventKind.creation for ev in campus.labels)
        ):
            applications.append(code)
        for ev in sorted(campus.labels, key=lambda e: e.jo_date or e.date):
            if _in_year(ev.jo_date or ev.date, year):
                labels.append(LabelChange(code, ev))
        for holder in sorted(campus.governance, key=lambda g: _key(g.start)):
            if not _in_year(holder.start, year):
                continue
            previous = _predecessor(campus.governance, holder)
            governance.append(GovernanceChange(code, holder.role, holder, previous))
        ordered = sorted(campus.portage, key=lambda p: _key(p.start))
        for i, host in enumerate(ordered):
            if _in_year(host.start, year) and i > 0:
                portage.append(PortageChange(code, host, ordered[i - 1]))
        notes += [
            PortageNoteChange(code, n) for n in campus.portage_notes if _in_year(n.date, year)
        ]
    labels.sort(key=lambda lc: (lc.when, order.index(lc.campus) if lc.campus in order else 99))
    return YearChanges(governance, portage, labels, new_campuses, applications, notes)


def _predecessor(holders: list[m.GovernanceRole], new: m.GovernanceRole) -> m.GovernanceRole | None:
    """The latest other holder of the same role who started before ``new``."""
    assert new.start is not None
    before = [
        h
        for h in holders
        if h is not new and h.role == new.role and _key(h.start) < _key(new.start)
    ]
    if not before:
        return None
    return max(before, key=lambda h: _key(h.start))


def person(holder: m.GovernanceRole) -> str:
    """``Mme Ludivine Simonin Oishi``."""
    parts = [holder.civility or "", holder.first_name or "", holder.last_name]
    return " ".join(p for p in parts if p)
