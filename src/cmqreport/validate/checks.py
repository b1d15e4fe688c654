"""Checks across files: what the model of one file cannot see alone.

Each check reads the loaded :class:`~cmqreport.load.project.Project` and returns diagnostics
placed in the file that holds the faulty value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from cmqreport import model as m
from cmqreport.diagnostics import Diagnostic, cut
from cmqreport.load.project import Project
from cmqreport.load.yamlsrc import Loaded, PathKey, dotted
from cmqreport.model.textscan import AcronymMatcher, citations, footnote_calls, references

__all__ = ["run_checks"]

#: Files whose strings are report prose (acronyms, references, citations are looked for).
_PROSE_PREFIXES = ("years/", "campuses/", "glossary.")
#: Keys whose values are identifiers or codes, not prose.
_NOT_PROSE = {
    "id",
    "campus",
    "code",
    "axis",
    "section",
    "answers",
    "file",
    "perspective",
    "status",
    "kind",
    "role",
    "civility",
    "category",
    "include",
    "table_id",
    "requested_category",
    "campuses",
    "url",
    "website",
    "type",
    "width",
    "currency",
}


def run_checks(project: Project) -> list[Diagnostic]:
    """All cross-file checks of a project."""
    out: list[Diagnostic] = []
    out += _campus_codes(project)
    out += _years(project)
    out += _prose(project)
    out += _glossary_links(project)
    return out


def _rel_year(project: Project, year: int, name: str) -> str:
    return _src_rel(project, f"years/{year}/{name}")


def _src_rel(project: Project, stem: str) -> str:
    for ext in (".yaml", ".yml", ".xlsx"):
        if stem + ext in project.sources:
            return stem + ext
    return stem + ".yaml"


# --------------------------------------------------------------------------- campus codes


def _campus_codes(project: Project) -> Iterator[Diagnostic]:
    known = project.known_campuses()
    hint = "Codes connus : " + ", ".join(sorted(known)) + "." if known else None
    if project.config:
        for i, code in enumerate(project.config.campus_order):
            if code not in known:
                yield Diagnostic(
                    "CMQ-V020",
                    f"campus « {code} » inconnu.",
                    project.place("cmqreport.yaml", ("campus_order", i)),
                    hint=hint,
                    path=f"campus_order[{i}]",
                    value=code,
                )
    for year, data in sorted(project.years.items()):
        for code in data.campuses:
            if code not in known:
                rel = _rel_year(project, year, code)
                yield Diagnostic(
                    "CMQ-V020",
                    f"campus « {code} » inconnu (pas de campuses/{code}.yaml).",
                    project.place(rel, ("campus",)),
                    hint=hint,
                    path="campus",
                    value=code,
                )
        if data.perspectives:
            rel = _rel_year(project, year, "perspectives")
            for i, item in enumerate(data.perspectives.items):
                for j, code in enumerate(item.campuses):
                    if code not in known:
                        yield Diagnostic(
                            "CMQ-V020",
                            f"campus « {code} » inconnu.",
                            project.place(rel, ("items", i, "campuses", j)),
                            hint=hint,
                            path=f"items[{i}].campuses[{j}]",
                            value=code,
                        )


# --------------------------------------------------------------------------- per year


def _sections(sections: list[m.Section], path: PathKey) -> Iterator[tuple[m.Section, PathKey]]:
    for i, sec in enumerate(sections):
        p = (*path, i)
        yield sec, p
        yield from _sections(sec.sections, (*p, "sections"))


def year_targets(project: Project, year: int) -> dict[str, set[str]]:
    """Ids that ``[[kind:id]]`` may point to in the report of ``year``."""
    data = project.year(year)
    targets: dict[str, set[str]] = {
        "fig": set(),
        "tab": set(),
        "annexe": set(),
        "sec": set(),
        "chap": set(),
    }
    if data.network:
        for ch in data.network.chapters:
            targets["chap"].add(ch.id)
            for sec, _ in _sections(ch.sections, ()):
                targets["sec"].add(sec.id)
                targets["fig"].update(f.id for f in sec.figures)
                targets["tab"].update(t.id for t in sec.tables)
    for cy in data.campuses.values():
        targets["sec"].add(f"campus-{cy.campus.lower()}")
        targets["fig"].update(f.id for f in cy.figures)
        targets["tab"].update(t.id for t in cy.tables)
        for sec, _ in _sections(cy.sections, ()):
            targets["sec"].add(sec.id)
            targets["fig"].update(f.id for f in sec.figures)
            targets["tab"].update(t.id for t in sec.tables)
        if cy.finances:
            targets["fig"].add(cy.finances.id)
        for an in cy.annexes:
            targets["annexe"].add(an.id)
            targets["fig"].update(f.id for f in an.figures)
            targets["tab"].update(t.id for t in an.tables)
            if an.table_id:
                targets["tab"].add(an.table_id)
    return targets


def _years(project: Project) -> Iterator[Diagnostic]:
    for year, data in sorted(project.years.items()):
        yield from _duplicate_ids(project, year)
        previous = project.year(year - 1).perspectives
        planned = {p.id for p in previous.items} if previous else set()
        # unreadable perspectives of last year: which ids exist is unknown
        known_plans = not project.has_failed("perspectives", year=year - 1)
        for code, cy in sorted(data.campuses.items()):
            rel = _rel_year(project, year, code)
            yield from _campus_year(project, rel, cy, planned if known_plans else None, year)
        if data.network:
            rel = _rel_year(project, year, "network")
            for i, fu in enumerate(data.network.followup):
                if known_plans and fu.perspective not in planned:
                    yield Diagnostic(
                        "CMQ-V036",
                        f"la perspective « {fu.perspective} » n'est pas dans "
                        f"years/{year - 1}/perspectives.yaml.",
                        project.place(rel, ("followup", i, "perspective")),
                        hint=_near(fu.perspective, planned),
                        path=f"followup[{i}].perspective",
                        value=fu.perspective,
                    )
        if data.perspectives:
            rel = _rel_year(project, year, "perspectives")
            if data.perspectives.for_year <= year:
                yield Diagnostic(
                    "CMQ-V006",
                    "for_year doit suivre planned_in.",
                    project.place(rel, ("for_year",)),
                    path="for_year",
                    hint=f"Écrivez for_year: {year + 1}.",
                )
    for code, campus in sorted(project.campuses.items()):
        rel = _src_rel(project, f"campuses/{code}")
        periods: list[tuple[str, Sequence[m.GovernanceRole | m.Portage], str]] = [
            ("governance", campus.governance, "la fin du mandat précède son début."),
            ("portage", campus.portage, "la fin du portage précède son début."),
        ]
        for key, items, message in periods:
            for i, item in enumerate(items):
                if item.start and item.end and item.end < item.start:
                    yield Diagnostic(
                        "CMQ-V035",
                        message,
                        project.place(rel, (key, i, "end")),
                        path=f"{key}[{i}].end",
                        value=str(item.end),
                    )


def _near(word: str, choices: set[str]) -> str | None:
    from cmqreport.load.project import suggest

    near = suggest(word, sorted(choices))
    return f"Vouliez-vous dire « {near} » ?" if near else None


def _duplicate_ids(project: Project, year: int) -> Iterator[Diagnostic]:
    """Section, figure, table and annex ids are anchors of one document: unique per year."""
    data = project.year(year)
    seen: dict[str, str] = {}

    def visit(rel: str, ident: str, path: PathKey) -> Iterator[Diagnostic]:
        place = project.place(rel, path)
        where = str(place) if place.sheet else f"{rel}:{place.line}"
        if ident in seen:
            yield Diagnostic(
                "CMQ-V021",
                f"l'identifiant « {ident} » est déjà utilisé ({seen[ident]}).",
                place,
                path=dotted(path),
                value=ident,
                hint="Choisissez un identifiant unique dans l'année.",
            )
        else:
            seen[ident] = where

    def blocks(rel: str, sections: list[m.Section], base: PathKey) -> Iterator[Diagnostic]:
        for sec, p in _sections(sections, base):
            yield from visit(rel, sec.id, (*p, "id"))
            for k, fig in enumerate(sec.figures):
                yield from visit(rel, fig.id, (*p, "figures", k, "id"))
            for k, tab in enumerate(sec.tables):
                yield from visit(rel, tab.id, (*p, "tables", k, "id"))

    if data.network:
        rel = _rel_year(project, year, "network")
        for i, ch in enumerate(data.network.chapters):
            yield from visit(rel, ch.id, ("chapters", i, "id"))
            yield from blocks(rel, ch.sections, ("chapters", i, "sections"))
    for code, cy in sorted(data.campuses.items()):
        rel = _rel_year(project, year, code)
        for k, fig in enumerate(cy.figures):
            yield from visit(rel, fig.id, ("figures", k, "id"))
        for k, tab in enumerate(cy.tables):
            yield from visit(rel, tab.id, ("tables", k, "id"))
        yield from blocks(rel, cy.sections, ("sections",))
        if cy.finances:
            yield from visit(rel, cy.finances.id, ("finances", "id"))
        for i, an in enumerate(cy.annexes):
            yield from visit(rel, an.id, ("annexes", i, "id"))
            for k, fig in enumerate(an.figures):
                yield from visit(rel, fig.id, ("annexes", i, "figures", k, "id"))
            for k, tab in enumerate(an.tables):
                yield from visit(rel, tab.id, ("annexes", i, "tables", k, "id"))
            if an.table_id:
                yield from visit(rel, an.table_id, ("annexes", i, "table_id"))
        yield from _repeated(project, rel, "actions", [a.id for a in cy.actions], "l'action")
    if data.perspectives:
        rel = _rel_year(project, year, "perspectives")
        ids = [item.id for item in data.perspectives.items]
        yield from _repeated(project, rel, "items", ids, "la perspective")


def _repeated(
    project: Project, rel: str, key: str, ids: list[str], what: str
) -> Iterator[Diagnostic]:
    """Ids defined twice in one list of a file (actions, perspectives)."""
    first: dict[str, int] = {}
    for i, ident in enumerate(ids):
        if ident in first:
            yield Diagnostic(
                "CMQ-V021",
                f"{what} « {ident} » est déjà définie ({key}[{first[ident]}]).",
                project.place(rel, (key, i, "id")),
                path=f"{key}[{i}].id",
                value=ident,
            )
        first.setdefault(ident, i)


def _campus_year(
    project: Project, rel: str, cy: m.CampusYear, planned: set[str] | None, year: int
) -> Iterator[Diagnostic]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    axes = {a.id for a in cy.axes}
    sections = {s.id for s, _ in _sections(cy.sections, ())}
    for i, act in enumerate(cy.actions):
        base: PathKey = ("actions", i)
        if act.start and act.end and act.end < act.start:
            yield Diagnostic(
                "CMQ-V035",
                "la date de fin précède la date de début.",
                project.place(rel, (*base, "end")),
                path=f"actions[{i}].end",
                value=str(act.end),
            )
        for key in ("start", "end"):
            when: dt.date | None = getattr(act, key)
            if when is None:
                continue
            outside = (key == "start" and when > last) or (key == "end" and when < first)
            one_day = act.start is None or act.end is None
            if outside or (one_day and not first <= when <= last):
                yield Diagnostic(
                    "CMQ-V022",
                    f"{when.isoformat()} est hors de l'année {year}.",
                    project.place(rel, (*base, key)),
                    path=f"actions[{i}].{key}",
                    value=when.isoformat(),
                    hint=f"Une action de years/{year} se déroule au moins en partie en {year}.",
                )
        if act.axis and act.axis not in axes:
            yield Diagnostic(
                "CMQ-V032",
                f"axe « {act.axis} » inconnu.",
                project.place(rel, (*base, "axis")),
                path=f"actions[{i}].axis",
                value=act.axis,
                hint=_near(act.axis, axes) or "Déclarez-le dans axes:.",
            )
        if act.section and act.section not in sections:
            yield Diagnostic(
                "CMQ-V032",
                f"section « {act.section} » inconnue.",
                project.place(rel, (*base, "section")),
                path=f"actions[{i}].section",
                value=act.section,
                hint=_near(act.section, sections),
            )
        for j, pid in enumerate(act.answers):
            if planned is not None and pid not in planned:
                yield Diagnostic(
                    "CMQ-V023",
                    f"la perspective « {pid} » n'existe pas dans "
                    f"years/{year - 1}/perspectives.yaml.",
                    project.place(rel, (*base, "answers", j)),
                    path=f"actions[{i}].answers[{j}]",
                    value=pid,
                    hint=_near(pid, planned),
                )
    if cy.finances_section and cy.finances_section not in sections:
        yield Diagnostic(
            "CMQ-V032",
            f"section « {cy.finances_section} » inconnue.",
            project.place(rel, ("finances_section",)),
            path="finances_section",
            value=cy.finances_section,
            hint=_near(cy.finances_section, sections),
        )


# --------------------------------------------------------------------------- prose


def _strings(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every prose string of a file's raw data with its path."""
    stack: list[tuple[PathKey, Any]] = [(path, data)]
    while stack:
        p, value = stack.pop()
        if isinstance(value, str):
            key_is_prose = not p or not isinstance(p[-1], str) or p[-1] not in _NOT_PROSE
            parent_is_prose = len(p) < 2 or not (isinstance(p[-2], str) and p[-2] in _NOT_PROSE)
            if key_is_prose and parent_is_prose:
                yield p, value
        elif isinstance(value, dict):
            for k in reversed(list(value)):
                stack.append(((*p, k), value[k]))
        elif isinstance(value, list):
            for i in reversed(range(len(value))):
                stack.append(((*p, i), value[i]))


