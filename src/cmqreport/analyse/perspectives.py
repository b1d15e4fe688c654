"""Last year's plans against this year's achievements (``diff-perspectives``, section 4.1).

Pure computation: no printing, no Rich, no Typer, so that the report renderer can call
:func:`compute_diff` as well as the CLI (:mod:`cmqreport.cli.diff`).

The perspectives of year N are those of ``years/N-1/perspectives.yaml`` (what the report
of N-1 planned for N). Their follow-up in year N comes from two sources:

* explicit entries of ``years/N/network.yaml`` ``followup: [{perspective, status, comment}]``;
* actions of ``years/N/CODE.yaml`` whose ``answers`` name the perspective (the *evidence*).

Rules (documented for users of the report and of the JSON output):

* **Status.** An explicit follow-up gives the status and the comment (the first entry wins
  when a perspective is followed up twice; ``cmqreport validate`` reports the duplicate).
  Without one, a perspective that actions answer is « en cours »: something was done, but
  nobody said the plan was achieved. With neither, the status is « sans suivi ».
  The statuses of the answering actions are not used: an action may be finished while the
  plan it serves is not.
* **Completion rate.** réalisé counts 1, partiellement réalisé 0.5, every other status
  (including « sans suivi ») 0; the rate is the mean over the perspectives, between 0 and 1
  (``None`` when there are none).
* **Per campus.** A perspective counts once for each campus it names; a perspective naming
  no campus is network-wide and counts under ``campus = None`` (« Réseau »).
* **New campuses.** A perspective naming a campus is also answered by that campus's
  creation published in year N, or by its application filed in year N when the campus has
  no activity data yet (``campuses/CODE.yaml`` label history): « a new CMQ » is answered
  by its label, not by an action. Its ``action`` is ``label-creation`` or
  ``label-application``. Renewals of existing campuses are not evidence.
* **Unplanned.** Actions of year N with an empty ``answers`` are achievements that no
  perspective foresaw. Actions naming only unknown perspectives are neither evidence nor
  unplanned: ``cmqreport validate`` reports them (CMQ-V023).
* **Suggestions.** For a perspective without follow-up, the actions of year N whose text
  is most similar (rapidfuzz ``token_set_ratio`` on title + text, lowercased, punctuation
  and French function words removed): at most :data:`MAX_SUGGESTIONS`, scoring at least
  :data:`SUGGESTION_CUTOFF`, best first; equal scores list the perspective's own campuses
  first, then campus presentation order and file order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cmqreport.analyse.diff_model import (
    JSON_SCHEMA_VERSION,
    NO_FOLLOWUP,
    STATUSES,
    DiffItem,
    Evidence,
    PerspectiveDiff,
    Suggestion,
    Summary,
    Tally,
)
from cmqreport.errors import DataError
from cmqreport.load.layout import FileKind, classify
from cmqreport.model import Status

if TYPE_CHECKING:
    from cmqreport.load.project import Project
    from cmqreport.model import Action, CampusYear, FollowUp, Perspective

__all__ = [
    "JSON_SCHEMA_VERSION",
    "MAX_SUGGESTIONS",
    "NO_FOLLOWUP",
    "STATUSES",
    "SUGGESTION_CUTOFF",
    "DiffItem",
    "Evidence",
    "PerspectiveDiff",
    "Suggestion",
    "Summary",
    "Tally",
    "compute_diff",
    "latest_year",
]

#: How many actions are suggested for a perspective without follow-up.
MAX_SUGGESTIONS = 3
#: Lowest similarity (0-100) for an action to be suggested.
SUGGESTION_CUTOFF = 55.0

#: Weight of each status in the completion rate.
_WEIGHTS = {Status.done.value: 1.0, Status.partial.value: 0.5}

# Function words, and words every action of a CMQ report uses, carry no meaning here but
# would make every text look alike.
# fmt: off
_STOPWORDS = frozenset((
    "a", "à", "au", "aux", "avec", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du",
    "en", "et", "est", "il", "ils", "l", "la", "le", "les", "leur", "leurs", "mais", "ne", "ni",
    "nos", "notre", "nous", "on", "ou", "où", "par", "pas", "pour", "qu", "que", "qui", "s", "sa",
    "se", "ses", "son", "sont", "sur", "ta", "te", "tes", "ton", "un", "une", "vers", "vos",
    "votre", "vous", "y", "afin", "ainsi", "autour", "auprès", "été", "être", "fait", "plus",
    "très", "cmq", "campus", "entre", "dont", "cadre", "notamment", "lors", "tout", "tous",
    "toute", "toutes", "comme", "ont", "aussi", "bien", "sans", "sous", "également",
))
# fmt: on
_WORD = re.compile(r"[^\W_]+")


# --------------------------------------------------------------------------- computation


def latest_year(project: Project) -> int | None:
    """The default year of ``diff-perspectives``: the latest year with achievements.

    A year has achievements when it holds ``network.yaml`` or a campus file; a year holding
    only ``perspectives.yaml`` plans the next one and is not chosen. Without any such year,
    the latest year folder holding a file, else ``None``.
    """
    with_data = [y for y, d in project.years.items() if d.network or d.campuses]
    if with_data:
        return max(with_data)
    any_data = [y for y, d in project.years.items() if d.perspectives]
    any_data += [y for y in project.years if _year_files(project, y)]
    return max(any_data) if any_data else None


def compute_diff(project: Project, year: int) -> PerspectiveDiff:
    """Compare the perspectives of ``years/{year-1}`` with the follow-up of ``year``.

    Raises :class:`~cmqreport.errors.DataError` when a file needed for the comparison
    exists but could not be loaded (the diagnostics say why: ``cmqreport validate``).
    """
    _check_loaded(project, year)
    previous = project.year(year - 1).perspectives
    data = project.year(year)
    campuses = _ordered_campus_years(project, data.campuses.values())
    actions = [(cy.campus, a) for cy in campuses for a in cy.actions]
    if previous is None:
        empty = _summary([], 0)
        return PerspectiveDiff(
            year=year,
            planned_in=None,
            items=(),
            unplanned=(),
            summary=empty,
            message=f"{year} : aucun rapport précédent (years/{year - 1}/perspectives.yaml "
            "absent).",
            has_year_data=bool(data.network or data.campuses),
        )

    perspectives = _unique(previous.items)
    known = {p.id for p in perspectives}
    followups = _followups(data.network.followup if data.network else [])
    evidence: dict[str, list[Evidence]] = {pid: [] for pid in known}
    unplanned: list[Evidence] = []
    for campus, action in actions:
        record = Evidence(campus, action.id, action.title)
        if not action.answers:
            unplanned.append(record)
        for pid in dict.fromkeys(action.answers):  # an id named twice is one piece of evidence
            if pid in evidence:
                evidence[pid].append(record)

    for p in perspectives:
        evidence[p.id].extend(_label_evidence(project, p, year))
    items = [_item(p, followups.get(p.id), evidence[p.id], actions) for p in perspectives]
    has_data = bool(data.network or data.campuses)
    note = None
    if not has_data:
        note = (
            f"aucune donnée pour {year} (years/{year}/ vide ou absent) : toutes les "
            "perspectives sont sans suivi."
        )
    return PerspectiveDiff(
        year=year,
        planned_in=previous.planned_in,
        items=tuple(items),
        unplanned=tuple(unplanned),
        summary=_summary(items, len(unplanned), _campus_rank(project)),
        message=note,
        has_year_data=has_data,
    )


_LABEL_TITLES = {
    "application": "Dépôt du dossier de demande de labellisation",
    "creation": "Labellisation du CMQ (publication au Journal Officiel)",
}


def _label_evidence(project: Project, p: Perspective, year: int) -> list[Evidence]:
    """Label events of ``year`` of the campuses the perspective names."""
    out: list[Evidence] = []
    active = {code for y, data in project.years.items() if y <= year for code in data.campuses}
    for code in p.campuses:
        campus = project.campuses.get(code)
        if campus is None:
            continue
        for event in campus.labels:
            when = event.jo_date or event.date
            kind = event.kind.value
            new_campus = kind == "creation" or (kind == "application" and code not in active)
            if when.year == year and new_campus:
                out.append(Evidence(code, f"label-{kind}", _LABEL_TITLES[kind]))
    return out


def _item(
    p: Perspective,
    followup: FollowUp | None,
    evidence: list[Evidence],
    actions: Sequence[tuple[str, Action]],
) -> DiffItem:
    if followup is not None:
        status, comment = followup.status.value, followup.comment.strip()
    elif evidence:
        status, comment = Status.ongoing.value, ""
    else:
        status, comment = NO_FOLLOWUP, ""
    suggestions = _suggest(p, actions) if status == NO_FOLLOWUP else ()
    return DiffItem(
        id=p.id,
        title=p.title,
        theme=p.theme,
        campuses=tuple(p.campuses),
        text=p.text,
        status=status,
        comment=comment,
        evidence=tuple(evidence),
        suggestions=suggestions,
    )


def _unique(items: Iterable[Perspective]) -> list[Perspective]:
    """Perspectives in file order; a duplicated id keeps its first definition."""
    seen: dict[str, Perspective] = {}
    for p in items:
        seen.setdefault(p.id, p)
    return list(seen.values())


def _followups(entries: Iterable[FollowUp]) -> dict[str, FollowUp]:
    out: dict[str, FollowUp] = {}
    for fu in entries:
        out.setdefault(fu.perspective, fu)
    return out


def _campus_rank(project: Project) -> dict[str, int]:
    return {code: i for i, code in enumerate(project.campus_order())}


def _ordered_campus_years(project: Project, years: Iterable[CampusYear]) -> list[CampusYear]:
    """Campus years in the project's presentation order (unknown campuses last, sorted)."""
    rank = _campus_rank(project)
    return sorted(years, key=lambda cy: (rank.get(cy.campus, len(rank)), cy.campus))


