"""The result of ``diff-perspectives``: last year's plans, what became of them, the counts.

Plain frozen records with their documented JSON form (``schema_version`` 1); they are
computed by :mod:`cmqreport.analyse.perspectives`, printed by :mod:`cmqreport.cli.diff` and
rendered in section 4.1 of the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cmqreport.model import Status

__all__ = [
    "JSON_SCHEMA_VERSION",
    "NO_FOLLOWUP",
    "STATUSES",
    "DiffItem",
    "Evidence",
    "PerspectiveDiff",
    "Suggestion",
    "Summary",
    "Tally",
]

#: Version of the JSON document printed by ``diff-perspectives --format json``.
JSON_SCHEMA_VERSION = 1
#: Status of a perspective that neither a follow-up entry nor an action answers.
NO_FOLLOWUP = "sans suivi"
#: Every status, in the order reports list them.
STATUSES: tuple[str, ...] = (*(s.value for s in Status), NO_FOLLOWUP)


@dataclass(frozen=True)
class Evidence:
    """An action of year N: evidence for a perspective, or an unplanned achievement."""

    campus: str
    action: str
    title: str

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON form: ``{"campus", "action", "title"}``."""
        return {"campus": self.campus, "action": self.action, "title": self.title}


@dataclass(frozen=True)
class Suggestion:
    """An action whose text resembles a perspective that has no follow-up."""

    campus: str
    action: str
    title: str
    score: float

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON form: ``{"campus", "action", "title", "score"}``."""
        return {
            "campus": self.campus,
            "action": self.action,
            "title": self.title,
            "score": self.score,
        }


@dataclass(frozen=True)
class DiffItem:
    """One perspective of N-1 with what became of it in N."""

    id: str
    title: str
    theme: str
    campuses: tuple[str, ...]
    text: str
    status: str
    comment: str
    evidence: tuple[Evidence, ...]
    suggestions: tuple[Suggestion, ...]

    @property
    def followed_up(self) -> bool:
        """True when something (an entry or an action) answers the perspective."""
        return self.status != NO_FOLLOWUP

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON form (the text is left out: it is last year's, not this year's)."""
        return {
            "id": self.id,
            "title": self.title,
            "theme": self.theme,
            "campuses": list(self.campuses),
            "status": self.status,
            "comment": self.comment,
            "evidence": [e.to_json_dict() for e in self.evidence],
            "suggestions": [s.to_json_dict() for s in self.suggestions],
        }


@dataclass(frozen=True)
class Tally:
    """Counts of a group of perspectives: all of them, one theme or one campus.

    ``key`` is the theme or the campus code (``None``: the whole set, or, per campus, the
    network-wide perspectives).
    """

    key: str | None
    total: int
    by_status: tuple[tuple[str, int], ...]
    completion_rate: float | None

    def count(self, status: str) -> int:
        """How many perspectives of the group have ``status``."""
        return dict(self.by_status).get(status, 0)

    @property
    def with_followup(self) -> int:
        """How many perspectives of the group have a follow-up."""
        return self.total - self.count(NO_FOLLOWUP)

    def to_json_dict(self, key_name: str | None = None) -> dict[str, Any]:
        """The JSON form; ``key_name`` (``theme``, ``campus``) names the key first."""
        out: dict[str, Any] = {key_name: self.key} if key_name else {}
        out.update(
            total=self.total,
            with_followup=self.with_followup,
            without_followup=self.count(NO_FOLLOWUP),
            by_status=dict(self.by_status),
            completion_rate=self.completion_rate,
        )
        return out


@dataclass(frozen=True)
class Summary:
    """Counts and completion rates: overall, per theme and per campus."""

    overall: Tally
    by_theme: tuple[Tally, ...]
    by_campus: tuple[Tally, ...]
    unplanned: int

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON form: the overall tally, ``by_theme``, ``by_campus``, ``unplanned``."""
        out = self.overall.to_json_dict()
        out["unplanned"] = self.unplanned
        out["by_theme"] = [t.to_json_dict("theme") for t in self.by_theme]
        out["by_campus"] = [t.to_json_dict("campus") for t in self.by_campus]
        return out


@dataclass(frozen=True)
class PerspectiveDiff:
    """What the report of ``planned_in`` planned against what ``year`` achieved.

    ``planned_in`` is ``None`` when there is no previous report (then ``items`` is empty
    and ``message`` says so). ``message`` is also set, as a note, when year N has no data
    yet: every perspective is then « sans suivi ».
    """

    year: int
    planned_in: int | None
    items: tuple[DiffItem, ...]
    unplanned: tuple[Evidence, ...]
    summary: Summary
    message: str | None = None
    has_year_data: bool = True

    @property
    def missing(self) -> tuple[DiffItem, ...]:
        """The perspectives without follow-up."""
        return tuple(i for i in self.items if not i.followed_up)

    def to_json_dict(self) -> dict[str, Any]:
        """The documented JSON document (``schema_version`` 1).

        ``{"schema_version", "year", "planned_in", "items": [{"id", "title", "theme",
        "campuses", "status", "comment", "evidence": [{"campus", "action", "title"}],
        "suggestions": [{"campus", "action", "title", "score"}]}], "unplanned": [{"campus",
        "action", "title"}], "summary": {"total", "with_followup", "without_followup",
        "by_status", "completion_rate", "unplanned", "by_theme": [{"theme", ...}],
        "by_campus": [{"campus", ...}]}}``
        """
        return {
            "schema_version": JSON_SCHEMA_VERSION,
            "year": self.year,
            "planned_in": self.planned_in,
            "items": [i.to_json_dict() for i in self.items],
            "unplanned": [u.to_json_dict() for u in self.unplanned],
            "summary": self.summary.to_json_dict(),
        }