def _year_of(rel: str) -> int | None:
    parts = rel.split("/")
    if len(parts) == 3 and parts[0] == "years" and parts[1].isdigit():
        return int(parts[1])
    return None


def _prose(project: Project) -> Iterator[Diagnostic]:
    cfg = project.config
    ignore = cfg.acronym_ignore if cfg else _raw_ignore(project)
    matcher = AcronymMatcher(project.acronyms, ignore or ())
    refs = {r.id for r in project.references}
    # what an unreadable file would have defined is unknown: no errors about it
    check_acronyms = ignore is not None and not project.has_failed("acronyms")
    check_refs = not project.has_failed("references")
    # a data file that could not be read at all (a workbook beside its YAML, a .xls) may use
    # any acronym: none is reported unused
    all_prose_read = not any(
        rel.startswith(_PROSE_PREFIXES) and rel not in project.sources for rel in project.failed
    )
    used: set[str] = set()
    targets_cache: dict[int, dict[str, set[str]]] = {}
    for rel, src in sorted(project.sources.items()):
        if not rel.startswith(_PROSE_PREFIXES):
            continue
        if not src.ok:
            all_prose_read = False
            continue
        year = _year_of(rel)
        notes = src.data.get("footnotes") if isinstance(src.data, dict) else None
        footdefs = {k for k in notes if isinstance(k, str)} if isinstance(notes, dict) else set()
        called: set[str] = set()
        for path, text in _strings(src.data):
            for hit in matcher.find(text):
                used.add(hit.acronym)
            for word, offset in matcher.undefined(text) if check_acronyms else ():
                yield Diagnostic(
                    "CMQ-V026",
                    f"sigle « {word} » utilisé mais non défini.",
                    src.text_place(path, offset),
                    path=dotted(path),
                    value=word,
                    hint=f"Ajoutez « {word}: développement » à acronyms.yaml, ou « {word} » à "
                    "acronym_ignore dans cmqreport.yaml si ce n'est pas un sigle.",
                )
            for key, offset in citations(text):
                if check_refs and key not in refs:
                    yield Diagnostic(
                        "CMQ-V025",
                        f"la référence « {key} » n'existe pas.",
                        src.text_place(path, offset),
                        path=dotted(path),
                        value=key,
                        hint=_near(key, refs) or "Ajoutez-la à references.yaml.",
                    )
            for note, offset in footnote_calls(text):
                called.add(note)
                if note not in footdefs:
                    yield Diagnostic(
                        "CMQ-V030",
                        f"la note « {note} » n'est pas définie.",
                        src.text_place(path, offset),
                        path=dotted(path),
                        value=note,
                        hint="Ajoutez-la sous footnotes: dans ce fichier.",
                    )
            if year is not None and not project.has_failed(year=year):
                if year not in targets_cache:
                    targets_cache[year] = year_targets(project, year)
                targets = targets_cache[year]
                for kind, ident, offset in references(text):
                    if ident not in targets[kind]:
                        yield Diagnostic(
                            "CMQ-V024",
                            f"renvoi [[{kind}:{ident}]] : rien ne porte cet identifiant.",
                            src.text_place(path, offset),
                            path=dotted(path),
                            value=ident,
                            hint=_near(ident, targets[kind]),
                        )
        for note in sorted(footdefs - called):
            yield Diagnostic(
                "CMQ-V031",
                f"la note « {note} » n'est jamais appelée.",
                src.place(("footnotes", note), key=True),
                path=f"footnotes.{note}",
                hint=f"Appelez-la par [^{note}] ou supprimez-la.",
            )
        yield from _figure_files(project, rel, src)
    acr_rel = _src_rel(project, "acronyms")
    for acronym in sorted(set(project.acronyms) - used) if all_prose_read else ():
        yield Diagnostic(
            "CMQ-V027",
            f"le sigle « {acronym} » n'est utilisé nulle part.",
            project.place(acr_rel, ("acronyms", acronym), key=True),
            path=f"acronyms.{acronym}",
            hint="Supprimez-le ou utilisez-le.",
        )