# --------------------------------------------------------------------------- suggestions


def _words(text: str) -> str:
    """Lowercased words of ``text`` without punctuation, Markdown or function words."""
    text = text.lower().replace("’", "'")
    return " ".join(w for w in _WORD.findall(text) if w not in _STOPWORDS)


def _suggest(p: Perspective, actions: Sequence[tuple[str, Action]]) -> tuple[Suggestion, ...]:
    from rapidfuzz import fuzz

    wanted = _words(f"{p.title} {p.text}")
    if not wanted:
        return ()
    own = set(p.campuses)
    scored: list[tuple[float, bool, int, Suggestion]] = []
    for order, (campus, action) in enumerate(actions):
        score = round(
            float(fuzz.token_set_ratio(wanted, _words(f"{action.title} {action.text}"))), 1
        )
        if score >= SUGGESTION_CUTOFF:
            # Equal scores: the perspective's own campuses first, then presentation order.
            sug = Suggestion(campus, action.id, action.title, score)
            scored.append((-score, campus not in own, order, sug))
    scored.sort(key=lambda t: t[:3])
    return tuple(t[3] for t in scored[:MAX_SUGGESTIONS])


# --------------------------------------------------------------------------- summary


def _tally(key: str | None, items: Sequence[DiffItem]) -> Tally:
    counts = {s: 0 for s in STATUSES}
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    rate = None
    if items:
        done = sum(_WEIGHTS.get(i.status, 0.0) for i in items)
        rate = round(done / len(items), 4)
    return Tally(key, len(items), tuple(counts.items()), rate)


