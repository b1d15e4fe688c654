"""A new year of the project: ``cmqreport new-year`` and ``export-xlsx --all``.

What does not change from one year to the next is carried forward from the previous year:
the chapters of the network, and for each campus its axes, section and annex titles, action
plan objectives, indicator names and funding history. Campus identities and governance need
nothing: their dated histories in ``campuses/`` hold every year. Nothing that exists is
overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from cmqreport import model as m
from cmqreport.errors import UsageError
from cmqreport.load.layout import (
    WORKBOOK_SUFFIX,
    YAML_SUFFIXES,
    campus_year_rel,
    network_rel,
    perspectives_rel,
)
from cmqreport.load.project import Project, load_project
from cmqreport.write.atomic import write_atomic

__all__ = ["NewYear", "carried_forward", "export_all", "new_year"]


@dataclass
class NewYear:
    """What a new year wrote, and what existed already (kept unchanged)."""

    year: int
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    #: Perspectives of the previous report that wait for a follow-up.
    followups: int = 0


def new_year(project_dir: Path, year: int, *, workbooks: bool = False) -> NewYear:
    """Write ``years/YEAR/``: network.yaml (chapters and a follow-up entry to fill for each
    perspective of the previous report), perspectives.yaml, and one campus-year per campus
    (a workbook each under ``workbooks``).

    Raises :class:`UsageError` when the project has no report of the previous year.
    """
    from cmqreport.write.scaffold import skeleton_text

    project = load_project(project_dir)
    previous = project.year(year - 1)
    if previous.network is None:
        known = ", ".join(str(y) for y, d in sorted(project.years.items()) if d.network)
        raise UsageError(
            f"pas de rapport {year - 1} (years/{year - 1}/network.yaml) d'où partir "
            f"(rapports du projet : {known or 'aucun'}) ; cmqreport init en crée un."
        )
    plans = previous.perspectives.items if previous.perspectives else []
    result = NewYear(year, followups=len(plans))
    _write(project, network_rel(year), _network_text(previous.network, year, plans), result)
    values = {"year": str(year), "next": str(year + 1), "first": _first(project)}
    _write(project, perspectives_rel(year), skeleton_text("perspectives.yaml", values), result)
    export_all(project, year, workbooks=workbooks, result=result)
    return result


def export_all(
    project: Project,
    year: int,
    *,
    workbooks: bool = True,
    force: bool = False,
    result: NewYear | None = None,
) -> NewYear:
    """One file per campus for ``year`` (workbooks, or YAML): its data if it has some, else
    what the previous year carries forward. Existing files are kept unless ``force``."""
    from cmqreport.write.workbook import export_campus_year
    from cmqreport.write.yaml_out import campus_year_yaml

    out = result or NewYear(year)
    before = project.year(year - 1).perspectives
    plans = [(p.id, p.title) for p in before.items] if before else []
    for code in project.campus_order():
        campus = project.campuses[code]
        cy = project.year(year).campuses.get(code) or carried_forward(project, code, year)
        suffix = WORKBOOK_SUFFIX if workbooks else YAML_SUFFIXES[0]
        rel = campus_year_rel(year, code, suffix)
        target = project.root / rel
        others = [campus_year_rel(year, code, s) for s in (*YAML_SUFFIXES, WORKBOOK_SUFFIX)]
        if any((project.root / o).exists() for o in others) and not (force and target.exists()):
            out.kept.append(next(o for o in others if (project.root / o).exists()))
            continue
        if workbooks:
            export_campus_year(cy, code, year, target, campus_name=campus.name, perspectives=plans)
        else:
            write_atomic(target, campus_year_yaml(cy).encode("utf-8"))
        out.written.append(rel)
    return out


def carried_forward(project: Project, code: str, year: int) -> m.CampusYear:
    """The campus-year of ``code`` for ``year`` with only what the previous year carries:
    axes, titles of sections and annexes, objectives, indicator names, funding history."""
    prev = project.year(year - 1).campuses.get(code)
    if prev is None:
        return m.CampusYear(campus=code, year=year)
    return m.CampusYear(
        campus=code,
        year=year,
        title=prev.title,
        axes=prev.axes,
        sections=[_bare(s) for s in prev.sections],
        indicators=[m.Indicator(axis=i.axis, indicator=i.indicator) for i in prev.indicators],
        action_plan=[
            o.model_copy(
                update={
                    "objectives": [p.model_copy(update={"achievements": []}) for p in o.objectives]
                }
            )
            for o in prev.action_plan
        ],
        finances=prev.finances,
        finances_section=prev.finances_section,
        annexes=[
            m.Annex(
                id=a.id,
                title=a.title,
                include=a.include,
                table_id=a.table_id,
                table_caption=a.table_caption,
            )
            for a in prev.annexes
        ],
    )


def _bare(section: m.Section) -> m.Section:
    """A section's title and subsections, without its text, figures and tables."""
    return m.Section(
        id=section.id,
        title=section.title,
        unnumbered=section.unnumbered,
        sections=[_bare(s) for s in section.sections],
    )


def _network_text(prev: m.NetworkYear, year: int, plans: list[m.Perspective]) -> str:
    """years/YEAR/network.yaml: the previous chapters, and the follow-ups to fill."""
    q = _q
    last = str(year - 1)
    lines = [
        f"# Le rapport d’activité {year}, préparé par cmqreport new-year d’après celui de {last}.",
        f"year: {year}",
        f"title: {q(prev.title.replace(last, str(year)))}",
    ]
    if prev.subtitle:
        lines.append(f"subtitle: {q(prev.subtitle.replace(last, str(year)))}")
    lines += [
        f"summary: {q(f'Résumé du rapport d’activité {year}, à rédiger.')}",
        f"presentation: {q(f'Ce document présente le rapport d’activité {year}.')}",
        "chapters:",
    ]
    for ch in prev.chapters:
        lines += [f"  - id: {ch.id}", f"    kind: {ch.kind.value}", f"    title: {q(ch.title)}"]
    statuses = ", ".join(s.value for s in m.Status)
    lines += [
        f"# Suivi des perspectives du rapport {last} : sans entrée, le bilan (section",
        "# « Perspectives ») vient des actions qui y répondent (answers: [id]). Pour dire",
        "# vous-même ce qu’il en est, remplacez « [] » par les entrées décommentées, chacune",
        f"# avec son statut : {statuses}.",
        "followup: []",
    ]
    for p in plans:
        lines += [
            f"  # - perspective: {p.id}  # {p.title}",
            "  #   status: en cours",
            '  #   comment: ""',
        ]
    return "\n".join(lines) + "\n"


def _first(project: Project) -> str:
    order = project.campus_order()
    return order[0] if order else "CODE"


def _q(text: str) -> str:
    """``text`` as a YAML scalar that reads back as itself (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _write(project: Project, rel: str, text: str, result: NewYear) -> None:
    target = project.root / rel
    if target.exists():
        result.kept.append(rel)
        return
    write_atomic(target, text.encode("utf-8"))
    result.written.append(rel)