def _raw_ignore(project: Project) -> list[str] | None:
    """``acronym_ignore`` of a cmqreport.yaml that failed the model; None if unreadable."""
    src = project.sources.get("cmqreport.yaml")
    if src is None or not src.ok or not isinstance(src.data, dict):
        return None
    words = src.data.get("acronym_ignore") or []
    return [w for w in words if isinstance(w, str)] if isinstance(words, list) else None


def _figure_files(project: Project, rel: str, src: Loaded) -> Iterator[Diagnostic]:
    root = project.root.resolve()
    for path, text in _all_values(src.data):
        if not path or path[-1] != "file" or not isinstance(text, str):
            continue
        try:
            target = (project.root / text).resolve()
            outside = Path(text).is_absolute() or not target.is_relative_to(root)
            exists = not outside and target.is_file()
        except (OSError, ValueError):  # a NUL byte, a name too long for the system
            outside, exists = False, False
        if outside:
            yield Diagnostic(
                "CMQ-V033",
                f"« {cut(text)} » sort du projet.",
                src.place(path),
                path=dotted(path),
                value=cut(text),
                hint="Placez l'image dans assets/ et écrivez assets/nom.png.",
            )
        elif not exists:
            yield Diagnostic(
                "CMQ-V034",
                f"« {cut(text)} » n'existe pas.",
                src.place(path),
                path=dotted(path),
                value=cut(text),
                hint="Vérifiez le nom, ou retirez file: pour un cadre vide.",
            )


def _all_values(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield (*path, k), v
            yield from _all_values(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _all_values(v, (*path, i))


def _glossary_links(project: Project) -> Iterator[Diagnostic]:
    terms = {t.term for t in project.glossary}
    rel = _src_rel(project, "acronyms")
    for acronym, entry in project.acronyms.items():
        if entry.glossary and entry.glossary not in terms:
            yield Diagnostic(
                "CMQ-V038",
                f"le terme « {entry.glossary} » n'est pas dans le glossaire.",
                project.place(rel, ("acronyms", acronym, "glossary")),
                path=f"acronyms.{acronym}.glossary",
                value=entry.glossary,
                hint=_near(entry.glossary, terms),
            )