def _summary(
    items: Sequence[DiffItem], unplanned: int, rank: dict[str, int] | None = None
) -> Summary:
    rank = rank or {}
    themes: dict[str, list[DiffItem]] = {}
    per_campus: dict[str | None, list[DiffItem]] = {}
    for item in items:
        themes.setdefault(item.theme, []).append(item)
        for campus in item.campuses or (None,):
            per_campus.setdefault(campus, []).append(item)

    def campus_key(code: str | None) -> tuple[int, int, str]:
        # Campuses in presentation order, then unknown codes, then the network-wide group.
        if code is None:
            return (2, 0, "")
        return (0, rank[code], code) if code in rank else (1, 0, code)

    return Summary(
        overall=_tally(None, items),
        by_theme=tuple(_tally(t, group) for t, group in themes.items()),
        by_campus=tuple(_tally(c, per_campus[c]) for c in sorted(per_campus, key=campus_key)),
        unplanned=unplanned,
    )


# --------------------------------------------------------------------------- data errors


def _year_files(project: Project, year: int) -> list[tuple[str, FileKind]]:
    """The files read from the folder of ``year``, with their kind."""
    out: list[tuple[str, FileKind]] = []
    for rel in project.sources:
        kind = classify(rel)
        if kind is not None and kind.year == year:
            out.append((rel, kind))
    return out


def _check_loaded(project: Project, year: int) -> None:
    """Refuse to compare when a needed file exists but its data could not be loaded.

    Comparing without it would report perspectives « sans suivi » that are followed up.
    """
    broken = [
        rel
        for rel, kind in _year_files(project, year - 1)
        if kind.kind == "perspectives" and project.year(year - 1).perspectives is None
    ]
    data = project.year(year)
    for rel, kind in _year_files(project, year):
        if kind.kind == "perspectives":  # plans for the next year: not needed here
            continue
        if kind.kind == "network_year":
            loaded = data.network is not None
        else:
            loaded = kind.campus in data.campuses
        if not loaded:
            broken.append(rel)
    if broken:
        files = ", ".join(sorted(broken))
        raise DataError(
            f"{files} : données illisibles ou invalides ; lancez « cmqreport validate » pour "
            "voir les erreurs."
        )
